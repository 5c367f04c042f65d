"""Hardening of every response and every state-changing request.

* A Content-Security-Policy that names no other origin: scripts from the app itself plus the
  hashes of Dash's few inline scripts, ``'unsafe-eval'`` (plotly.js compiles functions at run
  time: without it a click on the map does nothing), ``blob:`` workers for the MapLibre map;
  no framing at all.
* ``X-Content-Type-Options``, ``Referrer-Policy``, ``X-Frame-Options`` on every response.
* A size limit on request bodies with a clear, bilingual 413 answer (the upload endpoint
  ``POST /upload`` keeps its own, exact bound: ``uploads.receive``).
* Cross-site request forgery: a POST whose Origin (or Referer) names another host is refused;
  a signed-in session's Dash callbacks and uploads must also echo the session's token
  (``X-CSRFToken``, sent by Dash's renderer and ``assets/upload.js`` from the
  ``_csrf_token`` cookie); the sign-in form carries it too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final
from urllib.parse import urlsplit

import flask
from dash import Dash
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.config import Settings
from dashboard.i18n import normalise_language
from dashboard.server.auth import CSRF_HEADER, has_session, valid_csrf
from dashboard.server.texts import text
from dashboard.server.uploads import UPLOAD_PATH

log = logging.getLogger(__name__)

_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
# Room above the upload bound for the query and headers; callbacks carry no file any more
# (``POST /upload`` keeps its own exact bound), so this bounds them loosely.
_ENVELOPE_BYTES: Final = 256 * 1024

STATIC_POLICY: Final[dict[str, str]] = {
    "default-src": "'self'",
    # + hashes of Dash's inline scripts. 'unsafe-eval': the page renders without it, but a
    # click on the map then does nothing (plotly.js compiles a function at run time); the
    # browser tests of the map click catch its removal.
    "script-src": "'self' 'unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",  # plotly and React set styles inline
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",  # MapLibre runs its tile workers from a blob URL
    "child-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def request_limit_bytes(max_upload_mb: int) -> int:
    """The largest request body of any request, when files of ``max_upload_mb`` megabytes
    may be uploaded."""
    return max_upload_mb * 1024 * 1024 + _ENVELOPE_BYTES


def content_security_policy(app: Dash) -> str:
    """The policy for ``app``: computed once its callbacks (and inline scripts) exist."""
    policy = dict(STATIC_POLICY)
    policy["script-src"] = " ".join([policy["script-src"], *app.csp_hashes()])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def install_security(app: Dash, settings: Settings) -> Callable[[bool], list[tuple[str, str]]]:
    """Add the size limit, the response headers and the forgery checks to ``app``'s server;
    returns :func:`response_headers`'s ``headers(secure)``."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = request_limit_bytes(settings.max_upload_mb)

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc: RequestEntityTooLarge) -> flask.typing.ResponseReturnValue:
        lang = normalise_language(flask.request.args.get("lang") or settings.default_language)
        message = text("too_large", lang, limit=settings.max_upload_mb)
        if flask.request.path.startswith("/_dash"):
            return flask.jsonify(error=message), 413
        return flask.Response(message, status=413, mimetype="text/plain")

    @server.before_request
    def _refuse_forgery() -> flask.typing.ResponseReturnValue | None:
        request = flask.request
        if request.method in _SAFE_METHODS:
            return None
        source = request.headers.get("Origin") or request.headers.get("Referer")
        signed_in = has_session()
        if source is None or source == "null":
            # Browsers send an Origin with every cross-site POST; a request without one
            # comes from a script such as curl, which holds no session cookie to abuse.
            if not signed_in:
                return None
            return _forbidden("no Origin or Referer on a signed-in request")
        if urlsplit(source).netloc != request.host:
            return _forbidden("Origin or Referer names another host")
        if (
            signed_in
            and (request.path.startswith("/_dash") or request.path == UPLOAD_PATH)
            and not valid_csrf(request.headers.get(CSRF_HEADER))
        ):
            return _forbidden("missing or wrong X-CSRFToken on a signed-in callback or upload")
        return None

    def _forbidden(reason: str) -> flask.Response:
        log.warning("refused %s %s: %s", flask.request.method, flask.request.path, reason)
        lang = normalise_language(flask.request.args.get("lang") or settings.default_language)
        return flask.Response(text("forbidden_origin", lang), status=403, mimetype="text/plain")

    headers_for = response_headers(app, settings)

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        for name, value in headers_for(flask.request.is_secure):
            response.headers.setdefault(name, value)
        return response

    return headers_for


def response_headers(app: Dash, settings: Settings) -> Callable[[bool], list[tuple[str, str]]]:
    """``headers(secure)``: the headers every response of ``app`` carries (``secure``: the
    request came over HTTPS)."""
    policy: list[str] = []  # made on the first response, once every callback is known

    def headers(secure: bool) -> list[tuple[str, str]]:
        if not policy:
            policy.append(content_security_policy(app))
        found = [
            ("Content-Security-Policy", policy[0]),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if settings.secure_cookies and secure:
            found.append(("Strict-Transport-Security", "max-age=31536000"))
        return found

    return headers
