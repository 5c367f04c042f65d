"""The page shell: the URL, the header and footer, and the container each screen renders into.

The router routes on the path only: a screen is rendered when the path changes, never when the
query string does, so a filter change keeps the map's zoom and every control's state. The
language and presenter mode are in the query string too, but they are switched by a full page
load (the language links reload), which renders the page afresh. Each screen carries its own
``dcc.Location`` and reacts to the query string through it, so none of its callbacks ever
names a component outside the screen (the renderer rejects a callback whose inputs are only
partly on the page). All Location components follow one browser URL.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from dashboard import ids
from dashboard.components.header import create_header_bar, footer_texts, header_brand, header_tools
from dashboard.context import AppContext
from dashboard.i18n import t
from dashboard.views import events, overview, routes, upload

# Path -> the screen's module: create_layout(state, ctx) and register_callbacks(app, ctx).
SCREENS: dict[str, ModuleType] = {
    "/": overview,
    "/routes": routes,
    "/events": events,
    "/import": upload,
}
# Screens listed in the header: path, label's catalogue key, the link's component id.
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("/", "screen_overview", "nav-overview"),
    ("/routes", "screen_routes", "nav-routes"),
    ("/events", "screen_events", "nav-events"),
    ("/import", "screen_import", "nav-import"),
)


def create_shell(default_lang: str, nav_paths: list[str]) -> html.Div:
    """The static layout Dash serves; texts and the screen are rendered into it from the URL.

    ``nav_paths`` are the screens' paths as the browser sees them (with any URL prefix).
    """
    return html.Div(
        id=ids.PAGE,
        className="app",
        children=[
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.DEFAULT_LANG, data=default_lang),
            dcc.Store(id=ids.NAV_PATHS, data=nav_paths),
            create_header_bar([nav_id for _, _, nav_id in NAVIGATION]),
            html.Div(id=ids.SCREEN, className="screen"),
            html.Footer(id=ids.FOOTER, className="app-footer"),
        ],
    )


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    """Wire the page rendering, the language links, then each screen's callbacks."""

    @app.callback(
        Output(ids.SCREEN, "children"),
        Output(ids.HEADER_BRAND, "children"),
        Output(ids.HEADER_TOOLS, "children"),
        Output(ids.FOOTER, "children"),
        Output(ids.PAGE, "lang"),
        Output(ids.PAGE, "className"),
        *(Output(nav_id, "children") for _, _, nav_id in NAVIGATION),
        Input(ids.URL, "pathname"),
        State(ids.URL, "search"),
    )
    def show_page(pathname: str | None, search: str | None) -> Any:
        path = app.strip_relative_path(pathname or "/") or ""
        screen = SCREENS.get("/" + path, overview)
        state = ctx.read_view(search)
        lang = state.lang
        sample_only = ctx.service.status().sample_only
        return (
            screen.create_layout(state, ctx),
            header_brand(lang),
            header_tools(lang=lang, sample_only=sample_only),
            footer_texts(lang=lang, sample_only=sample_only, manifest=ctx.manifest),
            lang,
            "app present" if state.present else "app",
            *(t(label, lang) for _, label, _ in NAVIGATION),
        )

    # The screen links carry the whole current view (language, filters) to the other screen.
    app.clientside_callback(
        ClientsideFunction(namespace="diemtua", function_name="screenLinks"),
        *(Output(nav_id, "href") for _, _, nav_id in NAVIGATION),
        *(Output(nav_id, "className") for _, _, nav_id in NAVIGATION),
        Input(ids.URL, "search"),
        Input(ids.URL, "pathname"),
        State(ids.NAV_PATHS, "data"),
    )

    # The language links keep the whole current view; computed in the browser on every change.
    app.clientside_callback(
        ClientsideFunction(namespace="diemtua", function_name="languageLinks"),
        Output(ids.LANG_VI, "href"),
        Output(ids.LANG_EN, "href"),
        Output(ids.LANG_VI, "className"),
        Output(ids.LANG_EN, "className"),
        Input(ids.URL, "search"),
        State(ids.URL, "pathname"),
        State(ids.DEFAULT_LANG, "data"),
    )

    for screen in SCREENS.values():
        screen.register_callbacks(app, ctx)
