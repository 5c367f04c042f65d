"""Sample participants: the monthly development of voluntary participants, per unit.

Consistent with the sample's enrollments: each district's stock grows every month by the
voluntary social insurance enrollments the sample registered there that month, on top of
the usual monthly movements (people joining outside the campaign's count, people stopping),
and the month's ``increase`` and ``decrease`` say so: a month's stock is the previous one
plus its increase less its decrease.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import DEFAULT_SEED, VSI, table_columns
from dashboard.data.schema import participants
from geodata import reference

PARTICIPANT_COLUMNS = table_columns(participants)

# Modelled on 2022: a labour force per inhabitant of 2019 (about 51 million of 96 million,
# grown since the census), a voluntary coverage of about 2.7 %, and the national stock of
# voluntary participants before the campaign (about 1.4 million by the end of 2022).
LABOUR_FORCE_PER_INHABITANT = 0.53
COVERAGE_2022 = 0.027
PARTICIPANTS_AT_START = 1_300_000
# The usual monthly movements outside the campaign's count, as shares of the stock.
MONTHLY_JOINING = 0.015
MONTHLY_STOPPING = 0.009


def generate_participants(
    *,
    seed: int = DEFAULT_SEED,
    enrollments: pd.DataFrame | None = None,
    first: str = "2022-05",
    last: str = "2022-12",
) -> pd.DataFrame:
    """Monthly stock of voluntary participants and the labour force, per province and district.

    ``enrollments`` (the sample's, or none) adds its voluntary social insurance rows of each
    month and district to that month's increase. Each province row is the sum of its district
    rows.

    Columns: those of the ``participants`` table without ``id`` and ``import_id``; the 63
    province rows of each month (``district_code`` missing) come before its district rows.
    ``year_plan`` stays empty.
    """
    rng = np.random.default_rng([seed, 2])
    months = pd.period_range(first, last, freq="M")
    districts = reference.districts()
    province_codes = districts["province_code"].to_numpy()
    province_index = pd.factorize(province_codes, sort=True)[0]
    n_provinces = int(province_index.max()) + 1

    pop = districts["pop_2019"].to_numpy(dtype="float64")
    labour_force = pop * LABOUR_FORCE_PER_INHABITANT * rng.normal(1.0, 0.04, len(pop))
    coverage = (
        COVERAGE_2022
        * rng.lognormal(0.0, 0.35, n_provinces)[province_index]
        * rng.lognormal(0.0, 0.2, len(pop))
    )
    coverage *= PARTICIPANTS_AT_START / (labour_force * coverage).sum()
    stock = np.rint(labour_force * coverage).astype("int64")
    campaign = _campaign_new(enrollments, months, districts["district_code"])

    frames = []
    for step, month in enumerate(months):
        joining = rng.normal(MONTHLY_JOINING, 0.004, n_provinces)[province_index]
        stopping = rng.normal(MONTHLY_STOPPING, 0.002, n_provinces)[province_index]
        increase = np.rint(stock * joining.clip(0)).astype("int64") + campaign[step]
        decrease = np.rint(stock * stopping.clip(0)).astype("int64")
        stock = stock + increase - decrease
        district_rows = pd.DataFrame(
            {
                "period": str(month),
                "province_code": province_codes,
                "district_code": districts["district_code"].to_numpy(),
                "voluntary_participants": stock,
                "labour_force": np.rint(labour_force * (1.0 + 0.0009 * step)).astype("int64"),
                "increase": increase,
                "decrease": decrease,
            }
        )
        value_columns = ["voluntary_participants", "labour_force", "increase", "decrease"]
        province_rows = (
            district_rows.groupby("province_code", sort=True)[value_columns]
            .sum()
            .reset_index()
            .assign(period=str(month), district_code=None)
        )
        frames += [province_rows, district_rows]
    return pd.concat(frames, ignore_index=True).reindex(columns=list(PARTICIPANT_COLUMNS))


def _campaign_new(
    enrollments: pd.DataFrame | None, months: pd.PeriodIndex, district_codes: pd.Series
) -> np.ndarray:
    """Voluntary social insurance enrollments per month (rows) and district (columns)."""
    if enrollments is None or enrollments.empty:
        return np.zeros((len(months), len(district_codes)), dtype="int64")
    vsi = enrollments[enrollments["product"] == VSI]
    month = vsi["registered_on"].dt.to_period("M").astype(str)
    table = pd.crosstab(month, vsi["district_code"])
    return (
        table.reindex(index=months.astype(str), columns=district_codes, fill_value=0)
        .to_numpy()
        .astype("int64")
    )
