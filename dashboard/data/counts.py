"""Enrollment counts kept beside the rows, in the same transaction: what the screens read.

A snapshot of the data (``dashboard.data.metrics.snapshot``) and the launch-day view count
enrollments per day, hour, district, channel and product. Counting a million rows each time
the data changes took seconds; ``enrollment_counts`` holds those counts per import, so a
read costs the number of cells. Every path that writes enrollments calls ``write_counts``
for its import inside its own transaction (the file importer, the sample writer), and every
path that deletes an import's rows calls ``remove_counts`` (undo, setting the sample aside):
the counts can never disagree with the rows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Integer, cast, delete, extract, func, insert, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from dashboard.data.launch import VIETNAM_TIME
from dashboard.data.queries import CUBE_COLUMNS
from dashboard.data.schema import enrollment_counts, enrollments, imports

_VIETNAM_UTC_HOURS = int(VIETNAM_TIME.utcoffset(None).total_seconds()) // 3600


def vietnam_hour(moment: Any) -> ColumnElement[int]:
    """The hour (0-23) of a stored UTC timestamp column on Vietnam's clock; NULL stays NULL.

    Vietnam's offset is a whole number of hours and has had no summer time since 1975, so the
    UTC hour shifted by seven is exact, on SQLite and PostgreSQL alike.
    """
    # Constants inline, not bound: PostgreSQL matches a GROUP BY expression to the selected
    # one only when they are written the same, and two bound parameters are not.
    shift = literal_column(str(_VIETNAM_UTC_HOURS), Integer)
    return (cast(extract("hour", moment), Integer) + shift) % literal_column("24", Integer)


def write_counts(con: Connection, import_id: int | None = None) -> None:
    """Count the enrollments of ``import_id`` (every import's when None) into the table.

    One ``INSERT ... SELECT ... GROUP BY`` over the import's rows, found by their
    ``import_id`` index; call it in the transaction that wrote them, after the last row.
    """
    e = enrollments.c
    keys = (
        e.import_id,
        e.product,
        e.registered_on,
        vietnam_hour(e.registered_at),
        e.province_code,
        e.district_code,
        e.channel,
    )
    rows = select(*keys, func.count()).group_by(*keys)
    if import_id is not None:
        rows = rows.where(e.import_id == import_id)
    c = enrollment_counts.c
    targets = [c.import_id, c.product, c.registered_on, c.hour, c.province_code, c.district_code]
    con.execute(insert(enrollment_counts).from_select([*targets, c.channel, c.n], rows))


def remove_counts(con: Connection, import_id: int) -> None:
    """Delete the counts of ``import_id``, in the transaction that deletes its rows."""
    con.execute(delete(enrollment_counts).where(enrollment_counts.c.import_id == import_id))


def cube_from_rows(con: Connection) -> pd.DataFrame:
    """``queries.enrollment_cube`` counted over the rows, as before the counts were kept.

    Not for the screens (it costs the number of rows): the check that the counts say what
    the rows say, and the benchmark's "before".
    """
    e = enrollments.c
    keys = (e.registered_on, e.province_code, e.district_code, e.channel, e.product)
    live = select(imports.c.id).where(imports.c.undone_at.is_(None))
    rows = con.execute(
        select(*keys, func.count()).where(e.import_id.in_(live)).group_by(*keys)
    ).all()
    frame = pd.DataFrame(rows, columns=list(CUBE_COLUMNS))
    frame["registered_on"] = pd.to_datetime(frame["registered_on"]).astype("datetime64[s]")
    return frame.astype({"n": "int64"})
