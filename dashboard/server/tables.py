"""The serving layer's tables: accounts, sessions, sign-in failures, shared secrets, uploads.

They live in the app's database beside the data, so every worker and machine sees the same
accounts and sessions. ``create_server_schema`` makes them whenever they are missing.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

server_metadata = MetaData()

users = Table(
    "users",
    server_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    Column("province_code", String(2), nullable=True, comment="editors only"),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

# Values every worker must share, such as the generated cookie-signing key.
server_secrets = Table(
    "server_secrets",
    server_metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row per signed-in browser; the cookie holds the id, the table only its sha256.
sessions = Table(
    "sessions",
    server_metadata,
    Column("id_hash", String(64), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey(users.c.id, ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("expires_at", DateTime(timezone=False), nullable=False, comment="naive UTC"),
)

# Failed sign-ins, per keyed hash of the account, the address or the pair (never in clear).
login_failures = Table(
    "login_failures",
    server_metadata,
    Column("id", Integer, primary_key=True),
    Column("key_hash", String(64), nullable=False, index=True),
    Column("failed_at", DateTime(timezone=False), nullable=False, index=True, comment="UTC"),
    sqlite_autoincrement=True,
)

# A checked upload waiting for its confirmation, so the file is read once and any worker
# can confirm it; rows expire.
staged_uploads = Table(
    "staged_uploads",
    server_metadata,
    Column("token", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey(users.c.id, ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("checked", LargeBinary, nullable=False, comment="zlib-compressed pickle"),
    Column("approved_by", String(64), nullable=True, comment="set when confirmed"),
    Column("expires_at", DateTime(timezone=False), nullable=False, comment="naive UTC"),
)


def create_server_schema(engine: Engine) -> None:
    """Create the serving layer's tables if missing; safe to repeat.

    Two processes creating them at the same moment is harmless: the loser sees the winner's.
    """
    try:
        server_metadata.create_all(engine)
    except (IntegrityError, OperationalError, ProgrammingError):
        server_metadata.create_all(engine)  # the other process created them meanwhile
