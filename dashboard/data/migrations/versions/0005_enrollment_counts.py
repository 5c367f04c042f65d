"""Enrollment counts per import, day, Vietnam hour, district, channel and product.

The screens read these counts instead of the rows (``dashboard/data/counts.py``); the
importers keep them from now on, and this revision counts the rows already stored.

Revision ID: 0005_enrollment_counts
Revises: 0004_participant_movements
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_enrollment_counts"
down_revision = "0004_participant_movements"
branch_labels = None
depends_on = None

# Frozen here rather than imported: a migration must keep meaning what it meant when written.
VIETNAM_UTC_HOURS = 7
KEYS = ("import_id", "product", "registered_on", "hour", "province_code", "district_code")


def upgrade() -> None:
    op.create_table(
        "enrollment_counts",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(16), nullable=False, server_default="bhxh_tu_nguyen"),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("hour", sa.SmallInteger(), nullable=True),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("district_code", sa.String(3), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name="fk_enrollment_counts_import_id_imports",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_enrollment_counts_import_id", "enrollment_counts", ["import_id"])
    op.create_index("ix_enrollment_counts_registered_on", "enrollment_counts", ["registered_on"])
    _count_stored_rows()


def _count_stored_rows() -> None:
    rows = sa.table(
        "enrollments",
        *(sa.column(name) for name in (*KEYS[:3], "registered_at", *KEYS[4:], "channel")),
    )
    hour = (
        sa.cast(sa.extract("hour", rows.c.registered_at), sa.Integer)
        + sa.literal_column(str(VIETNAM_UTC_HOURS))
    ) % sa.literal_column("24")
    keys = [rows.c[name] if name != "hour" else hour for name in (*KEYS, "channel")]
    counts = sa.table("enrollment_counts", *(sa.column(name) for name in (*KEYS, "channel", "n")))
    op.execute(
        counts.insert().from_select(
            [*KEYS, "channel", "n"], sa.select(*keys, sa.func.count()).group_by(*keys)
        )
    )


def downgrade() -> None:
    op.drop_table("enrollment_counts")
