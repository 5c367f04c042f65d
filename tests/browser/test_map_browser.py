"""The first screen in a real browser: offline, no errors, the map really drawn, drill-down."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.mapprobe import CLICK_LOCATION, MAP_IDLE, RENDERED_LOCATIONS

pytestmark = pytest.mark.browser


def _rendered(page) -> set[str]:  # type: ignore[no-untyped-def]
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    by_source = page.evaluate(RENDERED_LOCATIONS, ids.MAP) or {}
    return {code for codes in by_source.values() for code in codes}


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
    districts = {code for code in _rendered(page) if len(code) == 3}
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
