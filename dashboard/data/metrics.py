"""The numbers behind the maps, progress gauges, ranking table, routes and events screens.

``DashboardData.load`` reads everything the screens need from one connection, once per data
version, into dense numpy arrays: enrollments as a running total per (day, district,
channel), so any date range costs one subtraction; participants per month; targets, events
and route points as plain columns. Every function below is then a pure function of that
snapshot and the filters, answering in a millisecond or two without SQL.

Conventions: "no data" is NaN (or None), never 0. A metric is NaN for every unit when its
kind of data was never loaded, and for a unit its inputs do not cover (no target, no
participants, nobody living there). Definitions: docs/metrics.md.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache
from typing import Final, Literal, cast

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection, Engine

from dashboard.data import queries
from dashboard.data.db import data_version
from dashboard.domain import (
    CAMPAIGN_DEADLINE,
    CHANNELS,
    COVERAGE_PER_1000,
    EVENT_LEVELS,
    METRIC_SPECS,
    METRICS,
    NATIONAL_TARGET,
    Geography,
    Level,
    Metric,
)
from geodata import reference

COVERAGE_FALLBACK_UNIT: Final = COVERAGE_PER_1000.unit

# Route times are stored in UTC; days on the screens are Vietnam's (UTC+7, no summer time).
VIETNAM_UTC_OFFSET: Final = pd.Timedelta(hours=7)

_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True, eq=False)
class DashboardData:
    """Everything the screens read, for one data version; immutable, shared between threads.

    Build it with ``DashboardData.load(con)``; check ``version`` against
    ``dashboard.data.db.data_version(con)`` (one cheap query) to know when to rebuild, or let
    ``SnapshotCache`` do it.

    Attributes:
        version: the ``data_version`` the snapshot was read at.
        national_target: the national target of new participants (a setting).
        first_day: first day (days since 1970-01-01) of the enrollment arrays.
        running: running totals of enrollments, shape (days + 1, districts, channels):
            ``running[i]`` counts enrollments before day ``first_day + i``.
        daily_by_province: enrollments per (day, provinces, channels).
        unmatched_enrollments: enrollments whose district is not in the 2022 list (left out).
        targets: ``queries.target_rows``; participants: ``queries.participant_rows``;
        events: ``queries.event_rows``; routes: ``queries.route_point_rows`` plus ``day``
            (the Vietnam calendar day, datetime64[D]) and ``is_stop``.
    """

    version: str
    national_target: int
    first_day: int
    running: np.ndarray
    daily_by_province: np.ndarray
    unmatched_enrollments: int
    targets: pd.DataFrame
    participants: pd.DataFrame
    events: pd.DataFrame
    routes: pd.DataFrame
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, con: Connection, *, national_target: int = NATIONAL_TARGET) -> DashboardData:
        """Read every kind of data from ``con`` (undone imports left out)."""
        version = data_version(con)
        first_day, running, by_province, unmatched = _enrollment_arrays(
            queries.enrollment_cube(con)
        )
        routes = queries.route_point_rows(con)
        local = routes["recorded_at"].dt.tz_localize(None) + VIETNAM_UTC_OFFSET
        routes = routes.assign(
            day=local.to_numpy().astype("datetime64[D]"), is_stop=routes["stop_name"].notna()
        )
        return cls(
            version=version,
            national_target=national_target,
            first_day=first_day,
            running=running,
            daily_by_province=by_province,
            unmatched_enrollments=unmatched,
            targets=queries.target_rows(con),
            participants=queries.participant_rows(con),
            events=queries.event_rows(con),
            routes=routes,
        )

    @property
    def has_enrollments(self) -> bool:
        return bool(self.running[-1].any())

    @property
    def last_day(self) -> dt.date | None:
        """The last day with enrollments, None without any."""
        totals = self.daily_by_province.sum(axis=(1, 2))
        days = np.flatnonzero(totals)
        return _to_date(self.first_day + int(days[-1])) if len(days) else None

    def _cached(self, key: str, build: Callable[[], object]) -> object:
        # Derived per-snapshot tables (target and participant arrays); the snapshot is
        # immutable, so computing them once on first use is safe.
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]


class SnapshotCache:
    """Hands out the current ``DashboardData``, rebuilt only when the data version changes."""

    def __init__(self, engine: Engine, *, national_target: int = NATIONAL_TARGET) -> None:
        self._engine = engine
        self._national_target = national_target
        self._lock = threading.Lock()
        self._snapshot: DashboardData | None = None

    def get(self) -> DashboardData:
        """The snapshot of the data as it is now (one ``data_version`` query when unchanged)."""
        with self._engine.connect() as con:
            version = data_version(con)
            with self._lock:
                if self._snapshot is None or self._snapshot.version != version:
                    self._snapshot = DashboardData.load(con, national_target=self._national_target)
                return self._snapshot


# --- map values --------------------------------------------------------------------------


def map_values(
    data: DashboardData,
    *,
    metric: Metric,
    geography: Geography = "2022",
    level: Level = "province",
    province_code: str | None = None,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per unit of the map, with the metric's value and the figures behind it.

    Args:
        data: the snapshot.
        metric: one of ``METRICS`` (definitions in docs/metrics.md).
        geography: ``"2022"`` (63 provinces / 705 districts) or ``"2025"`` (34 provinces,
            the 2022 figures summed through the crosswalk; no districts).
        level: ``"province"`` or ``"district"`` (2022 only).
        province_code: only this province (level province) or its districts (level
            district); a 2025 code when ``geography="2025"``.
        region: only units of this GSO region code (a 2025 province belongs to the region
            of the 2022 province whose code it kept).
        start, end: days counted, inclusive, for enrollments and events; coverage uses the
            latest month of participants data not after ``end``.
        channels: enrollment channels counted (None: all). Events and coverage ignore it.

    Returns:
        Columns ``code``, ``name_vi``, ``region_code``, ``value`` (float64, NaN = no data)
        and the hover figures ``new_enrollments``, ``population``, ``target``,
        ``target_share``, ``per_10k``, ``participants``, ``labour_force``, ``coverage``,
        ``events``, ``attendees``, ``online_viewers``, ``attendance`` (float64, NaN = no
        data), ordered by code. ``attrs["metric"]`` and ``attrs["unit"]`` say what
        ``value`` is (``coverage_unit`` tells the unit of coverage in advance).

    Raises:
        ValueError: an unknown metric, geography, level or channel, or districts of 2025.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
    table = _unit_table(
        data,
        geography=geography,
        level=level,
        province_code=province_code,
        region=region,
        start=start,
        end=end,
        channels=channels,
    )
    table.insert(3, "value", table[metric].to_numpy(dtype="float64"))
    table.attrs["metric"] = metric
    table.attrs["unit"] = (
        coverage_unit(data, end=end) if metric == "coverage" else METRIC_SPECS[metric].unit
    )
    return table


def coverage_unit(data: DashboardData, *, end: dt.date | None = None) -> str:
    """``"percent_of_labour_force"`` when the month coverage uses has any labour force,
    else ``"per_1000_inhabitants"`` (participants per 1,000 inhabitants of 2019)."""
    coverage = METRIC_SPECS["coverage"].unit
    period = _period_index(data, end)
    if period is None:
        return coverage
    _, labour_force, *_ = _participant_arrays(data)
    return coverage if np.isfinite(labour_force[period]).any() else COVERAGE_FALLBACK_UNIT


def _unit_table(
    data: DashboardData,
    *,
    geography: Geography,
    level: Level,
    province_code: str | None,
    region: str | None,
    start: dt.date | None,
    end: dt.date | None,
    channels: Collection[str] | None,
) -> pd.DataFrame:
    """All the figures of every unit at ``level`` of ``geography``, filtered to the view."""
    units = _units(geography, level)
    figures = _level_figures(data, level=level, start=start, end=end, channels=channels)
    if geography == "2025":
        figures = _to_2025(figures)
    _add_ratios(figures, units.population, coverage_unit(data, end=end))
    keep = np.ones(len(units.codes), dtype=bool)
    if province_code is not None:
        keep &= units.province_codes == province_code
    if region is not None:
        if region not in set(reference.REGION_ORDER):
            raise ValueError(
                f"unknown region {region!r}: one of {', '.join(reference.REGION_ORDER)}"
            )
        keep &= units.region_codes == region
    columns: dict[str, np.ndarray] = {
        "code": units.codes[keep],
        "name_vi": units.names[keep],
        "region_code": units.region_codes[keep],
        "new_enrollments": figures["new_enrollments"][keep],
        "population": units.population[keep].astype("float64"),
    }
    for name in FIGURE_COLUMNS[2:]:
        columns[name] = figures[name][keep]
    return pd.DataFrame(columns)


FIGURE_COLUMNS: Final = (
    "new_enrollments",
    "population",
    "target",
    "target_share",
    "per_10k",
    "participants",
    "labour_force",
    "coverage",
    "events",
    "attendees",
    "online_viewers",
    "attendance",
)

# Figures summed from 2022 provinces to 2025 ones; NaN in any part makes the sum NaN
# (an incomplete total would look like a real one).
_ADDITIVE = (
    "new_enrollments",
    "target",
    "participants",
    "labour_force",
    "events",
    "attendees",
    "online_viewers",
)


def _level_figures(
    data: DashboardData,
    *,
    level: Level,
    start: dt.date | None,
    end: dt.date | None,
    channels: Collection[str] | None,
) -> dict[str, np.ndarray]:
    """The additive figures per 2022 province or district (float64, NaN = no data)."""
    geo = _geo()
    per_district = _enrollments_per_district(data, start, end, channels)
    if level == "province":
        enrolled = np.bincount(
            geo.district_province, weights=per_district, minlength=geo.n_provinces
        )
    elif level == "district":
        enrolled = per_district.astype("float64")
    else:
        raise ValueError(f"level must be 'province' or 'district', got {level!r}")
    if not data.has_enrollments:
        enrolled = np.full(len(enrolled), np.nan)
    province_targets, district_targets = _target_arrays(data)
    participants, labour_force = _participants_at(data, end, level)
    events, attendees, viewers = _event_figures(data, level, start, end)
    return {
        "new_enrollments": enrolled,
        "target": province_targets if level == "province" else district_targets,
        "participants": participants,
        "labour_force": labour_force,
        "events": events,
        "attendees": attendees,
        "online_viewers": viewers,
    }


def _add_ratios(figures: dict[str, np.ndarray], population: np.ndarray, unit: str) -> None:
    pop = population.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        figures["per_10k"] = np.where(pop > 0, figures["new_enrollments"] / pop * 10_000, np.nan)
        target = figures["target"]
        figures["target_share"] = np.where(
            target > 0, figures["new_enrollments"] / target * 100, np.nan
        )
        if unit == COVERAGE_FALLBACK_UNIT:
            figures["coverage"] = np.where(pop > 0, figures["participants"] / pop * 1_000, np.nan)
        else:
            lf = figures["labour_force"]
            figures["coverage"] = np.where(lf > 0, figures["participants"] / lf * 100, np.nan)
    figures["attendance"] = figures["attendees"] + np.nan_to_num(figures["online_viewers"])


def _to_2025(figures: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    geo = _geo()
    out = {}
    for name in _ADDITIVE:
        values = figures[name]
        total = np.bincount(
            geo.province_2025, weights=np.nan_to_num(values), minlength=geo.n_provinces_2025
        )
        missing = np.bincount(
            geo.province_2025, weights=np.isnan(values), minlength=geo.n_provinces_2025
        )
        out[name] = np.where(missing > 0, np.nan, total)
    return out


# --- progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """New enrollments against a target; ``target`` None when the area has none."""

    value: int
    target: int | None

    @property
    def share(self) -> float | None:
        """value / target (1.0 = reached), None without a target."""
        return self.value / self.target if self.target else None


def progress(
    data: DashboardData,
    *,
    province_code: str | None = None,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
) -> Progress:
    """New enrollments of the country, a 2022 province or a region, against its target.

    The national target is the setting (``data.national_target``); a province's comes from
    the targets data; a region's is the sum of its provinces' (None if one lacks a target).
    """
    provinces = _province_mask(province_code, region)
    counts = _enrollments_per_province(data, start, end, channels)
    value = int(counts[provinces].sum())
    if province_code is None and region is None:
        return Progress(value=value, target=data.national_target)
    targets = _target_arrays(data)[0][provinces]
    target = None if np.isnan(targets).any() else int(targets.sum())
    return Progress(value=value, target=target)


def province_progress(
    data: DashboardData,
    *,
    geography: Geography = "2022",
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
) -> pd.DataFrame:
    """Per province: ``code``, ``name_vi``, ``value`` (int64), ``target`` (float64, NaN =
    none) and ``share`` (value / target, float64, NaN without a target), ordered by code."""
    table = _unit_table(
        data,
        geography=geography,
        level="province",
        province_code=None,
        region=region,
        start=start,
        end=end,
        channels=channels,
    )
    return pd.DataFrame(
        {
            "code": table["code"],
            "name_vi": table["name_vi"],
            "value": np.nan_to_num(table["new_enrollments"].to_numpy()).astype("int64"),
            "target": table["target"],
            "share": table["target_share"] / 100,
        }
    )


@dataclass(frozen=True)
class ProgressSeries:
    """The cumulative line of new enrollments and the pace line to the target.

    Attributes:
        daily: columns ``date`` (datetime64[s]) from the first day to the deadline (or the
            last day shown, if later), ``n`` and ``cumulative`` (float64, NaN after the last
            day with data or after ``end``), ``pace`` (float64: the straight line from 0 on
            the first day to the target on the deadline; NaN everywhere without a target).
        target: the target of the area (as in ``progress``), None without one.
        deadline: the day the target is due.
        required_per_day: enrollments per day still needed from the day after the last
            counted one to reach the target by the deadline (0 when reached; None without a
            target or when the deadline has passed).
    """

    daily: pd.DataFrame
    target: int | None
    deadline: dt.date
    required_per_day: float | None


def cumulative_series(
    data: DashboardData,
    *,
    province_code: str | None = None,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
    deadline: dt.date = CAMPAIGN_DEADLINE,
) -> ProgressSeries:
    """Day-by-day running total of new enrollments of the country, a province or a region."""
    provinces = _province_mask(province_code, region)
    channel_mask = _channel_mask(channels)
    per_day = data.daily_by_province[:, provinces][:, :, channel_mask].sum(axis=(1, 2))
    n_days = len(per_day)
    first = _day(start) if start is not None else data.first_day
    data_last = data.first_day + n_days - 1
    last = min(_day(end), data_last) if end is not None else data_last
    span_end = max(_day(deadline), last)
    days = np.arange(first, span_end + 1)
    index = days - data.first_day
    inside = (index >= 0) & (index < n_days)
    counts = np.zeros(len(days))
    counts[inside] = per_day[index[inside]]
    cumulative = np.cumsum(counts)
    counted = days <= last
    target = progress(data, province_code=province_code, region=region).target
    total_days = _day(deadline) - first
    if target is None or total_days <= 0:
        pace = np.full(len(days), np.nan)
    else:
        pace = np.minimum((days - first) / total_days, 1.0) * target
    done = float(cumulative[counted][-1]) if counted.any() else 0.0
    remaining_days = _day(deadline) - last
    required = None
    if target is not None and remaining_days > 0:
        required = max(target - done, 0.0) / remaining_days
    daily = pd.DataFrame(
        {
            "date": (days.astype("datetime64[D]")).astype("datetime64[s]"),
            "n": np.where(counted, counts, np.nan),
            "cumulative": np.where(counted, cumulative, np.nan),
            "pace": pace,
        }
    )
    return ProgressSeries(daily=daily, target=target, deadline=deadline, required_per_day=required)


# --- ranking -----------------------------------------------------------------------------

RANKING_COLUMNS: Final = (
    "rank",
    "code",
    "name_vi",
    "region_code",
    "new_enrollments",
    "target",
    "target_share",
    "per_10k",
    "coverage",
    "events",
)


def ranking(
    data: DashboardData,
    *,
    geography: Geography = "2022",
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channels: Collection[str] | None = None,
    by: Metric = "target_share",
) -> pd.DataFrame:
    """The provinces ranked by ``by`` (highest first; no data last, unranked).

    Returns:
        Columns ``RANKING_COLUMNS``: ``rank`` (Int64, 1 = best, ties share the best rank,
        missing where ``by`` has no data), the figures as in ``map_values`` (``target_share``
        and ``coverage`` in percent, or coverage per 1,000 inhabitants, see
        ``coverage_unit``), ordered by rank then code.
    """
    if by not in METRICS:
        raise ValueError(f"by must be one of {', '.join(METRICS)}, got {by!r}")
    table = _unit_table(
        data,
        geography=geography,
        level="province",
        province_code=None,
        region=region,
        start=start,
        end=end,
        channels=channels,
    )
    key = table[by]
    table["rank"] = key.rank(method="min", ascending=False).astype("Int64")
    ordered = table.sort_values(["rank", "code"], na_position="last", kind="stable")
    return ordered[list(RANKING_COLUMNS)].reset_index(drop=True)


# --- routes ------------------------------------------------------------------------------

ROUTE_POINT_COLUMNS: Final = (
    "vehicle_id",
    "vehicle_type",
    "recorded_at",
    "day",
    "lat",
    "lon",
    "province_code",
    "district_code",
    "commune_code",
    "is_stop",
)
STOP_COLUMNS: Final = (
    "vehicle_id",
    "vehicle_type",
    "recorded_at",
    "day",
    "lat",
    "lon",
    "province_code",
    "district_code",
    "commune_code",
    "stop_name",
    "people_reached",
    "leaflets",
)


def route_points(
    data: DashboardData,
    *,
    day: dt.date | None = None,
    until: dt.date | None = None,
    province_code: str | None = None,
    vehicle_type: str | None = None,
) -> pd.DataFrame:
    """Track points for the route lines, ordered by vehicle and time.

    ``day`` keeps one Vietnam calendar day, ``until`` every day up to it (inclusive); both
    None keep all. Columns ``ROUTE_POINT_COLUMNS`` (``day`` is datetime64[s], ``is_stop``
    bool).
    """
    return _routes(data, day, until, province_code, vehicle_type)[list(ROUTE_POINT_COLUMNS)]


def route_stops(
    data: DashboardData,
    *,
    day: dt.date | None = None,
    until: dt.date | None = None,
    province_code: str | None = None,
    vehicle_type: str | None = None,
) -> pd.DataFrame:
    """The stops (points with a stop name), filtered as ``route_points``: ``STOP_COLUMNS``,
    ``people_reached`` and ``leaflets`` float64 (NaN where not recorded)."""
    points = _routes(data, day, until, province_code, vehicle_type)
    return points.loc[points["is_stop"], list(STOP_COLUMNS)].reset_index(drop=True)


def reached_units(
    data: DashboardData,
    *,
    level: Literal["commune", "district"] = "commune",
    until: dt.date | None = None,
    province_code: str | None = None,
) -> pd.DataFrame:
    """Communes or districts a vehicle stopped in up to ``until`` (inclusive).

    Returns:
        Columns ``code``, ``province_code``, ``first_reached_on`` (datetime64[s]),
        ``stops`` (int64) and ``people_reached`` (int64, NaN counted as 0), ordered by code.
        Units never reached are absent: shade the rest of the map as "not reached".
    """
    if level not in ("commune", "district"):
        raise ValueError(f"level must be 'commune' or 'district', got {level!r}")
    stops = route_stops(data, until=until, province_code=province_code)
    stops = stops[stops[f"{level}_code"].notna()]
    grouped = stops.groupby(f"{level}_code", sort=True)
    return pd.DataFrame(
        {
            "code": np.asarray(list(grouped.groups), dtype=object),
            "province_code": grouped["province_code"].first().to_numpy(dtype=object),
            "first_reached_on": grouped["day"].min().to_numpy(),
            "stops": grouped.size().to_numpy(dtype="int64"),
            "people_reached": grouped["people_reached"].sum().to_numpy().astype("int64"),
        }
    )


def _routes(
    data: DashboardData,
    day: dt.date | None,
    until: dt.date | None,
    province_code: str | None,
    vehicle_type: str | None,
) -> pd.DataFrame:
    points = data.routes
    keep = np.ones(len(points), dtype=bool)
    days = points["day"].to_numpy()
    if day is not None:
        keep &= days == np.datetime64(day, "D")
    if until is not None:
        keep &= days <= np.datetime64(until, "D")
    if province_code is not None:
        keep &= (points["province_code"] == province_code).to_numpy(dtype=bool, na_value=False)
    if vehicle_type is not None:
        keep &= (points["vehicle_type"] == vehicle_type).to_numpy(dtype=bool, na_value=False)
    out = points[keep].reset_index(drop=True)
    out["day"] = out["day"].to_numpy().astype("datetime64[s]")
    return out


# --- events ------------------------------------------------------------------------------

EVENT_LIST_COLUMNS: Final = (
    "held_on",
    "level",
    "kind",
    "province_code",
    "district_code",
    "commune_code",
    "place_vi",
    "attendees",
    "online_viewers",
    "leads",
)


def events_list(
    data: DashboardData,
    *,
    level: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    province_code: str | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """Events held, newest first: ``EVENT_LIST_COLUMNS``.

    ``place_vi`` names the event's own unit (commune, district or province; "Trung ương"
    for central events). A province or region filter leaves central events out.
    """
    if level is not None and level not in EVENT_LEVELS:
        raise ValueError(f"level must be one of {', '.join(EVENT_LEVELS)}, got {level!r}")
    events = data.events
    keep = _event_mask(events, start, end)
    if level is not None:
        keep &= (events["level"] == level).to_numpy(dtype=bool)
    if province_code is not None or region is not None:
        provinces = _geo().province_codes[_province_mask(province_code, region)]
        keep &= events["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    chosen = events[keep]
    out = chosen.assign(place_vi=_place_names(chosen))
    return out.iloc[::-1][list(EVENT_LIST_COLUMNS)].reset_index(drop=True)


def event_summary(
    data: DashboardData, *, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """Per level (central, province, district, commune, in that order): ``level``,
    ``events``, ``attendees``, ``online_viewers``, ``leads`` (int64, missing counted as 0)."""
    events = data.events[_event_mask(data.events, start, end)]
    grouped = events.groupby("level")[["attendees", "online_viewers", "leads"]].sum()
    sizes = events.groupby("level").size()
    out = pd.DataFrame({"level": list(EVENT_LEVELS)})
    out["events"] = out["level"].map(sizes).fillna(0).astype("int64")
    for name in ("attendees", "online_viewers", "leads"):
        out[name] = out["level"].map(grouped[name]).fillna(0).astype("int64")
    return out


def _event_mask(events: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> np.ndarray:
    days = events["held_on"].to_numpy().astype("datetime64[D]")
    keep = np.ones(len(events), dtype=bool)
    if start is not None:
        keep &= days >= np.datetime64(start, "D")
    if end is not None:
        keep &= days <= np.datetime64(end, "D")
    return keep


def _event_figures(
    data: DashboardData, level: Level, start: dt.date | None, end: dt.date | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events, attendees and online viewers per province or district, NaN without events."""
    geo = _geo()
    index_of, size = (
        (geo.province_index, geo.n_provinces)
        if level == "province"
        else (geo.district_index, geo.n_districts)
    )
    if data.events.empty:
        empty = np.full(size, np.nan)
        return empty, empty.copy(), empty.copy()
    events = data.events[_event_mask(data.events, start, end)]
    codes = events[f"{level}_code"]
    where = codes.map(index_of).to_numpy(dtype="float64", na_value=np.nan)
    placed = ~np.isnan(where)
    where = where[placed].astype("int64")
    count = np.bincount(where, minlength=size).astype("float64")
    attendees = np.bincount(
        where, weights=events["attendees"].to_numpy(dtype="float64")[placed], minlength=size
    )
    viewers = np.bincount(
        where,
        weights=np.nan_to_num(events["online_viewers"].to_numpy(dtype="float64")[placed]),
        minlength=size,
    )
    return count, attendees, viewers


