"""The app as a whole, in process: factory, layout, and callbacks answered over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.state import ViewState
from tests.integration.dashclient import answer, render_page
from tests.sample_scale import SMALL_SAMPLE


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("app") / "app.sqlite3"
    return create_app(Settings.load(environ={}, database_url=f"sqlite:///{db}"))


@pytest.fixture
def client(app):
    return app.server.test_client()


def sync(app, search: str, changed: str, **values):
    """The URL after a user action, and the control values sync_view sets."""
    values = {f"{ids.OVERVIEW_URL}.search": search, **values}
    return answer(app, f"{ids.OVERVIEW_URL}.search", values, changed=changed)


def draw(app, output: str, search: str, version: str | None = None):
    """A drawing callback's answer; ``version``: the data version the page holds."""
    url = f"{ids.OVERVIEW_URL}.search"
    return answer(app, output, {url: search, f"{ids.DATA_VERSION}.data": version}, changed=url)


def served_layout(client, referer: str | None) -> dict:
    headers = {"Referer": referer} if referer else {}
    return client.get("/_dash-layout", headers=headers).get_json()


def find(tree, component_id: str) -> dict:
    """The serialised component ``component_id`` in a layout as Dash sends it."""
    if isinstance(tree, list):
        for item in tree:
            found = find(item, component_id)
            if found:
                return found
    elif isinstance(tree, dict) and "props" in tree:
        if tree["props"].get("id") == component_id:
            return tree
        return find(tree["props"].get("children"), component_id)
    return {}


def test_the_layout_arrives_drawn_for_the_page_that_asks(app, client):
    layout = served_layout(client, "http://localhost/?lang=en&province=79")
    figure = find(layout, ids.MAP)["props"]["figure"]
    values = next(trace for trace in figure["data"] if trace["name"] == "values")
    assert "760" in values["locations"]  # Quận 1: the districts of Hồ Chí Minh City
    assert "Hồ Chí Minh" in find(layout, ids.VIEW_TITLE)["props"]["children"]
    assert find(layout, ids.PROVINCE)["props"]["value"] == "79"
    # The ranking grid comes a moment later, drawn for the same view.
    assert find(layout, ids.RANKING) == {}
    assert find(layout, ids.RANKING_LATER)["props"]["max_intervals"] == 1
    later = answer(
        app,
        f"{ids.RANKING_HOLDER}.children",
        {f"{ids.RANKING_LATER}.n_intervals": 1},
        changed=f"{ids.RANKING_LATER}.n_intervals",
        state={f"{ids.OVERVIEW_URL}.search": "?lang=en&province=79"},
    )
    grid = later[ids.RANKING_HOLDER]["children"]["props"]
    # An open province ranks its districts: the 22 of Hồ Chí Minh City in 2022.
    assert grid["id"] == ids.RANKING and len(grid["rowData"]) == 22
    assert "760" in {row["code"] for row in grid["rowData"]}
    assert grid["columnDefs"][1]["headerName"] == "District"
    assert grid["columnDefs"][-1]["field"] == "last_import" and grid["columnDefs"][-1]["hide"]
    title = find(layout, ids.RANKING_TITLE)["props"]["children"]
    assert title == "Districts of Thành phố Hồ Chí Minh ranked · Voluntary social insurance"
    assert find(layout, ids.PAGE)["props"]["lang"] == "en"
    # The screen's Location is pinned to the URL, so mounting it runs no callback ...
    location = find(layout, ids.OVERVIEW_URL)["props"]
    assert (location["pathname"], location["search"]) == ("/", "?lang=en&province=79")
    # ... and the shell remembers which view it drew, for show_page to confirm.
    assert find(layout, ids.DRAWN_VIEW)["props"]["data"] == ["/", "?lang=en&province=79"]


