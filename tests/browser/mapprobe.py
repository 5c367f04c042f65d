"""JavaScript probes that ask the map what it really drew (not what the DOM contains)."""

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