def _place_names(events: pd.DataFrame) -> list[str]:
    provinces = _geo().province_name_of
    districts = _geo().district_name_of
    communes = _commune_names()
    names = []
    for level, province, district, commune in zip(
        events["level"],
        events["province_code"],
        events["district_code"],
        events["commune_code"],
        strict=True,
    ):
        if level == "commune":
            names.append(communes.get(commune, str(commune)))
        elif level == "district":
            names.append(districts.get(district, str(district)))
        elif level == "province":
            names.append(provinces.get(province, str(province)))
        else:
            names.append("Trung ương")
    return names


# --- snapshot internals ------------------------------------------------------------------


def _enrollment_arrays(cube: pd.DataFrame) -> tuple[int, np.ndarray, np.ndarray, int]:
    """First day, running totals (days + 1, districts, channels), per province per day, and
    the number of enrollments whose district is unknown."""
    geo = _geo()
    n_channels = len(CHANNELS)
    if cube.empty:
        first = 0
        return (
            first,
            np.zeros((1, geo.n_districts, n_channels), dtype="int64"),
            np.zeros((0, geo.n_provinces, n_channels), dtype="int64"),
            0,
        )
    days = (np.asarray(cube["registered_on"].to_numpy(), dtype="datetime64[D]") - _EPOCH).astype(
        "int64"
    )
    first = int(days.min())
    n_days = int(days.max()) - first + 1
    district = _positions(cube["district_code"], geo.district_codes)
    channel = _positions(cube["channel"], np.asarray(CHANNELS, dtype=object))
    n = cube["n"].to_numpy(dtype="int64")
    known = (district >= 0) & (channel >= 0)
    unmatched = int(n[~known].sum())
    n_districts = geo.n_districts
    flat = ((days[known] - first) * n_districts + district[known]) * n_channels + channel[known]
    daily = np.bincount(flat, weights=n[known], minlength=n_days * n_districts * n_channels)
    daily = daily.astype("int64").reshape(n_days, n_districts, n_channels)
    running = np.zeros((n_days + 1, n_districts, n_channels), dtype="int64")
    np.cumsum(daily, axis=0, out=running[1:])
    # Districts sorted by province make each province one slice to sum.
    order = np.argsort(geo.district_province, kind="stable")
    starts = np.flatnonzero(np.diff(geo.district_province[order], prepend=-1))
    by_province = np.add.reduceat(daily[:, order], starts, axis=1)
    return first, running, by_province, unmatched


