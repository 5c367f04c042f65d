"""The launch day, hour by hour: ``/launch?date=2022-05-08``.

Registrations per hour of one day (Vietnam time) for the whole country or the view's
province, the running total against the target with the moment it was passed, and a large
counter. The screen asks again every ``refresh_seconds`` (every few seconds in presenter
mode), so the counter follows imports as they arrive, without a reload. ``date`` is this
screen's own URL parameter (``day`` belongs to the routes screen); ``product`` is the view's,
as on the map screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace
from typing import Any, Final
from urllib.parse import parse_qs, urlencode

import dash
from dash import Dash, Input, Output, dcc, html, no_update

from dashboard import ids
from dashboard.components.controls import product_control
from dashboard.components.graphs import sized_graph
from dashboard.context import AppContext
from dashboard.data.launch import launch_day
from dashboard.domain import PRODUCTS
from dashboard.figures.launch import hourly_chart
from dashboard.i18n import format_date, format_number, t
from dashboard.state import ViewState

# Presenter mode refreshes faster: the counter is what the audience watches.
PRESENTER_REFRESH_MS: Final = 3_000


def launch_date(search: str | None, default_day: dt.date) -> dt.date:
    """The day of the URL (``date``, ISO); a date that makes no sense falls back to the default."""
    params = parse_qs((search or "").lstrip("?"))
    day = default_day
    with contextlib.suppress(ValueError):
        day = dt.date.fromisoformat(params.get("date", [""])[0])
    return day


def launch_query(state: ViewState, search: str | None, *, default_lang: str) -> str:
    """The launch screen's URL query for ``state``, keeping the ``date`` of ``search``."""
    query = state.to_query(default_lang=default_lang)
    day = parse_qs((search or "").lstrip("?")).get("date")
    if day:
        query += ("&" if query else "?") + urlencode({"date": day[0]})
    return query


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    """The launch screen; the counter and the chart are filled in by a callback."""
    interval = PRESENTER_REFRESH_MS if state.present else ctx.settings.refresh_seconds * 1000
    return html.Main(
        className="app-main launch",
        children=[
            dcc.Location(id=ids.LAUNCH_URL, refresh="callback-nav"),
            dcc.Interval(id=ids.LAUNCH_REFRESH, interval=interval),
            html.Section(
                className="card launch-head",
                children=[
                    html.H1(id=ids.LAUNCH_TITLE, className="view-title"),
                    product_control(state.lang, ids.LAUNCH_PRODUCT),
                    html.Div(
                        className="launch-counter",
                        children=[
                            html.Span(id=ids.LAUNCH_COUNTER, className="launch-count"),
                            html.Span(id=ids.LAUNCH_COUNTER_NOTE, className="note"),
                        ],
                    ),
                ],
            ),
            html.Section(
                className="card launch-chart",
                children=sized_graph(ids.LAUNCH_HOURLY, box_class="launch-graph", lang=state.lang),
            ),
        ],
    )


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    settings = ctx.settings

    @app.callback(
        Output(ids.LAUNCH_URL, "search"),
        Output(ids.LAUNCH_PRODUCT, "value"),
        Input(ids.LAUNCH_URL, "search"),
        Input(ids.LAUNCH_PRODUCT, "value"),
    )
    def switch_product(search: str | None, product: str | None) -> tuple[Any, str]:
        """The switch sets the URL's product; a link or back/forward sets the switch."""
        state = ctx.read_view(search)
        chosen = dash.ctx.triggered_id == ids.LAUNCH_PRODUCT and product in PRODUCTS
        if not chosen or product == state.product:
            return no_update, state.product
        query = launch_query(
            replace(state, product=str(product)), search, default_lang=ctx.default_lang
        )
        return query, str(product)

    @app.callback(
        Output(ids.LAUNCH_TITLE, "children"),
        Output(ids.LAUNCH_COUNTER, "children"),
        Output(ids.LAUNCH_COUNTER_NOTE, "children"),
        Output(ids.LAUNCH_HOURLY, "figure"),
        Input(ids.LAUNCH_URL, "search"),
        Input(ids.LAUNCH_REFRESH, "n_intervals"),
    )
    def draw(search: str | None, _tick: int | None) -> Any:
        state = ctx.read_view(search)
        lang = state.lang
        day, product = launch_date(search, settings.campaign_start), state.product
        with ctx.service.engine.connect() as con:
            counts = launch_day(
                con, day, since=settings.campaign_start, product=product, province=state.province
            )
        target = settings.campaign.national_targets[product]
        labels = {
            key: t(f"launch_{key}", lang)
            for key in ("hour", "per_hour", "running", "target", "passed")
        }
        figure = hourly_chart(
            counts.hourly,
            before=counts.before,
            target=None if state.province else target,
            labels=labels,
            lang=lang,
            presenter=state.present,
        )
        title = t(
            "launch_title",
            lang,
            day=format_date(day, lang),
            product=t(f"value_product_{product}", lang),
        )
        note = t(
            "launch_counter_note",
            lang,
            day=format_number(counts.total - counts.before, lang),
            untimed=format_number(counts.untimed, lang),
        )
        return title, format_number(counts.total, lang), note, figure
