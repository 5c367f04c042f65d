"""Fixtures of the serving layer: a real Redis when one is configured."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis

from tests.services import require_or_skip

REDIS_URL_VAR = "DIEMTUA_TEST_REDIS_URL"


@pytest.fixture
def redis_url() -> Iterator[str]:
    """URL of the test Redis; keys written by a test carry its own namespace."""
    url = os.environ.get(REDIS_URL_VAR, "")
    if not url:
        require_or_skip(f"{REDIS_URL_VAR} is not set; these cases need a Redis server")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        require_or_skip(f"Redis at {REDIS_URL_VAR} is unreachable: {type(exc).__name__}")
    finally:
        client.close()
    yield url
