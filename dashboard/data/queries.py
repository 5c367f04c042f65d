"""Read-side questions about the stored data, shaped for the screens.

Two tiers keep filtering fast at a million enrollments: ``enrollment_cube`` runs one SQL
GROUP BY down to (day, district, channel) and callers cache the result per
``data_version``; the ``summarise_*`` and ``daily_totals`` functions then answer each filter
change from that cube in memory, with vectorised numpy and no SQL.

Only imports that have not been undone count, everywhere in this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from sqlalchemy import Select, case, func, not_, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import enrollments, events, imports, participants, route_points, targets

CUBE_COLUMNS = ("registered_on", "province_code", "district_code", "channel", "n")

_LEVEL_COLUMNS = {"province": "province_code", "district": "district_code"}
_EPOCH = dt.date(1970, 1, 1)
_SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class DataStatus:
    """What the database holds, for the header and the sample-data banner.

    Attributes:
        enrollment_count: enrollments of imports that are not undone.
        import_count: imports that are not undone, of every kind.
        sample_only: there is at least one import and every one of them is sample data
            (an empty database is not "sample only": it shows nothing at all).
        last_import_at: when the newest such import was made (UTC), None without imports.
    """

    enrollment_count: int
    import_count: int
    sample_only: bool
    last_import_at: dt.datetime | None


def _live_import_ids() -> Select[tuple[int]]:
    return select(imports.c.id).where(imports.c.undone_at.is_(None))


def enrollment_cube(con: Connection) -> pd.DataFrame:
    """Daily enrollment counts per district and channel; the input of the summaries.

    Columns: ``registered_on`` (datetime64), ``province_code``, ``district_code``,
    ``channel`` (all three categorical, which keeps the cube small and the summaries fast)
    and ``n`` (int64, > 0). One row per combination that has enrollments.
    """
    e = enrollments.c
    keys = (e.registered_on, e.province_code, e.district_code, e.channel)
    statement = (
        select(*keys, func.count().label("n"))
        .where(e.import_id.in_(_live_import_ids()))
        .group_by(*keys)
    )
    rows = con.execute(statement).all()
    if not rows:
        columns: dict[str, object] = {
            "registered_on": np.array([], dtype="datetime64[s]"),
            **{name: pd.Categorical([]) for name in CUBE_COLUMNS[1:4]},
            "n": np.array([], dtype="int64"),
        }
        return pd.DataFrame(columns)
    day, province, district, channel, n = zip(*rows, strict=True)
    # A few hundred distinct days: convert those, not one date object per row.
    days = pd.Categorical(day)
    day_values = np.array(list(days.categories), dtype="datetime64[D]").astype("datetime64[s]")
    return pd.DataFrame(
        {
            "registered_on": day_values[days.codes],
            "province_code": pd.Categorical(province),
            "district_code": pd.Categorical(district),
            "channel": pd.Categorical(channel),
            "n": np.array(n, dtype="int64"),
        }
    )


def summarise_enrollments(
    cube: pd.DataFrame,
    *,
    level: Literal["province", "district"],
    province_codes: Collection[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
) -> pd.DataFrame:
    """New enrollments per province or district, within the filters.

    Args:
        cube: the output of ``enrollment_cube`` (plain string columns work too, slower).
        level: count per ``"province"`` or per ``"district"``.
        province_codes: only these provinces; None means all, an empty collection none.
        start: first day counted (inclusive); None means from the first enrollment.
        end: last day counted (inclusive); None means up to the last enrollment.
        channels: only these channels; None means all, an empty collection none.

    Returns:
        Columns ``code`` and ``new_enrollments`` (int64), one row per unit with at least one
        enrollment, ordered by code. Units without enrollments are absent: the caller knows
        the full list of units and decides how to show them.
    """
    if level not in _LEVEL_COLUMNS:
        raise ValueError(f"level must be 'province' or 'district', got {level!r}")
    codes, labels = _codes_and_labels(cube[_LEVEL_COLUMNS[level]])
    weights = cube["n"].to_numpy()
    # A row without a code (never in a real cube) belongs to no unit.
    keep = _filter_mask(cube, province_codes, start, end, channels, codes >= 0)
    if keep is not None:
        codes, weights = codes[keep], weights[keep]
    totals = np.bincount(codes, weights=weights, minlength=len(labels)).astype("int64")
    present = totals > 0
    return pd.DataFrame({"code": labels[present], "new_enrollments": totals[present]})


def daily_totals(
    cube: pd.DataFrame,
    *,
    province_codes: Collection[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
) -> pd.DataFrame:
    """Enrollments per day and their running total, for the progress line.

    Filters as in ``summarise_enrollments``. Every day from ``start`` (else the first day with
    enrollments) to ``end`` (else the last) has a row, days without enrollments included, so
    the line steps honestly. ``cumulative`` counts from the first row.

    Returns:
        Columns ``date`` (datetime64), ``n`` and ``cumulative`` (int64).
    """
    days = _day_numbers(cube)
    weights = cube["n"].to_numpy()
    keep = _filter_mask(cube, province_codes, start, end, channels)
    if keep is not None:
        days, weights = days[keep], weights[keep]
    first = _day_number(start) if start is not None else (int(days.min()) if len(days) else 0)
    last = _day_number(end) if end is not None else (int(days.max()) if len(days) else -1)
    span = max(last - first + 1, 0)
    per_day = np.bincount(days - first, weights=weights, minlength=span).astype("int64")
    return pd.DataFrame(
        {
            "date": (np.arange(first, first + span) * _SECONDS_PER_DAY).astype("datetime64[s]"),
            "n": per_day,
            "cumulative": np.cumsum(per_day),
        }
    )


def target_rows(con: Connection) -> pd.DataFrame:
    """The target rows in force: for each province, those of the newest import naming it.

    A newer targets file replaces an older one province by province; undone imports are
    ignored. Within the deciding import a province may have a province row (no district),
    district rows, or both.

    Returns:
        Columns ``province_code``, ``district_code`` (None on province rows) and ``target``
        (int64), ordered by province and district code (province rows first).
    """
    t = targets.c
    rows = pd.DataFrame(
        con.execute(
            select(t.import_id, t.province_code, t.district_code, t.target_new_participants).where(
                t.import_id.in_(_live_import_ids())
            )
        ).all(),
        columns=["import_id", "province_code", "district_code", "target"],
    )
    rows = _newest_import_per(rows, ["province_code"])
    return _ordered(rows, ["province_code", "district_code", "target"], ints=["target"])


def province_targets(con: Connection) -> pd.DataFrame:
    """The target of new participants of each province that has one.

    Rule: for each province, the newest not-undone targets import that mentions the province
    decides (a newer file replaces an older one, province by province). Within that import,
    the province-level row(s) (no district) give the target; if it has none, the sum of its
    district rows does. Provinces no import mentions are absent.

    Returns:
        Columns ``province_code`` and ``target`` (int64), ordered by province code.
    """
    return province_totals(target_rows(con), ["target"])


def province_totals(rows: pd.DataFrame, value_columns: list[str]) -> pd.DataFrame:
    """Per province: the sum of its province rows, or of its district rows when it has none.

    ``rows`` has ``province_code``, ``district_code`` (missing on province rows) and the
    value columns; further key columns (such as ``period``) are kept when passed in
    ``rows`` and listed before the values. A missing value stays missing in the sum only
    when every summed row lacks it.
    """
    keys = [c for c in rows.columns if c not in ("district_code", *value_columns)]
    if rows.empty:
        return _ordered(rows[keys + value_columns], keys + value_columns, ints=[])
    is_province_row = rows["district_code"].isna()
    has_province_row = is_province_row.groupby([rows[k] for k in keys]).transform("any")
    chosen = rows[is_province_row == has_province_row]
    totals = chosen.groupby(keys, sort=True)[value_columns].sum(min_count=1).reset_index()
    return totals


def participant_rows(con: Connection) -> pd.DataFrame:
    """Voluntary participants and labour force in force, per month and province or district.

    For each (period, province), the newest not-undone participants import naming it wins,
    as for targets.

    Returns:
        Columns ``period`` (str, YYYY-MM), ``province_code``, ``district_code`` (None on
        province rows), ``voluntary_participants`` (int64) and ``labour_force`` (float64,
        NaN where the file gave none), ordered by period, province and district.
    """
    p = participants.c
    rows = pd.DataFrame(
        con.execute(
            select(
                p.import_id,
                p.period,
                p.province_code,
                p.district_code,
                p.voluntary_participants,
                p.labour_force,
            ).where(p.import_id.in_(_live_import_ids()))
        ).all(),
        columns=[
            "import_id",
            "period",
            "province_code",
            "district_code",
            "voluntary_participants",
            "labour_force",
        ],
    )
    rows = _newest_import_per(rows, ["period", "province_code"])
    rows["labour_force"] = pd.to_numeric(rows["labour_force"]).astype("float64")
    return _ordered(
        rows,
        [
            "period",
            "province_code",
            "district_code",
            "voluntary_participants",
            "labour_force",
        ],
        ints=["voluntary_participants"],
    )


EVENT_COLUMNS = (
    "held_on",
    "level",
    "kind",
    "province_code",
    "district_code",
    "commune_code",
    "attendees",
    "online_viewers",
    "leads",
)


def event_rows(con: Connection) -> pd.DataFrame:
    """Every event of the imports not undone.

    Returns:
        Columns ``EVENT_COLUMNS``: ``held_on`` (datetime64), codes (None above the event's
        level), ``attendees`` (int64), ``online_viewers`` and ``leads`` (float64, NaN where
        not given), ordered by day.
    """
    e = events.c
    rows = con.execute(
        select(*(e[name] for name in EVENT_COLUMNS))
        .where(e.import_id.in_(_live_import_ids()))
        .order_by(e.held_on, e.id)
    ).all()
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["held_on"] = pd.to_datetime(frame["held_on"]).astype("datetime64[s]")
    frame["attendees"] = frame["attendees"].astype("int64")
    for name in ("online_viewers", "leads"):
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    return frame


ROUTE_COLUMNS = (
    "vehicle_id",
    "vehicle_type",
    "recorded_at",
    "lat",
    "lon",
    "province_code",
    "district_code",
    "commune_code",
    "stop_name",
    "people_reached",
    "leaflets",
)


def route_point_rows(con: Connection) -> pd.DataFrame:
    """Every route point of the imports not undone, ordered by vehicle and time.

    Returns:
        Columns ``ROUTE_COLUMNS``: ``recorded_at`` as datetime64 in UTC (timezone-aware),
        ``lat``/``lon`` float64, ``people_reached``/``leaflets`` float64 (NaN off stops).
    """
    r = route_points.c
    rows = con.execute(
        select(*(r[name] for name in ROUTE_COLUMNS))
        .where(r.import_id.in_(_live_import_ids()))
        .order_by(r.vehicle_id, r.recorded_at, r.id)
    ).all()
    frame = pd.DataFrame(rows, columns=list(ROUTE_COLUMNS))
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True)
    for name in ("lat", "lon", "people_reached", "leaflets"):
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    return frame


def _newest_import_per(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Only the rows of the newest import among those naming each ``keys`` combination."""
    if rows.empty:
        return rows
    newest = rows.groupby(keys)["import_id"].transform("max")
    return rows[rows["import_id"] == newest]


