"""A worker keeps answering from its snapshot while the next one loads, one load at a time;
workers with their own connections all read the shared database's counts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sqlalchemy.engine import Connection, Engine

from dashboard.data import metrics
from dashboard.data.db import make_engine
from dashboard.data.importers import undo_import
from dashboard.data.metrics import DashboardData, SnapshotCache
from dashboard.domain import Campaign, Filters
from dashboard.server.versions import VersionClock
from dashboard.services import DashboardService

RecordImport = Callable[..., int]


def _total(data: DashboardData) -> int:
    return metrics.progress(data, Filters()).value


def test_the_previous_snapshot_answers_while_the_next_loads(
    engine: Engine,
    record_import: RecordImport,
    make_enrollment: Callable[..., dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = SnapshotCache(engine)
    first = cache.get()
    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")] * 3)
    version = cache.database_version()

    release, started = threading.Event(), []
    real_load = DashboardData.load.__func__  # type: ignore[attr-defined]

    def held_load(cls: type[DashboardData], con: Connection, **kwargs: Any) -> DashboardData:
        started.append(time.monotonic())
        assert release.wait(30)
        return real_load(cls, con, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(DashboardData, "load", classmethod(held_load))
    answers = [cache.served(version)]
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    answers += [cache.served(version) for _ in range(20)]  # the load is held meanwhile
    assert all(answer is first for answer in answers)
    assert len(started) == 1  # one load, not one per request

    release.set()
    deadline = time.monotonic() + 30
    while cache.served(version) is first and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _total(cache.served(version)) == 3 and len(started) == 1
    assert cache.loads == 2


def test_waiting_callers_share_the_load_under_way(
    engine: Engine, record_import: RecordImport, make_enrollment: Callable[..., dict[str, Any]]
) -> None:
    cache = SnapshotCache(engine)
    cache.get()
    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")])
    version = cache.database_version()
    cache.served(version)  # starts the load in the background
    waited = cache.served(version, wait=True)
    assert waited.version == version and _total(waited) == 1
    assert cache.loads == 2


def test_workers_of_one_database_agree_after_an_import_and_an_undo(
    engine: Engine, record_import: RecordImport, make_enrollment: Callable[..., dict[str, Any]]
) -> None:
    # A second engine stands for a worker elsewhere: its own connections, the same database.
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        workers = [SnapshotCache(engine), SnapshotCache(other)]
        with engine.begin() as con:
            kept = record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")] * 2)
            undone = record_import(con, "enrollments", [make_enrollment("2022-05-09", "760")])
        assert [_total(worker.get()) for worker in workers] == [3, 3]
        undo_import(engine, undone)
        assert [_total(worker.get()) for worker in workers] == [2, 2]
        assert kept
    finally:
        other.dispose()


def test_the_next_snapshot_reads_only_the_imports_it_does_not_hold(
    engine: Engine, record_import: RecordImport, make_enrollment: Callable[..., dict[str, Any]]
) -> None:
    with engine.begin() as con:
        first = record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")] * 2)
    cache = SnapshotCache(engine)
    before = cache.get()
    with engine.begin() as con:
        second = record_import(con, "enrollments", [make_enrollment("2022-06-01", "760")])
    after = cache.get()
    undo_import(engine, first)
    undone = cache.get()

    def held(data: DashboardData) -> dict[int, Any]:
        return {key[0]: cells for key, cells in data.enrollment_imports.items()}

    assert held(after)[first] is held(before)[first]  # kept, not read again
    assert set(held(after)) == {first, second} and set(held(undone)) == {second}
    assert held(undone)[second] is held(after)[second]
    assert [_total(data) for data in (before, after, undone)] == [2, 3, 1]
    with engine.connect() as con:
        fresh = DashboardData.load(con)
    np.testing.assert_array_equal(undone.running, fresh.running)
    assert undone.first_day == fresh.first_day


def test_the_clock_tells_the_version_answered_from_and_a_page_ahead_waits_for_it(
    engine: Engine,
    record_import: RecordImport,
    make_enrollment: Callable[..., dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = DashboardService(engine, campaign=Campaign())
    clock = VersionClock(engine, ttl=0, follow=service.served_version)
    service.serve_in_background(clock.database)
    old = clock()
    with engine.begin() as con:
        record_import(con, "enrollments", [make_enrollment("2022-05-08", "001")])
    new = clock.database()

    release = threading.Event()
    real_load = DashboardData.load.__func__  # type: ignore[attr-defined]

    def held_load(cls: type[DashboardData], con: Connection, **kwargs: Any) -> DashboardData:
        assert release.wait(30)
        return real_load(cls, con, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(DashboardData, "load", classmethod(held_load))
    # While the new data loads, answers are filed under the version they are drawn from.
    assert clock() == old != new
    assert service.data_version() == old and service.snapshot().version == old
    # A page that saw the new version elsewhere waits for this worker's read of it.
    threading.Timer(0.2, release.set).start()
    assert clock(new) == new
    assert clock() == service.data_version() == new
    assert _total(service.snapshot()) == 1
