"""Read a recognised form and check its rows as the kind it becomes.

``check_form`` reads the form with its module (``d05``, ``d03``, ``development``, ``tracker``,
``kml``), then checks the canonical rows with ``validate`` like any file of that kind; the
form's own problems (an address of another province, a total that does not add up) join the
kind's, every problem names the form's header, and the preview and the log say what the
file was recognised as.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

from dashboard.data.importers import d03, d05, development, tracker, vocabulary
from dashboard.data.importers.converted import Converted, relabel
from dashboard.data.importers.formats import file_format
from dashboard.data.importers.grid import FormGrid, locate, read_rows
from dashboard.data.importers.kml import read_kml
from dashboard.data.importers.places import PlaceFinder
from dashboard.data.importers.problems import Message
from dashboard.data.importers.recognise import Recognised, form_name
from dashboard.data.importers.spatial import locate_points
from dashboard.data.importers.validate import ValidatedTable, validate
from geodata import reference
from geodata.names import NameResolver

_LISTS: dict[str, Callable[[FormGrid, PlaceFinder, dict[str, str]], Converted]] = {
    "d05": d05.convert,
    "d03": d03.convert,
    "development": development.convert,
}
_SPELLINGS = {
    "d05": d05.COLUMNS,
    "d03": d03.COLUMNS,
    "development": development.COLUMNS,
    "tracker": tracker.COLUMNS,
}


@cache
def unit_names() -> dict[str, str]:
    """Full Vietnamese name of every province and district, by GSO code."""
    provinces = reference.provinces()
    districts = reference.districts()
    names = dict(
        zip(provinces["province_code"].astype(str), provinces["full_name_vi"], strict=True)
    )
    names.update(
        zip(districts["district_code"].astype(str), districts["full_name_vi"], strict=True)
    )
    return names


def convert(
    recognised: Recognised,
    content: bytes,
    file_name: str,
    *,
    vehicle_id: str | None,
    vehicle_type: str | None,
) -> Converted:
    """The form's rows under the kind's canonical columns.

    Raises:
        ReadError: the file cannot be read as that form.
    """
    if recognised.form == "kml":
        return read_kml(content, file_name, vehicle_id=vehicle_id, vehicle_type=vehicle_type)
    file_type, rows = read_rows(content, file_name)
    key_columns = [name for name, _ in vocabulary.FORM_KEY_COLUMNS[recognised.form]]
    grid = locate(rows, file_name, file_type, _SPELLINGS[recognised.form], key_columns)
    if recognised.form == "tracker":
        return tracker.convert(grid, vehicle_id, vehicle_type)
    finder = PlaceFinder(NameResolver.default())
    return _LISTS[recognised.form](grid, finder, unit_names())


def check_form(
    converted: Converted,
    *,
    today: dt.date | None,
    defaults: dict[str, str | None],
) -> ValidatedTable:
    """Validate the converted rows as their kind and join the form's problems and warnings."""
    fmt = file_format(converted.kind)
    checked = validate(
        converted.table,
        fmt,
        resolver=NameResolver.default(),
        defaults=defaults,
        today=today,
        locate=locate_points if converted.kind == "routes" else None,
    )
    problems = relabel([*converted.problems, *checked.problems], converted.labels)
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    checked.problems = problems
    checked.problem_count += len(converted.problems)
    checked.warnings = [*converted.warnings]  # the canonical table has no extra columns
    checked.headers = {name: converted.labels.get(name, name) for name in checked.headers}
    checked.description = converted.description
    return checked


def describe_template(kind: str, rows: int) -> Message:
    """What a file of the project's own template was recognised as."""
    title = Message(f"template_{kind}")
    return Message("describe_template", title=title, form=form_name("template"), rows=rows)
