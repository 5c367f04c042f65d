"""Opening databases, the schema and its constraints, and the data version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Table, func, insert, inspect, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, StatementError

from dashboard.data.db import (
    create_schema,
    data_version,
    describe_error,
    error_text,
    make_engine,
    schema_head,
)
from dashboard.data.schema import (
    app_meta,
    enrollments,
    events,
    imports,
    metadata,
    participants,
    route_points,
    targets,
)


def test_create_schema_twice_keeps_one_schema(bare_engine: Engine) -> None:
    create_schema(bare_engine)
    create_schema(bare_engine)

    assert set(inspect(bare_engine).get_table_names()) >= set(metadata.tables)
    with bare_engine.connect() as con:
        assert con.execute(select(app_meta.c.key, app_meta.c.value)).all() == [
            ("schema_version", schema_head())
        ]


def test_sqlite_file_gets_its_folder_and_connection_settings(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as con:
        pragmas = {
            name: con.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    engine.dispose()

    assert path.exists()
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 30_000}


def test_in_memory_sqlite_is_one_database_for_all_connections() -> None:
    engine = make_engine("sqlite://")
    create_schema(engine)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(app_meta)).scalar() == 1


@pytest.mark.parametrize(
    "url",
    ["postgresql://user@db.example/app", "postgres://user@db.example/app"],
)
def test_postgresql_urls_use_psycopg_3(url: str) -> None:
    engine = make_engine(url)  # creating an engine does not connect

    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.host == "db.example"


def test_other_backends_are_refused_with_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match=r"sqlite:///.*postgresql://"):
        make_engine("mysql://user:secret@localhost/app")


def _import_row(kind: str = "enrollments") -> dict[str, object]:
    return {
        "kind": kind,
        "file_name": "f.csv",
        "content_hash": "0" * 64,
        "imported_by": "test",
        "imported_at": dt.datetime(2022, 6, 1, 9, 0, tzinfo=dt.UTC),
        "row_count": 1,
        "added_count": 1,
        "skipped_count": 0,
        "is_sample": False,
    }


def _log_import(con: Connection) -> int:
    return int(
        con.execute(insert(imports).values(_import_row()).returning(imports.c.id)).scalar_one()
    )


def _enrollment_row(import_id: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "import_id": import_id,
        "registered_on": dt.date(2022, 5, 8),
        "province_code": "01",
        "district_code": "001",
        "channel": "post_office",
    }
    return {**row, **changes}


def test_a_channel_outside_the_list_is_refused(engine: Engine) -> None:
    with engine.begin() as con:
        import_id = _log_import(con)

    with pytest.raises(IntegrityError, match="channel"), engine.begin() as con:
        con.execute(insert(enrollments).values(_enrollment_row(import_id, channel="bank")))


def test_an_unknown_import_kind_is_refused(engine: Engine) -> None:
    with pytest.raises(IntegrityError, match="kind"), engine.begin() as con:
        con.execute(insert(imports).values(_import_row(kind="payments")))


def test_the_same_participant_is_stored_once(engine: Engine) -> None:
    with engine.begin() as con:
        import_id = _log_import(con)
        con.execute(insert(enrollments).values(_enrollment_row(import_id, participant_hash=b"a")))
        # Rows without a participant reference never collide.
        con.execute(insert(enrollments), [_enrollment_row(import_id) for _ in range(2)])

    with pytest.raises(IntegrityError), engine.begin() as con:
        con.execute(insert(enrollments).values(_enrollment_row(import_id, participant_hash=b"a")))
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(enrollments)).scalar() == 3


def test_data_rows_must_belong_to_a_logged_import(engine: Engine) -> None:
    # Enrollments go without the key (migration 0008): it cost a good part of a bulk load,
    # and only the importer, which logs first, writes them.
    target = {"province_code": "01", "target_new_participants": 10}
    with pytest.raises(IntegrityError), engine.begin() as con:
        con.execute(insert(targets).values({**target, "import_id": 999}))


def test_timestamps_come_back_in_utc_and_local_times_are_refused(engine: Engine) -> None:
    hanoi = dt.timezone(dt.timedelta(hours=7))
    with engine.begin() as con:
        con.execute(
            insert(imports).values(
                _import_row() | {"imported_at": dt.datetime(2022, 5, 8, 8, 0, tzinfo=hanoi)}
            )
        )
        stored = con.execute(select(imports.c.imported_at)).scalar_one()

    assert stored == dt.datetime(2022, 5, 8, 1, 0, tzinfo=dt.UTC)
    assert stored.tzinfo == dt.UTC
    with pytest.raises(StatementError, match="timezone-aware"), engine.begin() as con:
        con.execute(
            insert(imports).values(_import_row() | {"imported_at": dt.datetime(2022, 5, 8)})
        )


def test_data_version_changes_on_every_import_and_undo(engine: Engine) -> None:
    seen = []
    with engine.begin() as con:
        seen.append(data_version(con))
        first = _log_import(con)
        seen.append(data_version(con))
        con.execute(insert(imports).values(_import_row()))
        seen.append(data_version(con))
        con.execute(
            update(imports).where(imports.c.id == first).values(undone_at=dt.datetime.now(dt.UTC))
        )
        seen.append(data_version(con))
        unchanged = data_version(con)

    assert len(set(seen)) == 4
    assert unchanged == seen[-1]


@pytest.mark.parametrize(
    ("table", "row"),
    [
        pytest.param(
            participants,
            {"period": "2022-5", "province_code": "01", "voluntary_participants": 10},
            id="period-not-year-month",
        ),
        pytest.param(
            participants,
            {"period": "2022-05", "province_code": "01", "voluntary_participants": -1},
            id="negative-participants",
        ),
        pytest.param(
            targets,
            {"province_code": "01", "target_new_participants": -5},
            id="negative-target",
        ),
        pytest.param(
            events,
            {
                "held_on": dt.date(2022, 5, 8),
                "level": "commune",
                "province_code": "01",
                "district_code": "001",
                "kind": "counselling",
                "attendees": 40,
            },
            id="commune-event-without-commune",
        ),
        pytest.param(
            route_points,
            {
                "vehicle_id": "29A-12345",
                "vehicle_type": "bus",
                "recorded_at": dt.datetime(2022, 5, 8, 1, tzinfo=dt.UTC),
                "lat": 21.03,
                "lon": 105.85,
            },
            id="unknown-vehicle-type",
        ),
    ],
)
def test_rows_the_contract_forbids_are_refused(
    engine: Engine, table: Table, row: dict[str, object]
) -> None:
    with engine.begin() as con:
        import_id = _log_import(con)

    with pytest.raises(IntegrityError), engine.begin() as con:
        con.execute(insert(table).values({**row, "import_id": import_id}))


def test_a_central_event_needs_no_place(engine: Engine) -> None:
    with engine.begin() as con:
        import_id = _log_import(con)
        con.execute(
            insert(events).values(
                import_id=import_id,
                held_on=dt.date(2022, 5, 8),
                level="central",
                kind="online_kickoff",
                attendees=500,
                online_viewers=120_000,
            )
        )
        assert con.execute(select(func.count()).select_from(events)).scalar() == 1


def test_database_errors_in_words_quote_no_value(engine: Engine) -> None:
    """Issue 13, finding 9: a PostgreSQL bulk-write error logged the rejected value."""
    secret = "0123456789-secret-number"
    row = {"key": secret, "value": "x"}
    with engine.begin() as con:
        con.execute(app_meta.insert().values(**row))
    with pytest.raises(IntegrityError) as caught, engine.begin() as con:
        con.execute(app_meta.insert(), [row, row])
    if engine.dialect.name == "postgresql":  # the driver's own message quotes it (DETAIL)
        assert secret in str(caught.value.orig)
    assert secret not in describe_error(caught.value)
    assert secret not in error_text(caught.value)
    assert "[SQL" not in error_text(caught.value)
