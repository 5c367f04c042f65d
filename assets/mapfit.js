/* Điểm tựa: fits each map's camera to its real size, and styles the map labels.
 *
 * The server cannot know how big a map box is (a phone, a laptop, a shared 1920x1080 screen),
 * so every map figure names the box it must show in layout.meta.fit ([west, south, east,
 * north]) and this script moves the camera once per view and size, with a margin. A view the
 * user has panned or zoomed stays as it is until the view or the box size changes.
 *
 * A figure may name an inset in layout.meta.inset ({fit, domain}): a second map in a corner
 * (an archipelago far from its province's mainland). Its camera is fitted to its own box, and
 * the main map's camera keeps the mainland clear of the inset's corner.
 *
 * The map labels (the scattermap traces named "labels" and "inset-labels") get a white halo
 * and a size that grows with the zoom; plotly sets neither, and a name on a dark class would be
 * unreadable without.
 */
(function () {
  "use strict";
  var LABEL_TRACE = "labels", INSET_LABEL_TRACE = "inset-labels";

  function mapOf(gd, subplot) {
    var full = gd && gd._fullLayout && gd._fullLayout[subplot || "map"];
    return full && full._subplot ? full._subplot.map : null;
  }

  /* The map's margin: the colour bar's width on its side, and a share of the box elsewhere. */
  function padding(gd, width, height) {
    var base = Math.max(8, Math.round(Math.min(width, height) * 0.04));
    var bar = gd.querySelector(".colorbar");
    var barWidth = bar ? Math.ceil(bar.getBoundingClientRect().width) : 0;
    /* A colour bar wider than a quarter of the map would squeeze it: the map goes under it. */
    var left = barWidth && barWidth < width / 4 ? barWidth + base : base;
    return { top: base, bottom: base, left: left, right: base };
  }

  /* The margins that keep the framed units clear of an inset in a corner: the inset's strip
     of the box is kept free either across (beside the inset) or along (above or below it). */
  function insetPaddings(pad, domain, width, height) {
    var x0 = domain[0], x1 = domain[1], y0 = domain[2], y1 = domain[3];
    var across = Object.assign({}, pad), along = Object.assign({}, pad);
    if (x0 > 0.5) { across.right = Math.max(pad.right, Math.round((1 - x0) * width) + pad.top); }
    else { across.left = Math.max(pad.left, Math.round(x1 * width) + pad.top); }
    /* Plotly's domain counts from the bottom, the page from the top. */
    if (y0 > 0.5) { along.top = Math.max(pad.top, Math.round((1 - y0) * height) + pad.top); }
    else { along.bottom = Math.max(pad.bottom, Math.round(y1 * height) + pad.top); }
    return [across, along];
  }

  function fit(gd) {
    var map = mapOf(gd);
    var meta = gd.layout && gd.layout.meta;
    if (!map || !meta || !meta.fit) return;
    var box = gd.getBoundingClientRect();
    if (box.width < 50 || box.height < 50) return;
    var key = JSON.stringify([meta.fit, gd.layout.uirevision]) + "@" + Math.round(box.width) + "x" + Math.round(box.height);
    if (gd.dataset.fitted === key) return;
    var bounds = [[meta.fit[0], meta.fit[1]], [meta.fit[2], meta.fit[3]]];
    var pad = padding(gd, box.width, box.height);
    var paddings = meta.inset ? insetPaddings(pad, meta.inset.domain, box.width, box.height) : [pad];
    /* The closer of the cameras that leave the inset's corner free. */
    var camera = null;
    paddings.forEach(function (option) {
      var candidate = map.cameraForBounds(bounds, { padding: option });
      if (candidate && (!camera || candidate.zoom > camera.zoom)) camera = candidate;
    });
    gd.dataset.fitted = key;
    if (!camera) return;
    /* Moved as if by the user (an originalEvent): plotly then records the camera as a GUI
       edit, which it keeps (uirevision) when Dash redraws the same view. */
    map.jumpTo({ center: camera.center, zoom: camera.zoom }, { originalEvent: { diemtuaFit: true } });
    gd.dataset.fittedZoom = String(camera.zoom);
    var inset = meta.inset && mapOf(gd, "map2");
    if (inset) {
      var f = meta.inset.fit;
      var insetCamera = inset.cameraForBounds([[f[0], f[1]], [f[2], f[3]]], { padding: 6 });
      if (insetCamera) {
        inset.jumpTo({ center: insetCamera.center, zoom: insetCamera.zoom }, { originalEvent: { diemtuaFit: true } });
        gd.dataset.insetZoom = String(insetCamera.zoom);
      }
    }
    styleLabels(gd);
  }

  function styleLabels(gd) {
    styleLabelsOf(gd, mapOf(gd), LABEL_TRACE, gd.dataset.fittedZoom);
    styleLabelsOf(gd, mapOf(gd, "map2"), INSET_LABEL_TRACE, gd.dataset.insetZoom);
  }

  function styleLabelsOf(gd, map, traceName, fittedZoom) {
    if (!map || !gd._fullData || !map.isStyleLoaded()) return;
    var zoom = Number(fittedZoom || map.getZoom() || 5);
    gd._fullData.forEach(function (trace) {
      if (trace.name !== traceName) return;
      var layer = "plotly-trace-layer-" + trace.uid + "-symbol";
      if (!map.getLayer(layer)) return;
      var size = trace.textfont.size;
      /* MapLibre lays symbols out for the next zoom level up, so the size stays flat to one
         level above the fitted zoom (else the collision boxes grow and names drop out). */
      map.setLayoutProperty(layer, "text-size", [
        "interpolate", ["linear"], ["zoom"],
        zoom - 2, Math.max(9, size - 2), zoom + 1.5, size, zoom + 5, size + 8,
      ]);
      map.setLayoutProperty(layer, "text-max-width", 9);
      /* A name that does not fit centred may sit beside its point rather than vanish. */
      map.setLayoutProperty(layer, "text-variable-anchor", ["center", "top", "bottom", "left", "right"]);
      map.setLayoutProperty(layer, "text-radial-offset", 0.3);
      map.setLayoutProperty(layer, "text-padding", 0);
      map.setPaintProperty(layer, "text-halo-color", "rgba(255,255,255,0.92)");
      map.setPaintProperty(layer, "text-halo-width", 1.6);
    });
  }

  /* Plotly fails on a relayout while the map's style is still loading: wait for it. */
  function update(gd) {
    var map = mapOf(gd);
    if (!map) return;
    var loading = [map, mapOf(gd, "map2")].filter(function (m) { return m && !m.isStyleLoaded(); });
    if (loading.length) {
      if (!gd._diemtuaWaiting) {
        gd._diemtuaWaiting = true;
        loading[0].once("idle", function () { gd._diemtuaWaiting = false; update(gd); });
      }
      return;
    }
    styleLabels(gd);
    fit(gd);
  }

  function attach(gd) {
    if (gd.dataset.diemtuaMap || typeof gd.on !== "function") return;
    gd.dataset.diemtuaMap = "1";
    gd.on("plotly_afterplot", function () { update(gd); });
    /* The box settles after the first draw (stylesheet, responsive resize): refit then too. */
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        window.clearTimeout(gd._diemtuaResize);
        gd._diemtuaResize = window.setTimeout(function () { update(gd); }, 150);
      }).observe(gd);
    }
    update(gd);
  }

  function scan() {
    var graphs = document.querySelectorAll(".js-plotly-plot");
    for (var i = 0; i < graphs.length; i++) {
      if (graphs[i]._fullLayout && graphs[i]._fullLayout.map) attach(graphs[i]);
    }
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("resize", function () {
    window.clearTimeout(scan.timer);
    scan.timer = window.setTimeout(function () {
      var graphs = document.querySelectorAll(".js-plotly-plot");
      for (var i = 0; i < graphs.length; i++) { if (graphs[i].dataset.diemtuaMap) update(graphs[i]); }
    }, 200);
  });
})();
