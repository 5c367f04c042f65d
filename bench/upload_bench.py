"""A large CSV uploaded to the import screen: the server's peak memory and the time to a preview.

Usage: ``python bench/upload_bench.py [--mb 100] [--tree PATH]...``. Writes a CSV of
enrollments of about ``--mb`` megabytes, then for each ``--tree`` (a checkout of the app;
default: this one) starts the app from that tree in a process of its own (SQLite, an admin
account), signs in and uploads the file as the screen does: as the body of ``POST /upload``
when the tree has that endpoint, else as a base64 data URL inside the upload callback (the
path before it). Prints, per tree, the server's resident memory before the upload, its peak
during it (sampled every 20 ms, and the kernel's high-water mark), the seconds until the
preview came back and what the screen would say. The load average is printed with the
figures, since they depend on it. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import load_average, write_enrollments_csv

HERE = Path(__file__).resolve().parents[1]
PASSWORD = "mật khẩu quản trị"
SERVER = """
import logging, sys
logging.getLogger("werkzeug").setLevel(logging.WARNING)
from werkzeug.serving import make_server
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.server.accounts import add_user
folder, port, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
app = create_app(Settings.load(environ={{}}, database_url=f"sqlite:///{{folder}}/bench.sqlite3",
                               secure_cookies=False, jobs_folder=f"{{folder}}/jobs",
                               load_sample=False, max_upload_mb=mb))
add_user(app.server.config["DIEMTUA_CONTEXT"].service.engine, "quantri", "admin", {password!r})
print("ready", flush=True)
make_server("127.0.0.1", port, app.server, threaded=True).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(tree: Path, folder: Path, mb: int) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(password=PASSWORD), str(folder), str(port), str(mb)],
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return server, base


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    form = {"csrf_token": token.group(1), "name": "quantri", "password": PASSWORD}
    answer = session.post(base + "/login", data=form, headers={"Origin": base})
    assert answer.ok, answer.status_code
    session.get(base + "/import?lang=en")
    return session


def send_to_endpoint(session: requests.Session, base: str, path: Path) -> dict:
    headers = {
        "Origin": base,
        "Content-Type": "application/octet-stream",
        "X-CSRFToken": session.cookies.get("_csrf_token", ""),
    }
    query = {"name": path.name, "kind": "enrollments", "lang": "en", "vehicle": "file"}
    with path.open("rb") as body:
        answer = session.post(base + "/upload", params=query, data=body, headers=headers)
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    return answer.json()["outputs"]


def send_in_callback(session: requests.Session, base: str, path: Path) -> dict:
    """As dcc.Upload did: the file as a base64 data URL inside the check callback's JSON."""
    callbacks = session.get(base + "/_dash-dependencies").json()
    spec = next(
        c for c in callbacks if {"id": "import-upload", "property": "contents"} in c["inputs"]
    )
    outputs = [part.split("@")[0] for part in spec["output"].strip(".").split("...")]
    url = "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()
    values = {"import-upload.contents": url, "import-kind.value": "enrollments"}
    states = {"import-upload.filename": path.name, "import-url.search": "?lang=en"}
    body = json.dumps(
        {
            "output": spec["output"],
            "outputs": [
                {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in outputs
            ],
            "inputs": [
                {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]
            ],
            "state": [
                {**s, "value": states.get(f"{s['id']}.{s['property']}")} for s in spec["state"]
            ],
            "changedPropIds": ["import-upload.contents"],
        }
    )
    del url
    headers = {
        "Origin": base,
        "Content-Type": "application/json",
        "X-CSRFToken": session.cookies.get("_csrf_token", ""),
    }
    answer = session.post(base + "/_dash-update-component", data=body, headers=headers)
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    return answer.json()["response"]


def high_water_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def bench(tree: Path, path: Path, mb: int) -> None:
    with tempfile.TemporaryDirectory(prefix="upload-bench-") as folder:
        server, base = start(tree, Path(folder), mb)
        try:
            process = psutil.Process(server.pid)
            session = sign_in(base)
            probe = session.post(base + "/upload", headers={"Origin": base}).status_code
            endpoint = probe not in (404, 405)  # else Dash's page route, GET only
            before = process.memory_info().rss / 2**20
            peak = [before]
            done = threading.Event()

            def sample() -> None:
                while not done.wait(0.02):
                    peak[0] = max(peak[0], process.memory_info().rss / 2**20)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            started = time.perf_counter()
            send = send_to_endpoint if endpoint else send_in_callback
            outputs = send(session, base, path)
            seconds = time.perf_counter() - started
            done.set()
            sampler.join()
            summary = json.dumps(outputs["import-summary"]["children"], ensure_ascii=False)
            way = "POST /upload (streamed)" if endpoint else "base64 in the upload callback"
            print(f"{tree}: {way}")
            print(
                f"  RSS before {before:6.0f} MiB   peak during upload {peak[0]:6.0f} MiB"
                f" (+{peak[0] - before:.0f})   high-water {high_water_mib(server.pid):6.0f} MiB"
                f"   {seconds:6.1f} s to the preview"
            )
            print(f"  {summary[:160]}")
            print(f"  {load_average()}")
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100, help="size of the CSV, about")
    parser.add_argument("--tree", type=Path, action="append", help="a checkout of the app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="upload-bench-csv-") as folder:
        path = Path(folder) / "dang_ky.csv"
        write_enrollments_csv(path, 10_000)  # for the bytes of a row
        row_bytes = path.stat().st_size / 10_000
        write_enrollments_csv(path, int(args.mb * 2**20 / row_bytes))
        size = path.stat().st_size
        print(f"CSV of {size / 2**20:.0f} MiB ({load_average()})")
        for tree in args.tree or [HERE]:
            bench(tree.resolve(), path, args.mb + 10)


if __name__ == "__main__":
    main()
