"""Who undid an import: the ``import_undos`` table.

Revision ID: 0003_import_undos
Revises: 0002_products_times
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_import_undos"
down_revision = "0002_products_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_undos",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("undone_by", sa.String(100), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name="fk_import_undos_import_id_imports",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("import_id", name="pk_import_undos"),
    )


def downgrade() -> None:
    op.drop_table("import_undos")
