"""Sample targets: the national target apportioned to provinces and districts."""

from __future__ import annotations

import pandas as pd

from dashboard.data.sample.campaign import apportion
from dashboard.domain import NATIONAL_TARGET
from geodata import reference


def generate_targets(
    *, national_target: int = NATIONAL_TARGET, districts: bool = True
) -> pd.DataFrame:
    """Province targets apportioned by 2019 population, and each split over its districts.

    Largest-remainder rounding (ties to the lower code) at both levels, so the province rows
    sum exactly to ``national_target`` and each province's district rows to its target.
    Districts where nobody lived in 2019 get 0.

    Columns: province_code, district_code (missing on the 63 province rows, which come first),
    target_new_participants. ``districts=False`` returns the province rows only.
    """
    provinces = reference.provinces()
    province_target = apportion(national_target, provinces["pop_2019"].to_numpy())
    province_rows = pd.DataFrame(
        {
            "province_code": provinces["province_code"].to_numpy(),
            "district_code": pd.Series([None] * len(provinces), dtype="object"),
            "target_new_participants": province_target,
        }
    )
    if not districts:
        return province_rows
    by_province = dict(zip(provinces["province_code"], province_target, strict=True))
    parts = [
        pd.DataFrame(
            {
                "province_code": code,
                "district_code": group["district_code"].to_numpy(),
                "target_new_participants": apportion(
                    int(by_province[code]), group["pop_2019"].to_numpy()
                ),
            }
        )
        for code, group in reference.districts().groupby("province_code", sort=True)
    ]
    return pd.concat([province_rows, *parts], ignore_index=True)
