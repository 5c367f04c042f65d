"""Row counts per province or district of an imported kind, for the command line's report."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import DATA_TABLES, imports
from geodata import reference

# The day each kind's rows are counted by when a period is given (kinds not listed have none).
DATED_COLUMNS: Final = {"enrollments": "registered_on", "events": "held_on"}


def counts_by_unit(
    con: Connection,
    kind: str,
    by: Literal["province", "district"],
    *,
    period: tuple[dt.date, dt.date] | None = None,
) -> pd.DataFrame:
    """Count the rows of ``kind`` per province or district (imports not undone only).

    ``period`` (first and last day, inclusive) keeps the enrollments registered, or the
    events held, on those days; other kinds have no day and ignore it.

    Returns:
        Columns ``province_code``, ``province_name`` (and ``district_code``,
        ``district_name`` when by district) and ``rows``, ordered by code; units without
        rows are left out. Rows without a unit (a route point at sea) count under "".
    """
    if by not in ("province", "district"):
        raise ValueError(f"by must be 'province' or 'district', not {by!r}")
    table = DATA_TABLES[kind]
    keys = [table.c.province_code] + ([table.c.district_code] if by == "district" else [])
    live = select(imports.c.id).where(imports.c.undone_at.is_(None))
    query = select(*keys, func.count().label("rows")).where(table.c.import_id.in_(live))
    if period is not None and kind in DATED_COLUMNS:
        day = table.c[DATED_COLUMNS[kind]]
        query = query.where(day >= period[0], day <= period[1])
    rows = con.execute(query.group_by(*keys).order_by(*keys)).all()
    columns = [key.name for key in keys] + ["rows"]
    counts = pd.DataFrame([tuple(row) for row in rows], columns=columns).fillna("")
    provinces = reference.provinces().set_index("province_code")["display_name_vi"]
    counts.insert(1, "province_name", counts["province_code"].map(provinces).fillna(""))
    if by == "district":
        districts = reference.districts().set_index("district_code")["full_name_vi"]
        counts.insert(3, "district_name", counts["district_code"].map(districts).fillna(""))
    counts["rows"] = counts["rows"].astype("int64")
    return counts
