"""Deterministic sample data, so the dashboard shows something plausible before any import.

Everything is drawn from one seeded ``numpy.random.Generator``: the same seed gives the same
rows on every machine. The figures are invented; only their shape is meant to be realistic:
enrollments follow the 2019 census population, the post office and VSS office channels carry
most of them, event enrollments spike on the campaign launch (8 May 2022) and on campaign
days, and each province has its own pace, so some end the year ahead of target and some behind.

Each kind of data has one ``generate_*`` function returning rows shaped like its table
(without ``id`` and ``import_id``); ``_GENERATORS`` lists the kinds ``load_sample`` writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Table, exists, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from dashboard.data.counts import write_counts
from dashboard.data.importers.load import serialise_imports, set_sample_aside
from dashboard.data.schema import (
    DATA_TABLES,
    enrollments,
    events,
    imports,
    participants,
    route_points,
)
from dashboard.domain import (
    CAMPAIGN_DEADLINE,
    CAMPAIGN_START,
    CHANNELS,
    DEFAULT_PRODUCT,
    NATIONAL_TARGET,
)
from geodata import reference

DEFAULT_SEED = 2022
CAMPAIGN_LAUNCH = CAMPAIGN_START
# Relative weight of each hour (Vietnam time) among the launch day's registrations: the online
# kickoff at 8:00, parades and counselling groups through the morning, post offices open until
# the evening. A modelled shape, not a published figure.
LAUNCH_HOURLY_PROFILE: dict[int, float] = {
    6: 1, 7: 4, 8: 12, 9: 14, 10: 13, 11: 10, 12: 5, 13: 6,
    14: 8, 15: 8, 16: 7, 17: 5, 18: 3, 19: 2, 20: 1, 21: 1,
}  # fmt: skip
CAMPAIGN_END = CAMPAIGN_DEADLINE

# Invented campaign days of the sample (the launch first); real ones arrive with events files.
CAMPAIGN_DAYS = (
    CAMPAIGN_LAUNCH,
    dt.date(2022, 6, 25),
    dt.date(2022, 7, 30),
    dt.date(2022, 8, 27),
    dt.date(2022, 9, 24),
    dt.date(2022, 10, 29),
    dt.date(2022, 11, 26),
    dt.date(2022, 12, 17),
)

# Share of each channel over the whole campaign; "event" enrollments follow their own
# calendar (campaign days), the others the everyday one.
CHANNEL_SHARES = {
    "post_office": 0.36,
    "vss_office": 0.30,
    "collector": 0.16,
    "online": 0.10,
    "event": 0.08,
}

# 2022 rural poverty line, the lowest income a contribution may be based on.
INCOME_FLOOR_VND = 1_500_000
INCOME_CEILING_VND = 10_000_000
INCOME_STEP_VND = 50_000

SEX_SHARES = {"female": 0.54, "male": 0.46}
PAYMENT_CYCLE_SHARES = {
    "monthly": 0.42,
    "quarterly": 0.16,
    "semiannual": 0.12,
    "annual": 0.22,
    "multi_year": 0.05,
    "lump_sum": 0.03,
}
SUPPORT_GROUP_SHARES = {"poor": 0.08, "near_poor": 0.07, "other": 0.85}

# How unevenly the provinces and districts perform (sigma of a log-normal factor).
PROVINCE_SPREAD = 0.3
DISTRICT_SPREAD = 0.35

# Participants: 2022 labour force per inhabitant of 2019 (about 51 million of 96 million,
# grown since the census), the national voluntary coverage, and the national stock of
# voluntary participants in the first month (about 1.4 million by the end of 2022).
LABOUR_FORCE_PER_INHABITANT = 0.53
COVERAGE_2022 = 0.027
PARTICIPANTS_AT_START = 1_300_000

# Routes: seconds between two logged points while driving, and the chance that a vehicle
# goes out on a given day after the launch.
ROUTE_LOG_INTERVAL_S = 180
ROUTE_WORKING_DAY_CHANCE = 0.7
DISTRICT_GEOMETRY_FILE = "vn_districts_2022_complete_simplified.geojson"


def _columns(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.name not in ("id", "import_id"))


ENROLLMENT_COLUMNS = _columns(enrollments)
PARTICIPANT_COLUMNS = _columns(participants)
EVENT_COLUMNS = _columns(events)
ROUTE_COLUMNS = _columns(route_points)


def generate_enrollments(
    *,
    seed: int = DEFAULT_SEED,
    national_target: int = NATIONAL_TARGET,
    start: dt.date = CAMPAIGN_LAUNCH,
    end: dt.date = CAMPAIGN_END,
) -> pd.DataFrame:
    """New voluntary enrollments from ``start`` to ``end``, about ``national_target`` in all.

    The total lands within 4% of ``national_target``. Rows are ordered by date; columns are
    those of the ``enrollments`` table without ``id`` and ``import_id`` (``registered_on`` as
    datetime64).
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    rng = np.random.default_rng(seed)
    total = round(national_target * rng.uniform(0.96, 1.04))
    district_codes, province_codes = _draw_places(rng, total)
    days, channels = _draw_days_and_channels(rng, total, start, end)
    support = _choose(rng, SUPPORT_GROUP_SHARES, total)
    frame = pd.DataFrame(
        {
            "registered_on": days,
            "product": DEFAULT_PRODUCT,
            "province_code": province_codes,
            "district_code": district_codes,
            "commune_code": _draw_communes(rng, district_codes),
            "channel": channels,
            "sex": _choose(rng, SEX_SHARES, total),
            "birth_year": _draw_birth_years(rng, total),
            "monthly_income_vnd": _draw_incomes(rng, support),
            "payment_cycle": _choose(rng, PAYMENT_CYCLE_SHARES, total),
            "support_group": support,
            "participant_hash": _fake_hashes(seed, total),
        }
    )
    frame = frame.sort_values(["registered_on", "district_code"], kind="stable", ignore_index=True)
    frame["registered_at"] = _launch_times(seed, frame["registered_on"])
    return frame[list(ENROLLMENT_COLUMNS)]


