"""Routes at the launch day's scale: worker memory, the routes screen's answers, a ZIP import.

Generates the sample routes at ``--scale`` (1.0: the launch day's 600 parades of 9,000
vehicles, then three weeks of smaller tours), writes them into a temporary SQLite file, builds
the app on it and prints:

- the bytes per point the route data costs in a worker (the snapshot's compact table and its
  index);
- p50/p95 milliseconds and the bytes of each kind of answer of the routes screen, through the
  Flask test client as the browser asks: a day change at national zoom (the map already
  shows the country: only the traces travel), a zoom change to a province (a whole figure),
  and back to the country (a whole figure);
- the points per second of importing a ZIP of ``--zip-files`` tracker reports (CSV, one
  vehicle each) of the launch day, through ``import_file`` as the upload screen does.

    .venv/bin/python bench/routes_bench.py [--scale 1.0] [--runs 40] [--zip-files 9000]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import machine_load

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data import metrics
from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers import import_file
from dashboard.data.sample.campaign import CAMPAIGN_LAUNCH
from dashboard.data.sample.routes import generate_routes
from dashboard.data.sample.store import write_sample_import
from tests.integration.dashclient import _callback_key

DRAW = [
    (ids.ROUTES_MAP, "figure"),
    (ids.ROUTES_TITLE, "children"),
    (ids.ROUTES_PANEL, "children"),
    (ids.ROUTES_DRAWN, "data"),
]
# A stop is a run of stopped rows of at least five minutes in a tracker report.
STOP_MINUTES = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--zip-files", type=int, default=9000)
    args = parser.parse_args()
    print(machine_load())
    started = time.perf_counter()
    points = generate_routes(scale=args.scale)
    launch = _local_day(points) == CAMPAIGN_LAUNCH
    print(
        f"scale {args.scale}: {len(points):,} points of {points['vehicle_id'].nunique():,} "
        f"vehicles ({int(launch.sum()):,} on the launch day), generated in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'routes.sqlite3'}"
        engine = make_engine(url)
        create_schema(engine)
        started = time.perf_counter()
        with engine.begin() as con:
            write_sample_import(con, "routes", points)
        print(f"written in {time.perf_counter() - started:.1f} s")
        app = create_app(Settings.load(environ={}, database_url=url, load_sample=False))
        started = time.perf_counter()
        data = app.server.config["DIEMTUA_CONTEXT"].service.snapshot()
        print(f"snapshot with its route index built in {time.perf_counter() - started:.1f} s")
        _memory(data)
        _answers(app, data, args.runs)
        _zip_import(points[launch.to_numpy()], args.zip_files, folder)


def _memory(data: metrics.DashboardData) -> None:
    table = int(data.routes.memory_usage(deep=True).sum())
    index = metrics.route_index(data).nbytes
    n = len(data.routes)
    print(
        f"worker memory for route data: {(table + index) / n:.1f} bytes per point "
        f"(table {table / n:.1f}, index {index / n:.1f}; {(table + index) / 2**20:.0f} MiB for "
        f"{n:,} points)"
    )


def _answers(app: Any, data: metrics.DashboardData, runs: int) -> None:
    rng = np.random.default_rng(8)
    days = metrics.route_days(data)
    provinces = metrics.route_provinces(data)
    # The launch day first: the heaviest day is always among those measured.
    picked = [days[0], *(days[int(i)] for i in rng.integers(0, len(days), runs - 1))]
    kinds = {
        "day change, national (traces only)": [(f"?day={d}", "routes:national") for d in picked],
        "zoom to a province (whole figure)": [
            (f"?province={rng.choice(provinces)}&day={d}", None) for d in picked
        ],
        "zoom back to the country (whole figure)": [(f"?day={d}", None) for d in picked],
    }
    client = app.server.test_client()
    for label, requests in kinds.items():
        times, sizes = [], []
        for search, drawn in requests:
            started = time.perf_counter()
            size = _draw(app, client, search, drawn)
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(size)
        times.sort()
        print(
            f"{label:<42} p50 {statistics.median(times):6.1f} ms   "
            f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms   "
            f"answer {statistics.median(sizes) / 1000:6.1f} KB median, "
            f"{max(sizes) / 1000:6.1f} KB max"
        )


def _draw(app: Any, client: Any, search: str, drawn: str | None) -> int:
    """Ask the routes screen's draw callback; the answer's size on the wire, in bytes."""
    body = {
        "output": _callback_key(app, DRAW),
        "outputs": [{"id": i, "property": p} for i, p in DRAW],
        "inputs": [{"id": ids.ROUTES_URL, "property": "search", "value": search}],
        "state": [{"id": ids.ROUTES_DRAWN, "property": "data", "value": drawn}],
        "changedPropIds": [f"{ids.ROUTES_URL}.search"],
    }
    response = client.post(
        "/_dash-update-component", json=body, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 200, response.data[:400]
    return len(response.data)


def _zip_import(launch: pd.DataFrame, files: int, folder: str) -> None:
    vehicles = launch["vehicle_id"].drop_duplicates().to_numpy()[:files]
    chosen = launch[launch["vehicle_id"].isin(vehicles)]
    started = time.perf_counter()
    content = _tracker_zip(chosen)
    print(
        f"ZIP of {len(vehicles):,} tracker reports ({len(content) / 2**20:.0f} MiB) made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    engine = make_engine(f"sqlite:///{Path(folder) / 'import.sqlite3'}")
    create_schema(engine)
    started = time.perf_counter()
    result = import_file(engine, None, content, file_name="hanh_trinh.zip", imported_by="bench")
    seconds = time.perf_counter() - started
    assert result.status == "imported", result.summary()
    rows = result.added_count
    print(
        f"ZIP import: {rows:,} points in {seconds:.1f} s = {rows / seconds:,.0f} points/s "
        f"({machine_load()})"
    )


def _tracker_zip(points: pd.DataFrame) -> bytes:
    """One CSV journey report per vehicle, as fleet-tracking services export them."""
    local = points["recorded_at"].dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)
    stop = points["stop_name"].notna().to_numpy()
    # A stop is reported as stopped rows over several minutes: one more row at its end.
    rows = pd.DataFrame(
        {
            "vehicle": points["vehicle_id"].to_numpy(),
            "kind": points["vehicle_type"].to_numpy(),
            "time": local.to_numpy(),
            "lat": points["lat"].to_numpy(),
            "lon": points["lon"].to_numpy(),
            "place": points["stop_name"].fillna("").to_numpy(),
            "status": np.where(stop, "Dừng", "Chạy"),
        }
    )
    ends = rows[stop].assign(time=rows.loc[stop, "time"] + pd.Timedelta(minutes=STOP_MINUTES))
    rows = pd.concat([rows, ends]).sort_values(["vehicle", "time"], kind="stable")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (vehicle, track) in enumerate(rows.groupby("vehicle", sort=True)):
            plate = _plate(number, str(track["kind"].iloc[0]))
            table = pd.DataFrame(
                {
                    "STT": np.arange(1, len(track) + 1),
                    "Biển kiểm soát": plate,
                    "Thời gian": track["time"].dt.strftime("%d/%m/%Y %H:%M:%S").to_numpy(),
                    "Vận tốc (km/h)": np.where(track["status"] == "Chạy", 25, 0),
                    "Vĩ độ": track["lat"].map("{:.6f}".format).to_numpy(),
                    "Kinh độ": track["lon"].map("{:.6f}".format).to_numpy(),
                    "Địa điểm": track["place"].to_numpy(),
                    "Trạng thái": track["status"].to_numpy(),
                }
            )
            title = "BÁO CÁO HÀNH TRÌNH XE CHẠY\n\n"
            archive.writestr(f"{vehicle}.csv", title + table.to_csv(index=False, sep=";"))
    return buffer.getvalue()


def _plate(number: int, kind: str) -> str:
    """A distinct plate of the vehicle's kind: 29A-000.01 for a car, 29-B1 000.01 otherwise."""
    serial = f"{number // 100:03d}.{number % 100:02d}"
    return f"29A-{serial}" if kind == "car" else f"29-B1 {serial}"


def _local_day(points: pd.DataFrame) -> pd.Series:
    return points["recorded_at"].dt.tz_convert("Asia/Ho_Chi_Minh").dt.date


if __name__ == "__main__":
    main()
