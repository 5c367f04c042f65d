"""Products (voluntary social insurance, household health insurance) and registration times.

Every enrollment and target gets a ``product``; the rows already stored are voluntary social
insurance, the only product the first release knew. Enrollments may carry the moment of
registration (``registered_at``, UTC). A participant is unique per product, no longer
overall, since one person may join both.

Revision ID: 0002_products_times
Revises: 0001_v1
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_products_times"
down_revision = "0001_v1"
branch_labels = None
depends_on = None

# Frozen here rather than imported: a migration must keep meaning what it meant when written.
PRODUCTS = ("bhxh_tu_nguyen", "bhyt_ho_gia_dinh")
PRODUCT_CHECK = "product IN ({})".format(", ".join(f"'{p}'" for p in PRODUCTS))


def _product() -> sa.Column[str]:
    return sa.Column("product", sa.String(16), nullable=False, server_default=PRODUCTS[0])


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(sa.Column("registered_at", sa.DateTime(), nullable=True))
        batch.add_column(_product())
        batch.drop_constraint("uq_enrollments_participant_hash", type_="unique")
        batch.create_unique_constraint(
            op.f("uq_enrollments_product_participant_hash"), ["product", "participant_hash"]
        )
        batch.create_check_constraint(op.f("ck_enrollments_product_allowed"), PRODUCT_CHECK)
    with op.batch_alter_table("targets") as batch:
        batch.add_column(_product())
        batch.create_check_constraint(op.f("ck_targets_product_allowed"), PRODUCT_CHECK)


def downgrade() -> None:
    # Household health insurance rows, and a person enrolled in both products, have no place
    # in the first release's schema: going back means restoring the backup taken before.
    raise NotImplementedError("restore the database backup taken before the upgrade")
