"""Routes: the vehicles' track points and stops, and the units they reached."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

import numpy as np
import pandas as pd

from dashboard.data.metrics.snapshot import DashboardData
from dashboard.data.queries import ROUTE_COLUMNS

# The stored columns (``queries.ROUTE_COLUMNS``) with the Vietnam day after the time.
_PLACED: Final = (*ROUTE_COLUMNS[:3], "day", *ROUTE_COLUMNS[3:8])
ROUTE_POINT_COLUMNS: Final = (*_PLACED, "is_stop")
STOP_COLUMNS: Final = (*_PLACED, *ROUTE_COLUMNS[8:])


def route_points(
    data: DashboardData,
    *,
    day: dt.date | None = None,
    until: dt.date | None = None,
    province_code: str | None = None,
    vehicle_type: str | None = None,
) -> pd.DataFrame:
    """Track points for the route lines, ordered by vehicle and time.

    ``day`` keeps one Vietnam calendar day, ``until`` every day up to it (inclusive); both
    None keep all. Columns ``ROUTE_POINT_COLUMNS`` (``day`` is datetime64[s], ``is_stop``
    bool).
    """
    return _routes(data, day, until, province_code, vehicle_type)[list(ROUTE_POINT_COLUMNS)]


def route_stops(
    data: DashboardData,
    *,
    day: dt.date | None = None,
    until: dt.date | None = None,
    province_code: str | None = None,
    vehicle_type: str | None = None,
) -> pd.DataFrame:
    """The stops (points with a stop name), filtered as ``route_points``: ``STOP_COLUMNS``,
    ``people_reached`` and ``leaflets`` float64 (NaN where not recorded)."""
    points = _routes(data, day, until, province_code, vehicle_type)
    return points.loc[points["is_stop"], list(STOP_COLUMNS)].reset_index(drop=True)


def reached_units(
    data: DashboardData,
    *,
    level: Literal["commune", "district"] = "commune",
    until: dt.date | None = None,
    province_code: str | None = None,
) -> pd.DataFrame:
    """Communes or districts a vehicle stopped in up to ``until`` (inclusive).

    Returns:
        Columns ``code``, ``province_code``, ``first_reached_on`` (datetime64[s]),
        ``stops`` (int64) and ``people_reached`` (int64, NaN counted as 0), ordered by code.
        Units never reached are absent: shade the rest of the map as "not reached".
    """
    if level not in ("commune", "district"):
        raise ValueError(f"level must be 'commune' or 'district', got {level!r}")
    stops = route_stops(data, until=until, province_code=province_code)
    stops = stops[stops[f"{level}_code"].notna()]
    grouped = stops.groupby(f"{level}_code", sort=True)
    return pd.DataFrame(
        {
            "code": np.asarray(list(grouped.groups), dtype=object),
            "province_code": grouped["province_code"].first().to_numpy(dtype=object),
            "first_reached_on": grouped["day"].min().to_numpy(),
            "stops": grouped.size().to_numpy(dtype="int64"),
            "people_reached": grouped["people_reached"].sum().to_numpy().astype("int64"),
        }
    )


def _routes(
    data: DashboardData,
    day: dt.date | None,
    until: dt.date | None,
    province_code: str | None,
    vehicle_type: str | None,
) -> pd.DataFrame:
    points = data.routes
    keep = np.ones(len(points), dtype=bool)
    days = points["day"].to_numpy()
    if day is not None:
        keep &= days == np.datetime64(day, "D")
    if until is not None:
        keep &= days <= np.datetime64(until, "D")
    if province_code is not None:
        keep &= (points["province_code"] == province_code).to_numpy(dtype=bool, na_value=False)
    if vehicle_type is not None:
        keep &= (points["vehicle_type"] == vehicle_type).to_numpy(dtype=bool, na_value=False)
    out = points[keep].reset_index(drop=True)
    out["day"] = out["day"].to_numpy().astype("datetime64[s]")
    return out
