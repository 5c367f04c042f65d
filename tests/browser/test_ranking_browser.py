"""The ranking and the map's tooltip in a real browser: a row selects its area, the ranking
follows the level, and hovering a province tells a leader where it stands."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from tests.browser.conftest import SIZES, open_map_at, save_screenshot
from tests.browser.layoutprobe import settled_overflow
from tests.browser.mapprobe import MAP_IDLE, POINT_INSIDE, rendered_codes

pytestmark = pytest.mark.browser


def _rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The unit codes of the ranking's rows, as the grid holds them."""
    return page.evaluate(  # type: ignore[no-any-return]
        f"""() => Array.from(new Set(Array.from(
            document.querySelectorAll('#{ids.RANKING} .ag-center-cols-container .ag-row'))
            .map((row) => row.getAttribute('row-id'))))"""
    )


def _wait_rows(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        f"""() => document.querySelectorAll(
            '#{ids.RANKING} .ag-center-cols-container .ag-row').length > 0
            && document.querySelector('#{ids.RANKING}')
                .querySelector('.ag-center-cols-container .ag-row').getAttribute('row-id')
                .length === {count}""",
        timeout=30_000,
    )


def _click_row(page, code: str) -> None:  # type: ignore[no-untyped-def]
    """Scroll the grid to the row of ``code`` (rows are drawn only when in view), click it."""
    page.evaluate(
        f"""(code) => {{
            const api = dash_ag_grid.getApi('{ids.RANKING}');
            api.ensureIndexVisible(api.getRowNode(code).rowIndex, 'middle');
        }}""",
        code,
    )
    # The name, as a user would: it is pinned, so it stays in view on a phone too.
    name = f"#{ids.RANKING} .ag-pinned-left-cols-container .ag-row[row-id='{code}'] [col-id=name]"
    page.locator(name).scroll_into_view_if_needed()
    page.locator(name).click()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_ranking_row_opens_its_province_then_a_district(page, live_server, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server + "/")
    _wait_rows(page, 2)  # province codes
    # Data freshness: when the figures were updated, and each province's last import.
    assert re.fullmatch(
        r"Số liệu cập nhật lúc \d\d:\d\d \d\d/\d\d/\d{4}",
        page.locator(f"#{ids.FRESHNESS}").inner_text(),
    )
    page.evaluate(
        f"""() => {{
            const api = dash_ag_grid.getApi('{ids.RANKING}');
            api.ensureIndexVisible(api.getRowNode('01').rowIndex, 'middle');
            api.ensureColumnVisible('last_import');
        }}"""
    )
    last = page.locator(f"#{ids.RANKING} .ag-row[row-id='01'] [col-id=last_import]").first
    assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", last.inner_text())
    _click_row(page, "79")
    page.wait_for_url(re.compile(r"province=79"), timeout=15_000)
    # The ranking follows the level: Hồ Chí Minh City's 22 districts of 2022.
    _wait_rows(page, 3)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.RANKING_TITLE}').innerText.includes('Hồ Chí Minh')",
        timeout=15_000,
    )
    header = page.locator(f"#{ids.RANKING} .ag-header-cell[col-id=name] .ag-header-cell-text")
    assert header.inner_text() == "Quận/Huyện"
    assert (
        page.locator(f"#{ids.FRESHNESS}")
        .inner_text()
        .startswith("Lần nhập gần nhất của Hồ Chí Minh: ")
    )
    assert "760" in rendered_codes(page, ids.MAP, districts=20)
    page.wait_for_function(MAP_IDLE, arg=ids.MAP, timeout=30_000)
    assert settled_overflow(page) == []
    save_screenshot(page, f"ranking-province-79-{size}")

    _click_row(page, "760")
    page.wait_for_url(re.compile(r"district=760"), timeout=15_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.VIEW_TITLE}').innerText === 'Quận 1'",
        timeout=15_000,
    )
    assert "760" in _rows(page)  # the district is ranked among its province's
    assert page.recorder.console_errors == []


@pytest.mark.parametrize("size", ["laptop", "fullhd"])
def test_the_tooltip_tells_value_target_share_rank_and_pace(page, live_server, size):
    open_map_at(page, live_server + "/?lang=en&to=2022-09-30", size, ids.MAP)
    # Nghệ An (40): large, so a point inside it is easy to find on the rendered map.
    point = page.wait_for_function(POINT_INSIDE, arg=[ids.MAP, "40"], timeout=30_000).json_value()
    page.mouse.move(point[0], point[1])
    page.wait_for_selector(f"#{ids.MAP} .hovertext", timeout=10_000)
    # An SVG label: one tspan per line.
    text = page.evaluate(
        f"""() => Array.from(document.querySelectorAll('#{ids.MAP} .hovertext tspan.line'))
            .map((line) => line.textContent).join('\\n')"""
    )
    assert text.startswith("Nghệ An")
    assert re.search(r"New participants: [\d,]+", text), text
    assert re.search(r"Target: [\d,]+ · \d+% of target", text), text
    assert re.search(r"Rank \d+ of 63", text), text
    assert re.search(r"Needs [\d.,]+ a day to reach the target by 31 Dec 2022|Target reached", text)
    save_screenshot(page, f"tooltip-{size}")
