"""Write checked rows into a data table fast: hashed participants, driver-ready values, bulk paths.

One :class:`RowWriter` per import, inside its transaction, takes the table a chunk at a time
(a streamed file) or all at once. SQLite gets plain tuples through the driver's
``executemany``; PostgreSQL gets ``COPY``. A participant already stored, or met earlier in
the file, is skipped by the unique index itself (``ON CONFLICT DO NOTHING``, the first row
wins), so no lookup query runs per chunk: on PostgreSQL the rows are copied into a temporary
table first and moved over in one ``INSERT ... SELECT`` at the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import LargeBinary, Table
from sqlalchemy.engine import Connection

from dashboard.data.participant_key import default_key
from dashboard.data.schema import DATA_TABLES

CHUNK_ROWS = 10_000
# Columns whose duplicates are skipped rather than refused, by table.
SKIP_DUPLICATES: dict[str, tuple[str, ...]] = {"enrollments": ("product", "participant_hash")}
_STAGED = "import_rows"
_SHA256_BLOCK = 64  # PostgreSQL: the temporary table a COPY fills before the move


def participant_hashes(
    refs: Iterable[str | None], salt: str, key: bytes | None = None
) -> list[bytes | None]:
    """The stored key of each participant reference (``participant_key.py``), as 32 bytes.

    HMAC-SHA256, keyed by the deployment's key, of the salted sha256 (hex) of the number:
    the same recipe as ever, stored as raw bytes instead of 64 hex characters.
    """
    secret = key if key is not None else default_key()
    # HMAC (RFC 2104) spelt out with its two padded-key states hashed once: copying them per
    # number is a third cheaper than ``hmac.digest``, which sets the key up every time.
    if len(secret) > _SHA256_BLOCK:
        secret = hashlib.sha256(secret).digest()
    padded = secret.ljust(_SHA256_BLOCK, b"\0")
    inner_key = hashlib.sha256(bytes(byte ^ 0x36 for byte in padded))
    outer_key = hashlib.sha256(bytes(byte ^ 0x5C for byte in padded))
    salted = hashlib.sha256(f"{salt}:".encode())
    hashes: list[bytes | None] = []
    append = hashes.append
    for ref in refs:
        if ref is None:
            append(None)
            continue
        number = salted.copy()
        number.update(ref.encode())
        inner = inner_key.copy()
        inner.update(number.hexdigest().encode())
        outer = outer_key.copy()
        outer.update(inner.digest())
        append(outer.digest())
    return hashes


def stored_columns(
    kind: str, columns: dict[str, list[Any]], salt: str, key: bytes | None = None
) -> dict[str, list[Any]]:
    """A checked table's values under the data table's column names, references hashed."""
    target = DATA_TABLES[kind]
    stored = {c.name: columns[c.name] for c in target.columns if c.name in columns}
    if "participant_ref" in columns:
        stored["participant_hash"] = participant_hashes(columns["participant_ref"], salt, key)
    return stored


class RowWriter:
    """Writes one import's rows in the caller's transaction; ``finish`` says how many stayed."""

    def __init__(self, con: Connection, target: Table, import_id: int) -> None:
        self.con = con
        self.target = target
        self.import_id = import_id
        self.unique = SKIP_DUPLICATES.get(target.name)
        self.postgres = con.dialect.name == "postgresql"
        self.given = 0
        self.added = 0
        self._names: list[str] | None = None
        self._processors: dict[str, Any] = {}

    def write(self, columns: dict[str, list[Any]]) -> None:
        """Write rows given as stored columns (``stored_columns``), all of the same length."""
        if not columns:
            return
        names = [*columns, "import_id"]
        if self._names is None:
            self._names = names
            if self.postgres and self.unique:
                self._create_staging(names)
        elif names != self._names:
            raise ValueError("every chunk of an import has the same columns")
        values = [self._bound(name, column) for name, column in columns.items()]
        count = len(values[0])
        self.given += count
        for start in range(0, count, CHUNK_ROWS):
            part = [column[start : start + CHUNK_ROWS] for column in values]
            rows = list(zip(*part, repeat(self.import_id, len(part[0])), strict=True))
            if self.postgres:
                self._copy(rows)
            else:
                cursor = self.con.exec_driver_sql(self._insert_sql(names), rows)
                self.added += max(cursor.rowcount, 0)

    def finish(self) -> int:
        """Move staged rows into place (PostgreSQL); returns how many rows were added."""
        if self.postgres and self.unique and self._names is not None:
            quoted = self._quoted(self._names)
            moved = self.con.exec_driver_sql(
                f"INSERT INTO {self._table()} ({quoted}) SELECT {quoted} FROM {_STAGED} "
                f"ORDER BY seq ON CONFLICT ({self._quoted(self.unique)}) DO NOTHING"
            )
            self.con.exec_driver_sql(f"DROP TABLE {_STAGED}")
            self.added = moved.rowcount
        elif self.postgres:
            self.added = self.given
        return self.added

    # --- helpers --------------------------------------------------------------------------

    def _bound(self, name: str, column: list[Any]) -> Sequence[Any]:
        """The values as the driver takes them: each distinct value converted once."""
        if name not in self._processors:
            column_type = self.target.c[name].type
            dialect = self.con.dialect
            process = (
                None
                if isinstance(column_type, LargeBinary)  # bytes go to both drivers as they are
                else column_type.dialect_impl(dialect).bind_processor(dialect)
            )
            self._processors[name] = process
        process = self._processors[name]
        if process is None:
            return column
        converted = {value: process(value) for value in set(column)}
        return list(map(converted.__getitem__, column))

    def _table(self) -> str:
        return self.con.dialect.identifier_preparer.format_table(self.target)

    def _quoted(self, names: Sequence[str]) -> str:
        return ", ".join(self.con.dialect.identifier_preparer.quote(name) for name in names)

    def _insert_sql(self, names: Sequence[str]) -> str:
        skip = f" ON CONFLICT ({self._quoted(self.unique)}) DO NOTHING" if self.unique else ""
        marks = ", ".join("?" if self.con.dialect.paramstyle == "qmark" else "%s" for _ in names)
        return f"INSERT INTO {self._table()} ({self._quoted(names)}) VALUES ({marks}){skip}"

    def _create_staging(self, names: Sequence[str]) -> None:
        # Without indexes, constraints or WAL: copying here costs a fraction of copying into
        # the indexed table, which then takes the rows in one statement.
        self.con.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {_STAGED} ON COMMIT DROP AS "
            f"SELECT {self._quoted(names)} FROM {self._table()} WITH NO DATA"
        )
        self.con.exec_driver_sql(f"ALTER TABLE {_STAGED} ADD COLUMN seq bigserial")

    def _copy(self, rows: list[tuple[Any, ...]]) -> None:
        assert self._names is not None
        into = _STAGED if self.unique else self._table()
        cursor = self.con.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(f"COPY {into} ({self._quoted(self._names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