def _ordered(rows: pd.DataFrame, columns: list[str], *, ints: list[str]) -> pd.DataFrame:
    """``columns`` of ``rows`` sorted by its key columns (missing district first), typed."""
    out = rows[columns].astype({name: "int64" for name in ints})
    keys = [c for c in columns if c.endswith("_code") or c == "period"]
    out = out.sort_values(keys, na_position="first", kind="stable", ignore_index=True)
    if "district_code" in out:
        out["district_code"] = (
            out["district_code"].astype(object).where(out["district_code"].notna(), None)
        )
    return out


def data_status(con: Connection) -> DataStatus:
    """Counts and freshness of what is stored (undone imports excluded).

    The enrollment count is read from the import log (the rows each import added), one row
    per import, rather than by counting a million enrollment rows on every page load.
    """
    import_count, non_sample, enrollment_count, last_import_at = con.execute(
        select(
            func.count(),
            func.count(case((not_(imports.c.is_sample), 1))),
            func.coalesce(
                func.sum(case((imports.c.kind == "enrollments", imports.c.added_count))), 0
            ),
            func.max(imports.c.imported_at),
        ).where(imports.c.undone_at.is_(None))
    ).one()
    return DataStatus(
        enrollment_count=int(enrollment_count),
        import_count=int(import_count),
        sample_only=import_count > 0 and non_sample == 0,
        last_import_at=last_import_at,
    )


