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

from dashboard.data.schema import enrollments, imports, targets

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


def province_targets(con: Connection) -> pd.DataFrame:
    """The target of new participants of each province that has one.

    Rule: for each province, the newest not-undone targets import that mentions the province
    decides (a newer file replaces an older one, province by province). Within that import,
    the province-level row(s) (no district) give the target; if it has none, the sum of its
    district rows does. Provinces no import mentions are absent.

    Returns:
        Columns ``province_code`` and ``target`` (int64), ordered by province code.
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
    if rows.empty:
        return pd.DataFrame(
            {"province_code": pd.Series([], dtype=object), "target": pd.Series([], dtype="int64")}
        )
    newest = rows.groupby("province_code")["import_id"].transform("max")
    rows = rows[rows["import_id"] == newest].assign(
        is_province_row=lambda f: f["district_code"].isna()
    )
    has_province_row = rows.groupby("province_code")["is_province_row"].transform("any")
    chosen = rows[rows["is_province_row"] == has_province_row]
    totals = chosen.groupby("province_code", sort=True)["target"].sum()
    return pd.DataFrame(
        {"province_code": totals.index.to_numpy(), "target": totals.to_numpy(dtype="int64")}
    )


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
