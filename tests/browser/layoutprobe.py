"""JavaScript probes of what a screen shows: map frame and labels, clipped or overflowing text."""

# ruff: noqa: E501 (the probes are JavaScript source; its long lines read better unbroken)

from __future__ import annotations

import contextlib

# The map after the browser fitted its camera (assets/mapfit.js): the box, how many drawn
# unit features reach outside it, and how many labels MapLibre placed after collision.
MAP_FRAME = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd.dataset.fittedZoom) return null;
  const map = gd._fullLayout.map._subplot.map;
  if (!map.loaded() || !map.areTilesLoaded() || map.isMoving()) return null;
  // Fitted for the box as it is now (it may have changed size since the last fit).
  const box = gd.getBoundingClientRect();
  if (!gd.dataset.fitted || !gd.dataset.fitted.endsWith(`@${Math.round(box.width)}x${Math.round(box.height)}`)) return null;
  const canvas = map.getCanvas();
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const symbolLayers = map.getStyle().layers.filter((l) => l.type === 'symbol').map((l) => l.id);
  const labels = map.queryRenderedFeatures({layers: symbolLayers}).map((f) => f.properties.text);
  // The units of the view (not the backdrop of other provinces, which runs past the box).
  const units = new Set(gd._fullData.filter((t) => t.name === 'values' || t.name === 'no-data')
    .map((t) => `source-${t.uid}`));
  let outside = [];
  for (const f of map.queryRenderedFeatures()) {
    if (!units.has(f.source) || !f.geometry.type.endsWith('Polygon')) continue;
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const ring of rings) {
      for (const [lon, lat] of ring) {
        const p = map.project([lon, lat]);
        if (p.x < -1 || p.y < -1 || p.x > width + 1 || p.y > height + 1) {
          outside.push([f.source, Math.round(p.x), Math.round(p.y)]);
          break;
        }
      }
    }
  }
  return {width, height, labels: Array.from(new Set(labels)), outside: outside.slice(0, 5),
          outsideCount: outside.length};
}
"""

# Texts that do not fit: HTML elements with their own text whose content is wider than their
# box (in the header, side panel, cards and grids), SVG texts of a chart outside the chart's
# box, and the page's own sideways scroll.
OVERFLOW = """
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  for (const el of document.querySelectorAll('.app-header *, .app-main *, .app-footer *')) {
    if (el.closest('.js-plotly-plot') || el.closest('.ag-body-viewport') || !visible(el)) continue;
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    // Screen-reader-only texts (AG Grid's live regions) are 1 px wide on purpose.
    if (!ownText || getComputedStyle(el).display === 'inline' || el.clientWidth <= 1) continue;
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`text wider than its box: "${el.textContent.trim().slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`);
  }
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    if (!visible(gd)) continue;
    const box = gd.getBoundingClientRect();
    for (const t of gd.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || !visible(t)) continue;
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`chart text outside its graph (${gd.parentElement.id || gd.closest('[id]').id}): "${t.textContent.trim().slice(0, 30)}"`);
    }
  }
  return problems;
}
"""

# The smallest font size of any visible text on the page, in CSS pixels.
SMALLEST_TEXT = """
() => {
  let smallest = [1000, ''];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest[0]) smallest = [size, el.textContent.trim().slice(0, 30)];
  }
  return smallest;
}
"""


def settled_overflow(page, timeout_ms: int = 15_000) -> list[str]:  # type: ignore[no-untyped-def]
    """The overflow problems once the page has settled (graphs resize after their first draw)."""
    # A timeout is no error here: the problems that remain are the answer.
    with contextlib.suppress(Exception):
        page.wait_for_function(f"() => ({OVERFLOW})().length === 0", timeout=timeout_ms)
    return page.evaluate(OVERFLOW)  # type: ignore[no-any-return]


# Per gauge (a plotly indicator), how far its number keeps from its arc: the number sits in
# the arc's hollow, so the gap is the hollow's radius less the distance from the arc's centre
# to the farther top corner of the number's box (negative: the number reaches into the arc).
# The arc's centre and outer radius come from the background arc's box (a half disc: twice as
# wide as tall, centred on its bottom edge), its inner radius from points along its outline.
GAUGE_CLEARANCE = """
(selector) => {
  const out = [];
  for (const gd of document.querySelectorAll(selector)) {
    const arc = gd.querySelector('g.bg-arc path');
    const number = gd.querySelector('text.number');
    if (!arc || !number || !number.textContent.trim()) continue;
    const a = arc.getBoundingClientRect(), n = number.getBoundingClientRect();
    const cx = a.left + a.width / 2, cy = a.bottom;
    const matrix = arc.getScreenCTM();
    let inner = Infinity;
    const length = arc.getTotalLength();
    for (let i = 0; i <= 400; i++) {
      const p = arc.getPointAtLength((length * i) / 400);
      const x = matrix.a * p.x + matrix.c * p.y + matrix.e, y = matrix.b * p.x + matrix.d * p.y + matrix.f;
      if (y < cy - 1) inner = Math.min(inner, Math.hypot(x - cx, y - cy));
    }
    const reach = Math.max(Math.hypot(n.left - cx, n.top - cy), Math.hypot(n.right - cx, n.top - cy));
    out.push({id: gd.closest('[id]').id, text: number.textContent.trim(), gap: inner - reach,
              arc: [a.left, a.top, a.right, a.bottom], number: [n.left, n.top, n.right, n.bottom],
              inner, outer: a.width / 2});
  }
  return out;
}
"""
