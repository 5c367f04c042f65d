"""Sample enrollments: who registered, where, when, through which channel."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import (
    CAMPAIGN_DAYS,
    CAMPAIGN_END,
    CAMPAIGN_LAUNCH,
    DEFAULT_SEED,
    LAUNCH_HOURLY_PROFILE,
    table_columns,
)
from dashboard.data.schema import enrollments
from dashboard.domain import CHANNELS, DEFAULT_PRODUCT, NATIONAL_TARGET
from geodata import reference

# Share of each channel over the whole campaign; "event" enrollments follow their own
# calendar (campaign days), the others the everyday one.
CHANNEL_SHARES = {
    "post_office": 0.36,
    "vss_office": 0.30,
    "collector": 0.16,
    "online": 0.10,
    "event": 0.08,
}

# 2022 rural poverty line, the lowest income a contribution may be based on.
INCOME_FLOOR_VND = 1_500_000
INCOME_CEILING_VND = 10_000_000
INCOME_STEP_VND = 50_000

SEX_SHARES = {"female": 0.54, "male": 0.46}
PAYMENT_CYCLE_SHARES = {
    "monthly": 0.42,
    "quarterly": 0.16,
    "semiannual": 0.12,
    "annual": 0.22,
    "multi_year": 0.05,
    "lump_sum": 0.03,
}
SUPPORT_GROUP_SHARES = {"poor": 0.08, "near_poor": 0.07, "other": 0.85}

# How unevenly the provinces and districts perform (sigma of a log-normal factor).
PROVINCE_SPREAD = 0.3
DISTRICT_SPREAD = 0.35


ENROLLMENT_COLUMNS = table_columns(enrollments)


def generate_enrollments(
    *,
    seed: int = DEFAULT_SEED,
    national_target: int = NATIONAL_TARGET,
    start: dt.date = CAMPAIGN_LAUNCH,
    end: dt.date = CAMPAIGN_END,
) -> pd.DataFrame:
    """New voluntary enrollments from ``start`` to ``end``, about ``national_target`` in all.

    The total lands within 4% of ``national_target``. Rows are ordered by date; columns are
    those of the ``enrollments`` table without ``id`` and ``import_id`` (``registered_on`` as
    datetime64).
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    rng = np.random.default_rng(seed)
    total = round(national_target * rng.uniform(0.96, 1.04))
    district_codes, province_codes = _draw_places(rng, total)
    days, channels = _draw_days_and_channels(rng, total, start, end)
    support = _choose(rng, SUPPORT_GROUP_SHARES, total)
    frame = pd.DataFrame(
        {
            "registered_on": days,
            "product": DEFAULT_PRODUCT,
            "province_code": province_codes,
            "district_code": district_codes,
            "commune_code": _draw_communes(rng, district_codes),
            "channel": channels,
            "sex": _choose(rng, SEX_SHARES, total),
            "birth_year": _draw_birth_years(rng, total),
            "monthly_income_vnd": _draw_incomes(rng, support),
            "payment_cycle": _choose(rng, PAYMENT_CYCLE_SHARES, total),
            "support_group": support,
            "participant_hash": _fake_hashes(seed, total),
        }
    )
    frame = frame.sort_values(["registered_on", "district_code"], kind="stable", ignore_index=True)
    frame["registered_at"] = _launch_times(seed, frame["registered_on"])
    return frame[list(ENROLLMENT_COLUMNS)]