def _positions(column: pd.Series, labels: np.ndarray) -> np.ndarray:
    """Index of each value of ``column`` in ``labels`` (-1 when absent), via its categories."""
    categorical = pd.Categorical(column)
    lookup = pd.Index(labels).get_indexer(categorical.categories)
    return np.append(lookup, -1)[categorical.codes]


def _enrollments_per_district(
    data: DashboardData,
    start: dt.date | None,
    end: dt.date | None,
    channels: Collection[str] | None,
) -> np.ndarray:
    n_days = data.running.shape[0] - 1
    low = 0 if start is None else int(np.clip(_day(start) - data.first_day, 0, n_days))
    high = n_days if end is None else int(np.clip(_day(end) - data.first_day + 1, 0, n_days))
    if high <= low:
        return np.zeros(_geo().n_districts, dtype="int64")
    window = data.running[high] - data.running[low]
    return cast(np.ndarray, window[:, _channel_mask(channels)].sum(axis=1))


def _enrollments_per_province(
    data: DashboardData,
    start: dt.date | None,
    end: dt.date | None,
    channels: Collection[str] | None,
) -> np.ndarray:
    per_district = _enrollments_per_district(data, start, end, channels)
    geo = _geo()
    return np.bincount(geo.district_province, weights=per_district, minlength=geo.n_provinces)


