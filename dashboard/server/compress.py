"""Gzip for the answers that depend on the request: pages, layout, callback JSON.

Static files (Dash's scripts, the assets, the boundary files) never come through here: they
are compressed once per worker and kept (``dashboard.server.static``). Shared answers and
kept layouts are the same bytes for many viewers, so the gzip form of recent bodies is kept
too: compressing was a fifth of the CPU of a kept answer.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from typing import Final

import flask

MIN_SIZE: Final = 1024
DYNAMIC_LEVEL: Final = 5  # per request: a fast level
COMPRESSIBLE: Final = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/x-protobuf",
        "image/svg+xml",
        "image/vnd.microsoft.icon",
        "image/x-icon",
    }
)
# Set in the WSGI environ of a request answered by the static files' server.
STATIC_MARK: Final = "diemtua.static"
_KEPT_ENTRIES: Final = 512
_KEPT_LARGEST: Final = 256 * 1024  # bytes of a body whose gzip form is kept


class Compressed:
    """The gzip form of recently sent bodies, by the body's bytes."""

    def __init__(self) -> None:
        self._kept: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, body: bytes) -> bytes:
        if len(body) > _KEPT_LARGEST:
            return gzip.compress(body, DYNAMIC_LEVEL, mtime=0)
        with self._lock:
            found = self._kept.get(body)
            if found is not None:
                self._kept.move_to_end(body)
                return found
        compressed = gzip.compress(body, DYNAMIC_LEVEL, mtime=0)
        with self._lock:
            self._kept[body] = compressed
            while len(self._kept) > _KEPT_ENTRIES:
                self._kept.popitem(last=False)
        return compressed


def compressible(mimetype: str, length: int) -> bool:
    """True for a body worth sending gzipped (text of at least ``MIN_SIZE`` bytes)."""
    return mimetype in COMPRESSIBLE and length >= MIN_SIZE


def install_compression(server: flask.Flask) -> Compressed:
    """Gzip dynamic text responses for clients that accept it; returns the kept forms."""
    compress = Compressed()

    @server.after_request
    def _gzip(response: flask.Response) -> flask.Response:
        if not _wanted(response):
            return response
        source = response.response
        response.direct_passthrough = False  # read a file sent by send_file into memory
        body = response.get_data()
        if hasattr(source, "close"):
            source.close()  # the file behind send_file's wrapper
        if not compressible(response.mimetype or "", len(body)):
            return response
        compressed = compress(body)
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(compressed))
        response.vary.add("Accept-Encoding")
        validator, weak = response.get_etag()
        if validator is not None and not weak:
            # Other bytes than the plain answer: the validator may only claim weak equality.
            response.set_etag(validator, weak=True)
        return response

    return compress


def _wanted(response: flask.Response) -> bool:
    if flask.request.environ.get(STATIC_MARK):
        return False
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return False
    if flask.request.accept_encodings["gzip"] <= 0:
        return False
    if response.mimetype not in COMPRESSIBLE:
        return False
    return not response.is_streamed or response.direct_passthrough
