"""The questions the screens ask, answered from the database and the reference tables.

Callbacks call these and nothing else, with the ``Filters`` of their view
(``AppContext.filters``: the view's period, else the campaign window). Everything is
computed from a snapshot of the data (``dashboard.data.metrics``) that is rebuilt only when
the data version changes, so a new import is visible on the next request while unchanged
data is never re-read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.data import metrics, queries
from dashboard.data.db import data_version
from dashboard.data.metrics import PaceSeries, Progress
from dashboard.domain import PRODUCTS, Campaign, Filters, Metric, metric_spec
from geodata import reference

__all__ = ["DashboardService", "PaceSeries", "Progress"]


class DashboardService:
    """Answers for one database; safe to share between the threads of one worker."""

    def __init__(self, engine: Engine, *, campaign: Campaign) -> None:
        self._engine = engine
        self._campaign = campaign
        self._last_imports: tuple[str, dict[str, dt.datetime]] | None = None
        self._snapshots = metrics.SnapshotCache(engine, national_targets=campaign.national_targets)
        self._database_version: Callable[[], str] = self._snapshots.database_version
        self._background = False

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def campaign(self) -> Campaign:
        return self._campaign

    def serve_in_background(self, database_version: Callable[[], str]) -> None:
        """Answer from the snapshot held while the next one loads (a server's workers).

        ``database_version()`` tells the database's version (a server's ``VersionClock``),
        so the service and the kept answers agree on it; ``data_version`` then tells the
        version of the data answered from, which a page's refresh picks up once loaded.
        """
        self._database_version = database_version
        self._background = True

    def served_version(self, version: str, seen: str | None = None) -> str:
        """The version answered from while the database is at ``version``.

        A client that has seen ``version`` (from another worker) waits for this worker's
        snapshot of it rather than be shown the figures of before.
        """
        wait = not self._background or seen == version
        return self._snapshots.served(version, wait=wait).version

    def data_version(self) -> str:
        if self._background:
            return self.snapshot().version
        with self._engine.connect() as con:
            return data_version(con)

    def snapshot(self) -> metrics.DashboardData:
        """The data to answer from, re-read only when an import or undo changed the version
        (in the background, when ``serve_in_background`` was called)."""
        return self._snapshots.served(self._database_version(), wait=not self._background)

    def status(self) -> queries.DataStatus:
        with self._engine.connect() as con:
            return queries.data_status(con)

    def map_values(self, metric: Metric, filters: Filters) -> pd.DataFrame:
        """One row per unit drawn: ``code``, ``name``, ``value`` (NaN = no data).

        Units are the 2025 provinces, the districts of the selected 2022 province, or the 2022
        provinces (only the selected region's when a region is chosen). Percentages come
        back as fractions; ``attrs["unit"]`` names the unit.
        """
        table = metrics.map_values(self.snapshot(), metric=metric, filters=filters)
        unit = table.attrs["unit"]
        value = table["value"].to_numpy(dtype="float64")
        if metric_spec(metric, unit).percent:
            value = value / 100
        frame = pd.DataFrame(
            {"code": table["code"].to_numpy(), "name": table["name_vi"].to_numpy(), "value": value}
        )
        frame.attrs["unit"] = unit
        return frame

    def progress(self, filters: Filters) -> tuple[Progress, Progress | None]:
        """National progress, and the selected area's (district, province or region) if any."""
        data = self.snapshot()
        national = metrics.progress(data, filters.national())
        if filters.province is None and (filters.region is None or filters.geography == "2025"):
            return national, None
        if filters.district is not None:
            # A selected district shows its own count (targets are set per province: none).
            table = metrics.map_values(data, metric="new_enrollments", filters=filters)
            row = table[table["code"] == filters.district]
            value = row["value"].iloc[0] if len(row) else 0
            return national, Progress(int(0 if pd.isna(value) else value), None)
        return national, metrics.progress(data, filters)

    def products_summary(self, filters: Filters) -> dict[str, Progress]:
        """National progress of every product over the filters' period and channels, side by
        side (each against its own target; never added together)."""
        data = self.snapshot()
        return {
            product: metrics.progress(data, replace(filters.national(), product=product))
            for product in PRODUCTS
        }

    def pace(self, filters: Filters) -> PaceSeries:
        """Running total of the area in view since the campaign start, over the period's
        days, with the target it runs toward (see ``metrics.pace_series``)."""
        return metrics.pace_series(self.snapshot(), filters, campaign_start=self._campaign.start)

    def ranking(self, filters: Filters) -> pd.DataFrame:
        """Provinces of the view's geography and region, best share of target first."""
        frame = metrics.ranking(self.snapshot(), filters)
        return frame.assign(
            name=frame["name_vi"],
            target_share=frame["target_share"] / 100,
            per_10k=frame["per_10k"].round(2),
        )

    def last_imports(self, geography: str = "2022") -> dict[str, dt.datetime]:
        """When each province's enrollments were last imported (UTC), by the province code
        of ``geography`` (a 2025 province: the newest of its 2022 parts); read once per data
        version."""
        version = self.data_version()
        kept = self._last_imports
        if kept is None or kept[0] != version:
            with self._engine.connect() as con:
                kept = (version, queries.last_import_per_province(con))
            self._last_imports = kept
        per_province = kept[1]
        if geography != "2025":
            return dict(per_province)
        merged: dict[str, dt.datetime] = {}
        units = reference.provinces_2025()
        for code, old_codes in zip(
            units["province_code_2025"], units["old_province_codes"], strict=True
        ):
            parts = [per_province[c] for c in old_codes if c in per_province]
            if parts:
                merged[str(code)] = max(parts)
        return merged

    def data_date(self) -> dt.date | None:
        """The last day with enrollments (what "data as of" means), None without any."""
        return self.snapshot().last_day

    def days_to_deadline(self, filters: Filters) -> int:
        """Days from the last day counted (the period's end, or the data's last day if
        earlier) to the campaign deadline; 0 once the deadline is reached."""
        counted = filters.end or self._campaign.deadline
        last = self.data_date()
        if last is not None and last < counted:
            counted = last
        return max((self._campaign.deadline - counted).days, 0)

    def tour_stops(self) -> tuple[tuple[str | None, str | None], ...]:
        """Presenter tour: the nation, then each region and its province furthest behind."""
        window = Filters(self._campaign.start, self._campaign.deadline)
        ranking = self.ranking(window)
        stops: list[tuple[str | None, str | None]] = [(None, None)]
        for region in reference.regions()["region_code"]:
            in_region = ranking[ranking["region_code"] == region]
            stops.append((region, None))
            # Furthest behind among those with a target (no target: no rank).
            ranked = in_region.dropna(subset=["rank"])
            if len(ranked):
                stops.append((region, str(ranked.iloc[-1]["code"])))
        return tuple(stops)

    def events(self, filters: Filters) -> pd.DataFrame:
        """Events of the view's period and area, newest first (``metrics.events_list``)."""
        return metrics.events_list(self.snapshot(), replace(filters, district=None))