def _launch_times(seed: int, days: pd.Series) -> pd.Series:
    """A time of day for each registration of the launch day (UTC), none for other days.

    Drawn from ``LAUNCH_HOURLY_PROFILE`` with a generator of its own, so the other columns
    stay what they were before times existed.
    """
    rng = np.random.default_rng(seed + 1)
    on_launch = (days.dt.date == CAMPAIGN_LAUNCH).to_numpy()
    hours = np.array(list(LAUNCH_HOURLY_PROFILE))
    weights = np.array(list(LAUNCH_HOURLY_PROFILE.values()), dtype="float64")
    drawn = rng.choice(hours, size=int(on_launch.sum()), p=weights / weights.sum())
    seconds = drawn * 3600 + rng.integers(0, 3600, size=len(drawn))
    midnight = pd.Timestamp(CAMPAIGN_LAUNCH).tz_localize("Asia/Ho_Chi_Minh")
    times = pd.Series(pd.NaT, index=days.index, dtype="datetime64[ns, UTC]")
    times[on_launch] = (midnight + pd.to_timedelta(np.sort(seconds), unit="s")).tz_convert("UTC")
    return times


def generate_targets(
    *, national_target: int = NATIONAL_TARGET, districts: bool = True
) -> pd.DataFrame:
    """Province targets apportioned by 2019 population, and each split over its districts.

    Largest-remainder rounding (ties to the lower code) at both levels, so the province rows
    sum exactly to ``national_target`` and each province's district rows to its target.
    Districts where nobody lived in 2019 get 0.

    Columns: province_code, district_code (missing on the 63 province rows, which come first),
    target_new_participants. ``districts=False`` returns the province rows only.
    """
    provinces = reference.provinces()
    province_target = _apportion(national_target, provinces["pop_2019"].to_numpy())
    province_rows = pd.DataFrame(
        {
            "province_code": provinces["province_code"].to_numpy(),
            "district_code": pd.Series([None] * len(provinces), dtype="object"),
            "target_new_participants": province_target,
        }
    )
    if not districts:
        return province_rows
    by_province = dict(zip(provinces["province_code"], province_target, strict=True))
    parts = [
        pd.DataFrame(
            {
                "province_code": code,
                "district_code": group["district_code"].to_numpy(),
                "target_new_participants": _apportion(
                    int(by_province[code]), group["pop_2019"].to_numpy()
                ),
            }
        )
        for code, group in reference.districts().groupby("province_code", sort=True)
    ]
    return pd.concat([province_rows, *parts], ignore_index=True)


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` split in proportion to ``weights`` into integers that sum to it exactly."""
    weights = np.asarray(weights, dtype="float64")
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    quota = total * weights / weights.sum()
    whole = np.floor(quota).astype("int64")
    left = total - int(whole.sum())
    # Stable sort on the negated remainder keeps code order among equal remainders.
    order = np.argsort(-(quota - whole), kind="stable")
    whole[order[:left]] += 1
    return whole


def generate_participants(
    *, seed: int = DEFAULT_SEED, first: str = "2022-05", last: str = "2022-12"
) -> pd.DataFrame:
    """Monthly stock of voluntary participants and the labour force, per province and district.

    Shaped on 2022: about 1.4 million voluntary participants against a labour force of about
    51 million (0.53 x the 2019 population), so about 2.7% coverage,
    uneven between provinces and districts and growing month by month. Each province row is
    the sum of its district rows.

    Columns: those of the ``participants`` table without ``id`` and ``import_id``; the 63
    province rows of each month (``district_code`` missing) come before its district rows.
    """
    rng = np.random.default_rng([seed, 2])
    months = pd.period_range(first, last, freq="M")
    districts = reference.districts()
    province_codes = districts["province_code"].to_numpy()
    province_index = pd.factorize(province_codes, sort=True)[0]
    n_provinces = int(province_index.max()) + 1

    pop = districts["pop_2019"].to_numpy(dtype="float64")
    labour_force = pop * LABOUR_FORCE_PER_INHABITANT * rng.normal(1.0, 0.04, len(pop))
    coverage = (
        COVERAGE_2022
        * rng.lognormal(0.0, 0.35, n_provinces)[province_index]
        * rng.lognormal(0.0, 0.2, len(pop))
    )
    coverage *= PARTICIPANTS_AT_START / (labour_force * coverage).sum()
    monthly_growth = rng.normal(0.012, 0.004, n_provinces)[province_index]

    frames = []
    for step, month in enumerate(months):
        lf = np.rint(labour_force * (1.0 + 0.0009 * step)).astype("int64")
        stock = np.rint(labour_force * coverage * (1.0 + monthly_growth) ** step).astype("int64")
        district_rows = pd.DataFrame(
            {
                "period": str(month),
                "province_code": province_codes,
                "district_code": districts["district_code"].to_numpy(),
                "voluntary_participants": stock,
                "labour_force": lf,
            }
        )
        province_rows = (
            district_rows.groupby("province_code", sort=True)[
                ["voluntary_participants", "labour_force"]
            ]
            .sum()
            .reset_index()
            .assign(period=str(month), district_code=None)
        )
        frames += [province_rows, district_rows]
    # Columns a development report fills (movements, the year's plan) stay empty here.
    return pd.concat(frames, ignore_index=True).reindex(columns=list(PARTICIPANT_COLUMNS))


def generate_events(*, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The launch day and the campaign days after it, as an events file would list them.

    On 8 May 2022 the central online kickoff is answered by every province and by a few
    hundred district and commune sites following the stream; each later campaign day has
    provincial conferences, counselling sessions and mobile propaganda in communes.

    Columns: those of the ``events`` table without ``id`` and ``import_id``, ordered by day.
    """
    rng = np.random.default_rng([seed, 3])
    provinces = reference.provinces()["province_code"].to_numpy(dtype=object)
    districts = reference.districts()
    districts = districts[districts["pop_2019"] > 0]
    communes = reference.communes()
    rows: list[dict[str, Any]] = [
        _event(CAMPAIGN_LAUNCH, "central", "online_kickoff", None, 320, 48_000, None)
    ]
    for code in provinces:
        rows.append(
            _event(
                CAMPAIGN_LAUNCH,
                "province",
                "online_kickoff",
                (code, None, None),
                int(rng.integers(80, 260)),
                int(rng.integers(500, 5_000)),
                int(rng.integers(10, 80)),
            )
        )
    district_sites = districts.sample(frac=0.4, random_state=_state(rng))
    for province, district in zip(
        district_sites["province_code"], district_sites["district_code"], strict=True
    ):
        rows.append(
            _event(
                CAMPAIGN_LAUNCH,
                "district",
                "online_kickoff",
                (province, district, None),
                int(rng.integers(40, 160)),
                int(rng.integers(50, 600)),
                int(rng.integers(5, 40)),
            )
        )
    rows += _commune_events(rng, communes, CAMPAIGN_LAUNCH, "online_kickoff", 180, (30, 120))
    for day in CAMPAIGN_DAYS[1:]:
        for code in rng.choice(provinces, size=int(rng.integers(8, 20)), replace=False):
            rows.append(
                _event(
                    day,
                    "province",
                    "conference",
                    (code, None, None),
                    int(rng.integers(60, 220)),
                    None,
                    int(rng.integers(10, 60)),
                )
            )
        rows += _commune_events(rng, communes, day, "counselling", 40, (15, 70))
        rows += _commune_events(rng, communes, day, "mobile_propaganda", 25, (50, 300))
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["held_on"] = pd.to_datetime(frame["held_on"]).astype("datetime64[s]")
    for name in ("online_viewers", "leads"):
        frame[name] = frame[name].astype("Int64")
    return frame.sort_values("held_on", kind="stable", ignore_index=True)


def _event(
    day: dt.date,
    level: str,
    kind: str,
    place: tuple[str, str | None, str | None] | None,
    attendees: int,
    online_viewers: int | None,
    leads: int | None,
) -> dict[str, Any]:
    province, district, commune = place if place is not None else (None, None, None)
    return {
        "held_on": day,
        "level": level,
        "province_code": province,
        "district_code": district,
        "commune_code": commune,
        "kind": kind,
        "attendees": attendees,
        "online_viewers": online_viewers,
        "leads": leads,
    }


def _commune_events(
    rng: np.random.Generator,
    communes: pd.DataFrame,
    day: dt.date,
    kind: str,
    count: int,
    attendees: tuple[int, int],
) -> list[dict[str, Any]]:
    picked = communes.sample(n=count, random_state=_state(rng))
    online = kind == "online_kickoff"
    return [
        _event(
            day,
            "commune",
            kind,
            (province, district, commune),
            int(rng.integers(*attendees)),
            int(rng.integers(0, 200)) if online else None,
            int(rng.integers(2, 25)),
        )
        for province, district, commune in zip(
            picked["province_code"], picked["district_code"], picked["commune_code"], strict=True
        )
    ]


def _state(rng: np.random.Generator) -> np.random.RandomState:
    """A legacy generator for pandas' ``sample``, seeded from ``rng`` so the draw stays seeded."""
    return np.random.RandomState(int(rng.integers(2**31)))


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
        n=vehicles, replace=vehicles > len(districts), random_state=_state(rng)
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


# The kinds load_sample writes, in order.
_GENERATORS: dict[str, Callable[[int], pd.DataFrame]] = {
    "enrollments": lambda target: generate_enrollments(national_target=target),
    "targets": lambda target: generate_targets(national_target=target),
    "participants": lambda _target: generate_participants(),
    "events": lambda _target: generate_events(),
    "routes": lambda _target: generate_routes(),
}
SAMPLE_KINDS = tuple(_GENERATORS)


class SampleRefused(Exception):
    """The sample cannot be loaded: real data is counted, or the sample is loaded already."""


def load_sample(engine: Engine, *, national_target: int = NATIONAL_TARGET) -> int:
    """Write every kind of sample data, each as one import marked ``is_sample``.

    All or nothing: one transaction. Returns the number of enrollments written.

    Raises:
        SampleRefused: real data is counted (sample and real figures never add up), or the
            sample is loaded already.
    """
    frames = {kind: generate(national_target) for kind, generate in _GENERATORS.items()}
    with engine.begin() as con:
        serialise_imports(con)
        live = set(
            con.execute(select(imports.c.is_sample).where(imports.c.undone_at.is_(None))).scalars()
        )
        if False in live:
            raise SampleRefused(
                "real data is loaded, and the sample would add up with it: undo the real "
                "imports first"
            )
        if True in live:
            raise SampleRefused("the sample data is loaded already")
        for kind, frame in frames.items():
            _write_sample_import(con, kind, frame)
    return len(frames["enrollments"])


def remove_sample(engine: Engine, *, by: str) -> int:
    """Set the sample data aside, as the first real import does; returns the imports removed."""
    with engine.begin() as con:
        serialise_imports(con)
        return set_sample_aside(con, by=by)


def load_sample_if_empty(engine: Engine, **kwargs: Any) -> bool:
    """Load the sample only into a database that has never had an import; True if loaded.

    An undone or set-aside import still counts: whoever removed the sample, or loaded real
    data, meant it, and a restart must not bring the sample back. When two workers start
    at once, the second one finds the first one's sample and backs off.
    """
    with engine.connect() as con:
        if con.execute(select(exists().select_from(imports))).scalar():
            return False
    try:
        load_sample(engine, **kwargs)
    except (SampleRefused, IntegrityError):
        return False
    return True


def _write_sample_import(con: Connection, kind: str, frame: pd.DataFrame) -> None:
    content = frame.to_csv(index=False).encode()
    import_id = con.execute(
        insert(imports)
        .values(
            kind=kind,
            file_name="sample",
            content_hash=hashlib.sha256(content).hexdigest(),
            imported_by="sample",
            imported_at=dt.datetime.now(dt.UTC),
            row_count=len(frame),
            added_count=len(frame),
            skipped_count=0,
            is_sample=True,
        )
        .returning(imports.c.id)
    ).scalar_one()
    rows = _records(frame)
    if rows:
        con.execute(insert(DATA_TABLES[kind]), [{**row, "import_id": import_id} for row in rows])
    if kind == "enrollments":
        write_counts(con, import_id)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python values: dates as ``date``, timestamps with a time zone as aware
    ``datetime``, missing values as ``None``."""
    plain = frame.copy()
    for name in plain.columns:
        if isinstance(plain[name].dtype, pd.DatetimeTZDtype):
            # Timestamps stay timestamps (UtcDateTime wants aware datetimes).
            plain[name] = pd.Series(plain[name].dt.to_pydatetime(), dtype=object)
        elif pd.api.types.is_datetime64_any_dtype(plain[name]):
            plain[name] = plain[name].dt.date
    plain = plain.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")  # type: ignore[return-value]


def _draw_places(rng: np.random.Generator, total: int) -> tuple[np.ndarray, np.ndarray]:
    """District and province code of each enrollment, by population and performance."""
    districts = reference.districts()
    provinces = reference.provinces()
    province_pop = provinces["pop_2019"].to_numpy(dtype="float64")
    performance = rng.lognormal(0.0, PROVINCE_SPREAD, len(provinces))
    # Normalised so that, over the country, enrollments follow the targets on average.
    performance /= (performance * province_pop).sum() / province_pop.sum()
    province_weight = pd.Series(province_pop * performance, index=provinces["province_code"])

    district_pop = districts["pop_2019"].to_numpy(dtype="float64")
    district_weight = district_pop * rng.lognormal(0.0, DISTRICT_SPREAD, len(districts))
    share_in_province = (
        district_weight
        / pd.Series(district_weight)
        .groupby(districts["province_code"].to_numpy())
        .transform("sum")
        .to_numpy()
    )
    probability = share_in_province * province_weight.loc[districts["province_code"]].to_numpy()
    counts = rng.multinomial(total, probability / probability.sum())
    return (
        np.repeat(districts["district_code"].to_numpy(dtype=object), counts),
        np.repeat(districts["province_code"].to_numpy(dtype=object), counts),
    )


def _draw_days_and_channels(
    rng: np.random.Generator, total: int, start: dt.date, end: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """Registration day and channel of each enrollment, drawn jointly.

    Everyday channels rise slowly towards the year-end deadline, with a launch surge, and
    slow down at weekends; event enrollments cluster on campaign days and the two after.
    """
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    elapsed = (days - days[0]).astype("float64")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    weekday_factor = np.select([weekday == 5, weekday == 6], [0.6, 0.25], 1.0)
    everyday = (0.7 + 0.8 * elapsed / max(elapsed[-1], 1.0)) * weekday_factor
    everyday *= 1.0 + 2.0 * np.exp(-elapsed / 10.0)

    event_days = np.full(len(days), 0.05)
    for i, campaign_day in enumerate(d for d in CAMPAIGN_DAYS if start <= d <= end):
        index = (campaign_day - start).days
        peak = 3.0 if i == 0 and campaign_day == CAMPAIGN_LAUNCH else 1.0
        for offset, decay in enumerate((1.0, 0.35, 0.15)):
            if index + offset < len(days):
                event_days[index + offset] += peak * decay

    joint = np.column_stack(
        [
            (event_days / event_days.sum() if c == "event" else everyday / everyday.sum())
            * CHANNEL_SHARES[c]
            for c in CHANNELS
        ]
    )
    cells = rng.choice(joint.size, size=total, p=joint.ravel() / joint.sum())
    day_index, channel_index = np.divmod(cells, len(CHANNELS))
    return days[day_index].astype("datetime64[s]"), np.asarray(CHANNELS, dtype=object)[
        channel_index
    ]


def _draw_communes(rng: np.random.Generator, district_codes: np.ndarray) -> np.ndarray:
    """A commune of each row's district, uniformly; None where a district has no communes."""
    # Grouped by district: commune codes alone do not keep a district's communes together.
    communes = reference.communes().sort_values(
        ["district_code", "commune_code"], ignore_index=True
    )
    sizes = communes.groupby("district_code", sort=True).size()
    first_of_district = sizes.cumsum() - sizes
    size = sizes.reindex(district_codes, fill_value=0).to_numpy()
    start = first_of_district.reindex(district_codes, fill_value=0).to_numpy()
    position = start + np.floor(rng.random(len(district_codes)) * size).astype("int64")
    codes = communes["commune_code"].to_numpy(dtype=object)
    picked = codes[np.minimum(position, len(codes) - 1)]
    picked[size == 0] = None
    return picked


def _draw_birth_years(rng: np.random.Generator, total: int) -> np.ndarray:
    """Mostly born 1965-2000 (working age, not yet near retirement), at least 15 in 2022."""
    years = np.rint(rng.normal(1982.0, 9.0, total))
    return np.clip(years, 1950, 2007).astype("int64")


def _draw_incomes(rng: np.random.Generator, support: np.ndarray) -> np.ndarray:
    """Declared monthly income: many at the floor (more so with state support), in 50k steps."""
    at_floor_chance = np.where(support == "other", 0.45, 0.75)
    above = INCOME_FLOOR_VND + rng.lognormal(np.log(1_000_000), 0.8, len(support))
    income = np.where(rng.random(len(support)) < at_floor_chance, INCOME_FLOOR_VND, above)
    stepped = np.rint(np.minimum(income, INCOME_CEILING_VND) / INCOME_STEP_VND) * INCOME_STEP_VND
    return np.maximum(stepped, INCOME_FLOOR_VND).astype("int64")


def _choose(rng: np.random.Generator, shares: dict[str, float], total: int) -> np.ndarray:
    labels = np.asarray(list(shares), dtype=object)
    weights = np.asarray(list(shares.values()), dtype="float64")
    return labels[rng.choice(len(labels), size=total, p=weights / weights.sum())]


def _fake_hashes(seed: int, total: int) -> list[str]:
    """Stand-ins for salted participant hashes: unique, and obviously not real numbers."""
    return [hashlib.sha256(f"diemtua-sample:{seed}:{i}".encode()).hexdigest() for i in range(total)]
