"""Recognise a file and check it: the step shared by ``preview`` and ``import_file``.

A form (``forms``), a ZIP of tracks (``batch``), or a template or GPX file of the kind read by
``readers`` and ``gpx``; each ends as one :class:`ValidatedTable` for ``load`` to write.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.data.importers import forms
from dashboard.data.importers.batch import check_batch
from dashboard.data.importers.formats import FileFormat, file_format
from dashboard.data.importers.gpx import read_gpx
from dashboard.data.importers.problems import Message, Problem, ReadError, file_problem
from dashboard.data.importers.readers import RawTable, detect_type, read_table
from dashboard.data.importers.recognise import Recognised, form_name, recognise
from dashboard.data.importers.spatial import locate_points
from dashboard.data.importers.validate import ValidatedTable, validate
from geodata.names import NameResolver


def recognise_kind(kind: str | None, content: bytes, name: str) -> Recognised | Problem:
    """What the file is; a kind given by the user must agree with a recognised form."""
    try:
        found = recognise(content, name)
    except ReadError as error:
        # Given a kind, the template reader says precisely what its header lacks.
        return Recognised(kind, "template") if kind is not None else error.problem
    if kind is None or found.kind == kind:
        return found
    if found.form == "gpx":
        return Recognised(kind, "gpx")  # the GPX reader says it is for routes only
    if found.form == "template":
        return Recognised(kind, "template")  # the user's choice wins over a guess by columns
    return file_problem(
        name,
        Message("expect_kind", kind=kind, form=form_name(found.form), found=found.kind),
    )


def check_file(
    recognised: Recognised,
    content: bytes | Path,
    name: str,
    vehicle_id: str | None,
    vehicle_type: str | None,
    today: dt.date | None,
) -> ValidatedTable | Problem:
    """Read and validate; a file that cannot be read at all gives its one problem.

    ``content`` is the file's bytes, or the path of a CSV file, read from disk as it goes.
    """

    def check(found: Recognised, data: bytes, file: str) -> ValidatedTable | Problem:
        return check_file(found, data, file, vehicle_id, vehicle_type, today)

    if isinstance(content, Path) and recognised.form != "template":
        content = content.read_bytes()  # a form written as CSV: small, read whole
    if recognised.form == "batch":
        assert isinstance(content, bytes)
        return check_batch(content, name, check)
    defaults = {"vehicle_id": vehicle_id, "vehicle_type": vehicle_type}
    if recognised.form not in ("template", "gpx"):
        assert isinstance(content, bytes)
        try:
            converted = forms.convert(
                recognised, content, name, vehicle_id=vehicle_id, vehicle_type=vehicle_type
            )
        except ReadError as error:
            return error.problem
        return forms.check_form(converted, today=today, defaults=defaults)
    fmt = file_format(recognised.kind)
    try:
        table = _read(fmt, content, name, vehicle_id, vehicle_type)
    except ReadError as error:
        return error.problem
    if not table.row_numbers:
        return file_problem(
            name,
            Message("expect_data_row"),
            table.header_row,
        )
    checked = validate(
        table,
        fmt,
        resolver=NameResolver.default(),
        defaults=defaults,
        today=today,
        locate=locate_points if recognised.kind == "routes" else None,
    )
    form = "gpx" if recognised.form == "gpx" else "template"
    checked.description = (
        forms.describe_template(recognised.kind, checked.row_count)
        if form == "template"
        else Message("describe_gpx", points=checked.row_count)
    )
    return checked


def _read(
    fmt: FileFormat,
    content: bytes | Path,
    name: str,
    vehicle_id: str | None,
    vehicle_type: str | None,
) -> RawTable:
    keys = set(fmt.header_index())
    if isinstance(content, Path):
        from dashboard.data.importers.stream import read_csv_file

        return read_csv_file(content, name, keys)
    if detect_type(content, name) == "gpx":
        if fmt.kind != "routes":
            raise ReadError(
                file_problem(
                    name,
                    Message("expect_table_not_gpx"),
                )
            )
        return read_gpx(content, name, vehicle_id=vehicle_id, vehicle_type=vehicle_type)
    return read_table(content, name, keys)