def _channel_mask(channels: Collection[str] | None) -> np.ndarray:
    if channels is None:
        return np.ones(len(CHANNELS), dtype=bool)
    if isinstance(channels, str):
        raise TypeError(f"channels must be a collection, not the string {channels!r}")
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown channel(s) {sorted(unknown)}: one of {', '.join(CHANNELS)}")
    return np.isin(np.asarray(CHANNELS, dtype=object), list(channels))


def _province_mask(province_code: str | None, region: str | None) -> np.ndarray:
    geo = _geo()
    keep = np.ones(geo.n_provinces, dtype=bool)
    if province_code is not None:
        if province_code not in geo.province_index:
            raise ValueError(f"unknown 2022 province code {province_code!r}")
        keep &= geo.province_codes == province_code
    if region is not None:
        if region not in set(reference.REGION_ORDER):
            raise ValueError(
                f"unknown region {region!r}: one of {', '.join(reference.REGION_ORDER)}"
            )
        keep &= geo.province_regions == region
    return keep


def _target_arrays(data: DashboardData) -> tuple[np.ndarray, np.ndarray]:
    """Targets per province and per district (2022), NaN where none is set."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        geo = _geo()
        rows = data.targets
        provinces = np.full(geo.n_provinces, np.nan)
        totals = queries.province_totals(rows, ["target"])
        where = totals["province_code"].map(geo.province_index)
        ok = where.notna().to_numpy()
        provinces[where[ok].astype("int64").to_numpy()] = totals["target"].to_numpy()[ok]
        districts = np.full(geo.n_districts, np.nan)
        district_rows = rows[rows["district_code"].notna()]
        sums = district_rows.groupby("district_code")["target"].sum()
        at = np.asarray([geo.district_index.get(str(c), -1) for c in sums.index], dtype="int64")
        districts[at[at >= 0]] = sums.to_numpy(dtype="float64")[at >= 0]
        return provinces, districts

    return cast(tuple[np.ndarray, np.ndarray], data._cached("targets", build))


def _participant_arrays(
    data: DashboardData,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per period: participants and labour force of provinces (periods x provinces), the same
    of districts (periods x districts), and the sorted periods (str)."""

    def build() -> tuple[np.ndarray, ...]:
        geo = _geo()
        rows = data.participants
        periods = np.asarray(sorted(rows["period"].unique()), dtype=object)
        period_index = {p: i for i, p in enumerate(periods)}
        shapes = ((len(periods), geo.n_provinces), (len(periods), geo.n_districts))
        prov_vp, prov_lf = np.full(shapes[0], np.nan), np.full(shapes[0], np.nan)
        dist_vp, dist_lf = np.full(shapes[1], np.nan), np.full(shapes[1], np.nan)
        value_columns = ["voluntary_participants", "labour_force"]
        totals = queries.province_totals(rows, value_columns)
        for frame, code_column, index, vp, lf in (
            (totals, "province_code", geo.province_index, prov_vp, prov_lf),
            (
                rows[rows["district_code"].notna()],
                "district_code",
                geo.district_index,
                dist_vp,
                dist_lf,
            ),
        ):
            where = frame[code_column].map(index)
            ok = where.notna().to_numpy()
            p = frame["period"].map(period_index).to_numpy()[ok].astype("int64")
            u = where.to_numpy()[ok].astype("int64")
            vp[p, u] = frame["voluntary_participants"].to_numpy(dtype="float64")[ok]
            lf[p, u] = frame["labour_force"].to_numpy(dtype="float64")[ok]
        return prov_vp, prov_lf, dist_vp, dist_lf, periods

    return cast(
        tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        data._cached("participants", build),
    )


