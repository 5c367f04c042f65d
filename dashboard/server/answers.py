"""Callback answers shared between viewers: the same question, the same data, the same answer.

During the kickoff hundreds of viewers open the same few views. A callback that reads only
the URL (``*.search``, ``*.pathname``) and the data version store gives the same answer to
every anonymous viewer until an import changes the data, so the answer is kept in the result
cache under (request body, data version) and computed once per view and version: once per
worker with the in-process cache, once for all workers with Redis. Viewers asking the same
thing at the same moment wait for one computation instead of running it each.

Never cached: callbacks with any other input (clicks, uploads, timers), requests of a
signed-in session (their answers may depend on the account), and failures (an exception
is raised again for every request; only 200 and 204 answers are kept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Final

import flask
from dash import Dash
from sqlalchemy.engine import Engine

from dashboard.data.db import data_version
from dashboard.server.cache import ResultCache

CALLBACK_ENDPOINT_SUFFIX: Final = "_dash-update-component"
_URL_PROPERTIES: Final = frozenset({"search", "pathname", "hash", "href"})
_VERSION_STORES: Final = frozenset({"data-version"})


def reads_only_url_and_version(spec: dict[str, Any]) -> bool:
    """True for a callback whose every input is a URL property or the data version store."""
    inputs = spec.get("inputs", [])
    return bool(inputs) and all(
        d["property"] in _URL_PROPERTIES or (d["id"] in _VERSION_STORES and d["property"] == "data")
        for d in inputs
    )


def install_answer_cache(
    app: Dash,
    engine: Engine,
    cache: ResultCache,
    *,
    cacheable: Callable[[dict[str, Any]], bool] | None = None,
) -> None:
    """Serve repeated anonymous callback requests from ``cache``.

    ``cacheable(spec)`` decides per callback (an entry of ``app.callback_map``); by default a
    callback qualifies when its inputs are only URL properties (``search``, ``pathname``:
    those of ``dcc.Location``) and the ``data-version`` store.
    """
    server = app.server
    endpoint = next(
        rule.endpoint
        for rule in server.url_map.iter_rules()
        if rule.rule.endswith(CALLBACK_ENDPOINT_SUFFIX)
    )
    original = server.view_functions[endpoint]
    decided: dict[str, bool] = {}

    def qualifies(output: str) -> bool:
        if output not in decided:
            spec = app.callback_map.get(output)
            if spec is None:
                return False
            decided[output] = (cacheable or reads_only_url_and_version)(spec)
        return decided[output]

    def answer(*args: Any, **kwargs: Any) -> Any:
        request = flask.request
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        if not isinstance(output, str) or "uid" in flask.session or not qualifies(output):
            return original(*args, **kwargs)
        key = "answer:" + hashlib.sha256(request.get_data()).hexdigest()
        with engine.connect() as con:
            version = data_version(con)
        status, mimetype, data = cache.get_or_compute(
            key, version, lambda: _frozen(original(*args, **kwargs))
        )
        return flask.Response(data, status=status, mimetype=mimetype)

    server.view_functions[endpoint] = answer


def _frozen(result: Any) -> tuple[int, str, bytes]:
    response = flask.current_app.make_response(result)
    return response.status_code, response.mimetype or "application/json", response.get_data()
