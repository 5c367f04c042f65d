"""Results computed from the database, kept per data version and shared between workers.

``cache.get_or_compute(key, version, compute)`` returns the value stored for ``key`` at
``version`` or calls ``compute()`` and stores its result. The version is the database's
``data_version``: an import or an undo changes it, so the next request of every worker asks
for a new key and never sees old figures; old entries simply expire.

Two kinds, chosen by the ``redis_url`` setting:

* :class:`LocalCache`: this process only (one worker, tests, a laptop).
* :class:`RedisCache`: a small copy in the process in front of a Redis server shared by every
  worker and machine. Values travel pickled and signed (HMAC-SHA256 with the app's secret), so a
  value that was not written by the app is never unpickled. When Redis cannot be reached the
  app computes the value itself, logs one warning per outage (never a value or a key's data),
  leaves Redis alone for a few seconds, and uses it again once it answers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar, cast

import redis
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Entries kept in each process: a handful of aggregates per data version is the working set.
LOCAL_ENTRIES = 128
# A Redis entry outlives any plausible gap between two requests for it, then goes.
REDIS_TTL_S = 6 * 3600
# Entries kept in Redis per database at most (the oldest go first): requests that differ
# cannot fill Redis, whatever they ask.
SHARED_ENTRIES = 2_000
# After a failed call, Redis is left alone this long, so an outage costs one timeout, not one
# per request.
RETRY_AFTER_S = 5.0
# How long a call to Redis may take before the value is computed locally instead.
REDIS_TIMEOUT_S = 0.5
_MAC_SIZE = hashlib.sha256().digest_size


class ResultCache(Protocol):
    """What the data service needs from a cache."""

    def get_or_compute(self, key: str, version: str, compute: Callable[[], T]) -> T:
        """The value of ``key`` at ``version``, computed (and stored) if not yet known."""
        ...

    def lookup(self, key: str, version: str) -> tuple[bool, Any]:
        """(True, value) if ``key`` at ``version`` is stored, else (False, None)."""
        ...

    def store(self, key: str, version: str, value: Any) -> None:
        """Keep ``value`` for ``key`` at ``version``."""
        ...

    def clear(self) -> None:
        """Forget this process's copies (the shared store keeps its entries until they expire)."""
        ...


