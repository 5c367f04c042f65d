"""JavaScript probes that ask the map what it really drew (not what the DOM contains)."""

# ruff: noqa: E501 (the probes are JavaScript source; its long lines read better unbroken)

from __future__ import annotations

# Location codes of the features MapLibre rendered, per trace name. Each trace has its own
# source named after the trace's uid; MapLibre turns a numeric-looking feature id into a
# number ("01" -> 1), so codes are read back through the trace's own locations.
RENDERED_LOCATIONS = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map) return null;
  const map = gd._fullLayout.map._subplot.map;
  const traces = {};
  for (const trace of gd._fullData) {
    const byId = {};
    for (const code of trace.locations || []) byId[String(Number(code))] = code;
    traces[`source-${trace.uid}`] = {name: trace.name, byId};
  }
  const seen = {};
  for (const f of map.queryRenderedFeatures()) {
    const trace = traces[f.source];
    const code = trace && f.id !== undefined ? trace.byId[String(Number(f.id))] : undefined;
    if (code === undefined) continue;
    (seen[trace.name] = seen[trace.name] || new Set()).add(code);
  }
  const out = {};
  for (const [name, codes] of Object.entries(seen)) out[name] = Array.from(codes).sort();
  return out;
}
"""

MAP_IDLE = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map) return false;
  const map = gd._fullLayout.map._subplot.map;
  return map.loaded() && map.areTilesLoaded() && !map.isMoving();
}
"""

CLICK_LOCATION = """
([graphId, location]) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const curveNumber = gd.data.findIndex((trace) => trace.name === 'values');
  const pointNumber = gd.data[curveNumber].locations.indexOf(location);
  const point = {curveNumber, pointNumber, pointIndex: pointNumber, location};
  gd.emit('plotly_click', {points: [point]});
}
"""

