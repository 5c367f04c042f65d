"""The reference lists as arrays, the area a view covers, and the 2025 rule.

Read once per process. Every metric places its figures on these arrays (63 provinces and
705 districts of 2022, 34 provinces of 2025, as many as the reference tables hold), so a
province or a region is a boolean mask and a 2025 province the sum of its 2022 parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from dashboard.domain import GEOGRAPHIES, Filters, Geography, Level
from geodata import reference

_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Units:
    """The units one map level draws, in code order."""

    codes: np.ndarray
    names: np.ndarray
    region_codes: np.ndarray
    province_codes: np.ndarray
    population: np.ndarray


@dataclass(frozen=True)
class Geo:
    province_codes: np.ndarray
    province_regions: np.ndarray
    province_index: dict[str, int]
    province_name_of: dict[str, str]
    district_codes: np.ndarray
    district_index: dict[str, int]
    district_name_of: dict[str, str]
    district_province: np.ndarray
    province_2025: np.ndarray
    index_2025: dict[str, int]
    units: dict[tuple[str, str], Units]

    @property
    def n_provinces(self) -> int:
        return len(self.province_codes)

    @property
    def n_districts(self) -> int:
        return len(self.district_codes)

    @property
    def n_provinces_2025(self) -> int:
        return len(self.index_2025)


@cache
def geo() -> Geo:
    """The reference lists as arrays, read once per process."""
    provinces = reference.provinces()
    districts = reference.districts()
    p25 = reference.provinces_2025()
    province_codes = provinces["province_code"].to_numpy(dtype=object)
    province_index = {code: i for i, code in enumerate(province_codes)}
    district_codes = districts["district_code"].to_numpy(dtype=object)
    region_of = dict(zip(province_codes, provinces["region_code"], strict=True))
    index_2025 = {code: i for i, code in enumerate(p25["province_code_2025"])}
    province_2025 = provinces["province_code_2025"].map(index_2025).to_numpy(dtype="int64")
    province_pop = provinces["pop_2019"].to_numpy(dtype="int64")
    codes_2025 = p25["province_code_2025"].to_numpy(dtype=object)
    units = {
        ("2022", "province"): Units(
            codes=province_codes,
            names=provinces["display_name_vi"].to_numpy(dtype=object),
            region_codes=provinces["region_code"].to_numpy(dtype=object),
            province_codes=province_codes,
            population=province_pop,
        ),
        ("2022", "district"): Units(
            codes=district_codes,
            names=districts["full_name_vi"].to_numpy(dtype=object),
            region_codes=districts["province_code"].map(region_of).to_numpy(dtype=object),
            province_codes=districts["province_code"].to_numpy(dtype=object),
            population=districts["pop_2019"].to_numpy(dtype="int64"),
        ),
        ("2025", "province"): Units(
            codes=codes_2025,
            names=p25["name_vi"].to_numpy(dtype=object),
            # The region of the 2022 province whose code the new one kept (its seat).
            region_codes=np.asarray([region_of[c] for c in codes_2025], dtype=object),
            province_codes=codes_2025,
            population=np.bincount(province_2025, weights=province_pop, minlength=len(p25)).astype(
                "int64"
            ),
        ),
    }
    return Geo(
        province_codes=province_codes,
        province_regions=provinces["region_code"].to_numpy(dtype=object),
        province_index=province_index,
        province_name_of=dict(zip(province_codes, provinces["display_name_vi"], strict=True)),
        district_codes=district_codes,
        district_index={code: i for i, code in enumerate(district_codes)},
        district_name_of=dict(zip(district_codes, districts["full_name_vi"], strict=True)),
        district_province=districts["province_code"].map(province_index).to_numpy(dtype="int64"),
        province_2025=province_2025,
        index_2025=index_2025,
        units=units,
    )


def units(geography: Geography, level: Level) -> Units:
    """The units of one map level; the 2025 geography has provinces only."""
    if geography not in GEOGRAPHIES:
        raise ValueError(f"geography must be '2022' or '2025', got {geography!r}")
    if level not in ("province", "district"):
        raise ValueError(f"level must be 'province' or 'district', got {level!r}")
    if geography == "2025" and level == "district":
        raise ValueError("the 2025 geography has no districts (they were abolished in 2025)")
    return geo().units[(geography, level)]


def sum_of_parts(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Totals of 2022 provinces per 2025 province (or per ``groups``); NaN where a part is NaN.

    The 2025 rule, one place for the map, gauge, pace line and ranking: a 2025 figure is
    the sum of its 2022 parts, or "no data" when any part lacks it, because an incomplete
    total would look like a real one. ``groups`` (an index per value) defaults to the
    2025 province of each 2022 province.
    """
    where = geo().province_2025 if groups is None else groups
    size = geo().n_provinces_2025 if groups is None else int(where.max(initial=-1)) + 1
    total = np.bincount(where, weights=np.nan_to_num(values), minlength=size)
    missing = np.bincount(where, weights=np.isnan(values), minlength=size)
    return np.where(missing > 0, np.nan, total)


def area_provinces(filters: Filters) -> np.ndarray:
    """The 2022 provinces (a mask) the view's area covers: a province, a 2025 province's
    parts, a region, or the whole country.

    Raises:
        ValueError: a code the geography does not have.
    """
    g = geo()
    if filters.geography == "2025":
        if filters.province is None:
            return np.ones(g.n_provinces, dtype=bool)
        if filters.province not in g.index_2025:
            raise ValueError(f"unknown 2025 province code {filters.province!r}")
        return g.province_2025 == g.index_2025[filters.province]
    keep = np.ones(g.n_provinces, dtype=bool)
    if filters.province is not None:
        if filters.province not in g.province_index:
            raise ValueError(f"unknown 2022 province code {filters.province!r}")
        keep &= g.province_codes == filters.province
    if filters.region is not None:
        check_region(filters.region)
        keep &= g.province_regions == filters.region
    return keep


def check_region(region: str) -> None:
    if region not in reference.REGION_ORDER:
        raise ValueError(f"unknown region {region!r}: one of {', '.join(reference.REGION_ORDER)}")


@cache
def commune_names() -> dict[str, str]:
    communes = reference.communes()
    return dict(zip(communes["commune_code"], communes["full_name_vi"], strict=True))


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (the snapshot's arrays count days this way)."""
    return int((np.datetime64(day, "D") - _EPOCH).astype("int64"))


def to_date(day: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=day)
