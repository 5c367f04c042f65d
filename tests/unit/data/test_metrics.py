"""Metrics: the snapshot's answers on data small enough to check by hand, and on the sample.

Gauge and pace (progress), 2025 totals and the period rule have their own module
(test_metrics_progress.py); this one covers the map values, ranking, routes and events.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from dashboard.data import metrics
from dashboard.data.metrics import DashboardData, SnapshotCache
from dashboard.data.metrics.areas import unit_table
from dashboard.data.sample.store import load_sample
from dashboard.domain import METRICS, Filters
from geodata import reference

# Ba Đình "001" and Hoàn Kiếm "002" are in Hà Nội "01"; Quận 1 "760" in TP. Hồ Chí Minh "79".
# Hà Giang "02" and Tuyên Quang "08" became Tuyên Quang "08" in 2025.
RecordImport = Callable[..., int]
MakeEnrollment = Callable[..., dict[str, Any]]


def _event(
    day: str,
    level: str,
    place: tuple[str | None, str | None, str | None],
    attendees: int,
    viewers: int | None,
) -> dict[str, Any]:
    province, district, commune = place
    return {
        "held_on": dt.date.fromisoformat(day),
        "level": level,
        "province_code": province,
        "district_code": district,
        "commune_code": commune,
        "kind": "online_kickoff",
        "attendees": attendees,
        "online_viewers": viewers,
    }


def _stop(
    vehicle: str, at: str, commune: str | None, district: str, people: int | None
) -> dict[str, Any]:
    return {
        "vehicle_id": vehicle,
        "vehicle_type": "car" if vehicle.startswith("OTO") else "motorbike",
        "recorded_at": dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC),
        "lat": 21.03,
        "lon": 105.85,
        "province_code": reference.districts()
        .set_index("district_code")
        .loc[district, "province_code"],
        "district_code": district,
        "commune_code": commune,
        "stop_name": None if people is None else f"stop {commune}",
        "people_reached": people,
    }


@pytest.fixture
def data(
    engine: Engine, record_import: RecordImport, make_enrollment: MakeEnrollment
) -> DashboardData:
    enrollments = [
        make_enrollment("2022-05-08", "001", "event"),
        make_enrollment("2022-05-08", "001", "event"),
        make_enrollment("2022-05-08", "002", "post_office"),
        make_enrollment("2022-05-10", "001", "online"),
        make_enrollment("2022-06-01", "760", "vss_office"),
        make_enrollment("2022-06-01", "760", "collector"),
        make_enrollment("2022-06-02", "024", "post_office"),  # Hà Giang
        make_enrollment("2022-06-02", "070", "post_office"),  # Tuyên Quang
    ]
    targets = [
        {"province_code": "01", "district_code": None, "target_new_participants": 8},
        {"province_code": "01", "district_code": "001", "target_new_participants": 5},
        {"province_code": "79", "district_code": None, "target_new_participants": 4},
        {"province_code": "02", "district_code": None, "target_new_participants": 2},
    ]
    participants = [
        {
            "period": "2022-05",
            "province_code": "01",
            "district_code": None,
            "voluntary_participants": 100,
            "labour_force": 4_000,
        },
        {
            "period": "2022-06",
            "province_code": "01",
            "district_code": None,
            "voluntary_participants": 120,
            "labour_force": 4_000,
        },
        {
            "period": "2022-06",
            "province_code": "79",
            "district_code": None,
            "voluntary_participants": 30,
            "labour_force": None,
        },
    ]
    events = [
        _event("2022-05-08", "central", (None, None, None), 300, 40_000),
        _event("2022-05-08", "province", ("01", None, None), 100, 900),
        _event("2022-05-08", "district", ("01", "001", None), 40, None),
        _event("2022-06-25", "commune", ("01", "002", "00037"), 20, 5),
    ]
    points = [
        _stop("XM-1", "2022-05-08T01:00:00", "00001", "001", 80),
        _stop("XM-1", "2022-05-08T01:05:00", "00001", "001", None),
        _stop("XM-1", "2022-05-08T18:00:00", "00004", "001", 50),  # 9 May in Vietnam
        _stop("OTO-2", "2022-05-10T02:00:00", "00037", "002", 30),
    ]
    with engine.begin() as con:
        record_import(con, "enrollments", enrollments)
        record_import(con, "targets", targets)
        record_import(con, "participants", participants)
        record_import(con, "events", events)
        record_import(con, "routes", points)
    with engine.connect() as con:
        return DashboardData.load(con, national_targets={"bhxh_tu_nguyen": 100})


def _values(frame: pd.DataFrame, column: str = "value") -> dict[str, float]:
    return {
        code: value
        for code, value in zip(frame["code"], frame[column], strict=True)
        if not math.isnan(value)
    }


def values(data: DashboardData, metric: str = "new_enrollments", **filters: Any) -> pd.DataFrame:
    return metrics.map_values(data, metric=metric, filters=Filters(**filters))  # type: ignore[arg-type]


def test_new_enrollments_per_province_with_zero_where_none(data: DashboardData) -> None:
    frame = values(data)

    assert len(frame) == len(reference.provinces()) == 63
    assert _values(frame) == {
        **dict.fromkeys(frame["code"], 0.0),
        "01": 4,
        "79": 2,
        "02": 1,
        "08": 1,
    }
    assert frame.attrs == {"metric": "new_enrollments", "unit": "people"}
    assert frame.set_index("code").loc["01", "name_vi"] == "Hà Nội"


def test_filters_by_dates_channels_region_and_province(data: DashboardData) -> None:
    in_may = values(data, end=dt.date(2022, 5, 31))
    events_only = values(data, channels=("event",))
    south_east = values(data, region="DNB")
    districts = values(data, province="01")

    assert _values(in_may)["01"] == 4 and _values(in_may)["79"] == 0
    assert _values(events_only)["01"] == 2
    assert set(south_east["region_code"]) == {"DNB"} and _values(south_east)["79"] == 2
    assert (
        len(districts) == 30 and _values(districts)["001"] == 3 and _values(districts)["002"] == 1
    )
    late = values(data, start=dt.date(2022, 7, 1))
    assert set(_values(late).values()) == {0.0}


def test_ratios_and_no_data(data: DashboardData) -> None:
    share = _values(values(data, "target_share"))
    per_10k = values(data, "per_10k").set_index("code")
    district_share = _values(values(data, "target_share", province="01"))

    assert share == {"01": 50.0, "79": 50.0, "02": 50.0}  # no target elsewhere: no data
    pop = reference.provinces().set_index("province_code")["pop_2019"]
    assert per_10k.loc["01", "value"] == pytest.approx(4 / pop["01"] * 10_000)
    assert district_share == {"001": 60.0}


def test_coverage_uses_the_latest_month_and_says_its_unit(data: DashboardData) -> None:
    june = values(data, "coverage")
    may = values(data, "coverage", end=dt.date(2022, 5, 20))
    before = values(data, "coverage", end=dt.date(2022, 4, 30))

    assert june.attrs["unit"] == "percent_of_labour_force"
    assert _values(june) == {"01": 3.0}  # HCMC has participants but no labour force
    assert _values(may) == {"01": 2.5}
    assert _values(before) == {}


def test_coverage_falls_back_to_inhabitants_without_labour_force(
    engine: Engine, record_import: RecordImport
) -> None:
    with engine.begin() as con:
        record_import(
            con,
            "participants",
            [
                {
                    "period": "2022-06",
                    "province_code": "79",
                    "district_code": None,
                    "voluntary_participants": 900,
                    "labour_force": None,
                }
            ],
        )
        snapshot = DashboardData.load(con)
    frame = values(snapshot, "coverage")
    pop = reference.provinces().set_index("province_code")["pop_2019"]

    assert frame.attrs["unit"] == metrics.COVERAGE_FALLBACK_UNIT == metrics.coverage_unit(snapshot)
    assert _values(frame) == {"79": pytest.approx(900 / pop["79"] * 1_000)}


def test_an_empty_database_is_no_data_everywhere(engine: Engine) -> None:
    with engine.connect() as con:
        empty = DashboardData.load(con)
    for metric in METRICS:
        assert values(empty, metric)["value"].isna().all(), metric
    assert metrics.progress(empty, Filters()) == metrics.Progress(value=0, target=10_000)
    assert metrics.route_points(empty).empty and metrics.reached_units(empty).empty
    assert empty.last_day is None


def test_events_and_attendance_per_unit(data: DashboardData) -> None:
    events = _values(values(data, "events"))
    attendance = values(data, "attendance").set_index("code")
    by_district = _values(values(data, "events", province="01"))

    assert events == {**dict.fromkeys(events, 0.0), "01": 3}  # the central event has no place
    assert attendance.loc["01", "value"] == 100 + 900 + 40 + 20 + 5
    assert attendance.loc["01", "attendees"] == 160
    assert by_district["001"] == 1 and by_district["002"] == 1
    in_june = _values(values(data, "events", start=dt.date(2022, 6, 1)))
    assert in_june["01"] == 1


def test_2025_sums_merged_provinces(data: DashboardData) -> None:
    frame = values(data, geography="2025").set_index("code")
    share = values(data, "target_share", geography="2025").set_index("code")

    assert len(frame) == reference.province_count("2025") == 34
    assert frame.loc["08", "value"] == 2  # Hà Giang + Tuyên Quang
    assert (
        frame.loc["08", "population"]
        == reference.provinces().set_index("province_code")["pop_2019"][["02", "08"]].sum()
    )
    assert math.isnan(share.loc["08", "target"])  # Tuyên Quang has no target: the sum is unknown
    assert share.loc["01", "value"] == 50.0
    # A 2025 province in view keeps the whole 2025 map (it is highlighted, not isolated).
    assert len(values(data, "events", geography="2025", province="08")) == 34


def test_bad_arguments_are_refused(data: DashboardData) -> None:
    with pytest.raises(ValueError, match="metric"):
        values(data, "bogus")
    with pytest.raises(ValueError, match="channel"):
        values(data, channels=("fax",))
    with pytest.raises(TypeError):
        values(data, channels="online")
    with pytest.raises(ValueError, match="region"):
        metrics.progress(data, Filters(region="XX"))
    with pytest.raises(ValueError, match="2025 province"):
        metrics.progress(data, Filters(geography="2025", province="02"))
    with pytest.raises(ValueError, match="no districts"):
        unit_table(data, Filters(geography="2025"), level="district")


def test_ranking_orders_by_share_with_no_data_last(data: DashboardData) -> None:
    table = metrics.ranking(data, Filters())

    assert list(table.columns) == list(metrics.RANKING_COLUMNS)
    assert table["code"].head(3).tolist() == ["01", "02", "79"]
    assert table["rank"].head(3).tolist() == [1, 1, 1]
    assert table["rank"].iloc[3:].isna().all()
    by_count = metrics.ranking(data, Filters(), by="new_enrollments")
    assert by_count.iloc[0][["code", "rank"]].tolist() == ["01", 1]
    # An open 2022 province ranks its districts (a selected district among them); a 2025
    # province is ranked among the others, not alone.
    hanoi = metrics.ranking(data, Filters(region="DBSH", province="01", district="002"))
    districts = reference.districts()
    assert sorted(hanoi["code"]) == sorted(
        districts[districts["province_code"] == "01"].district_code
    )
    assert hanoi.iloc[0][["code", "rank", "new_enrollments", "target"]].tolist() == ["001", 1, 3, 5]
    assert hanoi["rank"].iloc[1:].isna().all()  # only Ba Đình has a target
    assert len(metrics.ranking(data, Filters(geography="2025", province="01"))) == 34


def test_routes_by_vietnam_day_stops_and_reached_units(data: DashboardData) -> None:
    launch = metrics.route_points(data, day=dt.date(2022, 5, 8))
    up_to_9 = metrics.route_stops(data, until=dt.date(2022, 5, 9))
    reached = metrics.reached_units(data, until=dt.date(2022, 5, 9))
    districts = metrics.reached_units(data, level="district")

    assert len(launch) == 2 and launch["is_stop"].tolist() == [True, False]
    assert up_to_9["people_reached"].tolist() == [80, 50]
    assert reached["code"].tolist() == ["00001", "00004"]
    assert reached["first_reached_on"].tolist() == [
        pd.Timestamp("2022-05-08"),
        pd.Timestamp("2022-05-09"),
    ]
    assert districts.set_index("code")["people_reached"].to_dict() == {"001": 130, "002": 30}
    assert metrics.route_points(data, vehicle_type="car")["vehicle_id"].unique().tolist() == [
        "OTO-2"
    ]


def test_event_list_and_summary(data: DashboardData) -> None:
    listed = metrics.events_list(data, Filters())
    districts = metrics.events_list(data, Filters(), level="district")
    summary = metrics.event_summary(data, Filters()).set_index("level")

    assert listed["held_on"].iloc[0] == pd.Timestamp("2022-06-25")
    # No display text in the data layer: the screen names central events in its language.
    assert listed.set_index("level").loc["central", "place_vi"] is None
    assert districts["place_vi"].tolist() == ["Quận Ba Đình"]
    assert len(metrics.events_list(data, Filters(province="01"))) == 3
    assert len(metrics.events_list(data, Filters(geography="2025", province="01"))) == 3
    assert summary.loc["central", "online_viewers"] == 40_000
    assert summary["events"].tolist() == [1, 1, 1, 1]
    may = metrics.event_summary(data, Filters(end=dt.date(2022, 5, 31)))
    assert may["events"].tolist() == [1, 1, 1, 0]


def test_snapshot_cache_rebuilds_only_after_an_import(
    engine: Engine, record_import: RecordImport, make_enrollment: MakeEnrollment
) -> None:
    cache = SnapshotCache(engine, national_targets={"bhxh_tu_nguyen": 50})
    first = cache.get()
    assert cache.get() is first
    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")])
    second = cache.get()
    assert second is not first
    assert metrics.progress(second, Filters()) == metrics.Progress(value=1, target=50)


def test_the_sample_agrees_with_plain_pandas(engine: Engine) -> None:
    # A tenth of the published campaign: some hundred rows in the window asked for below.
    load_sample(engine, scale=0.1)
    with engine.connect() as con:
        snapshot = DashboardData.load(con)
        rows = pd.read_sql(
            "SELECT registered_on, district_code, channel FROM enrollments"
            " WHERE product = 'bhxh_tu_nguyen'",
            con,
        )
    rows["registered_on"] = pd.to_datetime(rows["registered_on"])
    window = rows[
        (rows["registered_on"] >= "2022-06-01")
        & (rows["registered_on"] <= "2022-08-31")
        & rows["channel"].isin(["online", "collector"])
    ]
    expected = window.groupby("district_code").size()
    frame = unit_table(
        snapshot,
        Filters(dt.date(2022, 6, 1), dt.date(2022, 8, 31), ("online", "collector")),
        level="district",
    ).set_index("code")

    got = frame["new_enrollments"][frame["new_enrollments"] > 0]
    pd.testing.assert_series_equal(
        got.astype("int64"), expected, check_names=False, check_index_type=False
    )
    assert np.isfinite(values(snapshot, "coverage")["value"]).all()


def test_a_view_asked_again_gets_the_same_figures_untouched_by_what_callers_added(
    data: DashboardData,
) -> None:
    hanoi = Filters(province="01")
    first = metrics.map_values(data, metric="target_share", filters=hanoi)
    ranked = metrics.ranking(data, hanoi)  # adds a rank to its copy of the same table
    again = metrics.map_values(data, metric="target_share", filters=hanoi)

    pd.testing.assert_frame_equal(first, again)
    assert "rank" not in again.columns and "value" in again.columns
    assert set(ranked["code"]) == set(first["code"])
    # A different view is not served from another view's table.
    national = metrics.map_values(data, metric="target_share", filters=Filters())
    assert len(national) == 63 and set(national["code"]) != set(first["code"])


def test_only_a_few_recent_views_are_kept_per_snapshot(data: DashboardData) -> None:
    from dashboard.data.metrics.areas import VIEW_MEMO_SIZE

    for province in reference.provinces()["province_code"][: VIEW_MEMO_SIZE + 5]:
        metrics.map_values(data, metric="new_enrollments", filters=Filters(province=province))

    memo = data._cached("view_units", dict)
    assert len(memo._tables) == VIEW_MEMO_SIZE  # type: ignore[attr-defined]
