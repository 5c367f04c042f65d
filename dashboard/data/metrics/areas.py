"""Map values: every figure of every unit a view draws (provinces of 2022 or 2025, or the
districts of one 2022 province), and the metric the map colours them by.

Conventions: "no data" is NaN, never 0. A metric is NaN for every unit when its kind of
data was never loaded, and for a unit its inputs do not cover (no target, no participants,
nobody living there). Definitions: docs/metrics.md.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Final, cast

import numpy as np
import pandas as pd

from dashboard.data.metrics.events import event_figures
from dashboard.data.metrics.geo import check_region, geo, sum_of_parts, units
from dashboard.data.metrics.snapshot import (
    DashboardData,
    enrollments_per_district,
    participant_arrays,
    participants_at,
    period_index,
    target_arrays,
)
from dashboard.domain import COVERAGE_PER_1000, METRIC_SPECS, METRICS, Filters, Level, Metric

COVERAGE_FALLBACK_UNIT: Final = COVERAGE_PER_1000.unit

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

# Figures counted per unit and summed from 2022 provinces to 2025 ones (``sum_of_parts``).
_ADDITIVE = (
    "new_enrollments",
    "target",
    "participants",
    "labour_force",
    "events",
    "attendees",
    "online_viewers",
)


def map_values(data: DashboardData, *, metric: Metric, filters: Filters) -> pd.DataFrame:
    """One row per unit the view draws, with the metric's value and the figures behind it.

    The units are the 2025 provinces (``geography="2025"``, the 2022 figures summed through
    the crosswalk), the districts of the selected 2022 province, or the 2022 provinces (the
    selected region's only, when one is chosen). Enrollments and targets are the filters'
    product's; enrollments count the filters' period and channels; events their period;
    coverage the latest month of participants data not after the period's end.

    Returns:
        Columns ``code``, ``name_vi``, ``region_code``, ``value`` (float64, NaN = no data)
        and the hover figures ``FIGURE_COLUMNS`` (float64, NaN = no data), ordered by code.
        ``attrs["metric"]`` and ``attrs["unit"]`` say what ``value`` is (``coverage_unit``
        tells the unit of coverage in advance).

    Raises:
        ValueError: an unknown metric, code or channel.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
    table = view_units(data, filters)
    table.insert(3, "value", table[metric].to_numpy(dtype="float64"))
    table.attrs["metric"] = metric
    table.attrs["unit"] = (
        coverage_unit(data, end=filters.end) if metric == "coverage" else METRIC_SPECS[metric].unit
    )
    return table


def coverage_unit(data: DashboardData, *, end: dt.date | None = None) -> str:
    """``"percent_of_labour_force"`` when the month coverage uses has any labour force,
    else ``"per_1000_inhabitants"`` (participants per 1,000 inhabitants of 2019)."""
    coverage = METRIC_SPECS["coverage"].unit
    period = period_index(data, end)
    if period is None:
        return coverage
    _, labour_force, *_ = participant_arrays(data)
    return coverage if np.isfinite(labour_force[period]).any() else COVERAGE_FALLBACK_UNIT


# One view's map, its tooltip and its ranking ask for the same table within a moment of each
# other; a few recent views per snapshot are kept (a snapshot never changes).
VIEW_MEMO_SIZE: Final = 16


class _ViewMemo:
    """The unit tables of a snapshot's most recent views, shared by the threads of a worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: OrderedDict[Filters, pd.DataFrame] = OrderedDict()

    def table(self, filters: Filters, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        with self._lock:
            table = self._tables.get(filters)
            if table is not None:
                self._tables.move_to_end(filters)
        if table is None:
            table = build()
            with self._lock:
                self._tables[filters] = table
                while len(self._tables) > VIEW_MEMO_SIZE:
                    self._tables.popitem(last=False)
        # Callers add columns (the value, the rank): each gets its own copy.
        return table.copy()


def view_units(data: DashboardData, filters: Filters) -> pd.DataFrame:
    """``unit_table`` of the units a view draws: the districts of the selected 2022 province,
    else the provinces of the filters' geography (and region)."""
    memo = cast(_ViewMemo, data._cached("view_units", _ViewMemo))
    return memo.table(filters, lambda: _view_units(data, filters))


def _view_units(data: DashboardData, filters: Filters) -> pd.DataFrame:
    if filters.geography == "2022" and filters.province is not None:
        return unit_table(data, filters, level="district", province=filters.province)
    return unit_table(data, filters, level="province")


def unit_table(
    data: DashboardData, filters: Filters, *, level: Level, province: str | None = None
) -> pd.DataFrame:
    """All the figures of every unit at ``level`` of the filters' geography, in the filters'
    region (2022) and, if given, of ``province`` (its districts at district level)."""
    chosen = units(filters.geography, level)
    figures = _level_figures(data, filters, level=level)
    if filters.geography == "2025":
        figures = {name: sum_of_parts(figures[name]) for name in _ADDITIVE}
    _add_ratios(figures, chosen.population, coverage_unit(data, end=filters.end))
    keep = np.ones(len(chosen.codes), dtype=bool)
    if province is not None:
        keep &= chosen.province_codes == province
    if filters.region is not None and filters.geography == "2022":
        check_region(filters.region)
        keep &= chosen.region_codes == filters.region
    columns: dict[str, np.ndarray] = {
        "code": chosen.codes[keep],
        "name_vi": chosen.names[keep],
        "region_code": chosen.region_codes[keep],
        "new_enrollments": figures["new_enrollments"][keep],
        "population": chosen.population[keep].astype("float64"),
    }
    for name in FIGURE_COLUMNS[2:]:
        columns[name] = figures[name][keep]
    return pd.DataFrame(columns)


def _level_figures(data: DashboardData, filters: Filters, *, level: Level) -> dict[str, np.ndarray]:
    """The additive figures per 2022 province or district (float64, NaN = no data)."""
    g = geo()
    per_district = enrollments_per_district(data, filters)
    if level == "province":
        enrolled = np.bincount(g.district_province, weights=per_district, minlength=g.n_provinces)
    else:
        enrolled = per_district.astype("float64")
    if not data.has_enrollments:
        enrolled = np.full(len(enrolled), np.nan)
    province_targets, district_targets = target_arrays(data, filters.product)
    participants, labour_force = participants_at(data, filters.end, level)
    events, attendees, viewers = event_figures(data, filters, level)
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
