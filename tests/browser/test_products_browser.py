"""The product switch in a real browser: choosing household health insurance changes the
gauge, the colours the map renders and the URL, and the browser's back button brings the
voluntary figures back.

The server is the module's own: the import sets the sample aside, which the other browser
tests still need.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.importers import import_file
from tests.browser.conftest import save_screenshot
from tests.browser.mapprobe import MAP_IDLE, RENDERED_COLOURS

pytestmark = pytest.mark.browser

# Voluntary insurance in Hà Nội only (5), household health insurance in TP HCM only (8).
HEADER = "Ngày đăng ký,Tỉnh/Thành phố,Quận/Huyện,Kênh,Loại hình,Mã số BHXH\n"
ENROLLMENTS = (
    HEADER
    + "".join(
        f"08/05/2022,Hà Nội,Ba Đình,Bưu điện,BHXH tự nguyện,01000001{i:02}\n" for i in range(5)
    )
    + "".join(
        f"08/05/2022,TP HCM,Quận 1,Bưu điện,BHYT hộ gia đình,79000001{i:02}\n" for i in range(8)
    )
).encode()
GAUGE_VALUE = (
    f"() => document.querySelector('#{ids.NATIONAL_GAUGE} .js-plotly-plot')?.data?.[0]?.value"
)


@pytest.fixture(scope="module")
def products_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("products") / "products.sqlite3"
    app = create_app(Settings.load(environ={}, database_url=f"sqlite:///{db}", hhi_target=20))
    engine = app.server.config["DIEMTUA_CONTEXT"].service.engine
    result = import_file(engine, "enrollments", ENROLLMENTS, file_name="hai.csv", imported_by="t")
    assert result.status == "imported"
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _drawn(page, gauge: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The map's rendered colours once the gauge shows ``gauge`` and the map is idle."""
    page.wait_for_function(f"() => ({GAUGE_VALUE})() === {gauge}", timeout=30_000)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    page.wait_for_function(
        f"(id) => Object.keys(({RENDERED_COLOURS})(id) || {{}}).length >= 60",
        arg=ids.MAP,
        timeout=30_000,
    )
    return page.evaluate(RENDERED_COLOURS, ids.MAP)


def test_switching_product_changes_the_gauge_the_map_and_the_url(browser, products_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(products_server + "/?lang=en")

    voluntary = _drawn(page, gauge=5)
    page.click(f"#{ids.PRODUCT} label:has(input[value='bhyt_ho_gia_dinh'])")
    page.wait_for_url(re.compile(r"product=bhyt_ho_gia_dinh"), timeout=15_000)
    page.wait_for_function(
        f"(id) => (({RENDERED_COLOURS})(id) || {{}})['79'] !== {voluntary['79']!r}",
        arg=ids.MAP,
        timeout=30_000,
    )
    household = _drawn(page, gauge=8)
    save_screenshot(page, "products-switch-1366x768")

    # Each product colours its own province apart from the empty ones, the other stays empty.
    assert voluntary["01"] != voluntary["79"] == voluntary["48"]
    assert household["79"] != household["01"] == household["48"]
    gauge_title = page.evaluate(
        f"() => document.querySelector('#{ids.NATIONAL_GAUGE} .js-plotly-plot').data[0].title.text"
    )
    assert "Household health insurance" in gauge_title
    assert "Household health insurance" in page.inner_text(f"#{ids.VIEW_SUBTITLE}")

    page.go_back()
    page.wait_for_url(re.compile(r"^(?!.*product=)"), timeout=15_000)
    assert _drawn(page, gauge=5)["01"] == voluntary["01"]
    assert errors == []
    context.close()
