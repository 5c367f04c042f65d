"""What the benchmarks share: a server in its own process (as the fault tests start it,
``tests/serving.py``), headless Chromium, what a page
moved over the network and when its map had drawn the 63 provinces, the machine's load.

Chromium is Debian's (``/usr/bin/chromium``, or ``DIEMTUA_CHROMIUM``), started by Playwright
with ``executable_path``; each load uses a fresh browser context (an empty cache) unless the
caller reloads the same page.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

# Re-exported: the bench scripts start their servers as the fault tests do.
from tests.serving import Server, free_port, gunicorn, serving, worker_pids  # noqa: E402, F401

# True once the map of graph ``graphId`` has drawn at least ``count`` distinct features of
# its traces; answers the milliseconds since navigation started (``performance.now()``).
PROVINCES_DRAWN = """
([graphId, count]) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullData) return false;
  const map = gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
  if (!map) return false;
  const sources = new Set(gd._fullData.map((trace) => `source-${trace.uid}`));
  const seen = new Set();
  for (const f of map.queryRenderedFeatures()) {
    if (sources.has(f.source) && f.id !== undefined) seen.add(`${f.source}:${f.id}`);
  }
  const byId = new Set([...seen].map((key) => key.split(':')[1]));
  return byId.size >= count ? performance.now() : false;
}
"""


@dataclass
class Transfer:
    """One response: URL, status, bytes on the wire (headers included), served from cache."""

    url: str
    status: int = 0
    wire_bytes: int = 0
    from_cache: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class NetworkLog:
    """Every response of a page, with its size on the wire, read through the DevTools protocol."""

    def __init__(self, context: Any, page: Any) -> None:
        self.transfers: dict[str, Transfer] = {}
        self.pending: set[str] = set()  # requests sent, neither finished nor failed
        self.last_event = time.monotonic()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.responseReceived", self._received)
        session.on("Network.requestServedFromCache", self._cached)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.loadingFailed", self._failed)

    def clear(self) -> None:
        self.transfers.clear()
        self.pending.clear()

    def _sent(self, event: dict[str, Any]) -> None:
        self.transfers[event["requestId"]] = Transfer(event["request"]["url"])
        if event["request"]["url"].startswith("http"):
            self.pending.add(event["requestId"])
        self.last_event = time.monotonic()

    def _failed(self, event: dict[str, Any]) -> None:
        self.pending.discard(event["requestId"])
        self.last_event = time.monotonic()

    def _received(self, event: dict[str, Any]) -> None:
        transfer = self.transfers.setdefault(event["requestId"], Transfer(event["response"]["url"]))
        response = event["response"]
        transfer.status = response["status"]
        transfer.headers = {k.lower(): v for k, v in response["headers"].items()}
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            transfer.from_cache = True

    def _cached(self, event: dict[str, Any]) -> None:
        self.pending.discard(event["requestId"])
        if event["requestId"] in self.transfers:
            self.transfers[event["requestId"]].from_cache = True

    def _finished(self, event: dict[str, Any]) -> None:
        self.pending.discard(event["requestId"])
        self.last_event = time.monotonic()
        if event["requestId"] in self.transfers:
            self.transfers[event["requestId"]].wire_bytes = int(event["encodedDataLength"])

    def network(self) -> list[Transfer]:
        """The responses that reached the server (not data: URLs, not the browser's cache)."""
        return [
            t
            for t in self.transfers.values()
            if t.url.startswith("http") and not t.from_cache and t.status
        ]

    def wire_bytes(self) -> int:
        return sum(t.wire_bytes for t in self.network())


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium, kept off every network but loopback."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until_drawn(page: Any, graph_id: str, count: int = 63, timeout_s: float = 90) -> float:
    """Seconds from navigation start until the map drew ``count`` units."""
    handle = page.wait_for_function(
        PROVINCES_DRAWN, arg=[graph_id, count], timeout=timeout_s * 1000, polling="raf"
    )
    return float(handle.json_value()) / 1000


def settle(page: Any, quiet_s: float = 1.0, log: NetworkLog | None = None) -> None:
    """Wait until the page has made no request for ``quiet_s`` (late scripts, callbacks).

    With ``log``, until no request of the page is in flight and none started or ended for
    ``quiet_s``: requests that start after the page first went idle (the deferred grid, the
    map labels' glyphs) are waited for too, so a reload does not cut them off uncached.
    """
    page.wait_for_load_state("networkidle")
    if log is None:
        time.sleep(quiet_s)
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the protocol's events
        if not log.pending and time.monotonic() - log.last_event >= quiet_s:
            return


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def process_cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds of process ``pid`` itself, and of its children that have exited."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    # Fields 14-17 of proc(5) (utime, stime, cutime, cstime), counted after the ")".
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime) / ticks, (cutime + cstime) / ticks


def workers_cpu_seconds(master: int) -> float:
    """CPU seconds spent so far by the worker processes of the server ``master``: the live
    ones and those that exited (recycled workers)."""
    _, exited = process_cpu_seconds(master)
    live = 0.0
    for pid in worker_pids(master):
        try:
            live += process_cpu_seconds(pid)[0]
        except FileNotFoundError:
            continue  # exited meanwhile: counted with the master's children next time
    return exited + live
