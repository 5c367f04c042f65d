"""The enrollment counts without a foreign key to the import log.

Import log rows are never deleted (an undo marks them), and the counts of an import are
deleted with its rows explicitly; checking the key on every cell written cost about a third
of writing the counts.

Revision ID: 0006_counts_without_foreign_key
Revises: 0005_enrollment_counts
"""

from __future__ import annotations

from alembic import op

revision = "0006_counts_without_foreign_key"
down_revision = "0005_enrollment_counts"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_enrollment_counts_import_id_imports"


def upgrade() -> None:
    with op.batch_alter_table("enrollment_counts") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("enrollment_counts") as batch:
        batch.create_foreign_key(FOREIGN_KEY, "imports", ["import_id"], ["id"], ondelete="CASCADE")
