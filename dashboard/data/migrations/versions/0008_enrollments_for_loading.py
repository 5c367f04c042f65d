"""Enrollments without a foreign key to the import log and without an index on the day.

The screens read the counts (``enrollment_counts``), never the rows, so nothing asks the
rows by day any more; an index costs most of a bulk insert's time again. Import log rows are
never deleted (an undo marks them) and an import's rows go with it explicitly, as its counts
do since 0006, so the key's check on every row bought nothing. The index on ``import_id``
stays: undo and the counts find an import's rows by it. SQLite cannot drop a foreign key in
place, so its table is rebuilt (ids kept); PostgreSQL alters it.

Revision ID: 0008_enrollments_for_loading
Revises: 0007_lean_enrollments
"""

from __future__ import annotations

from alembic import op

revision = "0008_enrollments_for_loading"
down_revision = "0007_lean_enrollments"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, import_id, registered_on, registered_at, product, province_code, district_code, "
    "commune_code, channel, sex, birth_year, monthly_income_vnd, payment_cycle, "
    "support_group, participant_hash"
)

# Frozen here rather than built from schema.py: a migration keeps meaning what it meant.
SQLITE_TABLE = """
CREATE TABLE enrollments_loading (
    id INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    registered_on DATE NOT NULL,
    registered_at DATETIME,
    product VARCHAR(16) DEFAULT 'bhxh_tu_nguyen' NOT NULL,
    province_code VARCHAR(2) NOT NULL,
    district_code VARCHAR(3) NOT NULL,
    commune_code VARCHAR(5),
    channel VARCHAR(16) NOT NULL,
    sex VARCHAR(6),
    birth_year INTEGER,
    monthly_income_vnd BIGINT,
    payment_cycle VARCHAR(16),
    support_group VARCHAR(16),
    participant_hash BLOB,
    CONSTRAINT pk_enrollments PRIMARY KEY (id),
    CONSTRAINT uq_enrollments_product_participant_hash UNIQUE (product, participant_hash),
    CONSTRAINT ck_enrollments_product_allowed
        CHECK (product = 'bhxh_tu_nguyen' OR product = 'bhyt_ho_gia_dinh'),
    CONSTRAINT ck_enrollments_channel_allowed CHECK (channel = 'vss_office'
        OR channel = 'post_office' OR channel = 'online' OR channel = 'collector'
        OR channel = 'event'),
    CONSTRAINT ck_enrollments_sex_allowed CHECK (sex = 'male' OR sex = 'female'),
    CONSTRAINT ck_enrollments_payment_cycle_allowed CHECK (payment_cycle = 'monthly'
        OR payment_cycle = 'quarterly' OR payment_cycle = 'semiannual'
        OR payment_cycle = 'annual' OR payment_cycle = 'multi_year'
        OR payment_cycle = 'lump_sum'),
    CONSTRAINT ck_enrollments_support_group_allowed CHECK (support_group = 'poor'
        OR support_group = 'near_poor' OR support_group = 'other'),
    CONSTRAINT ck_enrollments_birth_year_plausible CHECK (birth_year >= 1930),
    CONSTRAINT ck_enrollments_monthly_income_vnd_positive CHECK (monthly_income_vnd > 0)
)
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_enrollments_import_id_imports", "enrollments", type_="foreignkey")
        op.drop_index("ix_enrollments_registered_on", table_name="enrollments")
        return
    op.execute(SQLITE_TABLE)
    op.execute(f"INSERT INTO enrollments_loading ({COLUMNS}) SELECT {COLUMNS} FROM enrollments")
    op.execute("DROP TABLE enrollments")
    op.execute("ALTER TABLE enrollments_loading RENAME TO enrollments")
    op.execute("CREATE INDEX ix_enrollments_import_id ON enrollments (import_id)")


def downgrade() -> None:
    raise NotImplementedError("restore the database backup taken before the upgrade")
