"""Callback answers shared between viewers, per data version; never for signed-in sessions."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import parse_qsl

import pytest
import redis
from dash import Dash, Input, Output, State, dcc, html

from dashboard.config import Settings
from dashboard.data.db import create_schema, data_version, make_engine
from dashboard.data.schema import imports
from dashboard.server.answers import answer_key, reads_only_url_and_version, writes_any
from dashboard.server.cache import RedisCache
from dashboard.server.install import install_server
from dashboard.server.versions import VersionClock
from tests.unit.server.helpers import add_accounts, sign_in


def bare_app(tmp_path):
    """Settings on a fresh SQLite file, its engine and an app without layout or callbacks."""
    settings = Settings.load(
        environ={}, database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", secure_cookies=False
    )
    engine = make_engine(settings.database_url)
    create_schema(engine)
    return settings, engine, Dash(__name__, assets_folder=settings.assets_folder)


@pytest.fixture
def counted(tmp_path):
    """An app whose URL callback counts its runs, and whose button callback is never cached."""
    settings, engine, app = bare_app(tmp_path)
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

    install_server(app, engine, settings)
    add_accounts(engine)
    yield app, engine, runs
    engine.dispose()


def view_body(search, version=None):
    return {
        "output": "view.children",
        "outputs": {"id": "view", "property": "children"},
        "inputs": [
            {"id": "url", "property": "search", "value": search},
            {"id": "data-version", "property": "data", "value": version},
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
    # A page whose refresh saw the import asks with the new version: answered afresh at once.
    with engine.connect() as con:
        version = data_version(con)
    fresh = ask(first, view_body("?province=79", version))
    assert fresh["view"]["children"] == "view ?province=79 #3"
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
    # A one-shot timer that only delays a part of the view is as shared as the view.
    later = {"id": "ranking-later", "property": "n_intervals"}
    timer = {"id": "refresh", "property": "n_intervals"}
    assert reads_only_url_and_version({"inputs": [later]})
    assert not reads_only_url_and_version({"inputs": [timer]})
    assert not reads_only_url_and_version({"inputs": []})


def _known_only(search):
    """A stand-in for the app's view state: only ``province`` matters, digits only."""
    params = dict(parse_qsl((search or "").lstrip("?")))
    province = params.get("province", "")
    return f"?province={province}" if province.isdigit() else ""


def test_requests_that_differ_in_bytes_but_not_in_view_share_one_entry(tmp_path, redis_url):
    """Finding 10: every request differing in any byte stored a new Redis entry for 6 h."""
    settings = Settings.load(
        environ={},
        database_url=f"sqlite:///{tmp_path / 'b.sqlite3'}",
        redis_url=redis_url,
        secure_cookies=False,
    )
    engine = make_engine(settings.database_url)
    create_schema(engine)
    app = Dash(__name__, assets_folder=settings.assets_folder)
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="view")])

    @app.callback(Output("view", "children"), Input("url", "search"))
    def view(search):
        return f"view {_known_only(search)}"

    namespace = f"diemtua-test-answers-{time.time_ns()}"
    cache = RedisCache(redis_url, namespace=namespace, signing_key=b"k" * 32, shared_entries=5)
    install_server(app, engine, settings, cache=cache, canonical_search=_known_only)
    client = app.server.test_client()
    body = {
        "output": "view.children",
        "outputs": {"id": "view", "property": "children"},
        "inputs": [{"id": "url", "property": "search", "value": None}],
        "changedPropIds": ["url.search"],
    }
    for n in range(40):  # junk parameters and values: one view
        body["inputs"][0]["value"] = f"?province=79&junk={n}&utm={'x' * n}"
        assert ask(client, body)["view"]["children"] == "view ?province=79"
    shared = redis.Redis.from_url(redis_url)
    answers = [k for k in shared.keys(f"{namespace}:answer:*")]
    assert len(answers) == 1
    for n in range(40):  # forty real views: the store keeps its bound
        body["inputs"][0]["value"] = f"?province={n}"
        assert ask(client, body)["view"]["children"] == f"view ?province={n}"
    assert len(shared.keys(f"{namespace}:answer:*")) <= 5
    assert shared.zcard(f"{namespace}:index") <= 5
    shared.delete(*shared.keys(f"{namespace}:*"))
    shared.close()
    engine.dispose()


def test_the_answer_key_ignores_the_data_version_sent_and_normalises_the_search():
    body = view_body("?province=79&junk=1")
    same = view_body("?junk=2&province=79")
    same["inputs"][1]["value"] = "old version"
    assert answer_key(body, _known_only) == answer_key(same, _known_only)
    assert answer_key(body, _known_only) != answer_key(view_body("?province=01"), _known_only)


def test_the_data_version_is_read_at_most_once_a_second_unless_a_page_knows_a_newer_one(
    tmp_path,
):
    engine = make_engine(f"sqlite:///{tmp_path / 'v.sqlite3'}")
    create_schema(engine)
    clock = VersionClock(engine, ttl=60)
    first = clock()
    assert [clock(), clock(first), clock(None)] == [first, first, first]
    assert clock.reads == 1  # kept answers cost no query
    assert clock("a version this worker has not seen") == first
    assert clock.reads == 2  # read again at once
    quick = VersionClock(engine, ttl=0.05)
    quick()
    time.sleep(0.06)
    quick()
    assert quick.reads == 2
    engine.dispose()


def test_a_callback_declared_pure_is_shared_under_its_inputs_and_trigger(tmp_path):
    settings, engine, app = bare_app(tmp_path)
    app.layout = html.Div([dcc.Location(id="url"), dcc.Input(id="pick"), html.Div(id="shown")])
    runs = {"sync": 0}

    @app.callback(
        Output("url", "search"),
        Output("shown", "children"),
        Input("url", "search"),
        Input("pick", "value"),
    )
    def sync(search, pick):
        runs["sync"] += 1
        return f"?pick={pick}", f"{search} {pick}"

    install_server(app, engine, settings, pure_callback=writes_any([("url", "search")]))
    client = app.server.test_client()

    def body(search, pick, changed):
        return {
            "output": "..url.search...shown.children..",
            "outputs": [
                {"id": "url", "property": "search"},
                {"id": "shown", "property": "children"},
            ],
            "inputs": [
                {"id": "url", "property": "search", "value": search},
                {"id": "pick", "property": "value", "value": pick},
            ],
            "changedPropIds": [changed],
        }

    first = ask(client, body("?a=1", "x", "url.search"))
    assert ask(client, body("?a=1", "x", "url.search")) == first
    assert runs["sync"] == 1
    ask(client, body("?a=1", "x", "pick.value"))  # another trigger
    ask(client, body("?a=1", "y", "url.search"))  # another input value
    assert runs["sync"] == 3
    assert not writes_any([("url", "hash")])(app.callback_map["..url.search...shown.children.."])
    engine.dispose()
