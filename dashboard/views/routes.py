"""Mobile propaganda routes: one day's vehicle tracks and stops over the districts reached so far.

The chosen day lives in the URL (``?day=2022-05-20``) beside the view's other filters. Without
one, the screen opens on the view's end date (``to``), so it shows the same date as the map
screen, else on the first day vehicles were out. The play button advances the day on a timer
and starts again from the first day after the last.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import dash
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.components.graphs import sized_graph
from dashboard.context import AppContext
from dashboard.data import metrics
from dashboard.domain import Filters
from dashboard.figures.maps import MapView
from dashboard.figures.routes import route_map
from dashboard.figures.style import apply_style
from dashboard.i18n import format_date, format_number, t
from dashboard.state import ViewState, parse_date
from geodata import reference
from geodata.assets import union_bounds, zoom_for_bounds

TICK_MS: Final = 1500
MAP_SIZE: Final = (900, 600)  # a little under the card, so the edges stay in view
# The stops listed in the side panel (largest audiences first); the map shows them all.
LISTED_STOPS: Final = 40


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    """The routes screen; the map, the panel and the slider position come from callbacks."""
    lang = state.lang
    days = route_days(ctx.service.snapshot(), ctx.filters(state))
    return html.Main(
        className="app-main routes",
        children=[
            dcc.Location(id=ids.ROUTES_URL, refresh="callback-nav"),
            dcc.Interval(id=ids.ROUTES_TICK, interval=TICK_MS, disabled=True),
            html.Section(
                className="card map-card",
                children=[
                    sized_graph(ids.ROUTES_MAP, box_class="map-graph", lang=lang),
                    html.Div(
                        className="routes-player",
                        children=[
                            html.Button(
                                t("play", lang), id=ids.ROUTES_PLAY, className="button-secondary"
                            ),
                            html.Div(
                                className="routes-slider",
                                children=dcc.Slider(
                                    id=ids.ROUTES_SLIDER,
                                    min=0,
                                    max=max(len(days) - 1, 0),
                                    step=1,
                                    value=0,
                                    marks=_marks(days, lang),
                                    included=False,
                                    allow_direct_input=False,
                                    disabled=not days,
                                ),
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
                            html.H1(t("screen_routes", lang), className="view-title"),
                            html.P(id=ids.ROUTES_TITLE, className="view-subtitle"),
                        ],
                    ),
                    html.Div(id=ids.ROUTES_PANEL, className="card routes-panel"),
                ],
            ),
        ],
    )


def route_days(data: metrics.DashboardData, filters: Filters) -> list[dt.date]:
    """The days of the view's period with track points in its area, in order."""
    points = _area(data.routes, filters)
    days = np.unique(points["day"].to_numpy().astype("datetime64[D]"))
    start, end = filters.period
    days = days[(days >= np.datetime64(start, "D")) & (days <= np.datetime64(end, "D"))]
    return [d.astype(object) for d in days]


def chosen_day(search: str | None, state: ViewState, days: list[dt.date]) -> dt.date | None:
    """The URL's ``day``, else the view's end date, else the first route day."""
    day = parse_date(dict(parse_qsl((search or "").lstrip("?"))).get("day"))
    return day or state.end or (days[0] if days else None)


def with_day(search: str | None, day: dt.date) -> str:
    """``search`` with its ``day`` set, every other parameter kept as it was."""
    params = dict(parse_qsl((search or "").lstrip("?")))
    params["day"] = day.isoformat()
    return "?" + urlencode(params, safe=",")


def slider_position(day: dt.date | None, days: list[dt.date]) -> int:
    """Index of the last route day on or before ``day`` (0 before the first)."""
    if day is None or not days:
        return 0
    return max(bisect.bisect_right(days, day) - 1, 0)


def next_day(day: dt.date | None, days: list[dt.date]) -> dt.date | None:
    """The route day after ``day``; after the last, the first again."""
    if not days:
        return None
    later = [d for d in days if day is None or d > day]
    return later[0] if later else days[0]


