"""Put the server's parts on an app: accounts, hardening, compression, proxies, shared cache.

``create_app`` calls :func:`install_server` once the app's context exists. Everything here
works the same under the development server and under gunicorn (``make serve``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.config import Settings, normalise_url_prefix
from dashboard.server.accounts import shared_secret
from dashboard.server.answers import install_answer_cache
from dashboard.server.cache import ResultCache, make_cache, redis_namespace
from dashboard.server.compress import install_compression
from dashboard.server.fastpath import EXTENSION as FAST_PATH
from dashboard.server.fastpath import FastPath
from dashboard.server.health import install_health
from dashboard.server.login import install_auth
from dashboard.server.security import install_security
from dashboard.server.static import install_static_files
from dashboard.server.tables import create_server_schema
from dashboard.server.throttle import make_throttle
from dashboard.server.versions import VersionClock

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from dash import Dash

__all__ = ["after_fork", "dash_prefix_arguments", "install_server"]

_ENGINE = "diemtua_engine"
_CACHE = "diemtua_cache"
VERSION_CLOCK = "diemtua_version_clock"  # server.extensions[VERSION_CLOCK]: the data version
THROTTLE_EXTENSION = "diemtua_throttle"


class DashPrefixArguments(TypedDict):
    """Keyword arguments of ``Dash(...)``."""

    requests_pathname_prefix: str
    routes_pathname_prefix: str


def dash_prefix_arguments(url_prefix: str) -> DashPrefixArguments:
    """What ``Dash(...)`` needs to be reached under ``url_prefix`` (``/`` or ``/name/``).

    The browser asks for ``/name/...``; the app answers routes without the prefix, which a
    reverse proxy strips or :class:`PrefixMiddleware` moves into ``SCRIPT_NAME``.
    """
    return {
        "requests_pathname_prefix": normalise_url_prefix(url_prefix),
        "routes_pathname_prefix": "/",
    }


def install_server(
    app: Dash,
    engine: Engine,
    settings: Settings,
    *,
    cache: ResultCache | None = None,
    canonical_search: Callable[[str | None], str] | None = None,
    follow_version: Callable[[str, str | None], str] | None = None,
    pure_callback: Callable[[dict[str, Any]], bool] | None = None,
) -> ResultCache:
    """Add accounts, health check, security headers, compression, shared answers and proxy
    support to ``app``; returns the result cache (``cache`` or one made for ``settings``).

    ``canonical_search(search)`` normalises a URL's query string into the view it names, so
    shared answers are keyed by the view and not by the request's bytes.
    ``follow_version`` is the ``VersionClock``'s ``follow``: the version of the data the
    worker answers from, given the database's. ``pure_callback(spec)`` names the callbacks
    whose answers are shared under all their inputs (``answers.install_answer_cache``).
    """
    create_server_schema(engine)
    server = app.server
    server.secret_key = settings.secret_key or shared_secret(engine)
    server.extensions[_ENGINE] = engine
    if cache is None:
        cache = make_cache(
            settings.redis_url, database_url=settings.database_url, secret_key=server.secret_key
        )
    server.extensions[_CACHE] = cache
    throttle = make_throttle(
        engine, settings.redis_url, redis_namespace(settings.database_url), server.secret_key
    )
    server.extensions[THROTTLE_EXTENSION] = throttle
    install_health(server, engine, settings)
    install_auth(server, engine, settings, throttle)
    headers = install_security(app, settings)
    compress = install_compression(server)
    # Answers already made are sent again without Flask (its routes are added below, and by
    # the layout cache): for anonymous viewers only.
    fast = FastPath(
        server.wsgi_app,
        common_headers=lambda request: headers(request.is_secure),
        compress=compress,
        session_cookie=server.config["SESSION_COOKIE_NAME"],
        enabled=settings.anonymous_viewing,
    )
    server.extensions[FAST_PATH] = fast
    fast.remember("/_dash-dependencies")  # the callbacks: the same list for every viewer
    install_static_files(server)
    clock = VersionClock(engine, follow=follow_version)
    server.extensions[VERSION_CLOCK] = clock
    install_answer_cache(
        app,
        engine,
        cache,
        canonical=canonical_search or (lambda search: search or ""),
        pure=pure_callback,
        version=clock,
    )
    wsgi: Any = fast
    if normalise_url_prefix(settings.url_prefix) != "/":
        wsgi = PrefixMiddleware(wsgi, settings.url_prefix)
    if settings.proxy_hops > 0:
        hops = settings.proxy_hops
        wsgi = ProxyFix(wsgi, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
    server.wsgi_app = wsgi
    return cache


def after_fork(server: Any) -> None:
    """In a freshly forked worker: drop the database connections inherited from the parent.

    gunicorn builds the app once and forks the workers (``preload_app``); a connection
    shared by two processes would interleave their queries.
    """
    engine = server.extensions.get(_ENGINE)
    if isinstance(engine, Engine):
        engine.dispose(close=False)


class PrefixMiddleware:
    """Serve ``/name/...`` as ``/...`` with ``SCRIPT_NAME=/name``, for a proxy that keeps it.

    Requests without the prefix (a proxy that strips it, a health check) pass unchanged.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], prefix: str) -> None:
        self.app = app
        self.prefix = "/" + prefix.strip("/")

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + self.prefix
            environ["PATH_INFO"] = path[len(self.prefix) :] or "/"
        return self.app(environ, start_response)
