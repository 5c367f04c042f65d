"""Each district's longest track of each day, chosen and simplified once per snapshot.

Across the country the routes screen draws one track per district and day (the vehicle that
drove furthest from it: the parades drive together). Choosing those tracks and simplifying
their hundreds of thousands of points cost up to 200 ms on the first visit of a day at the
launch day's scale; done here when the route index is built, an answer only simplifies these
already-small lines further, to the pixel of its zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import shapely

# The tolerance the lines are kept at: a pixel at zoom 9 (about 150 m), a quarter of a pixel
# or less at the zooms they serve (``FINEST_SERVED``), so simplifying them again moves a
# track by at most a quarter of a pixel more than simplifying the raw points would.
BASE_TOLERANCE: Final = 360.0 / (512.0 * 2.0**9)
FINEST_SERVED: Final = 4 * BASE_TOLERANCE


@dataclass(frozen=True)
class DistrictLines:
    """Per day and district the longest track, simplified to ``BASE_TOLERANCE``.

    Attributes:
        lines: one row per track, ordered by day and district: ``day`` (days since
            1970-01-01), ``province_code``, ``district_code``, ``vehicle_type``, and
            ``start``/``stop`` of its positions in ``lat``/``lon``.
        lat, lon: the positions of every track one after the other, float32.
    """

    lines: pd.DataFrame
    lat: np.ndarray
    lon: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.lines.memory_usage(deep=True).sum()) + self.lat.nbytes + self.lon.nbytes


def longest_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Of ``runs`` (``RouteIndex.runs``), per day and district the one that drove furthest.

    Runs of a single point draw no line and are left out.
    """
    placed = runs.dropna(subset=["district_code"])
    longest = placed.sort_values(
        ["day", "district_code", "km"], ascending=[True, True, False], kind="stable"
    ).drop_duplicates(["day", "district_code"])
    return longest[(longest["stop"] - longest["start"]).to_numpy() >= 2]


def simplified(
    lat: np.ndarray,
    lon: np.ndarray,
    starts: np.ndarray,
    stops: np.ndarray,
    tolerance: float,
    order: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The lines of positions ``order[start:stop]`` (``start:stop`` without ``order``),
    simplified to ``tolerance`` degrees: their (lon, lat) coordinates and each one's line."""
    starts = np.asarray(starts, dtype=np.int64)
    if len(starts) == 0:
        return np.empty((0, 2)), np.empty(0, dtype=np.int64)
    lengths = np.asarray(stops, dtype=np.int64) - starts
    offsets = np.cumsum(lengths) - lengths
    rows = np.repeat(starts, lengths) + np.arange(int(lengths.sum())) - np.repeat(offsets, lengths)
    if order is not None:
        rows = order[rows]
    line_of = np.repeat(np.arange(len(starts)), lengths)
    lines = shapely.linestrings(np.column_stack([lon[rows], lat[rows]]), indices=line_of)
    coords, which = shapely.get_coordinates(shapely.simplify(lines, tolerance), return_index=True)
    return coords, which


def district_lines(
    runs: pd.DataFrame, order: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> DistrictLines:
    """``DistrictLines`` of ``runs`` (``RouteIndex.runs``) over the points ``lat``/``lon``."""
    chosen = longest_runs(runs)
    coords, which = simplified(
        lat, lon, chosen["start"].to_numpy(), chosen["stop"].to_numpy(), BASE_TOLERANCE, order
    )
    # A line simplified to less than two positions (a vehicle that never moved) draws nothing.
    counts = np.bincount(which, minlength=len(chosen))
    keep = counts >= 2
    coords = coords[keep[which]]
    counts = counts[keep]
    stops = np.cumsum(counts)
    lines = pd.DataFrame(
        {
            "day": chosen["day"].to_numpy()[keep],
            "province_code": chosen["province_code"].to_numpy()[keep],
            "district_code": chosen["district_code"].to_numpy()[keep],
            "vehicle_type": chosen["vehicle_type"].to_numpy()[keep],
            "start": stops - counts,
            "stop": stops,
        }
    )
    return DistrictLines(
        lines=lines,
        lat=coords[:, 1].astype(np.float32),
        lon=coords[:, 0].astype(np.float32),
    )
