"""DashboardService (dashboard/services.py) on rows small enough to count by hand.

Hà Giang "02" and Tuyên Quang "08" became Tuyên Quang "08" in 2025; only Hà Giang has a
target, so the 2025 province has none: every screen must say so, not a partial sum.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from dashboard.domain import Campaign
from dashboard.services import DashboardService
from dashboard.state import ViewState, Vocabulary

CAMPAIGN = Campaign(dt.date(2022, 5, 8), dt.date(2022, 12, 31), 100)


@pytest.fixture
def service(
    engine: Engine,
    record_import: Callable[..., int],
    make_enrollment: Callable[..., dict[str, Any]],
) -> DashboardService:
    enrollments = [
        make_enrollment("2022-04-01", "024"),  # Hà Giang, before the campaign
        make_enrollment("2022-05-08", "024"),  # Hà Giang
        make_enrollment("2022-06-02", "070"),  # Tuyên Quang
        make_enrollment("2022-06-03", "001", "online"),  # Hà Nội
    ]
    targets = [
        {"province_code": "01", "district_code": None, "target_new_participants": 8},
        {"province_code": "02", "district_code": None, "target_new_participants": 2},
    ]
    with engine.begin() as con:
        record_import(con, "enrollments", enrollments)
        record_import(con, "targets", targets)
    return DashboardService(engine, campaign=CAMPAIGN)


def filters(query: str = ""):
    return ViewState.from_query(query, vocabulary=Vocabulary.from_reference()).filters(CAMPAIGN)


def test_the_default_view_counts_the_campaign_window(service: DashboardService) -> None:
    national, area = service.progress(filters())
    pace = service.pace(filters())

    assert (national.value, national.target, area) == (3, 100, None)
    assert (pace.days[0], pace.cumulative[0]) == (dt.date(2022, 5, 7), 0)
    assert pace.days[-1] == dt.date(2022, 6, 3) and pace.cumulative[-1] == 3
    assert pace.target == 100
    assert service.ranking(filters())["new_enrollments"].sum() == 3
    assert service.map_values("new_enrollments", filters())["value"].sum() == 3


def test_a_2025_province_without_every_parts_target_has_none_on_every_screen(
    service: DashboardService,
) -> None:
    view = filters("?geo=2025&province=08")
    _, area = service.progress(view)
    pace = service.pace(view)
    shares = service.map_values("target_share", view).set_index("code")["value"]
    ranked = service.ranking(view).set_index("code")

    assert area is not None and (area.value, area.target, area.share) == (2, None, None)
    assert pace.target is None and pace.cumulative[-1] - pace.cumulative[0] == 2
    assert math.isnan(shares["08"])
    assert len(ranked) == 34 and math.isnan(ranked.loc["08", "target"])
    assert ranked["rank"].isna()["08"]
    # Hà Nội kept its borders in 2025: its share is a fraction (1 of 8).
    assert shares["01"] == pytest.approx(0.125)


def test_a_2022_province_and_a_region(service: DashboardService) -> None:
    _, hagiang = service.progress(filters("?province=02"))
    _, north = service.progress(filters("?region=TDMNPB"))

    assert hagiang is not None and (hagiang.value, hagiang.target) == (1, 2)
    assert hagiang.share == 0.5
    assert north is not None and (north.value, north.target) == (2, None)
    assert service.pace(filters("?region=TDMNPB")).target is None


def test_gauge_and_pace_agree_for_any_period(service: DashboardService) -> None:
    for query in ("?from=2022-06-01&to=2022-06-02", "?from=2022-03-01", "?to=2022-05-08"):
        _, area = service.progress(filters(query + "&province=02"))
        national, _ = service.progress(filters(query))
        pace = service.pace(filters(query))
        assert pace.cumulative[-1] - pace.cumulative[0] == national.value, query
        assert area is not None
    early = service.pace(filters("?from=2022-03-01"))
    assert early.days[0] == dt.date(2022, 2, 28) and early.cumulative[-1] == 4


def test_tour_and_events(service: DashboardService) -> None:
    stops = service.tour_stops()
    assert stops[0] == (None, None)
    # Tây Bắc and the north-east: Hà Giang is ranked, the others have no target.
    assert ("TDMNPB", "02") in stops
    assert service.events(filters()).empty


def test_days_to_deadline_count_from_the_last_day_counted(service: DashboardService) -> None:
    def days(end: str) -> int:
        return service.days_to_deadline(filters(f"?to={end}"))

    # The data's last day is 3 June: a later period end counts from there.
    assert service.data_date() == dt.date(2022, 6, 3)
    assert days("2022-12-31") == days("2022-06-03") == 211
    assert days("2022-05-31") == 214