def _period_index(data: DashboardData, end: dt.date | None) -> int | None:
    """Row of the latest month of participants data not after ``end``; None if none."""
    periods = _participant_arrays(data)[4]
    if len(periods) == 0:
        return None
    if end is None:
        return len(periods) - 1
    position = int(np.searchsorted(periods, f"{end:%Y-%m}", side="right")) - 1
    return position if position >= 0 else None


def _participants_at(
    data: DashboardData, end: dt.date | None, level: Level
) -> tuple[np.ndarray, np.ndarray]:
    geo = _geo()
    size = geo.n_provinces if level == "province" else geo.n_districts
    period = _period_index(data, end)
    if period is None:
        return np.full(size, np.nan), np.full(size, np.nan)
    prov_vp, prov_lf, dist_vp, dist_lf, _ = _participant_arrays(data)
    if level == "province":
        return prov_vp[period], prov_lf[period]
    return dist_vp[period], dist_lf[period]


@dataclass(frozen=True)
class _Units:
    codes: np.ndarray
    names: np.ndarray
    region_codes: np.ndarray
    province_codes: np.ndarray
    population: np.ndarray


@dataclass(frozen=True)
class _Geo:
    province_codes: np.ndarray
    province_regions: np.ndarray
    province_index: dict[str, int]
    province_name_of: dict[str, str]
    district_codes: np.ndarray
    district_index: dict[str, int]
    district_name_of: dict[str, str]
    district_province: np.ndarray
    province_2025: np.ndarray
    units: dict[tuple[str, str], _Units]

    @property
    def n_provinces(self) -> int:
        return len(self.province_codes)

    @property
    def n_districts(self) -> int:
        return len(self.district_codes)

    @property
    def n_provinces_2025(self) -> int:
        return len(self.units[("2025", "province")].codes)


