"""Schema migrations: a database of the first release upgrades in place with nothing lost.

``schema_v1/`` holds the DDL the first release's ``create_schema`` ran (frozen from its
``metadata.create_all``, per backend), so these tests build exactly such a database, fill it,
upgrade it with the current code and compare the result with today's schema.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from dashboard.data.db import FIRST_RELEASE_REVISION, _alembic_config, create_schema, schema_head
from dashboard.data.schema import app_meta, enrollments, metadata, targets
from tests.unit.data.test_counts import direct_counts, stored_counts

V1_DDL = Path(__file__).with_name("schema_v1")
# A participant hash as the first releases stored it.
STORED_HEX = "9f" * 32


def _create_v1(engine: Engine) -> None:
    ddl = (V1_DDL / f"{engine.dialect.name}.sql").read_text(encoding="utf-8")
    with engine.begin() as con:
        for statement in ddl.split(";\n"):
            if statement.strip():
                con.exec_driver_sql(statement)
        # What the first release wrote next to its tables.
        con.exec_driver_sql("INSERT INTO app_meta (key, value) VALUES ('schema_version', '1')")


def _fill_v1(con: Connection) -> None:
    con.exec_driver_sql(
        "INSERT INTO imports (kind, file_name, content_hash, imported_by, imported_at, "
        "row_count, added_count, skipped_count, is_sample) VALUES "
        "('enrollments', 'a.csv', 'h1', 'hoa', '2022-05-09 01:00:00', 2, 2, 0, false), "
        "('targets', 't.csv', 'h2', 'hoa', '2022-05-09 02:00:00', 1, 1, 0, false)"
    )
    con.exec_driver_sql(
        "INSERT INTO enrollments (import_id, registered_on, province_code, district_code, "
        "channel, participant_hash) VALUES "
        f"(1, '2022-05-08', '01', '001', 'post_office', '{STORED_HEX}'), "
        "(1, '2022-05-09', '79', '760', 'online', NULL)"
    )
    con.exec_driver_sql(
        "INSERT INTO targets (import_id, province_code, district_code, "
        "target_new_participants) VALUES (2, '01', NULL, 250)"
    )


def _schema_differences(con: Connection) -> list[object]:
    # Types are compared too; server defaults are not (SQLite reflects them as text).
    context = MigrationContext.configure(con, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def test_first_release_database_upgrades_in_place(bare_engine: Engine) -> None:
    _create_v1(bare_engine)
    with bare_engine.begin() as con:
        _fill_v1(con)

    create_schema(bare_engine)
    create_schema(bare_engine)  # a second start finds nothing to do

    with bare_engine.connect() as con:
        assert _schema_differences(con) == []
        assert con.execute(select(app_meta.c.value)).scalars().all() == [schema_head()]
        rows = con.execute(
            select(
                enrollments.c.registered_on,
                enrollments.c.district_code,
                enrollments.c.participant_hash,
                enrollments.c.product,
                enrollments.c.registered_at,
            ).order_by(enrollments.c.id)
        ).all()
        assert rows == [
            # The hash of before, 64 hex characters, is now the same 32 bytes.
            (dt.date(2022, 5, 8), "001", bytes.fromhex(STORED_HEX), "bhxh_tu_nguyen", None),
            (dt.date(2022, 5, 9), "760", None, "bhxh_tu_nguyen", None),
        ]
        assert con.execute(select(targets.c.product, targets.c.target_new_participants)).all() == [
            ("bhxh_tu_nguyen", 250)
        ]
        assert con.execute(text("SELECT count(*) FROM imports")).scalar() == 2


def test_counts_of_the_rows_already_stored_are_written_by_the_upgrade(bare_engine: Engine) -> None:
    _create_v1(bare_engine)
    with bare_engine.begin() as con:
        _fill_v1(con)
        config = _alembic_config(con)
        command.stamp(config, FIRST_RELEASE_REVISION)
        command.upgrade(config, "0004_participant_movements")  # before the counts existed
        con.execute(
            insert(enrollments).values(
                import_id=1,
                registered_on=dt.date(2022, 5, 8),
                registered_at=dt.datetime(2022, 5, 7, 17, 30, tzinfo=dt.UTC),  # 00:30 in Hà Nội
                province_code="01",
                district_code="001",
                channel="post_office",
            )
        )

    create_schema(bare_engine)

    with bare_engine.connect() as con:
        counted = stored_counts(con)
        assert counted == direct_counts(con)
    assert sorted(counted.values()) == [1, 1, 1]
    assert (1, "bhxh_tu_nguyen", dt.date(2022, 5, 8), 0, "01", "001", "post_office") in counted


def test_upgraded_database_takes_the_new_rules(bare_engine: Engine) -> None:
    _create_v1(bare_engine)
    with bare_engine.begin() as con:
        _fill_v1(con)
    create_schema(bare_engine)
    row = {
        "import_id": 1,
        "registered_on": dt.date(2022, 5, 8),
        "registered_at": dt.datetime(2022, 5, 8, 1, 30, tzinfo=dt.UTC),
        "province_code": "01",
        "district_code": "001",
        "channel": "post_office",
        "participant_hash": bytes.fromhex(STORED_HEX),
    }

    # The same person in the other product is a new participant ...
    with bare_engine.begin() as con:
        con.execute(insert(enrollments).values(**row, product="bhyt_ho_gia_dinh"))
    # ... but not twice in one product, and no product outside the list.
    for product in ("bhxh_tu_nguyen", "bhyt_khac"):
        with pytest.raises(IntegrityError), bare_engine.begin() as con:
            con.execute(insert(enrollments).values(**row, product=product))


def test_new_database_matches_the_schema_and_the_newest_revision(bare_engine: Engine) -> None:
    create_schema(bare_engine)

    with bare_engine.connect() as con:
        assert _schema_differences(con) == []
        assert MigrationContext.configure(con).get_current_revision() == schema_head()
