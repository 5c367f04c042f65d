"""Alembic's entry point: migrate the connection that ``create_schema`` hands over.

The application never runs migrations through its own engine here: ``create_schema`` opens
the connection (and on PostgreSQL takes a lock so that several workers starting at once
migrate one after the other) and passes it in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from dashboard.data.schema import metadata

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through dashboard.data.db.create_schema(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot alter constraints in place; batch operations copy the table instead.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
