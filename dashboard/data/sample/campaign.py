"""The campaign the sample imitates: its calendar, the launch day's hours, shared helpers."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import Table

from dashboard.domain import CAMPAIGN_DEADLINE, CAMPAIGN_START

DEFAULT_SEED = 2022
CAMPAIGN_LAUNCH = CAMPAIGN_START
# Relative weight of each hour (Vietnam time) among the launch day's registrations: the online
# kickoff at 8:00, parades and counselling groups through the morning, post offices open until
# the evening. A modelled shape, not a published figure.
LAUNCH_HOURLY_PROFILE: dict[int, float] = {
    6: 1, 7: 4, 8: 12, 9: 14, 10: 13, 11: 10, 12: 5, 13: 6,
    14: 8, 15: 8, 16: 7, 17: 5, 18: 3, 19: 2, 20: 1, 21: 1,
}  # fmt: skip
CAMPAIGN_END = CAMPAIGN_DEADLINE

# Invented campaign days of the sample (the launch first); real ones arrive with events files.
CAMPAIGN_DAYS = (
    CAMPAIGN_LAUNCH,
    dt.date(2022, 6, 25),
    dt.date(2022, 7, 30),
    dt.date(2022, 8, 27),
    dt.date(2022, 9, 24),
    dt.date(2022, 10, 29),
    dt.date(2022, 11, 26),
    dt.date(2022, 12, 17),
)


def table_columns(table: Table) -> tuple[str, ...]:
    """The columns a generator fills: the table's own, less the keys the database assigns."""
    return tuple(c.name for c in table.columns if c.name not in ("id", "import_id"))


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` split in proportion to ``weights`` into integers that sum to it exactly."""
    weights = np.asarray(weights, dtype="float64")
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    quota = total * weights / weights.sum()
    whole = np.floor(quota).astype("int64")
    left = total - int(whole.sum())
    # Stable sort on the negated remainder keeps code order among equal remainders.
    order = np.argsort(-(quota - whole), kind="stable")
    whole[order[:left]] += 1
    return whole


def legacy_state(rng: np.random.Generator) -> np.random.RandomState:
    """A legacy generator for pandas' ``sample``, seeded from ``rng`` so the draw stays seeded."""
    return np.random.RandomState(int(rng.integers(2**31)))
