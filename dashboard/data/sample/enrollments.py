"""Sample enrollments: the launch-day spike and the months after it, for both products.

The national counts are fixed, not drawn: on 8 May 2022 the published launch-day figures,
Vietnam Post's among them; over 9-31 May the rest of the published May totals, falling away
from the launch day's rush; from June to the deadline a modelled tail. Within those counts
everything else is drawn from seeded generators: the place (by ``province_weights``, and
within a province by population with a district spread), the hour, the other channels and
the person (sex, birth year, income, payment cycle, state support).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import (
    CAMPAIGN_DAYS,
    CAMPAIGN_END,
    CAMPAIGN_LAUNCH,
    DEFAULT_SEED,
    HHI,
    LAUNCH_DAY_NEW,
    LAUNCH_DAY_VIETNAM_POST,
    LAUNCH_HOURLY_PROFILE,
    MAY_NEW,
    VSI,
    apportion,
    province_weights,
    scaled,
    table_columns,
)
from dashboard.data.schema import enrollments
from dashboard.domain import CHANNELS, PRODUCTS
from geodata import reference

ENROLLMENT_COLUMNS = table_columns(enrollments)
MAY_END = dt.date(2022, 5, 31)

# The launch day's registrations outside Vietnam Post, by channel (modelled): the parades and
# counselling groups signed people up on the spot, collectors and VSS counters the rest.
LAUNCH_OTHER_CHANNELS = {"event": 0.45, "collector": 0.25, "vss_office": 0.18, "online": 0.12}
# Every later day's channels (modelled), and on a campaign day and the two after it, when
# events sign people up again.
EVERYDAY_CHANNELS = {
    "post_office": 0.45,
    "vss_office": 0.25,
    "collector": 0.17,
    "online": 0.10,
    "event": 0.03,
}
CAMPAIGN_DAY_CHANNELS = {**EVERYDAY_CHANNELS, "event": 0.30}
# After the launch (modelled): the daily count falls away from the launch-day rush with this
# time constant, onto a steady pace; from June to the deadline the tail adds this many times
# what 9-31 May added. Weekends are slower, campaign days a little busier.
AFTER_LAUNCH_DECAY_DAYS = 4.0
TAIL_PER_MAY_AFTER_LAUNCH = 1.0
WEEKEND_FACTOR = {5: 0.6, 6: 0.3}  # Saturday, Sunday (Monday = 0)
CAMPAIGN_DAY_BOOST = (1.5, 0.5, 0.2)  # on the day, the day after, the second day after

# 2022 rural poverty line, the lowest income a contribution may be based on.
INCOME_FLOOR_VND = 1_500_000
INCOME_CEILING_VND = 10_000_000
INCOME_STEP_VND = 50_000

SEX_SHARES = {"female": 0.54, "male": 0.46}
PAYMENT_CYCLE_SHARES = {
    VSI: {
        "monthly": 0.42,
        "quarterly": 0.16,
        "semiannual": 0.12,
        "annual": 0.22,
        "multi_year": 0.05,
        "lump_sum": 0.03,
    },
    # Household health insurance is paid for 3, 6 or 12 months.
    HHI: {"quarterly": 0.15, "semiannual": 0.25, "annual": 0.60},
}
# State support of voluntary social insurance contributions; household health insurance
# rows carry none (its support is by household, not recorded here).
SUPPORT_GROUP_SHARES = {"poor": 0.08, "near_poor": 0.07, "other": 0.85}

# How unevenly the districts of a province perform (sigma of a log-normal factor).
DISTRICT_SPREAD = 0.35


def campaign_days() -> np.ndarray:
    """Every day of the campaign window, launch day first (``datetime64[D]``)."""
    return np.arange(np.datetime64(CAMPAIGN_LAUNCH, "D"), np.datetime64(CAMPAIGN_END, "D") + 1)


def daily_counts(product: str, *, scale: float = 1.0) -> np.ndarray:
    """New participants of ``product`` on each of ``campaign_days()``.

    The launch day is the published figure, 9-31 May the rest of the published May total
    (both at ``scale``, exactly); June to the deadline the modelled tail.
    """
    days = campaign_days()
    shape = _after_launch_shape(days)
    in_may = days <= np.datetime64(MAY_END, "D")
    launch = scaled(LAUNCH_DAY_NEW[product], scale)
    rest_of_may = scaled(MAY_NEW[product], scale) - launch
    tail = scaled(MAY_NEW[product] - LAUNCH_DAY_NEW[product], scale * TAIL_PER_MAY_AFTER_LAUNCH)
    counts = np.zeros(len(days), dtype="int64")
    counts[0] = launch
    counts[1:][in_may[1:]] = apportion(rest_of_may, shape[1:][in_may[1:]])
    counts[~in_may] = apportion(tail, shape[~in_may])
    return counts


def planned_total(*, scale: float = 1.0) -> int:
    """How many rows ``generate_enrollments`` makes at ``scale``, both products."""
    return sum(int(daily_counts(product, scale=scale).sum()) for product in PRODUCTS)


def _after_launch_shape(days: np.ndarray) -> np.ndarray:
    """Relative pace of each day after the launch: a falling rush onto a steady floor.

    The floor is the one at which June to the deadline adds ``TAIL_PER_MAY_AFTER_LAUNCH``
    times what 9-31 May added, so May's end runs on into June without a step.
    """
    elapsed = (days - days[0]).astype("float64")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    week = np.array([WEEKEND_FACTOR.get(int(w), 1.0) for w in weekday])
    rush = np.exp(-elapsed / AFTER_LAUNCH_DECAY_DAYS) * week
    steady = week * (1.0 + _campaign_day_boost(days))
    rush[0] = steady[0] = 0.0  # the launch day has its published count
    may = days <= np.datetime64(MAY_END, "D")
    ratio = TAIL_PER_MAY_AFTER_LAUNCH
    floor = (ratio * rush[may].sum() - rush[~may].sum()) / (
        steady[~may].sum() - ratio * steady[may].sum()
    )
    return rush + max(floor, 0.0) * steady


def _campaign_day_boost(days: np.ndarray) -> np.ndarray:
    """Extra pace on the campaign days after the launch and the two days after each."""
    boost = np.zeros(len(days))
    for day in CAMPAIGN_DAYS[1:]:
        index = (day - CAMPAIGN_LAUNCH).days
        for offset, extra in enumerate(CAMPAIGN_DAY_BOOST):
            if index + offset < len(days):
                boost[index + offset] += extra
    return boost


def generate_enrollments(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """New participants of both products over the campaign window, at ``scale``.

    Rows are ordered by day, and on the launch day by registration time (``registered_at``,
    UTC; the other days carry none). Columns are those of the ``enrollments``
    table without ``id`` and ``import_id`` (``registered_on`` as datetime64).
    """
    districts = _district_weights(seed)
    frames = [
        _product_rows(np.random.default_rng([seed, 1, i]), product, districts, seed, scale)
        for i, product in enumerate(PRODUCTS)
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.sort_values(
        ["registered_on", "registered_at", "product", "district_code"],
        kind="stable",
        ignore_index=True,
    )
    frame["participant_hash"] = _fake_hashes(seed, frame["product"])
    return frame[list(ENROLLMENT_COLUMNS)]


def _product_rows(
    rng: np.random.Generator, product: str, districts: pd.DataFrame, seed: int, scale: float
) -> pd.DataFrame:
    days = campaign_days()
    counts = daily_counts(product, scale=scale)
    total = int(counts.sum())
    day_index = np.repeat(np.arange(len(days)), counts)
    place = rng.choice(len(districts), size=total, p=districts["weight"].to_numpy())
    district_codes = districts["district_code"].to_numpy(dtype=object)[place]
    vsi = product == VSI
    support = _choose(rng, SUPPORT_GROUP_SHARES, total) if vsi else np.full(total, None)
    return pd.DataFrame(
        {
            "registered_on": days[day_index].astype("datetime64[s]"),
            "registered_at": _times(rng, days[day_index], day_index == 0),
            "product": product,
            "province_code": districts["province_code"].to_numpy(dtype=object)[place],
            "district_code": district_codes,
            "commune_code": _draw_communes(rng, district_codes),
            "channel": _channels(rng, product, days, day_index, scale),
            "sex": _choose(rng, SEX_SHARES, total),
            "birth_year": _draw_birth_years(rng, total),
            "monthly_income_vnd": _draw_incomes(rng, support) if vsi else None,
            "payment_cycle": _choose(rng, PAYMENT_CYCLE_SHARES[product], total),
            "support_group": support,
        }
    ).astype({"monthly_income_vnd": "Int64"})


def _district_weights(seed: int) -> pd.DataFrame:
    """Each district's chance to hold a registration: its province's weight, shared within
    the province by population with a seeded spread. Columns: district_code,
    province_code, weight (sums to 1)."""
    rng = np.random.default_rng([seed, 7])
    districts = reference.districts()[["district_code", "province_code", "pop_2019"]]
    weight = districts["pop_2019"].to_numpy(dtype="float64") * rng.lognormal(
        0.0, DISTRICT_SPREAD, len(districts)
    )
    in_province = (
        weight
        / pd.Series(weight)
        .groupby(districts["province_code"].to_numpy())
        .transform("sum")
        .to_numpy()
    )
    province = province_weights(seed).reindex(districts["province_code"]).to_numpy()
    return districts.assign(weight=in_province * province)[
        ["district_code", "province_code", "weight"]
    ]


def _channels(
    rng: np.random.Generator, product: str, days: np.ndarray, day_index: np.ndarray, scale: float
) -> np.ndarray:
    """Each row's channel: the launch day's counts fixed, later days drawn."""
    channels = np.empty(len(day_index), dtype=object)
    launch = day_index == 0
    post = scaled(LAUNCH_DAY_VIETNAM_POST[product], scale)
    others = apportion(int(launch.sum()) - post, np.array(list(LAUNCH_OTHER_CHANNELS.values())))
    on_launch = np.repeat(["post_office", *LAUNCH_OTHER_CHANNELS], [post, *others]).astype(object)
    channels[launch] = rng.permutation(on_launch)
    campaign = _campaign_day_boost(days)[day_index] > 0
    for mask, shares in (
        (~launch & ~campaign, EVERYDAY_CHANNELS),
        (campaign, CAMPAIGN_DAY_CHANNELS),
    ):
        channels[mask] = _choose(rng, {c: shares[c] for c in CHANNELS}, int(mask.sum()))
    return channels


def _times(rng: np.random.Generator, days: np.ndarray, launch: np.ndarray) -> pd.Series:
    """A registration moment (UTC) for each launch-day row, by the launch day's hourly
    profile in Vietnam time; none on other days, as most files give the day only."""
    weights = np.array(list(LAUNCH_HOURLY_PROFILE.values()), dtype="float64")
    hours = rng.choice(
        list(LAUNCH_HOURLY_PROFILE), size=int(launch.sum()), p=weights / weights.sum()
    )
    seconds = hours * 3600 + rng.integers(0, 3600, size=len(hours))
    local = days[launch].astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    times = pd.Series(pd.NaT, index=range(len(days)), dtype="datetime64[s, UTC]")
    times[launch] = pd.DatetimeIndex(local).tz_localize("Asia/Ho_Chi_Minh").tz_convert("UTC")
    return times


def _draw_communes(rng: np.random.Generator, district_codes: np.ndarray) -> np.ndarray:
    """A commune of each row's district, uniformly; None where a district has no communes."""
    # Grouped by district: commune codes alone do not keep a district's communes together.
    communes = reference.communes().sort_values(
        ["district_code", "commune_code"], ignore_index=True
    )
    sizes = communes.groupby("district_code", sort=True).size()
    first_of_district = sizes.cumsum() - sizes
    size = sizes.reindex(district_codes, fill_value=0).to_numpy()
    start = first_of_district.reindex(district_codes, fill_value=0).to_numpy()
    position = start + np.floor(rng.random(len(district_codes)) * size).astype("int64")
    codes = communes["commune_code"].to_numpy(dtype=object)
    picked = codes[np.minimum(position, len(codes) - 1)]
    picked[size == 0] = None
    return picked