def _filter_mask(
    cube: pd.DataFrame,
    province_codes: Collection[str] | None,
    start: dt.date | None,
    end: dt.date | None,
    channels: Collection[str] | None,
    also: np.ndarray | None = None,
) -> np.ndarray | None:
    """Rows passing every filter (and ``also``); None when nothing is filtered out."""
    conditions = [] if also is None or also.all() else [also]
    if start is not None or end is not None:
        days = _day_numbers(cube)
        if start is not None:
            conditions.append(days >= _day_number(start))
        if end is not None:
            conditions.append(days <= _day_number(end))
    if province_codes is not None:
        conditions.append(_isin(cube["province_code"], province_codes, "province_codes"))
    if channels is not None:
        conditions.append(_isin(cube["channel"], channels, "channels"))
    if not conditions:
        return None
    return np.logical_and.reduce(conditions) if len(conditions) > 1 else conditions[0]


def _day_numbers(cube: pd.DataFrame) -> np.ndarray:
    """Days since 1970-01-01 of each cube row: integers compare and bin faster than dates."""
    seconds = np.asarray(cube["registered_on"].to_numpy(), dtype="datetime64[s]").view("int64")
    return seconds // _SECONDS_PER_DAY


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def _isin(column: pd.Series, wanted: Collection[str], name: str) -> np.ndarray:
    """Which rows hold one of ``wanted``; on a categorical column, one lookup per category."""
    if isinstance(wanted, str):
        # "01" would silently mean the codes "0" and "1".
        raise TypeError(f"{name} must be a collection of codes, not the string {wanted!r}")
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Code -1 (missing) indexes the appended False.
        keep = np.append(column.cat.categories.isin(list(wanted)), False)
        return keep[column.cat.codes.to_numpy()]
    return column.isin(list(wanted)).to_numpy()


def _codes_and_labels(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Sorted categories give output ordered by code, as documented.
        if not column.cat.categories.is_monotonic_increasing:
            column = column.cat.reorder_categories(column.cat.categories.sort_values())
        return column.cat.codes.to_numpy(), column.cat.categories.to_numpy(dtype=object)
    codes, labels = pd.factorize(column, sort=True)
    return codes, np.asarray(labels, dtype=object)
