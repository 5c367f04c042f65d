"""First view: time until the map has drawn the 63 provinces, the product against a bare Dash map.

Starts the product (gunicorn with the settings of ``make serve``, one worker, a temporary
SQLite file with the sample data) and ``bench/bare_map.py`` (the simplest Dash map of the
same boundary file, on the same server), loads each once to warm the servers, then loads
them alternately in headless Chromium, each load in a fresh browser context (an empty
cache), and measures from navigation start until MapLibre has rendered 63 provinces. Prints
the median and range of each, the ratio of the medians, and the machine's load.

    .venv/bin/python bench/first_view.py [--loads 5] [--url-query '?lang=en']
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import NetworkLog, chromium, free_port, gunicorn, machine_load, serving, settle
from harness import wait_until_drawn as drawn

from dashboard import ids

VIEWPORT = {"width": 1600, "height": 900}


def cold_load(browser: Any, url: str, graph_id: str) -> tuple[float, int]:
    """Seconds to 63 provinces drawn, and the bytes moved until the page was quiet."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    log = NetworkLog(context, page)
    page.goto(url)
    seconds = drawn(page, graph_id)
    settle(page, quiet_s=0.2)
    wire = log.wire_bytes()
    context.close()
    return seconds, wire


def describe(name: str, times: list[float], wire: list[int]) -> str:
    return (
        f"{name:<10} median {statistics.median(times):5.2f} s  "
        f"(range {min(times):.2f}-{max(times):.2f}, {len(times)} cold loads)  "
        f"{statistics.median(wire) / 1024:7.0f} KiB on the wire"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="cold loads of each")
    parser.add_argument("--url-query", default="", help="query string of the product's URL")
    args = parser.parse_args()
    print(f"first view: {machine_load()}")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        product_server = stack.enter_context(
            serving(
                gunicorn(workers=1),
                free_port(),
                database_url=f"sqlite:///{tmp}/first_view.sqlite3",
                redis_url="",
            )
        )
        bare_map = gunicorn("bare_map:create_server()", workers=1, extra=("--pythonpath", "bench"))
        bare_server = stack.enter_context(serving(bare_map, free_port()))
        product, bare = product_server.url, bare_server.url
        browser = stack.enter_context(chromium())
        targets = {
            "product": (product + "/" + args.url_query, ids.MAP),
            "bare map": (bare + "/", "map"),
        }
        for url, graph_id in targets.values():
            cold_load(browser, url, graph_id)  # the servers read and compress their files once
        times: dict[str, list[float]] = {name: [] for name in targets}
        wire: dict[str, list[int]] = {name: [] for name in targets}
        for _ in range(args.loads):
            for name, (url, graph_id) in targets.items():
                seconds, moved = cold_load(browser, url, graph_id)
                times[name].append(seconds)
                wire[name].append(moved)
    for name in targets:
        print(describe(name, times[name], wire[name]))
    ratio = statistics.median(times["product"]) / statistics.median(times["bare map"])
    print(f"ratio product / bare map: {ratio:.2f} (goal <= 0.80)")
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
