"""Callback answers shared between viewers: the same view, the same data, the same answer.

During the kickoff hundreds of viewers open the same few views. A callback that reads only
the URL (``*.search``, ``*.pathname``) and the data version store gives the same answer to
every anonymous viewer until an import changes the data, so its finished answer is kept in
the result cache under (callback, normalised view, data version): once per worker with the
in-process cache, once for all workers with Redis (which keeps a bounded number of entries).

This is a Flask before/after-request layer around Dash's own callback view: a request whose
answer is known is answered before Dash sees it; otherwise Dash answers and the finished
response is kept. Viewers of one worker asking the same thing at the same moment wait for
one computation instead of running it each.

The key is built from the *normalised* view (``canonical(search)``: unknown parameters and
values dropped, defaults left out), never from the raw request body, so requests that differ
in any byte but ask for the same view share one entry, and junk cannot multiply entries.

Never cached: callbacks with any other input (clicks, uploads, timers), requests that carry
a session (their answers may depend on the account), and failures (only 200 and 204
answers are kept).
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any, Final

import flask
from dash import Dash
from sqlalchemy.engine import Engine
from werkzeug.wrappers import Request

from dashboard.server.auth import has_session
from dashboard.server.cache import ResultCache
from dashboard.server.fastpath import EXTENSION as FAST_PATH
from dashboard.server.fastpath import FastPath, Known, read_json_body
from dashboard.server.versions import VersionClock

CALLBACK_ENDPOINT_SUFFIX: Final = "_dash-update-component"
_URL_PROPERTIES: Final = frozenset({"search", "pathname", "hash", "href"})
_VERSION_STORES: Final = frozenset({"data-version"})
_LATER_SUFFIX: Final = "-later"
# Longest wait for another thread computing the same answer before computing it too.
_WAIT_S: Final = 60.0
_PENDING = "diemtua_answer"


def reads_only_url_and_version(spec: dict[str, Any]) -> bool:
    """True for a callback whose every input is a URL property, the data version store, or
    a one-shot timer whose id ends in ``-later`` (it only delays a part of the view)."""
    inputs = spec.get("inputs", [])
    return bool(inputs) and all(
        d["property"] in _URL_PROPERTIES
        or (d["id"] in _VERSION_STORES and d["property"] == "data")
        or (str(d["id"]).endswith(_LATER_SUFFIX) and d["property"] == "n_intervals")
        for d in inputs
    )


def writes_any(outputs: Iterable[tuple[str, str]]) -> Callable[[dict[str, Any]], bool]:
    """``check(spec)``: True for a callback that writes any of ``outputs`` (id, property)."""
    wanted = frozenset(outputs)

    def check(spec: dict[str, Any]) -> bool:
        written = spec.get("output")
        items = written if isinstance(written, list | tuple) else [written]
        return any(
            (getattr(item, "component_id", None), getattr(item, "component_property", None))
            in wanted
            for item in items
        )

    return check


def answer_key(
    body: dict[str, Any], canonical: Callable[[str | None], str], *, trigger: bool = False
) -> str:
    """The cache key of a callback request: its output and normalised inputs and states
    (``trigger``: and the inputs that changed, for a callback that tells them apart).

    The data version's value is left out (the server's own version is part of the entry),
    ``search`` values are normalised by ``canonical``.
    """
    parts: list[Any] = [body.get("output")]
    if trigger:
        changed = body.get("changedPropIds") or []
        if not isinstance(changed, list):
            raise ValueError("not a callback request")
        parts.append(sorted(str(name) for name in changed))
    for group in ("inputs", "state"):
        for item in body.get(group) or []:
            if not isinstance(item, dict):
                raise ValueError("not a callback request")
            if item.get("id") in _VERSION_STORES:
                continue
            value = item.get("value")
            if item.get("property") == "search":
                value = canonical(value if isinstance(value, str) else None)
            parts.append([item.get("id"), item.get("property"), value])
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return "answer:" + hashlib.sha256(text.encode()).hexdigest()


class SharedAnswers:
    """Which callback requests share an answer, under which key and data version."""

    def __init__(
        self,
        app: Dash,
        cache: ResultCache,
        clock: VersionClock,
        *,
        canonical: Callable[[str | None], str],
        cacheable: Callable[[dict[str, Any]], bool] | None = None,
        pure: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self._app = app
        self.cache = cache
        self._clock = clock
        # Viewers ask for the same few views: normalise each query string once.
        self._canonical = functools.lru_cache(maxsize=4096)(canonical)
        self._cacheable = cacheable or reads_only_url_and_version
        self._pure = pure or (lambda _spec: False)
        self._decided: dict[str, str | None] = {}

    def key(self, body: Any) -> str | None:
        """The cache key of a callback request's JSON body (``None``: not shared)."""
        if not isinstance(body, dict):
            return None
        output = body.get("output")
        kind = self._kind(output) if isinstance(output, str) else None
        if kind is None:
            return None
        try:
            return answer_key(body, self._canonical, trigger=kind == "pure")
        except ValueError:
            return None

    def version(self, body: Any) -> str:
        """The data version the answer to ``body`` is filed under."""
        return self._clock(_seen_version(body))

    def known(self, body: Any) -> tuple[int, str, bytes] | None:
        """The kept answer (status, mimetype, bytes) to ``body``, if there is one."""
        key = self.key(body)
        if key is None:
            return None
        found, value = self.cache.lookup(key, self.version(body))
        return value if found else None

    def _kind(self, output: str) -> str | None:
        """ "url" (reads only the URL and the version), "pure" (declared a function of its
        inputs, trigger and data) or None (not shared)."""
        if output not in self._decided:
            spec = self._app.callback_map.get(output)
            if spec is None:
                return None
            kind = "url" if self._cacheable(spec) else "pure" if self._pure(spec) else None
            self._decided[output] = kind
        return self._decided[output]


