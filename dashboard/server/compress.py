"""Gzip for text responses: pages, callback JSON, scripts, styles and the GeoJSON boundaries.

Static files (Dash's scripts, the assets) are the same bytes on every request, so their
compressed form is kept per URL and validator: plotly.js is compressed once per worker, not
once per viewer. Answers that depend on the request (callbacks, layout) are compressed each
time at a fast level.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from typing import Final

import flask

MIN_SIZE: Final = 1024
STATIC_LEVEL: Final = 9  # once per file and worker: worth the best ratio
DYNAMIC_LEVEL: Final = 5
COMPRESSIBLE: Final = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "image/svg+xml",
    }
)
_STATIC_PREFIXES: Final = ("/_dash-component-suites/", "/assets/", "/_favicon.ico")
_STATIC_ENTRIES: Final = 256


class _StaticStore:
    """Compressed static bodies by (path with query, ETag, length)."""

    def __init__(self) -> None:
        self._bodies: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compress(self, key: tuple[str, str, int], body: bytes) -> bytes:
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        compressed = gzip.compress(body, STATIC_LEVEL, mtime=0)
        with self._lock:
            self._bodies[key] = compressed
            while len(self._bodies) > _STATIC_ENTRIES:
                self._bodies.popitem(last=False)
        return compressed


def install_compression(server: flask.Flask) -> None:
    """Gzip text responses for clients that accept it."""
    store = _StaticStore()

    @server.after_request
    def _gzip(response: flask.Response) -> flask.Response:
        if not _wanted(response):
            return response
        source = response.response
        response.direct_passthrough = False  # read files sent by send_file into memory
        body = response.get_data()
        if hasattr(source, "close"):
            source.close()  # the file behind send_file's wrapper
        if len(body) < MIN_SIZE:
            return response
        path = flask.request.path
        if flask.request.method == "GET" and path.startswith(_STATIC_PREFIXES):
            etag = response.headers.get("ETag", "")
            key = (flask.request.full_path, etag, len(body))
            compressed = store.get_or_compress(key, body)
        else:
            compressed = gzip.compress(body, DYNAMIC_LEVEL, mtime=0)
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(compressed))
        response.vary.add("Accept-Encoding")
        validator, weak = response.get_etag()
        if validator is not None and not weak:
            # Other bytes than the plain file: the validator may only claim weak equality.
            # Revalidation still works: If-None-Match compares weakly.
            response.set_etag(validator, weak=True)
        return response


def _wanted(response: flask.Response) -> bool:
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return False
    if "gzip" not in flask.request.headers.get("Accept-Encoding", "").lower():
        return False
    if response.mimetype not in COMPRESSIBLE:
        return False
    return not response.is_streamed or response.direct_passthrough
