/* Điểm tựa: the import screen sends the chosen file as the body of POST /upload.

   The file streams to the server as it is (no base64 inside a callback), with the session's
   anti-forgery token in X-CSRFToken, as Dash's renderer sends it with callbacks. The answer
   holds the screen's outputs ({id: {property: value}}), set here as a callback's would be.
   A new kind or vehicle type sends the same file again (the server keeps a file it has
   checked once, so an unchanged choice costs no second reading). */
(function () {
  "use strict";
  var ZONE = "import-upload";
  var state = { file: null, kind: null, vehicle: null, sending: null };

  function zone() { return document.getElementById(ZONE); }

  function setProps(id, props) {
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (set) set(id, props);
  }

  function say(text) { setProps("import-progress", { children: text }); }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function endpoint() {
    var config = document.getElementById("_dash-config");
    var prefix = "/";
    try { prefix = JSON.parse(config.textContent).requests_pathname_prefix || "/"; } catch (e) { /* default */ }
    return prefix.replace(/\/?$/, "/") + "upload";
  }

  function send() {
    var box = zone();
    if (!state.file || !box) return;
    var data = box.dataset;
    if (state.file.size > Number(data.maxBytes)) {
      setProps("import-summary", { children: data.tooLarge });
      setProps("import-confirm", { disabled: true });
      return;
    }
    if (state.sending) state.sending.abort();
    var query = new URLSearchParams({
      name: state.file.name, kind: state.kind || "auto", vehicle: state.vehicle || "file", lang: data.lang
    });
    var request = new XMLHttpRequest();
    state.sending = request;
    request.open("POST", endpoint() + "?" + query.toString());
    request.setRequestHeader("Content-Type", "application/octet-stream");
    var token = cookie("_csrf_token");
    if (token) request.setRequestHeader("X-CSRFToken", token);
    request.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.floor((100 * event.loaded) / event.total);
      say(percent >= 100 ? data.checking : data.sending.replace("{percent}", percent));
    };
    request.onload = function () {
      state.sending = null;
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (e) { /* not ours: a proxy's page */ }
      if (!answer || !answer.outputs) { say(data.failed); return; }
      Object.keys(answer.outputs).forEach(function (id) { setProps(id, answer.outputs[id]); });
    };
    request.onerror = function () { state.sending = null; say(data.failed); };
    setProps("import-confirm", { disabled: true });
    say(data.sending.replace("{percent}", 0));
    request.send(state.file);
  }

  function choose(files) {
    if (!files || !files.length) return;
    state.file = files[0];
    send();
  }

  /* The file input lives in the zone, added here: Dash has no component for one that leaves
     the file unread in the page. */
  function addInput() {
    var box = zone();
    if (!box || box.querySelector("input[type=file]")) return;
    var input = document.createElement("input");
    input.type = "file";
    input.accept = box.dataset.accept || "";
    input.hidden = true;
    box.appendChild(input);
  }

  document.addEventListener("click", function (event) {
    var box = event.target.closest && event.target.closest("#" + ZONE);
    if (!box || event.target.type === "file") return;
    addInput();
    box.querySelector("input[type=file]").click();
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.id === ZONE) {
      event.preventDefault();
      event.target.click();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "file" || !input.closest("#" + ZONE)) return;
    choose(input.files);
    input.value = "";  /* the same file chosen again is a change too */
  });
  ["dragover", "drop"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!event.target.closest || !event.target.closest("#" + ZONE)) return;
      event.preventDefault();
      if (type === "drop") choose(event.dataTransfer && event.dataTransfer.files);
    });
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.diemtua = Object.assign({}, window.dash_clientside.diemtua, {
    /* The kind and vehicle type chosen; a change sends the file held again. */
    uploadChoice: function (kind, vehicle) {
      addInput();
      var changed = state.kind !== null && (kind !== state.kind || vehicle !== state.vehicle);
      state.kind = kind;
      state.vehicle = vehicle;
      if (changed) send();
      return { kind: kind, vehicle: vehicle };
    }
  });
})();
