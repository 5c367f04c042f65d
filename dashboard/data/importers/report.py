"""Figures per province or district of each imported kind, for the command line's report.

The window rule is the screens': days counted from ``start`` to ``end`` inclusive, in Vietnam
time (route points are stored in UTC); participants are a stock, read at the latest month
with data that is not after ``end``; targets have no dates. Only imports not undone count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, Select, distinct, func, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import DATA_TABLES, imports
from geodata import reference

# Vietnam time (UTC+7, no daylight saving): the calendar day of a route point.
_VIETNAM = dt.timezone(dt.timedelta(hours=7))

MEASURES: dict[str, tuple[str, ...]] = {
    "enrollments": ("rows",),
    "participants": ("rows", "voluntary_participants", "labour_force", "year_plan"),
    "targets": ("rows", "target_new_participants"),
    "events": ("rows", "attendees"),
    "routes": ("rows", "stops", "vehicles", "people_reached"),
}
"""The figures of each kind: ``rows`` counts the rows (enrollments, events, route points)."""
PRODUCT_KINDS = ("enrollments", "targets")


def counts_by_unit(
    con: Connection,
    kind: str,
    by: Literal["province", "district"],
    *,
    product: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> pd.DataFrame:
    """The figures of ``kind`` per province or district.

    Args:
        kind: One of the five kinds.
        by: "province" or "district".
        product: Enrollments and targets: only this product; None for a line per product.
        period: First and last day counted, inclusive (``Campaign.period``: the screens'
            window); None counts every day.

    Returns:
        Columns ``province_code``, ``province_name`` (and ``district_code``,
        ``district_name`` when by district), ``product`` for enrollments and targets when no
        ``product`` is asked for, then the kind's ``MEASURES``, ordered by code;
        units without rows are left out. Rows without a unit (a route point at sea) count
        under "".
    """
    if by not in ("province", "district"):
        raise ValueError(f"by must be 'province' or 'district', not {by!r}")
    table = DATA_TABLES[kind]
    keys = [table.c.province_code] + ([table.c.district_code] if by == "district" else [])
    # The two products are never one figure (the screens count one at a time): without a
    # product asked for, each unit gets a line per product.
    per_product = product is None and kind in PRODUCT_KINDS
    groups = [*keys, table.c.product] if per_product else keys
    live = select(imports.c.id).where(imports.c.undone_at.is_(None))
    query = (
        select(*groups, *_measures(kind, table))
        .where(table.c.import_id.in_(live))
        .group_by(*groups)
        .order_by(*groups)
    )
    query = _window(query, kind, table, period, live)
    if product is not None and kind in PRODUCT_KINDS:
        query = query.where(table.c.product == product)
    rows = con.execute(query).all()
    columns = [key.name for key in groups] + list(MEASURES[kind])
    counts = pd.DataFrame([tuple(row) for row in rows], columns=columns)
    for key in keys:
        counts[key.name] = counts[key.name].fillna("")
    provinces = reference.provinces().set_index("province_code")["display_name_vi"]
    counts.insert(1, "province_name", counts["province_code"].map(provinces).fillna(""))
    if by == "district":
        districts = reference.districts().set_index("district_code")["full_name_vi"]
        counts.insert(3, "district_name", counts["district_code"].map(districts).fillna(""))
    for measure in MEASURES[kind]:
        counts[measure] = counts[measure].fillna(0).astype("int64")
    if kind == "participants":
        # The stock as a share of the year's plan (a development report's own figure, never
        # a target of new participants); blank where no plan was reported.
        counts["year_plan_percent"] = [
            round(stock / plan * 100, 1) if plan else None
            for stock, plan in zip(
                counts["voluntary_participants"], counts["year_plan"], strict=True
            )
        ]
    return counts


def _measures(kind: str, table: Any) -> list[ColumnElement[Any]]:
    rows = func.count().label("rows")
    if kind == "participants":
        return [
            rows,
            func.sum(table.c.voluntary_participants).label("voluntary_participants"),
            func.sum(table.c.labour_force).label("labour_force"),
            func.sum(table.c.year_plan).label("year_plan"),
        ]
    if kind == "targets":
        return [rows, func.sum(table.c.target_new_participants).label("target_new_participants")]
    if kind == "events":
        return [rows, func.sum(table.c.attendees).label("attendees")]
    if kind == "routes":
        return [
            rows,
            func.count(table.c.stop_name).label("stops"),
            func.count(distinct(table.c.vehicle_id)).label("vehicles"),
            func.sum(table.c.people_reached).label("people_reached"),
        ]
    return [rows]


def _window(
    query: Select[Any],
    kind: str,
    table: Any,
    period: tuple[dt.date, dt.date] | None,
    live: Select[Any],
) -> Select[Any]:
    """Keep the rows of the window, as the screens count them."""
    start, end = period or (None, None)
    if kind == "participants":
        latest = select(func.max(table.c.period)).where(table.c.import_id.in_(live))
        if end is not None:
            latest = latest.where(table.c.period <= f"{end:%Y-%m}")
        return query.where(table.c.period == latest.scalar_subquery())
    column = {"enrollments": "registered_on", "events": "held_on", "routes": "recorded_at"}.get(
        kind
    )
    if column is None:
        return query
    if kind == "routes":
        if start is not None:
            query = query.where(table.c.recorded_at >= _vietnam_midnight(start))
        if end is not None:
            query = query.where(table.c.recorded_at < _vietnam_midnight(end + dt.timedelta(days=1)))
        return query
    if start is not None:
        query = query.where(table.c[column] >= start)
    if end is not None:
        query = query.where(table.c[column] <= end)
    return query


def _vietnam_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), _VIETNAM)
