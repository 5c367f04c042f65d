"""The questions the screens ask, answered from the database and the reference tables.

Callbacks call these and nothing else. Everything is computed from a snapshot of the data
(``dashboard.data.metrics``) that is rebuilt only when the data version changes, so a new
import is visible on the next request while unchanged data is never re-read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.data import metrics, queries
from dashboard.data.db import data_version
from dashboard.state import ViewState
from geodata import reference


@dataclass(frozen=True)
class Progress:
    """Enrollments so far against a target."""

    value: int
    target: int

    @property
    def share(self) -> float:
        return self.value / self.target if self.target else float("nan")


@dataclass(frozen=True)
class PaceSeries:
    """Running total per day, and the target it runs toward."""

    days: list[dt.date]
    cumulative: list[int]
    target: int


class DashboardService:
    """Answers for one database; safe to share between the threads of one worker."""

    def __init__(self, engine: Engine, *, national_target: int) -> None:
        self._engine = engine
        self._national_target = national_target
        self._snapshots = metrics.SnapshotCache(engine, national_target=national_target)

    @property
    def engine(self) -> Engine:
        return self._engine

    def data_version(self) -> str:
        with self._engine.connect() as con:
            return data_version(con)

    def snapshot(self) -> metrics.DashboardData:
        """The current data, re-read only when an import or undo changed the version."""
        return self._snapshots.get()

    def status(self) -> queries.DataStatus:
        with self._engine.connect() as con:
            return queries.data_status(con)

    def map_values(self, state: ViewState) -> pd.DataFrame:
        """One row per unit drawn: ``code``, ``name``, ``value`` (NaN = no data).

        Units are the 2025 provinces, the districts of the selected 2022 province, or the 2022
        provinces (only the selected region's when a region is chosen). Percentages come
        back as fractions; ``attrs["unit"]`` names the unit.
        """
        district_level = state.geography == "2022" and state.province is not None
        table = metrics.map_values(
            self.snapshot(),
            metric=state.metric,
            geography=state.geography,
            level="district" if district_level else "province",
            province_code=state.province if district_level else None,
            region=state.region if state.geography == "2022" else None,
            start=state.start,
            end=state.end,
            channels=state.channels or None,
        )
        unit = table.attrs["unit"]
        value = table["value"].to_numpy(dtype="float64")
        if unit.startswith("percent"):
            value = value / 100
        frame = pd.DataFrame(
            {"code": table["code"].to_numpy(), "name": table["name_vi"].to_numpy(), "value": value}
        )
        frame.attrs["unit"] = unit
        return frame

    def progress(self, state: ViewState) -> tuple[Progress, Progress | None]:
        """National progress, and the selected area's (province or region) if there is one."""
        data = self.snapshot()
        window: dict[str, Any] = {
            "start": state.start,
            "end": state.end,
            "channels": state.channels or None,
        }
        national = metrics.progress(data, **window)
        nation = Progress(national.value, self._national_target)
        if state.geography == "2025":
            if not state.province:
                return nation, None
            rows = metrics.province_progress(data, geography="2025", **window)
            row = rows[rows["code"] == state.province].iloc[0]
            return nation, Progress(int(row["value"]), _int(row["target"]))
        if not (state.province or state.region):
            return nation, None
        area = metrics.progress(
            data,
            province_code=state.province,
            region=None if state.province else state.region,
            **window,
        )
        return nation, Progress(area.value, area.target or 0)

    def cumulative(self, state: ViewState, *, deadline: dt.date) -> PaceSeries:
        """Running total of the area in view, with the target it runs toward.

        A 2025 province is the sum of the 2022 provinces merged into it; the whole country
        runs toward the national target (a setting), not the sum of the provinces' targets.
        """
        window: dict[str, Any] = {
            "end": state.end,
            "channels": state.channels or None,
            "deadline": deadline,
        }
        data = self.snapshot()
        if state.geography == "2025" and state.province:
            parts = [
                metrics.cumulative_series(data, province_code=code, **window)
                for code in _merged_into(state.province)
            ]
        elif state.geography == "2022" and (state.province or state.region):
            region = None if state.province else state.region
            parts = [
                metrics.cumulative_series(
                    data, province_code=state.province, region=region, **window
                )
            ]
        else:
            national = metrics.cumulative_series(data, **window)
            return _pace(national.daily, self._national_target)
        daily = (
            parts[0]
            .daily[["date"]]
            .assign(cumulative=sum(part.daily["cumulative"].to_numpy() for part in parts))
        )
        return _pace(daily, sum(part.target or 0 for part in parts))

    def ranking(self, state: ViewState) -> pd.DataFrame:
        """Provinces (2022) within the view's period, channels and region, best share first."""
        frame = metrics.ranking(
            self.snapshot(),
            geography="2022",
            region=state.region if state.geography == "2022" else None,
            start=state.start,
            end=state.end,
            channels=state.channels or None,
        )
        return frame.assign(
            name=frame["name_vi"],
            target_share=frame["target_share"] / 100,
            per_10k=frame["per_10k"].round(2),
        )

    def tour_stops(self) -> tuple[tuple[str | None, str | None], ...]:
        """Presenter tour: the nation, then each region and its province furthest behind."""
        ranking = self.ranking(ViewState())
        stops: list[tuple[str | None, str | None]] = [(None, None)]
        for region in reference.regions()["region_code"]:
            in_region = ranking[ranking["region_code"] == region]
            stops.append((region, None))
            # Furthest behind among those with a target (no target: no rank).
            ranked = in_region.dropna(subset=["rank"])
            if len(ranked):
                stops.append((region, str(ranked.iloc[-1]["code"])))
        return tuple(stops)


def _merged_into(province_2025: str) -> tuple[str, ...]:
    """The 2022 provinces dissolved into a 2025 province."""
    units = reference.provinces_2025()
    merged = dict(zip(units["province_code_2025"], units["old_province_codes"], strict=True))
    return tuple(merged[province_2025])


def _pace(daily: pd.DataFrame, target: int) -> PaceSeries:
    """The days up to the last one counted (the frame runs on to the deadline, empty)."""
    counted = daily.dropna(subset=["cumulative"])
    days = [d.date() for d in pd.to_datetime(counted["date"])]
    return PaceSeries(days, counted["cumulative"].astype(int).tolist(), target)


def _int(value: object) -> int:
    number = float(value)  # type: ignore[arg-type]
    return 0 if np.isnan(number) else int(number)
