"""Enrollments made for bulk loading: a binary participant key, cheap checks, fewer indexes.

The participant hash becomes its 32 raw bytes instead of 64 hex characters (the same HMAC,
so every stored participant is still recognised); on SQLite the CHECK constraints become
chains of equalities, which cost a fraction of ``IN (...)`` per inserted row; the index on
(province, district), which no query uses, goes. SQLite cannot alter a column's type or a
constraint in place, so its table is rebuilt (ids kept); PostgreSQL alters it.

Revision ID: 0007_lean_enrollments
Revises: 0006_counts_without_foreign_key
"""

from __future__ import annotations

from alembic import op

revision = "0007_lean_enrollments"
down_revision = "0006_counts_without_foreign_key"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, import_id, registered_on, registered_at, product, province_code, district_code, "
    "commune_code, channel, sex, birth_year, monthly_income_vnd, payment_cycle, support_group"
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    allowed = " OR ".join(f"{column} = '{v}'" for v in values)
    return f"CONSTRAINT ck_enrollments_{column}_allowed CHECK ({allowed})"


CHECKS = ",\n    ".join(
    (
        _one_of("product", ("bhxh_tu_nguyen", "bhyt_ho_gia_dinh")),
        _one_of("channel", ("vss_office", "post_office", "online", "collector", "event")),
        _one_of("sex", ("male", "female")),
        _one_of(
            "payment_cycle",
            ("monthly", "quarterly", "semiannual", "annual", "multi_year", "lump_sum"),
        ),
        _one_of("support_group", ("poor", "near_poor", "other")),
    )
)

# Frozen here rather than built from schema.py: a migration keeps meaning what it meant.
SQLITE_TABLE = f"""
CREATE TABLE enrollments_lean (
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
    {CHECKS},
    CONSTRAINT ck_enrollments_birth_year_plausible CHECK (birth_year >= 1930),
    CONSTRAINT ck_enrollments_monthly_income_vnd_positive CHECK (monthly_income_vnd > 0),
    CONSTRAINT fk_enrollments_import_id_imports FOREIGN KEY(import_id)
        REFERENCES imports (id) ON DELETE CASCADE
)
"""


def _unhex(value: str | None) -> bytes | None:
    return None if value is None else bytes.fromhex(value)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_index("ix_enrollments_province_code_district_code", table_name="enrollments")
        op.execute(
            "ALTER TABLE enrollments ALTER COLUMN participant_hash TYPE bytea "
            "USING decode(participant_hash, 'hex')"
        )
        return
    # SQLite before 3.41 has no unhex(): the connection gets one for this statement.
    driver = bind.connection.driver_connection
    driver.create_function("diemtua_unhex", 1, _unhex, deterministic=True)  # type: ignore[union-attr]
    op.execute(SQLITE_TABLE)
    op.execute(
        f"INSERT INTO enrollments_lean ({COLUMNS}, participant_hash) "
        f"SELECT {COLUMNS}, diemtua_unhex(participant_hash) FROM enrollments"
    )
    op.execute("DROP TABLE enrollments")
    op.execute("ALTER TABLE enrollments_lean RENAME TO enrollments")
    op.execute("CREATE INDEX ix_enrollments_registered_on ON enrollments (registered_on)")
    op.execute("CREATE INDEX ix_enrollments_import_id ON enrollments (import_id)")


def downgrade() -> None:
    raise NotImplementedError("restore the database backup taken before the upgrade")
