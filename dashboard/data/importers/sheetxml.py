"""Open an XLSX workbook once and stream its sheets' cell values, fast.

openpyxl's read-only mode parses a whole sheet before its first row when the sheet declares
no dimension (as workbooks written by programs often do), and builds a dictionary and a rich
text object for every cell. Here openpyxl reads the small parts (sheet list, shared strings,
number formats, date system) and the sheet's XML is read a row at a time into plain values,
converted as openpyxl's own reader converts them: numbers as int or float, date-formatted
numbers as dates, times or durations, shared and inline strings as text, booleans as bool.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from dashboard.data.importers.readers import Cell

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE = _NS + "row", _NS + "v", _NS + "is"
_TEXT, _RUN = _NS + "t", _NS + "r"
_DIGITS = "0123456789"


@dataclass
class Sheet:
    """One worksheet of an open workbook: its title and the path of its XML in the archive."""

    book: Book
    title: str
    path: str

    def iter_values(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, values) of each row from row 1; a missing row comes as no values."""
        return self.book.values(self.path)


class Book:
    """A workbook opened for reading values; ``close`` it when done."""

    def __init__(self, content: bytes) -> None:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.worksheets = [
                Sheet(self, sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.archive.close()
            raise
        self.shared_strings = reader.shared_strings
        self.epoch = reader.wb.epoch
        # The style numbers whose number format is a date, or a duration (set by openpyxl).
        self.date_styles = frozenset(getattr(reader.wb, "_date_formats", ()))
        self.duration_styles = frozenset(getattr(reader.wb, "_timedelta_formats", ()))

    def close(self) -> None:
        self.archive.close()

    def values(self, path: str) -> Iterator[tuple[int, list[Cell]]]:
        columns: dict[str, int] = {}
        expected = 1
        with self.archive.open(path) as source:
            for _, element in ET.iterparse(source):
                if element.tag != _ROW:
                    continue
                number = int(element.get("r") or expected)
                while expected < number:  # rows left out of the XML are empty
                    yield expected, []
                    expected += 1
                yield number, self._row(element, columns)
                expected = number + 1
                element.clear()

    def _row(self, row: Any, columns: dict[str, int]) -> list[Cell]:
        values: list[Cell] = []
        column = 0
        for cell in row:
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                column = columns.get(letters) or columns.setdefault(letters, _column(letters))
            else:
                column += 1
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = self._value(cell)
        return values

    def _value(self, cell: Any) -> Cell:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _inline_text(cell.find(_INLINE))
        text = cell.findtext(_VALUE) or None
        if text is None:
            return None
        if kind == "n":
            number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            style = int(cell.get("s") or 0)
            if style not in self.date_styles:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=style in self.duration_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date serial out of range is an error cell
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result) and "e" (an error such as #N/A)


def _inline_text(element: Any) -> str | None:
    """The text of an inline string: its plain text or its runs (phonetic hints left out)."""
    if element is None:
        return None
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)


def _column(letters: str) -> int:
    return column_index_from_string(letters)


def open_workbook(content: bytes) -> Book:
    """Open a workbook's bytes (openpyxl's exceptions on damaged files pass through)."""
    return Book(content)