def install_answer_cache(
    app: Dash,
    engine: Engine,
    cache: ResultCache,
    *,
    canonical: Callable[[str | None], str] = lambda search: search or "",
    cacheable: Callable[[dict[str, Any]], bool] | None = None,
    pure: Callable[[dict[str, Any]], bool] | None = None,
    version: VersionClock | None = None,
) -> SharedAnswers:
    """Serve repeated anonymous callback requests from ``cache``.

    ``cacheable(spec)`` decides per callback (an entry of ``app.callback_map``); by default a
    callback qualifies when its inputs are only URL properties (``search``, ``pathname``:
    those of ``dcc.Location``) and the ``data-version`` store. ``canonical(search)`` gives
    the normalised form of a query string (the app's view state). ``pure(spec)`` names the
    callbacks whose answer is a function of their inputs and states, the inputs that changed
    and the data only: their answers are shared too, under all of those (any input may vary,
    so these entries are many more; the cache's bound keeps them in check). ``version`` tells
    the data version without a query per request. A kept answer is also sent by the fast path, when
    the app has one (``dashboard.server.fastpath``).
    """
    server = app.server
    shared = SharedAnswers(
        app,
        cache,
        version or VersionClock(engine),
        canonical=canonical,
        cacheable=cacheable,
        pure=pure,
    )
    locks: dict[tuple[str, str], threading.Lock] = {}
    locks_guard = threading.Lock()

    def pending_key() -> str | None:
        request = flask.request
        if request.method != "POST" or not request.path.endswith(CALLBACK_ENDPOINT_SUFFIX):
            return None
        if has_session():
            return None
        return shared.key(request.get_json(silent=True))

    @server.before_request
    def _known_answer() -> flask.Response | None:
        key = pending_key()
        if key is None:
            return None
        version = shared.version(flask.request.get_json(silent=True))
        found, value = cache.lookup(key, version)
        if found:
            return _response(value)
        with locks_guard:
            lock = locks.setdefault((key, version), threading.Lock())
            if len(locks) > 4096:  # forget idle locks rather than grow
                for old in [k for k, held in locks.items() if not held.locked()][:2048]:
                    locks.pop(old, None)
        if not lock.acquire(timeout=_WAIT_S):
            return None
        found, value = cache.lookup(key, version)
        if found:
            lock.release()
            return _response(value)
        flask.g.setdefault(_PENDING, (key, version, lock))
        return None

    @server.after_request
    def _keep_answer(response: flask.Response) -> flask.Response:
        pending = flask.g.pop(_PENDING, None)
        if pending is None:
            return response
        key, version, lock = pending
        try:
            if response.status_code in (200, 204) and not response.is_streamed:
                mimetype = response.mimetype or "application/json"
                cache.store(key, version, (response.status_code, mimetype, response.get_data()))
        finally:
            lock.release()
        return response

    @server.teardown_request
    def _release(_exc: BaseException | None) -> None:
        pending = flask.g.pop(_PENDING, None)
        if pending is not None:  # the view raised: after_request did not run
            pending[2].release()

    fast = server.extensions.get(FAST_PATH)
    if isinstance(fast, FastPath):
        callback_path = next(
            rule.rule
            for rule in server.url_map.iter_rules()
            if rule.rule.endswith(CALLBACK_ENDPOINT_SUFFIX)
        )

        def fast_answer(request: Request) -> Known | None:
            found = shared.known(read_json_body(request))
            if found is None or found[0] != 200:
                return None
            return fast.dynamic(request, found[2], found[1])

        fast.route("POST", callback_path, fast_answer)
    return shared


def _seen_version(body: Any) -> str | None:
    """The data version the page holds, when the request carries it (the version store)."""
    for group in ("inputs", "state"):
        for item in body.get(group) or [] if isinstance(body, dict) else []:
            if isinstance(item, dict) and item.get("id") in _VERSION_STORES:
                value = item.get("value")
                return value if isinstance(value, str) else None
    return None


def _response(value: tuple[int, str, bytes]) -> flask.Response:
    status, mimetype, data = value
    return flask.Response(data, status=status, mimetype=mimetype)
