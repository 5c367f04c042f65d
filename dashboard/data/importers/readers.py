"""Read CSV, XLSX and GPX files into a raw table: header labels as written, cells, row numbers.

Nothing here knows what a cell means; ``validate.py`` does. What readers do know is where the
header is: spreadsheets exported in Vietnam often carry a title ("BÁO CÁO ...", a date, a
unit) above the header and two-row headers with merged group cells, so the header is the row
(or pair of rows) that names the most known columns, among the first rows of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.data.importers.formats import label_key
from dashboard.data.importers.problems import Message, Problem, ReadError, file_problem

Cell = str | int | float | dt.datetime | dt.date | None

# Rows searched for the header; title blocks are a few rows, never dozens.
HEADER_SEARCH_ROWS = 30
CSV_DELIMITERS = (",", ";", "\t")
_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_MAX_SHARED = 50_000
# Bounds of what a file may make the server hold or scan, whatever its size on disk: a small
# XLSX can unpack to gigabytes (a zip bomb), a small CSV can declare 100,000 columns.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # an XLSX's parts, uncompressed, all together
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 512  # under the header; the widest real form has a few dozen
MAX_CELLS = 16 * 1024 * 1024  # kept (rows x header columns): ~130 MB of references at most
MAX_SCANNED_CELLS = 4 * MAX_CELLS  # read, counting cells beyond the header
_BATCH_ROWS = 10_000
_SNIFF_CHARS = 256 * 1024


@dataclass
class RawTable:
    """A table as read: one list of cells per header column, and the row number of each row.

    Attributes:
        file_name: The file name as given by the user.
        file_type: "csv", "xlsx" or "gpx".
        header_row: Row number (as the user sees it) of the header, its last row if two.
        headers: Column headers as written ("" for a column without one).
        columns: ``columns[i][j]`` is the cell of column ``i`` in data row ``j``.
        row_numbers: The row number of each data row as the user sees it.
        encoding: For CSV, the encoding the file was read with.
        problems: Structural problems found while reading (cells beyond the header).
    """

    file_name: str
    file_type: str
    header_row: int
    headers: list[str]
    columns: list[list[Cell]]
    row_numbers: list[int]
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.row_numbers)


def detect_type(content: bytes, file_name: str) -> str:
    """Tell "xlsx", "gpx" or "csv" from the content, with the file extension as a tie-break.

    Raises:
        ReadError: an old binary .xls file, which cannot be read.
    """
    head = content[:512].removeprefix(_UTF8_BOM).lstrip()
    if content.startswith(_ZIP_MAGIC):
        return "xlsx"
    if content.startswith(_OLE_MAGIC):
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_not_xls"),
            )
        )
    if head.startswith(b"<?xml") or head.startswith(b"<gpx") or file_name.lower().endswith(".gpx"):
        return "gpx"
    return "csv"


def read_table(content: bytes, file_name: str, header_keys: Collection[str]) -> RawTable:
    """Read a CSV or XLSX file; ``header_keys`` are the label keys of the kind's columns.

    Raises:
        ReadError: the file is not a readable CSV/XLSX, or no header row was found.
    """
    if detect_type(content, file_name) == "xlsx":
        return read_xlsx(content, file_name, header_keys)
    return read_csv(content, file_name, header_keys)


# --- CSV ----------------------------------------------------------------------------------


def decode(content: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or else Windows-1258; NFC-normalised.

    Windows-1258 writes most tone marks as combining characters after the letter ("a" +
    U+0301); NFC turns them into the precomposed letters every other source uses.

    Returns:
        The text and the name of the encoding used.

    Raises:
        ReadError: the bytes are neither.
    """
    candidates = ("utf-8-sig",) if content.startswith(_UTF8_BOM) else ("utf-8", "cp1258")
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # UTF-16 or a binary file: no decoding makes it a CSV
        return unicodedata.normalize("NFC", text), encoding
    raise ReadError(
        file_problem(
            file_name,
            Message("expect_text_encoding"),
        )
    )


