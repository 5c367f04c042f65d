/* Điểm tựa: small client-side callbacks (no network, no state beyond the URL). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  diemtua: {
    /* "Download image": the map as drawn (same camera, same size), under a title band (the
       view's title, what it shows and its period, the data's freshness) and over the source
       line, composed in the browser: nothing leaves the machine. Where the page shows the
       classes in a strip under the map (a phone), the image does the same: the colour bar
       would cover part of a map that has no sea to spare at that width. The rectangles it
       drew are left on the map's element (data-image-layout), for tests and for debugging. */
    downloadImage: function (clicks, fileName) {
      if (!clicks) { return window.dash_clientside.no_update; }
      var gd = document.querySelector("#map .js-plotly-plot");
      var text = function (id) { var el = document.getElementById(id); return el ? el.innerText : ""; };
      var width = gd.clientWidth, height = gd.clientHeight;
      var lines = [text("view-title"), text("view-subtitle"), text("freshness")];
      var source = (document.querySelector("#footer span:last-child") || {}).innerText || "";
      var bar = gd.querySelector(".colorbar");
      var stripped = !bar || getComputedStyle(bar).display === "none";
      var figure = gd;
      if (stripped) {
        figure = {
          data: gd.data.map(function (trace) { return Object.assign({}, trace, { showscale: false }); }),
          layout: gd.layout,
          config: gd._context,
        };
      }
      var classes = stripped ? legendClasses() : null;
      window.Plotly.toImage(figure, { format: "png", width: width, height: height }).then(function (url) {
        var image = new Image();
        image.onload = function () {
          var canvas = document.createElement("canvas");
          var top = 96, pad = 16;
          var c = canvas.getContext("2d");
          var legend = classes ? layoutLegend(c, classes, width, pad) : null;
          var legendHeight = legend ? legend.height : 0;
          /* The source line wraps to the image's width; the band below grows to hold it. */
          c.font = "11px sans-serif";
          var rows = [], line = "";
          source.split(" ").forEach(function (word) {
            if (line && c.measureText(line + word).width > width - 2 * pad) { rows.push(line); line = ""; }
            line += word + " ";
          });
          rows.push(line);
          var foot = top + height + legendHeight;
          canvas.width = width; canvas.height = foot + Math.max(64, rows.length * 14 + 22);
          c.fillStyle = "#ffffff"; c.fillRect(0, 0, canvas.width, canvas.height);
          c.fillStyle = "#0b6e4f"; c.fillRect(0, 0, canvas.width, 6);
          c.fillStyle = "#1d2330"; c.font = "bold 26px sans-serif";
          c.fillText(lines[0], pad, 40);
          c.font = "15px sans-serif"; c.fillStyle = "#52606d";
          c.fillText(lines[1], pad, 64, width - 2 * pad);
          c.fillText(lines[2], pad, 84, width - 2 * pad);
          c.drawImage(image, 0, top);
          var drawn = { width: canvas.width, height: canvas.height, map: [0, top, width, top + height], legend: null };
          if (legend) { drawn.legend = drawLegend(c, legend, top + height); }
          c.fillStyle = "#52606d"; c.font = "11px sans-serif";
          rows.forEach(function (row, i) { c.fillText(row, pad, foot + 18 + i * 14); });
          gd.dataset.imageLayout = JSON.stringify(drawn);
          var link = document.createElement("a");
          link.download = fileName;
          link.href = canvas.toDataURL("image/png");
          document.body.appendChild(link); link.click(); link.remove();
        };
        image.src = url;
      });
      return window.dash_clientside.no_update;

      /* The classes of the strip under the map: its title, then each swatch's colour and label. */
      function legendClasses() {
        var strip = document.querySelector(".map-legend-strip");
        if (!strip || !strip.querySelector(".legend-class")) { return null; }
        var title = strip.querySelector(".legend-title");
        return {
          title: title ? title.innerText : "",
          items: Array.prototype.map.call(strip.querySelectorAll(".legend-class"), function (item) {
            var swatch = item.querySelector(".legend-swatch");
            return { color: swatch ? getComputedStyle(swatch).backgroundColor : "#ffffff", label: item.innerText.trim() };
          }),
        };
      }

      /* Where each piece of the legend goes: a title then swatches, in rows as wide as the map. */
      function layoutLegend(c, legend, width, pad) {
        var rowHeight = 22, swatch = 14, x = pad, row = 0, pieces = [];
        c.font = "bold 13px sans-serif";
        var titleWidth = c.measureText(legend.title).width;
        pieces.push({ kind: "title", text: legend.title, x: x, row: 0 });
        x += titleWidth + 12;
        c.font = "13px sans-serif";
        legend.items.forEach(function (item) {
          var itemWidth = swatch + 4 + c.measureText(item.label).width;
          if (x + itemWidth > width - pad) { row += 1; x = pad; }
          pieces.push({ kind: "class", color: item.color, text: item.label, x: x, row: row });
          x += itemWidth + 12;
        });
        return { pieces: pieces, rowHeight: rowHeight, swatch: swatch, height: 10 + (row + 1) * rowHeight };
      }

      function drawLegend(c, legend, y0) {
        var swatches = [];
        var right = 0;
        legend.pieces.forEach(function (piece) {
          var y = y0 + 10 + piece.row * legend.rowHeight;
          var middle = y + legend.swatch / 2 + 4;
          c.textBaseline = "middle";
          if (piece.kind === "title") {
            c.fillStyle = "#52606d"; c.font = "bold 13px sans-serif";
            c.fillText(piece.text, piece.x, middle);
            right = Math.max(right, piece.x + c.measureText(piece.text).width);
            return;
          }
          c.fillStyle = piece.color; c.fillRect(piece.x, y, legend.swatch, legend.swatch);
          c.strokeStyle = "#d0d7de"; c.lineWidth = 1;
          c.strokeRect(piece.x + 0.5, y + 0.5, legend.swatch - 1, legend.swatch - 1);
          c.fillStyle = "#1d2330"; c.font = "13px sans-serif";
          c.fillText(piece.text, piece.x + legend.swatch + 4, middle);
          right = Math.max(right, piece.x + legend.swatch + 4 + c.measureText(piece.text).width);
          swatches.push({ box: [piece.x, y, piece.x + legend.swatch, y + legend.swatch], color: piece.color });
        });
        c.textBaseline = "alphabetic";
        return { box: [0, y0, right, y0 + legend.height], swatches: swatches };
      }
    },
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