# The fill colour MapLibre rendered for each location of the "values" trace (the rendered
# feature's ``fc`` property), so a test sees the colours the map really shows.
RENDERED_COLOURS = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map) return null;
  const trace = gd._fullData.find((t) => t.name === 'values');
  if (!trace) return null;
  const byId = {};
  for (const code of trace.locations || []) byId[String(Number(code))] = code;
  const out = {};
  for (const f of gd._fullLayout.map._subplot.map.queryRenderedFeatures()) {
    if (f.source !== `source-${trace.uid}` || f.id === undefined || !f.properties.fc) continue;
    const code = byId[String(Number(f.id))];
    if (code !== undefined) out[code] = f.properties.fc;
  }
  return out;
}
"""

# The page coordinates of a point of the map where the "values" trace draws ``location``
# (searched on a grid over the feature's rendered extent), or null where it is not drawn.
POINT_INSIDE = """
([graphId, location]) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const map = gd._fullLayout.map._subplot.map;
  const trace = gd._fullData.find((t) => t.name === 'values');
  const source = `source-${trace.uid}`;
  const wanted = String(Number(location));
  const isIt = (f) => f.source === source && String(Number(f.id)) === wanted;
  const feature = map.queryRenderedFeatures().find(isIt);
  if (!feature) return null;
  const coords = JSON.stringify(feature.geometry.coordinates).match(/-?[\\d.]+,-?[\\d.]+/g)
    .map((pair) => map.project(pair.split(',').map(Number)));
  const xs = coords.map((p) => p.x), ys = coords.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const box = map.getCanvas().getBoundingClientRect();
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const x = x0 + ((x1 - x0) * i) / 12, y = y0 + ((y1 - y0) * j) / 12;
      if (map.queryRenderedFeatures([x, y]).some(isIt)) return [box.left + x, box.top + y];
    }
  }
  return null;
}
"""


def rendered_codes(page, graph_id: str, districts: int = 0) -> set[str]:  # type: ignore[no-untyped-def]
    """Codes the map drew once idle; with ``districts``, once it drew that many districts
    (a new view's boundary file loads after the answer that names it)."""
    page.wait_for_function(MAP_IDLE, arg=graph_id, timeout=30_000)
    if districts:
        page.wait_for_function(
            f"(id) => Object.values(({RENDERED_LOCATIONS})(id) || {{}})"
            f".flat().filter((code) => code.length === 3).length >= {districts}",
            arg=graph_id,
            timeout=30_000,
        )
    by_source = page.evaluate(RENDERED_LOCATIONS, graph_id) or {}
    return {code for codes in by_source.values() for code in codes}


# Per location code of the "values" trace, the page box [left, top, right, bottom] of what
# the map drew of it (its rendered geometry, projected).
DRAWN_BOXES = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const map = gd._fullLayout.map._subplot.map;
  const trace = gd._fullData.find((t) => t.name === 'values');
  const byId = {};
  for (const code of trace.locations) byId[String(Number(code))] = code;
  const box = map.getCanvas().getBoundingClientRect();
  const out = {};
  for (const f of map.queryRenderedFeatures()) {
    if (f.source !== `source-${trace.uid}` || f.id === undefined) continue;
    const code = byId[String(Number(f.id))];
    const points = JSON.stringify(f.geometry.coordinates).match(/-?[\\d.]+,-?[\\d.]+/g)
      .map((pair) => map.project(pair.split(',').map(Number)));
    const xs = points.map((p) => p.x + box.left), ys = points.map((p) => p.y + box.top);
    const old = out[code] || [Infinity, Infinity, -Infinity, -Infinity];
    out[code] = [Math.min(old[0], ...xs), Math.min(old[1], ...ys),
                 Math.max(old[2], ...xs), Math.max(old[3], ...ys)];
  }
  return out;
}
"""

# A district view with an inset (a second map in a corner): the page boxes of the map and of
# the inset, the union of what the main map drew of the mainland units (every unit of the
# "values" trace but those the inset shows), and the names the inset placed.
INSET_VIEW = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const full = gd && gd._fullLayout;
  if (!full || !full.map2 || !full.map2._subplot) return null;
  const map = full.map._subplot.map, inset = full.map2._subplot.map;
  if (!inset.loaded() || !inset.areTilesLoaded() || inset.isMoving() || !gd.dataset.insetZoom) return null;
  const box = gd.getBoundingClientRect();
  const insetBox = inset.getCanvas().getBoundingClientRect();
  const insetCodes = new Set(gd._fullData.filter((t) => t.name === 'inset').flatMap((t) => t.locations));
  const trace = gd._fullData.find((t) => t.name === 'values');
  const byId = {};
  for (const code of trace.locations) byId[String(Number(code))] = code;
  const canvas = map.getCanvas().getBoundingClientRect();
  let mainland = [Infinity, Infinity, -Infinity, -Infinity];
  const codes = new Set();
  for (const f of map.queryRenderedFeatures()) {
    if (f.source !== `source-${trace.uid}` || f.id === undefined) continue;
    const code = byId[String(Number(f.id))];
    if (insetCodes.has(code)) continue;
    codes.add(code);
    for (const pair of JSON.stringify(f.geometry.coordinates).match(/-?[\\d.]+,-?[\\d.]+/g)) {
      const p = map.project(pair.split(',').map(Number));
      mainland = [Math.min(mainland[0], canvas.left + p.x), Math.min(mainland[1], canvas.top + p.y),
                  Math.max(mainland[2], canvas.left + p.x), Math.max(mainland[3], canvas.top + p.y)];
    }
  }
  const symbols = inset.getStyle().layers.filter((l) => l.type === 'symbol').map((l) => l.id);
  const insetLabels = inset.queryRenderedFeatures({layers: symbols}).map((f) => f.properties.text);
  const islands = inset.queryRenderedFeatures().filter((f) => f.layer.type === 'circle').length;
  return {box: [box.left, box.top, box.right, box.bottom],
          inset: [insetBox.left, insetBox.top, insetBox.right, insetBox.bottom],
          mainland, codes: Array.from(codes), insetLabels, islands};
}
"""
