"""Routes: the vehicles' track points and stops, and the units they reached.

The launch day alone has millions of points, so the snapshot holds them compactly
(``queries.route_point_rows``: categories and floats) and indexes them once per snapshot
(``route_index``): the rows sorted by (day, province) so that a day of a province is one slice,
each point's distance from the vehicle's previous point, every stop, and the totals per
(day, district). The screen's answers (``route_tracks`` in ``route_answers``) read slices of
it, never the whole table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Literal, cast

import numpy as np
import pandas as pd

from dashboard.data.metrics.route_lines import DistrictLines, district_lines
from dashboard.data.metrics.snapshot import DashboardData
from dashboard.data.queries import ROUTE_COLUMNS

# The stored columns (``queries.ROUTE_COLUMNS``) with the Vietnam day after the time.
_PLACED: Final = (*ROUTE_COLUMNS[:3], "day", *ROUTE_COLUMNS[3:8])
ROUTE_POINT_COLUMNS: Final = (*_PLACED, "is_stop")
STOP_COLUMNS: Final = (*_PLACED, *ROUTE_COLUMNS[8:])
DISTRICT_DAY_COLUMNS: Final = (
    "day",
    "province_code",
    "district_code",
    "vehicles",
    "km",
    "stops",
    "people_reached",
    "lat",
    "lon",
)
# Stops closer than this (degrees, about a kilometre) with the same name are one place.
SAME_PLACE_DEG: Final = 0.01
SITE_COLUMNS: Final = ("lat", "lon", "stop_name", "vehicle_type", "vehicles", "people_reached")
_EARTH_KM: Final = 6371.0088
_EPOCH: Final = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class RouteIndex:
    """The routes of one snapshot, indexed for the screen (built once, by ``route_index``).

    Attributes:
        order: row positions of ``data.routes`` sorted by (day, province), int32; inside
            one (day, province) the rows stay ordered by vehicle and time.
        slices: (day, province code) -> (start, stop) in ``order``.
        km: per row of ``data.routes``, float32, the distance from the same vehicle's
            previous point of the same day (0 for its first).
        runs: one row per vehicle, day and province (``day``, ``province_code``,
            ``district_code`` of its first point, ``vehicle`` code, ``vehicle_type``, ``km``,
            ``start``/``stop`` in ``order``).
        stops: every stop, ``STOP_COLUMNS``.
        district_days: ``DISTRICT_DAY_COLUMNS``: per day and district the vehicles that
            started there, kilometres driven, stops, people reached and the mean position.
        sites: the stops of each day, those of one name at one place merged
            (``route_answers.SITE_COLUMNS`` with ``day`` and ``province_code``), by day and
            then largest audience first.
        district_lines: per day and district the longest track, simplified (the national
            answer's tracks, ``route_lines``).
    """

    order: np.ndarray
    slices: dict[tuple[dt.date, str | None], tuple[int, int]]
    km: np.ndarray
    runs: pd.DataFrame
    stops: pd.DataFrame
    district_days: pd.DataFrame
    sites: pd.DataFrame
    district_lines: DistrictLines

    @property
    def nbytes(self) -> int:
        """Memory of the arrays and tables (the per-point part is ``order`` and ``km``)."""
        tables = (self.runs, self.stops, self.district_days, self.sites)
        return (
            self.order.nbytes
            + self.km.nbytes
            + sum(int(t.memory_usage(deep=True).sum()) for t in tables)
            + self.district_lines.nbytes
        )

    def positions(self, day: dt.date, provinces: Collection[str] | None) -> np.ndarray:
        """Row positions of ``day`` in ``provinces`` (None: all), by province, vehicle, time."""
        keys = [k for k in self.slices if k[0] == day and (provinces is None or k[1] in provinces)]
        parts = [self.order[slice(*self.slices[k])] for k in sorted(keys, key=str)]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)


def route_index(data: DashboardData) -> RouteIndex:
    """The snapshot's ``RouteIndex``, built on first use (``DashboardData.load`` warms it)."""
    return cast(RouteIndex, data._cached("route_index", lambda: _build_index(data.routes)))


def route_days(data: DashboardData, provinces: Collection[str] | None = None) -> list[dt.date]:
    """The days with track points in ``provinces`` (None: anywhere), in order."""
    keys = route_index(data).slices
    return sorted({day for day, code in keys if provinces is None or code in provinces})


def route_provinces(data: DashboardData) -> list[str]:
    """Codes of the provinces with track points on any day."""
    return sorted({code for _day, code in route_index(data).slices if code is not None})


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
    points = data.routes
    if day is not None:
        provinces = None if province_code is None else {province_code}
        rows = np.sort(route_index(data).positions(day, provinces))
        points = points.iloc[rows]
    keep = _keep(points, until, province_code, vehicle_type)
    out = points[keep].reset_index(drop=True)[list(ROUTE_POINT_COLUMNS)]
    return _plain(out)


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
    stops = route_index(data).stops
    keep = _keep(stops, until, province_code, vehicle_type)
    if day is not None:
        keep &= stops["day"].to_numpy() == np.datetime64(day, "s")
    return stops[keep].reset_index(drop=True)


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


def _keep(
    frame: pd.DataFrame,
    until: dt.date | None,
    province_code: str | None,
    vehicle_type: str | None,
) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    if until is not None:
        keep &= frame["day"].to_numpy() <= np.datetime64(until, "s")
    if province_code is not None:
        keep &= (frame["province_code"] == province_code).to_numpy(dtype=bool, na_value=False)
    if vehicle_type is not None:
        keep &= (frame["vehicle_type"] == vehicle_type).to_numpy(dtype=bool, na_value=False)
    return keep


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns back as plain objects for callers (the snapshot keeps categories)."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    out["day"] = out["day"].to_numpy().astype("datetime64[s]")
    return out


def _build_index(points: pd.DataFrame) -> RouteIndex:
    days = (points["day"].to_numpy().astype("datetime64[D]") - _EPOCH).astype("int32")
    province = _codes(points["province_code"])
    vehicle = _codes(points["vehicle_id"])
    order = np.lexsort((province, days)).astype(np.int32)
    km = _step_km(points, vehicle, days)
    day_s, province_s, vehicle_s = days[order], province[order], vehicle[order]
    n = len(order)
    slice_edge = np.flatnonzero((np.diff(day_s) != 0) | (np.diff(province_s) != 0)) + 1
    run_edge = np.union1d(slice_edge, np.flatnonzero(np.diff(vehicle_s) != 0) + 1)
    province_names = _names(points["province_code"])
    slices = {
        (_date(day_s[a]), province_names[province_s[a]]): (int(a), int(b))
        for a, b in zip(np.r_[0, slice_edge], np.r_[slice_edge, n], strict=True)
        if n
    }
    starts = np.r_[0, run_edge].astype(np.int64) if n else np.empty(0, dtype=np.int64)
    stops_at = np.r_[run_edge, n].astype(np.int64) if n else np.empty(0, dtype=np.int64)
    first = order[starts]
    runs = pd.DataFrame(
        {
            "day": days[first],
            "province_code": points["province_code"].to_numpy()[first],
            "district_code": points["district_code"].to_numpy()[first],
            "vehicle": vehicle[first],
            "vehicle_type": points["vehicle_type"].to_numpy()[first],
            "km": np.add.reduceat(km[order], starts) if n else np.empty(0, dtype=np.float32),
            "start": starts,
            "stop": stops_at,
        }
    )
    stops = points.loc[points["is_stop"].to_numpy(dtype=bool), list(STOP_COLUMNS)]
    stops = _plain(stops.reset_index(drop=True))
    return RouteIndex(
        order=order,
        slices=slices,
        km=km,
        runs=runs,
        stops=stops,
        district_days=_district_days(points, days, km, runs, stops),
        sites=_sites(stops),
        district_lines=district_lines(
            runs,
            order,
            points["lat"].to_numpy(dtype="float64"),
            points["lon"].to_numpy(dtype="float64"),
        ),
    )


def _step_km(points: pd.DataFrame, vehicle: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Great-circle kilometres from the vehicle's previous point of the same day."""
    lat = np.radians(points["lat"].to_numpy(dtype="float64"))
    lon = np.radians(points["lon"].to_numpy(dtype="float64"))
    km = np.zeros(len(points), dtype=np.float32)
    if len(points) < 2:
        return km
    same = (vehicle[1:] == vehicle[:-1]) & (days[1:] == days[:-1])
    half = (
        np.sin((lat[1:] - lat[:-1]) / 2) ** 2
        + np.cos(lat[1:]) * np.cos(lat[:-1]) * np.sin((lon[1:] - lon[:-1]) / 2) ** 2
    )
    step = 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(half, 0, 1)))
    km[1:] = np.where(same, step, 0)
    return km


