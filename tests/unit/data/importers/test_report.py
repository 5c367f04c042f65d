"""The command line's report: every kind's figures, the window, the product."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from dashboard.data.importers.report import counts_by_unit

UTC = dt.UTC
# Rows of one executemany need the same keys, so every row names its product.
VSI, HHI = "bhxh_tu_nguyen", "bhyt_ho_gia_dinh"


def _point(vehicle: str, at: dt.datetime, stop: str | None, people: int | None) -> dict:
    return {
        "vehicle_id": vehicle,
        "vehicle_type": "car",
        "recorded_at": at,
        "lat": 21.03,
        "lon": 105.85,
        "province_code": "01",
        "district_code": "001",
        "stop_name": stop,
        "people_reached": people,
    }


def test_every_kind_in_the_window(engine: Engine, record_import, make_enrollment) -> None:
    with engine.begin() as con:
        record_import(con, "enrollments", [
            make_enrollment("2022-05-08", "001", product=VSI),
            make_enrollment("2022-05-08", "001", product=HHI),
            make_enrollment("2022-05-07", "001", product=VSI),  # before the window
            make_enrollment("2022-05-09", "760", product=VSI),
        ])  # fmt: skip
        record_import(con, "routes", [
            # 23:30 on 7 May in Vietnam is outside a window starting on 8 May; 17:30 UTC
            # on 7 May is 00:30 on 8 May in Vietnam, inside it.
            _point("29A-1", dt.datetime(2022, 5, 7, 16, 30, tzinfo=UTC), None, None),
            _point("29A-1", dt.datetime(2022, 5, 7, 17, 30, tzinfo=UTC), "Chợ", 40),
            _point("29A-2", dt.datetime(2022, 5, 8, 3, 0, tzinfo=UTC), None, None),
        ])  # fmt: skip
        record_import(con, "participants", [
            {"period": "2022-04", "province_code": "01", "voluntary_participants": 10,
             "labour_force": 900},
            {"period": "2022-05", "province_code": "01", "voluntary_participants": 12,
             "labour_force": 900},
            {"period": "2022-06", "province_code": "01", "voluntary_participants": 15,
             "labour_force": 900},
        ])  # fmt: skip
        record_import(con, "events", [
            {"held_on": dt.date(2022, 5, 8), "level": "province", "province_code": "01",
             "kind": "conference", "attendees": 120},
        ])  # fmt: skip
        record_import(con, "targets", [
            {"province_code": "01", "target_new_participants": 300, "product": VSI},
            {"province_code": "01", "target_new_participants": 900, "product": HHI},
        ])  # fmt: skip
    window = {"period": (dt.date(2022, 5, 8), dt.date(2022, 5, 31))}

    with engine.connect() as con:
        enrollments = counts_by_unit(con, "enrollments", "province", **window)
        vsi = counts_by_unit(con, "enrollments", "district", product=VSI, **window)
        routes = counts_by_unit(con, "routes", "province", **window)
        participants = counts_by_unit(con, "participants", "province", **window)
        events = counts_by_unit(con, "events", "province", **window)
        targets = counts_by_unit(con, "targets", "province", product=HHI)

    # Without a product asked for, a line per product: never VSI and HHI in one figure.
    assert enrollments[["province_code", "product", "rows"]].values.tolist() == [
        ["01", VSI, 1],
        ["01", HHI, 1],
        ["79", VSI, 1],
    ]
    assert vsi[["district_code", "rows"]].values.tolist() == [["001", 1], ["760", 1]]
    assert routes.drop(columns="province_name").values.tolist() == [["01", 2, 1, 2, 40]]
    assert participants.drop(columns="province_name").values.tolist() == [
        ["01", 1, 12, 900, 0, None]  # no year's plan reported: no share of it
    ]
    assert events.drop(columns="province_name").values.tolist() == [["01", 1, 120]]
    assert targets.drop(columns="province_name").values.tolist() == [["01", 1, 900]]
