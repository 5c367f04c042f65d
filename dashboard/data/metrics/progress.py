"""Progress and pace: an area's new enrollments against its target, and the running total
the pace chart draws.

The gauge and the pace chart agree for any period: the chart's running total counts from
the campaign start (or from the period's start, if earlier), and it is drawn from the day
before the period to its last counted day, so its rise over the period is the gauge's count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dashboard.data.metrics.geo import area_provinces, day_number, sum_of_parts, to_date
from dashboard.data.metrics.snapshot import (
    DashboardData,
    counted,
    enrollments_per_province,
    target_arrays,
)
from dashboard.domain import Filters


@dataclass(frozen=True)
class Progress:
    """New enrollments against a target; ``target`` None when the area has none."""

    value: int
    target: int | None

    @property
    def share(self) -> float | None:
        """value / target (1.0 = reached), None without a target."""
        return self.value / self.target if self.target else None


@dataclass(frozen=True)
class PaceSeries:
    """The running total per day the pace chart draws, and the target it runs toward.

    ``days[0]`` is the day before the period (its total is what came before), so
    ``cumulative[-1] - cumulative[0]`` is the period's count; the lists are empty when no
    day of the period has passed in the data.
    """

    days: list[dt.date]
    cumulative: list[int]
    target: int | None


def progress(data: DashboardData, filters: Filters) -> Progress:
    """New enrollments of the filters' product and area in their period and channels, against
    its target (``area_target``)."""
    counts = enrollments_per_province(data, filters)
    return Progress(int(counts[area_provinces(filters)].sum()), area_target(data, filters))


def area_target(data: DashboardData, filters: Filters) -> int | None:
    """The target of the filters' product and area: the product's national target (a
    setting; None when not set) for the whole country; otherwise the sum of its 2022
    provinces' targets of that product, None if one lacks a target (the 2025 rule: a region
    or a 2025 province is the sum of its parts)."""
    if _national(filters):
        return data.national_targets.get(filters.product)
    targets = target_arrays(data, filters.product)[0][area_provinces(filters)]
    total = float(sum_of_parts(targets, np.zeros(len(targets), dtype="int64"))[0])
    return None if np.isnan(total) else int(total)


def pace_series(data: DashboardData, filters: Filters, *, campaign_start: dt.date) -> PaceSeries:
    """The running total of the filters' area since ``campaign_start`` (or the period's start,
    if earlier), per day from the day before the period to the last day of the period with
    data (see ``PaceSeries``)."""
    provinces = area_provinces(filters)
    per_day = counted(data.daily_by_province[:, provinces], filters).sum(axis=1)
    n_days = len(per_day)
    data_last = data.first_day + n_days - 1
    start = day_number(filters.start) if filters.start is not None else data.first_day
    end = day_number(filters.end) if filters.end is not None else data_last
    last = min(end, data_last)
    target = area_target(data, filters)
    if last < start:
        return PaceSeries([], [], target)
    origin = min(day_number(campaign_start), start)
    days = np.arange(origin - 1, last + 1)
    index = days - data.first_day
    counts = np.zeros(len(days), dtype="int64")
    # Nothing counts before the origin: the running total starts there at 0.
    inside = (index >= 0) & (index < n_days) & (days >= origin)
    counts[inside] = per_day[index[inside]]
    shown = days >= start - 1
    return PaceSeries(
        days=[to_date(int(day)) for day in days[shown]],
        cumulative=np.cumsum(counts)[shown].tolist(),
        target=target,
    )


def _national(filters: Filters) -> bool:
    if filters.geography == "2025":
        return filters.province is None
    return filters.province is None and filters.region is None
