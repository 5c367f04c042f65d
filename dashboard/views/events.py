"""Events: where they were held (a bubble per site), the central online kickoff, and the list.

The view's period, region or province filters and the levels shown (``levels=``) come from
the URL; the level checklist writes the URL. Sites sit at their unit's centroid: a commune's
event at its district's (communes have no boundaries in the assets), central events at Hà
Nội's. Province outlines lie under the sites.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, Final, cast

import dash
import dash_ag_grid as dag
import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html, no_update

from dashboard import ids
from dashboard.components.graphs import grid_columns, sized_graph
from dashboard.components.grid_locale import grid_locale
from dashboard.context import AppContext
from dashboard.data import metrics
from dashboard.domain import EVENT_LEVELS, Filters
from dashboard.figures.maps import MapView
from dashboard.figures.routes import sites_map
from dashboard.figures.style import apply_style
from dashboard.i18n import format_date, format_number, t
from dashboard.state import ViewState
from dashboard.views.url_sync import view_search
from geodata import reference
from geodata.assets import zoom_for_bounds

# The central kickoff was broadcast from Hà Nội.
CENTRAL_PROVINCE: Final = "01"
MAP_SIZE: Final = (1000, 700)
GRID_COLUMNS: Final = (
    ("held_on", "event_date", "date"),
    ("level_name", "event_level", "text"),
    ("place_vi", "event_place", "text"),
    ("attendees", "attendees", "number"),
    ("online_viewers", "online_viewers", "number"),
    ("leads", "leads", "number"),
)


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    """The events screen; the figures are filled in by a callback."""
    lang = state.lang
    return html.Main(
        className="app-main events",
        children=[
            dcc.Location(id=ids.EVENTS_URL, refresh="callback-nav"),
            html.Section(
                className="card map-card",
                children=sized_graph(ids.EVENTS_MAP, box_class="map-graph", lang=lang),
            ),
            html.Aside(
                className="side-panel",
                children=[
                    html.Div(
                        className="card",
                        children=[
                            html.H1(t("screen_events", lang), className="view-title"),
                            html.Label(t("event_level", lang), htmlFor=ids.EVENTS_LEVEL),
                            dcc.Checklist(
                                id=ids.EVENTS_LEVEL,
                                options=[
                                    {"label": t(f"level_{level}", lang), "value": level}
                                    for level in EVENT_LEVELS
                                ],
                                value=shown_levels(state),
                                className="events-levels",
                            ),
                        ],
                    ),
                    html.Div(id=ids.EVENTS_KICKOFF, className="card events-kickoff"),
                    html.Div(id=ids.EVENTS_TOTALS, className="card events-totals"),
                ],
            ),
            html.Section(
                className="card events-grid-card",
                children=[html.H2(t("events_list", lang)), _grid(lang)],
            ),
        ],
    )


def event_rows(
    data: metrics.DashboardData, filters: Filters, levels: list[str] | None, lang: str
) -> pd.DataFrame:
    """The view's events (period, region, province) of the chosen levels, newest first;
    central events are placed "Trung ương" / "Central" in the view's language."""
    events = metrics.events_list(data, filters)
    chosen = list(EVENT_LEVELS) if levels is None else levels
    shown = events[events["level"].isin(chosen).to_numpy(dtype=bool)].reset_index(drop=True)
    return shown.assign(place_vi=shown["place_vi"].fillna(t("place_central", lang)))