class LocalCache:
    """A cache in this process, safe for its threads; least recently used entries go first."""

    def __init__(self, max_entries: int = LOCAL_ENTRIES) -> None:
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get_or_compute(self, key: str, version: str, compute: Callable[[], T]) -> T:
        return self._get_or_compute((key, version), compute)

    def lookup(self, key: str, version: str) -> tuple[bool, Any]:
        return self._lookup((key, version))

    def store(self, key: str, version: str, value: Any) -> None:
        self._store((key, version), value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _get_or_compute(self, entry: Hashable, compute: Callable[[], T]) -> T:
        found, value = self._lookup(entry)
        if found:
            return value
        # One thread computes; the others asking for the same entry wait for its result
        # instead of running the same query at the same time.
        with self._key_lock(entry):
            found, value = self._lookup(entry)
            if not found:
                value = compute()
                self._store(entry, value)
        return value

    def _lookup(self, entry: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if entry in self._entries:
                self._entries.move_to_end(entry)
                return True, self._entries[entry]
            return False, None

    def _store(self, entry: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[entry] = value
            self._entries.move_to_end(entry)
            while len(self._entries) > self._max_entries:
                old, _ = self._entries.popitem(last=False)
                self._key_locks.pop(old, None)

    def _key_lock(self, entry: Hashable) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(entry, threading.Lock())


class RedisCache(LocalCache):
    """This process's copy first, then Redis, then ``compute()``; Redis may come and go."""

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        signing_key: bytes,
        ttl_s: int = REDIS_TTL_S,
        retry_after_s: float = RETRY_AFTER_S,
        timeout_s: float = REDIS_TIMEOUT_S,
        max_entries: int = LOCAL_ENTRIES,
        shared_entries: int = SHARED_ENTRIES,
    ) -> None:
        super().__init__(max_entries)
        if not signing_key:
            raise ValueError("a Redis cache needs a signing key")
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            health_check_interval=30,
        )
        self._namespace = namespace
        self._signing_key = signing_key
        self._ttl_s = ttl_s
        self._shared_entries = shared_entries
        self._index = f"{namespace}:index"
        self._retry_after_s = retry_after_s
        self._down_since: float | None = None
        self._state_lock = threading.Lock()
        self._location = _redacted(url)

    @property
    def available(self) -> bool:
        """False while Redis is being left alone after a failure."""
        return self._down_since is None

    def get_or_compute(self, key: str, version: str, compute: Callable[[], T]) -> T:
        redis_key = f"{self._namespace}:{key}:{version}"
        return self._get_or_compute((key, version), lambda: self._shared(redis_key, compute))

    def lookup(self, key: str, version: str) -> tuple[bool, Any]:
        found, value = super().lookup(key, version)
        if found:
            return found, value
        value = self._fetch(f"{self._namespace}:{key}:{version}")
        if value is _MISSING:
            return False, None
        super().store(key, version, value)
        return True, value

    def store(self, key: str, version: str, value: Any) -> None:
        super().store(key, version, value)
        self._put(f"{self._namespace}:{key}:{version}", value)

    def _shared(self, redis_key: str, compute: Callable[[], T]) -> T:
        value = self._fetch(redis_key)
        if value is not _MISSING:
            return cast(T, value)
        value = compute()
        self._put(redis_key, value)
        return cast(T, value)

    def _fetch(self, redis_key: str) -> Any:
        payload = self._call(lambda: self._client.get(redis_key))
        return self._unpack(payload) if isinstance(payload, bytes) else _MISSING

    def _put(self, redis_key: str, value: Any) -> None:
        """Store, note the key in the namespace's index, and drop the oldest beyond the bound."""
        packed = self._pack(value)

        def write() -> None:
            pipe = self._client.pipeline()
            pipe.set(redis_key, packed, ex=self._ttl_s)
            pipe.zadd(self._index, {redis_key: time.time()})
            pipe.expire(self._index, self._ttl_s)
            pipe.zcard(self._index)
            size = pipe.execute()[-1]
            excess = int(size) - self._shared_entries
            if excess > 0:
                popped: list[tuple[bytes, float]] = self._client.zpopmin(self._index, excess)  # type: ignore[assignment]
                if popped:
                    self._client.delete(*[name for name, _ in popped])

        self._call(write)

    def _call(self, command: Callable[[], Any]) -> Any:
        """Run a Redis command, or return None when Redis is down (and note the outage)."""
        if not self._should_try():
            return None
        try:
            result = command()
        except redis.RedisError as exc:
            self._mark_down(exc)
            return None
        self._mark_up()
        return result

    def _should_try(self) -> bool:
        with self._state_lock:
            down_since = self._down_since
        return down_since is None or time.monotonic() - down_since >= self._retry_after_s

    def _mark_down(self, exc: Exception) -> None:
        with self._state_lock:
            first = self._down_since is None
            self._down_since = time.monotonic()
        if first:
            # The exception's class only: its text could quote a command's arguments.
            log.warning(
                "shared cache at %s unavailable (%s); computing results in this worker "
                "until it answers again",
                self._location,
                type(exc).__name__,
            )

    def _mark_up(self) -> None:
        with self._state_lock:
            was_down = self._down_since is not None
            self._down_since = None
        if was_down:
            log.warning("shared cache at %s answers again", self._location)

    def _pack(self, value: Any) -> bytes:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return hmac.new(self._signing_key, body, hashlib.sha256).digest() + body

    def _unpack(self, payload: bytes) -> Any:
        mac, body = payload[:_MAC_SIZE], payload[_MAC_SIZE:]
        expected = hmac.new(self._signing_key, body, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            log.warning("shared cache entry with a bad signature ignored (another secret key?)")
            return _MISSING
        return pickle.loads(body)  # signed by this app's secret key, see _pack


_MISSING = object()


def _redacted(url: str) -> str:
    """The URL without its password, for log lines."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the configured Redis"


def make_cache(redis_url: str, *, database_url: str, secret_key: str) -> ResultCache:
    """The cache for these settings: Redis if ``redis_url`` is set, else in-process.

    Entries are named after the database, so apps on different databases may share a Redis.
    """
    if not redis_url:
        return LocalCache()
    return RedisCache(
        redis_url,
        namespace=redis_namespace(database_url),
        signing_key=hashlib.sha256(b"diemtua-cache:" + secret_key.encode()).digest(),
    )


def redis_namespace(database_url: str) -> str:
    """The prefix of this database's keys in a Redis that several apps may share."""
    database = make_url(database_url).render_as_string(hide_password=True)
    return "diemtua:" + hashlib.sha256(database.encode()).hexdigest()[:16]
