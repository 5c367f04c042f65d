"""Server time and response size of the map screen's callbacks with a million enrollments.

Writes 1,000,000 synthetic enrollments plus the other sample kinds into a temporary SQLite
file, builds the app on it, then answers each callback of the map screen for random views
(metric, geography, region, province, period, channels) through the Flask test client, as
the browser would ask. Prints p50/p95 milliseconds and the bytes of each response. The
snapshot is built once before timing (it is rebuilt only after an import).

    .venv/bin/python bench/callbacks_bench.py [--rows 1000000] [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from callbacks_data_bench import _write_enrollments

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.db import create_schema, make_engine
from dashboard.data.sample.store import generate_sample, write_sample_import
from dashboard.domain import CHANNELS, METRICS
from dashboard.state import ViewState
from geodata import reference
from tests.integration.dashclient import answer

CALLBACKS = {
    "draw_map (main filter callback)": f"{ids.MAP}.figure",
    "draw_progress (gauges, pace)": f"{ids.NATIONAL_GAUGE}.figure",
    "draw_ranking": f"{ids.RANKING}.rowData",
}


def random_view(rng: np.random.Generator) -> ViewState:
    provinces = reference.provinces()
    geography = "2025" if rng.random() < 0.2 else "2022"
    region = province = None
    if geography == "2022" and rng.random() < 0.3:
        region = str(rng.choice(provinces["region_code"].unique()))
    if geography == "2022" and rng.random() < 0.4:
        row = provinces.iloc[int(rng.integers(len(provinces)))]
        province, region = str(row["province_code"]), None
    start = end = None
    if rng.random() < 0.5:
        first = int(rng.integers(0, 200))
        start = np.datetime64("2022-05-08") + np.timedelta64(first, "D")
        end = start + np.timedelta64(int(rng.integers(1, 60)), "D")
        start, end = start.astype(object), end.astype(object)
    channels = tuple(c for c in CHANNELS if rng.random() < 0.5) if rng.random() < 0.3 else ()
    return ViewState(
        metric=str(rng.choice(METRICS)),  # type: ignore[arg-type]
        geography=geography,  # type: ignore[arg-type]
        region=region,
        province=province,
        start=start,
        end=end,
        channels=channels,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        create_schema(engine)
        _write_enrollments(path, args.rows)
        with engine.begin() as con:
            for kind, frame in generate_sample().items():
                if kind != "enrollments":
                    write_sample_import(con, kind, frame)
        app = create_app(
            Settings.load(environ={}, database_url=f"sqlite:///{path}", load_sample=False)
        )
        started = time.perf_counter()
        app.server.config["DIEMTUA_CONTEXT"].service.snapshot()
        print(f"{args.rows:,} enrollments; snapshot built in {time.perf_counter() - started:.1f} s")
        # Distinct views only: a repeated view would be answered from the shared answer
        # cache (dashboard/server/answers.py), and this measures the callbacks themselves.
        views = list(dict.fromkeys(random_view(rng).to_query() for _ in range(args.runs)))
        print(f"{len(views)} distinct views, each answered once per callback")
        url = f"{ids.OVERVIEW_URL}.search"
        for label, output in CALLBACKS.items():
            times, sizes = [], []
            for search in views:
                started = time.perf_counter()
                response = answer(app, output, {url: search}, changed=url)
                times.append((time.perf_counter() - started) * 1000)
                sizes.append(len(str(response).encode()))
            times.sort()
            print(
                f"{label:<34} p50 {statistics.median(times):6.1f} ms"
                f"   p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms"
                f"   response {statistics.median(sizes) / 1024:6.1f} KiB median,"
                f" {max(sizes) / 1024:6.1f} KiB max"
            )


if __name__ == "__main__":
    main()
