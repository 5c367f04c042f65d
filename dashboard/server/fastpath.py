"""Answers already made, sent again without Flask's request machinery.

A crowd's requests are mostly answered from memory: static files compressed once, callback
answers shared between viewers, layouts drawn once, Dash's list of callbacks. For those,
Flask's machinery (the request context, the session cookie, the before- and after-request
hooks, the response object) cost more than finding the answer. This WSGI layer sits in front
of Flask and sends such an answer itself, when

* anonymous viewing is on and the request carries no session cookie (a signed-in viewer's
  requests always go to Flask: their answers may depend on the account);
* a POST's Origin (or Referer) is absent or names this host (Flask's forgery check refuses
  the others);
* the answer is already made: the file is in the store, the callback's answer in the result
  cache, the layout drawn. A first request, a miss or any doubt goes to Flask, which makes
  the answer and keeps it for the next time.

It adds the headers Flask's hooks add (``security.response_headers``) and sends the gzip form
``compress`` keeps, so a client cannot tell which path answered (a test compares them).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request

from dashboard.server.compress import Compressed, compressible

__all__ = ["EXTENSION", "FastPath", "Known"]

EXTENSION: Final = "diemtua_fast_path"  # server.extensions[EXTENSION]
# Larger request bodies go to Flask (a callback request for a shared view is a few KB).
_MAX_BODY: Final = 256 * 1024
_REMEMBERED: Final = 64

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Known:
    """An answer the fast path sends: status, headers (without the common ones), body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


Route = Callable[[Request], Known | None]
_REASONS: Final = {200: "200 OK", 304: "304 Not Modified"}


class FastPath:
    """The WSGI layer; routes are added by the parts that keep answers."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        common_headers: Callable[[Request], list[tuple[str, str]]],
        compress: Compressed,
        session_cookie: str,
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.enabled = enabled
        self._common_headers = common_headers
        self._compress = compress
        self._session_cookie = f"{session_cookie}="
        self._exact: dict[tuple[str, str], Route] = {}
        self._prefixes: list[tuple[str, str, Route]] = []
        self._remembered: OrderedDict[tuple[str, bool, str], tuple[str, list, bytes]] = (
            OrderedDict()
        )
        self._remember_paths: set[str] = set()
        self._lock = threading.Lock()
        self.sent = 0  # answers sent by the fast path (tests count them)

    def route(self, method: str, path: str, answer: Route, *, prefix: bool = False) -> None:
        """Answer ``method`` requests for ``path`` (or every path under it) with ``answer``."""
        if prefix:
            self._prefixes.append((method, path, answer))
        else:
            self._exact[method, path] = answer

    def remember(self, path: str) -> None:
        """Keep Flask's first 200 answer to an anonymous GET of ``path`` (the same for every
        viewer, whatever the query string) and send it again."""
        self._remember_paths.add(path)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not self.enabled or self._session_cookie in environ.get("HTTP_COOKIE", ""):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "")
        path = environ.get("PATH_INFO", "")
        if method == "GET" and path in self._remember_paths:
            return self._replay(environ, start_response, path)
        answer = self._exact.get((method, path)) or next(
            (r for m, p, r in self._prefixes if m == method and path.startswith(p)), None
        )
        if answer is None:
            return self.app(environ, start_response)
        request = Request(environ)
        if method == "POST" and not _same_origin(request):
            return self.app(environ, start_response)
        known = answer(request)
        if known is None:
            return self.app(environ, start_response)
        self.sent += 1
        headers = _vary_cookie(known.headers) + self._common_headers(request)
        start_response(_REASONS.get(known.status, str(known.status)), headers)
        return [known.body]

    def dynamic(self, request: Request, body: bytes, mimetype: str) -> Known:
        """A 200 answer of ``body``, gzipped as ``compress`` does Flask's answers."""
        headers = [("Content-Type", get_content_type(mimetype, "utf-8"))]
        if compressible(mimetype, len(body)) and request.accept_encodings["gzip"] > 0:
            body = self._compress(body)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        headers.append(("Content-Length", str(len(body))))
        return Known(200, headers, body)

    def _replay(
        self, environ: dict[str, Any], start_response: Callable[..., Any], path: str
    ) -> Any:
        request = Request(environ)
        key = (path, request.accept_encodings["gzip"] > 0, request.scheme)
        with self._lock:
            found = self._remembered.get(key)
        if found is not None:
            self.sent += 1
            status, headers, body = found
            start_response(status, headers)
            return [body]
        seen: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, keep)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = seen
        if status.startswith("200") and not any(n.lower() == "set-cookie" for n, _ in headers):
            with self._lock:
                self._remembered[key] = (status, list(headers), body)
                while len(self._remembered) > _REMEMBERED:
                    self._remembered.popitem(last=False)
        return [body]


def read_json_body(request: Request) -> Any:
    """The JSON body of a small POST, put back for Flask to read again (``None``: none)."""
    if not request.is_json or (request.content_length or _MAX_BODY + 1) > _MAX_BODY:
        return None
    data = request.get_data(cache=True)
    request.environ["wsgi.input"] = io.BytesIO(data)
    try:
        return request.get_json(silent=True)
    except Exception:
        return None


def _vary_cookie(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` with ``Cookie`` in ``Vary``, as Flask says of every answer that looked at
    the session (every one: the sign-in's hooks do): a session cookie changes the answer."""
    vary = [value for name, value in headers if name == "Vary"]
    rest = [(name, value) for name, value in headers if name != "Vary"]
    return [*rest, ("Vary", ", ".join([*vary, "Cookie"]))]


def _same_origin(request: Request) -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None or source == "null":
        return True
    return urlsplit(source).netloc == request.host
