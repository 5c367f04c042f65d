"""How long a worker reads a new snapshot at a million enrollments, and what the counts cost.

For SQLite and PostgreSQL: writes ``--rows`` sample enrollments (their launch day with times)
as one import and counts them (``dashboard.data.counts``); times the enrollment part of a
snapshot counted over the rows (as before the counts were kept) and read from the counts,
and the whole ``DashboardData.load``; then writes ``--import-rows`` more as a second import
and times ``write_counts`` for it, the part of that import's transaction the counts add,
and the next snapshot (which reads that import's counts only, keeping the others).
Prints figures with the machine's load average; not a test.

    .venv/bin/python bench/snapshot_bench.py [--rows 1000000] [--import-rows 100000]
        [--postgres URL]

PostgreSQL is tried at ``$DIEMTUA_TEST_POSTGRES_URL`` (else postgresql://root@127.0.0.1:5432/test)
in a throwaway schema, and skipped if unreachable.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from postgres import add_postgres_option, throwaway_schema
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from dashboard.data import queries
from dashboard.data.counts import cube_from_rows, write_counts
from dashboard.data.db import create_schema, make_engine
from dashboard.data.metrics import DashboardData, snapshot
from dashboard.data.sample.enrollments import generate_enrollments, planned_total
from dashboard.data.schema import enrollment_counts

COLUMNS = ("registered_on", "registered_at", "product", "province_code", "district_code",
           "commune_code", "channel")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    add_postgres_option(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    bulk = generate_enrollments(scale=args.rows / planned_total(), seed=1)
    extra = generate_enrollments(scale=args.import_rows / planned_total(), seed=2)
    print(f"generated {len(bulk):,} + {len(extra):,} enrollments in "
          f"{time.perf_counter() - started:.1f} s; load average {_load()}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="diemtua-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        bench("SQLite", engine, bulk, extra)
        engine.dispose()
    with throwaway_schema(args.postgres) as url:
        if url is not None:
            engine = make_engine(url)
            bench("PostgreSQL", engine, bulk, extra)
            engine.dispose()


def bench(label: str, engine: Engine, bulk: pd.DataFrame, extra: pd.DataFrame) -> None:
    create_schema(engine)
    print(f"\n{label}")
    seconds = _timed(lambda: _write_rows(engine, bulk, 1))
    print(f"  {len(bulk):,} rows written in {seconds:.1f} s (COPY / executemany, no importer)")
    seconds = _timed(lambda: _in_transaction(engine, lambda con: write_counts(con, 1)))
    with engine.connect() as con:
        cells = con.execute(select(func.count()).select_from(enrollment_counts)).scalar_one()
    print(f"  their counts: {cells:,} cells written in {seconds:.2f} s")

    with engine.connect() as con:
        rows = _timed(lambda: snapshot._enrollment_arrays(cube_from_rows(con)))
        counts = _timed(lambda: snapshot._enrollment_arrays(queries.enrollment_cells(con)))
        held: list[DashboardData] = []
        whole = _timed(lambda: held.append(DashboardData.load(con)))
    print(f"  enrollment part of a snapshot, counted over the rows (before): {rows:.2f} s")
    print(f"  the same, read from the counts (after): {counts:.2f} s  ({rows / counts:.1f}× less)")
    print(f"  whole snapshot (DashboardData.load, from the counts): {whole:.2f} s")

    seconds = _timed(lambda: _write_rows(engine, extra, 2))
    counting = _timed(lambda: _in_transaction(engine, lambda con: write_counts(con, 2)))
    print(f"  an import of {len(extra):,} rows: rows written in {seconds:.2f} s, "
          f"counts in {counting:.2f} s ({counting / seconds:.0%} of the rows' time)")  # fmt: skip
    with engine.connect() as con:
        again = _timed(lambda: DashboardData.load(con))
        following = _timed(lambda: DashboardData.load(con, previous=held[0]))
    print(f"  the next snapshot after that import: {following:.2f} s reading its counts only "
          f"(the previous snapshot's kept), {again:.2f} s reading every count")  # fmt: skip
    print(f"  load average {_load()}")


def _write_rows(engine: Engine, frame: pd.DataFrame, import_id: int) -> None:
    # As text, which both drivers take: naive UTC, as the schema stores it.
    moments = frame["registered_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    values = {
        "registered_on": frame["registered_on"].dt.strftime("%Y-%m-%d"),
        "registered_at": moments.astype(object).where(moments.notna(), None),
    }
    columns = [values.get(name, frame[name]) for name in COLUMNS]
    rows = zip([import_id] * len(frame), *columns, strict=True)
    with engine.begin() as con:
        con.execute(
            text(
                "INSERT INTO imports (id, kind, file_name, content_hash, imported_by,"
                " imported_at, row_count, added_count, skipped_count, is_sample) VALUES"
                " (:id, 'enrollments', 'bench', :id, 'bench', '2022-12-31', :n, :n, 0, false)"
            ),
            {"id": import_id, "n": len(frame)},
        )
        names = ", ".join(("import_id", *COLUMNS))
        raw: Any = con.connection.driver_connection
        if con.dialect.name == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY enrollments ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * (len(COLUMNS) + 1))
            raw.executemany(f"INSERT INTO enrollments ({names}) VALUES ({marks})", rows)


def _in_transaction(engine: Engine, work: Callable[[Any], object]) -> None:
    with engine.begin() as con:
        work(con)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
