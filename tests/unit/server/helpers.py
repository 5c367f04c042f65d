"""A small Dash app with the serving layer installed, independent of the dashboard's screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash import Dash, Input, Output, dcc, html
from sqlalchemy.engine import Engine

from dashboard.config import Settings
from dashboard.data.db import make_engine
from dashboard.server.accounts import add_user
from dashboard.server.install import dash_prefix_arguments, install_server


def make_app(tmp_path: Path, **overrides: Any) -> tuple[Dash, Engine]:
    """A one-callback app on a fresh SQLite file, with ``overrides`` applied to the settings."""
    overrides.setdefault("database_url", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    overrides.setdefault("secure_cookies", False)
    settings = Settings.load(environ={}, **overrides)
    engine = make_engine(settings.database_url)
    app = Dash(
        __name__,
        assets_folder=settings.assets_folder,
        serve_locally=True,
        **dash_prefix_arguments(settings.url_prefix),
    )
    app.layout = html.Div([dcc.Input(id="name", value="x"), html.Div(id="echo")])

    @app.callback(Output("echo", "children"), Input("name", "value"))
    def echo(value: str) -> str:
        return f"echo {value}" * 200  # long enough to be compressed

    install_server(app, engine, settings)
    return app, engine


def add_accounts(engine: Engine) -> None:
    """hoa edits Hồ Chí Minh City (79), lan edits Hà Nội (01), an admin and a viewer."""
    add_user(engine, "hoa", "editor", "mật khẩu của hoa", "79")
    add_user(engine, "lan", "editor", "mật khẩu của lan", "01")
    add_user(engine, "quantri", "admin", "mật khẩu quản trị")
    add_user(engine, "xem", "viewer", "mật khẩu người xem")


ECHO_BODY = {
    "output": "echo.children",
    "outputs": {"id": "echo", "property": "children"},
    "inputs": [{"id": "name", "property": "value", "value": "y"}],
    "changedPropIds": ["name.value"],
}


def sign_in(client: Any, name: str, password: str, **form: str) -> Any:
    """Open the form (for its token), then post it; returns the POST's response."""
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    return client.post(
        "/login",
        data={"csrf_token": token, "name": name, "password": password, **form},
        headers={"Origin": "http://localhost"},
    )


def fetch(client: Any, path: str, **kwargs: Any) -> Any:
    """GET ``path`` and close the response (file responses hold an open file)."""
    with client.get(path, **kwargs) as response:
        response.get_data()
        return response
