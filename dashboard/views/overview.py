"""The main screen: the coverage map with drill-down, and progress toward the targets.

The URL holds the view (see ``dashboard.state``). One callback keeps the URL and the screen in
step: user actions produce a new URL, and a new URL (a link, back/forward) redraws the screen.
"""

from __future__ import annotations

from typing import Any, cast

import dash
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html, no_update

from dashboard import ids
from dashboard.context import AppContext
from dashboard.figures.gauges import progress_gauge
from dashboard.figures.maps import Backdrop, MapView, choropleth_map
from dashboard.figures.style import GRAPH_CONFIG, apply_style
from dashboard.i18n import format_number, format_percent, t
from dashboard.services import Progress
from dashboard.state import METRICS, Metric, ViewState
from geodata import reference
from geodata.assets import Manifest, zoom_for_bounds


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    """The map screen for ``state``; figures are filled in by the callback on load."""
    lang = state.lang
    return html.Main(
        className="app-main",
        children=[
            dcc.Location(id=ids.OVERVIEW_URL, refresh="callback-nav"),
            html.Section(
                className="card map-card",
                children=[
                    dcc.Graph(
                        id=ids.MAP, config=GRAPH_CONFIG, className="map-graph", responsive=True
                    ),
                    html.P(t("click_hint", lang), className="map-hint"),
                ],
            ),
            html.Aside(
                className="side-panel",
                children=[
                    html.Div(
                        className="card",
                        children=[
                            html.H1(id=ids.VIEW_TITLE, className="view-title"),
                            html.Button(
                                t("back_to_national", lang),
                                id=ids.BACK,
                                className="button-secondary",
                                hidden=state.province is None,
                            ),
                            html.Label(
                                t("metric", lang), htmlFor=ids.METRIC, className="control-label"
                            ),
                            dcc.RadioItems(
                                id=ids.METRIC,
                                options=[
                                    {"label": t(f"metric_{m}", lang), "value": m} for m in METRICS
                                ],
                                value=state.metric,
                                className="segmented",
                                inline=True,
                            ),
                            html.P(id=ids.BOUNDARY_NOTE, className="note", hidden=True),
                        ],
                    ),
                    html.Div(className="card", children=[_gauge_graph(ids.NATIONAL_GAUGE)]),
                    html.Div(
                        id=ids.PROVINCE_PANEL,
                        className="card",
                        hidden=state.province is None,
                        children=[_gauge_graph(ids.PROVINCE_GAUGE)],
                    ),
                ],
            ),
        ],
    )


def _gauge_graph(component_id: str) -> dcc.Graph:
    return dcc.Graph(id=component_id, config={**GRAPH_CONFIG, "displayModeBar": False})


def next_state(
    state: ViewState, *, trigger: str | None, metric: str | None, click: dict[str, Any] | None
) -> ViewState:
    """The view after a user action on ``state`` (pure; the callback's only logic)."""
    if trigger == ids.BACK:
        return state.with_province(None)
    if trigger == ids.METRIC and metric in METRICS:
        return state.with_metric(cast(Metric, metric))
    if trigger == ids.MAP and click:
        location = str(click.get("points", [{}])[0].get("location", ""))
        # Province codes have two digits; a click on a district keeps the province view.
        if len(location) == 2:
            return state.with_province(location)
    return state


def build_map(state: ViewState, ctx: AppContext) -> go.Figure:
    """The choropleth for ``state``: provinces nationally, or one province's districts."""
    lang = state.lang
    label = t(f"metric_{state.metric}_unit", lang)
    fmt = ",.1f" if state.metric == "per_10k" else ",.0f"
    if state.province is None:
        lat, lon, zoom = zoom_for_bounds(ctx.manifest.national_bounds)
        fig = choropleth_map(
            ctx.service.province_values(state.metric),
            geojson_url=ctx.assets.provinces_2022_url,
            value_label=label,
            no_data_label=t("no_data", lang),
            map_style_url=ctx.assets.style_url,
            view=MapView(lat, lon, zoom),
            value_format=fmt,
            uirevision="national",
        )
    else:
        provinces = reference.provinces()
        others = provinces[provinces["province_code"] != state.province]
        lat, lon, zoom = zoom_for_bounds(ctx.manifest.province_bounds_2022[state.province])
        fig = choropleth_map(
            ctx.service.district_values(state.province, state.metric),
            geojson_url=ctx.assets.districts_url(state.province),
            value_label=label,
            no_data_label=t("no_data", lang),
            map_style_url=ctx.assets.style_url,
            view=MapView(lat, lon, zoom),
            value_format=fmt,
            backdrop=Backdrop(
                geojson_url=ctx.assets.provinces_2022_url,
                codes=tuple(others["province_code"]),
                names=tuple(others["display_name_vi"]),
            ),
            uirevision=f"province-{state.province}",
        )
    return apply_style(fig, lang=lang)


def build_gauge(progress: Progress, *, title: str, lang: str) -> go.Figure:
    target_label = (
        f"{t('target', lang)}: {format_number(progress.target, lang)}"
        f" · {format_percent(progress.share, lang)} {t('of_target', lang)}"
    )
    return apply_style(
        progress_gauge(progress.value, progress.target, title=title, target_label=target_label),
        lang=lang,
    )


def boundary_note(state: ViewState, manifest: Manifest) -> str | None:
    """Say which districts of the selected province have no polygon, instead of drawing nothing."""
    if state.province is None:
        return None
    missing = manifest.districts_without_geometry.get(state.province, ())
    if not missing:
        return None
    districts = reference.districts().set_index("district_code")
    names = ", ".join(f"{districts.at[code, 'full_name_vi']!s} ({code})" for code in missing)
    return t("no_district_boundaries", state.lang, count=len(missing), names=names)


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    """Wire the screen's single callback (instance-bound, so tests can build many apps)."""
    known = ctx.service.known_province_codes()
    default_lang = ctx.default_lang

    @app.callback(
        Output(ids.OVERVIEW_URL, "search"),
        Output(ids.METRIC, "value"),
        Output(ids.MAP, "figure"),
        Output(ids.NATIONAL_GAUGE, "figure"),
        Output(ids.PROVINCE_GAUGE, "figure"),
        Output(ids.PROVINCE_PANEL, "hidden"),
        Output(ids.BACK, "hidden"),
        Output(ids.VIEW_TITLE, "children"),
        Output(ids.BOUNDARY_NOTE, "children"),
        Output(ids.BOUNDARY_NOTE, "hidden"),
        Input(ids.OVERVIEW_URL, "search"),
        Input(ids.METRIC, "value"),
        Input(ids.MAP, "clickData"),
        Input(ids.BACK, "n_clicks"),
    )
    def sync_view(
        search: str | None, metric: str | None, click: dict[str, Any] | None, _back: int | None
    ) -> tuple[Any, ...]:
        current = ViewState.from_query(search, default_lang=default_lang, known_provinces=known)
        state = next_state(current, trigger=dash.ctx.triggered_id, metric=metric, click=click)
        return render(state, search_changed=state != current)

    def render(state: ViewState, *, search_changed: bool) -> tuple[Any, ...]:
        lang = state.lang
        provinces = reference.provinces().set_index("province_code")
        title = (
            t("national_view", lang)
            if state.province is None
            else str(provinces.at[state.province, "full_name_vi"])
        )
        province_gauge = (
            build_gauge(ctx.service.province_progress(state.province), title=title, lang=lang)
            if state.province
            else no_update
        )
        note = boundary_note(state, ctx.manifest)
        return (
            state.to_query(default_lang=default_lang) if search_changed else no_update,
            state.metric,
            build_map(state, ctx),
            build_gauge(
                ctx.service.national_progress(), title=t("national_progress", lang), lang=lang
            ),
            province_gauge,
            state.province is None,
            state.province is None,
            title,
            note,
            note is None,
        )
