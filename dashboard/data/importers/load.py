"""Write a checked table in one transaction; the import log; undoing an import.

One transaction per file: the log row and every data row commit together or not at all, also
when the process dies midway (the database rolls the open transaction back). Rows go in as
chunks of Core ``executemany`` on SQLite and as one ``COPY`` on PostgreSQL (psycopg 3), never
one ORM object per row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, delete, exists, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from dashboard.data.counts import remove_counts, write_counts
from dashboard.data.importers.validate import ValidatedTable
from dashboard.data.participant_key import default_key, keyed
from dashboard.data.schema import DATA_TABLES, app_meta, enrollments, import_undos, imports

CHUNK_ROWS = 10_000
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
# Parameters per IN (...) lookup of existing participants; well under every backend's limit.
LOOKUP_CHUNK = 900


@dataclass(frozen=True)
class ImportRecord:
    """One row of the import log."""

    id: int
    kind: str
    file_name: str
    content_hash: str
    imported_by: str
    imported_at: dt.datetime
    row_count: int
    added_count: int
    skipped_count: int
    is_sample: bool
    undone_at: dt.datetime | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class Written:
    """What ``write_import`` did: the new import's id, or the live import of the same file."""

    import_id: int | None
    added: int
    skipped: int
    already: ImportRecord | None = None
    sample_set_aside: int = 0


class UndoError(Exception):
    """The import to undo does not exist or is undone already."""


def participant_hash(ref: str, salt: str, key: bytes | None = None) -> str:
    """The keyed hash that stands in for a social insurance number (``participant_key.py``):
    HMAC with the deployment's key (``key``, default: the environment's) of the salted sha256.
    """
    inner = hashlib.sha256(f"{salt}:{ref}".encode()).hexdigest()
    return keyed(inner, key if key is not None else default_key())


def row_identity(table: ValidatedTable) -> str:
    """The sha256 of a checked table's normalised rows: what makes two files the same file.

    A CSV saved again with CRLF line ends, a BOM or another encoding, or a workbook saved
    again by Excel, has other bytes but the same rows, so the same identity: importing it
    again adds nothing. Columns are taken in a fixed order under their canonical names, so
    headers spelt differently do not matter either; the order of the rows does.
    """
    digest = hashlib.sha256(table.kind.encode())
    for name in sorted(table.columns):
        digest.update(b"\x1e" + name.encode() + b"\x1d")
        digest.update("\x1f".join(map(_canonical, table.columns[name])).encode())
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def live_import_of(con: Connection, kind: str, content_hash: str) -> ImportRecord | None:
    """The import (not undone) of a file with this content, if any."""
    row = (
        con.execute(
            select(imports)
            .where(
                imports.c.kind == kind,
                imports.c.content_hash == content_hash,
                imports.c.undone_at.is_(None),
            )
            .order_by(imports.c.id)
        )
        .mappings()
        .first()
    )
    return None if row is None else ImportRecord(**row)


# Key of the PostgreSQL advisory lock held by every import and undo ("diemtua" in ASCII).
IMPORT_LOCK_KEY = 0x6469656D747561


def serialise_imports(con: Connection) -> None:
    """Make imports and undos of one database run one at a time, from here to the commit.

    Without it, two editors loading the same file at the same moment could both find it "not
    imported yet" and both write it. PostgreSQL takes a transaction-scoped advisory lock;
    SQLite takes its write lock now (a no-op update) instead of at the first insert.
    """
    if con.dialect.name == "postgresql":
        con.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_KEY)))
    else:
        con.execute(
            update(app_meta)
            .where(app_meta.c.key == "schema_version")
            .values(value=app_meta.c.value)
        )


def write_import(
    engine: Engine,
    table: ValidatedTable,
    *,
    file_name: str,
    content_hash: str,
    imported_by: str,
    salt: str,
    key: bytes | None = None,
) -> Written:
    """Write a valid table and its log row, all or nothing.

    Enrollments whose participant is already stored, or appears earlier in the file, are
    skipped. A file whose content is already imported (and not undone) writes nothing.
    """
    with engine.begin() as con:
        serialise_imports(con)
        already = live_import_of(con, table.kind, content_hash)
        if already is not None:
            return Written(None, 0, 0, already)
        prepare_bulk_write(con)
        set_aside = set_sample_aside(con, by=imported_by)
        columns = _stored_columns(table, salt, key)
        keep = _new_participants(con, columns) if table.kind == "enrollments" else None
        added = table.row_count if keep is None else len(keep)
        import_id = con.execute(
            insert(imports)
            .values(
                kind=table.kind,
                file_name=file_name[:255],
                content_hash=content_hash,
                imported_by=imported_by[:100],
                imported_at=dt.datetime.now(dt.UTC),
                row_count=table.row_count,
                added_count=added,
                skipped_count=table.row_count - added,
                is_sample=False,
            )
            .returning(imports.c.id)
        ).scalar_one()
        insert_rows(con, DATA_TABLES[table.kind], columns, import_id, keep)
        if table.kind == "enrollments":
            write_counts(con, import_id)
    return Written(int(import_id), added, table.row_count - added, sample_set_aside=set_aside)


