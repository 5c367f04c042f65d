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
from functools import partial
from html import escape
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import dash
import pandas as pd
from dash import Dash, Input, Output, Patch, State, dcc, html, no_update

from dashboard import ids
from dashboard.components.graphs import sized_graph
from dashboard.context import AppContext
from dashboard.data import metrics
from dashboard.domain import Filters
from dashboard.figures.maps import MapView
from dashboard.figures.routes import RouteLayers, route_map
from dashboard.figures.style import style_layout
from dashboard.i18n import format_date, format_number, t
from dashboard.state import ViewState, parse_date
from dashboard.views.map_frame import frame_bounds
from dashboard.views.url_sync import moved_search
from geodata import reference
from geodata.assets import zoom_for_bounds

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
            dcc.Store(id=ids.ROUTES_DRAWN),
            html.Section(
                className="card map-card",
                children=[
                    sized_graph(ids.ROUTES_MAP, box_class="map-graph", lang=lang),
                    html.Div(
                        className="routes-player",
                        children=[
                            html.Button(
                                player_label(playing=False, lang=lang),
                                id=ids.ROUTES_PLAY,
                                className="button-secondary",
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


def player_label(*, playing: bool, lang: str) -> list[Any]:
    """The player button: a drawn icon (CSS shapes, so no font needs the glyph) and its word."""
    icon = "icon-pause" if playing else "icon-play"
    return [
        html.Span(className=f"player-icon {icon}", role="presentation"),
        t("pause" if playing else "play", lang),
    ]


def route_days(data: metrics.DashboardData, filters: Filters) -> list[dt.date]:
    """The days of the view's period with track points in its area, in order."""
    start, end = filters.period
    return [d for d in metrics.route_days(data, _provinces(filters)) if start <= d <= end]


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
) -> tuple[dict[str, Any], DayFigures]:
    """The map and the panel's figures for ``day`` in the view's area.

    Across the country or a region each district shows its longest track and one marker
    of its totals; an open province shows every vehicle's track and every stop.
    """
    lang = state.lang
    filters = ctx.filters(state)
    provinces = _provinces(filters)
    shown = sorted(provinces) if provinces is not None else metrics.route_provinces(data)
    view = _camera(provinces, ctx)
    detailed = provinces is not None and len(provinces) == 1
    districts = reference.districts()
    districts = districts[districts["province_code"].isin(shown)]
    names = dict(zip(districts["district_code"], districts["full_name_vi"], strict=True))
    reached, people_so_far = metrics.reached_districts(data, day, provinces) if day else ([], 0)
    reached_codes = [code for code in reached if code in names]
    if day is None:
        tracks: list[metrics.Tracks] = []
        sites = _markers(pd.DataFrame(columns=list(metrics.SITE_COLUMNS)), detailed, names, lang)
    else:
        tracks = metrics.route_tracks(
            data,
            day,
            provinces=provinces,
            tolerance=metrics.degrees_per_pixel(view.zoom),
            one_per_district=not detailed,
        )
        totals = (
            metrics.stop_sites(data, day, provinces)
            if detailed
            else metrics.district_totals(data, day, provinces)
        )
        sites = _markers(totals, detailed, names, lang)
    layers = RouteLayers(
        districts=pd.DataFrame(
            {"code": districts["district_code"], "name": districts["full_name_vi"]}
        ),
        reached=reached_codes,
        provinces=list(reference.provinces()["province_code"]),
        tracks={track.vehicle_type: (track.lat, track.lon) for track in tracks},
        sites=sites,
    )
    fig = route_map(
        layers,
        district_geojson_url=ctx.assets.districts_2022_url,
        province_geojson_url=ctx.assets.provinces_2022_url,
        map_style_url=ctx.assets.style_url,
        view=view,
        labels=_labels(lang, detailed),
        uirevision=f"routes:{','.join(shown) if provinces is not None else 'national'}",
        style=style_layout(lang=lang),
    )
    listed = metrics.stop_sites(data, day, provinces) if day else _no_sites()
    figures = DayFigures(
        vehicles=metrics.vehicles_out(data, day, provinces) if day else {},
        people_today=int(listed["people_reached"].sum()),
        people_so_far=people_so_far,
        districts_reached=len(reached_codes),
        districts_shown=len(names),
        stops=listed,
    )
    return fig, figures


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
        if trigger not in (ids.ROUTES_TICK, ids.ROUTES_SLIDER):
            return no_update, slider_position(day, days)
        return moved_search(search or "", with_day(search, day), str), slider_position(day, days)

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
        return not playing, player_label(playing=playing, lang=lang)

    @app.callback(
        Output(ids.ROUTES_MAP, "figure"),
        Output(ids.ROUTES_TITLE, "children"),
        Output(ids.ROUTES_PANEL, "children"),
        Output(ids.ROUTES_DRAWN, "data"),
        Input(ids.ROUTES_URL, "search"),
        State(ids.ROUTES_DRAWN, "data"),
    )
    def draw(search: str | None, drawn: str | None) -> Any:
        state = read(search)
        data = service.snapshot()
        day = chosen_day(search, state, route_days(data, ctx.filters(state)))
        fig, figures = day_view(data, state, day, ctx)
        title = format_date(day, state.lang) if day else t("no_routes", state.lang)
        uirevision = fig["layout"]["uirevision"]
        return same_area_patch(fig, drawn), title, panel(figures, state.lang), uirevision


def same_area_patch(fig: dict[str, Any], drawn: str | None) -> dict[str, Any] | Patch:
    """Only the new traces when the map already shows the same area (another day).

    The layout the browser holds then stays the very object plotly has been writing the
    user's pan and zoom into, so the camera stays where the user left it; a new area gets the
    whole figure and its own camera.
    """
    if drawn is None or drawn != fig["layout"]["uirevision"]:
        return fig
    patch = Patch()
    patch["data"] = fig["data"]
    return patch


def _provinces(filters: Filters) -> list[str] | None:
    """The province codes of the view's area (one when a province is open); None: all."""
    if filters.province and filters.geography == "2022":
        return [filters.province]
    if filters.region:
        provinces = reference.provinces()
        return list(provinces.loc[provinces["region_code"] == filters.region, "province_code"])
    return None


def _markers(
    totals: pd.DataFrame, detailed: bool, names: dict[str, str], lang: str
) -> pd.DataFrame:
    """Marker rows for ``route_map``: a stop site each (detailed), else a district's totals."""
    n = partial(format_number, lang=lang)
    if detailed:
        hover = [
            f"<b>{escape(str(name))}</b><br>{t('route_vehicles', lang)}: {n(vehicles)}"
            f"<br>{t('people_reached', lang)}: {n(people)}"
            for name, vehicles, people in zip(
                totals["stop_name"], totals["vehicles"], totals["people_reached"], strict=True
            )
        ]
        kinds = totals["vehicle_type"].astype(object).to_list()
    else:
        hover = [
            f"<b>{escape(names.get(code, code))}</b><br>"
            f"{t('route_vehicles', lang)}: {n(vehicles)} · {n(round(km))} km<br>"
            f"{t('route_stops', lang)}: {n(stops)} · {t('people_reached', lang)}: {n(people)}"
            for code, vehicles, km, stops, people in zip(
                totals["district_code"],
                totals["vehicles"],
                totals["km"],
                totals["stops"],
                totals["people_reached"],
                strict=True,
            )
        ]
        kinds = [None] * len(totals)
    return pd.DataFrame(
        {
            "lat": totals["lat"].to_numpy(dtype="float64"),
            "lon": totals["lon"].to_numpy(dtype="float64"),
            "size_by": totals["people_reached"].to_numpy(dtype="float64"),
            "hover": hover,
            "vehicle_type": kinds,
        }
    )


def _labels(lang: str, detailed: bool) -> dict[str, str]:
    return {
        "reached": t("route_reached", lang),
        "not_reached": t("route_not_reached", lang),
        "province_border": t("route_province_border", lang),
        "sites": t("route_stops" if detailed else "route_district_totals", lang),
        "car": t("vehicle_car", lang),
        "motorbike": t("vehicle_motorbike", lang),
    }


def _no_sites() -> pd.DataFrame:
    return pd.DataFrame({"people_reached": pd.Series([], dtype="float64"), "province_code": []})


def _camera(provinces: list[str] | None, ctx: AppContext) -> MapView:
    """The area's frame (islands included); the browser fits it to the map's real size."""
    manifest = ctx.manifest
    known = [c for c in provinces or [] if c in manifest.province_bounds_2022]
    bounds = (
        frame_bounds(manifest, geography="2022", codes=known) if known else manifest.national_bounds
    )
    lat, lon, zoom = zoom_for_bounds(bounds, width_px=MAP_SIZE[0], height_px=MAP_SIZE[1])
    return MapView(lat, lon, zoom, fit=bounds)


def _marks(days: list[dt.date], lang: str) -> dict[int, str]:
    """A label every week or so, so the marks never crowd."""
    step = max(len(days) // 6, 1)
    return {
        i: format_date(day, lang)[:5] if lang == "vi" else f"{day.day}/{day.month}"
        for i, day in enumerate(days)
        if i % step == 0 or i == len(days) - 1
    }
