"""gunicorn settings for bench/load.py: ``make serve``'s, plus the CPU each request costs.

Each worker adds up, per kind of request, the CPU time of the thread that handled it (from
just before the app is called to just after it answered) and writes the sums to
``$DIEMTUA_BENCH_CPU_DIR/<pid>.json`` when it exits. The total CPU of the workers, request
parsing and everything else included, is read by the benchmark from ``/proc``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from dashboard.server.gunicorn_conf import *  # noqa: F403
from dashboard.server.gunicorn_conf import post_fork as product_post_fork

_OUT = Path(os.environ.get("DIEMTUA_BENCH_CPU_DIR", "/tmp"))
_local = threading.local()
_sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
_lock = threading.Lock()


def request_kind(method: str, path: str, body_output: str | None = None) -> str:
    """The kind of request, as the benchmark reports it."""
    if path.startswith(("/_dash-component-suites/", "/assets/", "/_favicon")):
        return "geojson" if path.endswith(".geojson") else "static"
    if path == "/_dash-update-component":
        return "callback"
    if path in ("/_dash-layout", "/_dash-dependencies"):
        return path.lstrip("/_")
    return "page" if method == "GET" else "other"


def post_fork(server: Any, worker: Any) -> None:
    product_post_fork(server, worker)
    _sums.clear()


def pre_request(worker: Any, req: Any) -> None:
    _local.start = time.thread_time()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    spent = time.thread_time() - getattr(_local, "start", time.thread_time())
    kind = request_kind(req.method, req.path)
    with _lock:
        _sums[kind][0] += 1
        _sums[kind][1] += spent


def worker_exit(server: Any, worker: Any) -> None:
    with _lock:
        data = {kind: {"requests": n, "cpu_s": s} for kind, (n, s) in _sums.items()}
    (_OUT / f"{os.getpid()}.json").write_text(json.dumps(data))
