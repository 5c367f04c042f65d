"""``make serve`` keeps answering while many clients send their requests slowly (issue 13,
finding 2): a real gunicorn with the app's settings, real sockets on loopback."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

from tests.sample_scale import SMALL_SAMPLE
from tests.serving import free_port, gunicorn, serving

SLOW_CLIENTS = 48  # more than the 2 workers x 8 threads of make serve
DEADLINE_S = 10.0


def slow_client(port: int, stop: threading.Event, opened: list[socket.socket]) -> None:
    """Open a connection and send a request's head a byte a second, never finishing it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    opened.append(sock)
    head = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200
    for byte in head:
        if stop.wait(1.0):
            return
        try:
            sock.send(bytes([byte]))
        except OSError:
            return


def ask_healthz(port: int) -> tuple[float, bytes]:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE_S) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        # Each recv waits DEADLINE_S at most; the whole answer too.
        while time.monotonic() - started < DEADLINE_S and (chunk := sock.recv(65536)):
            answer += chunk
    return time.monotonic() - started, answer


def test_slow_clients_do_not_block_other_clients(tmp_path):
    port = free_port()
    stop = threading.Event()
    opened: list[socket.socket] = []
    with serving(
        gunicorn(),
        port,
        database_url=f"sqlite:///{tmp_path / 'slow.sqlite3'}",
        workers=2,
        redis_url="",
        jobs_folder=tmp_path / "jobs",
        sample_scale=SMALL_SAMPLE,
    ):
        try:
            elapsed, answer = ask_healthz(port)
            assert answer.endswith(b"ok"), answer[:200]
            slow = [
                threading.Thread(target=slow_client, args=(port, stop, opened), daemon=True)
                for _ in range(SLOW_CLIENTS)
            ]
            for thread in slow:
                thread.start()
            time.sleep(4)  # every slow client connected and trickling its head
            timings = []
            for _ in range(5):
                elapsed, answer = ask_healthz(port)
                assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"ok"), answer[:200]
                timings.append(elapsed)
            print(f"{SLOW_CLIENTS} slow clients; /healthz answered in {max(timings):.2f} s at most")
            assert max(timings) < DEADLINE_S
            # Requests with bodies, and several on one kept-alive connection, still go through.
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
            for _ in range(3):
                connection.request(
                    "POST",
                    "/_dash-update-component",
                    body=json.dumps({"output": "nothing.children", "inputs": []}),
                    headers={"Content-Type": "application/json"},
                )
                response = connection.getresponse()
                response.read()
                assert response.status in (200, 204, 400, 500), response.status
                connection.request("GET", "/healthz")
                assert connection.getresponse().read() == b"ok"
            connection.close()
        finally:
            stop.set()
            for sock in opened:
                sock.close()
