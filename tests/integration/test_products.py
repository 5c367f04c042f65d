"""The product in the URL is the product counted: with voluntary social insurance (VSI) and
household health insurance (HHI) rows imported from real files, the gauge, pace line, map,
ranking and launch curve of ``product=...`` count that product only, against its own target,
and so does the CLI report's ``--product``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard import ids
from dashboard.app import create_app
from dashboard.cli import main
from dashboard.config import Settings
from tests.integration.dashclient import answer
from tests.integration.screen_totals import (
    draw,
    gauge_and_pace,
    imported_database,
    map_total,
    ranking_total,
    report_total,
)

# On the kickoff: Hà Nội 2 VSI and 3 HHI, TP HCM 4 HHI; in June Hà Nội 1 VSI more.
ENROLLMENTS = """Ngày đăng ký,Giờ đăng ký,Tỉnh/Thành phố,Quận/Huyện,Kênh,Loại hình,Mã số BHXH
08/05/2022,08/05/2022 08:10,Hà Nội,Ba Đình,Bưu điện,BHXH tự nguyện,0100000001
08/05/2022,08/05/2022 08:20,Hà Nội,Ba Đình,Bưu điện,BHXH tự nguyện,0100000002
08/05/2022,08/05/2022 08:30,Hà Nội,Ba Đình,Bưu điện,BHYT hộ gia đình,0100000003
08/05/2022,08/05/2022 09:30,Hà Nội,Ba Đình,Bưu điện,BHYT hộ gia đình,0100000004
08/05/2022,08/05/2022 10:30,Hà Nội,Hoàn Kiếm,Bưu điện,BHYT hộ gia đình,0100000005
08/05/2022,08/05/2022 10:40,TP HCM,Quận 1,Trực tuyến,BHYT hộ gia đình,0100000006
08/05/2022,08/05/2022 10:50,TP HCM,Quận 1,Trực tuyến,BHYT hộ gia đình,0100000007
08/05/2022,08/05/2022 11:00,TP HCM,Quận 1,Trực tuyến,BHYT hộ gia đình,0100000008
08/05/2022,08/05/2022 11:10,TP HCM,Quận 1,Trực tuyến,BHYT hộ gia đình,0100000009
01/06/2022,,Hà Nội,Hoàn Kiếm,Trực tuyến,BHXH tự nguyện,0100000010
"""
TARGETS = """Tỉnh/Thành phố,Loại hình,Chỉ tiêu
Hà Nội,BHXH tự nguyện,10
TP HCM,BHXH tự nguyện,10
Hà Nội,BHYT hộ gia đình,30
TP HCM,BHYT hộ gia đình,20
"""
VSI, HHI = 3, 7
HHI_QUERY = "?product=bhyt_ho_gia_dinh"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return imported_database(
        tmp_path_factory.mktemp("products"), {"enrollments": ENROLLMENTS, "targets": TARGETS}
    )


def app_with(database: str, **settings: object):
    return create_app(
        Settings.load(environ={}, database_url=database, load_sample=False, **settings)
    )


@pytest.fixture(scope="module")
def app(database: str):
    return app_with(database, hhi_target=50)


def test_every_figure_of_the_default_view_counts_voluntary_insurance_only(app, database):
    gauge, running, _ = gauge_and_pace(app)

    assert gauge == VSI
    assert running[-1] - running[0] == VSI
    assert map_total(app) == ranking_total(app) == VSI
    assert report_total(database, "--product", "bhxh_tu_nguyen") == VSI


def test_the_household_view_counts_household_insurance_only(app, database):
    gauge, running, _ = gauge_and_pace(app, HHI_QUERY)

    assert gauge == HHI
    assert running[-1] - running[0] == HHI
    assert map_total(app, HHI_QUERY) == ranking_total(app, HHI_QUERY) == HHI
    assert report_total(database, "--product", "bhyt_ho_gia_dinh") == HHI
    # The CLI without --product gives both, still never mixed on a screen.
    assert report_total(database) == VSI + HHI


def gauge_of(app, search: str) -> dict:
    answered = draw(app, f"{ids.NATIONAL_GAUGE}.figure", search)
    return answered[ids.NATIONAL_GAUGE]["figure"]["data"][0]


def test_each_gauge_aims_at_its_own_products_target(app, database):
    def province_target(search: str) -> int:
        rows = draw(app, f"{ids.RANKING}.rowData", search)[ids.RANKING]["rowData"]
        return next(row["target"] for row in rows if row["name"] == "Hà Nội")

    assert gauge_of(app, "")["gauge"]["threshold"]["value"] == 10_000
    assert gauge_of(app, HHI_QUERY)["gauge"]["threshold"]["value"] == 50
    assert province_target("") == 10 and province_target(HHI_QUERY) == 30
    # Without an HHI target set, its gauge says so rather than borrowing the VSI one.
    untargeted = gauge_of(app_with(database), HHI_QUERY + "&lang=en")
    assert untargeted["value"] == HHI and "No target" in untargeted["title"]["text"]


def test_the_launch_curve_counts_the_chosen_product(app):
    def hourly(search: str) -> dict[str, int]:
        url = f"{ids.LAUNCH_URL}.search"
        answered = answer(app, f"{ids.LAUNCH_HOURLY}.figure", {url: search}, changed=url)
        curve = answered[ids.LAUNCH_HOURLY]["figure"]["data"][0]
        return {x: y for x, y in zip(curve["x"], curve["y"], strict=True) if y}

    assert hourly("?date=2022-05-08") == {"08:00": 2}
    assert hourly(f"{HHI_QUERY}&date=2022-05-08") == {
        "08:00": 1,
        "09:00": 1,
        "10:00": 3,
        "11:00": 2,
    }


def sync(app, search: str, changed: str, **values):
    values = {f"{ids.OVERVIEW_URL}.search": search, **values}
    return answer(app, f"{ids.OVERVIEW_URL}.search", values, changed=changed)


def test_the_switch_puts_the_product_in_the_url_and_a_link_sets_the_switch(app):
    switch = f"{ids.PRODUCT}.value"

    chosen = sync(app, "?lang=en&province=01", switch, **{switch: "bhyt_ho_gia_dinh"})
    back = sync(app, "?product=bhyt_ho_gia_dinh", switch, **{switch: "bhxh_tu_nguyen"})
    opened = sync(app, HHI_QUERY, f"{ids.OVERVIEW_URL}.search")

    assert chosen[ids.OVERVIEW_URL]["search"] == "?lang=en&product=bhyt_ho_gia_dinh&province=01"
    assert back[ids.OVERVIEW_URL]["search"] == ""  # the default product leaves the URL
    assert ids.OVERVIEW_URL not in opened and opened[ids.PRODUCT]["value"] == "bhyt_ho_gia_dinh"


def test_the_switch_gives_both_national_counts_side_by_side(app):
    answered = draw(app, f"{ids.PRODUCT}.options", "?lang=en&province=79")
    options = answered[ids.PRODUCT]["options"]

    def texts(component) -> list[str]:
        return [child["props"]["children"] for child in component["props"]["children"]]

    assert [o["value"] for o in options] == ["bhxh_tu_nguyen", "bhyt_ho_gia_dinh"]
    vsi, hhi = (texts(o["label"]) for o in options)
    # National whatever the province in view; each against its own target.
    assert vsi == ["Voluntary social insurance", "3", "Target: 10,000", "0% of target"]
    assert hhi == ["Household health insurance", "7", "Target: 50", "14% of target"]


def test_titles_name_the_product(app):
    search = f"{HHI_QUERY}&lang=en"
    answered = draw(app, f"{ids.MAP}.figure", search)
    ranking = draw(app, f"{ids.RANKING}.rowData", search)
    gauge = gauge_of(app, search)

    assert answered[ids.VIEW_SUBTITLE]["children"].startswith(
        "New participants · Household health insurance · "
    )
    assert answered[ids.PACE_TITLE]["children"].endswith(" · Household health insurance")
    assert ranking[ids.RANKING_TITLE]["children"] == "Provinces ranked · Household health insurance"
    assert "Household health insurance" in gauge["title"]["text"]


def test_the_launch_switch_keeps_the_day_in_the_url(app):
    url, switch = f"{ids.LAUNCH_URL}.search", f"{ids.LAUNCH_PRODUCT}.value"
    values = {url: "?date=2022-05-08&present=1", switch: "bhyt_ho_gia_dinh"}

    answered = answer(app, url, values, changed=switch)
    opened = answer(app, url, {url: HHI_QUERY, switch: None}, changed=url)

    assert (
        answered[ids.LAUNCH_URL]["search"] == "?present=1&product=bhyt_ho_gia_dinh&date=2022-05-08"
    )
    assert opened[ids.LAUNCH_PRODUCT]["value"] == "bhyt_ho_gia_dinh"


def test_the_ranking_file_names_the_product(app):
    values = {f"{ids.RANKING_EXPORT}.n_clicks": 1}
    state = {f"{ids.OVERVIEW_URL}.search": HHI_QUERY}
    answered = answer(
        app,
        f"{ids.RANKING}.csvExportParams",
        values,
        changed=f"{ids.RANKING_EXPORT}.n_clicks",
        state=state,
    )

    assert answered[ids.RANKING]["csvExportParams"]["fileName"].startswith(
        "diemtua-ranking-bhyt_ho_gia_dinh-"
    )


def test_the_report_never_adds_the_two_products_into_one_figure(database):
    result = CliRunner().invoke(main, ["report", "--format", "csv", "--database", database])

    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "province_code,province_name,product,rows"
    # Hà Nội: 3 VSI (two on the kickoff, one in June) and 3 HHI; TP HCM: 4 HHI.
    assert lines[1:] == [
        "01,Hà Nội,bhxh_tu_nguyen,3",
        "01,Hà Nội,bhyt_ho_gia_dinh,3",
        "79,TP. Hồ Chí Minh,bhyt_ho_gia_dinh,4",
    ]
