"""Tell from a file's content which form or kind it is, before anything is read in full.

The order of the questions: a ZIP of track files, GPX, KML; then, from the first rows of a
spreadsheet, a form by its title (development report, D03-TS, D05-TS, tracker report); else
the project's own template whose columns the header names best; last, a tracker export
without its title, by its columns. Only the first rows are read (XLSX in streaming mode), so
a big template costs little more than its header.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from dashboard.data.importers import vocabulary
from dashboard.data.importers.formats import FORMATS, label_key
from dashboard.data.importers.grid import HEADER_SEARCH_ROWS, Row, _csv_rows, row_text
from dashboard.data.importers.problems import Message, ReadError, file_problem
from dashboard.data.importers.readers import Cell, decode, detect_type

# What each form becomes.
FORM_KINDS = {
    "d05": "enrollments",
    "d03": "enrollments",
    "development": "participants",
    "tracker": "routes",
    "kml": "routes",
    "gpx": "routes",
    "batch": "routes",
}


def form_name(form: str) -> Message:
    """What a form is called: "D05-TS list (voluntary social insurance)"."""
    return Message(f"form_{form}")


_HEAD_BYTES = 256 * 1024


@dataclass(frozen=True)
class Recognised:
    """What a file is: the kind it imports as and the form ("template" for our own)."""

    kind: str
    form: str

    @property
    def is_form(self) -> bool:
        return self.form != "template"


def is_batch(content: bytes) -> bool:
    """A ZIP archive that is not an XLSX workbook."""
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except zipfile.BadZipFile:
        return False


def recognise(content: bytes, file_name: str) -> Recognised:
    """What the file is.

    Raises:
        ReadError: it is none of the forms and kinds (the problem says what was looked for).
    """
    from dashboard.data.importers.kml import is_kml

    if is_batch(content):
        return Recognised("routes", "batch")
    if is_kml(content):
        return Recognised("routes", "kml")
    file_type = detect_type(content, file_name)
    if file_type == "gpx":
        return Recognised("routes", "gpx")
    head = head_rows(content, file_name, file_type)
    form = form_of(head)
    if form is not None:
        return Recognised(FORM_KINDS[form], form)
    kind = template_kind(head)
    if kind is None and _tracker_columns(head):
        return Recognised("routes", "tracker")
    if kind is None:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_known_file"),
            )
        )
    return Recognised(kind, "template")


def head_rows(content: bytes, file_name: str, file_type: str) -> list[Row]:
    """The first rows of a spreadsheet (merged cells not filled: titles read fine without)."""
    if file_type != "xlsx":
        # Only the head is decoded, cut at a line end (never inside a UTF-8 character).
        head = content[:_HEAD_BYTES]
        if len(content) > _HEAD_BYTES and b"\n" in head:
            head = head[: head.rindex(b"\n") + 1]
        text, _ = decode(head, file_name)
        return _csv_rows(text, HEADER_SEARCH_ROWS)
    try:
        from dashboard.data.importers.sheetxml import open_workbook

        workbook = open_workbook(content)
    except Exception:  # unreadable: the full reader says why
        return []
    try:
        rows: list[Row] = []
        sheet = workbook.worksheets[0]
        for number, values in sheet.iter_values():
            rows.append((number, [_plain(value) for value in values]))
            if number >= HEADER_SEARCH_ROWS:
                break
        return rows
    finally:
        workbook.close()


def form_of(head: list[Row]) -> str | None:
    """The form whose title the first rows show."""
    text = " ".join(row_text(cells) for _, cells in head)
    keys = _keys([cell for _, cells in head for cell in cells])
    titles = (
        ("development", vocabulary.TITLE_DEVELOPMENT),
        ("d03", vocabulary.TITLE_D03),
        ("d05", vocabulary.TITLE_D05),
        ("tracker", vocabulary.TITLE_TRACKER),
    )
    for form, words in titles:
        if vocabulary.contains_any(text, words) and all(
            any(vocabulary.matches(k, columns[name]) for k in keys)
            for name, columns in vocabulary.FORM_KEY_COLUMNS[form]
        ):
            return form
    return None


def _tracker_columns(head: list[Row]) -> bool:
    """A header with a time, a position and a status or place: a tracker export."""
    for _, cells in head:
        keys = _keys(cells)
        found = {
            name
            for name in ("time", "coordinates", "lat", "status", "place", "speed")
            if any(vocabulary.matches(k, vocabulary.TRACKER_COLUMNS[name]) for k in keys)
        }
        position = "coordinates" in found or "lat" in found
        if "time" in found and position and found & {"status", "speed", "place"}:
            return True
    return False


def template_kind(head: list[Row]) -> str | None:
    """The kind whose required columns a header row (or pair of rows) names, most columns won."""
    best: tuple[int, str] | None = None
    for kind, fmt in FORMATS.items():
        index = fmt.header_index()
        required = {f.name for f in fmt.fields if f.required}
        for i, (_, cells) in enumerate(head):
            keys = _keys(cells)
            if i > 0:
                keys |= _keys(head[i - 1][1])
            named = {index[k].name for k in keys if k in index}
            if required <= named and (best is None or len(named) > best[0]):
                best = (len(named), kind)
    return None if best is None else best[1]


def _keys(cells: list[Cell]) -> set[str]:
    """The label keys of the text cells that hold a letter.

    Every column is named by words, so a cell without a letter (a time, a coordinate, a
    count) names none; a report's first rows hold hundreds of such distinct cells.
    """
    return {label_key(cell) for cell in cells if isinstance(cell, str) and _LETTER.search(cell)}


_LETTER = re.compile(r"[^\W\d_]")


def _plain(value: object) -> Cell:
    """A streamed cell as the readers' cell types (rich text and the like as text)."""
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)
