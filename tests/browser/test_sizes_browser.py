"""Every screen at the sizes people use: nothing scrolls sideways, no text runs past its box.

The screenshots saved here (artifacts/screenshots/size-*) are the ones to look at.
"""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.layoutprobe import settled_overflow

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1366, 768), "fullhd": (1920, 1080)}
# Screen path and an element that is there once the screen has drawn.
SCREENS = {
    "map": ("/", f"#{ids.MAP} .js-plotly-plot"),
    "routes": ("/routes?day=2022-05-12", f"#{ids.ROUTES_MAP} .js-plotly-plot"),
    "events": ("/events", f"#{ids.EVENTS_GRID} .ag-row"),
    "import": ("/import", f"#{ids.IMPORT_UPLOAD}"),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_fits_its_window(page, live_server, screen, size):
    width, height = SIZES[size]
    path, ready = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server + path)
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(1000)
    assert settled_overflow(page) == []
    if size == "phone":
        # The screens' links fold behind the menu button, which opens them.
        assert not page.locator(f"#{ids.NAV}").is_visible()
        page.click(".menu-toggle")
        assert page.locator(f"#{ids.NAV}").is_visible()
        page.click(".menu-toggle")
    save_screenshot(page, f"size-{screen}-{size}")
    assert page.recorder.console_errors == []
