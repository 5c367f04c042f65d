"""Rows written by each backend's bulk path come back as they were given."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.engine import Engine

from dashboard.data.importers.load import insert_rows, log_import
from dashboard.data.schema import route_points

# What COPY's text format would misread if a value went in unescaped.
AWKWARD = ["tab\there", "back\\slash", "two\nlines", "carriage\rreturn", "\\N", "Trạm 1"]


def test_awkward_text_none_floats_and_moments_come_back_unchanged(engine: Engine) -> None:
    moment = dt.datetime(2022, 5, 8, 1, 30, 15, 250_000, tzinfo=dt.UTC)
    columns = {
        "vehicle_id": ["xe\t1"] * len(AWKWARD) + ["xe 2"],
        "vehicle_type": ["car"] * (len(AWKWARD) + 1),
        "recorded_at": [moment] * (len(AWKWARD) + 1),
        "lat": [21.0285] * len(AWKWARD) + [-0.1],
        "lon": [105.8542] * (len(AWKWARD) + 1),
        "stop_name": [*AWKWARD, None],
        "people_reached": [*range(len(AWKWARD)), None],
    }
    with engine.begin() as con:
        import_id = log_import(con, "routes", file_name="r.csv", imported_by="t")
        added = insert_rows(con, route_points, columns, import_id)

    assert added == len(AWKWARD) + 1
    names = list(columns)
    with engine.connect() as con:
        stored = con.execute(
            select(*(route_points.c[name] for name in names)).order_by(route_points.c.id)
        ).all()
    given = zip(*columns.values(), strict=True)
    assert [list(row) for row in stored] == [list(row) for row in given]
