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
import itertools
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
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


def read_xlsx(content: bytes, file_name: str, header_keys: Collection[str]) -> RawTable:
    """Read the first sheet of an XLSX workbook that has a header row (``xlsx.py``)."""
    from dashboard.data.importers import xlsx

    return xlsx.read_xlsx(content, file_name, header_keys)


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


def read_csv_lines(
    lines: Iterable[str], sample: str, file_name: str, header_keys: Collection[str], encoding: str
) -> RawTable:
    """``read_csv`` of a file read as it goes: its decoded (NFC) lines, and its first part
    (``sample``) for the delimiter; no copy of the whole bytes or text is held."""
    records = _csv_records(lines, pick_delimiter(sample, file_name, header_keys), file_name)
    table = _table_from_rows(records, file_name, "csv", header_keys, complete_rows=True)
    table.encoding = encoding
    return table


def _csv_records(
    text: str | Iterable[str], delimiter: str, file_name: str
) -> Iterator[tuple[int, list[Cell]]]:
    """Yield (line number, cells) of each record; the line is where the record ends.

    ``text`` is the whole text, or its lines (a file read as it goes).
    """
    lines = io.StringIO(text, newline="") if isinstance(text, str) else text
    # strict: an unterminated quote (a file cut short) is an error, not a silently short field
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        for record in reader:
            yield reader.line_num, record  # type: ignore[misc]  # str cells, a list of them
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
    # The header is among the first rows: parsing a prefix spares copying a big file thrice.
    delimiter = pick_delimiter(text[:_SNIFF_CHARS], file_name, header_keys)
    return _csv_records(text, delimiter, file_name)


def pick_delimiter(sample: str, file_name: str, header_keys: Collection[str]) -> str:
    """The delimiter under which some early row of ``sample`` names the most known columns."""
    best, best_score = CSV_DELIMITERS[0], 0
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
    return best


def csv_chunks(
    lines: Iterable[str],
    sample: str,
    file_name: str,
    header_keys: Collection[str],
    rows: int,
) -> Iterator[RawTable]:
    """A CSV file read as it goes: tables of at most ``rows`` data rows under one header.

    ``lines`` are the decoded (NFC) lines of the whole file, ``sample`` its first part, for
    the delimiter. Each table has the header's columns and the rows' own numbers; reading
    problems (short rows) come with the table of their row.

    Raises:
        ReadError: a malformed CSV, or no header row (when the first table is asked for).
    """
    delimiter = pick_delimiter(sample, file_name, header_keys)
    # strict: an unterminated quote (a file cut short) is an error, not a silently short field
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    numbers, records = _read_batch(reader, HEADER_SEARCH_ROWS, file_name)
    first = _table_from_rows(
        zip(numbers, records, strict=True), file_name, "csv", header_keys, complete_rows=True
    )
    yield first
    width = len(first.headers)
    while True:
        numbers, records = _read_batch(reader, rows, file_name)
        if not records:
            return
        table = replace(first, columns=[], row_numbers=numbers, problems=[])
        if set(map(len, records)) == {width} and all(map(any, records)):
            # The usual chunk: every row as wide as the header, none blank.
            table.columns = [list(column) for column in zip(*records, strict=True)]
        else:
            table.columns, table.row_numbers = [[] for _ in first.headers], []
            _fill(table, zip(numbers, records, strict=True), complete=True)
        yield table


def _read_batch(reader: Any, size: int, file_name: str) -> tuple[list[int], list[list[Cell]]]:
    """The next ``size`` records and the line number each ends on."""
    start = reader.line_num
    try:
        records = list(itertools.islice(reader, size))
    except csv.Error as exc:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_csv", reason=str(exc)),
                reader.line_num + 1,
            )
        ) from None
    if reader.line_num - start == len(records):  # one line each: no line break in a cell
        return list(range(start + 1, reader.line_num + 1)), records
    numbers, line = [], start
    for record in records:
        line += 1 + sum(_line_breaks(cell) for cell in record)
        numbers.append(line)
    return numbers, records


def _line_breaks(cell: str) -> int:
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


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
