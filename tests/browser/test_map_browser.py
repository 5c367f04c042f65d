"""The first screen in a real browser: offline, no errors, the map really drawn, drill-down."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.mapprobe import CLICK_LOCATION, MAP_IDLE, rendered_codes

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _rendered(page, districts: int = 0) -> set[str]:  # type: ignore[no-untyped-def]
    return rendered_codes(page, ids.MAP, districts)


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_selector(f"#{ids.MAP} .js-plotly-plot", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)


def test_national_map_draws_all_63_provinces_offline(page, live_server):
    _open(page, live_server + "/")
    rendered = _rendered(page)
    provinces = {code for code in rendered if len(code) == 2}
    assert len(provinces) >= 63, sorted(provinces)
    # The archipelagos are part of the national picture: Đà Nẵng (48) and Khánh Hòa (56).
    assert {"48", "56"} <= provinces
    assert page.locator(f"#{ids.SAMPLE_BANNER}").inner_text() == "Dữ liệu mẫu"
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
    save_screenshot(page, "01-national-vi")


def test_click_on_a_province_shows_its_districts_and_back_returns(page, live_server):
    _open(page, live_server + "/")
    page.evaluate(CLICK_LOCATION, [ids.MAP, "79"])
    page.wait_for_url(re.compile(r"province=79"), timeout=15_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText.includes('Hồ Chí Minh')",
        timeout=15_000,
    )
    districts = {code for code in _rendered(page, districts=20) if len(code) == 3}
    # HCMC had 22 districts in 2022 (16 quận, 1 thành phố, 5 huyện).
    assert len(districts) >= 20, sorted(districts)
    assert "760" in districts  # Quận 1
    save_screenshot(page, "02-province-79-vi")

    page.click(f"#{ids.BACK}")
    page.wait_for_function("() => !location.search.includes('province')", timeout=15_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText === 'Toàn quốc'",
        timeout=15_000,
    )
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []


def test_a_link_opens_the_province_view_in_english(page, live_server):
    _open(page, live_server + "/?lang=en&province=01")
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText.includes('Hà Nội')",
        timeout=15_000,
    )
    assert page.locator("html .app").get_attribute("lang") == "en"
    assert page.locator(f"#{ids.BACK}").is_visible()
    districts = {code for code in _rendered(page) if len(code) == 3}
    assert len(districts) >= 25  # Hà Nội: 30 districts
    save_screenshot(page, "03-province-01-en")


def test_a_filter_goes_into_the_url_and_back_forward_restore_it(page, live_server):
    _open(page, live_server + "/")
    page.click(f"#{ids.REGION}")
    page.get_by_role("option", name="Tây Nguyên", exact=True).click()
    page.wait_for_url(re.compile(r"region=TN"), timeout=15_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText === 'Tây Nguyên'",
        timeout=15_000,
    )
    provinces = {code for code in _rendered(page) if len(code) == 2}
    assert {"62", "64", "66", "67", "68"} <= provinces
    save_screenshot(page, "04-region-tn-vi")

    page.go_back()
    page.wait_for_function("() => !location.search.includes('region')", timeout=15_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText === 'Toàn quốc'",
        timeout=15_000,
    )
    page.go_forward()
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText === 'Tây Nguyên'",
        timeout=15_000,
    )
    # The control follows the URL too, not only the map.
    assert "Tây Nguyên" in page.locator(f"#{ids.REGION}").inner_text()
    assert page.recorder.console_errors == []


def test_the_language_toggle_keeps_the_view(page, live_server):
    _open(page, live_server + "/?metric=per_10k&province=01")
    page.click(f"#{ids.LANG_EN}")
    page.wait_for_url(re.compile(r"lang=en"), timeout=15_000)
    assert "metric=per_10k" in page.url and "province=01" in page.url
    # The language link reloads the page: the subtitle exists again once it is rendered.
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_SUBTITLE}')?.innerText"
        ".startsWith('Per 10,000 inhabitants')",
        timeout=15_000,
    )
    # The screen is redrawn in English (the subtitle may arrive first, from the map's answer).
    page.wait_for_function(
        f"() => document.querySelector('#{ids.BACK}').innerText === '← Back'", timeout=15_000
    )
    # Numbers follow the language: the national gauge reads 9,798 style, not 9.798.
    page.wait_for_function(
        f"() => /\\d,\\d{{3}}/.test(document.querySelector('#{ids.NATIONAL_GAUGE}').innerText)",
        timeout=15_000,
    )
    save_screenshot(page, "05-province-01-per10k-en")
    assert page.recorder.console_errors == []


def test_presenter_mode_fills_1920x1080_without_scrolling(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    _open(page, live_server + "/?present=1")
    page.wait_for_function("() => document.querySelector('.app.present') !== null", timeout=15_000)
    sizes = page.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    assert sizes[0] <= 1080 and sizes[1] <= 1920, sizes
    assert len({code for code in _rendered(page) if len(code) == 2}) >= 60
    save_screenshot(page, "06-presenter-1920x1080")
    assert page.recorder.console_errors == []


def test_the_import_screen_previews_an_upload_and_lists_problems(page, live_server, tmp_path):
    page.goto(live_server + "/login?lang=en")
    page.fill("#name", "quantri")
    page.fill("#password", "mật khẩu quản trị")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(live_server + "/import?lang=en")
    page.wait_for_selector(f"#{ids.IMPORT_UPLOAD} input[type=file]", state="attached")
    good = EXAMPLES / "enrollments.csv"
    page.set_input_files(f"#{ids.IMPORT_UPLOAD} input[type=file]", str(good))
    page.wait_for_function(
        f"() => document.querySelector('#{ids.IMPORT_SUMMARY}').innerText.includes('no problems')",
        timeout=15_000,
    )
    assert page.locator(f"#{ids.IMPORT_CONFIRM}").is_enabled()
    save_screenshot(page, "09-import-preview-en")

    # A real form, recognised from its content and previewed in the officer's words.
    page.set_input_files(
        f"#{ids.IMPORT_UPLOAD} input[type=file]", str(EXAMPLES / "d05_buu_dien_vi_xuyen.xlsx")
    )
    page.wait_for_function(
        f"() => document.querySelector('#{ids.IMPORT_SUMMARY}').innerText"
        ".includes('Recognised: D05-TS list of Post office of huyện Vị Xuyên, 3 new participants')",
        timeout=15_000,
    )
    page.wait_for_selector(f"#{ids.IMPORT_PREVIEW} .ag-row", timeout=15_000)
    assert "Post office" in page.locator(f"#{ids.IMPORT_PREVIEW}").inner_text()
    save_screenshot(page, "09b-import-form-en")

    lines = good.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad <img src=x onerror=alert(1)>.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace("Hà Nội", "Hà Nộii")]), encoding="utf-8")
    page.set_input_files(f"#{ids.IMPORT_UPLOAD} input[type=file]", str(bad))
    page.wait_for_function(
        f"() => document.querySelector('#{ids.IMPORT_SUMMARY}').innerText"
        ".includes('cannot be imported')",
        timeout=15_000,
    )
    assert not page.locator(f"#{ids.IMPORT_CONFIRM}").is_enabled()
    # The file name is shown as text: its markup is not turned into an element.
    assert page.locator(f"#{ids.IMPORT_SUMMARY} img").count() == 0
    assert "<img src=x" in page.locator(f"#{ids.IMPORT_SUMMARY}").inner_text()
    page.wait_for_selector(f"#{ids.IMPORT_PROBLEMS} .ag-row", timeout=15_000)
    assert "Hà Nộii" in page.locator(f"#{ids.IMPORT_PROBLEMS}").inner_text()
    save_screenshot(page, "10-import-problems-en")
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []


def test_screen_links_carry_the_view_to_the_other_screen(page, live_server):
    _open(page, live_server + "/?lang=en&region=TN")
    page.click("#nav-events")
    page.wait_for_url(re.compile(r"/events\?lang=en&region=TN$"), timeout=15_000)
    page.wait_for_function(
        "() => document.querySelector('#nav-events').classList.contains('active')",
        timeout=15_000,
    )
    assert page.locator("#nav-overview").get_attribute("href").endswith("/?lang=en&region=TN")
    assert page.recorder.console_errors == []
