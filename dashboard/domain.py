"""The campaign's vocabulary, window and defaults, declared once.

Every other module imports these names instead of spelling the values again: the metrics
the map can show (with the unit and decimals they are written with), the geographies,
enrollment channels, products, event levels, vehicle types, the kinds of file imported,
the accounts' roles and languages, the campaign window and the national target default.
The database's CHECK constraints, the URL parser, the controls, the importers and the
figures all read them from here, so adding a channel or a metric is one edit. How many
provinces or districts exist is not declared here: that comes from the reference tables
(``geodata.reference``).

``Filters`` is the one value that says which rows a screen counts; it travels from the
view state through the services to the metrics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

# --- metrics -----------------------------------------------------------------------------

Metric = Literal["new_enrollments", "per_10k", "coverage", "target_share", "events", "attendance"]


@dataclass(frozen=True)
class MetricSpec:
    """How one metric's values are computed into and written.

    Attributes:
        key: the metric's name in URLs and code.
        unit: the unit its values are in (``frame.attrs["unit"]`` of the map values).
        decimals: decimals shown.
        percent: the services hand out fractions (0.87) written as percentages (87 %); the
            metrics compute them in percent (87).
    """

    key: str
    unit: str
    decimals: int
    percent: bool = False

    @property
    def label_key(self) -> str:
        """Message key of the metric's name."""
        return f"metric_{self.key}"

    @property
    def unit_label_key(self) -> str:
        """Message key of the metric's unit."""
        return f"metric_{self.key}_unit"


METRIC_SPECS: Final[Mapping[str, MetricSpec]] = {
    spec.key: spec
    for spec in (
        MetricSpec("new_enrollments", "people", 0),
        MetricSpec("per_10k", "per_10k_inhabitants", 2),
        # Coverage falls back to COVERAGE_PER_1000 when no labour force is known.
        MetricSpec("coverage", "percent_of_labour_force", 2, percent=True),
        MetricSpec("target_share", "percent", 0, percent=True),
        MetricSpec("events", "events", 0),
        MetricSpec("attendance", "people", 0),
    )
}
METRICS: Final[tuple[Metric, ...]] = (
    "new_enrollments",
    "per_10k",
    "coverage",
    "target_share",
    "events",
    "attendance",
)
DEFAULT_METRIC: Final[Metric] = "new_enrollments"
# Coverage when no labour force is known: participants per 1,000 inhabitants of 2019.
COVERAGE_PER_1000: Final = MetricSpec("coverage_per_1000", "per_1000_inhabitants", 1)


def metric_spec(metric: str, unit: str | None = None) -> MetricSpec:
    """The spec values of ``metric`` are written with; ``unit`` picks coverage's fallback."""
    if unit == COVERAGE_PER_1000.unit:
        return COVERAGE_PER_1000
    return METRIC_SPECS[metric]


# --- geographies and places ------------------------------------------------------------

Geography = Literal["2022", "2025"]
GEOGRAPHIES: Final[tuple[Geography, ...]] = ("2022", "2025")
DEFAULT_GEOGRAPHY: Final[Geography] = "2022"
Level = Literal["province", "district"]

# --- what the data files say -------------------------------------------------------------

IMPORT_KINDS: Final = ("enrollments", "participants", "targets", "events", "routes")

CHANNELS: Final = ("vss_office", "post_office", "online", "collector", "event")
# Voluntary social insurance, and household health insurance (sold alongside it).
PRODUCTS: Final = ("bhxh_tu_nguyen", "bhyt_ho_gia_dinh")
# A row or a view that names no product: the campaign's own, voluntary social insurance.
DEFAULT_PRODUCT: Final = PRODUCTS[0]
EVENT_LEVELS: Final = ("central", "province", "district", "commune")
EVENT_KINDS: Final = ("online_kickoff", "conference", "mobile_propaganda", "counselling")
VEHICLE_TYPES: Final = ("car", "motorbike")

# --- accounts ----------------------------------------------------------------------------

Role = Literal["viewer", "editor", "admin"]
ROLES: Final[tuple[Role, ...]] = ("viewer", "editor", "admin")

# --- languages ---------------------------------------------------------------------------

LANGUAGES: Final = ("vi", "en")
DEFAULT_LANGUAGE: Final = "vi"

# --- the campaign ------------------------------------------------------------------------

# Joint Plan 1731/KHLT-BHXH-BĐVN: from the kickoff on 8 May 2022 to the end of the year.
CAMPAIGN_START: Final = dt.date(2022, 5, 8)
CAMPAIGN_DEADLINE: Final = dt.date(2022, 12, 31)
NATIONAL_TARGET: Final = 10_000


@dataclass(frozen=True)
class Campaign:
    """The campaign window and national targets in force (settings, defaults above).

    Attributes:
        national_target: new voluntary social insurance participants (``DEFAULT_PRODUCT``).
        household_target: new household health insurance participants; None when no
            target is set (the plan sets none), and the screens then say "no target".
    """

    start: dt.date = CAMPAIGN_START
    deadline: dt.date = CAMPAIGN_DEADLINE
    national_target: int = NATIONAL_TARGET
    household_target: int | None = None

    @property
    def national_targets(self) -> dict[str, int | None]:
        """The national target of each product (None: no target set)."""
        return dict(zip(PRODUCTS, (self.national_target, self.household_target), strict=True))

    def period(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> tuple[dt.date, dt.date]:
        """The period counted: the days asked for, the campaign window where none are.

        One rule for every screen and the CLI report, so the period shown is the period
        counted. A side given alone keeps the window's other side unless that would make
        the period run backwards.
        """
        first = start or min(self.start, end or self.start)
        return first, end or max(self.deadline, first)


# --- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which rows a screen counts: product, period, channels, area and geography.

    Attributes:
        start, end: days counted, inclusive; None leaves that side open. The screens always
            set both: the view's period, else the campaign window (``ViewState.filters``), so
            the period a screen shows is the period it counts.
        channels: enrollment channels counted; empty means every channel.
        region: a GSO region code (2022 geography only).
        province: a 2022 province code, or a 2025 one when ``geography`` is "2025".
        district: a 2022 district code of ``province``.
        geography: "2022" (63 provinces, 705 districts) or "2025" (34 provinces).
        product: the product counted (one of ``PRODUCTS``): enrollments and targets of
            different products are never added together.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    channels: tuple[str, ...] = ()
    region: str | None = None
    province: str | None = None
    district: str | None = None
    geography: Geography = "2022"
    product: str = DEFAULT_PRODUCT

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """First and last day counted, for a period with both ends set (the screens' are).

        Raises:
            ValueError: an open period.
        """
        if self.start is None or self.end is None:
            raise ValueError("the period is open; screens count a closed one")
        return self.start, self.end

    def national(self) -> Filters:
        """The same product, period and channels over the whole country."""
        return Filters(
            self.start, self.end, self.channels, geography=self.geography, product=self.product
        )
