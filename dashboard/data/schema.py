"""The database tables: the import log and one table per kind of data file (DATA_FORMATS.md).

Places are stored as GSO codes (zero-padded strings), never as names. Every data row points
at the import that brought it. An undo deletes the import's data rows and keeps its log row
(``undone_at`` set, ``import_undos`` says who), so the same file can be imported again.

The campaign's enumerations come from ``dashboard.domain`` (re-exported here for the
importers) and are enforced by CHECK constraints, so that no code path can store a value
the dashboard does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect

from dashboard.domain import (
    CHANNELS,
    DEFAULT_PRODUCT,
    EVENT_KINDS,
    EVENT_LEVELS,
    IMPORT_KINDS,
    PRODUCTS,
    VEHICLE_TYPES,
)

SEXES = ("male", "female")
PAYMENT_CYCLES = ("monthly", "quarterly", "semiannual", "annual", "multi_year", "lump_sum")
SUPPORT_GROUPS = ("poor", "near_poor", "other")

# Lowest birth year DATA_FORMATS.md accepts; the upper bound (this year - 15) moves with the
# calendar, so the importer checks it rather than a constraint frozen at creation time.
MIN_BIRTH_YEAR = 1930

# Named constraints give readable errors and let later migrations refer to them by name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware (UTC).

    Storing naive UTC behaves the same on SQLite (which has no time zones) and PostgreSQL;
    accepting only aware datetimes keeps local times from slipping in unnoticed.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError(f"expected a timezone-aware datetime, got {value!r}")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def _one_of(column: str, values: Sequence[str]) -> CheckConstraint:
    # Written as a chain of equalities, not ``IN (...)``: SQLite evaluates an IN list in a
    # CHECK as a subquery per row, which cost half of a bulk insert's time.
    allowed = " OR ".join(f"{column} = '{v}'" for v in values)
    return CheckConstraint(allowed, name=f"{column}_allowed")


def _not_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} >= 0", name=f"{column}_not_negative")


def _import_id() -> Column[int]:
    return Column(
        "import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False
    )


def _product() -> Column[str]:
    # The server default fills the rows of a database written before products existed.
    return Column(
        "product",
        String(16),
        nullable=False,
        default=DEFAULT_PRODUCT,
        server_default=DEFAULT_PRODUCT,
    )


def _province() -> Column[str]:
    return Column("province_code", String(2), nullable=False)


imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("content_hash", String(64), nullable=False, comment="sha256 of the file, hex"),
    Column("imported_by", String(100), nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("added_count", Integer, nullable=False),
    Column("skipped_count", Integer, nullable=False),
    Column("is_sample", Boolean(name="is_sample_bool"), nullable=False, default=False),
    Column("undone_at", UtcDateTime(), nullable=True),
    _one_of("kind", IMPORT_KINDS),
    # Not unique: the importer refuses a file whose (kind, hash) is already imported and not
    # undone; the same file may come back after an undo, so the log can hold it twice.
    Index(None, "kind", "content_hash"),
    # Ids are never reused after a delete, so "highest id" keeps meaning "newest import"
    # (data_version relies on it).
    sqlite_autoincrement=True,
)

# Who undid an import (the log row itself keeps when). A table of its own so that an
# existing database gains it without changing the imports table.
import_undos = Table(
    "import_undos",
    metadata,
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True),
    Column("undone_by", String(100), nullable=False),
    Column("undone_at", UtcDateTime(), nullable=False),
)

enrollments = Table(
    "enrollments",
    metadata,
    Column("id", Integer, primary_key=True),
    # No foreign key: import log rows are never deleted, an import's rows go with it
    # explicitly, and the key's check on every row cost a good part of a bulk insert.
    Column("import_id", Integer, nullable=False),
    Column("registered_on", Date, nullable=False),  # the day in Vietnam time
    # The moment, when the file gives one: hour-of-day views read it back in Vietnam time.
    Column("registered_at", UtcDateTime(), nullable=True),
    _product(),
    _province(),
    Column("district_code", String(3), nullable=False),
    Column("commune_code", String(5), nullable=True),
    Column("channel", String(16), nullable=False),
    Column("sex", String(6), nullable=True),
    Column("birth_year", Integer, nullable=True),
    Column("monthly_income_vnd", BigInteger, nullable=True),
    Column("payment_cycle", String(16), nullable=True),
    Column("support_group", String(16), nullable=True),
    # The keyed hash of the social insurance number (participant_key.py), 32 raw bytes: the
    # same person never counts twice in a product (one may join both), and the number itself
    # is never stored.
    Column("participant_hash", LargeBinary(32), nullable=True),
    UniqueConstraint("product", "participant_hash"),
    _one_of("product", PRODUCTS),
    _one_of("channel", CHANNELS),
    _one_of("sex", SEXES),
    _one_of("payment_cycle", PAYMENT_CYCLES),
    _one_of("support_group", SUPPORT_GROUPS),
    CheckConstraint(f"birth_year >= {MIN_BIRTH_YEAR}", name="birth_year_plausible"),
    CheckConstraint("monthly_income_vnd > 0", name="monthly_income_vnd_positive"),
    # Each index costs most of a bulk insert's time again: only the one a query needs (undo
    # and the counts of an import); the screens read the counts, never the rows by day.
    Index(None, "import_id"),
)

# What the screens read instead of the rows: how many enrollments each import added per
# (product, day, hour of registration in Vietnam time or none without a time, district,
# channel). Written in the import's transaction and deleted with its rows
# (``dashboard.data.counts``), so a snapshot costs the number of these cells, not of rows.
enrollment_counts = Table(
    "enrollment_counts",
    metadata,
    # No foreign key: import log rows are never deleted, the counts go with their import
    # explicitly, and the key's check on every cell was a third of the counts' cost.
    Column("import_id", Integer, nullable=False),
    _product(),
    Column("registered_on", Date, nullable=False),
    Column("hour", SmallInteger, nullable=True),
    _province(),
    Column("district_code", String(3), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("n", Integer, nullable=False),
    Index(None, "import_id"),
    Index(None, "registered_on"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("period", String(7), nullable=False, comment="YYYY-MM"),
    _province(),
    Column("district_code", String(3), nullable=True),
    Column("voluntary_participants", Integer, nullable=False),
    Column("labour_force", Integer, nullable=True),
    # From a development report: the month's movements and the year's plan of participants
    # (a stock to reach, never mixed with the campaign's targets of new participants).
    Column("increase", Integer, nullable=True),
    Column("decrease", Integer, nullable=True),
    Column("year_plan", Integer, nullable=True),
    CheckConstraint(
        "length(period) = 7 AND substr(period, 5, 1) = '-'", name="period_is_year_month"
    ),
    _not_negative("voluntary_participants"),
    _not_negative("labour_force"),
    _not_negative("increase"),
    _not_negative("decrease"),
    _not_negative("year_plan"),
    Index(None, "period", "province_code"),
    Index(None, "import_id"),
)

targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    _product(),
    _province(),
    Column("district_code", String(3), nullable=True),
    Column("target_new_participants", Integer, nullable=False),
    _one_of("product", PRODUCTS),
    _not_negative("target_new_participants"),
    Index(None, "import_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("held_on", Date, nullable=False),
    Column("level", String(16), nullable=False),
    Column("province_code", String(2), nullable=True),
    Column("district_code", String(3), nullable=True),
    Column("commune_code", String(5), nullable=True),
    Column("kind", String(24), nullable=False),
    Column("attendees", Integer, nullable=False),
    Column("online_viewers", Integer, nullable=True),
    Column("leads", Integer, nullable=True),
    _one_of("level", EVENT_LEVELS),
    _one_of("kind", EVENT_KINDS),
    # A unit is needed as far as the level goes: a commune event names its commune, etc.
    CheckConstraint("level = 'central' OR province_code IS NOT NULL", name="province_for_level"),
    CheckConstraint(
        "level IN ('central', 'province') OR district_code IS NOT NULL",
        name="district_for_level",
    ),
    CheckConstraint("level <> 'commune' OR commune_code IS NOT NULL", name="commune_for_level"),
    _not_negative("attendees"),
    _not_negative("online_viewers"),
    _not_negative("leads"),
    Index(None, "held_on"),
    Index(None, "import_id"),
)

route_points = Table(
    "route_points",
    metadata,
    Column("id", Integer, primary_key=True),
    _import_id(),
    Column("vehicle_id", String(64), nullable=False),
    Column("vehicle_type", String(16), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    # Derived from the boundaries; a point off the map (at sea, abroad) has none.
    Column("province_code", String(2), nullable=True),
    Column("district_code", String(3), nullable=True),
    Column("commune_code", String(5), nullable=True),
    Column("stop_name", String(200), nullable=True),
    Column("people_reached", Integer, nullable=True),
    Column("leaflets", Integer, nullable=True),
    _one_of("vehicle_type", VEHICLE_TYPES),
    CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="lat_lon_range"),
    _not_negative("people_reached"),
    _not_negative("leaflets"),
    Index(None, "vehicle_id", "recorded_at"),
    Index(None, "import_id"),
)

app_meta = Table(
    "app_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The data table each import kind writes to.
DATA_TABLES: dict[str, Table] = {
    "enrollments": enrollments,
    "participants": participants,
    "targets": targets,
    "events": events,
    "routes": route_points,
}
