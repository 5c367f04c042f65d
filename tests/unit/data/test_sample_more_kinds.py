"""The sample targets by district, participants, events and routes: nested, plausible, seeded."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest

from dashboard.data.sample.campaign import (
    CAMPAIGN_LAUNCH,
    LAUNCH_PARADE_VEHICLES,
    VSI,
    parades,
)
from dashboard.data.sample.enrollments import generate_enrollments
from dashboard.data.sample.events import generate_events
from dashboard.data.sample.participants import generate_participants
from dashboard.data.sample.routes import ROUTE_SCALE, generate_routes
from dashboard.data.sample.targets import generate_targets
from dashboard.domain import EVENT_KINDS, EVENT_LEVELS
from geodata import reference

HOANG_SA = "498"


@cache
def _routes() -> pd.DataFrame:
    return generate_routes()


@cache
def _events() -> pd.DataFrame:
    return generate_events()


@cache
def _enrollments() -> pd.DataFrame:
    return generate_enrollments(scale=0.05)


@cache
def _participants() -> pd.DataFrame:
    return generate_participants(enrollments=_enrollments())


@pytest.mark.parametrize("national_target", [10_000, 777])
def test_district_targets_split_each_province_target_exactly(national_target: int) -> None:
    table = generate_targets(national_target=national_target)
    province_rows = table[table["district_code"].isna()].set_index("province_code")
    district_rows = table[table["district_code"].notna()]

    assert len(province_rows) == 63
    assert len(district_rows) == 705
    assert province_rows["target_new_participants"].sum() == national_target
    by_province = district_rows.groupby("province_code")["target_new_participants"].sum()
    pd.testing.assert_series_equal(
        by_province, province_rows["target_new_participants"], check_names=False
    )
    hoang_sa = district_rows.set_index("district_code").loc[HOANG_SA, "target_new_participants"]
    assert hoang_sa == 0


def test_participants_are_monthly_nested_and_national_scale() -> None:
    table = _participants()
    province_rows = table[table["district_code"].isna()]
    district_rows = table[table["district_code"].notna()]
    december = province_rows[province_rows["period"] == "2022-12"]
    values = ["voluntary_participants", "labour_force", "increase", "decrease"]

    assert sorted(table["period"].unique()) == [f"2022-{m:02d}" for m in range(5, 13)]
    assert len(province_rows) == 63 * 8 and len(district_rows) == 705 * 8
    assert 1.2e6 < december["voluntary_participants"].sum() < 1.6e6
    assert 48e6 < december["labour_force"].sum() < 54e6
    sums = district_rows.groupby(["period", "province_code"])[values].sum()
    pd.testing.assert_frame_equal(
        sums, province_rows.set_index(["period", "province_code"])[sums.columns]
    )
    national = province_rows.groupby("period")["voluntary_participants"].sum()
    assert national.is_monotonic_increasing
    assert (table["voluntary_participants"] <= table["labour_force"]).all()


def test_each_month_moves_the_stock_by_its_increase_less_its_decrease() -> None:
    rows = _participants()
    rows = rows[rows["district_code"].notna()].pivot(
        index="district_code",
        columns="period",
        values=["voluntary_participants", "increase", "decrease"],
    )
    stock = rows["voluntary_participants"]
    moved = (rows["increase"] - rows["decrease"]).iloc[:, 1:]

    pd.testing.assert_frame_equal(stock.diff(axis=1).iloc[:, 1:], moved, check_dtype=False)


def test_the_campaign_enrollments_are_part_of_each_month_increase() -> None:
    new = _enrollments()
    new = new[new["product"] == VSI]
    by_month = (
        new.groupby([new["registered_on"].dt.strftime("%Y-%m").rename("period"), "district_code"])
        .size()
        .rename("increase")
    )
    with_campaign, without = (
        table.dropna(subset=["district_code"]).set_index(["period", "district_code"])["increase"]
        for table in (_participants(), generate_participants())
    )

    # Every month's increase holds at least the month's enrollments...
    counted = with_campaign.reindex(by_month.index)
    assert (counted >= by_month).all()
    # ...and May, which starts from the same stock with or without them, exactly them more.
    may = (with_campaign - without).xs("2022-05", level="period").dropna()
    assert may[may != 0].astype(int).to_dict() == by_month.xs("2022-05", level="period").to_dict()


def test_participants_are_seeded() -> None:
    pd.testing.assert_frame_equal(
        generate_participants(enrollments=_enrollments()), _participants()
    )
    assert not generate_participants(seed=1).equals(generate_participants())


def test_the_launch_has_the_published_parades_and_counselling_groups() -> None:
    table = _events()
    launch = table[table["held_on"].dt.date == CAMPAIGN_LAUNCH]
    by_kind = launch.groupby(["kind", "level"])["attendees"].agg(["size", "sum"])

    assert by_kind.loc[("online_kickoff", "central"), "size"] == 1
    assert by_kind.loc[("online_kickoff", "province"), "size"] == 63
    # VSS news of 10/06/2022: more than 600 parades; about 6,600 groups talking directly to
    # about 168,000 people.
    assert by_kind.loc[("mobile_propaganda", "district"), "size"] == 600
    assert tuple(by_kind.loc[("counselling", "commune")]) == (6_600, 168_000)
    central = launch[launch["level"] == "central"].iloc[0]
    assert pd.isna(central["province_code"])
    assert central["online_viewers"] > launch["online_viewers"].drop(central.name).max()
    later = table[table["held_on"].dt.date > CAMPAIGN_LAUNCH]
    assert len(later) > 100
    assert set(later["kind"]) == {"conference", "counselling", "mobile_propaganda"}


def test_the_parade_events_are_the_parades_the_routes_read() -> None:
    table = _events()
    plan = parades()
    parade_events = table[(table["kind"] == "mobile_propaganda") & (table["level"] == "district")]

    assert plan["vehicles"].sum() == 9_000
    assert plan.groupby("province_code").size().min() >= 1
    assert plan["province_code"].nunique() == 63
    pd.testing.assert_frame_equal(
        parade_events[["province_code", "district_code"]].reset_index(drop=True),
        plan[["province_code", "district_code"]],
        check_dtype=False,
    )


def test_a_smaller_scale_shrinks_the_launch_events_alike() -> None:
    table = generate_events(scale=0.1)
    launch = table[table["held_on"].dt.date == CAMPAIGN_LAUNCH]
    counselling = launch[launch["kind"] == "counselling"]

    assert (launch["kind"] == "mobile_propaganda").sum() == 60
    assert (len(counselling), counselling["attendees"].sum()) == (660, 16_800)
    assert parades(scale=0.1)["vehicles"].sum() == 900


def test_event_places_fill_down_to_their_level_and_nest() -> None:
    table = _events()
    district_province = reference.districts().set_index("district_code")["province_code"]
    commune_district = reference.communes().set_index("commune_code")["district_code"]

    assert set(table["level"]) <= set(EVENT_LEVELS)
    assert set(table["kind"]) <= set(EVENT_KINDS)
    below_central = table[table["level"] != "central"]
    assert below_central["province_code"].notna().all()
    with_district = table[table["level"].isin(["district", "commune"])]
    assert (
        with_district["district_code"].map(district_province) == with_district["province_code"]
    ).all()
    communes = table[table["level"] == "commune"]
    assert (communes["commune_code"].map(commune_district) == communes["district_code"]).all()
    assert (table["attendees"] > 0).all()


def test_routes_tour_communes_by_car_and_motorbike_from_the_launch() -> None:
    points = _routes()
    stops = points[points["stop_name"].notna()]

    # The default sample is a tenth of the launch day: about 900 vehicles in 60 parades.
    assert points["vehicle_id"].nunique() == parades(scale=ROUTE_SCALE)["vehicles"].sum() == 900
    assert set(points["vehicle_type"]) == {"car", "motorbike"}
    assert points["recorded_at"].min().date() == CAMPAIGN_LAUNCH
    assert points["recorded_at"].max().date() < CAMPAIGN_LAUNCH + dt.timedelta(days=28)
    assert points["recorded_at"].dt.tz is not None
    assert stops["people_reached"].notna().all() and (stops["people_reached"] > 0).all()
    assert points.loc[points["stop_name"].isna(), "people_reached"].isna().all()
    # Each parade visits a few communes a day, many of them over the weeks.
    assert stops["commune_code"].nunique() > 300


def test_the_launch_day_has_the_parades_the_events_tell_of() -> None:
    points = _routes()
    launch = points[
        points["recorded_at"].dt.tz_convert("Asia/Ho_Chi_Minh").dt.date == CAMPAIGN_LAUNCH
    ]
    # Vehicle ids name the district and the parade: OTO-<district>-<parade>-<n>.
    parade = launch["vehicle_id"].str.split("-").str[2].astype(int)
    vehicles = launch.groupby(parade)["vehicle_id"].nunique()
    expected = parades(scale=ROUTE_SCALE).set_index("parade")
    assert vehicles.to_dict() == expected["vehicles"].to_dict()
    districts = launch.groupby(parade)["district_code"].first()
    assert districts.to_dict() == expected["district_code"].to_dict()
    # A parade drives together: its vehicles stop at the same communes, in the same order.
    first = launch[launch["stop_name"].notna()].groupby("vehicle_id")["commune_code"].agg(tuple)
    by_parade = first.groupby(first.index.str.split("-").str[2]).nunique()
    assert (by_parade == 1).all()


def test_routes_at_the_launch_scale_grow_with_the_scale() -> None:
    small = generate_routes(scale=0.02, days=1)
    assert small["vehicle_id"].nunique() == round(LAUNCH_PARADE_VEHICLES * 0.02)
    # A vehicle logs a point every half minute on the road: hundreds a day, so the whole
    # launch day (scale 1.0, 9,000 vehicles) holds millions.
    per_vehicle = len(small) / small["vehicle_id"].nunique()
    assert 150 <= per_vehicle <= 600
    assert per_vehicle * LAUNCH_PARADE_VEHICLES > 1_500_000


def test_route_points_nest_and_lie_inside_their_province_box() -> None:
    points = _routes()
    district_province = reference.districts().set_index("district_code")["province_code"]
    commune_district = reference.communes().set_index("commune_code")["district_code"]

    assert points[["province_code", "district_code", "commune_code"]].notna().all().all()
    assert (points["district_code"].map(district_province) == points["province_code"]).all()
    assert (points["commune_code"].map(commune_district) == points["district_code"]).all()
    assert points["lat"].between(8.0, 23.5).all() and points["lon"].between(102.0, 110.0).all()
    # Tracks move on: consecutive points of a vehicle are seconds to minutes apart, in order.
    gaps = points.groupby("vehicle_id")["recorded_at"].diff().dropna()
    assert (gaps > pd.Timedelta(0)).all()


def test_a_stop_lies_inside_its_district_polygon() -> None:
    import json

    import shapely.geometry

    points = _routes()
    stops = points[points["stop_name"].notna()].drop_duplicates("district_code")
    wanted = set(stops["district_code"])
    path = reference.SOURCES_DIR / "vn_districts_2022_complete_simplified.geojson"
    shapes = {
        f["properties"]["district_code"]: shapely.geometry.shape(f["geometry"])
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]
        if f["properties"]["district_code"] in wanted
    }
    inside = [
        shapes[row.district_code].contains(shapely.geometry.Point(row.lon, row.lat))
        for row in stops.itertuples()
    ]
    assert np.all(inside)


def test_routes_are_seeded() -> None:
    pd.testing.assert_frame_equal(generate_routes(), _routes())
    other = generate_routes(seed=5, scale=0.01, days=2)
    assert other["vehicle_id"].nunique() == parades(scale=0.01, seed=5)["vehicles"].sum()
    assert not other.equals(_routes())
