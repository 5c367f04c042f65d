"""A live server and headless Chromium for the browser tier.

Chromium is Debian's (``/usr/bin/chromium``); the flags keep it from reaching any network,
and each browser gets a fresh profile. Without Chromium these tests skip, except where
``DIEMTUA_REQUIRE_SERVICES=1`` (CI) turns the skip into a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.config import Settings
from tests.services import require_or_skip
from tests.unit.server.helpers import add_accounts

CHROMIUM = os.environ.get("DIEMTUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the sample data, served on a free loopback port for the whole session."""
    db = tmp_path_factory.mktemp("browser") / "browser.sqlite3"
    # Plain http on loopback: the session cookie may not be https-only. Accounts to sign in
    # with: the import screen checks files for editors only.
    settings = Settings.load(environ={}, database_url=f"sqlite:///{db}", secure_cookies=False)
    app = create_app(settings)
    add_accounts(app.server.config["DIEMTUA_CONTEXT"].service.engine)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright starts Chromium with a fresh temporary --user-data-dir of its own and
    # deletes it on close, so every session begins with an empty profile.
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class PageRecorder:
    """What a page did: every request URL and every console error."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []

    def external_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"}
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser context (own profile, cache and storage) at 1600x900."""
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    page = context.new_page()
    recorder = PageRecorder()
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on(
        "console",
        lambda msg: recorder.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: recorder.console_errors.append(str(exc)))
    page.recorder = recorder
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Keep a screenshot for reviewers under artifacts/screenshots (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# The window sizes every screen is checked at: a phone, the office laptop, a full-HD screen.
SIZES = {"phone": (390, 844), "laptop": (1366, 768), "fullhd": (1920, 1080)}


def open_map_at(page, url: str, size: str, graph_id: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` in a window of ``size`` and wait for the map ``graph_id`` to be idle."""
    from tests.browser.mapprobe import MAP_IDLE

    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(f"#{graph_id} .js-plotly-plot", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=graph_id, timeout=30_000)
