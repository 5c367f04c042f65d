"""Row counts per province or district of an imported kind, for the command line's report."""

from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import DATA_TABLES, imports
from geodata import reference


def counts_by_unit(con: Connection, kind: str, by: Literal["province", "district"]) -> pd.DataFrame:
    """Count the rows of ``kind`` per province or district (imports not undone only).

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
    rows = con.execute(
        select(*keys, func.count().label("rows"))
        .where(table.c.import_id.in_(live))
        .group_by(*keys)
        .order_by(*keys)
    ).all()
    columns = [key.name for key in keys] + ["rows"]
    counts = pd.DataFrame([tuple(row) for row in rows], columns=columns).fillna("")
    provinces = reference.provinces().set_index("province_code")["display_name_vi"]
    counts.insert(1, "province_name", counts["province_code"].map(provinces).fillna(""))
    if by == "district":
        districts = reference.districts().set_index("district_code")["full_name_vi"]
        counts.insert(3, "district_name", counts["district_code"].map(districts).fillna(""))
    counts["rows"] = counts["rows"].astype("int64")
    return counts
