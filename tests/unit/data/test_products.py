"""Products stay apart on every screen's numbers: map, gauge, pace, ranking, summary, launch.

Voluntary social insurance (VSI) and household health insurance (HHI) rows share days and
districts here, with different counts and targets, so a figure that added them together, or
took one product's target for the other's, would give a number none of these asserts allow.
Ba Đình "001" and Hoàn Kiếm "002" are in Hà Nội "01"; Quận 1 "760" in TP. Hồ Chí Minh "79".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from dashboard.data.launch import launch_day
from dashboard.domain import Campaign
from dashboard.services import DashboardService
from dashboard.state import ViewState, Vocabulary

VSI, HHI = "bhxh_tu_nguyen", "bhyt_ho_gia_dinh"
KICKOFF = dt.date(2022, 5, 8)


@pytest.fixture
def engine_with_products(
    engine: Engine,
    record_import: Callable[..., int],
    make_enrollment: Callable[..., dict[str, Any]],
) -> Engine:
    def enrolled(day: str, district: str, product: str, n: int, hour: int | None = None):
        at = None if hour is None else dt.datetime(2022, 5, 8, hour, tzinfo=dt.UTC)
        return [make_enrollment(day, district, product=product, registered_at=at)] * n

    enrollments = [
        *enrolled("2022-05-08", "001", VSI, 2, hour=1),  # 08:00 in Vietnam
        *enrolled("2022-05-08", "001", HHI, 5, hour=1),
        *enrolled("2022-05-08", "760", HHI, 3, hour=2),  # 09:00
        *enrolled("2022-06-01", "002", VSI, 1),
        *enrolled("2022-06-01", "760", HHI, 4),
    ]
    targets = [
        {"province_code": "01", "target_new_participants": 6, "product": VSI},
        {"province_code": "79", "target_new_participants": 3, "product": VSI},
        {"province_code": "01", "target_new_participants": 50, "product": HHI},
        {"province_code": "79", "target_new_participants": 40, "product": HHI},
    ]
    with engine.begin() as con:
        record_import(con, "enrollments", enrollments)
        record_import(con, "targets", targets)
    return engine


def service_of(engine: Engine, household_target: int | None) -> DashboardService:
    campaign = Campaign(KICKOFF, dt.date(2022, 12, 31), 100, household_target)
    return DashboardService(engine, campaign=campaign)


def filters(query: str = ""):
    state = ViewState.from_query(query, vocabulary=Vocabulary.from_reference())
    return state.filters(Campaign())


@pytest.fixture
def service(engine_with_products: Engine) -> DashboardService:
    return service_of(engine_with_products, household_target=200)


def test_the_map_counts_the_chosen_product_only(service: DashboardService) -> None:
    def counts(query: str) -> dict[str, float]:
        frame = service.map_values("new_enrollments", filters(query))
        return {c: v for c, v in zip(frame["code"], frame["value"], strict=True) if v}

    assert counts("") == {"01": 3}
    assert counts("?product=bhyt_ho_gia_dinh") == {"01": 5, "79": 7}
    assert counts("?product=bhyt_ho_gia_dinh&province=01") == {"001": 5}


def test_the_share_of_target_divides_by_the_same_products_target(
    service: DashboardService,
) -> None:
    def shares(query: str) -> dict[str, float]:
        frame = service.map_values("target_share", filters(query))
        rows = zip(frame["code"], frame["value"], strict=True)
        return {c: round(v, 3) for c, v in rows if not math.isnan(v)}  # NaN: no target

    assert shares("") == {"01": 0.5, "79": 0.0}  # 3 of 6; none of TP HCM's 3
    assert shares("?product=bhyt_ho_gia_dinh") == {"01": 0.1, "79": 0.175}


def test_gauges_count_and_aim_at_the_chosen_product(service: DashboardService) -> None:
    vsi_national, vsi_hanoi = service.progress(filters("?province=01"))
    hhi_national, hhi_hanoi = service.progress(filters("?province=01&product=bhyt_ho_gia_dinh"))

    assert (vsi_national.value, vsi_national.target) == (3, 100)
    assert vsi_hanoi is not None and (vsi_hanoi.value, vsi_hanoi.target) == (3, 6)
    assert (hhi_national.value, hhi_national.target) == (12, 200)
    assert hhi_hanoi is not None and (hhi_hanoi.value, hhi_hanoi.target) == (5, 50)


def test_a_product_without_a_national_target_has_none(engine_with_products: Engine) -> None:
    service = service_of(engine_with_products, household_target=None)

    national, _ = service.progress(filters("?product=bhyt_ho_gia_dinh"))
    pace = service.pace(filters("?product=bhyt_ho_gia_dinh"))

    assert (national.value, national.target, national.share) == (12, None, None)
    assert pace.target is None
    # The voluntary target is untouched by the missing household one.
    assert service.progress(filters())[0].target == 100


def test_the_pace_line_runs_the_chosen_products_total(service: DashboardService) -> None:
    vsi = service.pace(filters())
    hhi = service.pace(filters("?product=bhyt_ho_gia_dinh&province=79"))

    assert vsi.cumulative[-1] - vsi.cumulative[0] == 3 and vsi.target == 100
    assert dict(zip(vsi.days, vsi.cumulative, strict=True))[KICKOFF] == 2
    assert hhi.cumulative[-1] == 7 and hhi.target == 40
    assert dict(zip(hhi.days, hhi.cumulative, strict=True))[KICKOFF] == 3


def test_the_ranking_ranks_by_the_chosen_products_figures(service: DashboardService) -> None:
    vsi = service.ranking(filters()).set_index("code")
    hhi = service.ranking(filters("?product=bhyt_ho_gia_dinh")).set_index("code")

    assert vsi.loc[["01", "79"], ["new_enrollments", "target"]].values.tolist() == [
        [3, 6],
        [0, 3],
    ]
    assert hhi.loc[["01", "79"], ["new_enrollments", "target"]].values.tolist() == [
        [5, 50],
        [7, 40],
    ]
    assert list(hhi.index[:2]) == ["79", "01"]  # 17.5 % ahead of 10 %
    assert vsi.index[0] == "01"


def test_the_national_summary_gives_both_products_side_by_side(
    service: DashboardService,
) -> None:
    summary = service.products_summary(filters("?province=01&product=bhyt_ho_gia_dinh"))
    june = service.products_summary(filters("?from=2022-06-01&to=2022-06-30"))

    assert {p: (s.value, s.target) for p, s in summary.items()} == {
        VSI: (3, 100),
        HHI: (12, 200),
    }
    assert {p: s.value for p, s in june.items()} == {VSI: 1, HHI: 4}


def test_the_launch_curve_counts_the_chosen_product(engine_with_products: Engine) -> None:
    with engine_with_products.connect() as con:
        vsi, hhi = (
            launch_day(con, KICKOFF, since=KICKOFF, product=product) for product in (VSI, HHI)
        )

    assert {h: n for h, n in enumerate(vsi.hourly) if n} == {8: 2}
    assert {h: n for h, n in enumerate(hhi.hourly) if n} == {8: 5, 9: 3}


def test_an_unknown_product_is_refused_not_counted_as_nothing(
    service: DashboardService,
) -> None:
    with pytest.raises(ValueError, match="unknown product"):
        service.progress(replace(filters(), product="bhyt"))
