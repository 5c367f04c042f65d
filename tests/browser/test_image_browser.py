""" "Download image": a titled PNG of the map as drawn, composed in the browser."""

from __future__ import annotations

import base64
import json
import re
import struct

import pytest

from dashboard import ids
from tests.browser.conftest import SCREENSHOTS, SIZES, open_map_at
from tests.browser.pngread import read_png

pytestmark = pytest.mark.browser


# The map as plotly draws it alone (no colour bar), at the size of its box, with or without
# its names: a data URL.
MAP_ALONE = """
async (names) => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const data = gd.data.filter((trace) => names || trace.name !== 'labels')
    .map((trace) => Object.assign({}, trace, {showscale: false}));
  const figure = {data, layout: gd.layout, config: gd._context};
  const size = {width: gd.clientWidth, height: gd.clientHeight};
  return await Plotly.toImage(figure, {format: 'png', ...size});
}
"""
TITLE_BAND = 96  # px above the map in the composed image


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


def test_on_a_phone_the_image_puts_the_classes_under_the_map_not_over_it(page, live_server):
    open_map_at(page, live_server + "/?province=79", "phone", ids.MAP)
    with page.expect_download(timeout=30_000) as download:
        page.click(f"#{ids.IMAGE_DOWNLOAD}")
    path = SCREENSHOTS / "download-image-phone-legend.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    download.value.save_as(path)
    image = read_png(path.read_bytes())
    alone, unnamed = (
        read_png(base64.b64decode(page.evaluate(MAP_ALONE, with_names).split(",", 1)[1]))
        for with_names in (True, False)
    )
    # The map band of the image is the map alone: no colour bar drawn over any of it. Names
    # fade in over a few frames, so the cells where names are drawn (and their neighbours)
    # are left out of the comparison.
    names = _covered_cells(alone, unnamed, top=0, share=0)
    near_names = {(x + dx, y + dy) for x, y in names for dx in (-12, 0, 12) for dy in (-12, 0, 12)}
    covered = [c for c in _covered_cells(image, alone, top=TITLE_BAND) if c not in near_names]
    assert covered == [], covered
    # The classes are drawn under the map, each swatch in its colour where the layout says.
    drawn = json.loads(
        page.locator(f"#{ids.MAP} .js-plotly-plot").get_attribute("data-image-layout")
    )
    assert (drawn["width"], drawn["height"]) == (image.width, image.height)
    assert drawn["map"] == [0, TITLE_BAND, alone.width, TITLE_BAND + alone.height]
    legend = drawn["legend"]["box"]
    assert legend[1] >= drawn["map"][3] and legend[3] <= image.height, (legend, drawn["map"])
    swatches = drawn["legend"]["swatches"]
    assert len(swatches) == page.locator(".map-legend-strip .legend-class").count() >= 3
    for swatch in swatches:
        x0, y0, x1, y1 = swatch["box"]
        assert y0 >= drawn["map"][3]
        want = tuple(int(v) for v in re.findall(r"\d+", swatch["color"])[:3])
        got = image.at(round((x0 + x1) / 2), round((y0 + y1) / 2))
        assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 2, (got, want)
    assert page.recorder.console_errors == []


def _covered_cells(image, alone, *, top: int, share: float = 0.5, cell: int = 12):  # type: ignore[no-untyped-def]
    """Cells of ``cell`` px of the map band of ``image`` (from ``top``) where more than
    ``share`` of the pixels differ from ``alone`` by more than a faint shade."""
    covered = []
    for y0 in range(0, alone.height - cell + 1, cell):
        for x0 in range(0, alone.width - cell + 1, cell):
            differing = sum(
                1
                for y in range(y0, y0 + cell)
                for x in range(x0, x0 + cell)
                if max(
                    abs(a - b) for a, b in zip(image.at(x, top + y), alone.at(x, y), strict=True)
                )
                > 24
            )
            if differing > cell * cell * share:
                covered.append((x0, y0))
    return covered
