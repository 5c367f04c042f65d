"""Vietnamese all the way, on a browser set to English: chart dates, grids, the date picker."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
GRID_ENGLISH = ("Page Size", "No Rows To Show", " to ", " of ", "Loading")


def _ticks(page) -> list[str]:  # type: ignore[no-untyped-def]
    # SVG elements have no innerText: read their text content.
    return page.evaluate(  # type: ignore[no-any-return]
        f"() => Array.from(document.querySelectorAll('#{ids.CUMULATIVE} .xtick text'))"
        ".map((t) => t.textContent)"
    )


@pytest.fixture
def english_browser_page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def test_a_vietnamese_page_has_no_english_words_from_the_libraries(
    english_browser_page, live_server
):
    page = english_browser_page
    page.goto(live_server + "/events")
    page.wait_for_selector(f"#{ids.EVENTS_GRID} .ag-row", timeout=30_000)
    footer = page.locator(f"#{ids.EVENTS_GRID} .ag-paging-panel").inner_text()
    assert not any(word in footer for word in GRID_ENGLISH), footer
    assert "Trang" in footer

    page.goto(live_server + "/")
    page.wait_for_selector(f"#{ids.CUMULATIVE} .xtick text", timeout=30_000)
    ticks = _ticks(page)
    assert ticks and not any(ENGLISH_MONTHS.search(tick) for tick in ticks), ticks
    modebar = page.evaluate(
        f"() => Array.from(document.querySelectorAll('#{ids.MAP} .modebar-btn'))"
        ".map((b) => b.getAttribute('data-title'))"
    )
    assert "Tải hình PNG" in modebar, modebar

    page.click(f"#{ids.DATES}")
    page.wait_for_selector("text=Tháng 5/2022", timeout=10_000)
    calendar = page.locator("body").inner_text()
    assert "T2" in calendar and "CN" in calendar
    assert not re.search(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\b", calendar)
    save_screenshot(page, "locale-date-picker-vi")


def test_an_english_page_keeps_english_dates(english_browser_page, live_server):
    page = english_browser_page
    page.goto(live_server + "/?lang=en")
    page.wait_for_selector(f"#{ids.CUMULATIVE} .xtick text", timeout=30_000)
    ticks = _ticks(page)
    assert any(ENGLISH_MONTHS.search(tick) for tick in ticks), ticks
