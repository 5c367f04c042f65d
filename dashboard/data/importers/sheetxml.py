"""Open an XLSX workbook once and stream its sheets' cell values, fast.

openpyxl's read-only mode parses a whole sheet before its first row when the sheet declares
no dimension (as workbooks written by programs often do), and builds a dictionary and a rich
text object for every cell. Here openpyxl reads the small parts (sheet list, shared strings,
number formats, date system) and the sheet's XML is read a megabyte of rows at a time into
plain values, converted as openpyxl's own reader converts them: numbers as int or float,
date-formatted numbers as dates, times or durations, shared and inline strings as text,
booleans as bool. Rows written the usual way are split by one regular expression; any other
XML is read by the XML parser.
"""

from __future__ import annotations

import io
import re
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
        for head, body, end in _row_batches(self.archive, path):
            rows = self._scanned_rows(body, columns)
            if rows is None:  # XML this scanner does not know: ElementTree reads the batch
                root = ET.fromstring(head + body + end)
                rows = [(row.get("r"), self._row(row, columns)) for row in root.iter(_ROW)]
            for label, cells in rows:
                number = int(label or expected)
                while expected < number:  # rows left out of the XML are empty
                    yield expected, []
                    expected += 1
                yield number, cells
                expected = number + 1

    def _scanned_rows(
        self, body: bytes, columns: dict[str, int]
    ) -> list[tuple[str | None, list[Cell]]] | None:
        """The rows of a batch read by one regular expression; None if it meets other XML.

        Workbooks are written by a few programs, each always the same way: a row is
        ``<row r="2" ...>`` and its cells ``<c r="A2" s="1" t="s"><v>0</v></c>`` or an
        inline string. One ``findall`` over the batch splits it into such tokens, without an
        object per XML element; anything else (another attribute order, rich text, a
        namespace prefix, damaged XML) sends the batch to the XML parser.
        """
        try:
            xml = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        read = str if "&" not in xml and "\r" not in xml else _xml_text  # str: as it is
        shared, typed = self.shared_strings, self._typed
        rows: list[tuple[str | None, list[Cell]]] = []
        outside: list[Cell] = []  # where cells outside any row would go
        values, column = outside, 0
        for letters, style, kind, value, inline, text, tag in _TOKEN.findall(xml):
            if tag:
                if tag == "</row>" and values is not outside:
                    values = outside
                elif tag.startswith("<row") and values is outside:
                    found = _ROW_NUMBER.search(tag)
                    values, column = [], 0
                    rows.append((found and found[1], values))
                    if tag.endswith("/>"):
                        values = outside
                else:
                    return None  # a row in a row, an end without a start, or other XML
                continue
            if letters:
                column = columns.get(letters) or columns.setdefault(letters, _column(letters))
            else:
                column += 1
            try:
                if kind == "inlineStr":
                    cell: Cell = read(text) if inline else None
                elif inline or not value:
                    cell = None
                elif kind == "s":
                    cell = shared[int(read(value))]
                else:
                    cell = typed(kind or "n", read(value), style)
            except _NotXml:
                return None
            size = len(values)
            if column > size:
                if column > size + 1:
                    values.extend([None] * (column - size - 1))
                values.append(cell)
            else:
                values[column - 1] = cell
        return rows if values is outside and not outside else None

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
        return self._typed(kind, text, cell.get("s"))

    def _typed(self, kind: str, text: str, style: str | None) -> Cell:
        """The value of a cell of type ``kind`` holding ``text`` (not empty), as openpyxl's."""
        if kind == "n":
            number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            style_number = int(style or 0)
            if style_number not in self.date_styles:
                return number
            try:
                duration = style_number in self.duration_styles
                return from_excel(number, self.epoch, timedelta=duration)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date serial out of range is an error cell
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result) and "e" (an error such as #N/A)


# Text as XML writes it: characters, and references to the five named ones or by number.
_CHARACTERS = r"[^<&\x00-\x08\x0b\x0c\x0e-\x1f]*"
_XML_TEXT = rf"{_CHARACTERS}(?:&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);{_CHARACTERS})*"
_TOKEN = re.compile(
    r"[ \t\r\n]*(?:"
    r'<c(?: r="([A-Z]{1,3})[0-9]+")?(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    r"(?:/>|>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?"  # a formula: its stored result is read
    rf"(?:<v/>|<v>({_XML_TEXT})</v>"
    rf'|(<is>)(?:<t/>|<t(?: xml:space="preserve")?>({_XML_TEXT})</t>)</is>)?</c>)'
    r"|(<row\b[^>]*>|</row>|[^ \t\r\n])"  # a row's start or end, or anything else
    r")"
)
_ROW_NUMBER = re.compile(r'\sr="([^"]*)"')
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotXml(ValueError):
    """A reference to a character XML does not allow: the XML parser reports it."""


def _xml_text(text: str) -> str:
    """Text as XML reads it: line ends as "\\n", references replaced by their characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _REFERENCE.sub(_character, text)
    return text


def _character(reference: re.Match[str]) -> str:
    name = reference[1]
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    if not (allowed or 0x10000 <= code <= 0x10FFFF):
        raise _NotXml(name)
    return chr(code)


_BATCH_BYTES = 1024 * 1024
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s>/]")
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>")


def _row_batches(archive: Any, path: str) -> Iterator[tuple[bytes, bytes, bytes]]:
    """The sheet's rows a batch (about a megabyte of XML) at a time: (start, rows, end).

    A batch holds whole ``<row>`` elements; wrapped in the sheet's own start (which declares
    its namespaces) and end, it is a document the XML parser reads in one call.
    """
    with archive.open(path) as source:
        text = b""
        while (found := _SHEET_DATA.search(text)) is None:
            chunk = source.read(_BATCH_BYTES)
            if not chunk:
                return  # no sheetData: no rows
            text += chunk
        if found.group(2):  # <sheetData/>: no rows
            return
        head = text[: found.end()]
        root = _ROOT.search(head)  # the sheet's root element (declarations start with <? or <!)
        if root is None:
            return
        end = b"</" + found.group(1) + b"sheetData></" + root.group(1) + b">"
        text = text[found.end() :]
        while True:
            chunk = source.read(_BATCH_BYTES)
            if not chunk:
                closing = text.find(b"</" + found.group(1) + b"sheetData>")
                # Without its closing tag the sheet is cut short: the parse then says so.
                yield head, (text if closing < 0 else text[:closing]), end
                return
            text += chunk
            # The text kept from before holds no row end: look in the new chunk only.
            ends = list(_ROW_END.finditer(text, max(0, len(text) - len(chunk) - 16)))
            if ends:
                yield head, text[: ends[-1].end()], end
                text = text[ends[-1].end() :]


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
