"""The routes and events screens in a real browser: drawn by the map itself, offline, no errors."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.mapprobe import MAP_IDLE

pytestmark = pytest.mark.browser

# How many features MapLibre really rendered, per geometry type ("LineString", "Point", ...).
RENDERED_GEOMETRIES = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map) return null;
  const map = gd._fullLayout.map._subplot.map;
  const counts = {};
  for (const f of map.queryRenderedFeatures()) {
    const kind = f.geometry.type.replace('Multi', '');
    counts[kind] = (counts[kind] || 0) + 1;
  }
  return counts;
}
"""


def _open(page, url: str, graph: str, *kinds: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Open ``url`` and wait until the map has rendered features of every geometry ``kinds``."""
    page.goto(url)
    page.wait_for_selector(f"#{graph} .js-plotly-plot", timeout=30_000)
    page.wait_for_function(
        "(id) => { const gd = document.querySelector(`#${id} .js-plotly-plot`);"
        " return gd && gd.data && gd.data.length > 0; }",
        arg=graph,
        timeout=30_000,
    )
    page.wait_for_function(MAP_IDLE, arg=graph, timeout=30_000)
    # The style and the boundary file load asynchronously: ask again until all kinds show.
    page.wait_for_function(
        f"([id, kinds]) => {{ const c = ({RENDERED_GEOMETRIES})(id) || {{}};"
        " return kinds.every((k) => (c[k] || 0) > 0); }",
        arg=[graph, list(kinds)],
        timeout=30_000,
    )
    return page.evaluate(RENDERED_GEOMETRIES, graph) or {}


def _day(url: str) -> str | None:
    found = re.search(r"day=(\d{4}-\d{2}-\d{2})", url)
    return found.group(1) if found else None


def test_routes_map_draws_tracks_stops_and_plays(page, live_server):
    rendered = _open(
        page,
        live_server + "/routes?day=2022-05-12",
        ids.ROUTES_MAP,
        "LineString",
        "Point",
        "Polygon",
    )
    assert rendered.get("LineString", 0) > 0, rendered
    assert rendered.get("Point", 0) > 0, rendered
    assert rendered.get("Polygon", 0) > 0, rendered
    assert "12/05/2022" in page.locator(f"#{ids.ROUTES_TITLE}").inner_text()
    assert "Ô tô" in page.locator(f"#{ids.ROUTES_PANEL}").inner_text()
    save_screenshot(page, "07-routes")

    page.click(f"#{ids.ROUTES_PLAY}")
    page.wait_for_url(re.compile(r"day=2022-05-13"), timeout=15_000)
    page.wait_for_url(re.compile(r"day=2022-05-14"), timeout=15_000)
    page.click(f"#{ids.ROUTES_PLAY}")  # pause
    paused_on = _day(page.url)
    assert paused_on is not None and paused_on >= "2022-05-14"
    page.wait_for_function(
        f"() => document.querySelector('#{ids.ROUTES_PLAY}').innerText.includes('Phát')",
        timeout=15_000,
    )
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []


def test_events_screen_draws_sites_and_lists_events(page, live_server):
    rendered = _open(page, live_server + "/events", ids.EVENTS_MAP, "Point")
    assert rendered.get("Point", 0) > 50, rendered
    page.wait_for_selector(f"#{ids.EVENTS_GRID} .ag-row", timeout=15_000)
    assert "48.000" in page.locator(f"#{ids.EVENTS_KICKOFF}").inner_text()
    save_screenshot(page, "08-events")
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
