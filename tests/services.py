"""Skip-or-fail for tests that need a real service (PostgreSQL, Redis, Chromium).

On a laptop without the service the test is skipped with the reason. Under CI
(``DIEMTUA_REQUIRE_SERVICES=1``, set by ``.ci/run``) the same condition fails the test, so a
green CI run means the real service was exercised.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from dashboard.data.db import make_engine

REQUIRE_ENV = "DIEMTUA_REQUIRE_SERVICES"
POSTGRES_URL_VAR = "DIEMTUA_TEST_POSTGRES_URL"


def services_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes"}


def require_or_skip(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail when services are required."""
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV} is set, so this cannot be skipped)")
    pytest.skip(reason)


def postgres_server_url() -> str:
    """The test PostgreSQL server's URL (``DIEMTUA_TEST_POSTGRES_URL``), or skip (or fail)."""
    url = os.environ.get(POSTGRES_URL_VAR, "")
    if not url:
        require_or_skip(f"{POSTGRES_URL_VAR} is not set; PostgreSQL cases need a server")
    return url


@contextmanager
def postgres_schema(
    url: str,
    prefix: str,
    *,
    unreachable: Callable[[str], NoReturn] | None = require_or_skip,
    name_connections: bool = False,
) -> Iterator[tuple[str, Engine, str]]:
    """A fresh schema on the server at ``url``, dropped at the end of the block.

    Yields the URL whose search_path is the schema, an engine on the server (to look at it
    from outside) and the schema's name. ``name_connections`` also sets the connections'
    application_name to the schema's name, so they can be found in pg_stat_activity. A
    server that cannot be reached is handed to ``unreachable`` with the reason (None: the
    ``OperationalError`` is raised).
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    try:
        with admin.begin() as con:
            con.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        if unreachable is None:
            raise
        unreachable(f"PostgreSQL at {POSTGRES_URL_VAR} is unreachable: {exc.orig}")
    query = {"options": f"-csearch_path={schema}"}
    if name_connections:
        query["application_name"] = schema
    scoped = make_url(url).update_query_dict(query)
    try:
        yield scoped.render_as_string(hide_password=False), admin, schema
    finally:
        with admin.begin() as con:
            con.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
