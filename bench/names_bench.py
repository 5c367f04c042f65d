"""Time the name resolver: building it, and resolving many names as an import would.

Run: ``.venv/bin/python bench/names_bench.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import time

from geodata import reference
from geodata.names import NameResolver


def main() -> None:
    """Print build time and resolution throughput, cold (distinct names) and with repeats."""
    started = time.perf_counter()
    tables = reference.provinces(), reference.districts(), reference.communes()
    print(f"reference tables read:       {time.perf_counter() - started:6.3f} s")

    started = time.perf_counter()
    names = NameResolver(*tables)
    print(f"resolver built:              {time.perf_counter() - started:6.3f} s")

    districts = tables[1]
    spellings = [
        (name, province)
        for row in districts.itertuples()
        for name, province in (
            (row.name_vi, row.province_code),
            (row.full_name_vi, row.province_code),
            (row.name_ascii.upper(), row.province_code),
        )
    ]
    started = time.perf_counter()
    for name, province in spellings:
        names.district(name, province)
    elapsed = time.perf_counter() - started
    print(
        f"{len(spellings):,} distinct district names: {elapsed:6.3f} s "
        f"({elapsed / len(spellings) * 1e6:.0f} µs each, uncached)"
    )

    random.seed(2022)
    rows = random.choices(spellings, k=100_000)
    fresh = NameResolver(*tables)
    started = time.perf_counter()
    for name, province in rows:
        fresh.province(province)
        fresh.district(name, province)
    elapsed = time.perf_counter() - started
    print(
        f"100,000 rows (province + district, repeats): {elapsed:6.3f} s "
        f"({elapsed / 10:.3f} s per 10,000)"
    )

    communes = tables[2]
    started = time.perf_counter()
    for name, district in zip(communes.full_name_vi, communes.district_code, strict=True):
        fresh.commune(name, district_code=district)
    elapsed = time.perf_counter() - started
    print(f"{len(communes):,} distinct commune names:  {elapsed:6.3f} s (uncached)")


if __name__ == "__main__":
    main()