def prepare_bulk_write(con: Connection) -> None:
    """Ready ``con`` for a transaction that writes many rows."""
    if con.dialect.name == "sqlite":
        # A big transaction spills SQLite's 2 MB page cache many times over while it
        # updates the indexes; a larger cache for this connection makes bulk imports
        # several times faster. (PostgreSQL sizes its buffers server-side.)
        con.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")


def sample_is_counted(con: Connection) -> bool:
    """Whether the sample data is loaded and not set aside."""
    return bool(
        con.execute(
            select(exists().where(imports.c.is_sample, imports.c.undone_at.is_(None)))
        ).scalar()
    )


def set_sample_aside(con: Connection, *, by: str) -> int:
    """Take every sample import out (its rows removed, its log row undone); returns how many.

    Called in the transaction of every real import, so that sample and real figures never
    add up: the first real file of any kind sets aside the sample of every kind and every
    province. Undoing real imports later does not bring the sample back; only ``sample
    load`` does, and only while no real data is counted.
    """
    sample = con.execute(
        select(imports.c.id, imports.c.kind).where(
            imports.c.is_sample, imports.c.undone_at.is_(None)
        )
    ).all()
    for import_id, kind in sample:
        _remove_rows(con, kind, import_id, by)
    return len(sample)


def _remove_rows(con: Connection, kind: str, import_id: int, by: str) -> None:
    """Delete an import's data rows and mark its log row undone by ``by`` (the row stays)."""
    table = DATA_TABLES[kind]
    now = dt.datetime.now(dt.UTC)
    con.execute(delete(table).where(table.c.import_id == import_id))
    if kind == "enrollments":
        remove_counts(con, import_id)
    con.execute(update(imports).where(imports.c.id == import_id).values(undone_at=now))
    con.execute(insert(import_undos).values(import_id=import_id, undone_by=by[:100], undone_at=now))


def insert_rows(
    con: Connection,
    target: Table,
    columns: dict[str, list[Any]],
    import_id: int,
    keep: Sequence[int] | None = None,
) -> None:
    """Write column-wise values (those at ``keep``, else all) as rows of ``import_id``.

    The bulk path of each backend: ``COPY`` on PostgreSQL, the driver's ``executemany`` on
    SQLite, chunks of Core ``executemany`` elsewhere.
    """
    if con.dialect.name == "postgresql":
        _copy_rows(con, target, columns, keep, import_id)
    elif con.dialect.paramstyle == "qmark":
        _insert_rows(con, target, columns, keep, import_id)
    else:
        for chunk in _chunks(columns, keep, import_id):
            con.execute(insert(target), chunk)


