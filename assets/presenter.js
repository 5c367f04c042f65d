/* Điểm tựa: presenter mode's tour, walked in the browser.
 *
 * The server plans the stops (dcc.Store "tour-plan": each stop's query and why it is shown);
 * here the tour moves on each tick of the "tour" interval by replacing the URL (no history
 * entry per step) and telling Dash's Location components through a popstate event. The
 * presenter pauses and resumes with the space bar, steps with the arrow keys, and a click on
 * the map holds the view there until resumed.
 */
(function () {
  "use strict";
  var TOUR = "tour";
  var BAR = "tour-bar";
  var state = { paused: false };

  /* dcc.Store keeps its data in the renderer, not the DOM: tourStep remembers the last plan,
     and forgets it when the page holds no tour any more. */
  function plan() {
    return document.getElementById(BAR) ? state.plan : null;
  }

  function position(stops) {
    for (var i = 0; i < stops.length; i++) {
      if (stops[i].search === window.location.search) return i;
    }
    return -1;
  }

  function span(className, text) {
    return { namespace: "dash_html_components", type: "Span", props: { className: className, children: text } };
  }

  function bar() {
    var p = plan();
    if (!p) return "";
    var at = position(p.stops);
    var caption = at >= 0 ? p.stops[at].caption : "";
    return [
      span("tour-state" + (state.paused ? " paused" : ""), state.paused ? p.paused : p.running),
      span("tour-step", at >= 0 ? (at + 1) + "/" + p.stops.length : "–/" + p.stops.length),
      span("tour-caption", caption),
      span("tour-keys", p.keys),
    ];
  }

  function go(delta) {
    var p = plan();
    if (!p || !p.stops.length) return;
    var at = position(p.stops);
    var next = at < 0 ? (delta > 0 ? 0 : p.stops.length - 1) : (at + delta + p.stops.length) % p.stops.length;
    window.history.replaceState(null, "", window.location.pathname + p.stops[next].search);
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }

  function setPaused(paused) {
    state.paused = paused;
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (!set) return;
    set(TOUR, { disabled: paused });
    set(BAR, { children: bar() });
  }

  function presenting() {
    return document.querySelector(".app.present") !== null && document.getElementById(BAR) !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (!presenting() || event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.key === " " || event.code === "Space") {
      event.preventDefault();
      setPaused(!state.paused);
    } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      go(event.key === "ArrowRight" ? 1 : -1);
    }
  });

  /* A click on the map answers a question: the view holds until the presenter resumes. */
  document.addEventListener("click", function (event) {
    if (presenting() && event.target.closest && event.target.closest("#map")) setPaused(true);
  }, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.diemtua = Object.assign({}, window.dash_clientside.diemtua, {
    /* Each tick moves on (unless paused); every URL change redraws the bar. */
    tourStep: function (ticks, search, tourPlan, disabled) {
      state.plan = tourPlan;
      if (!tourPlan) return "";
      var triggered = (window.dash_clientside.callback_context.triggered || [])[0];
      if (triggered && triggered.prop_id === TOUR + ".n_intervals" && !state.paused && !disabled) {
        go(1);
      }
      return bar();
    },
  });
  window.diemtuaTour = { state: state, go: go, setPaused: setPaused };
})();