def _draw_birth_years(rng: np.random.Generator, total: int) -> np.ndarray:
    """Mostly born 1965-2000 (working age, not yet near retirement), at least 15 in 2022."""
    years = np.rint(rng.normal(1982.0, 9.0, total))
    return np.clip(years, 1950, 2007).astype("int64")


def _draw_incomes(rng: np.random.Generator, support: np.ndarray) -> np.ndarray:
    """Declared monthly income: many at the floor (more so with state support), in 50k steps."""
    at_floor_chance = np.where(support == "other", 0.45, 0.75)
    above = INCOME_FLOOR_VND + rng.lognormal(np.log(1_000_000), 0.8, len(support))
    income = np.where(rng.random(len(support)) < at_floor_chance, INCOME_FLOOR_VND, above)
    stepped = np.rint(np.minimum(income, INCOME_CEILING_VND) / INCOME_STEP_VND) * INCOME_STEP_VND
    return np.maximum(stepped, INCOME_FLOOR_VND).astype("int64")


def _choose(rng: np.random.Generator, shares: dict[str, float], total: int) -> np.ndarray:
    labels = np.asarray(list(shares), dtype=object)
    weights = np.asarray(list(shares.values()), dtype="float64")
    return labels[rng.choice(len(labels), size=total, p=weights / weights.sum())]


def _fake_hashes(seed: int, products: pd.Series) -> list[bytes]:
    """Stand-ins for salted participant hashes: unique per product, and obviously not real.

    32 bytes like a stored key, but a counter: the seed, the product's number and the row's.
    Rising in row order, they go into the database's unique index at its end, which makes
    writing the sample several times faster than random hashes would.
    """
    number = pd.Series(pd.factorize(pd.Categorical(products, categories=PRODUCTS))[0])
    return [bytes.fromhex(f"{seed:04x}{p:02x}{i:058x}") for i, p in enumerate(number.tolist())]
