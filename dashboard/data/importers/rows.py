"""Write checked rows into a data table fast: hashed participants, driver-ready values, bulk paths.

One :class:`RowWriter` per import, inside its transaction, takes the table a chunk at a time
(a streamed file) or all at once. SQLite gets plain tuples through the driver's
``executemany``; PostgreSQL gets ``COPY``. A participant already stored, or met earlier in
the file, is skipped, the first row winning: on SQLite by the unique index itself (``ON
CONFLICT DO NOTHING``), on PostgreSQL, whose ``COPY`` cannot, by one lookup per chunk.
"""

from __future__ import annotations

import datetime as dt
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
        self._seen: dict[Any, set[bytes]] = {}  # PostgreSQL: participants met, by product
        self._had: dict[Any, bool] = {}

    def write(self, columns: dict[str, list[Any]]) -> None:
        """Write rows given as stored columns (``stored_columns``), all of the same length."""
        if not columns:
            return
        names = [*columns, "import_id"]
        if self._names is None:
            self._names = names
        elif names != self._names:
            raise ValueError("every chunk of an import has the same columns")
        values = [self._bound(name, column) for name, column in columns.items()]
        count = len(values[0])
        self.given += count
        for start in range(0, count, CHUNK_ROWS):
            part = [column[start : start + CHUNK_ROWS] for column in values]
            if self.postgres:
                if self.unique:
                    part = self._new_participants(names, part)
                self._copy(part)
                self.added += len(part[0])
            else:
                rows = list(zip(*part, repeat(self.import_id, len(part[0])), strict=True))
                cursor = self.con.exec_driver_sql(self._insert_sql(names), rows)
                self.added += max(cursor.rowcount, 0)

    def finish(self) -> int:
        """How many rows were added (the others were participants already stored)."""
        return self.added

    def _new_participants(self, names: list[str], part: list[Sequence[Any]]) -> list[Sequence[Any]]:
        """PostgreSQL: the rows (as columns) whose participant is neither stored nor met
        earlier in the file.

        ``COPY`` has no ``ON CONFLICT``: one query per chunk and product asks the unique index
        which of the chunk's participants are stored (none when the product had no rows
        before this import), and the participants of the file so far are remembered here.
        Imports run one at a time (``serialise_imports``), so nothing comes in between.
        """
        assert self.unique is not None
        product_at, key_at = (names.index(name) for name in self.unique)
        products, keys = part[product_at], part[key_at]
        given: dict[Any, list[bytes]] = {}
        for product, key in zip(products, keys, strict=True):
            if key is not None:
                given.setdefault(product, []).append(key)
        for product, product_keys in given.items():
            seen = self._seen.setdefault(product, set())
            if not self._stored_before(product):
                continue
            found = self.con.exec_driver_sql(
                f"SELECT {self._quoted(self.unique[1:])} FROM {self._table()} "
                f"WHERE {self._quoted(self.unique[:1])} = %(product)s "
                f"AND {self._quoted(self.unique[1:])} = ANY(%(keys)s)",
                {"product": product, "keys": product_keys},
            )
            seen.update(bytes(key) for (key,) in found)
        if len(given) == 1:
            # The usual chunk, one product, every participant new: set operations, no loop.
            ((product, product_keys),) = given.items()
            seen, fresh = self._seen[product], set(product_keys)
            if len(fresh) == len(product_keys) and seen.isdisjoint(fresh):
                seen |= fresh
                return part
        kept = []
        for i, (product, key) in enumerate(zip(products, keys, strict=True)):
            if key is None:
                kept.append(i)
                continue
            seen = self._seen[product]
            if key not in seen:
                seen.add(key)
                kept.append(i)
        return [[column[i] for i in kept] for column in part]

    def _stored_before(self, product: Any) -> bool:
        """Whether the table had rows of ``product`` before this import wrote any."""
        if product not in self._had:
            assert self.unique is not None
            self._had[product] = bool(
                self.con.exec_driver_sql(
                    f"SELECT EXISTS (SELECT 1 FROM {self._table()} "
                    f"WHERE {self._quoted(self.unique[:1])} = %(product)s "
                    f"AND import_id <> %(import_id)s)",
                    {"product": product, "import_id": self.import_id},
                ).scalar()
            )
        return self._had[product]

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

    def _copy(self, part: list[Sequence[Any]]) -> None:
        """``COPY`` the rows given as columns, sent as one block of text.

        Each distinct value is written as COPY's text once, and the lines are joined by C
        loops over the columns: per row, psycopg's ``write_row`` cost more than the server.
        """
        assert self._names is not None
        if not part[0]:
            return
        texts: list[Iterable[str]] = [_copy_texts(column) for column in part]
        texts.append(repeat(str(self.import_id), len(part[0])))
        block = "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"
        cursor = self.con.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            statement = f"COPY {self._table()} ({self._quoted(self._names)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                copy.write(block)
        finally:
            cursor.close()


# COPY's text format: a backslash starts an escape, a tab ends a column, a line end a row.
_BYTEA_PREFIX = "\\\\x"  # bytea's hex form, its backslash escaped for COPY
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_texts(column: Sequence[Any]) -> list[str]:
    """The values of a column as COPY's text format writes them, each distinct one once."""
    if set(map(type, column)) == {bytes}:  # participant keys, each distinct: C loops only
        return list(map(_BYTEA_PREFIX.__add__, map(bytes.hex, column)))
    text = {value: _copy_text(value) for value in set(column)}
    return list(map(text.__getitem__, column))


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bytes | bytearray | memoryview):
        return _BYTEA_PREFIX + bytes(value).hex()
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):  # datetimes too: ISO, which PostgreSQL reads
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).translate(_COPY_ESCAPES)
