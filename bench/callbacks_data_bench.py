"""How fast the data side of the map callbacks answers with a million enrollments.

Writes 1,000,000 synthetic enrollments (the sample generator, scaled up) plus the other
sample kinds into a temporary SQLite file, builds the ``DashboardData`` snapshot once, then
times ``map_values``, ``progress``, ``pace_series`` and ``ranking`` over 200 random
filter combinations and prints p50/p95 in milliseconds.

    .venv/bin/python bench/callbacks_data_bench.py [--rows 1000000] [--runs 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import metrics
from dashboard.data.counts import write_counts
from dashboard.data.db import create_schema, make_engine
from dashboard.data.sample.enrollments import generate_enrollments, planned_total
from dashboard.data.sample.store import generate_sample, write_sample_import
from dashboard.domain import CAMPAIGN_START, CHANNELS, METRICS, Filters, Geography
from geodata import reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        create_schema(engine)
        started = time.perf_counter()
        _write_enrollments(path, args.rows)
        with engine.begin() as con:
            for kind, frame in generate_sample().items():
                if kind != "enrollments":
                    write_sample_import(con, kind, frame)
        print(
            f"wrote {args.rows:,} enrollments and the sample: {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        with engine.connect() as con:
            data = metrics.DashboardData.load(con)
        print(f"snapshot built once per data version: {time.perf_counter() - started:.2f} s")
        cube_mb = (data.running.nbytes + data.daily_by_province.nbytes) / 1e6
        print(f"enrollment arrays: {cube_mb:.1f} MB")
        engine.dispose()

    _time_calls(data, args.runs, np.random.default_rng(args.seed))


def _write_enrollments(path: Path, rows: int, *, import_id: int = 1, seed: int = 1) -> None:
    """Write ``rows`` sample enrollments as one import, then their counts (as an import does).

    Straight through sqlite3: the bench measures reading, and a million rows through the
    importer would take minutes.
    """
    write_enrollment_rows(
        path, generate_enrollments(scale=rows / planned_total(), seed=seed), import_id
    )
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as con:
        write_counts(con, import_id)
    engine.dispose()


def write_enrollment_rows(path: Path, frame: pd.DataFrame, import_id: int) -> None:
    """The rows of ``frame`` and their import log row, without counts."""
    moments = frame["registered_at"].dt.strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(path) as con:
        con.execute(
            "INSERT INTO imports (id, kind, file_name, content_hash, imported_by, imported_at,"
            " row_count, added_count, skipped_count, is_sample)"
            " VALUES (?, 'enrollments', 'bench', ?, 'bench', '2022-12-31 00:00:00', ?, ?, 0, 0)",
            (import_id, str(import_id), len(frame), len(frame)),
        )
        con.executemany(
            "INSERT INTO enrollments (import_id, registered_on, registered_at, product,"
            " province_code, district_code, commune_code, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            zip(
                [import_id] * len(frame),
                frame["registered_on"].dt.strftime("%Y-%m-%d"),
                moments.where(moments.notna(), None),
                frame["product"],
                frame["province_code"],
                frame["district_code"],
                frame["commune_code"],
                frame["channel"],
                strict=True,
            ),
        )


def _time_calls(data: metrics.DashboardData, runs: int, rng: np.random.Generator) -> None:
    provinces = reference.provinces()["province_code"].to_numpy()
    regions = list(reference.REGION_ORDER)
    codes_2025 = set(reference.provinces_2025()["province_code_2025"])
    days = [dt.date(2022, 5, 8) + dt.timedelta(days=int(d)) for d in range(238)]
    timings: dict[str, list[float]] = {}

    def timed(name: str, call: Callable[[], object]) -> None:
        started = time.perf_counter()
        call()
        timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)

    for _ in range(runs):
        first, last = sorted(rng.choice(len(days), 2, replace=False))
        start, end = (days[first], days[last]) if rng.random() < 0.8 else (None, None)
        channels = (
            tuple(str(c) for c in rng.choice(CHANNELS, int(rng.integers(1, 5)), replace=False))
            if rng.random() < 0.5
            else ()
        )
        metric = METRICS[int(rng.integers(len(METRICS)))]
        province = str(rng.choice(provinces)) if rng.random() < 0.5 else None
        region = str(rng.choice(regions)) if province is None and rng.random() < 0.3 else None
        geography: Geography = "2025" if rng.random() < 0.2 else "2022"
        if geography == "2025":
            # A 2025 province keeps the code of one of the 2022 provinces merged into it.
            province = province if province in codes_2025 else None
            region = None
        filters = Filters(start, end, channels, region, province, geography=geography)
        timed("map_values", partial(metrics.map_values, data, metric=metric, filters=filters))
        timed("progress", partial(metrics.progress, data, filters))
        timed(
            "pace_series",
            partial(metrics.pace_series, data, filters, campaign_start=CAMPAIGN_START),
        )
        timed("ranking", partial(metrics.ranking, data, filters))
    for name, values in timings.items():
        p50, p95 = np.percentile(values, [50, 95])
        print(f"{name:>18}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  ({len(values)} calls)")


if __name__ == "__main__":
    main()
