"""The events screen in a real browser: province outlines under the sites, levels in the URL."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import SIZES, open_map_at, save_screenshot
from tests.browser.layoutprobe import settled_overflow
from tests.browser.mapprobe import RENDERED_LOCATIONS

pytestmark = pytest.mark.browser

CHECKED = f"""() => Array.from(document.querySelectorAll('#{ids.EVENTS_LEVEL} input'))
    .filter((box) => box.checked).map((box) => box.value)"""


def _outlined_provinces(page) -> int:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        f"(id) => (({RENDERED_LOCATIONS})(id) || {{}})['Ranh giới tỉnh']?.length === 63",
        arg=ids.EVENTS_MAP,
        timeout=30_000,
    )
    return len(page.evaluate(RENDERED_LOCATIONS, ids.EVENTS_MAP)["Ranh giới tỉnh"])


@pytest.mark.parametrize("size", list(SIZES))
def test_events_sites_lie_on_province_outlines_and_levels_follow_the_url(page, live_server, size):
    open_map_at(page, live_server + "/events?levels=district", size, ids.EVENTS_MAP)
    # Every province's outline is drawn (at national zoom the 63 provinces are all in view).
    assert _outlined_provinces(page) == 63
    page.wait_for_selector(f"#{ids.EVENTS_GRID} .ag-row", timeout=30_000)
    assert page.evaluate(CHECKED) == ["district"]
    levels = page.evaluate(
        f"""() => Array.from(document.querySelectorAll('#{ids.EVENTS_GRID} [col-id=level_name]'))
            .slice(1).map((cell) => cell.innerText)"""
    )
    assert levels and set(levels) == {"Cấp huyện"}
    assert settled_overflow(page) == []
    save_screenshot(page, f"events-districts-{size}")

    # Ticking a level writes it into the URL; back restores the list and the checklist.
    page.locator(f"#{ids.EVENTS_LEVEL} input[value=province]").check()
    page.wait_for_url(re.compile(r"levels=province,district"), timeout=15_000)
    page.go_back()
    page.wait_for_url(re.compile(r"levels=district$"), timeout=15_000)
    page.wait_for_function(f"() => ({CHECKED})().join() === 'district'", timeout=15_000)
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