def _district_days(
    points: pd.DataFrame,
    days: np.ndarray,
    km: np.ndarray,
    runs: pd.DataFrame,
    stops: pd.DataFrame,
) -> pd.DataFrame:
    district = _codes(points["district_code"])
    placed = district >= 0
    names = _names(points["district_code"])
    key = pd.MultiIndex.from_arrays([days[placed], names[district[placed]]], names=["d", "code"])
    lat = points["lat"].to_numpy()[placed]
    lon = points["lon"].to_numpy()[placed]
    moved = pd.DataFrame({"km": km[placed], "lat": lat, "lon": lon}, index=key)
    by_unit = moved.groupby(level=[0, 1], sort=True).agg(
        km=("km", "sum"), lat=("lat", "mean"), lon=("lon", "mean")
    )
    stop_days = (stops["day"].to_numpy().astype("datetime64[D]") - _EPOCH).astype("int32")
    stopped = (
        pd.DataFrame(
            {"d": stop_days, "code": stops["district_code"], "people": stops["people_reached"]}
        )
        .dropna(subset=["code"])
        .groupby(["d", "code"])
        .agg(stops=("people", "size"), people_reached=("people", "sum"))
    )
    started = (
        runs.dropna(subset=["district_code"])
        .drop_duplicates(["day", "vehicle"])
        .groupby(["day", "district_code"])
        .size()
        .rename("vehicles")
    )
    started.index = started.index.set_names(["d", "code"])
    table = by_unit.join(stopped, how="left").join(started, how="left").reset_index()
    province_of = (
        points.loc[placed, ["district_code", "province_code"]]
        .drop_duplicates("district_code")
        .set_index("district_code")["province_code"]
    )
    return pd.DataFrame(
        {
            "day": (_EPOCH + table["d"].to_numpy().astype("timedelta64[D]")).astype(
                "datetime64[s]"
            ),
            "province_code": table["code"].map(province_of).astype(object).to_numpy(),
            "district_code": table["code"].astype(object).to_numpy(),
            "vehicles": table["vehicles"].fillna(0).to_numpy(dtype="int64"),
            "km": table["km"].to_numpy(dtype="float64"),
            "stops": table["stops"].fillna(0).to_numpy(dtype="int64"),
            "people_reached": table["people_reached"].fillna(0).to_numpy(dtype="int64"),
            "lat": table["lat"].to_numpy(dtype="float64"),
            "lon": table["lon"].to_numpy(dtype="float64"),
        },
        columns=list(DISTRICT_DAY_COLUMNS),
    )


