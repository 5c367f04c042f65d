"""The questions the screens ask, answered from the database and the reference tables.

Callbacks call these and nothing else. Aggregates are cached per data version, so a new
import is visible on the next request while unchanged data is never re-read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.data import queries
from dashboard.data.db import data_version
from dashboard.state import Metric
from geodata import reference


@dataclass(frozen=True)
class Progress:
    """Enrollments so far against a target."""

    value: int
    target: int

    @property
    def share(self) -> float:
        return self.value / self.target if self.target else float("nan")


class DashboardService:
    """Answers for one database; safe to share between the threads of one worker."""

    def __init__(self, engine: Engine, *, national_target: int) -> None:
        self._engine = engine
        self._national_target = national_target
        self._lock = threading.Lock()
        self._cached_version: str | None = None
        self._cube: pd.DataFrame | None = None

    @staticmethod
    def known_province_codes() -> frozenset[str]:
        """The 63 GSO codes a URL may name."""
        return frozenset(reference.provinces()["province_code"])

    def cube(self) -> pd.DataFrame:
        """Daily enrollment counts by district and channel, re-read only when data changed."""
        with self._engine.connect() as con:
            version = data_version(con)
            with self._lock:
                if self._cube is None or version != self._cached_version:
                    self._cube = queries.enrollment_cube(con)
                    self._cached_version = version
                return self._cube

    def status(self) -> queries.DataStatus:
        with self._engine.connect() as con:
            return queries.data_status(con)

    def province_values(self, metric: Metric) -> pd.DataFrame:
        """One row per 2022 province: ``code``, ``name``, ``value`` (NaN = no data)."""
        units = reference.provinces()
        counts = queries.summarise_enrollments(self.cube(), level="province")
        return _with_metric(
            units["province_code"], units["display_name_vi"], units["pop_2019"], counts, metric
        )

    def district_values(self, province_code: str, metric: Metric) -> pd.DataFrame:
        """One row per district of ``province_code``: ``code``, ``name``, ``value``."""
        all_districts = reference.districts()
        units = all_districts[all_districts["province_code"] == province_code]
        counts = queries.summarise_enrollments(
            self.cube(), level="district", province_codes=[province_code]
        )
        return _with_metric(
            units["district_code"], units["full_name_vi"], units["pop_2019"], counts, metric
        )

    def national_progress(self) -> Progress:
        total = int(self.cube()["n"].sum())
        return Progress(value=total, target=self._national_target)

    def province_progress(self, province_code: str) -> Progress:
        cube = self.cube()
        value = int(cube.loc[cube["province_code"] == province_code, "n"].sum())
        with self._engine.connect() as con:
            targets = queries.province_targets(con)
        match = targets.loc[targets["province_code"] == province_code, "target"]
        return Progress(value=value, target=int(match.iloc[0]) if len(match) else 0)


def _with_metric(
    codes: pd.Series,
    names: pd.Series,
    population: pd.Series,
    counts: pd.DataFrame,
    metric: Metric,
) -> pd.DataFrame:
    """Join counts to every unit; a unit without enrollments has 0, not "no data".

    Per-capita values are undefined where nobody lived in 2019 (Hoàng Sa): those are NaN.
    """
    by_code = counts.set_index("code")["new_enrollments"]
    count = codes.map(by_code).fillna(0).astype("int64").to_numpy()
    if metric == "per_10k":
        pop = population.to_numpy(dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(pop > 0, count / pop * 10_000, np.nan)
    else:
        value = count.astype("float64")
    return pd.DataFrame(
        {"code": codes.to_numpy(), "name": names.to_numpy(), "value": value, "count": count}
    )