def event_sites(events: pd.DataFrame, assets_folder: str) -> pd.DataFrame:
    """One row per level and place: ``level``, ``place``, ``lat``, ``lon``, ``events``,
    ``attendees``, ``online_viewers`` (missing counted as 0). Events without a place
    on the map are left out."""
    provinces, districts = _centroids(assets_folder)
    site = np.where(
        events["level"].isin(["district", "commune"]),
        events["district_code"].astype(object),
        np.where(
            events["level"] == "central", CENTRAL_PROVINCE, events["province_code"].astype(object)
        ),
    )
    frame = events.assign(
        site=site,
        attendees=events["attendees"].fillna(0),
        online_viewers=events["online_viewers"].fillna(0),
    )
    grouped = frame.groupby(["level", "site"], sort=True).agg(
        place=("place_vi", "first"),
        events=("level", "size"),
        attendees=("attendees", "sum"),
        online_viewers=("online_viewers", "sum"),
    )
    grouped = grouped.reset_index()
    points = pd.concat([provinces, districts])
    located = grouped.merge(points, left_on="site", right_on="code", how="inner")
    for name in ("events", "attendees", "online_viewers"):
        located[name] = located[name].astype("int64")
    return located[["level", "place", "lat", "lon", "events", "attendees", "online_viewers"]]


def build_map(events: pd.DataFrame, state: ViewState, ctx: AppContext) -> go.Figure:
    lang = state.lang
    labels = {level: t(f"level_{level}", lang) for level in EVENT_LEVELS} | {
        "events": t("metric_events", lang),
        "attendees": t("attendees", lang),
        "online_viewers": t("online_viewers", lang),
        "province_border": t("route_province_border", lang),
    }
    fig = sites_map(
        event_sites(events, ctx.settings.assets_folder),
        map_style_url=ctx.assets.style_url,
        view=_camera(state, ctx),
        labels=labels,
        provinces=tuple(reference.provinces()["province_code"]),
        province_geojson_url=ctx.assets.provinces_2022_url,
    )
    return apply_style(fig, lang=lang)


def kickoff_card(data: metrics.DashboardData, lang: str) -> list[Any]:
    """The central kickoff: date, attendees in the hall, viewers online."""
    # The kickoff is the campaign's opening, whatever period the view counts.
    central = metrics.events_list(data, Filters(), level="central")
    if central.empty:
        return [html.H2(t("kickoff", lang)), html.P(t("no_kickoff", lang))]
    first = central.iloc[-1]  # the list is newest first
    viewers = first["online_viewers"]
    return [
        html.H2(t("kickoff", lang)),
        html.Dl(
            className="events-figures",
            children=[
                html.Dt(t("event_date", lang)),
                html.Dd(format_date(pd.Timestamp(first["held_on"]).date(), lang)),
                html.Dt(t("attendees", lang)),
                html.Dd(format_number(int(first["attendees"]), lang)),
                html.Dt(t("online_viewers", lang)),
                html.Dd(format_number(None if pd.isna(viewers) else int(viewers), lang)),
            ],
        ),
    ]


def totals_card(events: pd.DataFrame, lang: str) -> list[Any]:
    """Events, attendees, online viewers and leads of the rows shown."""
    figures = [
        ("metric_events", len(events), "events-count"),
        ("attendees", int(events["attendees"].fillna(0).sum()), "events-attendees"),
        ("online_viewers", int(events["online_viewers"].fillna(0).sum()), "events-viewers"),
        ("leads", int(events["leads"].fillna(0).sum()), "events-leads"),
    ]
    items: list[Any] = []
    for key, value, name in figures:
        items += [html.Dt(t(key, lang)), html.Dd(format_number(value, lang), className=name)]
    return [html.H2(t("events_totals", lang)), html.Dl(items, className="events-figures")]