def _insert_rows(
    con: Connection,
    target: Table,
    columns: dict[str, list[Any]],
    keep: Sequence[int] | None,
    import_id: int,
) -> None:
    """SQLite: plain tuples to the driver's ``executemany``, in chunks.

    Each column's values pass through its type's bind processor once, as a column, which is
    what SQLAlchemy would do per row and per value; for a million rows that bookkeeping costs
    as much as the inserts themselves.
    """
    names = [*columns, "import_id"]
    values = _bound_values(con, target, columns)
    preparer = con.dialect.identifier_preparer
    statement = (
        f"INSERT INTO {preparer.format_table(target)} "
        f"({', '.join(preparer.quote(name) for name in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    indexes: Sequence[int] = keep if keep is not None else range(len(values[0]) if values else 0)
    for start in range(0, len(indexes), CHUNK_ROWS):
        rows = [(*(v[i] for v in values), import_id) for i in indexes[start : start + CHUNK_ROWS]]
        con.exec_driver_sql(statement, rows)


def _copy_rows(
    con: Connection,
    target: Table,
    columns: dict[str, list[Any]],
    keep: Sequence[int] | None,
    import_id: int,
) -> None:
    """PostgreSQL: stream the rows with COPY, in the transaction of ``con``.

    An INSERT per row, even pipelined, costs a round trip's worth of server work per row;
    COPY is the server's bulk path and several times faster for a big file.
    """
    names = [*columns, "import_id"]
    # Through the types' bind processors: COPY into a timestamp column would otherwise drop
    # an aware time's offset instead of converting it to UTC.
    values = _bound_values(con, target, columns)
    indexes: Sequence[int] = keep if keep is not None else range(len(values[0]) if values else 0)
    quoted = ", ".join(con.dialect.identifier_preparer.quote(name) for name in names)
    table_name = con.dialect.identifier_preparer.format_table(target)
    cursor = con.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {table_name} ({quoted}) FROM STDIN") as copy:
            for i in indexes:
                copy.write_row([*(v[i] for v in values), import_id])
    finally:
        cursor.close()


def without_references(
    table: ValidatedTable, salt: str, key: bytes | None = None
) -> ValidatedTable:
    """The table with each participant reference replaced by its hash, as it will be
    stored: a checked table kept until its confirmation holds no social insurance number."""
    if "participant_ref" not in table.columns:
        return table
    columns = dict(table.columns)
    columns["participant_hash"] = [
        None if ref is None else participant_hash(ref, salt, key)
        for ref in columns.pop("participant_ref")
    ]
    return replace(table, columns=columns)


def _bound_values(con: Connection, target: Table, columns: dict[str, list[Any]]) -> list[list[Any]]:
    """Each column's values as the driver takes them, converted once per column."""
    values: list[list[Any]] = []
    for name, column in columns.items():
        process = target.c[name].type.dialect_impl(con.dialect).bind_processor(con.dialect)
        values.append(column if process is None else [process(v) for v in column])
    return values


def _stored_columns(
    table: ValidatedTable, salt: str, key: bytes | None = None
) -> dict[str, list[Any]]:
    """The table's values under the data table's column names."""
    target = DATA_TABLES[table.kind]
    names = [column.name for column in target.columns]
    columns = {name: table.columns[name] for name in names if name in table.columns}
    if "participant_ref" in table.columns:
        columns["participant_hash"] = [
            None if ref is None else participant_hash(ref, salt, key)
            for ref in table.columns["participant_ref"]
        ]
    return columns


def _new_participants(con: Connection, columns: dict[str, list[Any]]) -> list[int]:
    """Indexes of the enrollments to add: none whose participant is stored or came earlier.

    A participant is one person in one product: joining household health insurance after
    voluntary social insurance is a new participant of the second.
    """
    keys = list(zip(columns["product"], columns["participant_hash"], strict=True))
    known: set[tuple[str, str]] = set()
    given = [h for h in dict.fromkeys(columns["participant_hash"]) if h is not None]
    for start in range(0, len(given), LOOKUP_CHUNK):
        batch = given[start : start + LOOKUP_CHUNK]
        rows = con.execute(
            select(enrollments.c.product, enrollments.c.participant_hash).where(
                enrollments.c.participant_hash.in_(batch)
            )
        )
        known.update((product, value) for product, value in rows)
    keep: list[int] = []
    for i, key in enumerate(keys):
        if key[1] is None:
            keep.append(i)
        elif key not in known:
            known.add(key)  # a second row of the same person in this file is skipped
            keep.append(i)
    return keep


def _chunks(
    columns: dict[str, list[Any]], keep: Sequence[int] | None, import_id: int
) -> Iterator[list[dict[str, Any]]]:
    names = [*columns, "import_id"]
    values = list(columns.values())
    indexes: Sequence[int] = keep if keep is not None else range(len(values[0]) if values else 0)
    for start in range(0, len(indexes), CHUNK_ROWS):
        part = indexes[start : start + CHUNK_ROWS]
        yield [dict(zip(names, (*(v[i] for v in values), import_id), strict=True)) for i in part]


def undo_import(engine: Engine, import_id: int, *, undone_by: str = "unknown") -> ImportRecord:
    """Remove the data of an import and mark its log row undone; returns the updated row.

    The log row stays (who imported what, and that it was undone); ``import_undos`` records
    who undid it. The data rows go, so that the same file, or the same participants, can be
    imported again.

    Raises:
        UndoError: no such import, or it is undone already.
    """
    with engine.begin() as con:
        serialise_imports(con)
        record = _record(con, import_id)
        if record is None:
            raise UndoError(f"there is no import #{import_id}")
        if record.undone:
            raise UndoError(f"import #{import_id} was undone already, at {record.undone_at}")
        _remove_rows(con, record.kind, import_id, undone_by)
        updated = _record(con, import_id)
    assert updated is not None
    return updated


def _record(con: Connection, import_id: int) -> ImportRecord | None:
    row = con.execute(select(imports).where(imports.c.id == import_id)).mappings().first()
    return None if row is None else ImportRecord(**row)


def list_imports(con: Connection) -> list[ImportRecord]:
    """Every import, oldest first, undone ones included."""
    rows = con.execute(select(imports).order_by(imports.c.id)).mappings()
    return [ImportRecord(**row) for row in rows]
