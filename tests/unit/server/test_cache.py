"""The result cache: per data version, shared through Redis, alive when Redis is not."""

from __future__ import annotations

import logging
import socket
import threading
import uuid

import pandas as pd
import pytest
import redis

from dashboard.server.cache import LocalCache, RedisCache, make_cache


class Counter:
    """A compute function that counts its calls and returns a DataFrame naming the call."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self) -> pd.DataFrame:
        with self.lock:
            self.calls += 1
            call = self.calls
        return pd.DataFrame({"province_code": ["01", "79"], "n": [call, 2 * call]})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_local_cache_computes_once_per_version():
    cache = LocalCache()
    compute = Counter()
    first = cache.get_or_compute("cube", "1.1.0", compute)
    again = cache.get_or_compute("cube", "1.1.0", compute)
    assert again is first
    assert compute.calls == 1
    newer = cache.get_or_compute("cube", "2.2.0", compute)
    assert compute.calls == 2
    assert newer["n"].tolist() == [2, 4]


def test_local_cache_keeps_only_the_most_recent_entries():
    cache = LocalCache(max_entries=2)
    compute = Counter()
    for key in ("a", "b", "a", "c"):
        cache.get_or_compute(key, "v", compute)
    assert compute.calls == 3
    cache.get_or_compute("a", "v", compute)  # kept: used more recently than b
    assert compute.calls == 3
    cache.get_or_compute("b", "v", compute)  # evicted
    assert compute.calls == 4


def test_threads_asking_at_once_compute_once():
    cache = LocalCache()
    started = threading.Event()
    release = threading.Event()
    compute = Counter()

    def slow() -> pd.DataFrame:
        started.set()
        release.wait(10)
        return compute()

    results: list[pd.DataFrame] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("k", "v", slow)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    started.wait(10)
    release.set()
    for thread in threads:
        thread.join(10)
    assert compute.calls == 1
    assert len(results) == 8


def test_without_redis_url_the_cache_is_local():
    assert isinstance(make_cache("", database_url="sqlite://", secret_key="k"), LocalCache)


def redis_cache(url: str, namespace: str, key: bytes = b"k" * 32) -> RedisCache:
    return RedisCache(url, namespace=namespace, signing_key=key)


@pytest.mark.redis
def test_workers_share_results_through_redis(redis_url):
    namespace = f"diemtua-test:{uuid.uuid4().hex}"
    worker_a, worker_b = redis_cache(redis_url, namespace), redis_cache(redis_url, namespace)
    compute = Counter()
    try:
        first = worker_a.get_or_compute("cube", "3.3.0", compute)
        second = worker_b.get_or_compute("cube", "3.3.0", compute)
        assert compute.calls == 1
        pd.testing.assert_frame_equal(first, second)
        # An import changes the version: both workers see new data on their next request.
        newer = worker_b.get_or_compute("cube", "4.4.0", compute)
        assert compute.calls == 2
        assert worker_a.get_or_compute("cube", "4.4.0", compute)["n"].tolist() == [2, 4]
        assert newer["n"].tolist() == [2, 4]
        assert compute.calls == 2
    finally:
        _delete(redis_url, namespace)


@pytest.mark.redis
def test_entries_signed_with_another_key_are_recomputed(redis_url, caplog):
    namespace = f"diemtua-test:{uuid.uuid4().hex}"
    compute = Counter()
    try:
        redis_cache(redis_url, namespace, b"a" * 32).get_or_compute("cube", "1", compute)
        other = redis_cache(redis_url, namespace, b"b" * 32)
        with caplog.at_level(logging.WARNING, logger="dashboard.server.cache"):
            value = other.get_or_compute("cube", "1", compute)
        assert compute.calls == 2
        assert value["n"].tolist() == [2, 4]
        assert "bad signature" in caplog.text
    finally:
        _delete(redis_url, namespace)


@pytest.mark.redis
def test_entries_expire(redis_url):
    namespace = f"diemtua-test:{uuid.uuid4().hex}"
    cache = RedisCache(redis_url, namespace=namespace, signing_key=b"k", ttl_s=60)
    try:
        cache.get_or_compute("cube", "1", Counter())
        client = redis.Redis.from_url(redis_url)
        assert 0 < client.ttl(f"{namespace}:cube:1") <= 60
        client.close()
    finally:
        _delete(redis_url, namespace)


def test_unreachable_redis_computes_and_warns_once_without_data(caplog):
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    cache = RedisCache(url, namespace="diemtua-test", signing_key=b"k", retry_after_s=0)
    compute = Counter()
    with caplog.at_level(logging.DEBUG, logger="dashboard.server.cache"):
        for version in ("1", "2", "3"):
            value = cache.get_or_compute("cube", version, compute)
    assert compute.calls == 3
    assert value["n"].tolist() == [3, 6]
    assert not cache.available
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()
    assert "hunter2" not in caplog.text
    assert "province" not in caplog.text


def _delete(url: str, namespace: str) -> None:
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{namespace}:*"))
    if keys:
        client.delete(*keys)
    client.close()
