"""Import a million enrollment rows into SQLite and PostgreSQL; print the speed and memory.

Usage: ``python bench/import_bench.py [--rows N] [--xlsx-rows N] [--postgres URL]``. The CSV
of ``--rows`` rows goes into SQLite and PostgreSQL, each against a bare ``pandas.read_csv``
of the same file; a workbook of ``--xlsx-rows`` rows (0: none) into SQLite. PostgreSQL is
tried at ``$DIEMTUA_TEST_POSTGRES_URL`` (else postgresql://root@127.0.0.1:5432/test), in a
throwaway schema, and skipped if unreachable. The machine's load average is printed before
and after, since the figures depend on it. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from postgres import add_postgres_option, throwaway_schema
from sqlalchemy import func, select

# This checkout's code, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers import import_file
from dashboard.data.schema import enrollments
from geodata import reference

HEADER = [
    "Ngày đăng ký",
    "Tỉnh/Thành phố",
    "Quận/Huyện",
    "Kênh",
    "Giới tính",
    "Năm sinh",
    "Mức thu nhập",
    "Phương thức đóng",
    "Đối tượng hỗ trợ",
    "Mã số BHXH",
]
CHANNELS = ["Bưu điện", "Cơ quan BHXH", "Đại lý thu", "Trực tuyến", "Sự kiện"]
CYCLES = ["Hằng tháng", "3 tháng", "6 tháng", "12 tháng", "Nhiều năm", "Một lần"]
GROUPS = ["Hộ nghèo", "Hộ cận nghèo", "Khác"]


def enrollment_rows(rows: int, seed: int = 2022) -> Iterator[tuple[object, ...]]:
    """``rows`` deterministic enrollments as a province would export them, one at a time.

    Never held as a list: the processes that import are started from this one, and Linux
    carries the parent's peak memory over into their own peak (``ru_maxrss``).
    """
    rng = np.random.default_rng(seed)
    districts = reference.districts()
    provinces = reference.provinces().set_index("province_code")["name_vi"]
    pick = rng.integers(0, len(districts), rows)
    district_names = districts["full_name_vi"].to_numpy()[pick]
    province_names = provinces.loc[districts["province_code"].to_numpy()[pick]].to_numpy()
    start = dt.date(2022, 5, 8)
    days = [(start + dt.timedelta(days=int(d))).strftime("%d/%m/%Y") for d in range(238)]
    day = rng.integers(0, len(days), rows)
    channel = rng.integers(0, len(CHANNELS), rows)
    sex = rng.integers(0, 2, rows)
    year = rng.integers(1960, 2005, rows)
    income = rng.integers(30, 200, rows) * 50_000
    cycle = rng.integers(0, len(CYCLES), rows)
    group = rng.integers(0, len(GROUPS), rows)
    refs = rng.permutation(rows) + 100_000_000
    return (
        (
            days[day[i]],
            province_names[i],
            district_names[i],
            CHANNELS[channel[i]],
            "Nam" if sex[i] else "Nữ",
            int(year[i]),
            f"{income[i]:,}".replace(",", "."),
            CYCLES[cycle[i]],
            GROUPS[group[i]],
            f"{refs[i]:010d}",
        )
        for i in range(rows)
    )


def write_enrollments_csv(path: Path, rows: int, seed: int = 2022) -> None:
    """A deterministic CSV of ``rows`` enrollments."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(enrollment_rows(rows, seed))


def write_enrollments_xlsx(path: Path, rows: int, seed: int = 2023) -> None:
    """The same as a workbook (written in openpyxl's streaming mode, as Excel would save it)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đăng ký")
    sheet.append(HEADER)
    for row in enrollment_rows(rows, seed):
        sheet.append(row)
    workbook.save(path)


def _timed(job: str, path: str, url: str) -> tuple[float, float, str, int]:
    """In a fresh process: run one job; return seconds, peak RSS (MiB), outcome, rows stored."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    started = time.perf_counter()
    if job == "pandas":
        frame = pd.read_csv(path)
        seconds, outcome, stored = time.perf_counter() - started, "read", len(frame)
    else:
        engine = make_engine(url)
        create_schema(engine)
        started = time.perf_counter()
        result = import_file(engine, "enrollments", Path(path), imported_by="bench")
        seconds, outcome = time.perf_counter() - started, result.summary()
        with engine.connect() as con:
            stored = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
        engine.dispose()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, peak_mib, outcome, stored


def measure(label: str, job: str, path: Path, url: str = "") -> tuple[float, int]:
    """Run a job in a process of its own, so that its peak memory is its own; print both.

    Peak memory is the child's ru_maxrss (its high-water mark, including the interpreter and
    libraries), not tracemalloc, which would slow the import down several times.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        seconds, peak_mib, outcome, stored = pool.submit(_timed, job, str(path), url).result()
    print(f"{label:<28} {seconds:8.1f} s   peak RSS {peak_mib:6.0f} MiB   {outcome}")
    return seconds, stored


def bench_database(label: str, url: str, path: Path, rows: int, baseline: float) -> None:
    seconds, stored = measure(f"import into {label}", "import", path, url)
    assert stored == rows, stored
    versus = f"{seconds / baseline:.1f}× the time of pandas.read_csv; " if baseline else ""
    print(f"  {rows / seconds:,.0f} rows/s; {versus}{stored:,} rows stored")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    add_postgres_option(parser)
    args = parser.parse_args()
    print(f"started: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="diemtua-bench-") as folder:
        path = Path(folder) / "enrollments.csv"
        started = time.perf_counter()
        write_enrollments_csv(path, args.rows)
        size = path.stat().st_size / 2**20
        print(f"{args.rows:,} rows, {size:.0f} MiB CSV, written in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        baseline, _ = measure("pandas.read_csv (baseline)", "pandas", path)
        bench_database("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", path,
                       args.rows, baseline)  # fmt: skip
        bench_postgres(args.postgres, path, args.rows, baseline)
        path.unlink()
        if args.xlsx_rows:
            workbook = Path(folder) / "enrollments.xlsx"
            started = time.perf_counter()
            write_enrollments_xlsx(workbook, args.xlsx_rows)
            size = workbook.stat().st_size / 2**20
            print(f"{args.xlsx_rows:,} rows, {size:.0f} MiB XLSX, written in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
            bench_database("SQLite (XLSX)", f"sqlite:///{Path(folder) / 'xlsx.sqlite3'}",
                           workbook, args.xlsx_rows, 0)  # fmt: skip
    print(f"finished: {load_average()}")


def bench_postgres(url: str, path: Path, rows: int, baseline: float) -> None:
    with throwaway_schema(url) as scoped:
        if scoped is not None:
            bench_database("PostgreSQL", scoped, path, rows, baseline)


if __name__ == "__main__":
    main()
