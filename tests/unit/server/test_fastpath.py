"""The fast path sends again the answers Flask made, byte for byte, to anonymous viewers only."""

from __future__ import annotations

import pytest
from dash import Dash, Input, Output, dcc, html

from dashboard.config import Settings
from dashboard.data.db import create_schema, make_engine
from dashboard.server.fastpath import EXTENSION
from dashboard.server.install import install_server
from dashboard.server.layouts import install_layout_cache
from dashboard.server.versions import VersionClock

GZIP = {"Accept-Encoding": "gzip, deflate"}
ORIGIN = {"Origin": "http://localhost"}


def make_app(tmp_path, **overrides):
    """An app with a URL callback (shared answers), a drawn layout and an assets folder."""
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "app.css").write_text("body { margin: 0; }\n" * 200)
    (assets / "tiny.json").write_text("{}")
    settings = Settings.load(
        environ={},
        database_url=f"sqlite:///{tmp_path / 'f.sqlite3'}",
        secure_cookies=False,
        assets_folder=str(assets),
        **overrides,
    )
    engine = make_engine(settings.database_url)
    create_schema(engine)
    app = Dash(__name__, assets_folder=str(assets), serve_locally=True)
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="view")])
    runs = {"view": 0}

    @app.callback(Output("view", "children"), Input("url", "search"))
    def view(search):
        runs["view"] += 1
        return f"view {search} " * 200

    install_server(app, engine, settings)
    install_layout_cache(app, lambda request: request.referrer or "", VersionClock(engine, ttl=60))
    return app, engine, runs


@pytest.fixture
def served(tmp_path):
    app, engine, runs = make_app(tmp_path)
    yield app, runs
    engine.dispose()


def view_body(search):
    return {
        "output": "view.children",
        "outputs": {"id": "view", "property": "children"},
        "inputs": [{"id": "url", "property": "search", "value": search}],
        "changedPropIds": ["url.search"],
    }


def twice(app, send):
    """Flask's answer (it makes it), then the fast path's; asserts the second was fast."""
    fast = app.server.extensions[EXTENSION]
    client = app.server.test_client()
    first = send(client)
    first.get_data()
    sent = fast.sent
    second = send(client)
    second.get_data()
    assert fast.sent == sent + 1
    return first, second


def assert_same(first, second):
    assert second.status_code == first.status_code
    assert second.get_data() == first.get_data()
    assert dict(second.headers) == dict(first.headers)


@pytest.mark.parametrize(
    "headers",
    [GZIP, {}, {"Accept-Encoding": "gzip;q=0"}],
    ids=["gzip", "plain", "gzip refused"],
)
def test_a_shared_callback_answer_is_sent_as_flask_sent_it(served, headers):
    app, runs = served
    first, second = twice(
        app,
        lambda c: c.post(
            "/_dash-update-component", json=view_body("?a=1"), headers={**headers, **ORIGIN}
        ),
    )
    assert_same(first, second)
    assert runs["view"] == 1
    assert ("Content-Encoding" in second.headers) == (headers == GZIP)


@pytest.mark.parametrize("path", ["/assets/app.css?m=1.5", "/assets/app.css", "/_favicon.ico"])
def test_a_static_file_is_sent_as_flask_sent_it(served, path):
    app, _ = served
    first, second = twice(app, lambda c: c.get(path, headers=GZIP))
    assert_same(first, second)
    etag = first.headers["ETag"]
    first, second = twice(app, lambda c: c.get(path, headers={**GZIP, "If-None-Match": etag}))
    assert second.status_code == 304
    assert_same(first, second)


def test_a_component_script_is_sent_as_flask_sent_it(served):
    app, _ = served
    page = app.server.test_client().get("/").get_data(as_text=True)
    src = page.split('src="/_dash-component-suites/')[1].split('"')[0]
    first, second = twice(app, lambda c: c.get(f"/_dash-component-suites/{src}", headers=GZIP))
    assert_same(first, second)
    assert "immutable" in second.headers["Cache-Control"]


def test_a_drawn_layout_and_the_callback_list_are_sent_as_flask_sent_them(served):
    app, _ = served
    referer = {"Referer": "http://localhost/?a=1"}
    assert_same(*twice(app, lambda c: c.get("/_dash-layout", headers={**GZIP, **referer})))
    assert_same(*twice(app, lambda c: c.get("/_dash-dependencies", headers=GZIP)))
    assert_same(*twice(app, lambda c: c.get("/_dash-dependencies")))


def test_what_flask_must_decide_goes_to_flask(served):
    app, runs = served
    fast = app.server.extensions[EXTENSION]
    client = app.server.test_client()
    client.get("/assets/app.css")
    client.post("/_dash-update-component", json=view_body("?b=2"), headers=ORIGIN)
    sent = fast.sent
    # A session cookie: the answer may depend on the account.
    cookie = app.server.config["SESSION_COOKIE_NAME"]
    client.set_cookie(cookie, "anything")
    assert client.get("/assets/app.css").status_code == 200
    client.delete_cookie(cookie)
    # Another site's page: Flask refuses it.
    other = {"Origin": "https://elsewhere.example"}
    response = client.post("/_dash-update-component", json=view_body("?b=2"), headers=other)
    assert response.status_code == 403
    # A file never served yet, a view never computed, a missing file.
    assert client.get("/assets/tiny.json").status_code == 200
    client.post("/_dash-update-component", json=view_body("?c=3"), headers=ORIGIN)
    assert client.get("/assets/missing.css").status_code == 404
    assert fast.sent == sent
    assert runs["view"] == 2


def test_without_anonymous_viewing_every_request_goes_to_flask(tmp_path):
    app, engine, _ = make_app(tmp_path, anonymous_viewing=False)
    fast = app.server.extensions[EXTENSION]
    client = app.server.test_client()
    for _ in range(2):
        assert client.get("/assets/app.css").status_code in (303, 401)
    assert fast.sent == 0
    engine.dispose()
