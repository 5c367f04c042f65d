"""Sample routes: propaganda vehicles touring communes, as GPS points and stops."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from dashboard.data.sample.campaign import (
    CAMPAIGN_LAUNCH,
    DEFAULT_SEED,
    legacy_state,
    table_columns,
)
from dashboard.data.schema import route_points
from geodata import reference

# Routes: seconds between two logged points while driving, and the chance that a vehicle
# goes out on a given day after the launch.
ROUTE_LOG_INTERVAL_S = 180
ROUTE_WORKING_DAY_CHANCE = 0.7
DISTRICT_GEOMETRY_FILE = "vn_districts_2022_complete_simplified.geojson"


ROUTE_COLUMNS = table_columns(route_points)


def generate_routes(
    *,
    seed: int = DEFAULT_SEED,
    vehicles: int = 36,
    provinces: int = 9,
    start: dt.date = CAMPAIGN_LAUNCH,
    days: int = 21,
) -> pd.DataFrame:
    """GPS points of mobile propaganda cars and motorbikes touring communes, day by day.

    Each vehicle belongs to one district of one of ``provinces`` provinces (drawn by
    population) and, on the days it goes out (always on ``start``), drives from commune to
    commune of its district, sometimes of a neighbouring one in its province, preferring
    communes it has not reached yet. At each commune it stops (the point carries
    ``stop_name``, ``people_reached`` and ``leaflets``); between stops it logs a point every
    ``ROUTE_LOG_INTERVAL_S`` along a bent, slightly wobbly path, as roads are.

    Commune positions are drawn inside the district's polygon (no commune boundaries ship
    with the app); a point between two stops carries the commune of the nearer one.

    Columns: those of the ``route_points`` table without ``id`` and ``import_id``;
    ``recorded_at`` is timezone-aware UTC. Ordered by vehicle, then time.
    """
    rng = np.random.default_rng([seed, 4])
    fleet = _draw_fleet(rng, vehicles, provinces)
    communes = reference.communes()
    names = dict(zip(communes["commune_code"], communes["full_name_vi"], strict=True))
    positions = _commune_positions(rng, fleet["district_code"].unique(), communes)
    by_district = {
        str(code): (group["commune_code"].to_numpy(dtype=object), group[["lon", "lat"]].to_numpy())
        for code, group in positions.groupby("district_code", sort=True)
    }
    province_of = positions.groupby("district_code")["province_code"].first().to_dict()
    same_province: dict[str, np.ndarray] = {
        str(code): group["district_code"].to_numpy()
        for code, group in fleet.groupby("province_code")
    }

    columns: dict[str, list[Any]] = {name: [] for name in ROUTE_COLUMNS}
    for vehicle in fleet.itertuples(index=False):
        reached: set[str] = set()
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            if offset > 0 and rng.random() > ROUTE_WORKING_DAY_CHANCE:
                continue
            district = str(vehicle.district_code)
            neighbours = same_province[str(vehicle.province_code)]
            if len(neighbours) > 1 and rng.random() < 0.25:
                district = str(rng.choice(neighbours))
            codes, xy = by_district[district]
            order = _pick_stops(rng, codes, xy, reached, int(rng.integers(3, 6)))
            reached.update(codes[order])
            place = {
                "vehicle_id": vehicle.vehicle_id,
                "vehicle_type": vehicle.vehicle_type,
                "province_code": province_of[district],
                "district_code": district,
            }
            _drive(rng, columns, place, day, codes[order], xy[order], names)
    frame = pd.DataFrame(columns)
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True)
    for name in ("people_reached", "leaflets"):
        frame[name] = frame[name].astype("Int64")
    return frame[list(ROUTE_COLUMNS)]


def _draw_fleet(rng: np.random.Generator, vehicles: int, provinces: int) -> pd.DataFrame:
    """Vehicle id, type and home district; the provinces are drawn by population."""
    table = reference.provinces()
    pop = table["pop_2019"].to_numpy(dtype="float64")
    chosen = rng.choice(
        table["province_code"].to_numpy(), provinces, replace=False, p=pop / pop.sum()
    )
    districts = reference.districts()
    districts = districts[districts["province_code"].isin(chosen) & (districts["pop_2019"] > 0)]
    # A district's own vehicles stay home: distinct districts for as long as there are enough.
    homes = districts.sample(
        n=vehicles, replace=vehicles > len(districts), random_state=legacy_state(rng)
    )
    kinds = np.where(rng.random(vehicles) < 0.6, "motorbike", "car")
    return pd.DataFrame(
        {
            "vehicle_id": [
                f"{'XM' if kind == 'motorbike' else 'OTO'}-{district}-{i + 1:02d}"
                for i, (kind, district) in enumerate(
                    zip(kinds, homes["district_code"], strict=True)
                )
            ],
            "vehicle_type": kinds,
            "province_code": homes["province_code"].to_numpy(),
            "district_code": homes["district_code"].to_numpy(),
        }
    )


def _commune_positions(
    rng: np.random.Generator, home_districts: np.ndarray, communes: pd.DataFrame
) -> pd.DataFrame:
    """A point inside its district's polygon for every commune of the given provinces."""
    wanted_provinces = set(
        reference.districts().set_index("district_code").loc[home_districts, "province_code"]
    )
    polygons = _district_polygons(frozenset(wanted_provinces))
    rows = communes[communes["district_code"].isin(list(polygons))]
    lon = np.empty(len(rows))
    lat = np.empty(len(rows))
    for district, index in rows.groupby("district_code", sort=True).indices.items():
        points = _points_inside(rng, polygons[str(district)], len(index))
        lon[index], lat[index] = points[:, 0], points[:, 1]
    return rows.assign(lon=lon, lat=lat)[
        ["commune_code", "district_code", "province_code", "lon", "lat"]
    ]


