"""The schema of the first release (schema_version "1" in app_meta).

Databases of that release were created with ``metadata.create_all`` and carry no Alembic
version; ``create_schema`` stamps them with this revision and upgrades them from here.
Nothing to do: this revision is the starting point.

Revision ID: 0001_v1
Revises:
"""

from __future__ import annotations

revision = "0001_v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
