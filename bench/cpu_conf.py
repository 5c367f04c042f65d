"""gunicorn settings for bench/load.py: ``make serve``'s, plus the CPU each request costs.

Each worker adds up, per kind of request, the CPU time of the thread that handled it (from
just before the app is called to just after it answered) and writes the sums to
``$DIEMTUA_BENCH_CPU_DIR/<pid>.json`` when it exits, counting only the requests that started
after the time written in that folder's ``start`` file (the benchmark writes it once the
warm-up is over), or all of them when there is none. The total CPU of the workers, request
parsing and everything else included, is read by the benchmark from ``/proc``.
"""

from __future__ import annotations

import cProfile
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
# (kind, second the request started) -> [requests, CPU seconds]
_sums: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0, 0.0])
_lock = threading.Lock()
# DIEMTUA_BENCH_PROFILE=1: each thread of a worker runs under cProfile (CPU time, from its
# first request on: request parsing included), written to <pid>.prof when the worker exits.
_PROFILE = os.environ.get("DIEMTUA_BENCH_PROFILE") == "1"
_profiles: list[cProfile.Profile] = []


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
    if _PROFILE and not hasattr(_local, "profile"):
        _local.profile = cProfile.Profile(time.thread_time)
        with _lock:
            _profiles.append(_local.profile)
        _local.profile.enable()
    _local.start = time.thread_time()
    _local.second = int(time.time())


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    spent = time.thread_time() - getattr(_local, "start", time.thread_time())
    kind = request_kind(req.method, req.path)
    with _lock:
        sums = _sums[kind, getattr(_local, "second", 0)]
        sums[0] += 1
        sums[1] += spent


def worker_exit(server: Any, worker: Any) -> None:
    try:
        start = float((_OUT / "start").read_text())
    except (OSError, ValueError):
        start = 0.0
    data: dict[str, dict[str, float]] = defaultdict(lambda: {"requests": 0, "cpu_s": 0.0})
    with _lock:
        for (kind, second), (n, s) in _sums.items():
            if second >= start:
                data[kind]["requests"] += n
                data[kind]["cpu_s"] += s
    (_OUT / f"{os.getpid()}.json").write_text(json.dumps(data))
    if _profiles:
        import pstats

        for profile in _profiles:
            profile.snapshot_stats()
        stats = pstats.Stats(_profiles[0])
        for profile in _profiles[1:]:
            stats.add(profile)
        stats.dump_stats(_OUT / f"{os.getpid()}.prof")
