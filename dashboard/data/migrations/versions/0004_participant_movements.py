"""A development report's columns on participants: the month's movements, the year's plan.

``increase`` and ``decrease`` are the participants who joined and left during the month;
``year_plan`` is the year's plan of participants to reach, a stock, never a target of new
participants. Rows stored before have none of them.

Revision ID: 0004_participant_movements
Revises: 0003_import_undos
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_participant_movements"
down_revision = "0003_import_undos"
branch_labels = None
depends_on = None

COLUMNS = ("increase", "decrease", "year_plan")


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch.create_check_constraint(
                op.f(f"ck_participants_{name}_not_negative"), f"{name} >= 0"
            )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        for name in COLUMNS:
            batch.drop_constraint(op.f(f"ck_participants_{name}_not_negative"), type_="check")
            batch.drop_column(name)
