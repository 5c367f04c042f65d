"""The filter panel of the map screen, the product switch, and the two-way mapping between
these controls and the view.

``values_for`` sets every control from a ``ViewState`` (so a link or back/forward moves them);
``apply`` turns one control's new value into the next ``ViewState``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final, cast

from dash import Input, Output, dcc, html

from dashboard import ids
from dashboard.domain import CHANNELS, GEOGRAPHIES, METRIC_SPECS, METRICS, PRODUCTS, Geography
from dashboard.i18n import t
from dashboard.state import SCHEMES, ViewState, parse_date
from geodata import reference

if TYPE_CHECKING:
    from dashboard.context import AppContext

# (component id, property) of every control, in callback order; values are keyed "id.prop".
CONTROLS: Final = (
    (ids.PRODUCT, "value"),
    (ids.METRIC, "value"),
    (ids.GEOGRAPHY, "value"),
    (ids.SCHEME, "value"),
    (ids.REGION, "value"),
    (ids.PROVINCE, "value"),
    (ids.DISTRICT, "value"),
    (ids.DATES, "start_date"),
    (ids.DATES, "end_date"),
    (ids.CHANNELS, "value"),
)
CONTROL_KEYS: Final = tuple(f"{cid}.{prop}" for cid, prop in CONTROLS)
CONTROL_IDS: Final = frozenset(cid for cid, _ in CONTROLS)
# Outputs besides the values: options and enabled state that depend on the view.
_EXTRA_OUTPUTS: Final = (
    (ids.REGION, "disabled"),
    (ids.PROVINCE, "options"),
    (ids.DISTRICT, "options"),
    (ids.DISTRICT, "disabled"),
)
# What ``values_for`` sets, in its order.
OUTPUTS: Final = (*CONTROLS, *_EXTRA_OUTPUTS)


def value_inputs() -> list[Input]:
    return [Input(cid, prop) for cid, prop in CONTROLS]


def value_outputs() -> list[Output]:
    return [Output(cid, prop) for cid, prop in OUTPUTS]


def product_control(
    lang: str, control_id: str = ids.PRODUCT, *, label_key: str = "product"
) -> html.Div:
    """The product switch (voluntary social insurance or household health insurance): every
    figure of a screen counts the product chosen here; its value comes from the URL. The map
    screen replaces the options' labels with each product's national count
    (``overview_draw.product_options``)."""
    return _labelled(
        t(label_key, lang),
        control_id,
        dcc.RadioItems(
            id=control_id,
            options=[{"label": t(f"value_product_{p}", lang), "value": p} for p in PRODUCTS],
            className="product-switch",
            inline=True,
        ),
        extra_class="product-control",
    )


def filter_panel(lang: str, ctx: AppContext) -> html.Div:
    """Metric, geography, classification and the filters; values come from the URL."""
    settings = ctx.settings
    regions = reference.regions()
    return html.Div(
        className="card controls",
        children=[
            _labelled(
                t("metric", lang),
                ids.METRIC,
                dcc.Dropdown(
                    id=ids.METRIC,
                    options=[
                        {"label": t(METRIC_SPECS[m].label_key, lang), "value": m} for m in METRICS
                    ],
                    clearable=False,
                    searchable=False,
                ),
            ),
            html.Div(
                className="control-row",
                children=[
                    _labelled(
                        t("geography", lang),
                        ids.GEOGRAPHY,
                        dcc.RadioItems(
                            id=ids.GEOGRAPHY,
                            options=[
                                {
                                    "label": t(
                                        f"geography_{g}",
                                        lang,
                                        provinces=reference.province_count(g),
                                    ),
                                    "value": g,
                                }
                                for g in GEOGRAPHIES
                            ],
                            className="segmented",
                            inline=True,
                        ),
                    ),
                    _labelled(
                        t("scheme", lang),
                        ids.SCHEME,
                        dcc.Dropdown(
                            id=ids.SCHEME,
                            options=[
                                {"label": t(f"scheme_{s}", lang), "value": s} for s in SCHEMES
                            ],
                            clearable=False,
                            searchable=False,
                        ),
                    ),
                ],
            ),
            _labelled(
                t("region", lang),
                ids.REGION,
                dcc.Dropdown(
                    id=ids.REGION,
                    options=[
                        {"label": row[f"region_{lang}"], "value": row["region_code"]}
                        for _, row in regions.iterrows()
                    ],
                    placeholder=t("all_regions", lang),
                ),
            ),
            _labelled(
                t("province", lang),
                ids.PROVINCE,
                dcc.Dropdown(id=ids.PROVINCE, placeholder=t("all_provinces", lang)),
            ),
            _labelled(
                t("district", lang),
                ids.DISTRICT,
                dcc.Dropdown(id=ids.DISTRICT, placeholder=t("all_districts", lang)),
            ),
            _labelled(
                t("date_range", lang),
                ids.DATES,
                dcc.DatePickerRange(
                    id=ids.DATES,
                    min_date_allowed=settings.campaign_start.isoformat(),
                    max_date_allowed=settings.campaign_deadline.isoformat(),
                    initial_visible_month=settings.campaign_start.isoformat(),
                    display_format="DD/MM/YYYY" if lang == "vi" else "D MMM YYYY",
                    # Month names from the page's language (assets/locale.js): "Tháng 5/2022".
                    month_format="MMMM/YYYY" if lang == "vi" else "MMMM YYYY",
                    start_date_placeholder_text=t("date_from", lang),
                    end_date_placeholder_text=t("date_to", lang),
                    first_day_of_week=1,
                    clearable=True,
                ),
            ),
            _labelled(
                t("channels", lang),
                ids.CHANNELS,
                dcc.Checklist(
                    id=ids.CHANNELS,
                    options=[{"label": t(f"channel_{c}", lang), "value": c} for c in CHANNELS],
                    className="checklist",
                ),
            ),
        ],
    )


def _labelled(label: str, control_id: str, control: Any, extra_class: str = "") -> html.Div:
    return html.Div(
        className=f"control {extra_class}".strip(),
        children=[html.Label(label, htmlFor=control_id, className="control-label"), control],
    )


def values_for(state: ViewState, ctx: AppContext) -> list[Any]:
    """Every output of ``value_outputs()`` for ``state``, in order.

    Unit names keep their Vietnamese spelling in both languages: they are proper names.
    """
    if state.geography == "2025":
        units = reference.provinces_2025()
        province_options = [
            {"label": name, "value": code}
            for code, name in zip(units["province_code_2025"], units["full_name_vi"], strict=True)
        ]
    else:
        provinces = reference.provinces()
        if state.region:
            provinces = provinces[provinces["region_code"] == state.region]
        province_options = [
            {"label": name, "value": code}
            for code, name in zip(
                provinces["province_code"], provinces["full_name_vi"], strict=True
            )
        ]
    district_options: list[dict[str, str]] = []
    if state.geography == "2022" and state.province:
        districts = reference.districts()
        districts = districts[districts["province_code"] == state.province]
        district_options = [
            {"label": name, "value": code}
            for code, name in zip(
                districts["district_code"], districts["full_name_vi"], strict=True
            )
        ]
    return [
        state.product,
        state.metric,
        state.geography,
        state.scheme,
        state.region,
        state.province,
        state.district,
        state.start.isoformat() if state.start else None,
        state.end.isoformat() if state.end else None,
        list(state.channels) if state.channels else list(CHANNELS),
        state.geography == "2025",
        province_options,
        district_options,
        not district_options,
    ]


def apply(state: ViewState, trigger: str, values: dict[str, Any], ctx: AppContext) -> ViewState:
    """The view after the control ``trigger`` changed; ``values`` holds all control values."""
    if trigger == ids.PRODUCT and values[f"{ids.PRODUCT}.value"] in PRODUCTS:
        new = replace(state, product=values[f"{ids.PRODUCT}.value"])
    elif trigger == ids.METRIC and values[f"{ids.METRIC}.value"] in METRICS:
        new = replace(state, metric=values[f"{ids.METRIC}.value"])
    elif trigger == ids.GEOGRAPHY and values[f"{ids.GEOGRAPHY}.value"] in GEOGRAPHIES:
        new = state.with_geography(cast(Geography, values[f"{ids.GEOGRAPHY}.value"]))
    elif trigger == ids.SCHEME and values[f"{ids.SCHEME}.value"] in SCHEMES:
        new = replace(state, scheme=values[f"{ids.SCHEME}.value"])
    elif trigger == ids.REGION:
        new = replace(state, region=values[f"{ids.REGION}.value"], province=None, district=None)
    elif trigger == ids.PROVINCE:
        new = state.with_province(values[f"{ids.PROVINCE}.value"])
    elif trigger == ids.DISTRICT:
        new = replace(state, district=values[f"{ids.DISTRICT}.value"])
    elif trigger == ids.DATES:
        new = replace(
            state,
            start=_date(values[f"{ids.DATES}.start_date"]),
            end=_date(values[f"{ids.DATES}.end_date"]),
        )
    elif trigger == ids.CHANNELS:
        chosen = tuple(c for c in CHANNELS if c in (values[f"{ids.CHANNELS}.value"] or []))
        # Every channel ticked is the same view as no filter: keep the link short.
        new = replace(state, channels=() if len(chosen) == len(CHANNELS) else chosen)
    else:
        return state
    return new.validated(ctx.vocabulary)


def _date(text: str | None) -> dt.date | None:
    # The date picker may send a time after the day ("2022-06-01T00:00:00").
    return parse_date(text[:10] if text else None)
