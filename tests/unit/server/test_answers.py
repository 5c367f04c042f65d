"""Callback answers shared between viewers, per data version; never for signed-in sessions."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from dash import Dash, Input, Output, State, dcc, html

from dashboard.config import Settings
from dashboard.data.db import create_schema, make_engine
from dashboard.data.schema import imports
from dashboard.server import install_server
from dashboard.server.answers import reads_only_url_and_version
from tests.unit.server.helpers import add_accounts, sign_in


@pytest.fixture
def counted(tmp_path):
    """An app whose URL callback counts its runs, and whose button callback is never cached."""
    settings = Settings.load(
        environ={}, database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", secure_cookies=False
    )
    engine = make_engine(settings.database_url)
    create_schema(engine)
    app = Dash(__name__, assets_folder=settings.assets_folder)
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            dcc.Store(id="data-version"),
            html.Button(id="go"),
            html.Div(id="view"),
            html.Div(id="clicks"),
        ]
    )
    runs = {"view": 0, "clicks": 0}

    @app.callback(
        Output("view", "children"),
        Input("url", "search"),
        Input("data-version", "data"),
        State("view", "children"),
    )
    def view(search, _version, _shown):
        runs["view"] += 1
        return f"view {search} #{runs['view']}"

    @app.callback(Output("clicks", "children"), Input("go", "n_clicks"))
    def clicks(n):
        runs["clicks"] += 1
        return f"clicked #{runs['clicks']}"

    install_server(app, SimpleNamespace(settings=settings, engine=engine))
    add_accounts(engine)
    yield app, engine, runs
    engine.dispose()


def view_body(search):
    return {
        "output": "view.children",
        "outputs": {"id": "view", "property": "children"},
        "inputs": [
            {"id": "url", "property": "search", "value": search},
            {"id": "data-version", "property": "data", "value": None},
        ],
        "state": [{"id": "view", "property": "children", "value": None}],
        "changedPropIds": ["url.search"],
    }


def ask(client, body, **headers):
    response = client.post("/_dash-update-component", json=body, headers=headers)
    assert response.status_code == 200
    return response.get_json()["response"]


def test_the_same_view_is_computed_once_per_data_version(counted):
    app, engine, runs = counted
    first, second = app.server.test_client(), app.server.test_client()
    assert ask(first, view_body("?province=79"))["view"]["children"] == "view ?province=79 #1"
    assert ask(second, view_body("?province=79"))["view"]["children"] == "view ?province=79 #1"
    assert ask(second, view_body("?province=01"))["view"]["children"] == "view ?province=01 #2"
    with engine.begin() as con:  # an import: a new data version
        con.execute(
            imports.insert().values(
                kind="targets",
                file_name="t.csv",
                content_hash="0" * 64,
                imported_by="t",
                imported_at=dt.datetime.now(dt.UTC),
                row_count=0,
                added_count=0,
                skipped_count=0,
                is_sample=False,
            )
        )
    assert ask(first, view_body("?province=79"))["view"]["children"] == "view ?province=79 #3"
    assert runs["view"] == 3


def test_clicks_and_signed_in_sessions_are_never_served_from_the_cache(counted):
    app, _, runs = counted
    client = app.server.test_client()
    body = {
        "output": "clicks.children",
        "outputs": {"id": "clicks", "property": "children"},
        "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["go.n_clicks"],
    }
    ask(client, body)
    ask(client, body)
    assert runs["clicks"] == 2
    ask(client, view_body(""))
    sign_in(client, "hoa", "mật khẩu của hoa")
    token = client.get_cookie("_csrf_token").value
    same_origin = {"Origin": "http://localhost", "X-CSRFToken": token}
    ask(client, view_body(""), **same_origin)
    assert runs["view"] == 2


def test_which_callbacks_qualify():
    url = {"id": "url", "property": "search"}
    version = {"id": "data-version", "property": "data"}
    click = {"id": "go", "property": "n_clicks"}
    assert reads_only_url_and_version({"inputs": [url, version]})
    assert not reads_only_url_and_version({"inputs": [url, click]})
    assert not reads_only_url_and_version({"inputs": []})