def _launch_times(seed: int, days: pd.Series) -> pd.Series:
    """A time of day for each registration of the launch day (UTC), none for other days.

    Drawn from ``LAUNCH_HOURLY_PROFILE`` with a generator of its own, so the other columns
    stay what they were before times existed.
    """
    rng = np.random.default_rng(seed + 1)
    on_launch = (days.dt.date == CAMPAIGN_LAUNCH).to_numpy()
    hours = np.array(list(LAUNCH_HOURLY_PROFILE))
    weights = np.array(list(LAUNCH_HOURLY_PROFILE.values()), dtype="float64")
    drawn = rng.choice(hours, size=int(on_launch.sum()), p=weights / weights.sum())
    seconds = drawn * 3600 + rng.integers(0, 3600, size=len(drawn))
    midnight = pd.Timestamp(CAMPAIGN_LAUNCH).tz_localize("Asia/Ho_Chi_Minh")
    times = pd.Series(pd.NaT, index=days.index, dtype="datetime64[ns, UTC]")
    times[on_launch] = (midnight + pd.to_timedelta(np.sort(seconds), unit="s")).tz_convert("UTC")
    return times


def _draw_places(rng: np.random.Generator, total: int) -> tuple[np.ndarray, np.ndarray]:
    """District and province code of each enrollment, by population and performance."""
    districts = reference.districts()
    provinces = reference.provinces()
    province_pop = provinces["pop_2019"].to_numpy(dtype="float64")
    performance = rng.lognormal(0.0, PROVINCE_SPREAD, len(provinces))
    # Normalised so that, over the country, enrollments follow the targets on average.
    performance /= (performance * province_pop).sum() / province_pop.sum()
    province_weight = pd.Series(province_pop * performance, index=provinces["province_code"])

    district_pop = districts["pop_2019"].to_numpy(dtype="float64")
    district_weight = district_pop * rng.lognormal(0.0, DISTRICT_SPREAD, len(districts))
    share_in_province = (
        district_weight
        / pd.Series(district_weight)
        .groupby(districts["province_code"].to_numpy())
        .transform("sum")
        .to_numpy()
    )
    probability = share_in_province * province_weight.loc[districts["province_code"]].to_numpy()
    counts = rng.multinomial(total, probability / probability.sum())
    return (
        np.repeat(districts["district_code"].to_numpy(dtype=object), counts),
        np.repeat(districts["province_code"].to_numpy(dtype=object), counts),
    )


def _draw_days_and_channels(
    rng: np.random.Generator, total: int, start: dt.date, end: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """Registration day and channel of each enrollment, drawn jointly.

    Everyday channels rise slowly towards the year-end deadline, with a launch surge, and
    slow down at weekends; event enrollments cluster on campaign days and the two after.
    """
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    elapsed = (days - days[0]).astype("float64")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    weekday_factor = np.select([weekday == 5, weekday == 6], [0.6, 0.25], 1.0)
    everyday = (0.7 + 0.8 * elapsed / max(elapsed[-1], 1.0)) * weekday_factor
    everyday *= 1.0 + 2.0 * np.exp(-elapsed / 10.0)

    event_days = np.full(len(days), 0.05)
    for i, campaign_day in enumerate(d for d in CAMPAIGN_DAYS if start <= d <= end):
        index = (campaign_day - start).days
        peak = 3.0 if i == 0 and campaign_day == CAMPAIGN_LAUNCH else 1.0
        for offset, decay in enumerate((1.0, 0.35, 0.15)):
            if index + offset < len(days):
                event_days[index + offset] += peak * decay

    joint = np.column_stack(
        [
            (event_days / event_days.sum() if c == "event" else everyday / everyday.sum())
            * CHANNEL_SHARES[c]
            for c in CHANNELS
        ]
    )
    cells = rng.choice(joint.size, size=total, p=joint.ravel() / joint.sum())
    day_index, channel_index = np.divmod(cells, len(CHANNELS))
    return days[day_index].astype("datetime64[s]"), np.asarray(CHANNELS, dtype=object)[
        channel_index
    ]


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


def _fake_hashes(seed: int, total: int) -> list[str]:
    """Stand-ins for salted participant hashes: unique, and obviously not real numbers."""
    return [hashlib.sha256(f"diemtua-sample:{seed}:{i}".encode()).hexdigest() for i in range(total)]
