"""What the screen shows, as a value that round-trips through the URL's query string.

The URL is the single source of truth: a link or a bookmark opens exactly the same view,
and the browser's back and forward buttons move between views. Anything a URL says that
makes no sense (an unknown code, a district of another province, a day that does not
exist) is dropped rather than refused, so an old or hand-edited link still opens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final, Literal, cast
from urllib.parse import parse_qsl, urlencode

from dashboard.domain import (
    CHANNELS,
    DEFAULT_GEOGRAPHY,
    DEFAULT_LANGUAGE,
    DEFAULT_METRIC,
    DEFAULT_PRODUCT,
    EVENT_LEVELS,
    GEOGRAPHIES,
    LANGUAGES,
    METRICS,
    PRODUCTS,
    Campaign,
    Filters,
    Geography,
    Metric,
)

__all__ = ["CHANNELS", "GEOGRAPHIES", "METRICS", "Geography", "Metric"]

Scheme = Literal["quantiles", "equal_interval", "natural_breaks"]
SCHEMES: Final[tuple[Scheme, ...]] = ("quantiles", "equal_interval", "natural_breaks")


@dataclass(frozen=True)
class Vocabulary:
    """The codes a URL may name, and how units nest (district -> province -> region)."""

    province_region: dict[str, str]
    district_province: dict[str, str]
    provinces_2025: frozenset[str]

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(self.province_region.values())

    @classmethod
    def from_reference(cls) -> Vocabulary:
        return _reference_vocabulary()


@cache
def _reference_vocabulary() -> Vocabulary:
    from geodata import reference

    provinces = reference.provinces()
    districts = reference.districts()
    return Vocabulary(
        province_region=dict(
            zip(provinces["province_code"], provinces["region_code"], strict=True)
        ),
        district_province=dict(
            zip(districts["district_code"], districts["province_code"], strict=True)
        ),
        provinces_2025=frozenset(reference.provinces_2025()["province_code_2025"]),
    )


EMPTY_VOCABULARY: Final = Vocabulary({}, {}, frozenset())


NO_LEVELS: Final = "none"


def _levels(raw: str | None) -> tuple[str, ...] | None:
    """The events levels a URL names, in their order; None (the default) for every level."""
    if raw is None:
        return None
    chosen = tuple(level for level in EVENT_LEVELS if level in raw.split(","))
    if chosen == EVENT_LEVELS or (not chosen and raw != NO_LEVELS):
        return None
    return chosen


@dataclass(frozen=True)
class ViewState:
    """One view of the dashboard. Defaults are left out of the URL to keep links short.

    ``province`` is a 2022 code in the 2022 geography and a 2025 code in the 2025 one;
    ``district`` exists only in 2022. An empty ``channels`` means every channel.
    ``product`` is the product counted (voluntary social insurance unless the URL says
    ``product=bhyt_ho_gia_dinh``).
    """

    lang: str = DEFAULT_LANGUAGE
    metric: Metric = DEFAULT_METRIC
    geography: Geography = DEFAULT_GEOGRAPHY
    scheme: Scheme = "quantiles"
    region: str | None = None
    province: str | None = None
    district: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    channels: tuple[str, ...] = field(default=())
    product: str = DEFAULT_PRODUCT
    present: bool = False
    # One province on one A4 page: map, gauges, pace line and district ranking.
    print: bool = False
    # The events screen's levels: None shows every level, () none of them.
    levels: tuple[str, ...] | None = None

    @classmethod
    def from_query(
        cls,
        search: str | None,
        *,
        default_lang: str = DEFAULT_LANGUAGE,
        vocabulary: Vocabulary = EMPTY_VOCABULARY,
    ) -> ViewState:
        """Parse ``?lang=en&metric=per_10k&province=01...``; bad values fall back to defaults."""
        params = dict(parse_qsl((search or "").lstrip("?")))
        lang = params.get("lang", default_lang)
        metric = params.get("metric", "")
        geography = params.get("geo", "")
        scheme = params.get("scheme", "")
        product = params.get("product", "")
        state = cls(
            lang=lang if lang in LANGUAGES else default_lang,
            metric=cast(Metric, metric) if metric in METRICS else DEFAULT_METRIC,
            geography=cast(Geography, geography) if geography in GEOGRAPHIES else DEFAULT_GEOGRAPHY,
            scheme=cast(Scheme, scheme) if scheme in SCHEMES else "quantiles",
            region=params.get("region") or None,
            province=params.get("province") or None,
            district=params.get("district") or None,
            start=parse_date(params.get("from")),
            end=parse_date(params.get("to")),
            channels=tuple(c for c in CHANNELS if c in params.get("channels", "").split(",")),
            product=product if product in PRODUCTS else DEFAULT_PRODUCT,
            present=params.get("present") == "1",
            print=params.get("print") == "1",
            levels=_levels(params.get("levels")),
        )
        return state.validated(vocabulary)

    def validated(self, vocabulary: Vocabulary) -> ViewState:
        """Drop what ``vocabulary`` does not know or what contradicts the rest of the view."""
        region = self.region if self.region in vocabulary.regions else None
        province, district = self.province, self.district
        if self.geography == "2025":
            # Regions group the 2022 provinces; several 2025 provinces straddle two of them.
            region, district = None, None
            province = province if province in vocabulary.provinces_2025 else None
        else:
            if district is not None:
                owner = vocabulary.district_province.get(district)
                if owner is None or (province is not None and province != owner):
                    district = None
                else:
                    province = owner
            if province not in vocabulary.province_region:
                province, district = None, None
            elif region is not None and vocabulary.province_region[province] != region:
                region = None
        # A period may reach outside the campaign window: a view that asks for those days
        # counts them (the default period is the window, see ``filters``).
        start, end = self.start, self.end
        if start is not None and end is not None and start > end:
            start, end = end, start
        return replace(
            self, region=region, province=province, district=district, start=start, end=end
        )

    def to_query(self, *, default_lang: str = DEFAULT_LANGUAGE) -> str:
        """The query string (with its leading "?", or "" for the default view)."""
        params: dict[str, str] = {}
        if self.lang != default_lang:
            params["lang"] = self.lang
        if self.present:
            params["present"] = "1"
        if self.print:
            params["print"] = "1"
        if self.geography != DEFAULT_GEOGRAPHY:
            params["geo"] = self.geography
        if self.product != DEFAULT_PRODUCT:
            params["product"] = self.product
        if self.metric != DEFAULT_METRIC:
            params["metric"] = self.metric
        if self.scheme != "quantiles":
            params["scheme"] = self.scheme
        for key, value in (
            ("region", self.region),
            ("province", self.province),
            ("district", self.district),
        ):
            if value:
                params[key] = value
        if self.start:
            params["from"] = self.start.isoformat()
        if self.end:
            params["to"] = self.end.isoformat()
        if self.channels:
            params["channels"] = ",".join(self.channels)
        if self.levels is not None:
            params["levels"] = ",".join(self.levels) or NO_LEVELS
        return f"?{urlencode(params, safe=',')}" if params else ""

    def filters(self, campaign: Campaign) -> Filters:
        """The rows this view counts: its product; its period, else the campaign window; its
        channels, area and geography. Every screen counts, and says it counts, this period."""
        start, end = campaign.period(self.start, self.end)
        return Filters(
            start=start,
            end=end,
            channels=self.channels,
            region=self.region,
            province=self.province,
            district=self.district,
            geography=self.geography,
            product=self.product,
        )

    def with_province(self, province: str | None) -> ViewState:
        return replace(self, province=province, district=None)

    def with_geography(self, geography: Geography) -> ViewState:
        """Switching geography keeps the filters that still mean something in the other one."""
        if geography == self.geography:
            return self
        return replace(self, geography=geography, region=None, province=None, district=None)


def parse_date(text: str | None) -> dt.date | None:
    """An ISO day (2022-06-01), or None for anything else."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
