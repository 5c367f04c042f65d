"""Sign-in throttling per account, per address and per pair, shared by every worker."""

from __future__ import annotations

import time

import pytest
import redis

from dashboard.server.install import THROTTLE_EXTENSION
from dashboard.server.throttle import (
    ADDRESS_LIMIT,
    PAIR_LIMIT,
    DatabaseFailures,
    RedisFailures,
    SignInThrottle,
)
from tests.unit.server.helpers import add_accounts, make_app, sign_in

OWNER = "mật khẩu của hoa"


def from_address(client, address):
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def two_workers(tmp_path):
    """Two app instances on one database, as two gunicorn workers are."""
    first, engine = make_app(tmp_path)
    second, other_engine = make_app(tmp_path)
    add_accounts(engine)
    yield first, second
    engine.dispose()
    other_engine.dispose()


def test_failures_in_one_worker_lock_the_form_in_the_others(two_workers):
    """Finding 8: the counts were per process, so each worker allowed its own five guesses."""
    first, second = two_workers
    for app in (first, second, first, second, first)[:PAIR_LIMIT]:
        assert sign_in(app.server.test_client(), "hoa", "guess").status_code == 401
    assert sign_in(second.server.test_client(), "hoa", OWNER).status_code == 429


def test_a_locked_account_stays_locked_after_failures_under_many_other_names(tmp_path):
    """Finding 8: 10,000 failures under other names flushed the per-process counter."""
    app, engine = make_app(tmp_path)
    add_accounts(engine)
    for _ in range(PAIR_LIMIT):
        sign_in(from_address(app.server.test_client(), "10.0.0.1"), "hoa", "guess")
    throttle: SignInThrottle = app.server.extensions[THROTTLE_EXTENSION]
    started = time.monotonic()
    for n in range(10_001):  # the old counter forgot its oldest keys beyond 10,000
        throttle.failed(f"10.1.{n // 250}.{n % 250}", f"name{n}")
    print(f"10,001 failures recorded in {time.monotonic() - started:.1f} s")
    locked = sign_in(from_address(app.server.test_client(), "10.0.0.1"), "hoa", OWNER)
    assert locked.status_code == 429
    engine.dispose()


def test_one_address_trying_many_names_is_refused(tmp_path):
    app, engine = make_app(tmp_path)
    add_accounts(engine)
    client = from_address(app.server.test_client(), "10.0.0.9")
    for n in range(ADDRESS_LIMIT):
        assert sign_in(client, f"name{n}", "guess").status_code == 401
    assert sign_in(client, "lan", "mật khẩu của lan").status_code == 429
    # The owner elsewhere is not locked out by a guesser at another address.
    elsewhere = from_address(app.server.test_client(), "10.0.0.10")
    assert sign_in(elsewhere, "lan", "mật khẩu của lan").status_code == 303
    engine.dispose()


def test_the_store_holds_no_name_or_address(tmp_path):
    app, engine = make_app(tmp_path)
    sign_in(from_address(app.server.test_client(), "192.0.2.7"), "hoa", "guess")
    with engine.connect() as con:
        stored = " ".join(con.exec_driver_sql("SELECT key_hash FROM login_failures").scalars())
    assert stored and "hoa" not in stored and "192.0.2.7" not in stored
    engine.dispose()


def test_redis_counts_are_shared_and_fall_back_to_the_database(tmp_path, redis_url):
    _app, engine = make_app(tmp_path)
    namespace = f"diemtua-test-throttle-{time.time_ns()}"
    shared = SignInThrottle(RedisFailures(redis_url, namespace, DatabaseFailures(engine)), "secret")
    other = SignInThrottle(RedisFailures(redis_url, namespace, DatabaseFailures(engine)), "secret")
    for _ in range(PAIR_LIMIT):
        shared.failed("10.0.0.1", "hoa")
    assert other.blocked("10.0.0.1", "hoa")
    assert not other.blocked("10.0.0.2", "hoa")
    down = SignInThrottle(
        RedisFailures("redis://127.0.0.1:1/0", namespace, DatabaseFailures(engine)), "secret"
    )
    for _ in range(PAIR_LIMIT):
        down.failed("10.0.0.3", "hoa")
    assert down.blocked("10.0.0.3", "hoa")  # counted in the database meanwhile
    client = redis.Redis.from_url(redis_url)
    client.delete(*client.keys(f"{namespace}:*"))
    client.close()
    engine.dispose()
