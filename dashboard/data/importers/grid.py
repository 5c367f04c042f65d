"""Read a printed form (XLSX or CSV) as title lines, a multi-row header and body rows.

The forms staff hold have a title block, a header of one to four rows with merged group cells
("Số tiền đóng" over "Trong đó" over "NSNN hỗ trợ" over "Tỷ lệ %"), sometimes a row of column
codes (A, B, C, 1, 2 ...), then the body and a signature block. XLSX merged cells arrive filled
(``readers``); a CSV export leaves a merged group's label in its first column only, so groups
are carried to the right here. Each column is named by its header path, the group labels
above it and its own, which is what the form modules match their vocabulary against.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from dashboard.data.importers import vocabulary
from dashboard.data.importers.cells import as_text, is_blank
from dashboard.data.importers.problems import Message, ReadError, file_problem
from dashboard.data.importers.readers import CSV_DELIMITERS, Cell, decode, detect_type
from dashboard.data.importers.xlsx import (
    _check_unpacked_size,
    _merged_ranges,
    _sheet_rows,
    _unreadable_xlsx,
)

Row = tuple[int, list[Cell]]
# Title blocks are a dozen rows at most; header blocks four.
HEADER_SEARCH_ROWS = 40
MAX_HEADER_ROWS = 4
# Forms are lists of people or units, not logs: a bound keeps a stray huge file cheap.
MAX_FORM_ROWS = 200_000
_CODE = re.compile(r"[A-Z]|\d{1,2}")


@dataclass
class FormGrid:
    """A form as read.

    Attributes:
        file_name: As given by the user.
        file_type: "xlsx" or "csv".
        title: The rows above the header as text, with their row numbers.
        header_row: Row number of the header's last row (the codes row not counted).
        headers: Each column's header path as written ("Số tiền đóng / Tỷ lệ %").
        columns: The form's column name (vocabulary) -> position.
        body: The rows under the header (and codes row), blank rows left out.
    """

    file_name: str
    file_type: str
    title: list[tuple[int, str]]
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    body: list[Row] = field(default_factory=list)

    def cell(self, cells: list[Cell], name: str) -> Cell:
        """The cell of column ``name`` in a body row (None when the form lacks the column)."""
        position = self.columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def text(self, cells: list[Cell], name: str) -> str:
        """The cell of column ``name`` as trimmed text ("" for none)."""
        return as_text(self.cell(cells, name))

    def header(self, name: str) -> str:
        """The header as written of column ``name`` (the name itself when absent): its own
        label, with its group's where another column has the same label ("Tỷ lệ %")."""
        position = self.columns.get(name)
        if position is None:
            return name
        parts = self.headers[position].split(" / ")
        leaves = [header.split(" / ")[-1] for header in self.headers]
        return " / ".join(parts[-2:] if leaves.count(parts[-1]) > 1 else parts[-1:])

    def title_text(self) -> str:
        """The whole title block as one line."""
        return " ".join(text for _, text in self.title)


def read_rows(content: bytes, file_name: str) -> tuple[str, list[Row]]:
    """The rows of the first sheet of an XLSX file, or of a CSV file, with row numbers.

    Raises:
        ReadError: neither a readable workbook nor a text file.
    """
    if detect_type(content, file_name) == "xlsx":
        return "xlsx", _xlsx_rows(content, file_name)
    text, _ = decode(content, file_name)
    return "csv", _csv_rows(text)


def _xlsx_rows(content: bytes, file_name: str) -> list[Row]:
    try:
        from dashboard.data.importers.sheetxml import open_workbook

        _check_unpacked_size(content, file_name)
        workbook = open_workbook(content)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl raises many types on damaged XML; all mean "unreadable"
        raise ReadError(file_problem(file_name, _unreadable_xlsx(exc))) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[Row] = []
        for number, cells in _sheet_rows(sheet, _merged_ranges(workbook, sheet)):
            if number > MAX_FORM_ROWS:
                break
            rows.append((number, cells))
        return rows
    except ReadError:
        raise
    except Exception as exc:  # damaged XML met while streaming
        raise ReadError(file_problem(file_name, _unreadable_xlsx(exc))) from None
    finally:
        workbook.close()


