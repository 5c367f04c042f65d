"""The routes screen's answers at a small scale of the launch: compact, simplified, bounded."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy.engine import Engine

from dashboard.data import metrics
from dashboard.data.metrics import route_answers
from dashboard.data.sample.routes import generate_routes
from dashboard.data.sample.store import write_sample_import

LAUNCH = dt.date(2022, 5, 8)


@pytest.fixture
def data(engine: Engine) -> metrics.DashboardData:
    with engine.begin() as con:
        write_sample_import(con, "routes", generate_routes(scale=0.02, days=3))
    with engine.connect() as con:
        return metrics.DashboardData.load(con)


def test_route_data_costs_under_100_bytes_a_point(data: metrics.DashboardData) -> None:
    points = len(data.routes)
    held = int(data.routes.memory_usage(deep=True).sum()) + metrics.route_index(data).nbytes
    assert points > 40_000
    assert held / points <= 100


def test_national_tracks_are_one_per_district_and_simplified(data: metrics.DashboardData) -> None:
    day = metrics.route_points(data, day=LAUNCH)
    tracks = metrics.route_tracks(
        data, LAUNCH, provinces=None, tolerance=metrics.degrees_per_pixel(5), one_per_district=True
    )
    drawn = sum(int(np.isnan(t.lat).sum()) + 1 for t in tracks)
    positions = sum(int(np.isfinite(t.lat).sum()) for t in tracks)
    assert drawn == day["district_code"].nunique()
    assert positions < len(day) / 20
    totals = metrics.district_totals(data, LAUNCH)
    assert totals["vehicles"].sum() == day["vehicle_id"].nunique()
    assert totals["stops"].sum() == day["is_stop"].sum()


def test_a_province_shows_every_vehicle_within_the_answer_budget(
    data: metrics.DashboardData, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = metrics.route_points(data, day=LAUNCH)
    province = day["province_code"].value_counts().idxmax()
    vehicles = day.loc[day["province_code"] == province, "vehicle_id"].nunique()

    def drawn(tolerance: float) -> tuple[int, int]:
        tracks = metrics.route_tracks(
            data, LAUNCH, provinces=[province], tolerance=tolerance, one_per_district=False
        )
        lines = sum(int(np.isnan(t.lat).sum()) + 1 for t in tracks)
        return lines, sum(int(np.isfinite(t.lat).sum()) for t in tracks)

    fine = drawn(1e-4)
    assert fine[0] == vehicles
    monkeypatch.setattr(route_answers, "MAX_TRACK_POSITIONS", fine[1] // 5)
    coarse = drawn(1e-4)
    # Still every vehicle, with fewer positions (coarser until the budget or the limit).
    assert coarse[0] == vehicles and coarse[1] < fine[1]


def test_national_tracks_come_from_the_lines_simplified_with_the_index(
    data: metrics.DashboardData, monkeypatch: pytest.MonkeyPatch
) -> None:
    tolerance = metrics.degrees_per_pixel(5)
    kept = route_answers._tracks(data, LAUNCH, None, tolerance, True)
    # Without the index's lines: chosen and simplified from every point of the day.
    monkeypatch.setattr(route_answers, "FINEST_SERVED", np.inf)
    direct = route_answers._tracks(data, LAUNCH, None, tolerance, True)
    assert [t.vehicle_type for t in kept] == [t.vehicle_type for t in direct]
    for ours, theirs in zip(kept, direct, strict=True):
        assert ours.count == theirs.count
        # Each track keeps its ends, and about as many positions as simplified directly.
        assert _ends(ours) == _ends(theirs)
        ours_n, theirs_n = int(np.isfinite(ours.lat).sum()), int(np.isfinite(theirs.lat).sum())
        assert abs(ours_n - theirs_n) <= theirs_n // 5


def _ends(tracks: route_answers.Tracks) -> list[tuple[float, float]]:
    gaps = np.flatnonzero(np.isnan(tracks.lat))
    firsts, lasts = np.r_[0, gaps + 1], np.r_[gaps - 1, len(tracks.lat) - 1]
    picked = np.sort(np.r_[firsts, lasts])
    return list(zip(tracks.lat[picked].tolist(), tracks.lon[picked].tolist(), strict=True))
