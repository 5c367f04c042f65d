"""Skip-or-fail for tests that need a real service (PostgreSQL, Redis, Chromium).

On a laptop without the service the test is skipped with the reason. Under CI
(``DIEMTUA_REQUIRE_SERVICES=1``, set by ``.ci/run``) the same condition fails the test, so a
green CI run means the real service was exercised.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = "DIEMTUA_REQUIRE_SERVICES"


def services_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes"}


def require_or_skip(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail when services are required."""
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV} is set, so this cannot be skipped)")
    pytest.skip(reason)
