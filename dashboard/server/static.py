"""Static files (Dash's scripts, the assets, the favicon) served from memory and cached by browsers.

A warm reload of the dashboard should move almost nothing, and a static file should cost a
worker almost nothing:

* A URL that carries a fingerprint (Dash's ``name.v4_4_1m1796087297.js`` paths, the
  ``?m=<mtime>`` Dash adds to assets, the ``?v=<build>`` of the boundary files, the favicon's
  ``?v=<version>``) names one content for ever: ``max-age`` of a year and ``immutable``, so
  the browser does not even ask again.
* Any other URL (the chunks and plotly.js that Dash's scripts load by plain name, the map
  style) is ``no-cache`` with a strong ETag, the hash of the file's bytes: the browser asks,
  and the answer is a 304 without a body.
* The gzip form has an ETag of its own (``"<hash>-gz"``) and both forms carry
  ``Vary: Accept-Encoding``: a cache never hands one form to a client that asked for the
  other, and a validator stays strong, so revalidation works (a weak one would not be
  honoured by Dash's own check).
* Each file is read and compressed once per worker, at its first request, then served from
  memory; a file of the assets folder is read again when its size or modification time
  changes (``make assets`` while the server runs).
* plotly.js is the partial build in ``dashboard/vendor/`` (only the traces the dashboard
  draws; ``make plotlyjs``), served under the URL Dash's graphs load plotly.js from, when it
  was built from the plotly.js version that plotly's Python package carries; otherwise
  Dash's full bundle.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import flask
from dash.fingerprint import check_fingerprint
from werkzeug.datastructures import ETags
from werkzeug.security import safe_join
from werkzeug.wrappers import Request

from dashboard.server.compress import STATIC_MARK, compressible
from dashboard.server.fastpath import EXTENSION as FAST_PATH
from dashboard.server.fastpath import FastPath, Known, Route

__all__ = ["EXTENSION", "IMMUTABLE", "REVALIDATE", "StaticFiles", "install_static_files"]

IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"
LEVEL: Final = 9  # once per file and worker: worth the best ratio
_FINGERPRINT_QUERY: Final = ("m", "v")
_MAX_FILES: Final = 512
EXTENSION: Final = "diemtua_static_files"  # server.extensions[EXTENSION] is the store
PARTIAL_PLOTLY: Final = Path(__file__).resolve().parents[1] / "vendor" / "plotly.min.js"
# (package, path) of the file Dash's graphs load plotly.js from.
PLOTLY_FILE: Final = ("plotly", "package_data/plotly.min.js")


@dataclass(frozen=True)
class StaticFile:
    """One file's bytes, its gzip form (when worth it) and their validators."""

    content_type: str
    identity: bytes
    gzipped: bytes | None
    digest: str

    @classmethod
    def from_body(cls, body: bytes, content_type: str, mimetype: str) -> StaticFile:
        worth = compressible(mimetype, len(body))
        gzipped = gzip.compress(body, LEVEL, mtime=0) if worth else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        return cls(content_type, body, gzipped, digest)

    def respond(self, request: flask.Request, *, immutable: bool) -> flask.Response:
        """The 200 or 304 answer to ``request``, in the form the client accepts."""
        status, headers, body = self.answer(
            gzip_ok=_accepts_gzip(request),
            if_none_match=request.if_none_match,
            immutable=immutable,
        )
        return flask.Response(body, status=status, headers=headers)

    def answer(
        self, *, gzip_ok: bool, if_none_match: ETags, immutable: bool
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body of the answer: Flask's view and the fast path send it."""
        use_gzip = self.gzipped is not None and gzip_ok
        etag = f"{self.digest}-gz" if use_gzip else self.digest
        headers = [
            ("ETag", f'"{etag}"'),
            ("Cache-Control", IMMUTABLE if immutable else REVALIDATE),
        ]
        if self.gzipped is not None:
            headers.append(("Vary", "Accept-Encoding"))
        if if_none_match.contains_weak(etag):
            return 304, headers, b""
        body = self.gzipped if use_gzip and self.gzipped is not None else self.identity
        headers += [("Content-Type", self.content_type), ("Content-Length", str(len(body)))]
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        return 200, headers, body


class StaticFiles:
    """Files by key, each built once even when many requests ask for it at the same moment."""

    def __init__(self, max_files: int = _MAX_FILES) -> None:
        self._files: OrderedDict[tuple[Any, ...], StaticFile] = OrderedDict()
        self._building: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()
        self._max_files = max_files
        self.builds = 0  # how many files were read and compressed (a test counts them)

    def peek(self, key: tuple[Any, ...]) -> StaticFile | None:
        """The file under ``key`` if it was built already (the fast path never builds)."""
        with self._lock:
            return self._files.get(key)

    def get(
        self, key: tuple[Any, ...], build: Callable[[], StaticFile | None]
    ) -> StaticFile | None:
        """The file under ``key``; ``build()`` makes it (``None``: not a servable file)."""
        with self._lock:
            found = self._files.get(key)
            if found is not None:
                self._files.move_to_end(key)
                return found
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                found = self._files.get(key)
            if found is not None:
                return found
            made = build()
            with self._lock:
                self._building.pop(key, None)
                if made is not None:
                    self.builds += 1
                    self._files[key] = made
                    while len(self._files) > self._max_files:
                        self._files.popitem(last=False)
            return made


def install_static_files(
    server: flask.Flask,
    store: StaticFiles | None = None,
    *,
    replacements: Swaps | None = None,
) -> StaticFiles:
    """Serve Dash's component files, the assets folder and the favicon through ``store``.

    ``replacements`` maps a component file (package, path) to a file served in its place;
    by default plotly.js's partial build (see :func:`partial_plotly`).
    """
    store = store or StaticFiles()
    server.extensions[EXTENSION] = store
    swapped = partial_plotly() if replacements is None else replacements
    fast = server.extensions.get(FAST_PATH)
    for rule in list(server.url_map.iter_rules()):
        path = rule.rule
        key_of: KeyOf | None = None
        view = server.view_functions[rule.endpoint]
        if path.startswith("/_dash-component-suites/"):
            view, key_of = _replacing(view, swapped), _component_key
        elif path == "/_favicon.ico":
            key_of = _favicon_key
        elif path.endswith("/<path:filename>") and rule.endpoint.endswith("dash_assets.static"):
            folder = server.blueprints[rule.endpoint.rsplit(".", 1)[0]].static_folder
            if folder is not None:
                key_of = _asset_key(folder)
        if key_of is not None:
            server.view_functions[rule.endpoint] = _serving(view, store, key_of)
            if isinstance(fast, FastPath):
                fast_path, answer, prefix = _fast_route(path, store, key_of)
                fast.route("GET", fast_path, answer, prefix=prefix)
    return store


def _fast_route(rule: str, store: StaticFiles, key_of: KeyOf) -> tuple[str, Route, bool]:
    """(path, answer, prefix) of the fast path's route for the files of ``rule``: the files
    already in ``store`` only."""
    prefix = rule.split("<", 1)[0]
    names = re.findall(r"<(?:\w+:)?(\w+)>", rule)

    def answer(request: Request) -> Known | None:
        values = request.path[len(prefix) :].split("/", len(names) - 1) if names else []
        if len(values) != len(names):
            return None
        kwargs = dict(zip(names, values, strict=True))
        key = key_of(kwargs)
        found = store.peek(key) if key is not None else None
        if found is None:
            return None
        return Known(
            *found.answer(
                gzip_ok=_accepts_gzip(request),
                if_none_match=request.if_none_match,
                immutable=_fingerprinted(request, kwargs),
            )
        )

    return prefix if names else rule, answer, bool(names)


KeyOf = Callable[[dict[str, Any]], tuple[Any, ...] | None]
Swaps = dict[tuple[str, str], Path]  # component file (package, path) -> file served instead


def partial_plotly(path: Path = PARTIAL_PLOTLY) -> Swaps:
    """plotly.js's partial build in place of Dash's, if it matches plotly's own version.

    The figures are built by plotly's Python package for the plotly.js it carries; a build
    of another version might not draw them, so it is not used (a test fails meanwhile).
    """
    from plotly.offline import get_plotlyjs_version

    if partial_plotly_version(path) != get_plotlyjs_version():
        return {}
    return {PLOTLY_FILE: path}


def partial_plotly_version(path: Path = PARTIAL_PLOTLY) -> str | None:
    """The plotly.js version in the first line of the partial build, if it exists."""
    try:
        with path.open("rb") as file:
            first = file.readline(400).decode("ascii", "replace")
    except OSError:
        return None
    found = re.search(r"plotly\.js v(\S+)", first)
    return found.group(1) if found else None


def _replacing(
    view: Callable[..., Any], swapped: dict[tuple[str, str], Path]
) -> Callable[..., Any]:
    if not swapped:
        return view

    def serve(**kwargs: Any) -> Any:
        path_in_package, _ = check_fingerprint(str(kwargs.get("fingerprinted_path", "")))
        replacement = swapped.get((str(kwargs.get("package_name")), path_in_package))
        if replacement is None:
            return view(**kwargs)
        mimetype = mimetypes.guess_type(replacement.name)[0] or "application/octet-stream"
        return flask.Response(replacement.read_bytes(), mimetype=mimetype)

    return serve


def _serving(view: Callable[..., Any], store: StaticFiles, key_of: KeyOf) -> Callable[..., Any]:
    def serve(**kwargs: Any) -> Any:
        request = flask.request
        request.environ[STATIC_MARK] = True
        key = key_of(kwargs)
        if key is None or request.method not in {"GET", "HEAD"}:
            return view(**kwargs)
        found = store.get(key, lambda: _read(view, kwargs))
        if found is None:
            return view(**kwargs)  # a 404 or another refusal: answered as the view answers it
        return found.respond(request, immutable=_fingerprinted(request, kwargs))

    return serve


def _read(view: Callable[..., Any], kwargs: dict[str, Any]) -> StaticFile | None:
    response = flask.current_app.make_response(view(**kwargs))
    try:
        if response.status_code != 200 or "Content-Encoding" in response.headers:
            return None
        response.direct_passthrough = False  # read a file sent by send_file into memory
        body = response.get_data()
    finally:
        response.close()
    content_type = response.headers.get("Content-Type", "application/octet-stream")
    return StaticFile.from_body(body, content_type, response.mimetype or "")


def _component_key(kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # A package's files do not change while the process runs: the path is the key.
    return ("component", kwargs.get("package_name"), kwargs.get("fingerprinted_path"))


def _favicon_key(_kwargs: dict[str, Any]) -> tuple[Any, ...]:
    return ("favicon",)


def _asset_key(folder: str) -> KeyOf:
    def key_of(kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
        filename = str(kwargs.get("filename", ""))
        path = safe_join(folder, filename)
        if path is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return ("asset", filename, stat.st_mtime_ns, stat.st_size)

    return key_of


def _fingerprinted(request: Request, kwargs: dict[str, Any]) -> bool:
    if any(request.args.get(name) for name in _FINGERPRINT_QUERY):
        return True
    path = kwargs.get("fingerprinted_path")
    return isinstance(path, str) and check_fingerprint(path)[1]


def _accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0
