"""Opening the database: the one module that knows which backend is in use.

SQLite is the embedded default (one file, no server); PostgreSQL serves several workers.
Everything above this module runs the same SQLAlchemy Core statements on either.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, delete, event, exc, func, insert, inspect, select
from sqlalchemy.engine import URL, Engine, create_engine, make_url
from sqlalchemy.pool import StaticPool

from dashboard.data.schema import app_meta, imports, metadata

# How long a writer waits for another writer's lock before giving up (SQLite).
SQLITE_BUSY_TIMEOUT_S = 30

_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


def make_engine(url: str) -> Engine:
    """Create an engine for a ``sqlite:///...`` or ``postgresql://...`` URL.

    SQLite: the folder of the database file is created, and every connection gets foreign
    keys, write-ahead logging (readers never block the writer) and a busy timeout.
    ``sqlite://`` (in memory) shares one connection, so all callers see the same data.
    PostgreSQL: ``postgresql://`` and ``postgres://`` use the psycopg 3 driver; connections
    are checked before use, so a restarted server does not surface as an error.

    Raises:
        ValueError: the URL names another backend.
    """
    parsed = make_url(url)
    if parsed.drivername in _POSTGRES_SCHEMES:
        return _postgres_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    raise ValueError(
        f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
        "use sqlite:///path/to/file.sqlite3 or postgresql://user@host/dbname"
    )


def _postgres_engine(url: URL) -> Engine:
    # hide_parameters: an error's text (logged, or shown by the CLI) never quotes a value
    # of an imported row or a user name.
    return create_engine(
        url.set(drivername="postgresql+psycopg"), pool_pre_ping=True, hide_parameters=True
    )


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in database
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S},
        "hide_parameters": True,
    }
    if in_memory:
        # Each new connection would open a new, empty database.
        kwargs.update(poolclass=StaticPool)
        kwargs["connect_args"]["check_same_thread"] = False
    elif not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _configure_sqlite_connection)
    if not in_memory and not database.startswith("file:"):
        _reopen_when_replaced(engine, Path(database).expanduser())
    return engine


def _reopen_when_replaced(engine: Engine, path: Path) -> None:
    """Drop pooled connections to a database file that was deleted or replaced.

    A pooled SQLite connection keeps reading the file it opened, even after the file is
    deleted and a new one created at the same path (a restore, a reset): the app would go on
    serving a database nobody can see. The file's identity is checked at each checkout (one
    ``stat``), and a connection to an old file is replaced by one to the current file.
    """

    def identity() -> tuple[int, int] | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    @event.listens_for(engine, "connect")
    def _remember(_dbapi: Any, record: Any) -> None:
        record.info["file_identity"] = identity()

    @event.listens_for(engine, "checkout")
    def _check(_dbapi: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("file_identity") != identity():
            raise exc.DisconnectionError("the database file was replaced")


def error_text(error: Exception) -> str:
    """What to tell a person about ``error``: a database error in words, without its SQL or
    any value; any other error as it reads."""
    if isinstance(error, exc.SQLAlchemyError):
        return describe_error(error)
    return str(error)


def describe_error(error: exc.SQLAlchemyError) -> str:
    """A database error in words, without the SQL or any value (for the CLI and logs)."""
    original = getattr(error, "orig", None)
    detail = str(original).splitlines()[0] if original is not None else ""
    if "locked" in detail or "lock timeout" in detail or "could not obtain lock" in detail:
        return "the database is busy (another import or undo is running); try again in a minute"
    if isinstance(error, exc.OperationalError):
        return (
            f"the database cannot be reached or refused the operation ({type(original).__name__})"
        )
    return f"the database refused the operation ({type(original or error).__name__})"


def _configure_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Safe with WAL (a crash loses at most the last commits, never consistency) and
        # much faster for many small writes.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
    finally:
        cursor.close()


# The revision that stands for the first release's schema, whose databases carry no Alembic
# version (they were made by ``metadata.create_all``).
FIRST_RELEASE_REVISION = "0001_v1"
# Key of the PostgreSQL advisory lock held while the schema is created or upgraded.
SCHEMA_LOCK_KEY = 0x6469656D74756D


def _alembic_config(con: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "dashboard.data:migrations")
    config.attributes["connection"] = con
    return config


def schema_head() -> str:
    """The newest migration's revision: what ``create_schema`` brings a database to."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def create_schema(engine: Engine) -> None:
    """Create the schema in an empty database, or upgrade an older one in place; safe to repeat.

    A new database gets the current tables and is stamped with the newest migration. A
    database of the first release (tables, no Alembic version) is stamped as that release and
    migrated, like any older database, through ``dashboard/data/migrations``: its rows stay.
    ``app_meta`` records the revision reached as ``schema_version``.
    """
    with engine.begin() as con:
        if con.dialect.name == "postgresql":
            # Several workers or machines may start at once: one migrates, the others wait.
            con.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))
        config = _alembic_config(con)
        tables = set(inspect(con).get_table_names())
        if imports.name not in tables:
            metadata.create_all(con)
            command.stamp(config, "head")
        else:
            if "alembic_version" not in tables:
                command.stamp(config, FIRST_RELEASE_REVISION)
            command.upgrade(config, "head")
        revision = MigrationContext.configure(con).get_current_revision()
        con.execute(delete(app_meta).where(app_meta.c.key == "schema_version"))
        con.execute(insert(app_meta).values(key="schema_version", value=revision))


_DATA_VERSION_SQL = f"SELECT coalesce(max(id), 0), count(*), count(undone_at) FROM {imports.name}"


def data_version(con: Connection) -> str:
    """A short string that changes whenever an import is added or undone.

    Used as a cache key for aggregates. Import ids are never reused, so the newest id, the
    number of imports and the number of undone ones together change on every import and
    every undo. The key is only meaningful within one database.
    """
    # Plain SQL: this runs on every callback request, and building the statement through
    # the expression layer cost more than the query itself.
    newest, total, undone = con.exec_driver_sql(_DATA_VERSION_SQL).one()
    return f"{newest}.{total}.{undone}"
