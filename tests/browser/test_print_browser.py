"""The print view: one province (map, gauges, pace line, district ranking) on one A4 page."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import SCREENSHOTS, save_screenshot
from tests.browser.layoutprobe import GAUGE_CLEARANCE, settled_overflow
from tests.browser.mapprobe import MAP_IDLE, rendered_codes

pytestmark = pytest.mark.browser

A4_PX = (794, 1123)  # 210 x 297 mm at 96 CSS pixels per inch


def test_a_province_prints_on_one_a4_page(page, live_server):
    page.set_viewport_size({"width": A4_PX[0], "height": A4_PX[1]})
    page.goto(live_server + "/?province=79&print=1")
    page.wait_for_selector(f"#{ids.MAP} .js-plotly-plot", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    assert len({c for c in rendered_codes(page, ids.MAP, districts=20) if len(c) == 3}) >= 20
    # Every district of Hồ Chí Minh City is in the printed ranking, with its figures.
    rows = page.locator(".print-ranking tbody tr")
    assert rows.count() == 22
    assert "Quận 1" in page.locator(".print-ranking").inner_text()
    assert page.locator(f"#{ids.PROVINCE_GAUGE}").is_visible()
    assert page.locator(f"#{ids.CUMULATIVE}").is_visible()
    # The whole page is one A4 sheet tall, and nothing runs out of its box.
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= A4_PX[1], height
    assert settled_overflow(page) == []
    save_screenshot(page, "print-province-79")
    pdf = page.pdf(format="A4", print_background=True)
    (SCREENSHOTS / "print-province-79.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert page.recorder.console_errors == []


def test_the_printed_gauges_keep_their_numbers_clear_of_their_arcs(page, live_server):
    page.set_viewport_size({"width": A4_PX[0], "height": A4_PX[1]})
    page.goto(live_server + "/?province=79&print=1")
    page.wait_for_selector(f"#{ids.PROVINCE_GAUGE} text.number", timeout=30_000)
    page.wait_for_selector(f"#{ids.NATIONAL_GAUGE} text.number", timeout=30_000)
    page.wait_for_timeout(1000)  # the graphs redraw once their boxes settle
    gauges = page.evaluate(GAUGE_CLEARANCE, ".gauge .js-plotly-plot")
    assert len(gauges) == 2, gauges
    for gauge in gauges:
        # The number's box stays inside the arc's hollow, a few pixels from the arc.
        assert gauge["gap"] >= 4, gauge
        assert gauge["number"][3] <= gauge["arc"][3] + 1, gauge


def test_the_map_screen_links_to_the_print_view_of_its_view(page, live_server):
    page.goto(live_server + "/?province=01&lang=en")
    page.wait_for_selector(f"#{ids.PRINT_LINK}", timeout=30_000)
    href = page.locator(f"#{ids.PRINT_LINK}").get_attribute("href")
    assert href == "?lang=en&print=1&province=01"
