/* Điểm tựa: the routes map keeps the camera the user left when the next day arrives.
 *
 * A day change patches only the map's traces, so plotly redraws with the layout object it has
 * been writing the user's pan and zoom into. Plotly writes the camera there on only some of the
 * moves of a wheel zoom, though, and would move the camera back to an earlier step: here the
 * layout follows every move the map ends. Only figures that ask (layout.meta.followCamera).
 */
(function () {
  "use strict";

  function follow(gd) {
    var full = gd._fullLayout;
    var map = full && full.map && full.map._subplot ? full.map._subplot.map : null;
    if (!map || map._diemtuaFollowed) return;
    map._diemtuaFollowed = true;
    map.on("moveend", function () {
      var layout = gd.layout;
      if (!layout || !layout.map || !(layout.meta && layout.meta.followCamera)) return;
      var centre = map.getCenter();
      layout.map.center = { lat: centre.lat, lon: centre.lng };
      layout.map.zoom = map.getZoom();
    });
  }

  function scan() {
    var graphs = document.querySelectorAll(".js-plotly-plot");
    for (var i = 0; i < graphs.length; i++) {
      var gd = graphs[i];
      if (gd.layout && gd.layout.meta && gd.layout.meta.followCamera) follow(gd);
    }
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
})();
