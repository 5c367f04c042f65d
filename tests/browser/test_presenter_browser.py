"""Presenter mode in a real browser: tour controls, captions, no history per step, sizes."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.layoutprobe import SMALLEST_TEXT, settled_overflow
from tests.browser.mapprobe import MAP_IDLE

pytestmark = pytest.mark.browser


def _bar(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"#{ids.TOUR_BAR}").inner_text()


def test_space_pauses_arrows_step_and_the_tour_leaves_no_history(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_server + "/?present=1")
    page.wait_for_selector(f"#{ids.TOUR_BAR} .tour-caption", timeout=30_000)
    page.keyboard.press("Space")
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TOUR_BAR}').innerText.includes('Tạm dừng')",
        timeout=10_000,
    )
    history = page.evaluate("() => history.length")
    search = page.evaluate("() => location.search")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => location.search !== {search!r}", timeout=10_000)
    assert re.search(r"region=[A-Z]+", page.url)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TOUR_BAR}').innerText.includes('Vùng')",
        timeout=10_000,
    )
    page.keyboard.press("ArrowRight")
    # The region's province furthest behind, and why it is shown.
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TOUR_BAR}').innerText.includes('chậm nhất')",
        timeout=10_000,
    )
    assert re.search(r"province=\d\d", page.url)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => !location.search.includes('province')", timeout=10_000)
    assert page.evaluate("() => history.length") == history  # steps replace, never push
    assert "Tạm dừng" in _bar(page)  # stepping keeps the pause
    page.keyboard.press("Space")
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TOUR_BAR}').innerText.includes('Đang trình chiếu')",
        timeout=10_000,
    )
    assert page.recorder.console_errors == []


def test_a_click_on_the_map_holds_the_view(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_server + "/?present=1")
    page.wait_for_selector(f"#{ids.TOUR_BAR} .tour-caption", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    page.click(f"#{ids.MAP}", position={"x": 400, "y": 400})
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TOUR_BAR}').innerText.includes('Tạm dừng')",
        timeout=10_000,
    )


def test_presenter_screen_has_no_clipped_or_small_text(page, live_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    # A province stop: two gauges side by side, the longest region name in the caption.
    page.goto(live_server + "/?present=1&region=TDMNPB&province=10")
    page.wait_for_selector(f"#{ids.TOUR_BAR} .tour-caption", timeout=30_000)
    page.keyboard.press("Space")
    page.wait_for_selector(f"#{ids.PROVINCE_GAUGE} .js-plotly-plot text", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    page.wait_for_timeout(1500)
    assert settled_overflow(page) == []
    size, text = page.evaluate(SMALLEST_TEXT)
    assert size >= 18, text
    sizes = page.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    assert sizes[0] <= 1080 and sizes[1] <= 1920, sizes
    save_screenshot(page, "presenter-province-10-paused")
