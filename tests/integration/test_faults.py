"""Failures of the things the app runs on: a worker, Redis, PostgreSQL, concurrent imports.

Real services only: gunicorn, a Redis server this module starts and stops on a port of its own
(``redis-server`` from the machine), and the test PostgreSQL in a schema of its own.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
import redis
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers import import_file
from dashboard.data.schema import enrollments, imports
from tests.sample_scale import SMALL_SAMPLE
from tests.services import postgres_schema, postgres_server_url, require_or_skip
from tests.serving import REPO, free_port, gunicorn, serving, wait_for_port, worker_pids


def wait_until(done: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll ``done`` until it holds; fail saying ``what`` did not happen within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:.0f} s")
        time.sleep(0.05)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def close_app(app) -> None:  # type: ignore[no-untyped-def]
    """Close the connections an app holds (its database pool, its Redis client)."""
    app.server.extensions["diemtua_engine"].dispose()
    client = getattr(app.server.extensions["diemtua_cache"], "_client", None)
    if client is not None:
        client.close()


# -- a worker killed mid-request -----------------------------------------------------------


def test_a_killed_worker_is_replaced_and_the_others_keep_serving(tmp_path):
    command = gunicorn(extra=("--access-logfile", "/dev/null"))
    database = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
    with serving(
        command,
        free_port(),
        database_url=database,
        workers=2,
        redis_url="",
        sample_scale=SMALL_SAMPLE,
    ) as server:
        base = server.url
        wait_until(lambda: len(worker_pids(server.pid)) >= 2, "two workers started")
        before = worker_pids(server.pid)
        statuses: list[int] = []
        stop = threading.Event()
        deadline = time.monotonic() + 120  # the askers stop by then even if the test fails

        def keep_asking() -> None:
            while not stop.is_set() and time.monotonic() < deadline:
                try:
                    statuses.append(get(base + "/assets/geo/provinces_2022.geojson"))
                except (OSError, http.client.HTTPException):
                    statuses.append(0)  # a request the killed worker held (maybe mid-body)

        askers = [threading.Thread(target=keep_asking, daemon=True) for _ in range(4)]
        for asker in askers:
            asker.start()
        try:
            wait_until(lambda: len(statuses) >= 8, "8 answers before the kill")
            victim = min(before)
            os.kill(victim, signal.SIGKILL)
            served_during = len(statuses)
            wait_until(lambda: len(statuses) >= served_during + 40, "40 answers after the kill")
        finally:
            stop.set()
            for asker in askers:
                asker.join(30)
        after = statuses[served_during:]
        # Only requests the killed worker held can fail; the other worker went on serving.
        assert after.count(200) >= len(after) - 4
        assert all(get(base + "/") == 200 for _ in range(10))
        # The master starts a replacement.
        wait_until(lambda: len(worker_pids(server.pid)) >= 2, "a replacement worker")
        assert victim not in worker_pids(server.pid)


# -- Redis away and back ---------------------------------------------------------------------


@pytest.fixture
def own_redis() -> Iterator[tuple[int, tuple[Callable[[], None], Callable[[], None]]]]:
    """A Redis server on a free port that the test may stop and start again."""
    binary = shutil.which("redis-server")
    if binary is None:
        require_or_skip("redis-server is not installed")
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        processes.append(process)
        wait_for_port(port, process)

    def stop() -> None:
        process = processes.pop()
        process.terminate()
        process.wait(10)

    start()
    yield port, (start, stop)
    while processes:
        stop()


@pytest.mark.redis
def test_the_app_works_without_redis_and_uses_it_again_when_back(tmp_path, own_redis, caplog):
    port, (start, stop) = own_redis
    app = create_app(
        Settings.load(
            environ={},
            database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}",
            redis_url=f"redis://127.0.0.1:{port}/0",
            sample_scale=SMALL_SAMPLE,
        )
    )
    cache = app.server.extensions["diemtua_cache"]
    cache._retry_after_s = 0  # try Redis again at once, not after 5 s
    client = app.server.test_client()
    shared = redis.Redis(port=port)
    view = _view_request(app)

    assert client.post("/_dash-update-component", json=view("?province=79")).status_code == 200
    assert shared.dbsize() >= 1
    stop()
    for search in ("?province=01", "?province=79&metric=per_10k"):
        response = client.post("/_dash-update-component", json=view(search))
        assert response.status_code == 200  # computed in the worker
    assert not cache.available
    assert "unavailable" in caplog.text
    start()
    shared.close()
    shared = redis.Redis(port=port)
    assert shared.dbsize() == 0  # a fresh server
    assert client.post("/_dash-update-component", json=view("?province=48")).status_code == 200
    assert cache.available
    assert shared.dbsize() >= 1
    shared.close()
    close_app(app)


def _view_request(app):  # type: ignore[no-untyped-def]
    """A builder of request bodies for the first callback that reads only the URL."""
    from dashboard.server.answers import reads_only_url_and_version

    key, spec = next((k, s) for k, s in app.callback_map.items() if reads_only_url_and_version(s))
    declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    outputs = [
        {"id": o.component_id, "property": o.component_property.split("@")[0]} for o in declared
    ]

    def body(search: str) -> dict[str, object]:
        def values(items):  # type: ignore[no-untyped-def]
            return [
                {
                    "id": d["id"],
                    "property": d["property"],
                    "value": search
                    if d["property"] == "search"
                    else ("/" if d["property"] == "pathname" else None),
                }
                for d in items
            ]

        return {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": values(spec["inputs"]),
            "state": values(spec["state"]),
            "changedPropIds": [
                f"{d['id']}.{d['property']}" for d in spec["inputs"] if d["property"] == "search"
            ],
        }

    return body


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A fresh schema on the test server, named in the URL's search_path and in its
    connections' application_name; dropped after."""
    server = postgres_server_url()
    with postgres_schema(server, "diemtua_fault", name_connections=True) as (url, _, _):
        yield url


