"""The routes screen in a real browser: what MapLibre drew at national zoom, and a day change
that keeps the user's zoom, at the sizes people use."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.mapprobe import MAP_IDLE

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1366, 768), "fullhd": (1920, 1080)}
GRAPH = ids.ROUTES_MAP

# Rendered features per layer of the figure (its trace's ``meta``): geometry types, and the
# distinct locations of area layers. Each trace is a MapLibre source named after its uid.
RENDERED_LAYERS = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map) return null;
  const map = gd._fullLayout.map._subplot.map;
  const meta = {};
  for (const trace of gd._fullData) meta[`source-${trace.uid}`] = trace.meta;
  // A scatter trace has a source per kind of feature: source-<uid>-line, -circle, ...
  const out = {};
  for (const f of map.queryRenderedFeatures()) {
    const layer = meta[f.source.replace(/-(fill|line|circle|symbol)$/, '')];
    if (layer === undefined) continue;
    const seen = (out[layer] = out[layer] || {kinds: {}, ids: new Set()});
    const kind = f.geometry.type.replace('Multi', '');
    seen.kinds[kind] = (seen.kinds[kind] || 0) + 1;
    if (f.id !== undefined) seen.ids.add(f.id);
  }
  for (const layer of Object.values(out)) layer.ids = layer.ids.size;
  return out;
}
"""
CAMERA = """
(graphId) => {
  const map = document.querySelector(`#${graphId} .js-plotly-plot`)._fullLayout.map._subplot.map;
  const c = map.getCenter();
  return {zoom: map.getZoom(), lat: c.lat, lon: c.lng};
}
"""
LEGEND = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const items = Array.from(gd.querySelectorAll('.legend .traces'));
  return items.map((item) => item.querySelector('.legendtext').textContent);
}
"""
# How far the legend reaches into the map's canvas (0: it lies wholly outside, under it).
LEGEND_OVER_MAP = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const legend = gd.querySelector('.legend').getBoundingClientRect();
  const canvas = gd._fullLayout.map._subplot.map.getCanvas().getBoundingClientRect();
  return Math.max(0, canvas.bottom - legend.top);
}
"""


def _settled(page, kinds: dict[str, str]) -> dict:  # type: ignore[no-untyped-def]
    """Wait until each layer of ``kinds`` (meta -> geometry type) has rendered features."""
    page.wait_for_selector(f"#{GRAPH} .js-plotly-plot", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=GRAPH, timeout=30_000)
    page.wait_for_function(
        f"([id, kinds]) => {{ const r = ({RENDERED_LAYERS})(id) || {{}};"
        " return Object.entries(kinds).every(([m, k]) => r[m] && (r[m].kinds[k] || 0) > 0); }",
        arg=[GRAPH, kinds],
        timeout=30_000,
    )
    return page.evaluate(RENDERED_LAYERS, GRAPH)


@pytest.mark.parametrize("size", list(SIZES))
def test_national_routes_draw_boundaries_tracks_and_totals(page, live_server, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server + "/routes?day=2022-05-08")
    rendered = _settled(
        page,
        {"provinces": "Polygon", "car": "LineString", "motorbike": "LineString", "stops": "Point"},
    )
    # The country's province boundaries under the tracks, most of them in view even on a phone.
    assert rendered["provinces"]["ids"] >= 40, rendered
    assert rendered["car"]["kinds"]["LineString"] > 0
    assert rendered["motorbike"]["kinds"]["LineString"] > 0
    assert rendered["reached"]["kinds"].get("Polygon", 0) > 0
    legend = page.evaluate(LEGEND, GRAPH)
    for label in ("Chưa đến", "Đã đến", "Ranh giới tỉnh", "Ô tô", "Xe máy"):
        assert label in legend, legend
    assert any(item.startswith("Tổng theo quận/huyện") for item in legend), legend
    assert page.evaluate(LEGEND_OVER_MAP, GRAPH) <= 1  # under the map, covering no province
    save_screenshot(page, f"routes-national-{size}")
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []


def test_a_day_change_keeps_the_users_zoom_and_the_pause_icon_shows(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server + "/routes?day=2022-05-08")
    _settled(page, {"provinces": "Polygon", "car": "LineString"})
    # The browser fits the camera to the box once it has drawn (assets/mapfit.js): the user
    # zooms after that.
    page.wait_for_function(
        f"() => !!document.querySelector('#{GRAPH} .js-plotly-plot').dataset.fitted",
        timeout=30_000,
    )
    page.wait_for_function(MAP_IDLE, arg=GRAPH, timeout=30_000)
    page.wait_for_timeout(1000)
    before = page.evaluate(CAMERA, GRAPH)
    box = page.locator(f"#{GRAPH}").bounding_box()
    assert box is not None
    # The user zooms in with the mouse wheel over the map.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
    page.wait_for_function(MAP_IDLE, arg=GRAPH, timeout=30_000)
    page.wait_for_timeout(1500)
    zoomed = page.evaluate(CAMERA, GRAPH)
    assert zoomed["zoom"] > before["zoom"] + 0.5
    title = page.locator(f"#{ids.ROUTES_TITLE}")
    assert "08/05/2022" in title.inner_text()

    page.click(f"#{ids.ROUTES_PLAY}")
    pause = page.locator(f"#{ids.ROUTES_PLAY} .icon-pause")
    pause.wait_for(timeout=15_000)
    icon = pause.bounding_box()
    assert icon is not None and icon["width"] >= 6 and icon["height"] >= 8
    save_screenshot(page, "routes-playing")
    page.wait_for_url(re.compile(r"day=2022-05-(09|1\d)"), timeout=15_000)
    page.click(f"#{ids.ROUTES_PLAY}")
    page.wait_for_function(
        f"() => !document.querySelector('#{ids.ROUTES_TITLE}').innerText.includes('08/05/2022')",
        timeout=15_000,
    )
    page.wait_for_function(MAP_IDLE, arg=GRAPH, timeout=30_000)
    page.wait_for_timeout(500)
    after = page.evaluate(CAMERA, GRAPH)
    assert after["zoom"] == pytest.approx(zoomed["zoom"], abs=0.01)
    assert after["lat"] == pytest.approx(zoomed["lat"], abs=0.01)
    assert after["lon"] == pytest.approx(zoomed["lon"], abs=0.01)
    assert page.recorder.console_errors == []
