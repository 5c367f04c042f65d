"""Checked uploads kept in the database between preview and confirm.

A file is read and checked once, at preview; the checked table waits here, compressed, keyed
by a random token and by its content (the same account uploading the same file again gets
the same entry without a second reading), until it is confirmed or expires. Any worker can
confirm it, and a large confirm can run as a background job that finds it here.

Entries are pickled by this app only and read back only by it from its own database.
"""

from __future__ import annotations

import datetime as dt
import pickle
import secrets
import zlib
from dataclasses import dataclass
from typing import Final

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from dashboard.data.importers import Preview, ValidatedTable
from dashboard.server.tables import staged_uploads

STAGE_LIFETIME: Final = dt.timedelta(hours=2)


@dataclass(frozen=True)
class Staged:
    """A checked upload waiting for its confirmation."""

    token: str
    kind: str
    file_name: str
    content_hash: str
    row_count: int
    preview: Preview
    table: ValidatedTable
    approved_by: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def stage(
    engine: Engine, user_id: int, file_name: str, preview: Preview, table: ValidatedTable
) -> str:
    """Keep a checked upload; returns its token."""
    token = secrets.token_urlsafe(24)
    body = zlib.compress(pickle.dumps((preview, table), protocol=pickle.HIGHEST_PROTOCOL), 1)
    with engine.begin() as con:
        con.execute(delete(staged_uploads).where(staged_uploads.c.expires_at < _now()))
        con.execute(
            insert(staged_uploads).values(
                token=token,
                user_id=user_id,
                kind=table.kind,
                file_name=file_name,
                # Found again by the bytes, before reading them (``find_staged``).
                content_hash=preview.file_hash,
                row_count=table.row_count,
                checked=body,
                expires_at=_now() + STAGE_LIFETIME,
            )
        )
    return token


def find_staged(engine: Engine, user_id: int, kind: str, content_hash: str) -> Staged | None:
    """The account's live staged upload of this content and kind, if any."""
    query = select(staged_uploads.c.token).where(
        staged_uploads.c.user_id == user_id,
        staged_uploads.c.kind == kind,
        staged_uploads.c.content_hash == content_hash,
        staged_uploads.c.approved_by.is_(None),
        staged_uploads.c.expires_at > _now(),
    )
    with engine.connect() as con:
        token = con.execute(query.limit(1)).scalar()
    return None if token is None else load_staged(engine, str(token), user_id=user_id)


def load_staged(engine: Engine, token: str, *, user_id: int | None = None) -> Staged | None:
    """The staged upload ``token`` (of ``user_id``, when given), or None if gone or expired."""
    query = select(staged_uploads).where(
        staged_uploads.c.token == token, staged_uploads.c.expires_at > _now()
    )
    if user_id is not None:
        query = query.where(staged_uploads.c.user_id == user_id)
    with engine.connect() as con:
        row = con.execute(query).mappings().first()
    if row is None:
        return None
    preview, table = pickle.loads(zlib.decompress(row["checked"]))  # written by stage()
    return Staged(
        token,
        row["kind"],
        row["file_name"],
        row["content_hash"],
        row["row_count"],
        preview,
        table,
        row["approved_by"],
    )


def approve(engine: Engine, token: str, user_name: str) -> None:
    """Mark a staged upload confirmed by ``user_name`` (whose rights were checked), so a
    background job may write it."""
    with engine.begin() as con:
        con.execute(
            update(staged_uploads)
            .where(staged_uploads.c.token == token)
            .values(approved_by=user_name)
        )


def discard(engine: Engine, token: str) -> None:
    with engine.begin() as con:
        con.execute(delete(staged_uploads).where(staged_uploads.c.token == token))


def provinces_of(table: ValidatedTable) -> tuple[set[str], bool]:
    """Every province the table writes to, and whether some rows belong to none (the central
    kickoff, a track point at sea)."""
    column = table.columns.get("province_code", [])
    codes = {str(code) for code in column if code}
    national = not column or any(not code for code in column)
    return codes, national
