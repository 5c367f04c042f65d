"""The app as a whole, in process: factory, layout, and callbacks answered over HTTP."""

from __future__ import annotations

import json

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.state import ViewState
from tests.integration.dashclient import call

MAP_OUTPUTS = [
    (ids.OVERVIEW_URL, "search"),
    (ids.METRIC, "value"),
    (ids.MAP, "figure"),
    (ids.NATIONAL_GAUGE, "figure"),
    (ids.PROVINCE_GAUGE, "figure"),
    (ids.PROVINCE_PANEL, "hidden"),
    (ids.BACK, "hidden"),
    (ids.VIEW_TITLE, "children"),
    (ids.BOUNDARY_NOTE, "children"),
    (ids.BOUNDARY_NOTE, "hidden"),
]
PAGE_OUTPUTS = [
    (ids.SCREEN, "children"),
    (ids.HEADER_BRAND, "children"),
    (ids.HEADER_TOOLS, "children"),
    (ids.FOOTER, "children"),
    (ids.PAGE, "lang"),
    (ids.PAGE_KEY, "data"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("app") / "app.sqlite3"
    return create_app(Settings.load(environ={}, database_url=f"sqlite:///{db}"))


@pytest.fixture
def client(app):
    return app.server.test_client()


def render_page(app, search: str, pathname: str = "/", rendered=None):
    return call(
        app,
        PAGE_OUTPUTS,
        [(ids.URL, "pathname", pathname), (ids.URL, "search", search)],
        state=[(ids.PAGE_KEY, "data", rendered)],
        changed=[f"{ids.URL}.search"],
    )


def sync_map(app, search: str, *, metric="new_enrollments", trigger=None, click=None):
    changed = {
        None: f"{ids.OVERVIEW_URL}.search",
        ids.METRIC: f"{ids.METRIC}.value",
        ids.MAP: f"{ids.MAP}.clickData",
        ids.BACK: f"{ids.BACK}.n_clicks",
    }[trigger]
    return call(
        app,
        MAP_OUTPUTS,
        [
            (ids.OVERVIEW_URL, "search", search),
            (ids.METRIC, "value", metric),
            (ids.MAP, "clickData", click),
            (ids.BACK, "n_clicks", 1 if trigger == ids.BACK else None),
        ],
        changed=[changed],
    )


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
    # A style without symbol layers needs no glyphs, so it fetches no fonts from anywhere.
    assert "glyphs" not in style and style["sources"] == {}


def test_page_renders_in_the_language_of_the_url(app):
    vi = render_page(app, "")
    en = render_page(app, "?lang=en")
    assert vi[ids.PAGE]["lang"] == "vi" and en[ids.PAGE]["lang"] == "en"
    vi_text = json.dumps(vi, ensure_ascii=False)
    en_text = json.dumps(en, ensure_ascii=False)
    assert "Dữ liệu mẫu" in vi_text and "Sample data" not in vi_text
    assert "Sample data" in en_text and "Dữ liệu mẫu" not in en_text


def test_page_is_not_rebuilt_when_only_the_view_changes(app):
    first = render_page(app, "?lang=en")
    key = first[ids.PAGE_KEY]["data"]
    assert render_page(app, "?lang=en&province=01", rendered=key) == {}
    assert render_page(app, "?province=01", rendered=key) != {}  # language changed


def test_national_view_draws_63_provinces_and_the_gauge(app):
    response = sync_map(app, "")
    figure = response[ids.MAP]["figure"]
    codes = [code for trace in figure["data"] for code in trace["locations"]]
    assert len(set(codes)) == 63
    assert all(isinstance(trace["geojson"], str) for trace in figure["data"])
    gauge = response[ids.NATIONAL_GAUGE]["figure"]["data"][0]
    assert gauge["gauge"]["threshold"]["value"] == 10_000
    assert 9_000 <= gauge["value"] <= 11_000
    assert response[ids.VIEW_TITLE]["children"] == "Toàn quốc"
    assert ids.OVERVIEW_URL not in response  # the URL already says this


def test_click_on_a_province_puts_it_in_the_url_and_draws_its_districts(app):
    click = {"points": [{"location": "01", "curveNumber": 0, "pointNumber": 0}]}
    response = sync_map(app, "", trigger=ids.MAP, click=click)
    assert response[ids.OVERVIEW_URL]["search"] == "?province=01"
    district_trace = response[ids.MAP]["figure"]["data"][-1]
    assert district_trace["geojson"].split("?")[0].endswith("/geo/districts_2022/01.geojson")
    assert len(district_trace["locations"]) == 30  # Hà Nội's 30 districts of 2022
    assert response[ids.VIEW_TITLE]["children"] == "Thành phố Hà Nội"
    assert response[ids.PROVINCE_PANEL]["hidden"] is False


def test_back_returns_to_the_national_view(app):
    response = sync_map(app, "?province=01&lang=en", trigger=ids.BACK)
    assert response[ids.OVERVIEW_URL]["search"] == "?lang=en"
    assert response[ids.VIEW_TITLE]["children"] == "Whole country"


def test_metric_switch_changes_values_and_url(app):
    response = sync_map(app, "?lang=en", metric="per_10k", trigger=ids.METRIC)
    assert response[ids.OVERVIEW_URL]["search"] == "?lang=en&metric=per_10k"
    values = response[ids.MAP]["figure"]["data"][-1]["z"]
    assert max(values) < 100  # per 10,000 inhabitants, not raw counts


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
    from dashboard.views import shell

    ctx = app.server.config["DIEMTUA_CONTEXT"]
    state = ViewState(lang=ctx.default_lang)
    parts = {"shell": _layout_ids(shell.create_shell(ctx.default_lang))}
    for path, screen in shell.SCREENS.items():
        parts[path] = _layout_ids(screen.create_layout(state, ctx))
    for callback in app.callback_map.values():
        names = {dependency["id"] for dependency in [*callback["inputs"], *callback["state"]]}
        outputs = {output.component_id for output in callback["output"]}
        homes = [part for part, known in parts.items() if names | outputs <= known]
        assert len(homes) == 1, (names, outputs)
