/* Điểm tựa: the phone layout's two folds (no server round trip, no state beyond the page).
 * The ☰ button shows the screens' links; "Filters" shows the map's filters. */
document.addEventListener("click", function (event) {
  "use strict";
  var target = event.target;
  if (!target || !target.closest) return;
  var menu = target.closest(".menu-toggle");
  if (menu) {
    menu.closest(".app-header").classList.toggle("menu-open");
    return;
  }
  var filters = target.closest(".filter-toggle");
  if (filters) filters.closest(".side-panel").classList.toggle("filters-open");
  /* Following a screen link closes the menu. */
  if (target.closest(".screen-nav a")) {
    var header = target.closest(".app-header");
    if (header) header.classList.remove("menu-open");
  }
});
