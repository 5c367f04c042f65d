"""Sample participants: the monthly stock of voluntary participants and the labour force."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import DEFAULT_SEED, table_columns
from dashboard.data.schema import participants
from geodata import reference

# Participants: 2022 labour force per inhabitant of 2019 (about 51 million of 96 million,
# grown since the census), the national voluntary coverage, and the national stock of
# voluntary participants in the first month (about 1.4 million by the end of 2022).
LABOUR_FORCE_PER_INHABITANT = 0.53
COVERAGE_2022 = 0.027
PARTICIPANTS_AT_START = 1_300_000


PARTICIPANT_COLUMNS = table_columns(participants)


def generate_participants(
    *, seed: int = DEFAULT_SEED, first: str = "2022-05", last: str = "2022-12"
) -> pd.DataFrame:
    """Monthly stock of voluntary participants and the labour force, per province and district.

    Shaped on 2022: about 1.4 million voluntary participants against a labour force of about
    51 million (0.53 x the 2019 population), so about 2.7% coverage,
    uneven between provinces and districts and growing month by month. Each province row is
    the sum of its district rows.

    Columns: those of the ``participants`` table without ``id`` and ``import_id``; the 63
    province rows of each month (``district_code`` missing) come before its district rows.
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
    monthly_growth = rng.normal(0.012, 0.004, n_provinces)[province_index]

    frames = []
    for step, month in enumerate(months):
        lf = np.rint(labour_force * (1.0 + 0.0009 * step)).astype("int64")
        stock = np.rint(labour_force * coverage * (1.0 + monthly_growth) ** step).astype("int64")
        district_rows = pd.DataFrame(
            {
                "period": str(month),
                "province_code": province_codes,
                "district_code": districts["district_code"].to_numpy(),
                "voluntary_participants": stock,
                "labour_force": lf,
            }
        )
        province_rows = (
            district_rows.groupby("province_code", sort=True)[
                ["voluntary_participants", "labour_force"]
            ]
            .sum()
            .reset_index()
            .assign(period=str(month), district_code=None)
        )
        frames += [province_rows, district_rows]
    # Columns a development report fills (movements, the year's plan) stay empty here.
    return pd.concat(frames, ignore_index=True).reindex(columns=list(PARTICIPANT_COLUMNS))
