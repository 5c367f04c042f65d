"""Sample routes: propaganda vehicles touring communes, as GPS points and stops."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import numpy as np
import pandas as pd
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from dashboard.data.sample.campaign import CAMPAIGN_LAUNCH, DEFAULT_SEED, parades, table_columns
from dashboard.data.schema import route_points
from geodata import reference

# Seconds between two logged points while driving (fleet trackers log every 10-60 s).
ROUTE_LOG_INTERVAL_S = 30
# The default sample's share of the launch day's parades (``campaign.LAUNCH_PARADES``): about
# 60 parades of 900 vehicles; 1.0 gives all 600 and 9,000 (millions of points).
ROUTE_SCALE = 0.1
# After the launch a parade goes out again on a given day with this chance, with a few of its
# vehicles (the tour of the communes goes on at a smaller scale).
ROUTE_LATER_DAY_CHANCE = 0.2
LATER_DAY_VEHICLES = (1, 3)
# ... and tours a neighbouring district of its province with this chance.
NEXT_DISTRICT_CHANCE = 0.3
# Vehicles of a parade drive one behind the other this many seconds apart.
PARADE_GAP_S = 20
# Spread of a vehicle's logged position around the parade's road (degrees, about 20 m).
TRACKER_NOISE_DEG = 0.0002
DISTRICT_GEOMETRY_FILE = "vn_districts_2022_complete_simplified.geojson"
_SEAT_PREFIXES = ("Thị trấn", "Phường")


ROUTE_COLUMNS = table_columns(route_points)


def generate_routes(
    *,
    seed: int = DEFAULT_SEED,
    scale: float = ROUTE_SCALE,
    start: dt.date = CAMPAIGN_LAUNCH,
    days: int = 21,
) -> pd.DataFrame:
    """GPS points of the propaganda parades: cars and motorbikes touring communes in groups.

    The parades are those of the sample's launch day (``campaign.parades`` at ``scale``, the
    list the events are drawn from). On ``start`` each parade leaves its district's seat (a
    town or ward), drives from commune to commune of its district, stopping at each, and
    returns; its vehicles follow one another ``PARADE_GAP_S`` apart, each tracker logging a
    point every ``ROUTE_LOG_INTERVAL_S`` along a bent, slightly wobbly road. On the following
    ``days - 1`` days a parade goes out again with ``ROUTE_LATER_DAY_CHANCE``, with a few of
    its vehicles, preferring communes it has not reached yet. A stop is one point per vehicle
    carrying ``stop_name``, ``people_reached`` and ``leaflets``.

    Commune positions are drawn inside the district's polygon (no commune boundaries ship
    with the app); a point between two stops carries the commune of the nearer one.

    Columns: those of the ``route_points`` table without ``id`` and ``import_id``;
    ``recorded_at`` is timezone-aware UTC. Ordered by vehicle, then time.
    """
    rng = np.random.default_rng([seed, 4])
    fleet = parades(scale=scale, seed=seed)
    communes = reference.communes()
    # Every district of the parades' provinces: after the launch a tour may move next door.
    districts = reference.districts()
    districts = districts[
        districts["province_code"].isin(fleet["province_code"]) & (districts["pop_2019"] > 0)
    ]
    positions = _commune_positions(rng, districts["district_code"].to_numpy(), communes)
    names = dict(zip(communes["commune_code"], communes["full_name_vi"], strict=True))
    by_district = {
        str(code): (group["commune_code"].to_numpy(dtype=object), group[["lon", "lat"]].to_numpy())
        for code, group in positions.groupby("district_code", sort=True)
    }
    parts: list[dict[str, np.ndarray]] = []
    for number, province, district, vehicles in zip(
        fleet["parade"],
        fleet["province_code"],
        fleet["district_code"],
        fleet["vehicles"],
        strict=True,
    ):
        neighbours = [
            d
            for d in districts.loc[districts["province_code"] == province, "district_code"]
            if d in by_district
        ]
        kinds = np.where(rng.random(int(vehicles)) < 0.6, "motorbike", "car")
        group = f"{district}-{int(number):03d}"
        vehicle_ids = np.array(
            [
                f"{'XM' if kind == 'motorbike' else 'OTO'}-{group}-{i + 1:02d}"
                for i, kind in enumerate(kinds)
            ],
            dtype=object,
        )
        reached: set[str] = set()
        for offset in range(days):
            riders = len(kinds)
            if offset > 0:
                if rng.random() > ROUTE_LATER_DAY_CHANCE:
                    continue
                riders = min(riders, int(rng.integers(*LATER_DAY_VEHICLES)))
            touring = str(district)
            if offset > 0 and rng.random() < NEXT_DISTRICT_CHANCE:
                touring = str(rng.choice(neighbours))
            codes, xy = by_district[touring]
            seat = _seat(codes, names)
            order = _pick_stops(rng, codes, xy, reached, int(rng.integers(4, 8)))
            reached.update(codes[order])
            tour = np.r_[seat, order, seat]
            lead = _tour(rng, codes[tour], xy[tour], start + dt.timedelta(days=offset))
            parts.append(
                _convoy(
                    rng,
                    lead,
                    vehicle_ids[:riders],
                    kinds[:riders],
                    names,
                    str(province),
                    touring,
                )
            )
    return _frame(parts)


def _commune_positions(
    rng: np.random.Generator, districts: np.ndarray, communes: pd.DataFrame
) -> pd.DataFrame:
    """A point inside its district's polygon for every commune of the given districts."""
    province_of = reference.districts().set_index("district_code")["province_code"]
    polygons = _district_polygons(frozenset(province_of.loc[districts]))
    rows = communes[communes["district_code"].isin([d for d in districts if d in polygons])]
    rows = rows.reset_index(drop=True)
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