@cache
def _district_polygons(province_codes: frozenset[str]) -> dict[str, BaseGeometry]:
    """District polygons of the given provinces, from the source boundaries."""
    text = (reference.SOURCES_DIR / DISTRICT_GEOMETRY_FILE).read_text(encoding="utf-8")
    # The file holds one feature per line: parsing only the wanted provinces' lines takes a
    # tenth of the time of the whole 4 MB document.
    wanted = tuple(f'"province_code": "{code}"' for code in province_codes)
    features = [
        json.loads(line.rstrip().rstrip(","))
        for line in text.splitlines()
        if line.startswith('{ "type": "Feature"') and any(key in line for key in wanted)
    ]
    if not features:
        features = json.loads(text)["features"]
    return {
        f["properties"]["district_code"]: shapely.geometry.shape(f["geometry"])
        for f in features
        if f["properties"]["province_code"] in province_codes and f["geometry"]
    }


def _points_inside(rng: np.random.Generator, polygon: BaseGeometry, count: int) -> np.ndarray:
    """``count`` random points inside ``polygon`` (rejection sampling in its bounding box)."""
    min_x, min_y, max_x, max_y = polygon.bounds
    # Keep clear of the edge, where a wobble would step into the neighbouring district.
    inner = polygon.buffer(-0.004)
    target = inner if not inner.is_empty and inner.area > 0.2 * polygon.area else polygon
    shapely.prepare(target)
    found = np.empty((0, 2))
    while len(found) < count:
        candidates = rng.uniform((min_x, min_y), (max_x, max_y), size=(max(4 * count, 16), 2))
        inside = shapely.contains_xy(target, candidates[:, 0], candidates[:, 1])
        found = np.vstack([found, candidates[inside]])
    return found[:count]


def _pick_stops(
    rng: np.random.Generator, codes: np.ndarray, xy: np.ndarray, reached: set[str], count: int
) -> np.ndarray:
    """The day's communes (indices): unreached first, nearest-next from a random one."""
    fresh = np.flatnonzero([code not in reached for code in codes])
    pool = fresh if len(fresh) >= count else np.arange(len(codes))
    picked = list(rng.choice(pool, size=min(count, len(pool)), replace=False))
    order = [picked.pop(0)]
    while picked:
        last = xy[order[-1]]
        nearest = min(picked, key=lambda i: float(np.hypot(*(xy[i] - last))))
        picked.remove(nearest)
        order.append(nearest)
    return np.asarray(order, dtype="int64")


def _drive(
    rng: np.random.Generator,
    columns: dict[str, list[Any]],
    place: dict[str, str],
    day: dt.date,
    codes: np.ndarray,
    xy: np.ndarray,
    names: dict[str, str],
) -> None:
    """Append one vehicle's day to ``columns``: a stop at each commune, points between them."""
    speed_kmh = 22.0 if place["vehicle_type"] == "motorbike" else 32.0
    # Leaves between 07:30 and 08:15, Vietnam time (UTC+7); the logger keeps whole seconds.
    clock = dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.UTC) + dt.timedelta(
        seconds=int(rng.integers(0, 45 * 60))
    )

    def log(times: list[dt.datetime], lonlat: np.ndarray, communes: list[str], stop: bool) -> None:
        for name, value in place.items():
            columns[name] += [value] * len(times)
        columns["recorded_at"] += [at.replace(microsecond=0) for at in times]
        columns["lon"] += np.round(lonlat[:, 0], 6).tolist()
        columns["lat"] += np.round(lonlat[:, 1], 6).tolist()
        columns["commune_code"] += communes
        columns["stop_name"] += [names[communes[0]] if stop else None] * len(times)
        columns["people_reached"] += [int(rng.integers(30, 320)) if stop else None] * len(times)
        columns["leaflets"] += [int(rng.integers(50, 600)) if stop else None] * len(times)

    for i, commune in enumerate(codes):
        if i > 0:
            path = _road_path(rng, xy[i - 1], xy[i], speed_kmh)
            km = float(np.hypot(*(np.diff(path, axis=0) * [105.0, 111.0]).T).sum())
            step = dt.timedelta(hours=km / speed_kmh / (len(path) - 1))
            inner = range(1, len(path) - 1)
            log(
                [clock + step * j for j in inner],
                path[1:-1],
                [codes[i - 1] if j < len(path) / 2 else commune for j in inner],
                stop=False,
            )
            clock += step * (len(path) - 1)
        log([clock], xy[i : i + 1], [commune], stop=True)
        clock += dt.timedelta(minutes=float(rng.uniform(30, 75)))


def _road_path(
    rng: np.random.Generator, a: np.ndarray, b: np.ndarray, speed_kmh: float
) -> np.ndarray:
    """Points from ``a`` to ``b`` (inclusive) about one log interval apart, bent like a road."""
    # Roads run about 1.3 times the straight line.
    km = 1.3 * float(np.hypot(*((b - a) * [105.0, 111.0])))
    n = int(np.clip(np.ceil(km / (speed_kmh * ROUTE_LOG_INTERVAL_S / 3600)), 2, 60))
    t = np.linspace(0.0, 1.0, n + 1)[:, None]
    normal = np.array([-(b - a)[1], (b - a)[0]])
    bend = rng.normal(0.0, 0.18) * np.sin(np.pi * t) * normal
    wobble = rng.normal(0.0, 0.0006, size=(n + 1, 2)) * np.sin(np.pi * t)
    return a + t * (b - a) + bend + wobble
