"""Read-side questions about the stored data, shaped for the screens.

Filtering stays fast at a million enrollments because the SQL runs once per data version
and never counts rows: ``enrollment_cells`` reads the counts the importers keep per import
(``dashboard.data.counts``), ``enrollment_cube`` adds them up per (day, district, channel,
product), and the metrics package turns them and the other ``*_rows`` into the arrays every
filter change is answered from, in memory (``dashboard.data.metrics.snapshot``).

An undo deletes the import's data rows (``importers.load.undo_import``); the queries still
read only the rows of imports not marked undone, so an undo in progress in another
transaction never shows half its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals
from sqlalchemy import Select, String, case, func, not_, select, type_coerce
from sqlalchemy.engine import Connection

from dashboard.data.schema import (
    enrollment_counts,
    events,
    imports,
    participants,
    route_points,
    targets,
)

CUBE_COLUMNS = ("registered_on", "province_code", "district_code", "channel", "product", "n")


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
    """Daily enrollment counts per district, channel and product; the input of the summaries.

    Products stay apart: the screens count one product at a time (``Filters.product``),
    since each has its own targets.

    Columns: ``registered_on`` (datetime64), ``province_code``, ``district_code``,
    ``channel``, ``product`` (all four categorical, which keeps the cube small and the
    summaries fast) and ``n`` (int64, > 0). One row per combination that has enrollments.
    """
    cells = enrollment_cells(con)
    keys = list(CUBE_COLUMNS[:-1])
    cube = cells.groupby(keys, observed=True, sort=False)["n"].sum().reset_index()
    return cube[list(CUBE_COLUMNS)]


def live_enrollment_imports(con: Connection) -> set[tuple[int, dt.datetime]]:
    """(id, imported_at) of every enrollment import not undone."""
    i = imports.c
    rows = con.execute(
        select(i.id, i.imported_at).where(i.kind == "enrollments", i.undone_at.is_(None))
    )
    return {(int(import_id), imported_at) for import_id, imported_at in rows}


CELL_COLUMNS = ("import_id", *CUBE_COLUMNS)


def enrollment_cells(con: Connection, import_ids: Collection[int] | None = None) -> pd.DataFrame:
    """The enrollment counts kept per import (``dashboard.data.counts``), cell by cell.

    Read from ``enrollment_counts``, never from the rows: the cost is the number of cells.
    ``import_ids`` limits the read to those imports; by default every import not undone.

    Columns ``CELL_COLUMNS``: ``import_id`` and ``n`` (int64), ``registered_on``
    (datetime64[s]), the codes, channel and product (categorical). A combination of day,
    district, channel and product comes once per import and per hour of registration: sum
    ``n`` over them.
    """
    c = enrollment_counts.c
    wanted = c.import_id.in_(_live_import_ids() if import_ids is None else sorted(import_ids))
    statement = select(*(c[name] for name in CELL_COLUMNS)).where(wanted)
    # Straight through the driver's cursor, in the connection's transaction: per row,
    # SQLAlchemy's result rows (and a date object per cell) would cost more than the read
    # itself. Only integers are bound, inline.
    sql = str(statement.compile(con, compile_kwargs={"literal_binds": True}))
    cursor = con.connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return pd.DataFrame(
            {
                "import_id": np.array([], dtype="int64"),
                "registered_on": np.array([], dtype="datetime64[s]"),
                **{name: pd.Categorical([]) for name in CELL_COLUMNS[2:6]},
                "n": np.array([], dtype="int64"),
            }
        )
    # Into columns in one step (pandas' C loop over the tuples), then each text column
    # encoded once.
    raw = pd.DataFrame(rows, columns=list(CELL_COLUMNS))
    # A few hundred distinct days: convert those (text on SQLite, dates on PostgreSQL),
    # not one date object per cell.
    days = pd.Categorical(raw["registered_on"])
    day_values = np.array([str(value) for value in days.categories], dtype="datetime64[D]")
    return pd.DataFrame(
        {
            "import_id": raw["import_id"].to_numpy(dtype="int64"),
            "registered_on": day_values.astype("datetime64[s]")[days.codes],
            **{name: pd.Categorical(raw[name]) for name in CELL_COLUMNS[2:6]},
            "n": raw["n"].to_numpy(dtype="int64"),
        }
    )


def target_rows(con: Connection) -> pd.DataFrame:
    """The target rows in force: for each province and product, those of the newest import
    naming that province for that product.

    A newer targets file replaces an older one province by province and product by product
    (an undone import no longer has rows): a file of voluntary targets leaves the household
    health insurance targets in force. Within the deciding import a province may have a
    province row (no district), district rows, or both.

    Returns:
        Columns ``product``, ``province_code``, ``district_code`` (None on province rows)
        and ``target`` (int64), ordered by product, province and district code (province
        rows first).
    """
    t = targets.c
    rows = pd.DataFrame(
        con.execute(
            select(
                t.import_id, t.product, t.province_code, t.district_code, t.target_new_participants
            ).where(t.import_id.in_(_live_import_ids()))
        ).all(),
        columns=["import_id", "product", "province_code", "district_code", "target"],
    )
    rows = _newest_import_per(rows, ["product", "province_code"])
    return _ordered(rows, ["product", "province_code", "district_code", "target"], ints=["target"])


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


# Read in parts, each made compact at once, so millions of points never sit in memory as
# Python tuples (about a kilobyte each) or as object columns.
ROUTE_READ_ROWS = 200_000
# Text columns stored as categories: a point costs a small integer code for each.
_ROUTE_CATEGORIES = (
    "vehicle_id",
    "vehicle_type",
    "province_code",
    "district_code",
    "commune_code",
    "stop_name",
)


def route_point_rows(con: Connection, *, part_rows: int = ROUTE_READ_ROWS) -> pd.DataFrame:
    """Every route point of the imports not undone, ordered by vehicle and time.

    Returns:
        Columns ``ROUTE_COLUMNS``: ``recorded_at`` as datetime64 in UTC (timezone-aware),
        ``lat``/``lon`` float64, ``people_reached``/``leaflets`` float64 (NaN off stops),
        the text columns categorical (about 45 bytes a point in all).
    """
    r = route_points.c
    # The time as stored (naive UTC; text on SQLite), parsed per column rather than per row.
    stored = {"recorded_at": type_coerce(r.recorded_at, String).label("recorded_at")}
    result = con.execution_options(yield_per=part_rows).execute(
        select(*(stored.get(name, r[name]) for name in ROUTE_COLUMNS))
        .where(r.import_id.in_(_live_import_ids()))
        .order_by(r.vehicle_id, r.recorded_at, r.id)
    )
    parts = [
        _compact_routes(
            pd.DataFrame(dict(zip(ROUTE_COLUMNS, zip(*rows, strict=True), strict=True)))
        )
        for rows in result.partitions()
    ]
    if not parts:
        parts = [_compact_routes(pd.DataFrame({name: [] for name in ROUTE_COLUMNS}))]
    frame = pd.DataFrame(
        {
            name: union_categoricals([p[name] for p in parts])
            if name in _ROUTE_CATEGORIES
            else np.concatenate([p[name].to_numpy() for p in parts])
            for name in ROUTE_COLUMNS
        }
    )
    frame["recorded_at"] = frame["recorded_at"].dt.tz_localize("UTC")
    return frame


def _compact_routes(part: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            name: part[name].astype("str").astype("category")
            if name in _ROUTE_CATEGORIES
            else pd.to_numeric(part[name]).astype("float64")
            for name in ROUTE_COLUMNS
            if name != "recorded_at"
        }
    )
    # Naive UTC for the concatenation; localised once at the end.
    out["recorded_at"] = pd.to_datetime(part["recorded_at"], format="ISO8601")
    return out


def _newest_import_per(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Only the rows of the newest import among those naming each ``keys`` combination."""
    if rows.empty:
        return rows
    newest = rows.groupby(keys)["import_id"].transform("max")
    return rows[rows["import_id"] == newest]


def _ordered(rows: pd.DataFrame, columns: list[str], *, ints: list[str]) -> pd.DataFrame:
    """``columns`` of ``rows`` sorted by its key columns (missing district first), typed."""
    out = rows[columns].astype({name: "int64" for name in ints})
    keys = [c for c in columns if c.endswith("_code") or c in ("period", "product")]
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


def last_import_per_province(con: Connection) -> dict[str, dt.datetime]:
    """When each province's enrollments were last imported (UTC; undone imports excluded):
    how fresh its figures are. Provinces without enrollments are absent."""
    rows = con.execute(
        select(enrollment_counts.c.province_code, func.max(imports.c.imported_at))
        .join(imports, imports.c.id == enrollment_counts.c.import_id)
        .where(imports.c.undone_at.is_(None))
        .group_by(enrollment_counts.c.province_code)
    ).all()
    return {str(code): at for code, at in rows if at is not None}
