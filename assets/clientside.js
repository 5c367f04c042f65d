/* Điểm tựa: small client-side callbacks (no network, no state beyond the URL). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  diemtua: {
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
