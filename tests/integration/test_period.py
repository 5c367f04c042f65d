"""The period shown is the period counted: with enrollments before and after the campaign,
the default view's gauge, pace line, ranking and map, and the CLI report count the same rows."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.screen_totals import (
    gauge_and_pace,
    imported_database,
    map_total,
    ranking_total,
    report_total,
)

# Hà Nội twice and TP HCM once inside the campaign (8 May - 31 Dec 2022); Hà Nội once a year
# before it and once after it.
ENROLLMENTS = """Ngày đăng ký,Tỉnh/Thành phố,Quận/Huyện,Kênh,Mã số BHXH
08/05/2021,Hà Nội,Ba Đình,Bưu điện,0100000001
08/05/2022,Hà Nội,Ba Đình,Bưu điện,0100000002
01/06/2022,Hà Nội,Hoàn Kiếm,Trực tuyến,0100000003
15/06/2022,TP HCM,Quận 1,Cơ quan BHXH,0100000004
05/01/2023,Hà Nội,Ba Đình,Bưu điện,0100000005
"""
TARGETS = "Tỉnh/Thành phố,Chỉ tiêu\nHà Nội,10\nTP HCM,10\n"
IN_WINDOW = 3


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return imported_database(
        tmp_path_factory.mktemp("period"), {"enrollments": ENROLLMENTS, "targets": TARGETS}
    )


@pytest.fixture(scope="module")
def app(database: str):
    return create_app(Settings.load(environ={}, database_url=database, load_sample=False))


def test_the_default_view_counts_the_campaign_window_everywhere(app, database):
    gauge, running, days = gauge_and_pace(app)

    assert gauge == IN_WINDOW
    # The pace line starts the day before the campaign at 0 and rises by the gauge's count.
    assert days[0] == "2022-05-07" and running[0] == 0
    assert running[-1] - running[0] == IN_WINDOW
    assert days[-1] <= "2022-12-31"
    assert map_total(app) == IN_WINDOW
    assert ranking_total(app) == IN_WINDOW
    assert report_total(database) == IN_WINDOW


def test_a_period_reaching_outside_the_window_counts_what_it_asks_for(app, database):
    search = "?from=2021-01-01&to=2023-01-31"
    gauge, running, days = gauge_and_pace(app, search)

    assert gauge == 5
    assert days[0] == "2020-12-31" and running[-1] - running[0] == 5
    assert map_total(app, search) == ranking_total(app, search) == 5
    assert report_total(database, "--from", "2021-01-01", "--to", "2023-01-31") == 5


def test_gauge_and_pace_agree_for_a_period_inside_the_campaign(app):
    gauge, running, days = gauge_and_pace(app, "?from=2022-06-01&to=2022-06-30")

    assert gauge == 2
    # The running total still counts from the campaign start: 1 enrolled on 8 May.
    assert (days[0], running[0]) == ("2022-05-31", 1)
    assert running[-1] - running[0] == gauge
