"""A server in its own process, shared by the fault tests and the benchmarks: a free port, the
production command line (``make serve``), a start that waits for the port with a deadline,
and a quick stop that leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn(
    app: str = "dashboard.wsgi:server",
    *,
    workers: int | None = None,
    extra: tuple[str, ...] = (),
    config: str = "python:dashboard.server.gunicorn_conf",
) -> list[str]:
    """The production server's command line for ``app``; ``workers`` left out:
    ``DIEMTUA_WORKERS`` decides."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "--config",
        config,
        *(["--workers", str(workers)] if workers else []),
        *extra,
        app,
    ]


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Return once something listens on ``port``; fail if ``process`` exits first or nothing
    listens within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}") from None
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s")


def worker_pids(master: int) -> set[int]:
    """The process ids of a gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()}


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    """Quick shutdown (SIGINT: no waiting for idle keep-alive connections), then a kill."""
    workers = worker_pids(server.pid) if server.poll() is None else set()
    server.send_signal(signal.SIGINT)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.kill()
        server.wait(30)


@dataclass(frozen=True)
class Server:
    """A server started by :func:`serving`: its base URL and process id."""

    url: str
    pid: int


@contextmanager
def serving(
    command: list[str], port: int, *, seconds: float = 180, **settings: object
) -> Iterator[Server]:
    """Run ``command``, the app (or another server reading the same environment) on ``port``
    of 127.0.0.1, until the block ends; if it does not start, show the end of its output.

    ``settings`` are given by name as the app reads them from the environment:
    ``database_url="sqlite:///..."`` becomes ``DIEMTUA_DATABASE_URL``.
    """
    env = {
        **os.environ,
        "DIEMTUA_PORT": str(port),
        "DIEMTUA_HOST": "127.0.0.1",
        **{f"DIEMTUA_{name.upper()}": str(value) for name, value in settings.items()},
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for_port(port, process, seconds)
            except RuntimeError:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-4000:])
                raise
            yield Server(f"http://127.0.0.1:{port}", process.pid)
        finally:
            stop_gunicorn(process)