def _sites(stops: pd.DataFrame) -> pd.DataFrame:
    """The stops of one day and name within ``SAME_PLACE_DEG`` of each other, as one site."""
    columns = ["day", "province_code", *SITE_COLUMNS]
    if stops.empty:
        return pd.DataFrame({name: [] for name in columns})
    key = pd.DataFrame(
        {
            "day": stops["day"],
            "name": stops["stop_name"],
            "y": np.round(stops["lat"].to_numpy() / SAME_PLACE_DEG),
            "x": np.round(stops["lon"].to_numpy() / SAME_PLACE_DEG),
        }
    )
    sites = (
        stops.groupby([key["day"], key["name"], key["y"], key["x"]], sort=False)
        .agg(
            province_code=("province_code", "first"),
            lat=("lat", "first"),
            lon=("lon", "first"),
            stop_name=("stop_name", "first"),
            vehicle_type=("vehicle_type", "first"),
            vehicles=("vehicle_id", "size"),
            people_reached=("people_reached", "sum"),
        )
        .reset_index(level=0)
        .reset_index(drop=True)
    )
    sites["people_reached"] = sites["people_reached"].fillna(0).astype("int64")
    sites = sites.sort_values(
        ["day", "people_reached"], ascending=[True, False], kind="stable", ignore_index=True
    )
    return sites[columns]


def _codes(column: pd.Series) -> np.ndarray:
    """Integer codes of a text column (-1 for missing)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    return column.cat.codes.to_numpy().astype(np.int32)


def _names(column: pd.Series) -> np.ndarray:
    """The texts of ``_codes``, with None last so that code -1 (missing) reads as None."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    return np.array([*column.cat.categories, None], dtype=object)


def _date(day: np.integer) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(day))