@pytest.mark.postgres
def test_dropped_database_connections_are_replaced(postgres_schema_url):
    app = create_app(
        Settings.load(environ={}, database_url=postgres_schema_url, sample_scale=SMALL_SAMPLE)
    )
    client = app.server.test_client()
    view = _view_request(app)
    engine = make_engine(postgres_schema_url)
    with engine.connect() as con:
        rows_before = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
    engine.dispose()
    assert rows_before > 0  # the sample data
    assert client.post("/_dash-update-component", json=view("?province=79")).status_code == 200

    application = make_url(postgres_schema_url).query["application_name"]
    admin = make_engine(postgres_server_url())
    with admin.begin() as con:
        killed = con.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid()"
            ),
            {"name": application},
        ).scalar_one()
    admin.dispose()
    assert killed >= 1

    for search in ("?province=01", "?province=79&metric=per_10k", "?lang=en"):
        assert client.post("/_dash-update-component", json=view(search)).status_code == 200
    engine = make_engine(postgres_schema_url)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(enrollments)).scalar_one() == (
            rows_before
        )
    engine.dispose()
    close_app(app)


def import_twice_at_once(url: str) -> tuple[list[object], int, int]:
    """Two editors import examples/enrollments.csv at the same moment.

    Returns what each got (an ImportResult, or the exception raised), the number of live
    imports in the log and the number of enrollment rows stored.
    """
    engine = make_engine(url)
    create_schema(engine)
    source = (REPO / "examples" / "enrollments.csv").read_bytes()
    barrier = threading.Barrier(2, timeout=60)  # a thread that never arrives fails the wait
    outcomes: list[object] = []

    def editor(name: str) -> None:
        barrier.wait()
        try:
            outcomes.append(import_file(engine, "enrollments", source, imported_by=name))
        except Exception as exc:  # the outcome under test, whatever it is
            outcomes.append(exc)

    threads = [threading.Thread(target=editor, args=(name,)) for name in ("hoa", "lan")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with engine.connect() as con:
        live = con.execute(
            select(func.count()).select_from(imports).where(imports.c.undone_at.is_(None))
        ).scalar_one()
        rows = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
    engine.dispose()
    return outcomes, live, rows


@pytest.mark.postgres
def test_two_editors_importing_the_same_file_at_once_land_it_once(postgres_schema_url):
    outcomes, live, rows = import_twice_at_once(postgres_schema_url)
    statuses = sorted(getattr(o, "status", repr(o)) for o in outcomes)
    assert statuses == ["already_imported", "imported"]
    assert live == 1
    landed = next(o for o in outcomes if getattr(o, "status", None) == "imported")
    assert rows == landed.added_count  # no duplicate rows
