"""Database fixtures: every storage test runs on SQLite and, when configured, PostgreSQL.

PostgreSQL is opt-in: set ``DIEMTUA_TEST_POSTGRES_URL`` (for example
``postgresql://postgres@127.0.0.1:5432/test``). Each test session works in a schema of its own,
dropped at the end, so parallel runs on one server do not collide. Without the variable the
PostgreSQL cases are skipped, unless ``DIEMTUA_REQUIRE_SERVICES=1`` (as in CI), where a missing
or unreachable server fails them instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import Connection, Engine

from dashboard.data.counts import write_counts
from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers.load import log_import
from dashboard.data.schema import DATA_TABLES, metadata
from geodata.reference import districts
from tests.services import postgres_schema, postgres_server_url

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL schema for this session (its search_path points there)."""
    with postgres_schema(postgres_server_url(), "diemtua_test") as (url, _, _):
        yield url


@pytest.fixture(params=BACKENDS)
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database (no tables), one per backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'instance' / 'test.sqlite3'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
        metadata.drop_all(engine)  # the session schema is shared by the tests in turn
        with engine.begin() as con:
            con.execute(text("DROP TABLE IF EXISTS alembic_version"))
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a database with the schema created and no data."""
    create_schema(bare_engine)
    return bare_engine


RecordImport = Callable[..., int]


@pytest.fixture
def record_import() -> RecordImport:
    """Write one import log row, its data rows and their counts as an importer would; its id.

    Call as ``record_import(con, kind, rows, is_sample=False)`` inside a transaction.
    """

    def record(
        con: Connection, kind: str, rows: Sequence[dict[str, Any]], *, is_sample: bool = False
    ) -> int:
        import_id = log_import(
            con,
            kind,
            file_name=f"{kind}.csv",
            imported_by="test",
            content_hash=uuid.uuid4().hex * 2,
            row_count=len(rows),
            is_sample=is_sample,
        )
        if rows:
            con.execute(
                insert(DATA_TABLES[kind]), [{**row, "import_id": import_id} for row in rows]
            )
        if kind == "enrollments":
            write_counts(con, import_id)
        return int(import_id)

    return record


def enrollment(
    day: str, district: str, channel: str = "post_office", **extra: Any
) -> dict[str, Any]:
    """An enrollment row: its province is read off the reference list of districts."""
    province = districts().set_index("district_code").loc[district, "province_code"]
    return {
        "registered_on": dt.date.fromisoformat(day),
        "province_code": province,
        "district_code": district,
        "channel": channel,
        **extra,
    }


@pytest.fixture
def make_enrollment() -> Callable[..., dict[str, Any]]:
    """``make_enrollment("2022-05-08", "001", "online")`` -> a row for ``record_import``."""
    return enrollment
