"""Read an XLSX workbook (the first sheet with a header row) into a raw table, streaming.

Read-only mode streams each sheet's XML: memory follows the cells kept, not the size of the
workbook. Merged cells are found by a byte scan of the sheet (read-only sheets do not parse
them); formulas without a stored result are reported, not read as empty cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection, Iterable
from typing import Any

from dashboard.data.importers import readers
from dashboard.data.importers.problems import Message, Problem, ReadError, file_problem
from dashboard.data.importers.readers import Cell, RawTable, TooBig, _table_from_rows, _too_big


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
        from dashboard.data.importers.sheetxml import open_workbook

        _check_unpacked_size(content, file_name)
        # Each sheet's XML is streamed: memory follows the cells kept, not the workbook's size.
        workbook = open_workbook(content)
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
    if unpacked > readers.MAX_UNPACKED_BYTES:  # read here: tests lower it
        raise _too_big(file_name)


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
    with workbook.archive.open(sheet.path) as source:
        while chunk := source.read(_MERGE_CHUNK):
            text = tail + chunk
            last = 0
            # Most chunks are rows only: a plain search skips them faster than the pattern.
            matches = _MERGE.finditer(text) if b"mergeCell" in text else ()
            for match in matches:
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
    starting: dict[int, list[tuple[int, int, int, int]]] = {}
    for cell_range in merged:
        starting.setdefault(cell_range[0], []).append(cell_range)
    active: list[tuple[int, int, int, Cell]] = []  # (min_col, max_col, max_row, value)
    for number, cells in sheet.iter_values():
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
