"""Which of a file's columns is which of its kind's columns, by their headers.

A header names a column under any of its labels (Vietnamese or English, with or without
accents, see ``formats.label_key``); a column may stand in for another (``fallback``) or take
a value given on the import form (``defaults``). Unknown columns are ignored with one warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dashboard.data.importers.cells import is_blank
from dashboard.data.importers.formats import FileFormat, label_key
from dashboard.data.importers.problems import Message
from dashboard.data.importers.readers import Cell, RawTable

if TYPE_CHECKING:
    from dashboard.data.importers.validate import Problems


def map_headers(
    table: RawTable,
    file_format: FileFormat,
    problems: Problems,
    warnings: list[Message],
    defaults: Mapping[str, str | None],
) -> dict[str, int]:
    """Return the position of each of the kind's columns in the file; -1 for a default."""
    index = file_format.header_index()
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for i, header in enumerate(table.headers):
        known = index.get(label_key(header)) if header else None
        if known is None:
            if header:
                ignored.append(header)
            continue
        if known.name in positions:
            first = table.headers[positions[known.name]]
            problems.add(
                table.header_row,
                header,
                header,
                Message("expect_one_column", name=known.name, label=known.label, first=first),
            )
            continue
        positions[known.name] = i
    if ignored:
        warnings.append(ignored_columns(ignored, file_format.kind))
    for column in file_format.fields:
        if column.name in positions:
            continue
        if defaults.get(column.name):
            positions[column.name] = -1
        elif column.fallback in positions:
            positions[column.name] = positions[column.fallback]
        elif column.required:
            problems.add(
                table.header_row,
                column.name,
                "",
                Message("expect_column", name=column.name, label=column.label, help=column.help),
            )
    return positions


# Columns named in the one warning about ignored columns; the rest are counted.
NAMED_IGNORED = 10


def ignored_columns(headers: list[str], kind: str) -> Message:
    """One warning for every ignored column (a file may have thousands), naming the first."""
    named = ", ".join(f"“{h}”" for h in headers[:NAMED_IGNORED])
    more = len(headers) - NAMED_IGNORED
    if len(headers) == 1:
        return Message("warn_ignored_column", named=named, kind=kind)
    return Message(
        "warn_ignored_columns",
        count=len(headers),
        kind=kind,
        named=named,
        more=Message("warn_ignored_more", count=more) if more > 0 else "",
    )


def header_of(table: RawTable, name: str, position: int) -> str:
    return table.headers[position] if position >= 0 else name


def column_of(table: RawTable, position: int, default: str | None) -> list[Cell]:
    if position < 0:
        return [default] * len(table)
    column = table.columns[position]
    if default:
        return [default if is_blank(cell) else cell for cell in column]
    return column
