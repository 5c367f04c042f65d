"""Layouts kept per page and data version: the first view is drawn once, not per viewer.

The layout Dash serves holds the screen drawn for the page that asks (see
``dashboard.views.shell``): figures, ranking, controls. Building it costs tens of
milliseconds, the same for every viewer of the same view, so its finished bytes are kept
per worker under (``key_of()``, data version), the newest few hundred. Requests of a
signed-in session are never served from or kept in it (their page may depend on the account).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Final

import flask
from dash import Dash
from werkzeug.wrappers import Request

from dashboard.server.auth import has_session
from dashboard.server.fastpath import EXTENSION as FAST_PATH
from dashboard.server.fastpath import FastPath, Known

LAYOUT_SUFFIX: Final = "_dash-layout"
COUNTS: Final = "diemtua_layout_counts"  # server.extensions[COUNTS]: built and served
_ENTRIES: Final = 256


def install_layout_cache(
    app: Dash,
    key_of: Callable[[Request], Hashable],
    version: Callable[[], str],
    *,
    entries: int = _ENTRIES,
) -> dict[str, int]:
    """Serve ``app``'s layout from memory under ``(key_of(request), version())``, through
    the fast path too when the app has one (``dashboard.server.fastpath``).

    Returns counters (``built``, ``served``) that tests and benchmarks read.
    """
    server = app.server
    rule = next(rule for rule in server.url_map.iter_rules() if rule.rule.endswith(LAYOUT_SUFFIX))
    endpoint = rule.endpoint
    original = server.view_functions[endpoint]
    kept: OrderedDict[tuple[Hashable, str], tuple[int, str, bytes]] = OrderedDict()
    lock = threading.Lock()
    counts = {"built": 0, "served": 0}

    def serve(*args: Any, **kwargs: Any) -> Any:
        if has_session():
            return original(*args, **kwargs)
        key = (key_of(flask.request), version())
        with lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                counts["served"] += 1
        if found is None:
            response = flask.current_app.make_response(original(*args, **kwargs))
            if response.status_code != 200:
                return response
            found = (200, response.mimetype or "application/json", response.get_data())
            with lock:
                kept[key] = found
                counts["built"] += 1
                while len(kept) > entries:
                    kept.popitem(last=False)
        status, mimetype, body = found
        return flask.Response(body, status=status, mimetype=mimetype)

    server.view_functions[endpoint] = serve
    server.extensions[COUNTS] = counts
    fast = server.extensions.get(FAST_PATH)
    if isinstance(fast, FastPath):

        def fast_answer(request: Request) -> Known | None:
            key = (key_of(request), version())
            with lock:
                found = kept.get(key)
                if found is None:
                    return None
                kept.move_to_end(key)
                counts["served"] += 1
            return fast.dynamic(request, found[2], found[1])

        fast.route("GET", rule.rule, fast_answer)
    return counts