def _seat(codes: np.ndarray, names: dict[str, str]) -> int:
    """The district's seat among its communes: its first town or ward, else its first."""
    for i, code in enumerate(codes):
        if names[str(code)].startswith(_SEAT_PREFIXES):
            return i
    return 0


def _tour(
    rng: np.random.Generator, codes: np.ndarray, xy: np.ndarray, day: dt.date
) -> dict[str, np.ndarray]:
    """The lead vehicle's day through ``codes`` (seat first and last): positions, seconds after
    midnight UTC, commune of each point, and which points are stops (not the seat)."""
    # Leaves between 07:00 and 08:00, Vietnam time (UTC+7); a motorbike's pace for all.
    clock = float(rng.integers(0, 60 * 60))
    speed_kmh = 25.0
    lonlat: list[np.ndarray] = [xy[:1]]
    seconds: list[np.ndarray] = [np.array([clock])]
    commune: list[np.ndarray] = [codes[:1]]
    stop: list[np.ndarray] = [np.array([False])]
    for i in range(1, len(codes)):
        path = _road_path(rng, xy[i - 1], xy[i], speed_kmh)
        km = float(np.hypot(*(np.diff(path, axis=0) * [105.0, 111.0]).T).sum())
        step = km / speed_kmh * 3600 / (len(path) - 1)
        inner = np.arange(1, len(path) - 1)
        lonlat.append(path[1:-1])
        seconds.append(clock + step * inner)
        commune.append(np.where(inner < len(path) / 2, codes[i - 1], codes[i]))
        stop.append(np.zeros(len(inner), dtype=bool))
        clock += step * (len(path) - 1)
        lonlat.append(xy[i : i + 1])
        seconds.append(np.array([clock]))
        commune.append(codes[i : i + 1])
        stop.append(np.array([i < len(codes) - 1]))
        clock += float(rng.uniform(20, 50)) * 60
    base = (np.datetime64(day, "s") - np.datetime64("1970-01-01", "s")).astype("int64")
    return {
        "lonlat": np.vstack(lonlat),
        "seconds": base + np.concatenate(seconds).astype("int64"),
        "commune_code": np.concatenate(commune).astype(object),
        "is_stop": np.concatenate(stop).astype(bool),
    }


def _convoy(
    rng: np.random.Generator,
    lead: dict[str, np.ndarray],
    vehicle_ids: np.ndarray,
    kinds: np.ndarray,
    names: dict[str, str],
    province: str,
    district: str,
) -> dict[str, np.ndarray]:
    """Every vehicle of a parade on the lead's road, one behind the other, each its own fixes."""
    riders, n = len(vehicle_ids), len(lead["seconds"])
    lonlat = lead["lonlat"][None, :, :] + rng.normal(0.0, TRACKER_NOISE_DEG, (riders, n, 2))
    stop = np.tile(lead["is_stop"], riders)
    stops = int(stop.sum())
    people = np.full(riders * n, np.nan)
    leaflets = np.full(riders * n, np.nan)
    people[stop] = rng.integers(20, 200, stops)
    leaflets[stop] = rng.integers(50, 600, stops)
    commune = np.tile(lead["commune_code"], riders)
    stop_name = np.full(riders * n, None, dtype=object)
    stop_name[stop] = [names[str(code)] for code in commune[stop]]
    return {
        "vehicle_id": np.repeat(vehicle_ids, n),
        "vehicle_type": np.repeat(kinds, n).astype(object),
        "seconds": (lead["seconds"][None, :] + PARADE_GAP_S * np.arange(riders)[:, None]).ravel(),
        "lon": np.round(lonlat[:, :, 0].ravel(), 6),
        "lat": np.round(lonlat[:, :, 1].ravel(), 6),
        "province_code": np.full(riders * n, province, dtype=object),
        "district_code": np.full(riders * n, district, dtype=object),
        "commune_code": commune,
        "stop_name": stop_name,
        "people_reached": people,
        "leaflets": leaflets,
    }


def _frame(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """The parts as one table in ``ROUTE_COLUMNS``, ordered by vehicle then time."""
    if not parts:
        empty = pd.DataFrame({name: [] for name in ROUTE_COLUMNS})
        empty["recorded_at"] = pd.to_datetime(empty["recorded_at"], utc=True)
        return empty
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.lexsort((columns["seconds"], columns["vehicle_id"]))
    frame = pd.DataFrame({name: values[order] for name, values in columns.items()})
    frame["recorded_at"] = pd.to_datetime(frame.pop("seconds"), unit="s", utc=True)
    for name in ("people_reached", "leaflets"):
        frame[name] = frame[name].astype("Int64")
    return frame[list(ROUTE_COLUMNS)]


def _road_path(
    rng: np.random.Generator, a: np.ndarray, b: np.ndarray, speed_kmh: float
) -> np.ndarray:
    """Points from ``a`` to ``b`` (inclusive) about one log interval apart, bent like a road."""
    # Roads run about 1.3 times the straight line.
    km = 1.3 * float(np.hypot(*((b - a) * [105.0, 111.0])))
    n = int(np.clip(np.ceil(km / (speed_kmh * ROUTE_LOG_INTERVAL_S / 3600)), 2, 240))
    t = np.linspace(0.0, 1.0, n + 1)[:, None]
    normal = np.array([-(b - a)[1], (b - a)[0]])
    bend = rng.normal(0.0, 0.18) * np.sin(np.pi * t) * normal
    wobble = rng.normal(0.0, 0.0006, size=(n + 1, 2)) * np.sin(np.pi * t)
    return a + t * (b - a) + bend + wobble
