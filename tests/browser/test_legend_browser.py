"""The map's colour legend never covers the country: upright beside it on wide screens, in a
strip under the map on a phone."""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.browser.conftest import SIZES, open_map_at, save_screenshot
from tests.browser.mapprobe import DRAWN_BOXES, MAP_IDLE

pytestmark = pytest.mark.browser

BOXES = f"""() => {{
    const box = (el) => {{
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    }};
    return {{
        bar: box(document.querySelector('#{ids.MAP} .colorbar')),
        map: box(document.querySelector('#{ids.MAP} .js-plotly-plot')),
        strip: box(document.getElementById('{ids.MAP_LEGEND}')),
        classes: document.querySelectorAll('#{ids.MAP_LEGEND} .legend-class').length,
        ticks: document.querySelector('#{ids.MAP} .js-plotly-plot').data
            .find((t) => t.name === 'values').colorbar.ticktext.length,
    }};
}}"""


def _overlapping(boxes: dict[str, list[float]], legend: list[float], inset: float = 2) -> list:
    left, top, right, bottom = legend
    return sorted(
        code
        for code, (x0, y0, x1, y1) in boxes.items()
        if x0 < right - inset and x1 > left + inset and y0 < bottom - inset and y1 > top + inset
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_the_legend_leaves_every_province_clear(page, live_server, size):
    open_map_at(page, live_server + "/", size, ids.MAP)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.MAP} .js-plotly-plot').dataset.fitted",
        timeout=15_000,
    )
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    found = page.evaluate(BOXES)
    drawn = page.evaluate(DRAWN_BOXES, ids.MAP)
    assert len(drawn) >= 63
    if size == "phone":
        # No colour bar on the map; every class in the strip under it.
        assert found["bar"][2] - found["bar"][0] == 0
        assert found["classes"] == found["ticks"] >= 3
        assert found["strip"][1] >= found["map"][3] - 1
    else:
        assert found["classes"] == 0 or found["strip"][3] == found["strip"][1]
        # The southernmost provinces (Cà Mau 96, Kiên Giang 91) are drawn clear of the bar.
        assert _overlapping(drawn, found["bar"]) == []
    save_screenshot(page, f"legend-{size}")
