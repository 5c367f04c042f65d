/* Điểm tựa: small client-side callbacks (no network, no state beyond the URL). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  diemtua: {
    /* Links to the other screens with the current query (language, filters), then classes. */
    screenLinks: function (search, pathname, paths) {
      var hrefs = paths.map(function (path) { return path + (search || ""); });
      var here = (pathname || "/").replace(/\/$/, "");
      var classes = paths.map(function (path) {
        return path.replace(/\/$/, "") === here ? "active" : "";
      });
      return hrefs.concat(classes);
    },
    /* Links to the current view in each language: the query with only `lang` changed. */
    languageLinks: function (search, pathname, defaultLang) {
      function linkFor(lang) {
        var params = new URLSearchParams(search || "");
        if (lang === defaultLang) { params.delete("lang"); } else { params.set("lang", lang); }
        var query = params.toString();
        return (pathname || "/") + (query ? "?" + query : "");
      }
      var current = new URLSearchParams(search || "").get("lang") || defaultLang;
      if (current !== "vi" && current !== "en") { current = defaultLang; }
      return [
        linkFor("vi"),
        linkFor("en"),
        current === "vi" ? "active" : "",
        current === "en" ? "active" : "",
      ];
    },
  },
});

/* Number formatting for the ranking table, in the language of the page (1.234,5 vs 1,234.5). */
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  diemtuaFormat: function (value, kind, lang) {
    if (value === null || value === undefined || Number.isNaN(value)) { return "–"; }
    if (kind === "moment") {  /* 2022-06-12T08:15 (Vietnam time) in, as format_moment writes it */
      var halves = String(value).split("T");
      var day = window.dashAgGridFunctions.diemtuaFormat(halves[0], "date", lang);
      return lang === "vi" ? halves[1] + " " + day : day + ", " + halves[1];
    }
    if (kind === "date") {  /* ISO day in, 08/05/2022 (vi) or 8 May 2022 (en) out; sorts as ISO */
      var parts = String(value).split("-");
      if (parts.length !== 3) { return String(value); }
      if (lang === "vi") { return parts[2] + "/" + parts[1] + "/" + parts[0]; }
      var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
    }
    var locale = lang === "vi" ? "vi-VN" : "en-GB";
    if (kind === "percent") {
      var text = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value * 100);
      return lang === "vi" ? text + " %" : text + "%";
    }
    var digits = kind === "decimal" ? 2 : 0;
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(value);
  },
});
