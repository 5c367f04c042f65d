"""The data version without a database query per request.

Every shared answer and every drawn layout is kept under the data version it was made for.
Asking the database for the version on each request cost about as much as serving a kept
answer, so each worker reads it at most once per ``ttl`` seconds. A request that names a
newer version than the one remembered (a page whose refresh saw an import) makes the worker
read it again at once, so no one is served the figures of before an import after having
seen that import's version.

A worker that answers from a snapshot of the data (``dashboard.data.metrics.snapshot``)
passes ``follow``: the clock then tells the version of the snapshot it answers from, which
lags the database's while the next snapshot loads in the background, so a kept answer is
always filed under the version of the data it was computed from.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Final

from sqlalchemy.engine import Engine

from dashboard.data.db import data_version

TTL_S: Final = 1.0


class VersionClock:
    """``clock()`` is the data version served, at most ``ttl`` seconds old.

    ``follow(database_version, seen)``, when given, turns the database's version into the
    version the worker answers from (and may start loading the newer data).
    """

    def __init__(
        self,
        engine: Engine,
        ttl: float = TTL_S,
        *,
        follow: Callable[[str, str | None], str] | None = None,
    ) -> None:
        self._engine = engine
        self._ttl = ttl
        self._follow = follow
        self._lock = threading.Lock()
        self._version = ""
        self._served = ""
        self._read_at = float("-inf")
        self.reads = 0  # database reads so far (a test counts them)

    def __call__(self, seen: str | None = None) -> str:
        """The version served; ``seen``: a version a client holds (see ``database``)."""
        version = self.database(seen)
        if self._follow is None:
            return version
        served = self._follow(version, seen)
        self._served = served
        return served

    def database(self, seen: str | None = None) -> str:
        """The database's version; read again at once when ``seen`` is one the clock has
        neither read nor served (another worker's newer version)."""
        now = time.monotonic()
        with self._lock:
            fresh = now - self._read_at < self._ttl
            if fresh and seen in (None, self._version, self._served):
                return self._version
        with self._engine.connect() as con:
            version = data_version(con)
        with self._lock:
            self._version, self._read_at = version, now
            self.reads += 1
        return version
