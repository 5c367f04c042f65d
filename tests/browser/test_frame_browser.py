"""The map at the four sizes that matter: camera fitted inside the box, names placed by MapLibre."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.browser.conftest import save_screenshot
from tests.browser.layoutprobe import MAP_FRAME
from tests.browser.mapprobe import INSET_VIEW

pytestmark = pytest.mark.browser

# name: (width, height, extra query)
SIZES = {
    "phone-390x844": (390, 844, ""),
    "laptop-1366x768": (1366, 768, ""),
    "fullhd-1920x1080": (1920, 1080, ""),
    "presenter-1920x1080": (1920, 1080, "present=1"),
}


def _frame(page, url: str, size: tuple[int, int]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Open ``url`` and wait until the fitted map has placed its labels (they load last)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    page.wait_for_function(
        f"() => {{ const f = ({MAP_FRAME})('{ids.MAP}'); return f && f.labels.length > 0; }}",
        timeout=45_000,
    )
    # Placement runs over several frames on a slow machine: wait until two looks agree.
    last: dict[str, Any] | None = None
    for _ in range(20):
        page.wait_for_timeout(700)
        frame = page.wait_for_function(f"() => ({MAP_FRAME})('{ids.MAP}')", timeout=15_000)
        current = frame.json_value()
        if last is not None and sorted(current["labels"]) == sorted(last["labels"]):
            return current  # type: ignore[no-any-return]
        last = current
    assert last is not None
    return last


@pytest.mark.parametrize("name", list(SIZES))
def test_the_country_fits_its_box_with_names_at_every_size(page, live_server, name):
    width, height, query = SIZES[name]
    frame = _frame(page, f"{live_server}/?{query}", (width, height))
    assert frame["outsideCount"] == 0, frame["outside"]
    assert "Quần đảo Hoàng Sa" in frame["labels"] and "Quần đảo Trường Sa" in frame["labels"]
    if name == "fullhd-1920x1080":
        # After collision: most of the 63 names stay on a shared full-HD screen.
        assert len(frame["labels"]) >= 40, frame["labels"]
    if name == "presenter-1920x1080":
        # The audience cannot hover: names carry their value on a second line.
        assert any("\n" in label for label in frame["labels"]), frame["labels"]
    save_screenshot(page, f"frame-national-{name}")
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []


def test_every_district_of_an_open_province_is_named(page, live_server):
    frame = _frame(page, f"{live_server}/?province=66", (1920, 1080))
    assert frame["outsideCount"] == 0, frame["outside"]
    # Đắk Lắk: 15 districts in 2022, every one named.
    assert len(frame["labels"]) == 15, frame["labels"]
    assert {"Buôn Ma Thuột", "Ea Súp", "Lắk"} <= set(frame["labels"])
    save_screenshot(page, "frame-province-66-fullhd")


@pytest.mark.parametrize("name", list(SIZES))
@pytest.mark.parametrize(
    ("province", "archipelago", "mainland_districts"),
    [("48", "Hoàng Sa", 7), ("56", "Trường Sa", 8)],
)
def test_da_nang_and_khanh_hoa_show_their_archipelago_in_an_inset(
    page, live_server, province, archipelago, mainland_districts, name
):
    width, height, query = SIZES[name]
    frame = _frame(page, f"{live_server}/?province={province}&{query}", (width, height))
    assert frame["outsideCount"] == 0, frame["outside"]
    view = page.wait_for_function(f"() => ({INSET_VIEW})('{ids.MAP}')", timeout=30_000).json_value()
    save_screenshot(page, f"frame-province-{province}-{name}")
    # The inset, in its corner of the map, names the archipelago and marks its islands (far
    # below a pixel at the inset's zoom) with a dot each.
    assert f"Quần đảo {archipelago}" in view["insetLabels"], view
    assert view["islands"] >= 10, view
    box, inset, mainland = view["box"], view["inset"], view["mainland"]
    assert box[0] <= inset[0] < inset[2] <= box[2] and box[1] <= inset[1] < inset[3] <= box[3]
    # The mainland's districts fill the map, and none of them lies under the inset.
    assert len(view["codes"]) == mainland_districts, view["codes"]
    shares = (
        (mainland[2] - mainland[0]) / (box[2] - box[0]),
        (mainland[3] - mainland[1]) / (box[3] - box[1]),
    )
    assert max(shares) >= 0.6, shares
    apart = (
        mainland[2] <= inset[0]
        or mainland[0] >= inset[2]
        or mainland[3] <= inset[1]
        or mainland[1] >= inset[3]
    )
    assert apart, (mainland, inset)
    assert page.recorder.console_errors == []
    assert page.recorder.external_requests() == []
