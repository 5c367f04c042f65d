"""The questions the screens ask, answered from the database and the reference tables.

Callbacks call these and nothing else. Everything is computed from a snapshot of the data
(``dashboard.data.metrics``) that is rebuilt only when the data version changes, so a new
import is visible on the next request while unchanged data is never re-read.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from dashboard.data import queries
from dashboard.data.db import data_version
from dashboard.data.schema import events, imports
from dashboard.state import ViewState
from geodata import reference


@dataclass(frozen=True)
class MetricUnit:
    """How a metric's values are written: decimals, and whether they are fractions shown in %."""

    decimals: int
    percent: bool = False


METRIC_UNITS: Final = {
    "new_enrollments": MetricUnit(0),
    "per_10k": MetricUnit(1),
    "coverage": MetricUnit(2, percent=True),
    "target_share": MetricUnit(0, percent=True),
    "events": MetricUnit(0),
    "attendance": MetricUnit(0),
}


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


@dataclass(frozen=True)
class Snapshot:
    """Everything the screens aggregate, read once per data version."""

    version: str
    cube: pd.DataFrame
    province_targets: pd.Series  # target by 2022 province code
    events: pd.DataFrame


class DashboardService:
    """Answers for one database; safe to share between the threads of one worker."""

    def __init__(self, engine: Engine, *, national_target: int) -> None:
        self._engine = engine
        self._national_target = national_target
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    @staticmethod
    def known_province_codes() -> frozenset[str]:
        """The 63 GSO codes a URL may name."""
        return frozenset(reference.provinces()["province_code"])

    def data_version(self) -> str:
        with self._engine.connect() as con:
            return data_version(con)

    def snapshot(self) -> Snapshot:
        """The current data, re-read only when an import or undo changed the version."""
        with self._engine.connect() as con:
            version = data_version(con)
            with self._lock:
                if self._snapshot is None or self._snapshot.version != version:
                    targets = queries.province_targets(con)
                    self._snapshot = Snapshot(
                        version=version,
                        cube=queries.enrollment_cube(con),
                        province_targets=targets.set_index("province_code")["target"],
                        events=_read_events(con),
                    )
                return self._snapshot

    def cube(self) -> pd.DataFrame:
        """Daily enrollment counts by district and channel."""
        return self.snapshot().cube

    def status(self) -> queries.DataStatus:
        with self._engine.connect() as con:
            return queries.data_status(con)

    # -- the map ---------------------------------------------------------------------------

    def map_values(self, state: ViewState) -> pd.DataFrame:
        """One row per unit drawn: ``code``, ``name``, ``value`` (NaN = no data).

        Units are the 2025 provinces, the districts of the selected 2022 province, or the 2022
        provinces (only the selected region's when a region is chosen).
        """
        snap = self.snapshot()
        if state.geography == "2025":
            units = _provinces_2025()
            level_column = "province_code_2025"
        elif state.province:
            districts = reference.districts()
            units = districts[districts["province_code"] == state.province].rename(
                columns={"district_code": "code", "full_name_vi": "name"}
            )
            level_column = "district_code"
        else:
            provinces = reference.provinces()
            if state.region:
                provinces = provinces[provinces["region_code"] == state.region]
            units = provinces.rename(columns={"province_code": "code", "display_name_vi": "name"})
            level_column = "province_code"
        counts = _counts_by(snap.cube, level_column, state)
        count = units["code"].map(counts).fillna(0).to_numpy(dtype="float64")
        population = units["pop_2019"].to_numpy(dtype="float64")
        value = self._metric(state, units, level_column, count, population, snap)
        return pd.DataFrame(
            {"code": units["code"].to_numpy(), "name": units["name"].to_numpy(), "value": value}
        )

    def _metric(
        self,
        state: ViewState,
        units: pd.DataFrame,
        level_column: str,
        count: np.ndarray,
        population: np.ndarray,
        snap: Snapshot,
    ) -> np.ndarray:
        metric = state.metric
        with np.errstate(divide="ignore", invalid="ignore"):
            if metric == "new_enrollments":
                return count
            if metric == "per_10k":
                # Undefined where nobody lived in 2019 (Hoàng Sa): no data, not zero.
                return np.where(population > 0, count / population * 10_000, np.nan)
            if metric == "target_share":
                targets = _targets_by(snap.province_targets, level_column)
                target = units["code"].map(targets).to_numpy(dtype="float64")
                return np.where(target > 0, count / target, np.nan)
            if metric in ("events", "attendance") and len(snap.events):
                events = _events_in(snap.events, state)
                if level_column == "province_code_2025":
                    events = events.assign(province_code_2025=_to_2025(events["province_code"]))
                column = "attendees" if metric == "attendance" else "event_count"
                by_unit = events.groupby(level_column)[column].sum()
                return units["code"].map(by_unit).fillna(0).to_numpy(dtype="float64")
        # Coverage needs a participants file, events an events file: without one, no data.
        return np.full(len(units), np.nan)

    # -- progress --------------------------------------------------------------------------

    def progress(self, state: ViewState) -> tuple[Progress, Progress | None]:
        """National progress, and the selected area's (province or region) if there is one."""
        snap = self.snapshot()
        national = Progress(_total(snap.cube, state, None), self._national_target)
        codes = self.area_provinces(state)
        if codes is None:
            return national, None
        target = int(snap.province_targets.reindex(list(codes)).fillna(0).sum())
        return national, Progress(_total(snap.cube, state, codes), target)

    def area_provinces(self, state: ViewState) -> tuple[str, ...] | None:
        """The 2022 provinces of the selected area, or None for the whole country."""
        provinces = reference.provinces()
        if state.geography == "2025":
            if not state.province:
                return None
            chosen = provinces["province_code_2025"] == state.province
        elif state.province:
            chosen = provinces["province_code"] == state.province
        elif state.region:
            chosen = provinces["region_code"] == state.region
        else:
            return None
        return tuple(provinces.loc[chosen, "province_code"])

    def cumulative(self, state: ViewState) -> PaceSeries:
        """Running total of the area in view, from the campaign's first enrollment."""
        snap = self.snapshot()
        codes = self.area_provinces(state)
        daily = queries.daily_totals(
            snap.cube,
            province_codes=codes,
            end=state.end,
            channels=state.channels or None,
        )
        if codes is None:
            target = self._national_target
        else:
            target = int(snap.province_targets.reindex(list(codes)).fillna(0).sum())
        days = [d.date() for d in pd.to_datetime(daily["date"])]
        return PaceSeries(days, daily["cumulative"].astype(int).tolist(), target)

    def ranking(self, state: ViewState) -> pd.DataFrame:
        """Provinces (2022) within the view's period, channels and region, ranked by share."""
        snap = self.snapshot()
        provinces = reference.provinces()
        if state.region and state.geography == "2022":
            provinces = provinces[provinces["region_code"] == state.region]
        counts = _counts_by(snap.cube, "province_code", state, area=False)
        new = provinces["province_code"].map(counts).fillna(0).astype("int64")
        target = provinces["province_code"].map(snap.province_targets)
        events = _events_in(snap.events, state).groupby("province_code")["event_count"].sum()
        population = provinces["pop_2019"].to_numpy(dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(target > 0, new / target, np.nan)
            per_10k = np.where(population > 0, new / population * 10_000, np.nan)
        frame = pd.DataFrame(
            {
                "code": provinces["province_code"].to_numpy(),
                "name": provinces["display_name_vi"].to_numpy(),
                "region_code": provinces["region_code"].to_numpy(),
                "new_enrollments": new.to_numpy(),
                "target": target.to_numpy(dtype="float64"),
                "target_share": share,
                "per_10k": np.round(per_10k, 2),
                "events": provinces["province_code"].map(events).fillna(0).astype(int).to_numpy(),
            }
        )
        frame = frame.sort_values(["target_share", "new_enrollments"], ascending=False)
        frame["rank"] = np.arange(1, len(frame) + 1)
        return frame.reset_index(drop=True)

    def tour_stops(self) -> tuple[tuple[str | None, str | None], ...]:
        """Presenter tour: the nation, then each region and its province furthest behind."""
        ranking = self.ranking(ViewState())
        stops: list[tuple[str | None, str | None]] = [(None, None)]
        for region in reference.regions()["region_code"]:
            in_region = ranking[ranking["region_code"] == region]
            stops.append((region, None))
            if len(in_region):
                stops.append((region, str(in_region.iloc[-1]["code"])))
        return tuple(stops)


def _provinces_2025() -> pd.DataFrame:
    units = reference.provinces_2025().rename(
        columns={"province_code_2025": "code", "full_name_vi": "name"}
    )
    provinces = reference.provinces()
    population = provinces.groupby("province_code_2025")["pop_2019"].sum()
    return units.assign(pop_2019=units["code"].map(population))


def _to_2025(province_codes: pd.Series) -> pd.Series:
    mapping = reference.provinces().set_index("province_code")["province_code_2025"]
    return province_codes.map(mapping)


def _total(cube: pd.DataFrame, state: ViewState, province_codes: tuple[str, ...] | None) -> int:
    counts = queries.summarise_enrollments(
        cube,
        level="province",
        province_codes=province_codes,
        start=state.start,
        end=state.end,
        channels=state.channels or None,
    )
    return int(counts["new_enrollments"].sum())


def _read_events(con: Connection) -> pd.DataFrame:
    """Events of live imports: day, place, attendance; one row per event."""
    e = events.c
    live = select(imports.c.id).where(imports.c.undone_at.is_(None))
    rows = con.execute(
        select(e.held_on, e.province_code, e.district_code, e.attendees, e.online_viewers).where(
            e.import_id.in_(live)
        )
    ).all()
    frame = pd.DataFrame(
        rows, columns=["held_on", "province_code", "district_code", "attendees", "online_viewers"]
    )
    return frame.assign(event_count=1)


def _counts_by(
    cube: pd.DataFrame, level_column: str, state: ViewState, *, area: bool = False
) -> pd.Series:
    """New enrollments per unit of ``level_column`` within the view's period and channels."""
    level = "province" if level_column in ("province_code", "province_code_2025") else "district"
    counts = queries.summarise_enrollments(
        cube,
        level="province" if level == "province" else "district",
        start=state.start,
        end=state.end,
        channels=state.channels or None,
    ).set_index("code")["new_enrollments"]
    if level_column == "province_code_2025":
        counts = counts.groupby(_to_2025(counts.index.to_series())).sum()
    del area
    return counts


def _targets_by(province_targets: pd.Series, level_column: str) -> pd.Series:
    if level_column == "province_code_2025":
        return province_targets.groupby(_to_2025(province_targets.index.to_series())).sum()
    if level_column == "district_code":
        return pd.Series(dtype="float64")  # district targets: see queries.district_targets
    return province_targets


def _events_in(events: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    keep = np.ones(len(events), dtype=bool)
    if state.start is not None:
        keep &= (events["held_on"] >= state.start).to_numpy()
    if state.end is not None:
        keep &= (events["held_on"] <= state.end).to_numpy()
    return events[keep]
