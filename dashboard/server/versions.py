"""The data version without a database query per request.

Every shared answer and every drawn layout is kept under the data version it was made for.
Asking the database for the version on each request cost about as much as serving a kept
answer, so each worker reads it at most once per ``ttl`` seconds. A request that names a
newer version than the one remembered (a page whose refresh saw an import) makes the worker
read it again at once, so no one is served the figures of before an import after having
seen that import's version.
"""

from __future__ import annotations

import threading
import time
from typing import Final

from sqlalchemy.engine import Engine

from dashboard.data.db import data_version

TTL_S: Final = 1.0


class VersionClock:
    """``clock()`` is the data version, at most ``ttl`` seconds old."""

    def __init__(self, engine: Engine, ttl: float = TTL_S) -> None:
        self._engine = engine
        self._ttl = ttl
        self._lock = threading.Lock()
        self._version = ""
        self._read_at = float("-inf")
        self.reads = 0  # database reads so far (a test counts them)

    def __call__(self, seen: str | None = None) -> str:
        """The version; ``seen``: a version a client holds, read again if it differs."""
        now = time.monotonic()
        with self._lock:
            fresh = now - self._read_at < self._ttl
            if fresh and (seen is None or seen == self._version):
                return self._version
        with self._engine.connect() as con:
            version = data_version(con)
        with self._lock:
            self._version, self._read_at = version, now
            self.reads += 1
        return version
