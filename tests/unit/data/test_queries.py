"""Queries: the enrollment cube, targets in force and data status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from dashboard.data import queries
from dashboard.data.sample.store import SAMPLE_KINDS, load_sample
from dashboard.data.schema import imports
from tests.sample_scale import SMALL_SAMPLE

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


def test_cube_counts_each_day_district_and_channel_once(small_cube: pd.DataFrame) -> None:
    assert list(small_cube.columns) == [
        "registered_on",
        "province_code",
        "district_code",
        "channel",
        "product",
        "n",
    ]
    assert small_cube["registered_on"].dtype.kind == "M"
    assert small_cube["n"].sum() == 7
    event_day = small_cube[
        (small_cube["registered_on"] == pd.Timestamp("2022-05-08"))
        & (small_cube["district_code"] == "001")
    ]
    assert event_day[["channel", "n"]].values.tolist() == [["event", 2]]


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
        targets = queries.target_rows(con)

    assert cube[["district_code", "n"]].values.tolist() == [["001", 1]]
    assert (status.enrollment_count, status.import_count) == (1, 1)
    assert targets.empty


def test_household_health_insurance_is_not_counted_with_the_voluntary_target(
    engine: Engine, record_import: Callable[..., int], make_enrollment: MakeEnrollment
) -> None:
    voluntary, health = "bhxh_tu_nguyen", "bhyt_ho_gia_dinh"
    with engine.begin() as con:
        record_import(
            con,
            "enrollments",
            [
                make_enrollment("2022-05-08", "001", product=voluntary),
                make_enrollment("2022-05-08", "001", product=health),
                make_enrollment("2022-05-08", "760", product=health),
            ],
        )
        record_import(
            con,
            "targets",
            [
                {"province_code": "79", "target_new_participants": 5, "product": voluntary},
                {"province_code": "01", "target_new_participants": 9, "product": health},
            ],
        )

    with engine.connect() as con:
        cube = queries.enrollment_cube(con)
        targets = queries.target_rows(con)

    # Each product keeps its own rows: the same day and district are two cube rows.
    by_product = cube.sort_values(["product", "district_code"])
    assert by_product[["product", "district_code", "n"]].values.tolist() == [
        [voluntary, "001", 1],
        [health, "001", 1],
        [health, "760", 1],
    ]
    assert targets[["product", "province_code", "target"]].values.tolist() == [
        [voluntary, "79", 5],
        [health, "01", 9],
    ]


def test_a_targets_file_of_one_product_leaves_the_other_products_targets_in_force(
    engine: Engine, record_import: Callable[..., int]
) -> None:
    voluntary, health = "bhxh_tu_nguyen", "bhyt_ho_gia_dinh"

    def target(province: str, value: int, product: str) -> Row:
        return {"province_code": province, "target_new_participants": value, "product": product}

    with engine.begin() as con:
        record_import(con, "targets", [target("01", 9, health), target("01", 800, voluntary)])
        record_import(con, "targets", [target("01", 700, voluntary)])

    with engine.connect() as con:
        targets = queries.target_rows(con)

    assert targets[["product", "province_code", "target"]].values.tolist() == [
        [voluntary, "01", 700],
        [health, "01", 9],
    ]


def test_an_empty_database_has_an_empty_cube(engine: Engine) -> None:
    with engine.connect() as con:
        cube = queries.enrollment_cube(con)

    assert list(cube.columns) == list(queries.CUBE_COLUMNS)
    assert cube.empty


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
        result = queries.province_totals(queries.target_rows(con), ["target"])

    assert result.to_dict("list") == {
        "product": ["bhxh_tu_nguyen"] * 3,
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

    written = load_sample(engine, scale=SMALL_SAMPLE)
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
