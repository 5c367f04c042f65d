"""Queries: the enrollment cube, the summaries taken from it, targets and data status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from dashboard.data import queries
from dashboard.data.sample import SAMPLE_KINDS, generate_enrollments, load_sample
from dashboard.data.schema import imports

# Ba Đình "001" and Hoàn Kiếm "002" are in Hà Nội "01"; Quận 1 "760" in TP. Hồ Chí Minh "79".
Row = dict[str, Any]
MakeEnrollment = Callable[..., Row]


@pytest.fixture
def small_cube(
    engine: Engine, record_import: Callable[..., int], make_enrollment: MakeEnrollment
) -> pd.DataFrame:
    rows = [
        make_enrollment("2022-05-08", "001", "event"),
        make_enrollment("2022-05-08", "001", "event"),
        make_enrollment("2022-05-08", "002", "post_office"),
        make_enrollment("2022-05-10", "001", "online"),
        make_enrollment("2022-06-01", "760", "vss_office"),
        make_enrollment("2022-06-01", "760", "vss_office"),
        make_enrollment("2022-06-01", "760", "collector"),
    ]
    with engine.begin() as con:
        record_import(con, "enrollments", rows)
    with engine.connect() as con:
        return queries.enrollment_cube(con)


def _as_dict(summary: pd.DataFrame) -> dict[str, int]:
    return dict(zip(summary["code"], summary["new_enrollments"], strict=True))


def test_cube_counts_each_day_district_and_channel_once(small_cube: pd.DataFrame) -> None:
    assert list(small_cube.columns) == [
        "registered_on",
        "province_code",
        "district_code",
        "channel",
        "n",
    ]
    assert small_cube["registered_on"].dtype.kind == "M"
    assert small_cube["n"].sum() == 7
    event_day = small_cube[
        (small_cube["registered_on"] == pd.Timestamp("2022-05-08"))
        & (small_cube["district_code"] == "001")
    ]
    assert event_day[["channel", "n"]].values.tolist() == [["event", 2]]


def test_summaries_by_province_and_district(small_cube: pd.DataFrame) -> None:
    by_province = queries.summarise_enrollments(small_cube, level="province")
    by_district = queries.summarise_enrollments(small_cube, level="district")

    assert _as_dict(by_province) == {"01": 4, "79": 3}
    assert _as_dict(by_district) == {"001": 3, "002": 1, "760": 3}
    assert by_district["new_enrollments"].dtype == "int64"


def test_summary_filters_by_dates_inclusive(small_cube: pd.DataFrame) -> None:
    def count(start: dt.date | None = None, end: dt.date | None = None) -> dict[str, int]:
        return _as_dict(
            queries.summarise_enrollments(small_cube, level="district", start=start, end=end)
        )

    assert count(end=dt.date(2022, 5, 8)) == {"001": 2, "002": 1}
    assert count(start=dt.date(2022, 5, 10), end=dt.date(2022, 5, 10)) == {"001": 1}
    assert count(start=dt.date(2022, 5, 9)) == {"001": 1, "760": 3}


def test_summary_filters_by_channel_and_province(small_cube: pd.DataFrame) -> None:
    summarise = queries.summarise_enrollments

    assert _as_dict(summarise(small_cube, level="province", channels={"event", "collector"})) == {
        "01": 2,
        "79": 1,
    }
    assert _as_dict(summarise(small_cube, level="district", province_codes=["01"])) == {
        "001": 3,
        "002": 1,
    }
    assert (
        _as_dict(summarise(small_cube, level="district", province_codes=["79"], channels=["event"]))
        == {}
    )
    assert _as_dict(summarise(small_cube, level="province", channels=[])) == {}


def test_summary_refuses_ambiguous_arguments(small_cube: pd.DataFrame) -> None:
    with pytest.raises(TypeError, match="not the string '01'"):
        queries.summarise_enrollments(small_cube, level="province", province_codes="01")
    with pytest.raises(ValueError, match="level"):
        queries.summarise_enrollments(small_cube, level="commune")  # type: ignore[arg-type]


def test_a_plain_string_cube_gives_the_same_answers(small_cube: pd.DataFrame) -> None:
    plain = small_cube.astype({"province_code": object, "district_code": object, "channel": object})
    options: dict[str, Any] = {"level": "district", "channels": ["vss_office", "event"]}

    pd.testing.assert_frame_equal(
        queries.summarise_enrollments(plain, **options),
        queries.summarise_enrollments(small_cube, **options),
    )


def test_daily_totals_fill_empty_days_and_accumulate(small_cube: pd.DataFrame) -> None:
    daily = queries.daily_totals(small_cube, province_codes=["01"])

    assert daily["date"].dt.date.tolist() == [dt.date(2022, 5, d) for d in (8, 9, 10)]
    assert daily["n"].tolist() == [3, 0, 1]
    assert daily["cumulative"].tolist() == [3, 3, 4]

    window = queries.daily_totals(
        small_cube, start=dt.date(2022, 5, 31), end=dt.date(2022, 6, 2), channels=["vss_office"]
    )
    assert window["n"].tolist() == [0, 2, 0]
    assert window["cumulative"].tolist() == [0, 2, 2]
    assert queries.daily_totals(small_cube, channels=[]).empty


def test_summaries_agree_with_a_plain_groupby_of_the_sample(engine: Engine) -> None:
    load_sample(engine)
    raw = generate_enrollments()
    with engine.connect() as con:
        cube = queries.enrollment_cube(con)
    start, end = dt.date(2022, 6, 1), dt.date(2022, 9, 30)
    channels = ["online", "collector"]
    in_window = raw[
        raw["registered_on"].dt.date.between(start, end) & raw["channel"].isin(channels)
    ]
    expected = in_window.groupby("district_code").size()

    summary = queries.summarise_enrollments(
        cube, level="district", start=start, end=end, channels=channels
    )

    assert summary["code"].is_monotonic_increasing
    assert summary.set_index("code")["new_enrollments"].to_dict() == expected.to_dict()
    daily = queries.daily_totals(cube)
    assert daily["cumulative"].iloc[-1] == len(raw)


def test_undone_imports_are_left_out(
    engine: Engine, record_import: Callable[..., int], make_enrollment: MakeEnrollment
) -> None:
    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")])
        undone = record_import(con, "enrollments", [make_enrollment("2022-05-09", "760")] * 2)
        undone_targets = record_import(
            con, "targets", [{"province_code": "79", "target_new_participants": 5}]
        )
        con.execute(
            update(imports)
            .where(imports.c.id.in_([undone, undone_targets]))
            .values(undone_at=dt.datetime.now(dt.UTC))
        )

    with engine.connect() as con:
        cube = queries.enrollment_cube(con)
        status = queries.data_status(con)
        targets = queries.province_targets(con)

    assert _as_dict(queries.summarise_enrollments(cube, level="province")) == {"01": 1}
    assert (status.enrollment_count, status.import_count) == (1, 1)
    assert targets.empty


def test_an_empty_database_has_an_empty_cube(engine: Engine) -> None:
    with engine.connect() as con:
        cube = queries.enrollment_cube(con)

    assert list(cube.columns) == list(queries.CUBE_COLUMNS)
    assert queries.summarise_enrollments(cube, level="province").empty
    assert queries.daily_totals(cube).empty


def test_province_targets_rule(engine: Engine, record_import: Callable[..., int]) -> None:
    def target(province: str, value: int, district: str | None = None) -> Row:
        return {
            "province_code": province,
            "district_code": district,
            "target_new_participants": value,
        }

    with engine.begin() as con:
        record_import(con, "targets", [target("01", 800), target("79", 700), target("48", 90)])
        # A later file for two provinces: Hà Nội by district only, Đà Nẵng by both.
        record_import(
            con,
            "targets",
            [
                target("01", 30, "001"),
                target("01", 20, "002"),
                target("48", 100),
                target("48", 60, "490"),
            ],
        )

    with engine.connect() as con:
        result = queries.province_targets(con)

    assert result.to_dict("list") == {
        "province_code": ["01", "48", "79"],
        "target": [50, 100, 700],
    }
    assert result["target"].dtype == "int64"


def test_data_status_tells_sample_from_real_data(
    engine: Engine, record_import: Callable[..., int], make_enrollment: MakeEnrollment
) -> None:
    with engine.connect() as con:
        empty = queries.data_status(con)
    assert empty == queries.DataStatus(0, 0, sample_only=False, last_import_at=None)

    written = load_sample(engine, national_target=300)
    with engine.connect() as con:
        sample = queries.data_status(con)
        stored = int(queries.enrollment_cube(con)["n"].sum())
    assert stored == written
    assert (sample.enrollment_count, sample.import_count, sample.sample_only) == (
        written,
        len(SAMPLE_KINDS),
        True,
    )
    assert sample.last_import_at is not None
    assert sample.last_import_at.tzinfo == dt.UTC

    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-12-01", "760")])
        real = queries.data_status(con)
    assert (real.enrollment_count, real.import_count, real.sample_only) == (
        written + 1,
        len(SAMPLE_KINDS) + 1,
        False,
    )
    assert real.last_import_at is not None and real.last_import_at >= sample.last_import_at
