"""Failed sign-ins counted per account, per address and per pair, shared by every worker.

Three limits over a sliding window of ``LOCKOUT_S``:

* the pair (address, account): ``PAIR_LIMIT`` failures refuse that pair;
* the address: ``ADDRESS_LIMIT`` failures under any names refuse the address, so trying
  many names (or thousands of them to flush a counter) gets nowhere;
* the account: ``ACCOUNT_LIMIT`` failures from any addresses refuse the account, so guessing
  from many addresses is bounded too. It is higher than the pair's, so a guesser in the same
  office locks out the owner's own address only, not every address the owner might use.

Counts live in Redis when the app has one (``REDIS_URL``), else in the database; both are
seen by every worker and survive a restart, and nothing is evicted early: a key is counted
until its window passes. Keys are HMACs with the app's secret, so neither store holds a
user name or an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from typing import Final, Protocol

import redis
from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from dashboard.server.tables import login_failures

LOCKOUT_S: Final = 15 * 60
PAIR_LIMIT: Final = 5
ADDRESS_LIMIT: Final = 20
ACCOUNT_LIMIT: Final = 50


class FailureStore(Protocol):
    """Where failures are counted: ``count`` within the window, ``add`` one, ``clear`` all."""

    def count(self, key: str) -> int: ...

    def add(self, keys: list[str]) -> None: ...

    def clear(self, key: str) -> None: ...


class DatabaseFailures:
    """Failures as rows of ``login_failures``; old rows are deleted as new ones come."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _since(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=LOCKOUT_S)

    def count(self, key: str) -> int:
        query = select(func.count()).where(
            login_failures.c.key_hash == key, login_failures.c.failed_at > self._since()
        )
        with self._engine.connect() as con:
            return int(con.execute(query).scalar_one())

    def add(self, keys: list[str]) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._engine.begin() as con:
            con.execute(delete(login_failures).where(login_failures.c.failed_at <= self._since()))
            con.execute(insert(login_failures), [{"key_hash": k, "failed_at": now} for k in keys])

    def clear(self, key: str) -> None:
        with self._engine.begin() as con:
            con.execute(delete(login_failures).where(login_failures.c.key_hash == key))


class RedisFailures:
    """Failures as sorted sets of timestamps in Redis, each expiring with its window.

    While Redis cannot be reached the database counts instead: an outage must not open the
    door to guessing, nor keep everyone from signing in.
    """

    def __init__(self, url: str, namespace: str, fallback: FailureStore) -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._namespace = namespace
        self._fallback = fallback

    def _key(self, key: str) -> str:
        return f"{self._namespace}:login:{key}"

    def count(self, key: str) -> int:
        try:
            now = time.time()
            return int(self._client.zcount(self._key(key), now - LOCKOUT_S, "+inf"))
        except redis.RedisError:
            return self._fallback.count(key)

    def add(self, keys: list[str]) -> None:
        now = time.time()
        pipe = self._client.pipeline()
        for key in keys:
            name = self._key(key)
            pipe.zadd(name, {f"{now}:{secrets.token_hex(4)}": now})
            pipe.zremrangebyscore(name, "-inf", now - LOCKOUT_S)
            pipe.expire(name, LOCKOUT_S)
        try:
            pipe.execute()
        except redis.RedisError:
            self._fallback.add(keys)

    def clear(self, key: str) -> None:
        try:
            self._client.delete(self._key(key))
        except redis.RedisError:
            self._fallback.clear(key)


class SignInThrottle:
    """Decides whether a sign-in attempt may be checked at all, and records its outcome."""

    def __init__(self, store: FailureStore, secret: str) -> None:
        self._store = store
        self._secret = secret.encode()

    def _keys(self, address: str, name: str) -> tuple[str, str, str]:
        def keyed(label: str) -> str:
            return hmac.new(self._secret, label.encode(), hashlib.sha256).hexdigest()

        account = name.strip().lower()
        return (
            keyed(f"pair|{address}|{account}"),
            keyed(f"addr|{address}"),
            keyed(f"acct|{account}"),
        )

    def blocked(self, address: str, name: str) -> bool:
        pair, addr, account = self._keys(address, name)
        return (
            self._store.count(pair) >= PAIR_LIMIT
            or self._store.count(addr) >= ADDRESS_LIMIT
            or self._store.count(account) >= ACCOUNT_LIMIT
        )

    def failed(self, address: str, name: str) -> None:
        self._store.add(list(self._keys(address, name)))

    def succeeded(self, address: str, name: str) -> None:
        """A right password clears the pair only: others' failures still count."""
        self._store.clear(self._keys(address, name)[0])


def make_throttle(engine: Engine, redis_url: str, namespace: str, secret: str) -> SignInThrottle:
    """Redis when configured (shared by machines without touching the database), else the
    database."""
    database = DatabaseFailures(engine)
    store: FailureStore = RedisFailures(redis_url, namespace, database) if redis_url else database
    return SignInThrottle(store, secret)
