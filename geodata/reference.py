"""Reference tables of Vietnam's 2022 administrative units, keyed by GSO code.

All codes are zero-padded strings (province "01", district "001", commune "00001"): the
source CSVs are read with ``dtype=str`` so that "01" never becomes 1. The tables are read
once per process and shared; callers must not mutate them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

SOURCES_DIR = Path(__file__).resolve().parent / "sources"

# English usage differs from the ASCII-folded Vietnamese name for a few provinces only.
ENGLISH_PROVINCE_NAMES = {
    "01": "Hanoi",
    "31": "Haiphong",
    "46": "Thua Thien Hue",
    "48": "Da Nang",
    "79": "Ho Chi Minh City",
    "92": "Can Tho",
}

# The GSO list names the city by its bare name; everyone writes "TP. Hồ Chí Minh".
_DISPLAY_NAME_OVERRIDES = {"79": "TP. Hồ Chí Minh"}

REGION_ORDER = ("TDMNPB", "DBSH", "BTBDHMT", "TN", "DNB", "DBSCL")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SOURCES_DIR / name, dtype=str, keep_default_na=False)


@cache
def provinces() -> pd.DataFrame:
    """The 63 provinces of 2022, one row each, ordered by GSO code.

    Columns: province_code, name_vi, display_name_vi, full_name_vi, name_ascii, name_en,
    unit_type, region_code, region_vi, region_en, province_code_2025, name_2025_vi,
    pop_2019 (int), area_km2 (float).
    """
    facts = _read("vn_provinces_2022_facts.csv")
    crosswalk = _read("crosswalk_province_2022_to_2025.csv")
    table = facts.merge(
        crosswalk[["old_province_code", "new_province_code", "new_province_name"]],
        left_on="gso_code",
        right_on="old_province_code",
        how="left",
        suffixes=("_facts", ""),
        validate="one_to_one",
    )
    out = pd.DataFrame(
        {
            "province_code": table["gso_code"],
            "name_vi": table["name_vi"],
            "display_name_vi": [
                _DISPLAY_NAME_OVERRIDES.get(code, name)
                for code, name in zip(table["gso_code"], table["name_vi"], strict=True)
            ],
            "full_name_vi": table["full_name_vi"],
            "name_ascii": table["name_ascii"],
            "name_en": [
                ENGLISH_PROVINCE_NAMES.get(code, ascii_name)
                for code, ascii_name in zip(table["gso_code"], table["name_ascii"], strict=True)
            ],
            "unit_type": table["unit_type"],
            "region_code": table["region_code"],
            "region_vi": table["region_vi"],
            "region_en": table["region_en"],
            "province_code_2025": table["new_province_code"],
            "name_2025_vi": table["new_province_name"],
            "pop_2019": table["pop_2019_census"].astype("int64"),
            "area_km2": table["area_km2_computed"].astype("float64"),
        }
    )
    return out.sort_values("province_code", ignore_index=True)


@cache
def districts() -> pd.DataFrame:
    """The 705 districts of 2022 (GSO list of 01/10/2022), ordered by GSO code.

    Columns: district_code, province_code, name_vi, full_name_vi, district_type, name_ascii,
    pop_2019 (int; 0 where nobody lived in 2019, e.g. Hoàng Sa).
    """
    listing = _read("vn_districts_2022_list.csv")
    census = _read("vn_districts_2022_pop_2019_census.csv")[["district_code", "pop_2019_census"]]
    table = listing.merge(census, on="district_code", how="left", validate="one_to_one")
    pop = pd.to_numeric(table["pop_2019_census"].replace("", "0"), errors="raise")
    return pd.DataFrame(
        {
            "district_code": table["district_code"],
            "province_code": table["province_code"],
            "name_vi": table["district_name"],
            "full_name_vi": table["district_full_name"],
            "district_type": table["district_type"],
            "name_ascii": table["district_name_ascii"],
            "pop_2019": pop.fillna(0).astype("int64"),
        }
    ).sort_values("district_code", ignore_index=True)


@cache
def communes() -> pd.DataFrame:
    """The 10,599 communes of 2022 (no geometry), ordered by GSO code.

    Columns: commune_code, district_code, province_code, name_vi, full_name_vi, commune_type.
    """
    table = _read("vn_communes_2022_list.csv")
    return table.rename(
        columns={"commune_name": "name_vi", "commune_full_name": "full_name_vi"}
    ).sort_values("commune_code", ignore_index=True)


@cache
def provinces_2025() -> pd.DataFrame:
    """The 34 provinces in force since 1 July 2025, with the 2022 codes each absorbed.

    Columns: province_code_2025, name_vi, full_name_vi, old_province_codes (tuple of str).
    """
    crosswalk = _read("crosswalk_province_2022_to_2025.csv")
    grouped = crosswalk.groupby("new_province_code", sort=True)
    return pd.DataFrame(
        {
            "province_code_2025": list(grouped.groups),
            "name_vi": grouped["new_province_name"].first().to_list(),
            "full_name_vi": grouped["new_province_full_name"].first().to_list(),
            "old_province_codes": [tuple(sorted(g)) for _, g in grouped["old_province_code"]],
        }
    )


@cache
def regions() -> pd.DataFrame:
    """GSO's six socio-economic regions in GSO order: region_code, region_vi, region_en."""
    table = provinces()[["region_code", "region_vi", "region_en"]].drop_duplicates()
    order = {code: i for i, code in enumerate(REGION_ORDER)}
    return table.sort_values("region_code", key=lambda s: s.map(order), ignore_index=True)


def province_count(geography: str) -> int:
    """How many provinces the geography has ("2022": 63, "2025": 34), from the tables."""
    return len(provinces_2025() if geography == "2025" else provinces())
