"""Check every row of a raw table and turn it into typed columns, or into a list of problems.

``validate`` reads a table in steps: map the headers to the kind's columns, read each column's
cells (once per distinct value: a million rows hold a few hundred distinct dates and names),
resolve places (province, then district within it, then commune), then the checks that span
columns (an event's level needs its units; a route point gets its district from the map).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from dashboard.data.importers import cells
from dashboard.data.importers.cells import Invalid, as_text, is_blank
from dashboard.data.importers.formats import Field, FileFormat
from dashboard.data.importers.headers import column_of, header_of, map_headers
from dashboard.data.importers.problems import MAX_PROBLEMS, Message, Problem
from dashboard.data.importers.readers import Cell, RawTable
from dashboard.data.importers.window import DatesOutside
from dashboard.data.schema import MIN_BIRTH_YEAR
from dashboard.domain import CAMPAIGN_DEADLINE, CAMPAIGN_START
from dashboard.i18n import format_number
from geodata.names import NameResolver, Resolution

# Where a place column's code is stored.
PLACE_COLUMNS = {
    "province": "province_code",
    "district": "district_code",
    "commune": "commune_code",
}
# Longest text each text column can store (schema.py).
TEXT_LIMITS = {"vehicle_id": 64, "stop_name": 200}
# Largest number each whole-number column can store: INTEGER everywhere but the income,
# which is a BIGINT (schema.py). A larger value would pass the checks and fail the insert.
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
NUMBER_LIMITS = {"monthly_income_vnd": BIGINT_MAX}
# The columns that identify a row of a kind: a file may hold each combination once (two
# rows for one province's target would otherwise be summed without a word).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "targets": ("province_code", "district_code", "product"),
    "participants": ("period", "province_code", "district_code"),
}


@dataclass
class Problems:
    """The problems of one file, the first ``MAX_PROBLEMS`` of them kept."""

    file: str
    kept: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(
        self,
        row: int | None,
        column: str | None,
        value: Cell,
        expected: Message,
        codes: tuple[str, ...] = (),
        names: tuple[str, ...] = (),
    ) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            problem = Problem(self.file, row, column, as_text(value), expected, codes, names)
            self.kept.append(problem)

    def add_problem(self, problem: Problem) -> None:
        """Keep a problem found while reading the file."""
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)


@dataclass
class ValidatedTable:
    """The outcome of checking a table.

    Attributes:
        kind: The kind of file.
        row_count: Data rows read (blank rows not counted).
        columns: Typed values per stored column (``province_code``, ``channel``, ...; the
            participant reference is still in clear here, as ``participant_ref``).
        row_numbers: The row number of each row, as the user sees it.
        headers: For each column of the kind present in the file, the header as written.
        problems: Problems found (the first ``MAX_PROBLEMS``); empty means the file is good.
        problem_count: How many problems there are in all.
        warnings: Things that do not stop the import (ignored columns), in both languages.
        description: What the file was recognised as ("D05-TS list of ..."), if known.
    """

    kind: str
    row_count: int
    columns: dict[str, list[Any]]
    row_numbers: list[int]
    headers: dict[str, str]
    problems: list[Problem]
    problem_count: int
    warnings: list[Message]
    description: Message | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


Locator = Callable[[list[float], list[float]], tuple[list[str | None], list[str | None]]]


def validate(
    table: RawTable,
    file_format: FileFormat,
    *,
    resolver: NameResolver,
    defaults: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
    locate: Locator | None = None,
    window: tuple[dt.date, dt.date] | None = (CAMPAIGN_START, CAMPAIGN_DEADLINE),
) -> ValidatedTable:
    """Check a raw table against its kind's format.

    Args:
        table: As read by ``readers``.
        file_format: The kind's columns.
        resolver: Names to codes.
        defaults: Values for columns the file may leave out or blank (the vehicle of a GPX or
            routes file given on the import form), by canonical column name.
        today: Today's date (birth years end 15 years before it).
        locate: For routes: (lats, lons) -> (province codes, district codes) of the points.
        window: The campaign's first and last day: enrollments outside it, or after
            ``today``, are imported with a warning (the default view does not count them);
            None: the caller counts them (a file checked a chunk at a time).
    """
    problems = Problems(table.file_name)
    for problem in table.problems:
        problems.add_problem(problem)
    warnings: list[Message] = []
    positions = map_headers(table, file_format, problems, warnings, defaults or {})
    result = ValidatedTable(
        file_format.kind, len(table), {}, table.row_numbers, {}, [], 0, warnings
    )
    result.headers = {name: header_of(table, name, i) for name, i in positions.items()}
    if problems.total == 0:
        given = defaults or {}
        raw = {name: column_of(table, i, given.get(name)) for name, i in positions.items()}
        checker = _Checker(table, result, problems, resolver, today or dt.date.today())
        checker.read_values(file_format, raw)
        checker.read_places(file_format, raw)
        if file_format.kind in ROW_KEYS:
            checker.check_unique_rows(ROW_KEYS[file_format.kind])
        if file_format.kind == "enrollments":
            checker.check_registration_times(raw)
            if window is not None:
                checker.warn_outside_window(window)
        if file_format.kind == "events":
            checker.check_event_levels()
        if file_format.kind == "routes":
            checker.locate_points(locate)
    # Row by row, as the person fixing the file reads it (whole-file problems first).
    problems.kept.sort(key=lambda p: -1 if p.row is None else p.row)
    result.problems, result.problem_count = problems.kept, problems.total
    return result


class _Checker:
    """The per-column and per-row checks of one table, writing into ``result``."""

    def __init__(
        self,
        table: RawTable,
        result: ValidatedTable,
        problems: Problems,
        resolver: NameResolver,
        today: dt.date,
    ) -> None:
        self.table = table
        self.result = result
        self.problems = problems
        self.resolver = resolver
        self.today = today
        self.rows = len(table)
        self.bad_rows: set[int] = set()  # indexes of rows with a problem

    def _problem(
        self,
        name: str,
        j: int,
        value: Cell,
        expected: Message,
        codes: tuple[str, ...] = (),
        names: tuple[str, ...] = (),
    ) -> None:
        header = self.result.headers.get(name, name)
        self.bad_rows.add(j)
        self.problems.add(self.table.row_numbers[j], header, value, expected, codes, names)

    def read_values(self, file_format: FileFormat, raw: Mapping[str, list[Cell]]) -> None:
        """Read every non-place column, one call of its reader per distinct cell."""
        for column in file_format.fields:
            if column.type in PLACE_COLUMNS:
                continue
            values: list[Any] = [column.default] * self.rows
            if column.name in raw:
                at_once = _COLUMN_READERS.get(column.type)
                values = (at_once and at_once(raw[column.name])) or self._read_column(
                    column, raw[column.name]
                )
                if column.default is not None:
                    values = [column.default if v is None else v for v in values]
            self.result.columns[column.name] = values

    def _read_column(self, column: Field, cells_: list[Cell]) -> list[Any]:
        """Read each distinct cell once, then map the column; rows of bad cells are reported."""
        reader = self._reader(column)
        read: dict[Any, Any] = {}
        distinct: Iterable[Cell] = dict.fromkeys(cells_)
        if column.type == "participant_ref":
            if cells.all_plain_participant_refs(cells_):
                return list(cells_)  # every number distinct, each written plainly
            # The common spelling is taken without a call of the reader per cell.
            read = {cell: cell for cell in distinct if cells.plain_participant_ref(cell)}
            distinct = [cell for cell in distinct if cell not in read]
        for cell in distinct:
            try:
                read[cell] = None if is_blank(cell) else reader(cell)
            except Invalid as invalid:
                read[cell] = invalid
            except (TypeError, ValueError, OverflowError):
                read[cell] = Invalid(Message("expect_field", help=column.help, label=column.label))
        values = list(map(read.__getitem__, cells_))
        bad = {c for c, v in read.items() if isinstance(v, Invalid)}
        missing = column.required and any(v is None for v in read.values())
        if bad or missing:
            for j, (cell, value) in enumerate(zip(cells_, values, strict=True)):
                if isinstance(value, Invalid):
                    self._problem(column.name, j, cell, value.text)
                    values[j] = None
                elif value is None and missing:
                    self._problem(column.name, j, cell, _a_value(column))
        return values

    def _reader(self, column: Field) -> Callable[[Cell], Any]:
        readers: dict[str, Callable[[Cell], Any]] = {
            "date": cells.read_date,
            "timestamp": cells.read_timestamp,
            "year_month": cells.read_year_month,
            "count": cells.read_count,
            "positive_int": cells.read_positive,
            "float": cells.read_float,
            "participant_ref": cells.read_participant_ref,
        }
        if column.type in ("count", "positive_int"):
            return _at_most(readers[column.type], NUMBER_LIMITS.get(column.name, INTEGER_MAX))
        if column.type == "year":
            return cells.read_birth_year(self.today, MIN_BIRTH_YEAR)
        if column.type == "text":
            return cells.read_text(TEXT_LIMITS.get(column.name, 200))
        if column.type == "choice":
            return cells.read_choice(column.choices)
        return readers[column.type]

    def read_places(self, file_format: FileFormat, raw: Mapping[str, list[Cell]]) -> None:
        """Resolve province, then district within it, then commune within that."""
        names = self.resolver
        present = {f.name: f for f in file_format.fields if f.type in PLACE_COLUMNS}

        def column(name: str) -> tuple[Field | None, list[Cell] | None]:
            return present.get(name), raw.get(name)

        province = self._resolve_column(
            *column("province"), [""] * self.rows, lambda text, _: names.province(text)
        )
        district = self._resolve_column(
            *column("district"), province, lambda text, p: names.district(text, p)
        )
        scopes = [d or p for d, p in zip(district, province, strict=True)]
        commune = self._resolve_column(
            *column("commune"),
            scopes,
            lambda text, scope: (
                names.commune(text, district_code=scope)
                if len(scope) == 3
                else names.commune(text, province_code=scope)
            ),
        )
        for name, codes in (("province", province), ("district", district), ("commune", commune)):
            self.result.columns[PLACE_COLUMNS[name]] = codes

    def _resolve_column(
        self,
        place: Field | None,
        column: list[Cell] | None,
        scopes: list[str | None],
        resolve: Callable[[str, Any], Resolution],
    ) -> list[str | None]:
        """Codes of one place column; ``scopes`` holds each row's parent code ("" for none)."""
        if place is None or column is None:
            return [None] * self.rows
        # Each distinct (name, parent) once: a million rows name a few thousand places. The
        # cell's type is part of the key, so that 1 and 1.0 and True stay apart; text alone
        # (every CSV) needs no type, and without parents the cell is the whole key.
        keys: list[Any]
        if set(map(type, column)) != {str}:
            keys = list(zip(map(type, column), column, scopes, strict=True))
        elif set(scopes) == {""}:
            keys = column
        else:
            keys = list(zip(column, scopes, strict=True))
        found: dict[Any, Resolution | None] = {}
        coded: dict[Any, str | None] = {}
        blank_seen = wrong = False
        a_row_of = dict(zip(keys, range(self.rows), strict=True))
        for key, j in a_row_of.items():
            cell, scope = column[j], scopes[j]
            blank = is_blank(cell)
            blank_seen = blank_seen or blank
            hit = None if blank or scope is None else resolve(as_text(cell), scope)
            found[key] = hit
            coded[key] = hit.code if hit is not None and hit.ok else None
            wrong = wrong or (hit is not None and not hit.ok)
        codes = list(map(coded.__getitem__, keys))
        if not wrong and not (blank_seen and place.required):
            return codes
        hits = list(map(found.__getitem__, keys))
        for j, (cell, hit) in enumerate(zip(column, hits, strict=True)):
            if hit is None:
                if place.required and is_blank(cell):
                    self._problem(place.name, j, cell, _a_value(place))
                # else the parent is missing or wrong, and that is reported already
            elif not hit.ok:
                units = hit.candidates if hit.status == "ambiguous" else hit.suggestions
                self._problem(
                    place.name,
                    j,
                    cell,
                    Message("expect_place", explanation=hit.explain),
                    tuple(u.code for u in units),
                    tuple(u.name for u in units),
                )
        return codes

    def check_registration_times(self, raw: Mapping[str, list[Cell]]) -> None:
        """Take the time of a registration day that carries one; a time must fall on its day.

        The day is Vietnam's: 23:30 on 8 May in Hà Nội is 8 May, though 16:30 UTC.
        """
        columns = self.result.columns
        times, dates = columns["registered_at"], columns["registered_on"]
        days, given = raw.get("registered_on"), raw.get("registered_at")
        memo: dict[Cell, dt.datetime | None] = {}
        if days is not None:
            memo = {cell: _time_of_day(cell) for cell in dict.fromkeys(days)}
        if not any(memo.values()) and all(moment is None for moment in times):
            return  # days without times (the usual file): nothing to take or to check
        for j, (moment, day) in enumerate(zip(times, dates, strict=True)):
            if moment is None and days is not None and day is not None:
                times[j] = moment = memo[days[j]]
            if moment is None or day is None:
                continue
            local = moment.astimezone(cells.VIETNAM_TIME).date()
            if local != day:
                expected = Message("expect_time_on_day", day=f"{day:%d/%m/%Y}")
                source = given if given is not None and not is_blank(given[j]) else days
                self._problem("registered_at", j, "" if source is None else source[j], expected)

    def check_unique_rows(self, keys: tuple[str, ...]) -> None:
        """One row per key (a province's target, a month's participants of a place)."""
        columns = [self.result.columns[key] for key in keys]
        first: dict[tuple[Any, ...], int] = {}
        for j, key in enumerate(zip(*columns, strict=True)):
            if j in self.bad_rows:
                continue
            earlier = first.setdefault(key, j)
            if earlier != j:
                row = self.table.row_numbers[earlier]
                fields = _KEY_FIELDS[keys]
                headers = self.result.headers
                names = ", ".join(headers[f] for f in fields if f in headers)
                expected = Message("expect_unique_row", names=names, row=row)
                self._problem(fields[0], j, self._raw_text(fields[0], j), expected)

    def _raw_text(self, name: str, j: int) -> str:
        header = self.result.headers.get(name)
        if header is None or header not in self.table.headers:
            return ""
        return as_text(self.table.columns[self.table.headers.index(header)][j])

    def warn_outside_window(self, window: tuple[dt.date, dt.date]) -> None:
        """Enrollments dated outside the campaign or after today: imported, with a warning."""
        dates = DatesOutside(window, self.today)
        dates.add(self.result.columns["registered_on"], self.table.row_numbers)
        self.result.warnings.extend(dates.warnings())

    def check_event_levels(self) -> None:
        """An event names its units as far down as its level: a district event its district."""
        columns = self.result.columns
        needs = {
            "province": ("province",),
            "district": ("province", "district"),
            "commune": ("province", "district", "commune"),
        }
        for j, level in enumerate(columns["level"]):
            if j in self.bad_rows:
                continue  # a unit that did not resolve is reported already
            for unit in needs.get(level or "", ()):
                if columns[PLACE_COLUMNS[unit]][j] is None:
                    expected = Message(
                        "expect_event_unit",
                        unit=Message(f"unit_{unit}"),
                        level=Message(f"unit_{level}"),
                    )
                    self._problem(unit, j, "", expected)

    def locate_points(self, locate: Locator | None) -> None:
        """Check coordinates and give each point its province and district from the map.

        Communes have no boundaries in the assets, so a point's commune stays unknown unless
        its stop names a commune of its district.
        """
        columns = self.result.columns
        lats, lons = columns["lat"], columns["lon"]
        for j, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
            if lat is not None and not -90 <= lat <= 90:
                self._problem("lat", j, lat, Message("expect_latitude"))
            if lon is not None and not -180 <= lon <= 180:
                self._problem("lon", j, lon, Message("expect_longitude"))
        if self.problems.total or locate is None:
            return
        provinces, districts = locate(lats, lons)
        columns["province_code"], columns["district_code"] = provinces, districts
        communes: list[str | None] = [None] * self.rows
        memo: dict[tuple[str, str], str | None] = {}
        for j, (stop, district) in enumerate(zip(columns["stop_name"], districts, strict=True)):
            if stop and district:
                key = (stop, district)
                if key not in memo:
                    found = self.resolver.commune(stop, district_code=district)
                    memo[key] = found.code if found.ok else None
                communes[j] = memo[key]
        columns["commune_code"] = communes


# Readers of a whole column at once, for the usual spelling of every cell (else None).
_COLUMN_READERS: dict[str, Callable[[list[Cell]], list[Any] | None]] = {
    "float": cells.read_float_column,
    "timestamp": cells.read_timestamp_column,
}
# The columns a row key is reported under, by their canonical names.
_KEY_FIELDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("province_code", "district_code", "product"): ("province", "district", "product"),
    ("period", "province_code", "district_code"): ("period", "province", "district"),
}


def _at_most(read: Callable[[Cell], int], limit: int) -> Callable[[Cell], int]:
    def read_bounded(cell: Cell) -> int:
        value = read(cell)
        if value > limit:
            raise Invalid(Message("expect_at_most", most=partial(format_number, limit)))
        return value

    return read_bounded


def _time_of_day(cell: Cell) -> dt.datetime | None:
    """The time a date cell carries; None also for a cell that is no date (reported apart)."""
    try:
        return cells.time_of_day(cell)
    except (TypeError, ValueError, OverflowError):
        return None


def _a_value(column: Field) -> Message:
    return Message("expect_value", help=column.help, label=column.label)
