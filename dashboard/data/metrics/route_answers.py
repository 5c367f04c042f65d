"""What the routes screen draws for one day and one area, small enough for one answer.

At the launch day's scale (9,000 vehicles, millions of points) a day is never sent whole:
tracks are simplified to about a pixel at the map's zoom; across the country each district
contributes one track (its longest vehicle's, the parades driving together) and its totals
(vehicle-kilometres, stops, people); an open province shows every vehicle, and the stops of
a parade at one place are one marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import pandas as pd

from dashboard.data.metrics.route_lines import FINEST_SERVED, longest_runs, simplified
from dashboard.data.metrics.routes import SITE_COLUMNS, route_index
from dashboard.data.metrics.snapshot import DashboardData

_EPOCH: Final = np.datetime64("1970-01-01", "D")
# Track positions one answer carries at most (float32 pairs: about 11 bytes each on the wire;
# the rest of a national answer, shading and district totals, takes about 150 KB),
# and how many times the tolerance may double to get there.
MAX_TRACK_POSITIONS: Final = 8_000
MAX_COARSENING: Final = 5


@dataclass(frozen=True)
class Tracks:
    """The lines of one vehicle type: float32 coordinates, NaN between two tracks."""

    vehicle_type: str
    lat: np.ndarray
    lon: np.ndarray
    count: int


def degrees_per_pixel(zoom: float) -> float:
    """Longitude degrees one screen pixel spans at a web-mercator ``zoom`` (512 px tiles)."""
    return 360.0 / (512.0 * 2.0**zoom)


def route_tracks(
    data: DashboardData,
    day: dt.date,
    *,
    provinces: Collection[str] | None,
    tolerance: float,
    one_per_district: bool,
) -> list[Tracks]:
    """Tracks of ``day`` in ``provinces`` (None: all), simplified to ``tolerance`` degrees.

    With ``one_per_district`` each district keeps only the vehicle that drove furthest
    from it that day; otherwise every vehicle is drawn. One ``Tracks`` per vehicle type,
    in type order.
    """
    key = ("route_tracks", day, round(tolerance, 6), one_per_district)
    if provinces is not None:
        return _tracks(data, day, provinces, tolerance, one_per_district)
    # The national answer is the same for everyone: kept with the snapshot.
    build = lambda: _tracks(data, day, None, tolerance, one_per_district)  # noqa: E731
    return cast(list[Tracks], data._cached(repr(key), build))


def district_totals(
    data: DashboardData, day: dt.date, provinces: Collection[str] | None = None
) -> pd.DataFrame:
    """Per district of ``provinces`` (None: all) on ``day``: ``routes.DISTRICT_DAY_COLUMNS``."""
    table = route_index(data).district_days
    keep = table["day"].to_numpy() == np.datetime64(day, "s")
    if provinces is not None:
        keep &= table["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    return table[keep].reset_index(drop=True)


def stop_sites(
    data: DashboardData, day: dt.date, provinces: Collection[str] | None = None
) -> pd.DataFrame:
    """The stops of ``day``, those of one name within ``SAME_PLACE_DEG`` as one site.

    Columns ``SITE_COLUMNS``: the first stop's position and vehicle type, how many vehicle
    stops made the site and the people they reached; largest audience first.
    """
    sites = route_index(data).sites
    keep = sites["day"].to_numpy() == np.datetime64(day, "s")
    if provinces is not None:
        keep &= sites["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    return sites.loc[keep, list(SITE_COLUMNS)].reset_index(drop=True)


def reached_districts(
    data: DashboardData, until: dt.date, provinces: Collection[str] | None = None
) -> tuple[list[str], int]:
    """Codes of the districts stopped in up to ``until`` (inclusive) in ``provinces`` (None:
    all), and the people reached there by then."""
    table = route_index(data).district_days
    keep = table["day"].to_numpy() <= np.datetime64(until, "s")
    keep &= table["stops"].to_numpy() > 0
    if provinces is not None:
        keep &= table["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    rows = table[keep]
    return sorted(set(rows["district_code"])), int(rows["people_reached"].sum())


def vehicles_out(
    data: DashboardData, day: dt.date, provinces: Collection[str] | None = None
) -> dict[str, int]:
    """How many vehicles of each type drove on ``day`` in ``provinces`` (None: anywhere)."""
    runs = _day_runs(route_index(data).runs, day, provinces)
    distinct = runs.drop_duplicates("vehicle")
    return {str(k): int(v) for k, v in distinct.groupby("vehicle_type").size().items()}


def _day_runs(runs: pd.DataFrame, day: dt.date, provinces: Collection[str] | None) -> pd.DataFrame:
    """The rows of ``runs`` (or ``DistrictLines.lines``) of ``day`` in ``provinces``."""
    keep = runs["day"].to_numpy() == int((np.datetime64(day, "D") - _EPOCH).astype(int))
    if provinces is not None:
        keep &= runs["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    return runs[keep]


def _tracks(
    data: DashboardData,
    day: dt.date,
    provinces: Collection[str] | None,
    tolerance: float,
    one_per_district: bool,
) -> list[Tracks]:
    index = route_index(data)
    if one_per_district and tolerance >= FINEST_SERVED:
        # The district's longest tracks, chosen and simplified with the index.
        lines = index.district_lines
        kept = _day_runs(lines.lines, day, provinces)
        lat, lon, order = lines.lat, lines.lon, None
    else:
        kept = _day_runs(index.runs, day, provinces)
        kept = longest_runs(kept) if one_per_district else kept
        kept = kept[(kept["stop"] - kept["start"]).to_numpy() >= 2]
        lat = data.routes["lat"].to_numpy(dtype="float64")
        lon = data.routes["lon"].to_numpy(dtype="float64")
        order = index.order
    # A province on the launch day has hundreds of vehicles on the same roads: coarser
    # until the answer fits its budget (each doubling roughly halves the positions).
    for _ in range(MAX_COARSENING):
        out = _simplified(kept, lat, lon, tolerance, order)
        if sum(int(np.isfinite(t.lat).sum()) for t in out) <= MAX_TRACK_POSITIONS:
            break
        tolerance *= 2
    return out


def _simplified(
    runs: pd.DataFrame,
    lat: np.ndarray,
    lon: np.ndarray,
    tolerance: float,
    order: np.ndarray | None,
) -> list[Tracks]:
    out: list[Tracks] = []
    for vehicle_type, group in runs.groupby("vehicle_type", sort=True):
        coords, which = simplified(
            lat, lon, group["start"].to_numpy(), group["stop"].to_numpy(), tolerance, order
        )
        # One NaN between two tracks: a coordinate moves right by the number of tracks before it.
        size = len(coords) + len(group) - 1
        xs = np.full(size, np.nan, dtype=np.float32)
        ys = np.full(size, np.nan, dtype=np.float32)
        where = np.arange(len(coords)) + which
        xs[where], ys[where] = coords[:, 0], coords[:, 1]
        out.append(Tracks(str(vehicle_type), ys, xs, len(group)))
    return out
