"""How long the sample takes: each kind generated, then the whole written to a fresh database.

The first ``make run`` writes the sample at start-up, so this is what a newcomer waits for
once. Prints seconds (wall clock and this process's CPU) per kind, the rows of each, and the
whole load (generating and writing, the enrollment counts included).

    .venv/bin/python bench/sample_bench.py [--scale 1.0] [--database sqlite:///x.db]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dashboard.data.db import create_schema, make_engine
from dashboard.data.sample.enrollments import generate_enrollments
from dashboard.data.sample.events import generate_events
from dashboard.data.sample.participants import generate_participants
from dashboard.data.sample.routes import generate_routes
from dashboard.data.sample.store import load_sample
from dashboard.data.sample.targets import generate_targets
from geodata import reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    # The reference tables are read once per process whatever runs first: not the sample's.
    reference.communes(), reference.districts(), reference.provinces()

    started = _now()
    new = generate_enrollments(scale=args.scale)
    _report("enrollments", len(new), started)
    for kind, generate in (
        ("targets", generate_targets),
        ("participants", lambda: generate_participants(enrollments=new)),
        ("events", lambda: generate_events(scale=args.scale)),
        ("routes", generate_routes),
    ):
        started = _now()
        _report(kind, len(generate()), started)

    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'sample.sqlite3'}"
        engine = make_engine(url)
        create_schema(engine)
        started = _now()
        written = load_sample(engine, scale=args.scale)
        _report(f"load_sample (generate and write) into {engine.dialect.name}", written, started)
        engine.dispose()


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _report(what: str, rows: int, started: tuple[float, float]) -> None:
    # CPU seconds beside wall seconds: on a busy machine the wall clock says more about the
    # neighbours than about the sample.
    wall, cpu = (now - then for now, then in zip(_now(), started, strict=True))
    print(f"{what:>48}: {wall:6.2f} s wall {cpu:6.2f} s CPU  {rows:>9,} rows")


if __name__ == "__main__":
    main()
