""" "Download image": a titled PNG of the map as drawn, composed in the browser."""

from __future__ import annotations

import struct

import pytest

from dashboard import ids
from tests.browser.conftest import SCREENSHOTS, SIZES, open_map_at

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", list(SIZES))
def test_download_image_gives_the_map_under_its_title_and_over_its_sources(page, live_server, size):
    open_map_at(page, live_server + "/?province=79", size, ids.MAP)
    box = page.locator(f"#{ids.MAP} .js-plotly-plot").bounding_box()
    with page.expect_download(timeout=30_000) as download:
        page.click(f"#{ids.IMAGE_DOWNLOAD}")
    path = SCREENSHOTS / f"download-image-{size}.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("diemtua-map-")
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    # The map at its drawn size, a 96 px title band above and the source lines below (at
    # least 64 px; more where the lines wrap on a narrow map).
    assert width == round(box["width"])
    assert round(box["height"]) + 160 <= height <= round(box["height"]) + 96 + 240
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
