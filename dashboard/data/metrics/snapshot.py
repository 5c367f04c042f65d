"""One snapshot of every kind of data, as dense arrays, rebuilt when the data changes.

``DashboardData.load`` reads everything the screens need from one connection, once per data
version: enrollments as a running total per (day, district, product, channel), so any date
range costs one subtraction; participants per month; targets, events and route points as plain
columns. The question modules of this package are pure functions of a snapshot and a
``Filters`` value.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import weakref
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Final, cast

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection, Engine

from dashboard.data import queries
from dashboard.data.db import data_version
from dashboard.data.metrics.cells import Cells, ImportKey, cells_per_import
from dashboard.data.metrics.geo import day_number, geo, to_date
from dashboard.domain import CHANNELS, PRODUCTS, Campaign, Filters, Level

# Route times are stored in UTC; days on the screens are Vietnam's (UTC+7, no summer time).
VIETNAM_UTC_OFFSET: Final = pd.Timedelta(hours=7)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class DashboardData:
    """Everything the screens read, for one data version; immutable, shared between threads.

    Build it with ``DashboardData.load(con)``; check ``version`` against
    ``dashboard.data.db.data_version(con)`` (one cheap query) to know when to rebuild, or let
    ``SnapshotCache`` do it.

    Attributes:
        version: the ``data_version`` the snapshot was read at.
        national_targets: the national target of new participants of each product (settings;
            None or absent: no target set).
        first_day: first day (days since 1970-01-01) of the enrollment arrays.
        running: running totals of enrollments, shape (days + 1, districts, products,
            channels): ``running[i]`` counts enrollments before day ``first_day + i``.
        daily_by_province: enrollments per (day, provinces, products, channels).
        unmatched_enrollments: enrollments whose district is not in the 2022 list (left out).
        targets: ``queries.target_rows`` (every product); participants:
            ``queries.participant_rows``; events: ``queries.event_rows``; routes:
            ``queries.route_point_rows`` plus ``day`` (the Vietnam calendar day,
            datetime64[D]) and ``is_stop``.
    """

    version: str
    national_targets: Mapping[str, int | None]
    first_day: int
    running: np.ndarray
    daily_by_province: np.ndarray
    unmatched_enrollments: int
    targets: pd.DataFrame
    participants: pd.DataFrame
    events: pd.DataFrame
    routes: pd.DataFrame
    enrollment_imports: Mapping[ImportKey, Cells] = field(default_factory=dict, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        con: Connection,
        *,
        national_targets: Mapping[str, int | None] | None = None,
        previous: DashboardData | None = None,
    ) -> DashboardData:
        """Read every kind of data from ``con`` (an undone import's rows are deleted);
        ``national_targets`` defaults to the campaign's (``Campaign().national_targets``).

        Enrollments are read as the counts of each import, and only for the imports that
        ``previous`` (the snapshot being replaced) does not hold already.
        """
        version = data_version(con)
        held = cells_per_import(con, None if previous is None else previous.enrollment_imports)
        first_day, running, by_province, unmatched = _arrays(Cells.joined(held.values()))
        routes = queries.route_point_rows(con)
        local = routes["recorded_at"].dt.tz_localize(None) + VIETNAM_UTC_OFFSET
        routes = routes.assign(
            day=local.to_numpy().astype("datetime64[D]"), is_stop=routes["stop_name"].notna()
        )
        data = cls(
            version=version,
            national_targets=dict(
                Campaign().national_targets if national_targets is None else national_targets
            ),
            first_day=first_day,
            running=running,
            daily_by_province=by_province,
            unmatched_enrollments=unmatched,
            targets=queries.target_rows(con),
            participants=queries.participant_rows(con),
            events=queries.event_rows(con),
            routes=routes,
            enrollment_imports=held,
        )
        # Index the route points now, while requests are still served by the previous
        # snapshot, rather than on the first routes request (a second at the launch scale);
        # imported here because that module imports this one.
        from dashboard.data.metrics.routes import route_index

        route_index(data)
        return data

    @property
    def has_enrollments(self) -> bool:
        return bool(self.running[-1].any())

    @property
    def last_day(self) -> dt.date | None:
        """The last day with enrollments, None without any."""
        totals = self.daily_by_province.sum(axis=(1, 2, 3))
        days = np.flatnonzero(totals)
        return to_date(self.first_day + int(days[-1])) if len(days) else None

    def _cached(self, key: str, build: Callable[[], object]) -> object:
        # Derived per-snapshot tables (target and participant arrays); the snapshot is
        # immutable, so computing them once on first use is safe.
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]


class SnapshotCache:
    """Hands out the ``DashboardData`` of the data version, read once per version.

    ``get()`` waits for the snapshot of the version the database is at now (the command
    line, tests). ``served(version)`` is for a server: while the snapshot of a newer version
    loads in a background thread, requests keep being answered from the previous one, and
    the new one replaces it when ready. A worker never runs two loads at once: a request
    that finds a load under way neither starts another nor waits for it.
    """

    def __init__(
        self, engine: Engine, *, national_targets: Mapping[str, int | None] | None = None
    ) -> None:
        self._engine = engine
        self._national_targets = national_targets
        self._snapshot: DashboardData | None = None
        # Held for the whole of a load, by the thread that loads (released by it even when
        # it was taken by the request that started the load).
        self._loading = threading.Lock()
        os.register_at_fork(after_in_child=_after_fork(self))
        self.loads = 0  # loads finished so far (a test counts them)

    def database_version(self) -> str:
        """The database's data version now (one cheap query)."""
        with self._engine.connect() as con:
            return data_version(con)

    def get(self) -> DashboardData:
        """The snapshot of the data as it is now, read first if need be."""
        return self.served(self.database_version(), wait=True)

    def served(self, version: str, *, wait: bool = False) -> DashboardData:
        """The snapshot to answer from while the database is at ``version``.

        The held snapshot when it is of ``version``; otherwise a load is started (unless one
        is under way) and, without ``wait``, the held snapshot is returned at once. The
        first snapshot is always waited for: there is nothing to answer from before it.
        """
        held = self._snapshot
        if held is not None and held.version == version:
            return held
        if held is not None and not wait:
            if self._loading.acquire(blocking=False):
                threading.Thread(
                    target=self._load_and_release, name="snapshot-load", daemon=True
                ).start()
            return held
        with self._loading:
            held = self._snapshot
            if held is None or held.version != version:
                held = self._load()
            return held

    def _load_and_release(self) -> None:
        try:
            self._load()
        except Exception:  # the next request starts another load; meanwhile, the old data
            _log.exception("reading the next snapshot failed; still serving the previous one")
        finally:
            self._loading.release()

    def _load(self) -> DashboardData:
        with self._engine.connect() as con:
            snapshot = DashboardData.load(
                con, national_targets=self._national_targets, previous=self._snapshot
            )
        self._snapshot = snapshot
        self.loads += 1
        return snapshot


def _after_fork(cache: SnapshotCache) -> Callable[[], None]:
    """A forked worker has no loading thread: a lock its parent held must not stay held."""
    ref = weakref.ref(cache)

    def reset() -> None:
        alive = ref()
        if alive is not None:
            alive._loading = threading.Lock()

    return reset


def _enrollment_arrays(cube: pd.DataFrame) -> tuple[int, np.ndarray, np.ndarray, int]:
    """``_arrays`` of a frame with the columns of ``queries.enrollment_cube``."""
    return _arrays(Cells.of(cube))


def _arrays(cells: Cells) -> tuple[int, np.ndarray, np.ndarray, int]:
    """First day, running totals (days + 1, districts, products, channels), per province per
    day, and the number of enrollments whose district (or channel, or product) is unknown.

    A combination may come in several cells (imports, hours of registration): their ``n``
    add up.
    """
    g = geo()
    n_slices = len(PRODUCTS) * len(CHANNELS)
    slices_shape = (len(PRODUCTS), len(CHANNELS))
    if len(cells.n) == 0:
        first = 0
        return (
            first,
            np.zeros((1, g.n_districts, *slices_shape), dtype="int64"),
            np.zeros((0, g.n_provinces, *slices_shape), dtype="int64"),
            0,
        )
    days, district, channel, product, n = (
        cells.day, cells.district, cells.channel, cells.product, cells.n
    )  # fmt: skip
    first = int(days.min())
    n_days = int(days.max()) - first + 1
    known = (district >= 0) & (channel >= 0) & (product >= 0)
    unmatched = int(n[~known].sum())
    n_districts = g.n_districts
    # One flat axis of (product, channel) while counting, split in two by the reshape.
    sliced = product[known] * len(CHANNELS) + channel[known]
    flat = ((days[known] - first) * n_districts + district[known]) * n_slices + sliced
    daily = np.bincount(flat, weights=n[known], minlength=n_days * n_districts * n_slices)
    daily = daily.astype("int64").reshape(n_days, n_districts, *slices_shape)
    running = np.zeros((n_days + 1, n_districts, *slices_shape), dtype="int64")
    np.cumsum(daily, axis=0, out=running[1:])
    # Districts sorted by province make each province one slice to sum.
    order = np.argsort(g.district_province, kind="stable")
    starts = np.flatnonzero(np.diff(g.district_province[order], prepend=-1))
    by_province = np.add.reduceat(daily[:, order], starts, axis=1)
    return first, running, by_province, unmatched


def enrollments_per_district(data: DashboardData, filters: Filters) -> np.ndarray:
    """New enrollments per 2022 district of the filters' product, period and channels
    (int64)."""
    n_days = data.running.shape[0] - 1
    start, end = filters.start, filters.end
    low = 0 if start is None else int(np.clip(day_number(start) - data.first_day, 0, n_days))
    high = n_days if end is None else int(np.clip(day_number(end) - data.first_day + 1, 0, n_days))
    if high <= low:
        return np.zeros(geo().n_districts, dtype="int64")
    window = data.running[high] - data.running[low]
    return counted(window, filters)


def enrollments_per_province(data: DashboardData, filters: Filters) -> np.ndarray:
    """New enrollments per 2022 province of the filters' product, period and channels
    (float64)."""
    g = geo()
    per_district = enrollments_per_district(data, filters)
    return np.bincount(g.district_province, weights=per_district, minlength=g.n_provinces)


def counted(array: np.ndarray, filters: Filters) -> np.ndarray:
    """``array``'s counts of the filters' product and channels: its last two axes
    (products, channels) summed away."""
    of_product = array[..., product_index(filters.product), :]
    return cast(np.ndarray, of_product[..., channel_mask(filters.channels)].sum(axis=-1))


def product_index(product: str) -> int:
    """Position of ``product`` in ``PRODUCTS`` (the enrollment arrays' product axis)."""
    if product not in PRODUCTS:
        raise ValueError(f"unknown product {product!r}: one of {', '.join(PRODUCTS)}")
    return PRODUCTS.index(product)


def channel_mask(channels: Collection[str]) -> np.ndarray:
    """The channels counted, as a mask over ``CHANNELS``; none named means every one."""
    if isinstance(channels, str):
        raise TypeError(f"channels must be a collection, not the string {channels!r}")
    if not channels:
        return np.ones(len(CHANNELS), dtype=bool)
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown channel(s) {sorted(unknown)}: one of {', '.join(CHANNELS)}")
    return np.isin(np.asarray(CHANNELS, dtype=object), list(channels))


def target_arrays(data: DashboardData, product: str) -> tuple[np.ndarray, np.ndarray]:
    """``product``'s targets per province and per district (2022), NaN where none is set."""
    product_index(product)

    def build() -> tuple[np.ndarray, np.ndarray]:
        g = geo()
        rows = data.targets[data.targets["product"] == product].drop(columns="product")
        provinces = np.full(g.n_provinces, np.nan)
        totals = queries.province_totals(rows, ["target"])
        where = totals["province_code"].map(g.province_index)
        ok = where.notna().to_numpy()
        provinces[where[ok].astype("int64").to_numpy()] = totals["target"].to_numpy()[ok]
        districts = np.full(g.n_districts, np.nan)
        district_rows = rows[rows["district_code"].notna()]
        sums = district_rows.groupby("district_code")["target"].sum()
        at = np.asarray([g.district_index.get(str(c), -1) for c in sums.index], dtype="int64")
        districts[at[at >= 0]] = sums.to_numpy(dtype="float64")[at >= 0]
        return provinces, districts

    return cast(tuple[np.ndarray, np.ndarray], data._cached(f"targets:{product}", build))


def participant_arrays(
    data: DashboardData,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per period: participants and labour force of provinces (periods x provinces), the same
    of districts (periods x districts), and the sorted periods (str)."""

    def build() -> tuple[np.ndarray, ...]:
        g = geo()
        rows = data.participants
        periods = np.asarray(sorted(rows["period"].unique()), dtype=object)
        row_of = {p: i for i, p in enumerate(periods)}
        shapes = ((len(periods), g.n_provinces), (len(periods), g.n_districts))
        prov_vp, prov_lf = np.full(shapes[0], np.nan), np.full(shapes[0], np.nan)
        dist_vp, dist_lf = np.full(shapes[1], np.nan), np.full(shapes[1], np.nan)
        value_columns = ["voluntary_participants", "labour_force"]
        totals = queries.province_totals(rows, value_columns)
        for frame, code_column, index, vp, lf in (
            (totals, "province_code", g.province_index, prov_vp, prov_lf),
            (
                rows[rows["district_code"].notna()],
                "district_code",
                g.district_index,
                dist_vp,
                dist_lf,
            ),
        ):
            where = frame[code_column].map(index)
            ok = where.notna().to_numpy()
            p = frame["period"].map(row_of).to_numpy()[ok].astype("int64")
            u = where.to_numpy()[ok].astype("int64")
            vp[p, u] = frame["voluntary_participants"].to_numpy(dtype="float64")[ok]
            lf[p, u] = frame["labour_force"].to_numpy(dtype="float64")[ok]
        return prov_vp, prov_lf, dist_vp, dist_lf, periods

    return cast(
        tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        data._cached("participants", build),
    )


def period_index(data: DashboardData, end: dt.date | None) -> int | None:
    """Row of the latest month of participants data not after ``end``; None if none."""
    periods = participant_arrays(data)[4]
    if len(periods) == 0:
        return None
    if end is None:
        return len(periods) - 1
    position = int(np.searchsorted(periods, f"{end:%Y-%m}", side="right")) - 1
    return position if position >= 0 else None


def participants_at(
    data: DashboardData, end: dt.date | None, level: Level
) -> tuple[np.ndarray, np.ndarray]:
    g = geo()
    size = g.n_provinces if level == "province" else g.n_districts
    period = period_index(data, end)
    if period is None:
        return np.full(size, np.nan), np.full(size, np.nan)
    prov_vp, prov_lf, dist_vp, dist_lf, _ = participant_arrays(data)
    if level == "province":
        return prov_vp[period], prov_lf[period]
    return dist_vp[period], dist_lf[period]
