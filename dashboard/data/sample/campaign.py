"""The campaign the sample imitates: its published figures, calendar and provincial spread.

Published figures (each named below with its source) fix the sample's national totals; what
no source gives (the hour-by-hour shape, the channels other than Vietnam Post, the tail after
May, the spread inside a province) is modelled and said to be. docs/sample.md lists which is
which. Every generator takes a ``scale``: 1.0 is the published scale, a test may use less.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
from sqlalchemy import Table

from dashboard.domain import CAMPAIGN_DEADLINE, CAMPAIGN_START, PRODUCTS
from geodata import reference

DEFAULT_SEED = 2022
CAMPAIGN_LAUNCH = CAMPAIGN_START
CAMPAIGN_END = CAMPAIGN_DEADLINE
VSI, HHI = PRODUCTS  # voluntary social insurance, household health insurance

# --- published figures ---------------------------------------------------------------------
# VSS news of 10/06/2022, "More than 105,000 people to participate voluntary social insurance
# and household health insurance in May": new participants on the launch day (8 May 2022),
# the part the Vietnam Post system brought, and the whole of May (1-31 May, "during and
# after" the launch).
LAUNCH_DAY_NEW = {VSI: 22_306, HHI: 53_308}
LAUNCH_DAY_VIETNAM_POST = {VSI: 13_299, HHI: 25_790}
MAY_NEW = {VSI: 32_870, HHI: 72_460}
# The same news: more than 600 parades with more than 9,000 cars and motorbikes, and about
# 6,600 groups talking directly to about 168,000 people, on 8 May.
LAUNCH_PARADES = 600
LAUNCH_PARADE_VEHICLES = 9_000
LAUNCH_COUNSELLING_GROUPS = 6_600
LAUNCH_PEOPLE_COUNSELLED = 168_000
# VSS statistics of 31/07/2020 ("Over 89,000 people nationwide..."): new voluntary
# participants of the 2020 campaign in the provinces it names. No other province is quoted.
RESULTS_2020 = {"38": 2_238, "82": 1_623, "79": 1_221, "74": 1_152, "80": 1_021}

# --- modelled shapes ---------------------------------------------------------------------
# Relative weight of each hour (Vietnam time) among the launch day's registrations: the online
# kickoff at 8:00, parades and counselling groups through the morning, post offices open until
# the evening. A modelled shape, not a published figure.
LAUNCH_HOURLY_PROFILE: dict[int, float] = {
    6: 1, 7: 4, 8: 12, 9: 14, 10: 13, 11: 10, 12: 5, 13: 6,
    14: 8, 15: 8, 16: 7, 17: 5, 18: 3, 19: 2, 20: 1, 21: 1,
}  # fmt: skip

# Invented campaign days after the launch; real ones arrive with events files.
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

# How much a province's pace departs from its expected share (sigma of a log-normal factor),
# for the provinces no 2020 figure is quoted for: the quoted ones keep their place.
PROVINCE_SPREAD = 0.25


def scaled(figure: int, scale: float) -> int:
    """A published figure at ``scale`` (1.0 is the figure itself)."""
    return round(figure * scale)


@cache
def province_weights(seed: int = DEFAULT_SEED) -> pd.Series:
    """Each province's expected share of the campaign's new participants (sums to 1).

    Half population (2019 census), half 2020 campaign result. Only five provinces' 2020
    results are quoted (``RESULTS_2020``); every other province is taken to have done at
    the lowest quoted rate per inhabitant (TP.HCM's), and never better than the lowest quoted
    result (Long An's), since the quoted five led. Unquoted provinces then get a seeded
    log-normal spread, so they do not all move in step. Indexed by province code, in the
    reference table's order.
    """
    provinces = reference.provinces().set_index("province_code")
    pop = provinces["pop_2019"].astype("float64")
    quoted = pd.Series(RESULTS_2020, dtype="float64")
    rate = (quoted / pop.loc[quoted.index]).min()
    result = (pop * rate).clip(upper=quoted.min())
    result.loc[quoted.index] = quoted
    weight = 0.5 * pop / pop.sum() + 0.5 * result / result.sum()
    spread = np.random.default_rng([seed, 5]).lognormal(0.0, PROVINCE_SPREAD, len(weight))
    weight = weight * np.where(weight.index.isin(quoted.index), 1.0, spread)
    return weight / weight.sum()


def parades(*, scale: float = 1.0, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The launch day's parades: where each set off and how many vehicles rode in it.

    ``LAUNCH_PARADES`` at ``scale`` 1.0, apportioned to provinces by ``province_weights``
    (every province one at least, when there are enough), each in a district of its
    province drawn by population (distinct districts unless the province has more parades
    than districts); the ``LAUNCH_PARADE_VEHICLES`` shared between them, about 5 to 30 each.
    The events and the routes of the sample both read this list, so they tell of the same
    parades.

    Columns: parade (1, 2, ... in province order), province_code, district_code, vehicles.
    """
    rng = np.random.default_rng([seed, 6])
    weights = province_weights(seed)
    total = scaled(LAUNCH_PARADES, scale)
    floor = 1 if total >= len(weights) else 0
    counts = floor + apportion(total - floor * len(weights), weights.to_numpy())
    districts = reference.districts()
    districts = districts[districts["pop_2019"] > 0]
    by_province = {
        code: (group["district_code"].to_numpy(), group["pop_2019"].to_numpy(dtype="float64"))
        for code, group in districts.groupby("province_code", sort=True)
    }
    picked = []
    for code, count in zip(weights.index, counts, strict=True):
        codes, pop = by_province[code]
        index = rng.choice(len(codes), size=count, replace=count > len(codes), p=pop / pop.sum())
        picked.append(pd.DataFrame({"province_code": code, "district_code": codes[index]}))
    frame = pd.concat(picked, ignore_index=True)
    size = rng.uniform(5, 30, len(frame))
    frame["vehicles"] = np.maximum(
        apportion(scaled(LAUNCH_PARADE_VEHICLES, scale), size), 1 if len(frame) else 0
    )
    frame.insert(0, "parade", np.arange(1, len(frame) + 1))
    return frame


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