@dataclass(frozen=True)
class DayFigures:
    """What the side panel says about one day."""

    vehicles: dict[str, int]
    people_today: int
    people_so_far: int
    districts_reached: int
    districts_shown: int
    stops: pd.DataFrame


def day_view(
    data: metrics.DashboardData, state: ViewState, day: dt.date | None, ctx: AppContext
) -> tuple[go.Figure, DayFigures]:
    """The map and the panel's figures for ``day`` in the view's area."""
    lang = state.lang
    area = ctx.filters(state)
    points = _area(metrics.route_points(data, day=day), area) if day else _none(data)
    stops = _area(metrics.route_stops(data, day=day), area) if day else _none(data)
    reached = _area(metrics.reached_units(data, level="district", until=day), area)
    so_far = _area(metrics.route_stops(data, until=day), area) if day else _none(data)
    provinces = sorted(set(_area(data.routes, area)["province_code"].dropna()))
    districts = reference.districts()
    districts = districts[districts["province_code"].isin(provinces)]
    shown = pd.DataFrame({"code": districts["district_code"], "name": districts["full_name_vi"]})
    labels = {
        "reached": t("route_reached", lang),
        "not_reached": t("route_not_reached", lang),
        "people": t("people_reached", lang),
        "stops": t("route_stops", lang),
        "car": t("vehicle_car", lang),
        "motorbike": t("vehicle_motorbike", lang),
    }
    fig = route_map(
        points,
        stops,
        districts=shown,
        reached=list(reached["code"]),
        geojson_url=ctx.assets.districts_2022_url,
        map_style_url=ctx.assets.style_url,
        view=_camera(provinces, ctx),
        labels=labels,
    )
    vehicles = points.groupby("vehicle_type")["vehicle_id"].nunique()
    figures = DayFigures(
        vehicles={str(k): int(v) for k, v in vehicles.items()},
        people_today=int(stops["people_reached"].fillna(0).sum()),
        people_so_far=int(so_far["people_reached"].fillna(0).sum()),
        districts_reached=int(reached["code"].isin(shown["code"]).sum()),
        districts_shown=len(shown),
        stops=stops.sort_values("people_reached", ascending=False, kind="stable"),
    )
    return apply_style(fig, lang=lang), figures


def panel(figures: DayFigures, lang: str) -> list[Any]:
    """The side panel: vehicles out by type, people reached, districts, the day's stops."""
    vehicle_items = [
        html.Li(f"{t(f'vehicle_{kind}', lang)}: {format_number(count, lang)}")
        for kind, count in sorted(figures.vehicles.items())
    ] or [html.Li(t("no_vehicles", lang))]
    stops = [
        html.Li(
            f"{name} · {t(f'vehicle_{kind}', lang)} · {format_number(people, lang)}",
            className="routes-stop",
        )
        for name, kind, people in zip(
            figures.stops["stop_name"].head(LISTED_STOPS),
            figures.stops["vehicle_type"].head(LISTED_STOPS),
            figures.stops["people_reached"].fillna(0).head(LISTED_STOPS),
            strict=True,
        )
    ]
    return [
        html.H2(t("vehicles_active", lang)),
        html.Ul(vehicle_items, className="routes-vehicles"),
        html.Dl(
            className="routes-figures",
            children=[
                html.Dt(t("people_reached_day", lang)),
                html.Dd(format_number(figures.people_today, lang), className="routes-today"),
                html.Dt(t("people_reached_so_far", lang)),
                html.Dd(format_number(figures.people_so_far, lang), className="routes-so-far"),
                html.Dt(t("districts_reached", lang)),
                html.Dd(
                    f"{format_number(figures.districts_reached, lang)} / "
                    f"{format_number(figures.districts_shown, lang)}",
                    className="routes-districts",
                ),
            ],
        ),
        html.H2(t("stops_of_day", lang, count=format_number(len(figures.stops), lang))),
        html.Ol(stops, className="routes-stops"),
    ]


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    """Wire the day (URL, slider, player) and the drawing of the chosen day."""
    service = ctx.service

    read = ctx.read_view

    @app.callback(
        Output(ids.ROUTES_URL, "search"),
        Output(ids.ROUTES_SLIDER, "value"),
        Input(ids.ROUTES_URL, "search"),
        Input(ids.ROUTES_SLIDER, "value"),
        Input(ids.ROUTES_TICK, "n_intervals"),
    )
    def sync_day(search: str | None, position: int | None, _ticks: int | None) -> Any:
        state = read(search)
        days = route_days(service.snapshot(), ctx.filters(state))
        day = chosen_day(search, state, days)
        trigger = dash.ctx.triggered_id
        if trigger == ids.ROUTES_TICK:
            day = next_day(day, days)
        elif trigger == ids.ROUTES_SLIDER and position is not None and days:
            day = days[min(max(int(position), 0), len(days) - 1)]
        if day is None:
            return no_update, no_update
        # Opening the screen only places the slider; the URL changes on a user's action.
        query = with_day(search, day) if trigger in (ids.ROUTES_TICK, ids.ROUTES_SLIDER) else None
        changed = query is not None and query != (search or "")
        return (query if changed else no_update), slider_position(day, days)

    @app.callback(
        Output(ids.ROUTES_TICK, "disabled"),
        Output(ids.ROUTES_PLAY, "children"),
        Input(ids.ROUTES_PLAY, "n_clicks"),
        State(ids.ROUTES_TICK, "disabled"),
        State(ids.ROUTES_URL, "search"),
        prevent_initial_call=True,
    )
    def play_pause(_clicks: int | None, paused: bool | None, search: str | None) -> Any:
        lang = read(search).lang
        playing = bool(paused)  # a click on a paused player starts it
        return not playing, t("pause" if playing else "play", lang)

    @app.callback(
        Output(ids.ROUTES_MAP, "figure"),
        Output(ids.ROUTES_TITLE, "children"),
        Output(ids.ROUTES_PANEL, "children"),
        Input(ids.ROUTES_URL, "search"),
    )
    def draw(search: str | None) -> Any:
        state = read(search)
        data = service.snapshot()
        day = chosen_day(search, state, route_days(data, ctx.filters(state)))
        fig, figures = day_view(data, state, day, ctx)
        title = format_date(day, state.lang) if day else t("no_routes", state.lang)
        return fig, title, panel(figures, state.lang)


def _area(frame: pd.DataFrame, state: Filters) -> pd.DataFrame:
    """Rows of the view's province, or of its region's provinces."""
    if state.province and state.geography == "2022":
        return frame[(frame["province_code"] == state.province).to_numpy(dtype=bool)]
    if state.region:
        provinces = reference.provinces()
        codes = provinces.loc[provinces["region_code"] == state.region, "province_code"]
        return frame[frame["province_code"].isin(list(codes)).to_numpy(dtype=bool)]
    return frame


def _none(data: metrics.DashboardData) -> pd.DataFrame:
    return metrics.route_stops(data).iloc[0:0]


def _camera(provinces: list[str], ctx: AppContext) -> MapView:
    manifest = ctx.manifest
    boxes = [
        manifest.province_bounds_2022[c] for c in provinces if c in manifest.province_bounds_2022
    ]
    bounds = union_bounds(boxes) if boxes else manifest.national_bounds
    lat, lon, zoom = zoom_for_bounds(bounds, width_px=MAP_SIZE[0], height_px=MAP_SIZE[1])
    return MapView(lat, lon, zoom)


def _marks(days: list[dt.date], lang: str) -> dict[int, str]:
    """A label every week or so, so the marks never crowd."""
    step = max(len(days) // 6, 1)
    return {
        i: format_date(day, lang)[:5] if lang == "vi" else f"{day.day}/{day.month}"
        for i, day in enumerate(days)
        if i % step == 0 or i == len(days) - 1
    }