def _csv_rows(text: str, limit: int = MAX_FORM_ROWS) -> list[Row]:
    """Rows under the delimiter that splits the first rows into the most cells."""

    def parse(delimiter: str, limit: int) -> list[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[Row] = []
        try:
            for record in reader:
                rows.append((reader.line_num, list(record)))
                if len(rows) >= limit:
                    break
        except csv.Error:
            return []
        return rows

    def width(delimiter: str) -> int:
        return max((len(cells) for _, cells in parse(delimiter, HEADER_SEARCH_ROWS)), default=0)

    best = max(CSV_DELIMITERS, key=width)
    return parse(best, limit)


def locate(
    rows: list[Row],
    file_name: str,
    file_type: str,
    spellings: Mapping[str, tuple[vocabulary.Spelling, ...]],
    key_columns: Collection[str] = (),
) -> FormGrid:
    """Find the header block that names the most of the form's columns, and split the rows.

    Once a block names every one of ``key_columns`` (those by which the form is recognised),
    blocks starting below it lie in the body and are not tried: a journey report's header is
    found in its first rows instead of matching forty rows of fixes against every spelling.

    Raises:
        ReadError: no row of the first ones names any of the form's columns.
    """
    head = rows[:HEADER_SEARCH_ROWS]
    best: tuple[int, int, int, list[str], dict[str, int]] | None = None
    for start in range(len(head)):
        if best is not None and start >= best[0] + best[1] and _names_all(best[4], key_columns):
            break
        for height in range(1, MAX_HEADER_ROWS + 1):
            block = [cells for _, cells in head[start : start + height]]
            if len(block) < height or (height > 1 and is_codes_row(block[-1])):
                break
            headers = _paths(block)
            columns = _match(headers, spellings)
            # The most columns named, by the fewest rows: a title row above the header
            # names nothing more, and must not become part of every column's name.
            if best is None or (len(columns), -height) > (len(best[4]), -best[1]):
                best = (start, height, len(columns), headers, columns)
    if best is None or best[2] == 0:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_form_header", rows=HEADER_SEARCH_ROWS),
            )
        )
    start, height, _, headers, columns = best
    end = start + height
    if end < len(rows) and is_codes_row(rows[end][1]):
        end += 1
    title = [(number, _row_text(cells)) for number, cells in rows[:start]]
    body = [(number, cells) for number, cells in rows[end:] if not all(map(is_blank, cells))]
    return FormGrid(
        file_name,
        file_type,
        [(number, text) for number, text in title if text],
        rows[start + height - 1][0],
        headers,
        columns,
        body,
    )


def _names_all(columns: Mapping[str, int], key_columns: Collection[str]) -> bool:
    return bool(key_columns) and all(name in columns for name in key_columns)


def is_codes_row(cells: list[Cell]) -> bool:
    """A row of column codes under the header: "A", "B", "C", "1", "2" ... and nothing else."""
    texts = [as_text(cell) for cell in cells if not is_blank(cell)]
    return len(texts) >= 3 and all(_CODE.fullmatch(text) for text in texts)


def _paths(block: list[list[Cell]]) -> list[str]:
    """Each column's header path: the distinct labels of the block's rows, top down."""
    width = max(len(cells) for cells in block)
    grid = [[as_text(cells[i]) if i < len(cells) else "" for i in range(width)] for cells in block]
    last = len(grid) - 1
    for r, line in enumerate(grid[:last]):
        for i in range(1, width):
            # A CSV export writes a merged group's label in its first column only.
            same_group = r == 0 or grid[r - 1][i] == grid[r - 1][i - 1]
            if not line[i] and line[i - 1] and same_group and grid[last][i]:
                line[i] = line[i - 1]
    paths = []
    for i in range(width):
        parts: list[str] = []
        for line in grid:
            if line[i] and (not parts or parts[-1] != line[i]):
                parts.append(line[i])
        paths.append(" / ".join(parts))
    return paths


def _match(
    headers: list[str], spellings: Mapping[str, tuple[vocabulary.Spelling, ...]]
) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        name = vocabulary.column_for(vocabulary.key(header), spellings, set(columns))
        if name is not None:
            columns[name] = position
    return columns


def _row_text(cells: list[Cell]) -> str:
    parts: list[str] = []
    for cell in cells:
        text = as_text(cell)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return " ".join(parts)


def row_text(cells: list[Cell]) -> str:
    """A body row as one line of text (a merged cell's value once)."""
    return _row_text(cells)
