"""Write a checked table in one transaction; the import log; undoing an import.

One transaction per file: the log row and every data row commit together or not at all, also
when the process dies midway (the database rolls the open transaction back). A file may be
written as it is checked, a chunk at a time (:class:`PendingImport`): nothing of it stays
unless the caller commits once every chunk was good. Rows go in through ``rows.RowWriter``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Index, Table, delete, exists, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from dashboard.data.counts import remove_counts, write_counts
from dashboard.data.importers.rows import RowWriter, participant_hashes, stored_columns
from dashboard.data.importers.validate import ValidatedTable
from dashboard.data.schema import DATA_TABLES, app_meta, import_undos, imports

# SQLite's page cache for an import's connection: a big transaction spills the default 2 MB
# many times over while it updates the indexes; 64 MiB is as fast as 256 MiB, in less memory.
SQLITE_IMPORT_CACHE_KIB = 64 * 1024


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


def participant_hash(ref: str, salt: str, key: bytes | None = None) -> bytes:
    """The stored key of one social insurance number (``rows.participant_hashes``)."""
    found = participant_hashes([ref], salt, key)[0]
    assert found is not None
    return found


class RowIdentity:
    """The sha256 of a checked table's normalised rows: what makes two files the same file.

    A CSV saved again with CRLF line ends, a BOM or another encoding, or a workbook saved
    again by Excel, has other bytes but the same rows, so the same identity: importing it
    again adds nothing. Columns are taken in a fixed order under their canonical names, so
    headers spelt differently do not matter either; the order of the rows does. Fed a chunk
    at a time it gives what it gives for the whole table at once: each column has a digest of
    its values, and the identity is the digest of the kind and the column digests.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._columns: dict[str, Any] = {}

    def update(self, columns: Mapping[str, list[Any]]) -> None:
        for name, values in columns.items():
            self.add_text(name, "\x1f".join(_canonical_column(values)).encode(), bool(values))

    def add_text(self, name: str, text: bytes, has_values: bool) -> None:
        """Add the next values of one column, given as their joined canonical text."""
        digest = self._columns.get(name)
        if digest is None:
            digest = self._columns[name] = hashlib.sha256()
        elif has_values:
            digest.update(b"\x1f")
        digest.update(text)

    def hexdigest(self) -> str:
        digest = hashlib.sha256(b"rows-2\x1e" + self.kind.encode())
        for name in sorted(self._columns):
            digest.update(b"\x1e" + name.encode() + b"\x1d" + self._columns[name].digest())
        return digest.hexdigest()


def identities(table: ValidatedTable) -> tuple[str, str]:
    """The identity of a whole checked table (:class:`RowIdentity`), and its identity as
    imports before the streamed reading recorded it: the rows' values column after column in
    one digest. The second is still looked for, so that a file imported then and saved again
    is recognised; computed for files read whole only. Each column is turned to text once
    for both."""
    first = hashlib.sha256(table.kind.encode())
    identity = RowIdentity(table.kind)
    for name in sorted(table.columns):
        values = table.columns[name]
        text = "\x1f".join(_canonical_column(values)).encode()
        first.update(b"\x1e" + name.encode() + b"\x1d")
        first.update(text)
        identity.add_text(name, text, bool(values))
    return identity.hexdigest(), first.hexdigest()


def _canonical_column(values: list[Any]) -> list[str]:
    """Each value as text; a column of one type converts each distinct value once."""
    types = set(map(type, values))
    if types == {str}:
        return values
    if types <= {str, type(None)}:
        return [value or "" for value in values]
    if len(types - {type(None)}) == 1:
        text = {value: _canonical(value) for value in set(values)}
        return list(map(text.__getitem__, values))
    return list(map(_canonical, values))


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


