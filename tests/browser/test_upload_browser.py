"""The import screen in Chromium: the chosen file goes to ``POST /upload`` (not into a
callback), the preview comes back, and Confirm imports it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from dashboard import ids
from tests.integration.importscreen import hanoi_enrollments, import_app


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app of its own: the import written here must not change the other tests' data."""
    app = import_app(tmp_path_factory.mktemp("upload-browser"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_file_is_sent_to_the_upload_endpoint_then_confirmed(page, import_server, tmp_path):
    bodies: list[tuple[str, bytes]] = []
    page.on("request", lambda r: bodies.append((r.url, r.post_data_buffer or b"")))
    page.goto(import_server + "/login?lang=en")
    page.fill("#name", "lan")  # the editor of Hà Nội
    page.fill("#password", "mật khẩu của lan")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(import_server + "/import?lang=en")
    page.wait_for_selector(f"#{ids.IMPORT_UPLOAD} input[type=file]", state="attached")
    content = hanoi_enrollments()
    hanoi = tmp_path / "hanoi.csv"
    hanoi.write_bytes(content)

    # A file over the bound is refused in the browser: it is not sent.
    big = tmp_path / "big.csv"
    with big.open("wb") as file:
        file.truncate(21 * 1024 * 1024)  # DIEMTUA_MAX_UPLOAD_MB is 20
    page.set_input_files(f"#{ids.IMPORT_UPLOAD} input[type=file]", str(big))
    summary = f"document.querySelector('#{ids.IMPORT_SUMMARY}').innerText"
    page.wait_for_function(f"() => {summary}.includes('at most 20 MB')", timeout=15_000)
    assert not [url for url, _ in bodies if "/upload?" in url]

    page.set_input_files(f"#{ids.IMPORT_UPLOAD} input[type=file]", str(hanoi))
    page.wait_for_function(
        f"() => document.querySelector('#{ids.IMPORT_SUMMARY}').innerText.includes('no problems')",
        timeout=15_000,
    )
    page.wait_for_selector(f"#{ids.IMPORT_PREVIEW} .ag-row", timeout=15_000)
    assert "Post office" in page.locator(f"#{ids.IMPORT_PREVIEW}").inner_text()
    assert len([url for url, _ in bodies if "/upload?" in url]) == 1
    # No callback carried the file: its social insurance number is in none of them.
    number = content.rsplit(b",", 1)[1].strip()
    assert not [url for url, body in bodies if number in body]

    page.click(f"#{ids.IMPORT_CONFIRM}")
    page.wait_for_function(
        f"() => document.querySelector('#{ids.IMPORT_RESULT}').innerText.includes('added')",
        timeout=30_000,
    )
    assert not page.locator(f"#{ids.IMPORT_CONFIRM}").is_enabled()
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
