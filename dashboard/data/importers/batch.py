"""A ZIP of many track files (GPX, KML, tracker reports, routes templates) as one import.

Each member is recognised and checked on its own, its problems naming it ("tours.zip/xe1.gpx",
row, column); the members' rows are then written together in one transaction, so the batch is
all or nothing and importing it again adds nothing, like a single file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from dashboard.data.importers.problems import (
    MAX_PROBLEMS,
    Message,
    Problem,
    ReadError,
    file_problem,
)
from dashboard.data.importers.recognise import Recognised, recognise
from dashboard.data.importers.validate import ValidatedTable

MAX_MEMBERS = 10_000  # the launch day had more than 9,000 vehicles
# Unpacked size, so that a small archive cannot expand into gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


Check = Callable[[Recognised, bytes, str], ValidatedTable | Problem]


def check_batch(content: bytes, file_name: str, check: Check) -> ValidatedTable | Problem:
    """Check every track file of the archive with ``check``; one table of all their rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        return file_problem(file_name, Message("expect_zip", reason=str(exc)))
    with archive:
        members = [m for m in archive.infolist() if _is_track_file(m)]
        if not members or len(members) > MAX_MEMBERS:
            return file_problem(file_name, Message("expect_zip_members", most=MAX_MEMBERS))
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            return file_problem(
                file_name, Message("expect_zip_size", mb=MAX_UNPACKED_BYTES // 2**20)
            )
        tables = [_member(archive.read(m), f"{file_name}/{m.filename}", check) for m in members]
    return _merge(tables, len(members))


def _is_track_file(member: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(member.filename)
    hidden = any(part.startswith((".", "__MACOSX")) for part in path.parts)
    return not member.is_dir() and not hidden


def _member(content: bytes, name: str, check: Check) -> ValidatedTable | Problem:
    try:
        recognised = recognise(content, name)
    except ReadError as error:
        return error.problem
    if recognised.kind != "routes" or recognised.form == "batch":
        return file_problem(name, Message("expect_track_member", kind=recognised.kind))
    return check(recognised, content, name)


def _merge(tables: list[ValidatedTable | Problem], members: int) -> ValidatedTable:
    """One table of the members' rows; their problems and warnings together."""
    merged = ValidatedTable("routes", 0, {}, [], {}, [], 0, [])
    for table in tables:
        if isinstance(table, Problem):
            merged.problems.append(table)
            merged.problem_count += 1
            continue
        merged.row_count += table.row_count
        merged.row_numbers.extend(table.row_numbers)
        for name, values in table.columns.items():
            merged.columns.setdefault(name, []).extend(values)
        for name, header in table.headers.items():
            merged.headers.setdefault(name, header)
        merged.problems.extend(table.problems)
        merged.problem_count += table.problem_count
        merged.warnings.extend(table.warnings)
    merged.problems = merged.problems[:MAX_PROBLEMS]
    if any(len(values) != merged.row_count for values in merged.columns.values()):
        merged.columns = {}  # a member that could not be read: its problems say why
    points = merged.row_count
    merged.description = Message("describe_zip", members=members, points=points)
    return merged