def test_without_a_referer_the_layout_is_the_shell_that_show_page_fills(client):
    layout = served_layout(client, None)
    assert find(layout, ids.SCREEN)["props"].get("children") is None
    assert find(layout, ids.DRAWN_VIEW)["props"].get("data") is None
    other_host = served_layout(client, "https://elsewhere.example/?province=79")
    assert find(other_host, ids.SCREEN)["props"].get("children") is None


def test_show_page_confirms_a_right_guess_and_redraws_a_wrong_one(app, client):
    layout = served_layout(client, "http://localhost/?province=79")
    drawn = find(layout, ids.DRAWN_VIEW)["props"]["data"]
    right = render_page(app, "?province=79", drawn=drawn)
    assert right == {ids.DRAWN_VIEW: {"data": None}}  # nothing redrawn
    wrong = render_page(app, "?province=01", drawn=drawn)
    assert "Hà Nội" in json.dumps(wrong[ids.SCREEN], ensure_ascii=False)
    assert wrong[ids.DRAWN_VIEW] == {"data": None}
    other_screen = render_page(app, "?province=79", pathname="/routes", drawn=drawn)
    assert ids.ROUTES_MAP in json.dumps(other_screen[ids.SCREEN])


def test_the_map_screen_runs_no_callback_on_load(client):
    """Its layout arrives drawn: callbacks run when the URL, a control or the data change."""
    # Server callbacks only: the presenter's tour bar is drawn in the browser (clientside).
    listening = [
        spec
        for spec in client.get("/_dash-dependencies").get_json()
        if ids.OVERVIEW_URL in {d["id"] for d in spec["inputs"]}
        and not spec.get("clientside_function")
    ]
    assert len(listening) == 4  # sync_view, draw_map, draw_progress, draw_ranking
    for spec in listening:
        assert spec["prevent_initial_call"], spec["output"]


def test_page_and_assets_are_served_locally(client):
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    for path in ("/assets/map-style.json", "/assets/geo/provinces_2022.geojson", "/assets/app.css"):
        with client.get(path) as response:  # file responses stream: close them
            assert response.status_code == 200, path
    with client.get("/assets/map-style.json") as response:
        style = response.get_json()
    assert style["version"] == 8
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    # Label glyphs come from the app itself: a relative URL (prefix-safe) to committed files.
    # (with their fingerprint: tests/unit/test_glyphs.py)
    assert style["glyphs"].startswith("assets/glyphs/{fontstack}/{range}.pbf?v=")
    assert style["sources"] == {}
    with client.get("/assets/glyphs/NotoSans-Bold/7680-7935.pbf") as response:
        assert response.status_code == 200 and len(response.data) > 10_000


def test_page_renders_in_the_language_of_the_url(app):
    vi = render_page(app, "")
    en = render_page(app, "?lang=en")
    assert vi[ids.PAGE]["lang"] == "vi" and en[ids.PAGE]["lang"] == "en"
    vi_text = json.dumps(vi, ensure_ascii=False)
    en_text = json.dumps(en, ensure_ascii=False)
    assert "Dữ liệu mẫu" in vi_text and "Sample data" not in vi_text
    assert "Sample data" in en_text and "Dữ liệu mẫu" not in en_text


def test_the_router_routes_on_the_path_only(app):
    # The page is rendered by the path; the query string only informs the first render.
    page = next(
        spec for key, spec in app.callback_map.items() if key.startswith(f"..{ids.SCREEN}.")
    )
    assert [(i["id"], i["property"]) for i in page["inputs"]] == [(ids.URL, "pathname")]
    presenter = render_page(app, "?lang=en&present=1")
    assert presenter[ids.PAGE]["className"] == "app present"
    routes = json.dumps(render_page(app, "?lang=en", pathname="/routes")[ids.SCREEN])
    assert f'"{ids.ROUTES_MAP}"' in routes and f'"{ids.MAP}"' not in routes


def _map_codes(response) -> list[str]:
    figure = response[ids.MAP]["figure"]
    values = next(trace for trace in figure["data"] if trace["name"] == "values")
    return values["locations"]