def grid_rows(events: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    levels = {level: t(f"level_{level}", lang) for level in EVENT_LEVELS}
    frame = pd.DataFrame(
        {
            "held_on": [d.date().isoformat() for d in pd.to_datetime(events["held_on"])],
            "level_name": events["level"].map(levels).to_numpy(dtype=object),
            "place_vi": events["place_vi"].to_numpy(dtype=object),
            "attendees": events["attendees"].to_numpy(dtype="float64"),
            "online_viewers": events["online_viewers"].to_numpy(dtype="float64"),
            "leads": events["leads"].to_numpy(dtype="float64"),
        }
    )
    records = cast(list[dict[str, Any]], frame.to_dict("records"))
    for record in records:
        for key in ("attendees", "online_viewers", "leads"):
            value = record[key]
            record[key] = None if np.isnan(value) else int(value)
    return records


def shown_levels(state: ViewState) -> list[str]:
    """The levels ``state`` shows (every level unless its URL names some)."""
    return list(EVENT_LEVELS if state.levels is None else state.levels)


def with_levels(state: ViewState, chosen: list[str] | None) -> ViewState:
    """``state`` showing the ``chosen`` levels (in the catalogue's order)."""
    picked = tuple(level for level in EVENT_LEVELS if level in (chosen or []))
    return replace(state, levels=None if picked == EVENT_LEVELS else picked)


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    service = ctx.service

    # The levels live in the URL (a link or bookmark opens the same list); the checklist
    # follows the URL on back and forward, and a change of the checklist writes the URL.
    @app.callback(
        Output(ids.EVENTS_URL, "search"),
        Output(ids.EVENTS_LEVEL, "value"),
        Input(ids.EVENTS_URL, "search"),
        Input(ids.EVENTS_LEVEL, "value"),
        prevent_initial_call=True,
    )
    def sync_levels(search: str | None, chosen: list[str] | None) -> Any:
        current = ctx.read_view(search)
        if dash.ctx.triggered_id != ids.EVENTS_LEVEL:
            return no_update, shown_levels(current)
        state = with_levels(current, chosen)
        return view_search(current, state, default_lang=ctx.default_lang), no_update

    @app.callback(
        Output(ids.EVENTS_MAP, "figure"),
        Output(ids.EVENTS_KICKOFF, "children"),
        Output(ids.EVENTS_TOTALS, "children"),
        Output(ids.EVENTS_GRID, "rowData"),
        Input(ids.EVENTS_URL, "search"),
    )
    def draw(search: str | None) -> Any:
        state = ctx.read_view(search)
        data = service.snapshot()
        events = event_rows(data, ctx.filters(state), shown_levels(state), state.lang)
        return (
            build_map(events, state, ctx),
            kickoff_card(data, state.lang),
            totals_card(events, state.lang),
            grid_rows(events, state.lang),
        )


@cache
def _centroids(assets_folder: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``code``, ``lat``, ``lon`` of every 2022 province and district, read once.

    A representative point rather than the centroid: it always falls inside the unit, even
    for crescent-shaped provinces and those with islands.
    """
    geo = Path(assets_folder) / "geo"
    out = []
    for name in ("provinces_2022.geojson", "districts_2022.geojson"):
        layer = gpd.read_file(geo / name)
        points = layer.geometry.representative_point()
        out.append(
            pd.DataFrame(
                {
                    "code": layer["code"].astype(str).to_numpy(dtype=object),
                    "lat": points.y.to_numpy(),
                    "lon": points.x.to_numpy(),
                }
            )
        )
    return out[0], out[1]


def _camera(state: ViewState, ctx: AppContext) -> MapView:
    manifest = ctx.manifest
    bounds = manifest.national_bounds
    if state.province and state.geography == "2022":
        bounds = manifest.province_bounds_2022.get(state.province, bounds)
    lat, lon, zoom = zoom_for_bounds(bounds, width_px=MAP_SIZE[0], height_px=MAP_SIZE[1])
    return MapView(lat, lon, zoom, fit=bounds)


def _grid(lang: str) -> dag.AgGrid:
    column_defs = grid_columns(GRID_COLUMNS, lang)
    column_defs[0] |= {"sort": "desc"}
    column_defs[2] |= {"minWidth": 200}
    return dag.AgGrid(
        id=ids.EVENTS_GRID,
        columnDefs=column_defs,
        rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 100},
        dashGridOptions={
            "animateRows": False,
            "pagination": True,
            "paginationPageSize": 20,
            "localeText": grid_locale(lang),
        },
        className="ag-theme-alpine events-grid",
        style={"height": "560px"},
    )
