"""Whole columns read at once give what the per-cell readers give, or leave it to them."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import shapely

from dashboard.data.importers import cells, spatial


def _moments(count: int) -> list[str]:
    rng = random.Random(12)
    return [
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2000, 2100)} "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        for _ in range(count)
    ]


def test_timestamps_read_at_once_as_one_by_one() -> None:
    column = [*_moments(2000), "29/02/2024 23:59:59", "31/12/2100 00:00:00", "01/01/2000 00:00:00"]
    read = cells.read_timestamp_column(column)
    assert read == [cells.read_timestamp(cell) for cell in column]
    assert read is not None and {moment.tzinfo for moment in read} == {cells.VIETNAM_TIME}


@pytest.mark.parametrize(
    "odd",
    [
        "29/02/2023 10:00:00",  # no such day
        "31/04/2022 10:00:00",
        "01/13/2022 10:00:00",
        "01/01/2022 24:00:00",
        "01/01/1999 10:00:00",  # outside the years taken
        "1/01/2022 10:00:00",  # written otherwise: the per-cell reader knows
        " 01/01/2022 10:00:00",
        "2022-05-08T07:30:00+07:00",
        "٠١/٠١/٢٠٢٢ ١٠:٠٠:٠٠",  # Arabic-Indic digits
        "",
    ],
)
def test_timestamps_written_otherwise_are_left_to_the_cell_reader(odd: str) -> None:
    assert cells.read_timestamp_column([*_moments(3), odd]) is None


def test_floats_read_at_once_as_one_by_one() -> None:
    column = ["21.0285", "-105.5", "1e3", "  3.5 ", "7", "0.000001"]
    assert cells.read_float_column(column) == [cells.read_float(cell) for cell in column]


@pytest.mark.parametrize("odd", ["21,0285", "inf", "nan", "", "Hà Nội", 2.5, None, True])
def test_floats_written_otherwise_are_left_to_the_cell_reader(odd: object) -> None:
    assert cells.read_float_column(["21.0285", odd]) is None  # type: ignore[list-item]


def test_points_are_placed_as_by_asking_each_district() -> None:
    _, shapes, districts, provinces = spatial._index(spatial.district_boundaries())
    rng = np.random.default_rng(12)
    # Around Hà Nội and in the sea off it, a point without a position among them.
    lats = [*rng.uniform(20.6, 21.4, 400).tolist(), math.nan, 18.0]
    lons = [*rng.uniform(105.3, 106.1, 400).tolist(), 105.8, 108.5]
    province_codes, district_codes = spatial.locate_points(lats, lons)
    expected = []
    for lat, lon in zip(lats, lons, strict=True):
        point = shapely.Point(lon, lat)
        inside = [i for i, shape in enumerate(shapes) if shapely.within(point, shape)]
        expected.append(districts[inside[0]] if inside else None)
    assert district_codes == expected
    assert len(set(expected[:400])) > 10  # the sample spans many districts
    assert expected[-2:] == [None, None]
    assert province_codes == [
        None if code is None else provinces[districts.index(code)] for code in district_codes
    ]