@cache
def _geo() -> _Geo:
    """The reference lists as arrays, read once per process."""
    provinces = reference.provinces()
    districts = reference.districts()
    p25 = reference.provinces_2025()
    province_codes = provinces["province_code"].to_numpy(dtype=object)
    province_index = {code: i for i, code in enumerate(province_codes)}
    district_codes = districts["district_code"].to_numpy(dtype=object)
    region_of = dict(zip(province_codes, provinces["region_code"], strict=True))
    index_2025 = {code: i for i, code in enumerate(p25["province_code_2025"])}
    province_2025 = provinces["province_code_2025"].map(index_2025).to_numpy(dtype="int64")
    province_pop = provinces["pop_2019"].to_numpy(dtype="int64")
    codes_2025 = p25["province_code_2025"].to_numpy(dtype=object)
    units = {
        ("2022", "province"): _Units(
            codes=province_codes,
            names=provinces["display_name_vi"].to_numpy(dtype=object),
            region_codes=provinces["region_code"].to_numpy(dtype=object),
            province_codes=province_codes,
            population=province_pop,
        ),
        ("2022", "district"): _Units(
            codes=district_codes,
            names=districts["full_name_vi"].to_numpy(dtype=object),
            region_codes=districts["province_code"].map(region_of).to_numpy(dtype=object),
            province_codes=districts["province_code"].to_numpy(dtype=object),
            population=districts["pop_2019"].to_numpy(dtype="int64"),
        ),
        ("2025", "province"): _Units(
            codes=codes_2025,
            names=p25["name_vi"].to_numpy(dtype=object),
            # The region of the 2022 province whose code the new one kept (its seat).
            region_codes=np.asarray([region_of[c] for c in codes_2025], dtype=object),
            province_codes=codes_2025,
            population=np.bincount(province_2025, weights=province_pop, minlength=len(p25)).astype(
                "int64"
            ),
        ),
    }
    return _Geo(
        province_codes=province_codes,
        province_regions=provinces["region_code"].to_numpy(dtype=object),
        province_index=province_index,
        province_name_of=dict(zip(province_codes, provinces["display_name_vi"], strict=True)),
        district_codes=district_codes,
        district_index={code: i for i, code in enumerate(district_codes)},
        district_name_of=dict(zip(district_codes, districts["full_name_vi"], strict=True)),
        district_province=districts["province_code"].map(province_index).to_numpy(dtype="int64"),
        province_2025=province_2025,
        units=units,
    )


def _units(geography: Geography, level: Level) -> _Units:
    if geography not in ("2022", "2025"):
        raise ValueError(f"geography must be '2022' or '2025', got {geography!r}")
    if level not in ("province", "district"):
        raise ValueError(f"level must be 'province' or 'district', got {level!r}")
    if geography == "2025" and level == "district":
        raise ValueError("the 2025 geography has no districts (they were abolished in 2025)")
    return _geo().units[(geography, level)]


@cache
def _commune_names() -> dict[str, str]:
    communes = reference.communes()
    return dict(zip(communes["commune_code"], communes["full_name_vi"], strict=True))


def _day(day: dt.date) -> int:
    return int((np.datetime64(day, "D") - _EPOCH).astype("int64"))


def _to_date(day: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=day)