def test_national_view_draws_63_provinces_with_a_classed_legend(app):
    response = draw(app, f"{ids.MAP}.figure", "")
    figure = response[ids.MAP]["figure"]
    go.Figure(figure)  # the dict the server sends is a valid plotly figure
    assert len(set(_map_codes(response))) == 63
    assert all(
        isinstance(trace["geojson"], str)
        for trace in figure["data"]
        if trace["type"] == "choroplethmap"
    )
    names = next(trace for trace in figure["data"] if trace["name"] == "labels")
    assert len(names["text"]) == 65  # 63 provinces and the two archipelagos
    values = next(trace for trace in figure["data"] if trace["name"] == "values")
    labels = values["colorbar"]["ticktext"]
    assert len(labels) == 5 and all(" – " in label for label in labels)
    assert response[ids.VIEW_TITLE]["children"] == "Toàn quốc"
    assert response[ids.BACK]["hidden"] is True


def test_progress_gauge_and_pace_line(app):
    response = draw(app, f"{ids.NATIONAL_GAUGE}.figure", "")
    go.Figure(response[ids.NATIONAL_GAUGE]["figure"])  # valid plotly figures
    go.Figure(response[ids.CUMULATIVE]["figure"])
    gauge = response[ids.NATIONAL_GAUGE]["figure"]["data"][0]
    assert gauge["gauge"]["threshold"]["value"] == 10_000
    # The published scale: 32,870 voluntary participants in May, then a tail as long again
    # as 9-31 May (32,870 - 22,306), by the deadline; the target was passed on 8 May.
    assert gauge["value"] == 32_870 + (32_870 - 22_306)
    assert response[ids.PROVINCE_PANEL]["hidden"] is True
    pace = response[ids.CUMULATIVE]["figure"]["data"]
    actual = next(trace for trace in pace if trace["name"] == "Lũy kế thực tế")
    assert actual["y"][-1] == gauge["value"]


def test_click_on_a_province_puts_it_in_the_url_and_draws_its_districts(app):
    click = {"points": [{"location": "01", "curveNumber": 0, "pointNumber": 0}]}
    response = sync(app, "", f"{ids.MAP}.clickData", **{f"{ids.MAP}.clickData": click})
    assert response[ids.OVERVIEW_URL]["search"] == "?province=01"
    assert response[ids.PROVINCE]["value"] == "01"
    assert len(response[ids.DISTRICT]["options"]) == 30  # Hà Nội's 30 districts of 2022
    drawn = draw(app, f"{ids.MAP}.figure", "?province=01")
    district_trace = next(t for t in drawn[ids.MAP]["figure"]["data"] if t["name"] == "values")
    assert district_trace["geojson"].split("?")[0].endswith("/geo/districts_2022/01.geojson")
    assert len(district_trace["locations"]) == 30
    assert drawn[ids.VIEW_TITLE]["children"] == "Thành phố Hà Nội"
    progress = draw(app, f"{ids.NATIONAL_GAUGE}.figure", "?province=01")
    assert progress[ids.PROVINCE_PANEL]["hidden"] is False


def test_back_steps_up_from_district_to_province_to_nation(app):
    back = f"{ids.BACK}.n_clicks"
    response = sync(app, "?province=79&district=760&lang=en", back, **{back: 1})
    assert response[ids.OVERVIEW_URL]["search"] == "?lang=en&province=79"
    response = sync(app, "?province=79&lang=en", back, **{back: 1})
    assert response[ids.OVERVIEW_URL]["search"] == "?lang=en"
    response = sync(app, "?region=TN&province=68", back, **{back: 1})
    assert response[ids.OVERVIEW_URL]["search"] == "?region=TN"
    response = sync(app, "?region=TN", back, **{back: 1})
    assert response[ids.OVERVIEW_URL]["search"] == ""


