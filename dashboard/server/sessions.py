"""Server-side sessions: the cookie names a session row, and deleting the row ends it.

A signed cookie alone cannot be taken back: a copy made before sign-out would keep working
until it expires. So the cookie carries only a random session id; the ``sessions`` table
holds its sha256 (a database dump holds no usable id), the account and the expiry. Signing
out deletes the row; a password change or a removed account deletes all of the account's
rows, so every copy of every cookie of that account stops working at its next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, Final

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Engine

from dashboard.server.tables import sessions, users

SESSION_LIFETIME: Final = dt.timedelta(hours=12)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(engine: Engine, user_id: int) -> str:
    """Start a session for ``user_id``; returns the id to put in the cookie."""
    session_id = secrets.token_urlsafe(32)
    now = _utcnow()
    with engine.begin() as con:
        # Expired rows of everyone go here, so the table never grows without bound.
        con.execute(delete(sessions).where(sessions.c.expires_at < now))
        con.execute(
            insert(sessions).values(
                id_hash=_hash(session_id), user_id=user_id, expires_at=now + SESSION_LIFETIME
            )
        )
    return session_id


def session_user_row(engine: Engine, session_id: str) -> Any | None:
    """The ``users`` row of a live session, or None (unknown, ended or expired)."""
    query = (
        select(users)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.id_hash == _hash(session_id), sessions.c.expires_at > _utcnow())
    )
    with engine.connect() as con:
        return con.execute(query).mappings().first()


def close_session(engine: Engine, session_id: str) -> None:
    """End one session (sign-out)."""
    with engine.begin() as con:
        con.execute(delete(sessions).where(sessions.c.id_hash == _hash(session_id)))


def close_user_sessions(con: Connection, user_id: int) -> int:
    """End every session of an account (password changed, account removed)."""
    return con.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount
