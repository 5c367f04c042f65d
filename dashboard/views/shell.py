"""The page shell: the URL, the header and footer, and the container each screen renders into.

The router routes on the path only: a screen is rendered when the path changes, never when the
query string does, so a filter change keeps the map's zoom and every control's state. The
language and presenter mode are in the query string too, but they are switched by a full page
load (the language links reload), which renders the page afresh. Each screen carries its own
``dcc.Location`` and reacts to the query string through it, so none of its callbacks ever
names a component outside the screen (the renderer rejects a callback whose inputs are only
partly on the page). All Location components follow one browser URL.

The first view arrives drawn: the layout Dash serves (``create_page``) already holds the
screen of the page that asks for it (the ``Referer`` of the layout request names it). A
screen that arrives complete (``DRAWN_SCREENS``) has its Location pinned to that URL, so its
callbacks need not run on load; the others still draw through callbacks on load.
``show_page`` still runs once on load and checks that guess against the browser's real URL
(``DRAWN_VIEW``): a request without a usable ``Referer`` (a proxy that strips it) gets the
bare shell, and a guess that was wrong is redrawn.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Final
from urllib.parse import urlsplit

import flask
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from werkzeug.wrappers import Request

from dashboard import ids
from dashboard.components.header import (
    Account,
    create_header_bar,
    footer_texts,
    header_brand,
    header_tools,
)
from dashboard.components.prefill import answers, fill, pin_locations
from dashboard.context import AppContext
from dashboard.i18n import t
from dashboard.server.auth import csrf_token, current_user
from dashboard.views import events, launch, overview, routes, upload

# Path -> the screen's module: create_layout(state, ctx) and register_callbacks(app, ctx).
SCREENS: dict[str, ModuleType] = {
    "/": overview,
    "/routes": routes,
    "/events": events,
    "/launch": launch,
    "/import": upload,
}
# Outputs of callbacks whose answers depend on their inputs and the data only: shared
# between viewers under all their inputs (dashboard.server.answers).
PURE_OUTPUTS: Final = overview.PURE_OUTPUTS
# Screens whose layout arrives drawn (their callbacks wait for a change): their Location is
# pinned to the URL. The others draw through callbacks that run when their Location mounts.
DRAWN_SCREENS: frozenset[str] = frozenset({"/"})
# Screens listed in the header: path, label's catalogue key, the link's component id. The
# launch-day screen is opened by its link (/launch?date=...), for the kickoff's presenter; a
# fifth tab would crowd the phone header.
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
            dcc.Store(id=ids.DRAWN_VIEW),
            dcc.Store(id=ids.DEFAULT_LANG, data=default_lang),
            dcc.Store(id=ids.NAV_PATHS, data=nav_paths),
            create_header_bar([nav_id for _, _, nav_id in NAVIGATION]),
            html.Div(id=ids.SCREEN, className="screen"),
            html.Footer(id=ids.FOOTER, className="app-footer"),
        ],
    )


# What show_page sets, in the order of its answer.
PAGE_OUTPUTS: Final = (
    (ids.SCREEN, "children"),
    (ids.HEADER_BRAND, "children"),
    (ids.HEADER_TOOLS, "children"),
    (ids.FOOTER, "children"),
    (ids.PAGE, "lang"),
    (ids.PAGE, "className"),
    *((nav_id, "children") for _, _, nav_id in NAVIGATION),
)


def page_answer(app: Dash, ctx: AppContext, pathname: str, search: str) -> tuple[Any, ...]:
    """The values of ``PAGE_OUTPUTS`` for the browser URL ``pathname`` + ``search``."""
    path = _screen_path(app, pathname)
    screen = SCREENS.get(path, overview)
    state = ctx.read_view(search)
    lang = state.lang
    sample_only = ctx.service.status().sample_only
    layout = screen.create_layout(state, ctx)
    if path in DRAWN_SCREENS:
        layout = pin_locations(layout, pathname, search)
    return (
        layout,
        header_brand(lang),
        header_tools(lang=lang, sample_only=sample_only, account=_account(ctx, lang)),
        footer_texts(lang=lang, sample_only=sample_only),
        lang,
        "app present" if state.present else "app print" if state.print else "app",
        *(t(label, lang) for _, label, _ in NAVIGATION),
    )


def _account(ctx: AppContext, lang: str) -> Account | None:
    """The signed-in account of this request for the header (None: anonymous)."""
    user = current_user()
    if user is None:
        return None
    return Account(
        name=user.name,
        role_label=t(f"role_{user.role}", lang),
        logout_url=ctx.settings.url_prefix.rstrip("/") + "/logout",
        csrf_token=csrf_token(),
    )


def create_page(app: Dash, ctx: AppContext) -> html.Div:
    """The layout for the page asking for it: drawn when its URL is known, else the shell."""
    nav_paths = [app.get_relative_path(path) for path, _, _ in NAVIGATION]
    shell = create_shell(ctx.default_lang, nav_paths)
    url = requested_url()
    if url is None:
        return shell
    pathname, search = url
    values = answers(PAGE_OUTPUTS, page_answer(app, ctx, pathname, search))
    values[(ids.DRAWN_VIEW, "data")] = drawn_view(app, ctx, pathname, search)
    return fill(shell, values)


def drawn_view(app: Dash, ctx: AppContext, pathname: str, search: str | None) -> list[str]:
    """What a drawn layout shows: the screen's path and the view's normal query string."""
    return [_screen_path(app, pathname), ctx.canonical_search(search)]


def layout_key(app: Dash, ctx: AppContext, request: Request) -> tuple[str, ...]:
    """What the layout served to ``request`` depends on (besides the data version)."""
    url = requested_url(request)
    if url is None:
        return ("shell",)
    pathname, search = url
    # The pinned Location carries the raw URL: part of the key for the screens that pin it.
    pinned = (pathname, search) if _screen_path(app, pathname) in DRAWN_SCREENS else ()
    return (*drawn_view(app, ctx, pathname, search), *pinned)


def requested_url(request: Request | None = None) -> tuple[str, str] | None:
    """The browser URL (path, query string) of the page whose renderer asks for the layout.

    Browsers name it in the ``Referer`` of the request (the app's ``Referrer-Policy`` is
    ``same-origin``); ``None`` outside a request or without a same-host ``Referer``.
    ``request``: Flask's current request unless given.
    """
    if request is None:
        if not flask.has_request_context():
            return None
        request = flask.request
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host:
        return None
    return parts.path or "/", f"?{parts.query}" if parts.query else ""


def _screen_path(app: Dash, pathname: str | None) -> str:
    return "/" + (app.strip_relative_path(pathname or "/") or "")


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    """Wire the page rendering, the language links, then each screen's callbacks."""

    @app.callback(
        *(Output(cid, prop) for cid, prop in PAGE_OUTPUTS),
        Output(ids.DRAWN_VIEW, "data"),
        Input(ids.URL, "pathname"),
        State(ids.URL, "search"),
        State(ids.DRAWN_VIEW, "data"),
    )
    def show_page(pathname: str | None, search: str | None, drawn: list[str] | None) -> Any:
        pathname, search = pathname or "/", search or ""
        if drawn is not None and drawn == drawn_view(app, ctx, pathname, search):
            # The layout arrived drawn for this very page: confirmed, nothing to redraw.
            return (no_update,) * len(PAGE_OUTPUTS) + (None,)
        return (*page_answer(app, ctx, pathname, search), None)

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