def test_a_click_is_checked_like_a_link(app):
    clicked = f"{ids.MAP}.clickData"
    click = {"points": [{"location": "760"}]}  # Quận 1 of Hồ Chí Minh City, not of Hà Nội
    response = sync(app, "?province=01", clicked, **{clicked: click})
    assert ids.OVERVIEW_URL not in response  # nothing changed
    assert response[ids.DISTRICT]["value"] is None


def test_metric_and_region_filters_change_the_url(app):
    metric = f"{ids.METRIC}.value"
    response = sync(app, "?lang=en", metric, **{metric: "per_10k"})
    assert response[ids.OVERVIEW_URL]["search"] == "?lang=en&metric=per_10k"
    region = f"{ids.REGION}.value"
    response = sync(app, "?province=01", region, **{region: "TN"})
    assert response[ids.OVERVIEW_URL]["search"] == "?region=TN"
    assert len(response[ids.PROVINCE]["options"]) == 5  # the Central Highlands' provinces
    drawn = draw(app, f"{ids.MAP}.figure", "?region=TN")
    assert sorted(_map_codes(drawn)) == ["62", "64", "66", "67", "68"]


def test_a_url_sets_the_controls_without_changing_itself(app):
    search = "?metric=target_share&from=2022-06-01&channels=online,post_office"
    response = sync(app, search, f"{ids.OVERVIEW_URL}.search")
    assert ids.OVERVIEW_URL not in response  # the URL already says this
    assert response[ids.METRIC]["value"] == "target_share"
    assert response[ids.DATES]["start_date"] == "2022-06-01"
    assert response[ids.CHANNELS]["value"] == ["post_office", "online"]


def test_date_and_channel_filters_change_the_figures(app):
    whole = draw(app, f"{ids.NATIONAL_GAUGE}.figure", "")[ids.NATIONAL_GAUGE]
    june = draw(app, f"{ids.NATIONAL_GAUGE}.figure", "?from=2022-06-01&to=2022-06-30")
    online = draw(app, f"{ids.NATIONAL_GAUGE}.figure", "?channels=online")
    total = whole["figure"]["data"][0]["value"]
    assert 0 < june[ids.NATIONAL_GAUGE]["figure"]["data"][0]["value"] < total / 3
    assert 0 < online[ids.NATIONAL_GAUGE]["figure"]["data"][0]["value"] < total


def test_2025_geography_draws_34_provinces(app):
    drawn = draw(app, f"{ids.MAP}.figure", "?geo=2025&lang=en")
    assert len(_map_codes(drawn)) == 34
    assert drawn[ids.VIEW_TITLE]["children"].startswith("Whole country")


def test_ranking_lists_63_provinces_best_first(app):
    rows = draw(app, f"{ids.RANKING}.rowData", "?lang=en")[ids.RANKING]["rowData"]
    assert [row["rank"] for row in rows] == list(range(1, 64))
    shares = [row["target_share"] for row in rows]
    assert shares == sorted(shares, reverse=True)
    assert {row["region"] for row in rows} >= {"Red River Delta", "Mekong River Delta"}


def click_row(app, search: str, code: str) -> str | None:
    """The URL after a click on the ranking's row of ``code`` (None: unchanged)."""
    cell = {"rowId": code, "colId": "name", "rowIndex": 0, "value": "?"}
    changed = answer(
        app,
        f"{ids.OVERVIEW_URL}.search",
        {f"{ids.RANKING}.cellClicked": cell},
        changed=f"{ids.RANKING}.cellClicked",
        state={f"{ids.OVERVIEW_URL}.search": search},
    )
    return changed[ids.OVERVIEW_URL]["search"] if changed else None


