"""What a form importer hands on: the form's rows as the canonical table of an import kind.

A form module reads its form (title block, merged header, group and total rows) and writes
the rows it means into a :class:`RawTable` whose headers are the kind's canonical column
names, keeping each row's number in the file. The usual ``validate`` and ``load`` then check
and write it, so every promise of an import holds for forms too; ``labels`` turns the
canonical names in problems back into the form's own headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from dashboard.data.importers.problems import Message, Problem
from dashboard.data.importers.readers import Cell, RawTable


@dataclass
class Converted:
    """A form read and turned into a kind's rows.

    Attributes:
        kind: The import kind the rows are ("enrollments", "participants", "routes").
        form: Which form it was ("d05", "d03", "development", "tracker", "kml").
        table: The rows under canonical headers, with the form's row numbers.
        labels: Canonical column -> the form's header it came from (for problems).
        description: What was recognised, said to the officer before anything is written.
        problems: What is wrong beyond what ``validate`` checks (an address of another
            province, a total that does not add up).
        warnings: What does not stop the import (a person placed at the agent's district).
        extra: Further values per row that the kind's table keeps (development report).
    """

    kind: str
    form: str
    table: RawTable
    labels: dict[str, str]
    description: Message | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


def new_table(file_name: str, file_type: str, header_row: int, columns: list[str]) -> RawTable:
    """An empty canonical table with ``columns``."""
    return RawTable(file_name, file_type, header_row, list(columns), [[] for _ in columns], [])


def add_row(table: RawTable, number: int, values: Mapping[str, Cell]) -> None:
    """Append one row, by canonical column name (missing ones blank)."""
    table.row_numbers.append(number)
    for name, column in zip(table.headers, table.columns, strict=True):
        column.append(values.get(name))


def relabel(problems: list[Problem], labels: Mapping[str, str]) -> list[Problem]:
    """Problems naming the form's headers instead of the canonical column names."""
    return [replace(p, column=labels.get(p.column, p.column)) if p.column else p for p in problems]
