/* Điểm tựa: Vietnamese for the two libraries that bring their own words.
 *
 * Plotly: month and day names, date formats, separators and the modebar's tooltips, as a
 * locale registered under "vi" (the graphs' config names it on Vietnamese pages).
 * The date picker: Dash's picker formats with date-fns and takes its locale from
 * window.dateFns.locale; here that follows the page's language (the lang attribute the shell
 * sets, then the URL), not the browser's, so a Vietnamese page has a Vietnamese calendar on
 * any computer. An English page gets date-fns' own English.
 */
(function () {
  "use strict";
  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7",
    "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var SHORT_MONTHS = ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10",
    "Th11", "Th12"];
  var DAYS = ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"];
  var SHORT_DAYS = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"];

  var plotlyVi = {
    moduleType: "locale",
    name: "vi",
    dictionary: {
      "Autoscale": "Tự động co giãn",
      "Box Select": "Chọn vùng chữ nhật",
      "Click to enter Colorscale title": "Bấm để nhập tiêu đề thang màu",
      "Click to enter Plot title": "Bấm để nhập tiêu đề",
      "Compare data on hover": "So sánh số liệu khi rê chuột",
      "Double-click on legend to isolate one trace": "Bấm đúp vào chú giải để chỉ xem một đường",
      "Double-click to zoom back out": "Bấm đúp để thu nhỏ lại",
      "Download plot": "Tải hình",
      "Download plot as a png": "Tải hình PNG",
      "Download plot as a PNG": "Tải hình PNG",
      "Lasso Select": "Chọn tự do",
      "Pan": "Kéo",
      "Produced with Plotly.js": "Vẽ bằng Plotly.js",
      "Reset axes": "Đặt lại trục",
      "Reset view": "Đặt lại khung nhìn",
      "Reset the view": "Đặt lại khung nhìn",
      "Show closest data on hover": "Hiện số liệu gần nhất khi rê chuột",
      "Snapshot succeeded": "Đã chụp hình",
      "Sorry, there was a problem downloading your snapshot!": "Không tải được hình!",
      "Taking snapshot - this may take a few seconds": "Đang chụp hình, có thể mất vài giây",
      "Toggle Spike Lines": "Bật/tắt đường dóng",
      "Toggle show closest data on hover": "Bật/tắt hiện số liệu gần nhất",
      "Zoom": "Phóng to vùng chọn",
      "Zoom in": "Phóng to",
      "Zoom out": "Thu nhỏ",
    },
    format: {
      days: DAYS,
      shortDays: SHORT_DAYS,
      months: MONTHS,
      shortMonths: SHORT_MONTHS,
      periods: ["SA", "CH"],
      dateTime: "%H:%M:%S %d/%m/%Y",
      date: "%d/%m/%Y",
      time: "%H:%M:%S",
      decimal: ",",
      thousands: ".",
      grouping: [3],
      currency: ["", " ₫"],
      year: "%Y",
      month: "%m/%Y",
      dayMonth: "%d/%m",
      dayMonthYear: "%d/%m/%Y",
    },
  };
  /* Plotly loads after the assets: it registers what it finds in window.PlotlyLocales. */
  if (window.Plotly && window.Plotly.register) {
    window.Plotly.register(plotlyVi);
  } else {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(plotlyVi);
  }

  /* A date-fns locale: what the picker's formats (month caption, weekday row) ask for. */
  function pick(values) {
    return function (index, options) {
      var width = (options && options.width) || "wide";
      return width === "wide" ? values.wide[index] : (values.short || values.wide)[index];
    };
  }
  var dateFnsVi = {
    code: "vi",
    localize: {
      ordinalNumber: function (n) { return String(n); },
      era: function (n) { return n ? "SCN" : "TCN"; },
      quarter: function (n) { return "Quý " + n; },
      month: pick({ wide: MONTHS, short: SHORT_MONTHS }),
      day: pick({ wide: DAYS, short: SHORT_DAYS }),
      dayPeriod: function (p) { return p === "am" ? "SA" : "CH"; },
    },
    formatLong: {
      date: function () { return "dd/MM/yyyy"; },
      time: function () { return "HH:mm"; },
      dateTime: function () { return "{{date}} {{time}}"; },
    },
    formatDistance: function (token, count) { return String(count); },
    formatRelative: function () { return "dd/MM/yyyy"; },
    match: {},
    options: { weekStartsOn: 1, firstWeekContainsDate: 1 },
  };

  function pageLanguage() {
    var app = document.getElementById("page");
    var lang = app && app.getAttribute("lang");
    if (!lang) lang = new URLSearchParams(window.location.search).get("lang");
    return lang === "en" ? "en" : "vi";
  }
  Object.defineProperty(window, "dateFns", {
    configurable: true,
    get: function () { return { locale: pageLanguage() === "vi" ? { vi: dateFnsVi } : {} }; },
  });
  window.diemtuaPageLanguage = pageLanguage;
})();
