"""The sample data: deterministic, national and plausible, and loaded all or nothing."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from dashboard.data.sample.campaign import CAMPAIGN_LAUNCH
from dashboard.data.sample.enrollments import generate_enrollments
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


@cache
def _default_sample() -> pd.DataFrame:
    return generate_enrollments()


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    pd.testing.assert_frame_equal(generate_enrollments(), generate_enrollments())
    assert not generate_enrollments(seed=7).equals(generate_enrollments())


def test_national_total_is_near_the_target_and_every_province_takes_part() -> None:
    sample = _default_sample()

    assert 9_500 <= len(sample) <= 10_500
    assert set(sample["province_code"]) == set(reference.provinces()["province_code"])
    assert HOANG_SA not in set(sample["district_code"])
    assert sample["participant_hash"].is_unique


def test_places_nest_inside_each_other() -> None:
    sample = _default_sample()
    district_province = reference.districts().set_index("district_code")["province_code"]
    commune_district = reference.communes().set_index("commune_code")["district_code"]

    assert (sample["district_code"].map(district_province) == sample["province_code"]).all()
    with_commune = sample.dropna(subset=["commune_code"])
    assert len(with_commune) > 0.99 * len(sample)
    assert (
        with_commune["commune_code"].map(commune_district) == with_commune["district_code"]
    ).all()


def test_dates_stay_in_the_window_and_events_spike_at_the_launch() -> None:
    sample = _default_sample()
    days = sample["registered_on"].dt.date

    assert days.min() == CAMPAIGN_LAUNCH
    assert days.max() <= dt.date(2022, 12, 31)
    events_per_day = days[sample["channel"] == "event"].value_counts()
    assert events_per_day[CAMPAIGN_LAUNCH] > 10 * events_per_day.median()


def test_a_shorter_window_is_respected() -> None:
    sample = generate_enrollments(
        national_target=500, start=dt.date(2022, 7, 1), end=dt.date(2022, 7, 31)
    )
    days = sample["registered_on"].dt.date

    assert days.min() >= dt.date(2022, 7, 1)
    assert days.max() <= dt.date(2022, 7, 31)
    assert 480 <= len(sample) <= 520


def test_channels_and_people_look_like_the_campaign() -> None:
    sample = _default_sample()
    channel_share = sample["channel"].value_counts(normalize=True)
    income = sample["monthly_income_vnd"]

    assert set(channel_share.index[:2]) == {"post_office", "vss_office"}
    assert set(channel_share.index) == {"post_office", "vss_office", "collector", "online", "event"}
    assert sample["birth_year"].between(1965, 2000).mean() > 0.85
    assert sample["birth_year"].max() <= 2007
    assert income.min() == 1_500_000
    assert income.max() <= 10_000_000
    assert (income % 50_000 == 0).all()
    assert set(sample["support_group"]) == {"poor", "near_poor", "other"}


def test_some_provinces_are_ahead_of_target_and_some_behind() -> None:
    done = _default_sample().groupby("province_code").size()
    target = generate_targets(districts=False).set_index("province_code")["target_new_participants"]
    performance = done / target

    assert (performance > 1.2).sum() >= 5
    assert (performance < 0.8).sum() >= 5


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
    written = load_sample(engine, national_target=2_000)

    with engine.connect() as con:
        log = con.execute(
            select(imports.c.kind, imports.c.is_sample, imports.c.row_count).order_by(imports.c.id)
        ).all()
        stored = con.execute(select(func.count()).select_from(enrollments)).scalar()
        target_sum = con.execute(
            select(func.sum(targets.c.target_new_participants)).where(
                targets.c.district_code.is_(None)
            )
        ).scalar()

    assert [kind for kind, _, _ in log] == list(SAMPLE_KINDS)
    assert all(is_sample for _, is_sample, _ in log)
    assert log[0] == ("enrollments", True, written)
    assert stored == written
    assert target_sum == 2_000


def test_loading_the_sample_twice_fails_and_writes_nothing(engine: Engine) -> None:
    load_sample(engine, national_target=500)

    with pytest.raises(SampleRefused, match="loaded already"):
        load_sample(engine, national_target=500)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(imports)).scalar() == len(SAMPLE_KINDS)


def test_the_sample_fills_only_a_database_that_never_had_an_import(engine: Engine) -> None:
    assert load_sample_if_empty(engine, national_target=500) is True
    assert load_sample_if_empty(engine, national_target=500) is False

    with engine.begin() as con:
        con.execute(update(imports).values(undone_at=dt.datetime.now(dt.UTC)))
    assert load_sample_if_empty(engine, national_target=500) is False