def read_csv(content: bytes, file_name: str, header_keys: Collection[str]) -> RawTable:
    """Read CSV bytes: encoding, delimiter (``,`` ``;`` or tab) and header row are detected.

    Raises:
        ReadError: undecodable bytes, a malformed CSV, or no header row.
    """
    text, encoding = decode(content, file_name)
    records = _best_delimiter(text, file_name, header_keys)
    table = _table_from_rows(records, file_name, "csv", header_keys, complete_rows=True)
    table.encoding = encoding
    return table


def _csv_records(text: str, delimiter: str, file_name: str) -> Iterable[tuple[int, list[Cell]]]:
    """Yield (line number, cells) of each record; the line is where the record ends."""
    # strict: an unterminated quote (a file cut short) is an error, not a silently short field
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            yield reader.line_num, list(record)
    except csv.Error as exc:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_csv", reason=str(exc)),
                reader.line_num + 1,
            )
        ) from None


def _best_delimiter(
    text: str, file_name: str, header_keys: Collection[str]
) -> Iterable[tuple[int, list[Cell]]]:
    """Read with the delimiter under which some early row names the most known columns."""
    best, best_score = CSV_DELIMITERS[0], 0
    # The header is among the first rows: parsing a prefix spares copying a big file thrice.
    sample = text[:_SNIFF_CHARS]
    for delimiter in CSV_DELIMITERS:
        head = []
        try:
            for number, record in _csv_records(sample, delimiter, file_name):
                head.append(record)
                if number >= HEADER_SEARCH_ROWS:
                    break
        except ReadError:
            continue
        score = max((_score(row, header_keys) for row in head), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return _csv_records(text, best, file_name)


# --- XLSX ---------------------------------------------------------------------------------


def read_xlsx(content: bytes, file_name: str, header_keys: Collection[str]) -> RawTable:
    """Read the first sheet of an XLSX workbook that has a header row.

    Merged cells take the value of their top-left cell everywhere they span: a merged group
    header then labels each column below it, and a province merged down its district rows
    gives every row its province. Dates come as dates, numbers as numbers (formulas as their
    cached values).

    Raises:
        ReadError: not a readable workbook, or no sheet has a header row.
    """
    try:
        import openpyxl

        _check_unpacked_size(content, file_name)
        # Read-only mode streams each sheet's XML: memory follows the cells kept, not the
        # size of the workbook.
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except TooBig:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise ReadError(file_problem(file_name, _unreadable_xlsx(exc))) from None
    except Exception as exc:  # openpyxl raises many types on damaged XML; all mean "unreadable"
        raise ReadError(file_problem(file_name, _unreadable_xlsx(exc))) from None
    best: RawTable | None = None
    first_error: ReadError | None = None
    try:
        for index, sheet in enumerate(workbook.worksheets):
            try:
                rows = _sheet_rows(sheet, _merged_ranges(workbook, sheet))
                table = _table_from_rows(rows, file_name, "xlsx", header_keys)
            except TooBig:
                raise
            except ReadError as error:
                first_error = first_error or error
                continue
            except Exception as exc:  # damaged XML met while streaming
                raise ReadError(file_problem(file_name, _unreadable_xlsx(exc))) from None
            best = table
            best.problems.extend(_formulas_without_values(content, index, best))
            break
    finally:
        workbook.close()
    if best is None:
        raise first_error or ReadError(file_problem(file_name, Message("expect_sheet_header")))
    return best


_NO_STORED_VALUE = Message("expect_stored_value")


def _formulas_without_values(content: bytes, sheet_index: int, table: RawTable) -> list[Problem]:
    """Formula cells of the table that carry no stored result.

    Only Excel (or LibreOffice) computes formulas; a workbook written by a program, or
    saved without calculating, holds the formula alone, which reads as an empty cell. Taken
    as empty, a count would silently be missing, so each such cell is a problem. The
    formulas are read only when the workbook has some (one scan of its sheets' XML).
    """
    if not _sheet_has_formulas(content):
        return []
    import openpyxl

    formulas = openpyxl.load_workbook(io.BytesIO(content), data_only=False, read_only=True)
    try:
        sheet = formulas.worksheets[sheet_index]
        rows = set(table.row_numbers)
        position = {number: j for j, number in enumerate(table.row_numbers)}
        problems = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number not in rows:
                continue
            for i, value in enumerate(values[: len(table.columns)]):
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and (table.columns[i][position[number]] is None)
                ):
                    problems.append(
                        Problem(table.file_name, number, table.headers[i], value, _NO_STORED_VALUE)
                    )
        return problems
    finally:
        formulas.close()


