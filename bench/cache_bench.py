"""What the browser's cache saves: bytes on the wire of a cold load, a warm reload, a click.

Serves the app with gunicorn (the settings of ``make serve``, one worker) on a temporary
SQLite file with the sample data, opens the national map in headless Chromium with an empty
cache, waits until the map has drawn the 63 provinces and the page is quiet, then reloads it
(warm: the same browser profile). Prints the bytes on the wire (headers included, as the
DevTools protocol counts them) of each, the largest responses of the warm reload, and how
often the favicon reached the server after the first load.

    .venv/bin/python bench/cache_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    NetworkLog,
    chromium,
    free_port,
    gunicorn,
    machine_load,
    serving,
    settle,
    wait_until_drawn,
)

from dashboard import ids

KIB = 1024


def one_run(browser: object, base: str, *, show: bool) -> tuple[int, int, int, int]:
    """Cold and warm bytes (and a placeholder), and favicon requests after the cold load."""
    context = browser.new_context(viewport={"width": 1600, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    log = NetworkLog(context, page)
    page.goto(base + "/")
    wait_until_drawn(page, ids.MAP)
    settle(page, quiet_s=2.0, log=log)
    cold = log.wire_bytes()

    log.clear()
    page.reload()
    wait_until_drawn(page, ids.MAP)
    settle(page, quiet_s=2.0, log=log)
    warm = log.wire_bytes()
    warm_transfers = log.network()
    favicons = sum("favicon" in t.url for t in warm_transfers)

    click = 0  # not measured: a click on the map is driven by tests/browser, not here
    print(f"  run: cold {cold / KIB:.1f} KiB, warm {warm / KIB:.1f} KiB")
    if show or warm > 150 * KIB:
        print("  warm reload, largest responses (bytes on the wire, status, Cache-Control):")
        for transfer in sorted(warm_transfers, key=lambda t: -t.wire_bytes)[:12]:
            print(
                f"    {transfer.wire_bytes:>8}  {transfer.status}  "
                f"{transfer.headers.get('cache-control', '-'):<38} {transfer.url[:90]}"
            )
    context.close()
    return cold, warm, click, favicons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"browser cache: {machine_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/cache.sqlite3"
        with (
            serving(
                gunicorn(workers=1), free_port(), database_url=database, secure_cookies="false"
            ) as server,
            chromium() as browser,
        ):
            results = [one_run(browser, server.url, show=run == 0) for run in range(args.runs)]
    for index, name in enumerate(("cold load", "warm reload")):
        values = [r[index] / KIB for r in results]
        print(
            f"{name:<22} median {statistics.median(values):8.1f} KiB  "
            f"(range {min(values):.1f}-{max(values):.1f}, {len(values)} runs)"
        )
    print(f"favicon requests after the first load: {sum(r[3] for r in results)}")
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
