"""The launch day in a real browser: the hourly curve drawn, and presenter mode's counter
following an import without a reload.

The server here is the module's own (not the session's): the import sets the sample aside,
which the other browser tests still need.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.importers import import_file
from tests.browser.conftest import save_screenshot
from tests.sample_scale import SMALL_SAMPLE

pytestmark = pytest.mark.browser

TIMED = (
    "Ngày đăng ký,Thời điểm đăng ký,Tỉnh,Huyện,Kênh\n"
    + "".join(f"08/05/2022,08/05/2022 0{h}:30,Hà Nội,Ba Đình,Bưu điện\n" for h in (7, 8, 8, 9))
).encode()

DRAWN_BARS = """(id) => {
  const gd = document.querySelector(`#${id} .js-plotly-plot`);
  if (!gd || !gd.data || gd.data.length < 2) return null;
  return {hours: gd.data[0].x.length, lines: gd.data[1].y.length,
          drawn: gd.querySelectorAll('.scatterlayer .trace .js-line').length,
          points: gd.querySelectorAll('.scatterlayer .trace .point').length};
}"""


@pytest.fixture(scope="module")
def launch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    db = tmp_path_factory.mktemp("launch") / "launch.sqlite3"
    app = create_app(
        Settings.load(environ={}, database_url=f"sqlite:///{db}", sample_scale=SMALL_SAMPLE)
    )
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()


def test_launch_day_draws_the_hourly_curve_and_the_counter_follows_imports(
    browser, launch_server, tmp_path: Path
) -> None:
    url, app = launch_server
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/launch?date=2022-05-08&present=1")
    page.wait_for_function(
        f"(id) => (({DRAWN_BARS})(id) || {{}}).drawn > 0", arg=ids.LAUNCH_HOURLY, timeout=30_000
    )

    drawn = page.evaluate(DRAWN_BARS, ids.LAUNCH_HOURLY)
    assert drawn["hours"] == 24 and drawn["lines"] == 24
    assert drawn["drawn"] >= 2 and drawn["points"] >= 48  # the curve and the running total
    before = page.inner_text(f"#{ids.LAUNCH_COUNTER}")
    # The sample's launch day: the published 22,306 voluntary participants, at scale.
    assert int(before.replace(".", "")) == round(22_306 * SMALL_SAMPLE)
    save_screenshot(page, "launch-presenter")

    engine = app.server.config["DIEMTUA_CONTEXT"].service.engine
    result = import_file(engine, "enrollments", TIMED, file_name="gio.csv", imported_by="t")
    assert result.status == "imported"

    # No reload: the page's own refresh brings the new count (the sample is set aside).
    page.wait_for_function(
        "(id) => document.getElementById(id).innerText.trim() === '4'",
        arg=ids.LAUNCH_COUNTER,
        timeout=20_000,
    )
    hourly = page.evaluate(
        f"() => document.querySelector('#{ids.LAUNCH_HOURLY} .js-plotly-plot').data[0].y"
    )
    assert list(hourly)[7:10] == [1, 2, 1]
    assert errors == []
    context.close()