def test_a_ranking_row_selects_its_area_at_the_level_shown(app):
    assert click_row(app, "?lang=en", "79") == "?lang=en&province=79"
    assert click_row(app, "?region=DNB", "79") == "?region=DNB&province=79"
    # In an open province the rows are its districts; a second click clears the district.
    assert click_row(app, "?province=79", "760") == "?province=79&district=760"
    assert click_row(app, "?province=79&district=760", "760") == "?province=79"
    assert click_row(app, "?geo=2025", "79") == "?geo=2025&province=79"
    # A code the level does not hold changes nothing.
    assert click_row(app, "?province=79", "001") is None
    rows = draw(app, f"{ids.RANKING}.rowData", "?province=01")[ids.RANKING]
    assert len(rows["rowData"]) == 30 and rows["columnDefs"][1]["headerName"] == "Quận/Huyện"


def test_the_map_tooltip_gives_target_share_rank_and_pace_needed(app):
    ctx = app.server.config["DIEMTUA_CONTEXT"]
    # The sample passes the target on the launch day in every province, as the campaign did;
    # counting the post offices' launch day alone (13,299 against 10,000) leaves some behind.
    view = ViewState(lang="en", end=dt.date(2022, 5, 8), channels=("post_office",))
    values = _values_trace(
        draw(app, f"{ids.MAP}.figure", "?lang=en&to=2022-05-08&channels=post_office")
    )
    by_code = {
        code: row for code, row in zip(values["locations"], values["customdata"], strict=True)
    }
    ranking = ctx.service.ranking(ctx.filters(view))
    first, last = ranking.iloc[0], ranking.iloc[-1]
    assert (
        first["target_share"] > 1 and "Rank 1 of 63<br>Target reached" in by_code[first["code"]][2]
    )
    hover = by_code[last["code"]][2]
    target = int(last["target"])
    missing = target - int(last["new_enrollments"])
    # 237 days after 8 May to 31 December: 23 + 30 + 31 + 31 + 30 + 31 + 30 + 31.
    assert ctx.service.days_to_deadline(ctx.filters(view)) == 237
    assert f"Target: {target:,}" in hover and f"Rank {last['rank']} of 63" in hover
    assert f"{last['target_share']:.0%}" in hover and missing > 0
    per_day = missing / 237
    expected = f"{per_day:,.1f}" if per_day < 10 else f"{per_day:,.0f}"
    assert f"Needs {expected} a day to reach the target by 31 Dec 2022" in hover
    assert "%{customdata[2]}" in values["hovertemplate"]


def _values_trace(answered):
    return next(t for t in answered[ids.MAP]["figure"]["data"] if t["name"] == "values")


def _layout_ids(component) -> set[str]:
    found = set()
    if getattr(component, "id", None) is not None:
        found.add(component.id)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found |= _layout_ids(child)
    return found


def test_each_callback_listens_within_one_part_of_the_page(app):
    """Inputs all in the shell or all in one screen: never partly absent (the renderer errors)."""
    from dashboard.views import overview_draw, shell

    ctx = app.server.config["DIEMTUA_CONTEXT"]
    state = ViewState(lang=ctx.default_lang)
    parts = {"shell": _layout_ids(shell.create_shell(ctx.default_lang, ["/"]))}
    for path, screen in shell.SCREENS.items():
        parts[path] = _layout_ids(screen.create_layout(state, ctx))
    # The ranking grid joins the map screen a moment after the first view.
    parts["/"] |= _layout_ids(overview_draw.ranking_grid(state))
    for callback in app.callback_map.values():
        names = {dependency["id"] for dependency in [*callback["inputs"], *callback["state"]]}
        declared = callback["output"]
        outputs = {o.component_id for o in (declared if isinstance(declared, list) else [declared])}
        homes = [part for part, known in parts.items() if names | outputs <= known]
        assert len(homes) == 1, (names, outputs)