def log_import(
    con: Connection,
    kind: str,
    *,
    file_name: str,
    imported_by: str,
    content_hash: str = "",
    row_count: int = 0,
    is_sample: bool = False,
) -> int:
    """Add a row to the import log, in the caller's transaction; returns the import's id.

    ``row_count`` rows are counted as added; an import written a chunk at a time logs none
    and sets its figures when complete (``PendingImport.complete``).
    """
    return int(
        con.execute(
            insert(imports)
            .values(
                kind=kind,
                file_name=file_name[:255],
                content_hash=content_hash,
                imported_by=imported_by[:100],
                imported_at=dt.datetime.now(dt.UTC),
                row_count=row_count,
                added_count=row_count,
                skipped_count=0,
                is_sample=is_sample,
            )
            .returning(imports.c.id)
        ).scalar_one()
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
        pending = PendingImport(
            con, table.kind, file_name=file_name, imported_by=imported_by, salt=salt, key=key
        )
        pending.write(table.columns)
        return pending.complete(content_hash, table.row_count)


class PendingImport:
    """An import being written in the transaction of ``con``, checked rows a chunk at a time.

    The caller holds the transaction and ``serialise_imports``: ``complete`` finishes the
    rows and the log row, and the caller commits; a rollback instead leaves nothing.
    """

    def __init__(
        self,
        con: Connection,
        kind: str,
        *,
        file_name: str,
        imported_by: str,
        salt: str,
        key: bytes | None = None,
        expected_rows: int = 0,
    ) -> None:
        self.rebuilt: list[Index] = []
        prepare_bulk_write(con)
        self.con, self.kind, self.salt, self.key = con, kind, salt, key
        self.sample_set_aside = set_sample_aside(con, by=imported_by)
        # The content's identity is known once every row is read (``complete``).
        self.import_id = log_import(con, kind, file_name=file_name, imported_by=imported_by)
        self.rows = RowWriter(con, DATA_TABLES[kind], self.import_id)
        if con.dialect.name == "sqlite" and expected_rows:
            self._set_indexes_aside(expected_rows)

    def _set_indexes_aside(self, expected_rows: int) -> None:
        """SQLite: drop the secondary indexes for a load larger than the table, rebuild after.

        Each index updated row by row costs a third of a bulk insert; built once from the
        loaded table it costs a fraction of that. Readers see the table as it was until the
        commit (WAL), indexes included. A table already larger than the file keeps them:
        rebuilding would cost more than it saves. (PostgreSQL would lock readers out while
        an index is dropped, so it keeps them.)
        """
        table = DATA_TABLES[self.kind]
        stored = self.con.execute(select(func.max(table.c.id))).scalar() or 0
        if stored >= expected_rows:
            return
        for index in sorted(table.indexes, key=lambda index: str(index.name)):
            if not index.unique:
                index.drop(self.con)
                self.rebuilt.append(index)

    def write(self, columns: Mapping[str, list[Any]]) -> None:
        """Write checked columns (``ValidatedTable.columns``), references still in clear."""
        self.rows.write(stored_columns(self.kind, dict(columns), self.salt, self.key))

    def complete(self, content_hash: str, row_count: int) -> Written:
        """Finish the rows and the log row; the caller commits."""
        added = self.rows.finish()
        for index in self.rebuilt:
            index.create(self.con)
        if self.kind == "enrollments":
            # The counts the screens read, from the rows just written, in this transaction.
            write_counts(self.con, self.import_id)
        self.con.execute(
            update(imports)
            .where(imports.c.id == self.import_id)
            .values(
                content_hash=content_hash,
                row_count=row_count,
                added_count=added,
                skipped_count=row_count - added,
            )
        )
        return Written(
            self.import_id, added, row_count - added, sample_set_aside=self.sample_set_aside
        )


def prepare_bulk_write(con: Connection) -> None:
    """Ready ``con`` for a transaction that writes many rows."""
    if con.dialect.name == "sqlite":
        # A big transaction spills SQLite's 2 MB page cache many times over while it
        # updates the indexes. (PostgreSQL sizes its buffers server-side.)
        con.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")


def insert_rows(
    con: Connection,
    target: Table,
    columns: dict[str, list[Any]],
    import_id: int,
    keep: Sequence[int] | None = None,
) -> int:
    """Write column-wise values (those at ``keep``, else all) as rows of ``import_id``, by
    each backend's bulk path (``rows.RowWriter``); returns how many rows were added."""
    if keep is not None:
        columns = {name: [values[i] for i in keep] for name, values in columns.items()}
    writer = RowWriter(con, target, import_id)
    writer.write(columns)
    return writer.finish()


def without_references(
    table: ValidatedTable, salt: str, key: bytes | None = None
) -> ValidatedTable:
    """The table with each participant reference replaced by its hash, as it will be
    stored: a checked table kept until its confirmation holds no social insurance number."""
    if "participant_ref" not in table.columns:
        return table
    columns = dict(table.columns)
    columns["participant_hash"] = participant_hashes(columns.pop("participant_ref"), salt, key)
    return replace(table, columns=columns)


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
    if kind == "enrollments":
        remove_counts(con, import_id)
    con.execute(delete(table).where(table.c.import_id == import_id))
    con.execute(update(imports).where(imports.c.id == import_id).values(undone_at=now))
    con.execute(insert(import_undos).values(import_id=import_id, undone_by=by[:100], undone_at=now))


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
