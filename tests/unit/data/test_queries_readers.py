"""Readers of participants, targets, events and route points: newest import wins, undone ignored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import update
from sqlalchemy.engine import Engine

from dashboard.data import queries
from dashboard.data.schema import imports

RecordImport = Callable[..., int]


def _participant(
    period: str, province: str, district: str | None, vp: int, lf: int | None
) -> dict[str, Any]:
    return {
        "period": period,
        "province_code": province,
        "district_code": district,
        "voluntary_participants": vp,
        "labour_force": lf,
    }


def test_participants_newest_import_wins_per_month_and_province(
    engine: Engine, record_import: RecordImport
) -> None:
    with engine.begin() as con:
        record_import(
            con,
            "participants",
            [
                _participant("2022-05", "01", None, 100, 1_000),
                _participant("2022-05", "79", None, 50, None),
            ],
        )
        record_import(con, "participants", [_participant("2022-05", "01", "001", 7, 70)])
        rows = queries.participant_rows(con)

    assert rows.drop(columns="labour_force").to_dict("list") == {
        "period": ["2022-05", "2022-05"],
        "province_code": ["01", "79"],
        "district_code": ["001", None],
        "voluntary_participants": [7, 50],
    }
    assert rows["labour_force"].iloc[0] == 70
    assert pd.isna(rows["labour_force"].iloc[1])
    totals = queries.province_totals(rows, ["voluntary_participants", "labour_force"])
    assert totals["voluntary_participants"].tolist() == [7, 50]
    assert totals["labour_force"].iloc[0] == 70 and pd.isna(totals["labour_force"].iloc[1])


def test_target_rows_keep_province_and_district_rows_of_the_deciding_import(
    engine: Engine, record_import: RecordImport
) -> None:
    def target(province: str, district: str | None, n: int) -> dict[str, Any]:
        return {"province_code": province, "district_code": district, "target_new_participants": n}

    with engine.begin() as con:
        record_import(
            con, "targets", [target("01", None, 90), target("01", "001", 30), target("79", None, 5)]
        )
        undone = record_import(con, "targets", [target("79", None, 999)])
        con.execute(
            update(imports).where(imports.c.id == undone).values(undone_at=dt.datetime.now(dt.UTC))
        )
        rows = queries.target_rows(con)
        provinces = queries.province_totals(rows, ["target"])

    assert rows.to_dict("list") == {
        "product": ["bhxh_tu_nguyen"] * 3,
        "province_code": ["01", "01", "79"],
        "district_code": [None, "001", None],
        "target": [90, 30, 5],
    }
    assert provinces.to_dict("list") == {
        "product": ["bhxh_tu_nguyen"] * 2,
        "province_code": ["01", "79"],
        "target": [90, 5],
    }


def test_events_and_route_points_are_read_typed_and_ordered(
    engine: Engine, record_import: RecordImport
) -> None:
    kickoff = {
        "province_code": None,
        "district_code": None,
        "commune_code": None,
        "held_on": dt.date(2022, 5, 8),
        "level": "central",
        "kind": "online_kickoff",
        "attendees": 300,
        "online_viewers": 40_000,
    }
    commune = {
        "held_on": dt.date(2022, 5, 7),
        "level": "commune",
        "province_code": "01",
        "district_code": "001",
        "commune_code": "00001",
        "kind": "counselling",
        "attendees": 20,
        "online_viewers": None,
    }
    at = dt.datetime(2022, 5, 8, 1, 0, tzinfo=dt.UTC)
    point = {
        "vehicle_id": "XM-1",
        "vehicle_type": "motorbike",
        "lat": 21.0,
        "lon": 105.8,
        "stop_name": None,
        "people_reached": None,
    }
    with engine.begin() as con:
        record_import(con, "events", [kickoff, commune])
        record_import(
            con,
            "routes",
            [
                {**point, "recorded_at": at + dt.timedelta(minutes=3)},
                {**point, "recorded_at": at, "stop_name": "Phúc Xá", "people_reached": 80},
            ],
        )
        events = queries.event_rows(con)
        points = queries.route_point_rows(con)

    assert events["level"].tolist() == ["commune", "central"]
    assert events["held_on"].dtype == "datetime64[s]"
    assert events["online_viewers"].isna().tolist() == [True, False]
    assert points["recorded_at"].tolist() == [
        pd.Timestamp(at),
        pd.Timestamp(at) + pd.Timedelta(minutes=3),
    ]
    assert points["people_reached"].iloc[0] == 80 and pd.isna(points["people_reached"].iloc[1])
    assert points["province_code"].isna().all()


def test_empty_database_gives_empty_frames(engine: Engine) -> None:
    with engine.connect() as con:
        frames = [
            queries.participant_rows(con),
            queries.target_rows(con),
            queries.event_rows(con),
            queries.route_point_rows(con),
        ]
    assert all(frame.empty for frame in frames)
    assert list(frames[2].columns) == list(queries.EVENT_COLUMNS)
    assert list(frames[3].columns) == list(queries.ROUTE_COLUMNS)