def test_an_import_reaches_open_dashboards_without_a_reload(tmp_path):
    from dashboard.data.importers import import_file

    live = create_app(
        Settings.load(
            environ={}, database_url=f"sqlite:///{tmp_path / 'l.db'}", sample_scale=SMALL_SAMPLE
        )
    )
    engine = live.server.config["DIEMTUA_CONTEXT"].service.engine
    shown = live.server.config["DIEMTUA_CONTEXT"].service.data_version()
    tick = f"{ids.REFRESH}.n_intervals"
    state = {f"{ids.DATA_VERSION}.data": shown}
    assert answer(live, f"{ids.DATA_VERSION}.data", {tick: 1}, changed=tick, state=state) == {}
    before = draw(live, f"{ids.NATIONAL_GAUGE}.figure", "")[ids.NATIONAL_GAUGE]

    examples = Path(__file__).resolve().parents[2] / "examples"
    result = import_file(engine, "enrollments", examples / "enrollments.csv", imported_by="t")
    assert result.status == "imported"
    # The worker reads the new data in the background; the store changes once it is read,
    # and every figure redraws.
    deadline = time.monotonic() + 30
    changed: dict = {}
    while not changed and time.monotonic() < deadline:
        time.sleep(0.1)
        changed = answer(live, f"{ids.DATA_VERSION}.data", {tick: 2}, changed=tick, state=state)
    assert changed[ids.DATA_VERSION]["data"] != shown
    new_version = changed[ids.DATA_VERSION]["data"]
    after = draw(live, f"{ids.NATIONAL_GAUGE}.figure", "", new_version)[ids.NATIONAL_GAUGE]
    # The sample is set aside by the first real file: the gauge counts that file's rows only.
    vsi_sample = round(32_870 * SMALL_SAMPLE) + round((32_870 - 22_306) * SMALL_SAMPLE)
    assert before["figure"]["data"][0]["value"] == vsi_sample
    assert after["figure"]["data"][0]["value"] == result.added_count == 5


def test_a_drawn_layout_is_built_once_per_view_and_data_version(tmp_path):
    from dashboard.data.importers import import_file

    live = create_app(
        Settings.load(
            environ={}, database_url=f"sqlite:///{tmp_path / 'k.db'}", sample_scale=SMALL_SAMPLE
        )
    )
    client = live.server.test_client()
    counts = live.server.extensions["diemtua_layout_counts"]
    first = served_layout(client, "http://localhost/?province=79")
    again = served_layout(client, "http://localhost/?province=79")
    assert again == first
    assert (counts["built"], counts["served"]) == (1, 1)
    served_layout(client, "http://localhost/?province=01")
    assert counts["built"] == 2  # another view: drawn for it

    engine = live.server.config["DIEMTUA_CONTEXT"].service.engine
    examples = Path(__file__).resolve().parents[2] / "examples"
    import_file(engine, "enrollments", examples / "enrollments.csv", imported_by="t")
    time.sleep(1.1)  # the data version is read again at most once a second
    deadline = time.monotonic() + 30
    after = served_layout(client, "http://localhost/?province=79")
    while counts["built"] == 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the layout of before, until the new data is read in the background
        after = served_layout(client, "http://localhost/?province=79")
    assert counts["built"] == 3
    assert (
        find(after, ids.DATA_VERSION)["props"]["data"]
        != find(first, ids.DATA_VERSION)["props"]["data"]
    )


def test_a_selected_district_shows_its_own_figures(app):
    search = "?province=79&district=760"
    gauges = draw(app, f"{ids.NATIONAL_GAUGE}.figure", search)
    area = gauges[ids.PROVINCE_GAUGE]["figure"]["data"][0]
    figures = draw(app, f"{ids.MAP}.figure", search)
    district = next(
        trace for trace in figures[ids.MAP]["figure"]["data"] if trace["name"] == "values"
    )
    assert figures[ids.VIEW_TITLE]["children"] == "Quận 1"
    shown = dict(
        zip(district["locations"], (row[1] for row in district["customdata"]), strict=True)
    )
    # The gauge counts Quận 1, as its map hover does, not all of Hồ Chí Minh City.
    assert str(area["value"]) == shown["760"].replace(".", "")
    assert area["value"] < 100


