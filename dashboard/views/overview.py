"""The main screen: coverage map with drill-down, filters, progress, the pace line and the ranking.

The URL holds the view (see ``dashboard.state``). ``sync_view`` turns a user action into a new
URL and keeps the controls in step with the URL (links, back/forward); the drawing callbacks
listen to the URL alone, so each draws the same view however it was reached. Boundaries are
never sent by a callback: the figures name the static GeoJSON files by URL.

The layout arrives drawn: ``create_layout`` puts the answers of the drawing callbacks for its
view into the components, so the map starts drawing without a callback round trip, and the
callbacks run only when the URL or the data change afterwards (``prevent_initial_call``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Final

import dash
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.components import controls
from dashboard.components.graphs import sized_graph
from dashboard.components.prefill import answers, fill
from dashboard.context import AppContext
from dashboard.i18n import t
from dashboard.state import ViewState
from dashboard.views import overview_draw as figures
from dashboard.views import tour
from dashboard.views.url_sync import view_search

# The outputs of the drawing callbacks, in the order of their answers.
MAP_OUTPUTS: Final = (
    (ids.MAP, "figure"),
    (ids.MAP_LEGEND, "children"),
    (ids.MAP_HINT, "children"),
    (ids.VIEW_TITLE, "children"),
    (ids.VIEW_SUBTITLE, "children"),
    (ids.FRESHNESS, "children"),
    (ids.BACK, "hidden"),
    (ids.BOUNDARY_NOTE, "children"),
    (ids.BOUNDARY_NOTE, "hidden"),
    (ids.PRINT_LINK, "href"),
    (ids.PACE_TITLE, "children"),
)
PROGRESS_OUTPUTS: Final = (
    (ids.NATIONAL_GAUGE, "figure"),
    (ids.PROVINCE_GAUGE, "figure"),
    (ids.PROVINCE_PANEL, "hidden"),
    (ids.CUMULATIVE, "figure"),
    (ids.PRODUCT, "options"),
)
# The callback writing these (sync_view) answers from its inputs, the input that changed and
# the data alone: its answers are shared between viewers (dashboard.server.answers).
PURE_OUTPUTS: Final = ((ids.OVERVIEW_URL, "search"),)
# The ranking grid is put in after the first view: its scripts cost the browser about half a
# second, which the map would otherwise wait for.
RANKING_DELAY_MS: Final = 1000


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    """The map screen for ``state``, drawn: figures, titles, control values and ranking."""
    layout = _skeleton(state, ctx)
    return fill(
        layout,
        {
            **answers(controls.OUTPUTS, controls.values_for(state, ctx)),
            **answers(MAP_OUTPUTS, map_answer(state, ctx)),
            **answers(PROGRESS_OUTPUTS, progress_answer(state, ctx)),
            (ids.RANKING_TITLE, "children"): figures.ranking_title(state),
        },
    )


def _skeleton(state: ViewState, ctx: AppContext) -> html.Main:
    lang = state.lang
    settings = ctx.settings
    return html.Main(
        className=" ".join(
            [
                "app-main overview",
                *(["present"] if state.present else []),
                *(["print"] if state.print else []),
            ]
        ),
        children=[
            dcc.Location(id=ids.OVERVIEW_URL, refresh="callback-nav"),
            dcc.Store(id=ids.DATA_VERSION, data=ctx.service.data_version()),
            dcc.Store(id=ids.IMAGE_FILE, data=f"diemtua-map-{dt.date.today().isoformat()}.png"),
            dcc.Interval(id=ids.REFRESH, interval=settings.refresh_seconds * 1000),
            dcc.Interval(
                id=ids.TOUR, interval=settings.tour_seconds * 1000, disabled=not state.present
            ),
            dcc.Store(id=ids.TOUR_PLAN, data=_tour_plan(state, ctx) if state.present else None),
            html.Section(
                className="card map-card",
                children=[
                    html.Div(id=ids.TOUR_BAR, className="tour-bar", hidden=not state.present),
                    sized_graph(ids.MAP, box_class="map-graph", lang=lang),
                    # Phones: the classes below the map, where they cover no province.
                    html.Div(id=ids.MAP_LEGEND, className="map-legend-strip"),
                    html.Div(
                        className="map-foot",
                        children=[
                            html.P(id=ids.MAP_HINT, className="map-hint"),
                            html.Button(
                                t("download_image", lang),
                                id=ids.IMAGE_DOWNLOAD,
                                className="button-secondary",
                            ),
                        ],
                    ),
                ],
            ),
            html.Aside(
                className="side-panel",
                children=[
                    html.Div(
                        className="card",
                        children=[
                            html.H1(id=ids.VIEW_TITLE, className="view-title"),
                            html.P(id=ids.VIEW_SUBTITLE, className="view-subtitle"),
                            html.P(id=ids.FRESHNESS, className="view-freshness"),
                            controls.product_control(lang, label_key="products_summary"),
                            html.Button(
                                t("back_to_national", lang),
                                id=ids.BACK,
                                className="button-secondary",
                                hidden=True,
                            ),
                            html.P(id=ids.BOUNDARY_NOTE, className="note", hidden=True),
                        ],
                    ),
                    # The gauges before the filters: on the office laptop (1366x768) and a
                    # shared screen the progress is read without scrolling.
                    html.Div(
                        className="card gauges",
                        children=[
                            figures.gauge_graph(ids.NATIONAL_GAUGE, lang),
                            html.Div(
                                id=ids.PROVINCE_PANEL,
                                hidden=True,
                                children=[figures.gauge_graph(ids.PROVINCE_GAUGE, lang)],
                            ),
                        ],
                    ),
                    # Phones: the filters fold behind this button (assets/layout.js).
                    html.Button(t("filters", lang), className="filter-toggle button-secondary"),
                    controls.filter_panel(lang, ctx),
                ],
            ),
            html.Section(
                className="card pace-card",
                children=[
                    html.H2(id=ids.PACE_TITLE),
                    sized_graph(
                        ids.CUMULATIVE,
                        box_class="pace-graph",
                        lang=lang,
                        modebar=False,
                    ),
                ],
            ),
            html.Section(
                className="card ranking-card",
                children=[
                    html.Div(
                        className="card-head",
                        children=[
                            html.Div(
                                [
                                    html.H2(id=ids.RANKING_TITLE),
                                    html.P(t("ranking_click_hint", lang), className="card-hint"),
                                ]
                            ),
                            html.Div(
                                className="card-actions",
                                children=[
                                    html.A(
                                        t("print_view", lang),
                                        id=ids.PRINT_LINK,
                                        target="_blank",
                                        className="button-secondary",
                                    ),
                                    html.Button(
                                        t("export_csv", lang),
                                        id=ids.RANKING_EXPORT,
                                        className="button-secondary",
                                    ),
                                ],
                            ),
                        ],
                    ),
                    # The grid comes once the map has had the page to itself, except in
                    # presenter mode: the tour's first step may come sooner, and the
                    # ranking it redraws must exist by then.
                    html.Div(
                        id=ids.RANKING_HOLDER,
                        className="ranking-holder",
                        children=_filled_grid(state, ctx) if state.present else None,
                    ),
                    # The print view lists the ranking as a plain table: every row on paper.
                    figures.ranking_table(state, ctx) if state.print else None,
                    dcc.Interval(id=ids.RANKING_LATER, interval=RANKING_DELAY_MS, max_intervals=1),
                ],
            ),
        ],
    )


def _filled_grid(state: ViewState, ctx: AppContext) -> Any:
    grid = figures.ranking_grid(state)
    grid.rowData = figures.ranking_rows(state, ctx)
    return grid


def _tour_plan(state: ViewState, ctx: AppContext) -> dict[str, Any]:
    def share(view: ViewState) -> float | None:
        national, area = ctx.service.progress(ctx.filters(view))
        progress = area or national
        return progress.share if progress.target else None

    return tour.tour_plan(
        state, ctx.service.tour_stops(), share_of_target=share, default_lang=ctx.default_lang
    )


def next_state(
    state: ViewState,
    *,
    trigger: str | None,
    values: dict[str, Any],
    click: dict[str, Any] | None,
    ctx: AppContext,
) -> ViewState:
    """The view after a user action on ``state`` (pure: the callback's only logic).

    Back climbs one level: district, province, region, nation. A click on the map or on a
    row of the ranking selects the unit it names.
    """
    if trigger == ids.BACK:
        if state.district:
            return state.with_province(state.province)
        if state.province:
            return state.with_province(None)
        return replace(state, region=None)
    if trigger == ids.MAP and click:
        location = str(click.get("points", [{}])[0].get("location", ""))
        return _clicked(state, location).validated(ctx.vocabulary)
    if trigger == ids.RANKING and click:
        # A ranking row's id is its unit's code (``ranking_grid``'s getRowId).
        return _clicked(state, str(click.get("rowId") or "")).validated(ctx.vocabulary)
    if trigger in controls.CONTROL_IDS:
        return controls.apply(state, trigger, values, ctx)
    return state


def _clicked(state: ViewState, location: str) -> ViewState:
    if state.geography == "2025" or len(location) == 2:
        return state.with_province(location) if location else state
    if len(location) == 3 and state.province is not None:
        # A second click on the selected district clears it.
        district = None if location == state.district else location
        return replace(state, district=district)
    return state


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    """Wire the screen's callbacks (instance-bound, so tests can build many apps)."""
    default_lang = ctx.default_lang
    service = ctx.service

    read = ctx.read_view

    @app.callback(
        Output(ids.OVERVIEW_URL, "search"),
        *controls.value_outputs(),
        Input(ids.OVERVIEW_URL, "search"),
        *controls.value_inputs(),
        Input(ids.MAP, "clickData"),
        Input(ids.BACK, "n_clicks"),
        prevent_initial_call=True,
    )
    def sync_view(search: str | None, *args: Any) -> tuple[Any, ...]:
        *control_values, click, _back = args
        current = read(search)
        trigger = dash.ctx.triggered_id
        values = dict(zip(controls.CONTROL_KEYS, control_values, strict=True))
        state = next_state(current, trigger=trigger, values=values, click=click, ctx=ctx)
        return (
            view_search(current, state, default_lang=default_lang),
            *controls.values_for(state, ctx),
        )

    @app.callback(
        *(Output(cid, prop) for cid, prop in MAP_OUTPUTS),
        Input(ids.OVERVIEW_URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def draw_map(search: str | None, _version: str | None) -> tuple[Any, ...]:
        return map_answer(read(search), ctx)

    @app.callback(
        *(Output(cid, prop) for cid, prop in PROGRESS_OUTPUTS),
        Input(ids.OVERVIEW_URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def draw_progress(search: str | None, _version: str | None) -> tuple[Any, ...]:
        return progress_answer(read(search), ctx)

    @app.callback(
        Output(ids.RANKING_HOLDER, "children"),
        Input(ids.RANKING_LATER, "n_intervals"),
        State(ids.OVERVIEW_URL, "search"),
        prevent_initial_call=True,
    )
    def show_ranking(_n: int | None, search: str | None) -> Any:
        return _filled_grid(read(search), ctx)

    @app.callback(
        Output(ids.RANKING, "rowData"),
        Output(ids.RANKING, "columnDefs"),
        Output(ids.RANKING_TITLE, "children"),
        Input(ids.OVERVIEW_URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def draw_ranking(search: str | None, _version: str | None) -> tuple[Any, ...]:
        state = read(search)
        return (
            figures.ranking_rows(state, ctx),
            figures.ranking_columns(state),
            figures.ranking_title(state),
        )

    @app.callback(
        Output(ids.OVERVIEW_URL, "search", allow_duplicate=True),
        Input(ids.RANKING, "cellClicked"),
        State(ids.OVERVIEW_URL, "search"),
        prevent_initial_call=True,
    )
    def select_ranked(cell: dict[str, Any] | None, search: str | None) -> Any:
        """A click on a row of the ranking selects its area, as a click on the map does."""
        current = read(search)
        state = next_state(current, trigger=ids.RANKING, values={}, click=cell, ctx=ctx)
        return view_search(current, state, default_lang=default_lang)

    @app.callback(
        Output(ids.RANKING, "exportDataAsCsv"),
        Output(ids.RANKING, "csvExportParams"),
        Input(ids.RANKING_EXPORT, "n_clicks"),
        State(ids.OVERVIEW_URL, "search"),
        prevent_initial_call=True,
    )
    def export_ranking(_clicks: int | None, search: str | None) -> tuple[bool, dict[str, str]]:
        return True, {"fileName": ranking_file_name(read(search), dt.date.today())}

    # A titled PNG of the map as it is drawn, composed in the browser (assets/clientside.js).
    app.clientside_callback(
        ClientsideFunction(namespace="diemtua", function_name="downloadImage"),
        Output(ids.IMAGE_DOWNLOAD, "title"),
        Input(ids.IMAGE_DOWNLOAD, "n_clicks"),
        State(ids.IMAGE_FILE, "data"),
        prevent_initial_call=True,
    )

    # The tour walks in the browser (assets/presenter.js): each step replaces the URL.
    app.clientside_callback(
        ClientsideFunction(namespace="diemtua", function_name="tourStep"),
        Output(ids.TOUR_BAR, "children"),
        Input(ids.TOUR, "n_intervals"),
        Input(ids.OVERVIEW_URL, "search"),
        State(ids.TOUR_PLAN, "data"),
        State(ids.TOUR, "disabled"),
    )

    @app.callback(
        Output(ids.DATA_VERSION, "data"),
        Input(ids.REFRESH, "n_intervals"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def refresh(_n: int | None, shown: str | None) -> Any:
        """New imports appear without reloading: redraw only when the data really changed."""
        version = service.data_version()
        return version if version != shown else no_update


def map_answer(state: ViewState, ctx: AppContext) -> tuple[Any, ...]:
    """The values of ``MAP_OUTPUTS`` for ``state``."""
    note = figures.boundary_note(state, ctx.manifest)
    figure = figures.build_map(state, ctx)
    return (
        figure,
        figures.legend_strip(figure),
        figures.map_hint(state),
        figures.view_title(state),
        figures.view_subtitle(state, ctx),
        figures.freshness(state, ctx),
        state.province is None and state.region is None,
        note,
        note is None,
        replace(state, print=True, present=False).to_query(default_lang=ctx.default_lang),
        figures.with_product(t("pace_title", state.lang), state),
    )


def ranking_file_name(state: ViewState, today: dt.date) -> str:
    """The ranking's CSV file name: which product it ranks, and when it was saved."""
    return f"diemtua-ranking-{state.product}-{today.isoformat()}.csv"


def progress_answer(state: ViewState, ctx: AppContext) -> tuple[Any, ...]:
    """The values of ``PROGRESS_OUTPUTS`` for ``state`` (``no_update``: keep the area gauge)."""
    national, area = ctx.service.progress(ctx.filters(state))
    product = figures.product_name(state)
    area_gauge = (
        figures.build_gauge(area, title=f"{figures.view_title(state)}\n{product}", state=state)
        if area is not None
        else no_update
    )
    national_title = f"{t('national_progress', state.lang)}\n{product}"
    return (
        figures.build_gauge(national, title=national_title, state=state, national=True),
        area_gauge,
        area is None,
        figures.build_pace(state, ctx),
        figures.product_options(state, ctx),
    )
