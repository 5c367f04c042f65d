"""The ranking table: the units the view's map draws (provinces of its geography and region,
or the districts of an open 2022 province), best first."""

from __future__ import annotations

from typing import Final

import pandas as pd

from dashboard.data.metrics.areas import view_units
from dashboard.data.metrics.snapshot import DashboardData
from dashboard.domain import METRICS, Filters, Metric

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


def ranking(data: DashboardData, filters: Filters, *, by: Metric = "target_share") -> pd.DataFrame:
    """The units the map draws for ``filters``, ranked by ``by`` (highest first; no data last,
    unranked), counting the filters' product, period and channels: the districts of the
    selected 2022 province (a selected district is ranked among them), else the provinces
    (2022, or 2025 with ``geography="2025"``) of the filters' region (a selected 2025 province
    among the rest).

    Returns:
        Columns ``RANKING_COLUMNS``: ``rank`` (Int64, 1 = best, ties share the best rank,
        missing where ``by`` has no data), the figures as in ``map_values`` (``target_share``
        and ``coverage`` in percent, or coverage per 1,000 inhabitants, see
        ``coverage_unit``), ordered by rank then code.
    """
    if by not in METRICS:
        raise ValueError(f"by must be one of {', '.join(METRICS)}, got {by!r}")
    table = view_units(data, filters)
    key = table[by]
    table["rank"] = key.rank(method="min", ascending=False).astype("Int64")
    ordered = table.sort_values(["rank", "code"], na_position="last", kind="stable")
    return ordered[list(RANKING_COLUMNS)].reset_index(drop=True)