def test_freshness_names_the_last_import_of_the_view_and_of_each_province(tmp_path):
    from dashboard.data.importers import import_file
    from dashboard.data.importers.load import undo_import
    from dashboard.i18n import format_moment

    fresh = create_app(Settings.load(environ={}, database_url=f"sqlite:///{tmp_path / 'f.db'}"))
    ctx = fresh.server.config["DIEMTUA_CONTEXT"]
    sample_at = ctx.service.status().last_import_at
    assert sample_at is not None and len(ctx.service.last_imports()) == 63
    examples = Path(__file__).resolve().parents[2] / "examples"
    before = ctx.service.data_version()
    result = import_file(
        ctx.service.engine, "enrollments", examples / "enrollments.csv", imported_by="t"
    )
    at = ctx.service.status().last_import_at
    _wait_for_new_version(ctx.service, before)
    assert at > sample_at
    # The file's provinces were loaded just now; the sample, set aside, no longer counts.
    loaded = ctx.service.last_imports()
    assert loaded["01"] == loaded["79"] == at and "02" not in loaded
    # Hà Tĩnh (42) became part of Hà Tĩnh in 2025 too; Hà Giang (02) of Tuyên Quang (08).
    merged = ctx.service.last_imports("2025")
    assert merged["42"] == at and "08" not in merged

    def shown(search: str) -> str:
        answered = draw(fresh, f"{ids.MAP}.figure", search, ctx.service.data_version())
        return str(answered[ids.FRESHNESS]["children"])

    assert shown("?lang=en") == f"Figures updated {format_moment(at, 'en')}"
    assert shown("?province=79") == f"Lần nhập gần nhất của Hồ Chí Minh: {format_moment(at, 'vi')}"
    assert shown("?province=02&lang=en") == "Hà Giang: nothing loaded yet"
    rows = draw(fresh, f"{ids.RANKING}.rowData", "", ctx.service.data_version())[ids.RANKING]
    by_code = {row["code"]: row for row in rows["rowData"]}
    # The grid holds the moment in Vietnam time as ISO text (the CSV too); the page formats it.
    vietnam = dt.timezone(dt.timedelta(hours=7))
    assert by_code["01"]["last_import"] == at.astimezone(vietnam).strftime("%Y-%m-%dT%H:%M")
    assert by_code["02"]["last_import"] is None
    assert result.import_id is not None
    before = ctx.service.data_version()
    undo_import(ctx.service.engine, result.import_id)
    _wait_for_new_version(ctx.service, before)
    assert "01" not in ctx.service.last_imports()


def _wait_for_new_version(service, before: str) -> None:
    """The app reads the data version in the background: an import shows within a second."""
    deadline = time.monotonic() + 10
    while service.data_version() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.data_version() != before


def test_the_maps_classes_also_come_as_a_strip_for_phones(app):
    answered = draw(app, f"{ids.MAP}.figure", "?lang=en")
    bar = _values_trace(answered)["colorbar"]
    strip = answered[ids.MAP_LEGEND]["children"]
    assert strip[0]["props"]["children"] == bar["title"]["text"] == "people"
    labels = [item["props"]["children"][1] for item in strip[1:]]
    assert labels == bar["ticktext"] and len(labels) >= 3


def test_the_print_view_lists_every_district_of_the_province(app, client):
    answered = draw(app, f"{ids.MAP}.figure", "?province=79&present=1")
    assert answered[ids.PRINT_LINK]["href"] == "?print=1&province=79"  # not presenter mode
    layout = served_layout(client, "http://localhost/?province=79&print=1")
    assert find(layout, ids.PAGE)["props"]["className"] == "app print"
    table = json.dumps(layout, ensure_ascii=False)
    assert table.count('"type": "Tr"') == 22 + 1  # the heading and Hồ Chí Minh City's districts
    assert "Quận 1" in table
