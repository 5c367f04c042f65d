"""The sample enrollments and targets: the real campaign's published totals, deterministic,
national and plausible; and the sample loaded all or nothing."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from dashboard.data.sample.campaign import (
    CAMPAIGN_LAUNCH,
    HHI,
    LAUNCH_HOURLY_PROFILE,
    VSI,
    province_weights,
)
from dashboard.data.sample.enrollments import generate_enrollments, planned_total
from dashboard.data.sample.store import (
    SAMPLE_KINDS,
    SampleRefused,
    load_sample,
    load_sample_if_empty,
)
from dashboard.data.sample.targets import generate_targets
from dashboard.data.schema import enrollments, imports, targets
from geodata import reference

HOANG_SA = "498"
LAUNCH = pd.Timestamp(2022, 5, 8)
MAY = (pd.Timestamp(2022, 5, 1), pd.Timestamp(2022, 5, 31))
# VSS news of 10/06/2022: new participants on 8 May 2022 (of them, through Vietnam Post) and
# over May 2022, by product. Typed here from the news, not read from the generator.
PUBLISHED = {
    "launch_day": {VSI: 22_306, HHI: 53_308},
    "launch_day_vietnam_post": {VSI: 13_299, HHI: 25_790},
    "may": {VSI: 32_870, HHI: 72_460},
}
SMALL = 0.02


@cache
def _default_sample() -> pd.DataFrame:
    return generate_enrollments()


def _published_figures(sample: pd.DataFrame, product: str) -> dict[str, int]:
    rows = sample[sample["product"] == product]
    day = rows["registered_on"]
    launch = day == LAUNCH
    return {
        "launch_day": int(launch.sum()),
        "launch_day_vietnam_post": int((launch & (rows["channel"] == "post_office")).sum()),
        "may": int(day.between(*MAY).sum()),
    }


@pytest.mark.parametrize("product", [VSI, HHI])
def test_the_default_sample_matches_the_published_totals_within_one_percent(
    product: str,
) -> None:
    found = _published_figures(_default_sample(), product)

    for figure, by_product in PUBLISHED.items():
        assert found[figure] == pytest.approx(by_product[product], rel=0.01), figure


def test_a_smaller_scale_shrinks_every_published_total_alike() -> None:
    sample = generate_enrollments(scale=0.1)

    assert len(sample) == planned_total(scale=0.1)
    for product in (VSI, HHI):
        found = _published_figures(sample, product)
        for figure, by_product in PUBLISHED.items():
            assert found[figure] == round(by_product[product] * 0.1), (product, figure)


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    pd.testing.assert_frame_equal(
        generate_enrollments(scale=SMALL), generate_enrollments(scale=SMALL)
    )
    assert not generate_enrollments(seed=7, scale=SMALL).equals(generate_enrollments(scale=SMALL))


def test_the_launch_day_follows_its_hourly_profile_in_vietnam_time() -> None:
    sample = _default_sample()
    on_launch = sample["registered_on"] == LAUNCH
    local = sample.loc[on_launch, "registered_at"].dt.tz_convert("Asia/Ho_Chi_Minh")
    hours = local.dt.hour.value_counts(normalize=True)
    weights = pd.Series(LAUNCH_HOURLY_PROFILE, dtype="float64")

    assert (local.dt.tz_localize(None).dt.normalize() == LAUNCH).all()
    assert local.is_monotonic_increasing
    assert sample.loc[~on_launch, "registered_at"].isna().all()
    assert set(hours.index) == set(weights.index)
    # 22,306 + 53,308 draws: each hour's share lies within a point of the profile's.
    assert (hours.reindex(weights.index) - weights / weights.sum()).abs().max() < 0.01
    assert hours.idxmax() == 9


def test_after_the_launch_may_falls_away_and_a_tail_runs_to_the_deadline() -> None:
    daily = _default_sample().groupby(["product", "registered_on"]).size()

    for product in (VSI, HHI):
        days = daily[product]
        assert days.index.min() == LAUNCH and days.index.max() == pd.Timestamp(2022, 12, 31)
        after_launch = days[days.index > LAUNCH]
        assert days[LAUNCH] > 5 * after_launch.max()
        # June to December adds about what 9-31 May added (TAIL_PER_MAY_AFTER_LAUNCH = 1).
        may_after = PUBLISHED["may"][product] - PUBLISHED["launch_day"][product]
        tail = days[days.index > MAY[1]]
        assert tail.sum() == pytest.approx(may_after, abs=1)
        assert (tail.groupby(tail.index.month).sum() > 0.1 * may_after).all()
        # Falling from the launch, week on week, through May.
        weeks = after_launch[after_launch.index <= MAY[1]].resample("7D").sum()
        assert weeks.is_monotonic_decreasing


def test_every_province_takes_part_and_places_nest() -> None:
    sample = _default_sample()
    district_province = reference.districts().set_index("district_code")["province_code"]
    commune_district = reference.communes().set_index("commune_code")["district_code"]

    assert set(sample["province_code"]) == set(reference.provinces()["province_code"])
    assert HOANG_SA not in set(sample["district_code"])
    assert (sample["district_code"].map(district_province) == sample["province_code"]).all()
    with_commune = sample.dropna(subset=["commune_code"])
    assert len(with_commune) > 0.99 * len(sample)
    assert (
        with_commune["commune_code"].map(commune_district) == with_commune["district_code"]
    ).all()
    assert not sample.duplicated(["product", "participant_hash"]).any()


def test_the_provincial_spread_follows_population_and_the_2020_leaders() -> None:
    counts = _default_sample().groupby("province_code").size()
    pop = reference.provinces().set_index("province_code")["pop_2019"]
    per_inhabitant = (counts / pop).sort_values(ascending=False)

    assert np.corrcoef(counts.reindex(pop.index), pop)[0, 1] > 0.7
    # The provinces quoted for 2020 lead per inhabitant, save TP.HCM, whose 2020 result was
    # the lowest per inhabitant of the five (1,221 for 9 million): it leads by count instead.
    ranks = per_inhabitant.rank(ascending=False)
    assert (ranks.loc[["38", "82", "74", "80"]] <= 10).all()
    assert "82" in per_inhabitant.index[:3]  # Tiền Giang: 1,623 for 1.8 million in 2020
    assert {"38", "79"} <= set(counts.nlargest(3).index)
    assert province_weights().sum() == pytest.approx(1.0)


def test_channels_and_people_look_like_the_campaign() -> None:
    sample = _default_sample()
    later = sample[sample["registered_on"] > LAUNCH]
    channel_share = later["channel"].value_counts(normalize=True)
    vsi = sample[sample["product"] == VSI]
    income = vsi["monthly_income_vnd"]

    assert set(channel_share.index[:2]) == {"post_office", "vss_office"}
    assert set(sample["channel"]) == {"post_office", "vss_office", "collector", "online", "event"}
    assert sample["birth_year"].between(1965, 2000).mean() > 0.85
    assert sample["birth_year"].max() <= 2007
    assert income.min() == 1_500_000
    assert income.max() <= 10_000_000
    assert (income % 50_000 == 0).all()
    assert set(vsi["support_group"]) == {"poor", "near_poor", "other"}
    # Household health insurance declares no income and is paid for 3, 6 or 12 months.
    hhi = sample[sample["product"] == HHI]
    assert hhi["monthly_income_vnd"].isna().all() and hhi["support_group"].isna().all()
    assert set(hhi["payment_cycle"]) == {"quarterly", "semiannual", "annual"}


def test_provinces_differ_in_pace_against_their_target() -> None:
    sample = _default_sample()
    vsi = sample[sample["product"] == VSI]
    done = vsi.groupby("province_code").size()
    target = generate_targets(districts=False).set_index("province_code")["target_new_participants"]
    # Every province passes its share of a 10,000 target (43,434 joined); relative to the
    # national pace, some run well ahead and some well behind.
    pace = (done / target) / (done.sum() / target.sum())

    assert (pace > 1.2).sum() >= 5
    assert (pace < 0.8).sum() >= 5


@pytest.mark.parametrize("national_target", [10_000, 12_345, 63, 1])
def test_targets_sum_exactly_to_the_national_target(national_target: int) -> None:
    table = generate_targets(national_target=national_target, districts=False)
    pop = reference.provinces().set_index("province_code")["pop_2019"]
    quota = national_target * pop / pop.sum()

    assert table["target_new_participants"].sum() == national_target
    assert len(table) == 63
    assert table["district_code"].isna().all()
    # Largest remainder never moves a province more than one away from its exact share.
    assert ((table.set_index("province_code")["target_new_participants"] - quota).abs() < 1).all()


def test_load_sample_writes_one_sample_import_per_kind(engine: Engine) -> None:
    written = load_sample(engine, national_target=2_000, scale=SMALL)

    with engine.connect() as con:
        log = con.execute(
            select(imports.c.kind, imports.c.is_sample, imports.c.row_count).order_by(imports.c.id)
        ).all()
        stored = con.execute(select(func.count()).select_from(enrollments)).scalar()
        launch_vsi = con.execute(
            select(func.count()).where(
                enrollments.c.product == VSI, enrollments.c.registered_on == CAMPAIGN_LAUNCH
            )
        ).scalar()
        first_moment = con.execute(select(func.min(enrollments.c.registered_at))).scalar()
        target_sum = con.execute(
            select(func.sum(targets.c.target_new_participants)).where(
                targets.c.district_code.is_(None)
            )
        ).scalar()

    assert [kind for kind, _, _ in log] == list(SAMPLE_KINDS)
    assert all(is_sample for _, is_sample, _ in log)
    assert log[0] == ("enrollments", True, written)
    assert stored == written == planned_total(scale=SMALL)
    assert launch_vsi == round(22_306 * SMALL)
    # 6:00 on 8 May in Vietnam is 23:00 UTC the day before; times come back aware.
    assert dt.datetime(2022, 5, 7, 23, tzinfo=dt.UTC) <= first_moment
    assert first_moment < dt.datetime(2022, 5, 8, 0, tzinfo=dt.UTC)
    assert target_sum == 2_000


def test_loading_the_sample_twice_fails_and_writes_nothing(engine: Engine) -> None:
    load_sample(engine, scale=SMALL)

    with pytest.raises(SampleRefused, match="loaded already"):
        load_sample(engine, scale=SMALL)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(imports)).scalar() == len(SAMPLE_KINDS)


def test_the_sample_fills_only_a_database_that_never_had_an_import(engine: Engine) -> None:
    assert load_sample_if_empty(engine, scale=SMALL) is True
    assert load_sample_if_empty(engine, scale=SMALL) is False

    with engine.begin() as con:
        con.execute(update(imports).values(undone_at=dt.datetime.now(dt.UTC)))
    assert load_sample_if_empty(engine, scale=SMALL) is False
