"""Many viewers at once: throughput and latency of the app under gunicorn, on loopback.

Each simulated viewer does what a browser opening the dashboard does: the page, Dash's layout
and dependencies, the boundary file, the first render of the screen, then three filter
changes (metric and province in the URL's query, which the screen's callbacks follow). The
callbacks and their inputs are read from the running app (``/_dash-dependencies`` is its
callback map, the first render gives the components' values), never hard-coded, so the
benchmark follows the screens as they change.

Three configurations are served in turn by ``gunicorn`` (the settings of ``make serve``):
1 worker, N workers, and N workers with the Redis cache. For each it prints requests per
second, p50/p95/p99 latency and the error count.

    .venv/bin/python bench/load.py --viewers 500 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import free_port, gunicorn, machine_load, serving, workers_cpu_seconds

# make serve's gunicorn settings, plus the CPU each request costs.
CPU_CONF = Path(__file__).with_name("cpu_conf.py")
FILTER_CHANGES = ("?metric=per_10k", "?province=79", "?province=01&metric=per_10k")
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate", "Accept-Language": "vi-VN,vi;q=0.9"}


@dataclass
class Tally:
    """Latencies (seconds) per kind of request, and the failures."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_error: dict[str, str] = field(default_factory=dict)

    def all_latencies(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    def fail(self, kind: str, reason: str) -> None:
        self.errors[kind] += 1
        self.first_error.setdefault(kind, reason)


class Viewer:
    """One browser's session against ``base``."""

    def __init__(self, http: aiohttp.ClientSession, base: str, tally: Tally) -> None:
        self.http = http
        self.base = base
        self.tally = tally
        self.origin = {"Origin": base}

    async def get(self, kind: str, path: str) -> Any:
        # A browser names the page in the Referer: the layout arrives drawn for it.
        headers = {**BROWSER_HEADERS, "Referer": self.base + "/"}
        answer = await self._timed(kind, self.http.get(self.base + path, headers=headers))
        if answer is None:
            return None
        status, body = answer
        if status != 200:
            self.tally.fail(kind, f"HTTP {status}")
            return None
        return body

    async def post(self, kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
        headers = {**BROWSER_HEADERS, **self.origin}
        url = self.base + "/_dash-update-component"
        answer = await self._timed(kind, self.http.post(url, json=body, headers=headers))
        if answer is None:
            return None
        status, data = answer
        if status == 204:
            return {}
        if status != 200:
            self.tally.fail(kind, f"HTTP {status}: {data[:200]!r}")
            return None
        return json.loads(data)["response"]  # type: ignore[no-any-return]

    async def _timed(self, kind: str, request: Any) -> tuple[int, bytes] | None:
        """Send ``request``, count its time under ``kind``; None (a failure counted) when it
        does not answer."""
        start = time.perf_counter()
        try:
            async with request as response:
                body = await response.read()
                status = response.status
        except (TimeoutError, aiohttp.ClientError) as exc:
            self.tally.fail(kind, type(exc).__name__)
            return None
        self.tally.latencies[kind].append(time.perf_counter() - start)
        return status, body

    async def session(self, plan: Plan, pace: Pace) -> None:
        await asyncio.sleep(random.uniform(0, pace.ramp_s))
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            await self.get("page", path)
        await asyncio.gather(*(self.get("boundaries", path) for path in plan.assets))
        await self.render(plan, "", first=True)
        for search in FILTER_CHANGES:
            await asyncio.sleep(random.uniform(0, 2 * pace.think_s))
            await self.render(plan, search)

    async def render(self, plan: Plan, search: str, *, first: bool = False) -> None:
        """What the renderer sends when the URL's query becomes ``search`` (``first``: when
        the page loads, without the callbacks that wait for a change)."""
        values = dict(plan.values)
        for location in plan.locations:
            values[f"{location}.search"] = search
            values[f"{location}.pathname"] = "/"
        await asyncio.gather(
            *(
                self.post(callback.name, callback.body(values, plan.changed(callback, search)))
                for callback in plan.callbacks
                if (callback.initial if first else callback.follows_search())
            )
        )


@dataclass(frozen=True)
class Pace:
    """How viewers arrive (uniformly over ``ramp_s``) and pause between filter changes
    (uniformly 0 to 2 x ``think_s``); zeros make every viewer ask at once, back to back."""

    ramp_s: float
    think_s: float


@dataclass(frozen=True)
class Callback:
    """A server-side callback as ``/_dash-dependencies`` lists it."""

    output: str
    outputs: list[dict[str, str]]
    inputs: list[str]
    state: list[str]
    initial: bool  # runs when the page loads (no prevent_initial_call)

    @classmethod
    def from_dependency(cls, spec: dict[str, Any]) -> Callback:
        key = spec["output"]
        parts = key.strip(".").split("...") if key.startswith("..") else [key]
        outputs = []
        for part in parts:
            component, prop = part.rsplit(".", 1)
            outputs.append({"id": component, "property": prop.split("@")[0]})
        return cls(
            output=key,
            outputs=outputs,
            inputs=[f"{d['id']}.{d['property']}" for d in spec["inputs"]],
            state=[f"{d['id']}.{d['property']}" for d in spec["state"]],
            initial=not spec.get("prevent_initial_call"),
        )

    @property
    def name(self) -> str:
        """The first output, for the per-callback figures."""
        return "cb " + self.outputs[0]["id"]

    def follows_search(self) -> bool:
        """Runs when the URL's query string changes (a filter change)."""
        return any(name.endswith(".search") for name in self.inputs)

    def ids(self) -> set[str]:
        return {name.rsplit(".", 1)[0] for name in [*self.inputs, *self.state]}

    def body(self, values: dict[str, Any], changed: list[str]) -> dict[str, Any]:
        def listed(names: list[str]) -> list[dict[str, Any]]:
            return [
                {"id": n.rsplit(".", 1)[0], "property": n.rsplit(".", 1)[1], "value": values.get(n)}
                for n in names
            ]

        return {
            "output": self.output,
            "outputs": self.outputs if self.output.startswith("..") else self.outputs[0],
            "inputs": listed(self.inputs),
            "state": listed(self.state),
            "changedPropIds": changed,
        }


@dataclass(frozen=True)
class Plan:
    """What every viewer requests: read once from the running app."""

    assets: list[str]
    locations: list[str]
    callbacks: list[Callback]
    values: dict[str, Any]

    def changed(self, callback: Callback, search: str) -> list[str]:
        for prop in ("search", "pathname"):  # a page load mounts the Locations: the pathname
            names = [f"{loc}.{prop}" for loc in self.locations]
            if found := [n for n in names if n in callback.inputs]:
                return found
        return []


def _components(tree: Any) -> Iterator[dict[str, Any]]:
    """Every component (as Dash serialises it) in a layout tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from _components(item)
    elif isinstance(tree, dict) and "type" in tree and "props" in tree:
        yield tree
        for value in tree["props"].values():
            yield from _components(value)


async def make_plan(base: str) -> Plan:
    """Read the callbacks from the app and render the screen once to learn its components."""
    async with aiohttp.ClientSession() as http:
        async with http.get(base + "/_dash-dependencies") as response:
            dependencies = await response.json()
        async with http.get(base + "/_dash-layout", headers={"Referer": base + "/"}) as response:
            layout = await response.json()
        async with http.get(base + "/") as response:
            page = await response.text()
        callbacks = [
            Callback.from_dependency(spec)
            for spec in dependencies
            if not spec.get("clientside_function") and "{" not in spec["output"]
        ]
        values = _values(layout)
        shell_locations = [n.rsplit(".", 1)[0] for n in values if _is_location(n, layout)]
        for location in shell_locations:
            values[f"{location}.pathname"], values[f"{location}.search"] = "/", ""
        # The callbacks that render a screen into the shell are those whose inputs are all in
        # the shell; their answer holds the screen's components.
        rendered: dict[str, Any] = {}
        for callback in callbacks:
            if callback.ids() <= {n.rsplit(".", 1)[0] for n in values}:
                body = callback.body(values, [f"{loc}.search" for loc in shell_locations])
                async with http.post(
                    base + "/_dash-update-component", json=body, headers={"Origin": base}
                ) as response:
                    if response.status == 200:
                        answer = (await response.json())["response"]
                        for props in answer.values():
                            rendered.update(_values(list(props.values())))
        values.update(rendered)
    present = {n.rsplit(".", 1)[0] for n in values}
    locations = sorted(
        {n.rsplit(".", 1)[0] for n in values if n.endswith(".search")} | set(shell_locations)
    )
    chosen = [
        c
        for c in callbacks
        if c.ids() <= present
        and any(f"{loc}.{prop}" in c.inputs for loc in locations for prop in ("search", "pathname"))
    ]
    assets = [
        page_asset
        for page_asset in _boundary_assets(page, values)
        if page_asset.endswith(".geojson") or "geojson" in page_asset
    ]
    return Plan(assets=assets, locations=locations, callbacks=chosen, values=values)


def _values(tree: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for component in _components(tree):
        component_id = component["props"].get("id")
        if not isinstance(component_id, str):
            continue
        for prop, value in component["props"].items():
            if prop != "children":
                values[f"{component_id}.{prop}"] = value
        if component["type"] == "Location":
            values.setdefault(f"{component_id}.search", "")
            values.setdefault(f"{component_id}.pathname", "/")
    return values


def _is_location(name: str, layout: Any) -> bool:
    component_id = name.rsplit(".", 1)[0]
    return any(
        c["type"] == "Location" and c["props"].get("id") == component_id
        for c in _components(layout)
    ) and name.endswith(".pathname")


def _boundary_assets(page: str, values: dict[str, Any]) -> list[str]:
    """The boundary files a viewer's map loads: URLs in the rendered figure, else the default."""
    found = set()
    for value in values.values():
        text = json.dumps(value) if not isinstance(value, str) else value
        start = 0
        while (index := text.find("/assets/geo/", start)) >= 0:
            end = min(
                (i for i in (text.find(q, index) for q in ('"', "'", " ", "\\")) if i >= 0),
                default=len(text),
            )
            found.add(text[index:end])
            start = end
    return sorted(found) or ["/assets/geo/provinces_2022.geojson"]


async def run_viewers(base: str, viewers: int, plan: Plan, pace: Pace) -> tuple[Tally, float]:
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=viewers, force_close=False)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        start = time.perf_counter()
        await asyncio.gather(
            *(Viewer(http, base, tally).session(plan, pace) for _ in range(viewers))
        )
        elapsed = time.perf_counter() - start
    return tally, elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report_kinds(folder: Path) -> None:
    """CPU per request of each kind, summed over the workers' reports (after the warm-up)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for path in folder.glob("*.json"):
        for kind, figures in json.loads(path.read_text()).items():
            sums[kind][0] += figures["requests"]
            sums[kind][1] += figures["cpu_s"]
    parts = [
        f"{kind} {cpu * 1000 / count:.2f} ms (n={count:.0f})"
        for kind, (count, cpu) in sorted(sums.items())
        if count
    ]
    print("    CPU per request kind, in the app: " + ", ".join(parts))


def write_profile(folder: Path, target: Path) -> None:
    """The workers' profiles merged into ``target`` (read it with ``python -m pstats``)."""
    import pstats

    found = sorted(folder.glob("*.prof"))
    if not found:
        print("    no profile written")
        return
    stats = pstats.Stats(*map(str, found))
    stats.dump_stats(target)
    print(f"    profile of {len(found)} workers: {target}")


def report(name: str, tally: Tally, elapsed: float, cpu_s: float) -> None:
    everything = tally.all_latencies()
    errors = sum(tally.errors.values())
    requests = len(everything) + errors
    print(
        f"{name:<28} {len(everything) / elapsed:7.0f} req/s  "
        f"p50 {percentile(everything, 0.50) * 1000:6.0f} ms  "
        f"p95 {percentile(everything, 0.95) * 1000:6.0f} ms  "
        f"p99 {percentile(everything, 0.99) * 1000:6.0f} ms  "
        f"errors {errors}  ({len(everything)} requests in {elapsed:.1f} s)"
    )
    print(
        f"    worker CPU {cpu_s * 1000 / max(requests, 1):.2f} ms per request "
        f"({cpu_s:.1f} s for {requests} requests; gunicorn's own work included)"
    )
    for kind, values in sorted(tally.latencies.items()):
        print(
            f"    {kind:<20} n={len(values):<6} p50 {statistics.median(values) * 1000:6.0f} ms  "
            f"p95 {percentile(values, 0.95) * 1000:6.0f} ms"
        )
    for kind, reason in tally.first_error.items():
        print(f"    first {kind} error: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="N of the 2nd and 3rd runs")
    parser.add_argument("--database", default="", help="database URL [default: a temp SQLite]")
    parser.add_argument(
        "--redis", default=os.environ.get("DIEMTUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--only", choices=["1", "n", "redis"], action="append")
    parser.add_argument("--ramp", type=float, default=10.0, help="arrivals spread over (s)")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between changes")
    parser.add_argument(
        "--profile",
        type=Path,
        help="write the workers' cProfile (CPU time of their request threads) to this file "
        "(the figures then include the profiler's own cost)",
    )
    args = parser.parse_args()
    if args.profile:
        os.environ["DIEMTUA_BENCH_PROFILE"] = "1"
    pace = Pace(args.ramp, args.think)
    runs = [
        ("1", "1 worker", 1, ""),
        ("n", f"{args.workers} workers", args.workers, ""),
        ("redis", f"{args.workers} workers + Redis cache", args.workers, args.redis),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{tmp}/load.sqlite3"
        print(
            f"{args.viewers} viewers, each: page + layout + dependencies, boundaries, "
            f"first render, {len(FILTER_CHANGES)} filter changes; arrivals over {args.ramp:g} s, "
            f"{args.think:g} s mean pause; {machine_load()}"
        )
        for key, name, workers, redis_url in runs:
            if args.only and key not in args.only:
                continue
            cpu_dir = Path(tmp) / f"cpu-{key}"
            cpu_dir.mkdir()
            command = gunicorn(config=str(CPU_CONF))
            with serving(
                command,
                free_port(),
                database_url=database,
                workers=workers,
                redis_url=redis_url,
                bench_cpu_dir=cpu_dir,  # DIEMTUA_BENCH_CPU_DIR, read by cpu_conf.py
            ) as server:
                base = server.url
                plan = asyncio.run(make_plan(base))
                if key == runs[0][0] or (args.only and key == args.only[0]):
                    print(
                        f"callbacks per render: {len(plan.callbacks)} "
                        f"({', '.join(c.output[:40] for c in plan.callbacks)}); "
                        f"boundary files: {', '.join(plan.assets)}"
                    )
                asyncio.run(run_viewers(base, min(20, args.viewers), plan, Pace(0, 0)))  # warm
                # cpu_conf.py counts the requests of the whole seconds from this one on.
                mark = int(time.time()) + 1
                time.sleep(mark - time.time())
                (cpu_dir / "start").write_text(str(mark))
                before = workers_cpu_seconds(server.pid)
                tally, elapsed = asyncio.run(run_viewers(base, args.viewers, plan, pace))
                cpu_s = workers_cpu_seconds(server.pid) - before
            report(name, tally, elapsed, cpu_s)
            report_kinds(cpu_dir)
            if args.profile:
                write_profile(cpu_dir, args.profile)
        print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