def _sheet_has_formulas(content: bytes) -> bool:
    """Whether any sheet holds a formula (a ``<f>`` element in its XML)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            _FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


_FORMULA = re.compile(rb"<f[ >]")


def _unreadable_xlsx(exc: Exception) -> Message:
    return Message("expect_xlsx", reason=str(exc))


def _check_unpacked_size(content: bytes, file_name: str) -> None:
    """Refuse a workbook whose parts unpack to more than ``MAX_UNPACKED_BYTES``.

    The sizes are the archive's own; a part that claims less than it holds is cut there by
    the unzipping and then fails to parse, so the claim bounds the work either way.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_big(file_name)


class TooBig(ReadError):
    """The file exceeds the reading bounds (``MAX_*``); no other sheet is tried."""


def _too_big(file_name: str) -> TooBig:
    mb = MAX_UNPACKED_BYTES // (1024 * 1024)
    return TooBig(
        file_problem(
            file_name,
            Message(
                "expect_workbook_size", rows=MAX_ROWS, columns=MAX_COLUMNS, cells=MAX_CELLS, mb=mb
            ),
        )
    )


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')
_MERGE_CHUNK = 4 * 1024 * 1024


def _merged_ranges(workbook: Any, sheet: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range of a read-only sheet.

    Read-only sheets do not parse ``<mergeCells>``; a byte scan of the sheet's XML, a chunk
    at a time, finds them (a full XML parse of a large sheet would double the reading time).
    """
    from openpyxl.worksheet.cell_range import CellRange

    ranges: list[tuple[int, int, int, int]] = []
    tail = b""
    with workbook._archive.open(sheet._worksheet_path) as source:
        while chunk := source.read(_MERGE_CHUNK):
            text = tail + chunk
            last = 0
            for match in _MERGE.finditer(text):
                cells = CellRange(match.group(1).decode())
                ranges.append((cells.min_row, cells.min_col, cells.max_row, cells.max_col))
                last = match.end()
            # Keep the end of the chunk: a tag may straddle two chunks.
            tail = text[max(last, len(text) - 256) :]
    return ranges


def _sheet_rows(
    sheet: Any, merged: list[tuple[int, int, int, int]]
) -> Iterable[tuple[int, list[Cell]]]:
    """Each row's values; merged cells take their top-left value everywhere they span."""
    # The declared dimension may be a whole sheet (A1:XFD1048576): read the rows as they are
    # instead of padding every one to it.
    sheet.reset_dimensions()
    starting: dict[int, list[tuple[int, int, int, int]]] = {}
    for cell_range in merged:
        starting.setdefault(cell_range[0], []).append(cell_range)
    active: list[tuple[int, int, int, Cell]] = []  # (min_col, max_col, max_row, value)
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(values)
        for _, min_col, max_row, max_col in starting.pop(number, []):
            value = cells[min_col - 1] if min_col <= len(cells) else None
            active.append((min_col, max_col, max_row, value))
        if active:
            active = [span for span in active if span[2] >= number]
            width = max(span[1] for span in active) if active else 0
            if len(cells) < width:
                cells.extend([None] * (width - len(cells)))
            for min_col, max_col, _, value in active:
                cells[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)
        yield number, cells


# --- Header detection and the columnar table --------------------------------------------


def _cell_key(cell: Cell) -> str:
    return label_key(cell) if isinstance(cell, str) else ""


def _score(row: Sequence[Cell], header_keys: Collection[str]) -> int:
    return len({key for key in map(_cell_key, row) if key in header_keys})


def _combine(upper: Sequence[Cell], lower: Sequence[Cell], header_keys: Collection[str]) -> list:
    """Headers of a two-row header: the lower label where it is known, else the upper one."""
    width = max(len(upper), len(lower))
    combined: list[Cell] = []
    for i in range(width):
        low = lower[i] if i < len(lower) else None
        high = upper[i] if i < len(upper) else None
        combined.append(low if _cell_key(low) in header_keys or _blank(high) else high)
    return combined


def _locate_header(
    head: list[tuple[int, list[Cell]]], header_keys: Collection[str]
) -> tuple[int, list[Cell]] | None:
    """Return (index in ``head`` of the last header row, the headers), or None if none found."""
    best: tuple[int, int, list[Cell]] | None = None  # (score, index, headers)
    for i, (_, row) in enumerate(head):
        options = [(i, row)]
        if i > 0:
            options.append((i, _combine(head[i - 1][1], row, header_keys)))
        for index, headers in options:
            score = _score(headers, header_keys)
            # Strictly greater: ties keep the earlier, simpler reading.
            if score > 0 and (best is None or score > best[0]):
                best = (score, index, headers)
    return None if best is None else (best[1], best[2])


def _table_from_rows(
    rows: Iterable[tuple[int, list[Cell]]],
    file_name: str,
    file_type: str,
    header_keys: Collection[str],
    *,
    complete_rows: bool = False,
) -> RawTable:
    """The columnar table under the header; ``complete_rows``: short rows are problems."""
    iterator = iter(rows)
    head: list[tuple[int, list[Cell]]] = []
    for number, cells in iterator:
        head.append((number, cells))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = _locate_header(head, header_keys)
    if found is None:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_header_row", rows=HEADER_SEARCH_ROWS),
            )
        )
    index, header_cells = found
    headers = [_header_text(cell) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _too_big(file_name)
    table = RawTable(
        file_name, file_type, head[index][0], headers, [[] for _ in headers], row_numbers=[]
    )
    _fill(table, _chain(head[index + 1 :], iterator), complete_rows)
    return table


def _chain(
    first: list[tuple[int, list[Cell]]], rest: Iterable[tuple[int, list[Cell]]]
) -> Iterable[tuple[int, list[Cell]]]:
    yield from first
    yield from rest


def _fill(table: RawTable, rows: Iterable[tuple[int, list[Cell]]], complete: bool) -> None:
    """Append the data rows to the table's columns, a batch at a time."""
    width = len(table.headers)
    # One dict per column sharing equal cells: a million rows repeat a few hundred dates and
    # names, and one object per distinct value saves most of the memory.
    shared: list[dict[Cell, Cell] | None] = [{} for _ in range(width)]
    batch: list[list[Cell]] = []
    max_rows = min(MAX_ROWS, MAX_CELLS // max(width, 1))
    scanned = 0
    for number, cells in rows:
        scanned += len(cells)
        if scanned > MAX_SCANNED_CELLS or len(table.row_numbers) >= max_rows:
            raise _too_big(table.file_name)
        if len(cells) != width:
            if all(_blank(cell) for cell in cells):
                continue
            cells = _fit(table, number, cells, complete)
        elif not any(cells) and all(_blank(cell) for cell in cells):
            continue  # blank lines between blocks and Excel's trailing empty rows
        table.row_numbers.append(number)
        batch.append(cells)
        if len(batch) >= _BATCH_ROWS:
            _flush(table, batch, shared)
    _flush(table, batch, shared)


def _flush(table: RawTable, batch: list[list[Cell]], shared: list[dict[Cell, Cell] | None]) -> None:
    if not batch:
        return
    for i, values in enumerate(zip(*batch, strict=True)):
        column, common = table.columns[i], shared[i]
        if common is None:
            column.extend(values)
            continue
        column.extend(map(common.setdefault, values, values))
        if len(common) > _MAX_SHARED:
            shared[i] = None  # an id column: every value distinct, sharing is no help
    batch.clear()


def _fit(table: RawTable, number: int, cells: list[Cell], complete: bool) -> list[Cell]:
    """Pad or cut a row to the header's width, reporting what that would hide."""
    width = len(table.headers)
    if complete and len(cells) < width:
        # Spreadsheet programs write every delimiter of a row; fewer cells mean a file cut
        # short or edited by hand, and reading the missing cells as blank would hide that.
        expected = Message("expect_cells_like_header", width=width, count=len(cells))
        table.problems.append(file_problem(table.file_name, expected, number))
    extra = [cell for cell in cells[width:] if not _blank(cell)]
    if extra:
        expected = Message("expect_nothing_right_of_header", width=width)
        table.problems.append(Problem(table.file_name, number, None, str(extra[0]), expected))
    return (cells + [None] * width)[:width]


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())
