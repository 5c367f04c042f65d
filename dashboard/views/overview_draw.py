"""What the map screen draws for a view: the map, titles, gauges, pace line and ranking rows.

Pure functions of a ``ViewState`` and the app context, so callbacks stay one-liners and tests
call these directly.
"""

from __future__ import annotations

from typing import Any, Final, cast

import dash_ag_grid as dag
import numpy as np
from dash import html

from dashboard import ids
from dashboard.components.graphs import grid_columns, sized_graph
from dashboard.components.grid_locale import grid_locale
from dashboard.context import AppContext
from dashboard.domain import MetricSpec, metric_spec
from dashboard.figures.classify import classify
from dashboard.figures.gauges import progress_gauge
from dashboard.figures.maps import (
    Backdrop,
    Highlight,
    Inset,
    Labels,
    Legend,
    MapView,
    choropleth_map,
)
from dashboard.figures.pace import pace_chart
from dashboard.figures.style import class_colors, style_layout
from dashboard.i18n import (
    VIETNAM_TIME,
    format_date,
    format_moment,
    format_number,
    format_percent,
    plotly_date_formats,
    t,
)
from dashboard.services import Progress
from dashboard.state import ViewState
from dashboard.views.map_frame import archipelago_inset, frame_bounds, unit_labels
from geodata import reference
from geodata.assets import Bounds, Manifest, zoom_for_bounds

# Map sizes the camera is fitted to (CSS pixels of the map card at 1920x1080 and on laptops).
MAP_SIZE: Final = {False: (900, 700), True: (1150, 900)}


def gauge_graph(component_id: str, lang: str) -> html.Div:
    return sized_graph(component_id, box_class="gauge", lang=lang, modebar=False)


def format_value(value: float, spec: MetricSpec, lang: str) -> str:
    if spec.percent:
        return format_percent(value, lang, spec.decimals)
    return format_number(value, lang, spec.decimals)


def build_map(state: ViewState, ctx: AppContext) -> dict[str, Any]:
    """The choropleth for ``state``: provinces (2022 or 2025), or one province's districts."""
    lang = state.lang
    service = ctx.service
    values = service.map_values(state.metric, ctx.filters(state))
    unit = metric_spec(state.metric, values.attrs.get("unit"))
    present = values["value"].dropna()
    classes = classify(present.to_numpy(dtype="float64"), scheme=state.scheme)
    scale = 100 if unit.percent else 1
    legend = Legend(
        classes=classes.classes,
        labels=tuple(
            # Per the language, as format_percent writes it: "87 %" (vi), "87%" (en).
            label + ((" %" if lang == "vi" else "%") if unit.percent else "")
            for label in _scaled(classes, scale).labels(lang, unit.decimals)
        ),
        value_texts=tuple(format_value(v, unit, lang) for v in present),
    )
    label = t(unit.unit_label_key, lang)
    common: dict[str, Any] = {
        "value_label": label,
        "no_data_label": t("no_data", lang),
        "map_style_url": ctx.assets.style_url,
        "legend": legend,
        "style": style_layout(lang=lang, presenter=state.present),
    }
    size = MAP_SIZE[state.present]
    bounds = _camera_bounds(state, ctx.manifest, values["code"])
    lat, lon, zoom = zoom_for_bounds(bounds, width_px=size[0], height_px=size[1])
    view = MapView(lat, lon, zoom, fit=bounds)
    common["labels"] = _labels(state, ctx, values)
    common["details"] = hover_details(state, ctx)
    common["hover_label"] = t(unit.label_key, lang)
    if state.geography == "2025":
        fig = choropleth_map(
            values,
            geojson_url=ctx.assets.provinces_2025_url,
            view=view,
            uirevision=f"2025-{state.province}",
            highlight=Highlight(state.province) if state.province else None,
            **common,
        )
    elif state.province is None:
        provinces = reference.provinces()
        outside = provinces[~provinces["province_code"].isin(values["code"])]
        fig = choropleth_map(
            values,
            geojson_url=ctx.assets.provinces_2022_url,
            view=view,
            uirevision=f"2022-{state.region}",
            backdrop=_backdrop(ctx, outside) if len(outside) else None,
            **common,
        )
    else:
        provinces = reference.provinces()
        others = provinces[provinces["province_code"] != state.province]
        fig = choropleth_map(
            values,
            geojson_url=ctx.assets.districts_url(state.province),
            view=view,
            uirevision=f"2022-province-{state.province}",
            backdrop=_backdrop(ctx, others),
            highlight=Highlight(state.district) if state.district else None,
            inset=_inset(state, ctx),
            **common,
        )
    return fig


def legend_strip(figure: dict[str, Any]) -> list[html.Span]:
    """The map's classes as a row of swatches and bounds, for a box too narrow for the
    colour bar (the stylesheet shows one or the other)."""
    values = [trace for trace in figure["data"] if trace.get("name") == "values"]
    bar = values[0].get("colorbar", {}) if values else {}
    labels = bar.get("ticktext") or []
    if not labels:
        return []
    title = html.Span(bar["title"]["text"], className="legend-title")
    return [
        title,
        *(
            html.Span(
                [html.I(className="legend-swatch", style={"background": color}), label],
                className="legend-class",
            )
            for color, label in zip(class_colors(len(labels)), labels, strict=True)
        ),
    ]


def _scaled(classes: Any, scale: float) -> Any:
    if scale == 1:
        return classes
    return type(classes)(
        lower=classes.lower * scale,
        bounds=tuple(b * scale for b in classes.bounds),
        classes=classes.classes,
    )


def _backdrop(ctx: AppContext, provinces: Any) -> Backdrop:
    return Backdrop(
        geojson_url=ctx.assets.provinces_2022_url,
        codes=tuple(provinces["province_code"]),
        names=tuple(provinces["display_name_vi"]),
    )


def _inset(state: ViewState, ctx: AppContext) -> Inset | None:
    """A district view's archipelago, in a corner of its own (Đà Nẵng, Khánh Hòa)."""
    if state.province is None or state.geography == "2025":
        return None
    return archipelago_inset(ctx.manifest, state.province, lang=state.lang, presenter=state.present)


def _camera_bounds(state: ViewState, manifest: Manifest, codes: Any) -> Bounds:
    """The whole country, or the provinces (2022 or 2025) or the one province in view."""
    if state.province:
        return frame_bounds(
            manifest,
            geography=state.geography,
            codes=[state.province],
            district_view=state.geography == "2022",
        )
    if state.region is None:
        return manifest.national_bounds
    return frame_bounds(manifest, geography=state.geography, codes=codes)


def _labels(state: ViewState, ctx: AppContext, values: Any) -> Labels:
    """Unit names; in presenter mode with each unit's value, for an audience that cannot hover."""
    if state.geography == "2025":
        layer = "provinces_2025"
    else:
        layer = "districts_2022" if state.province else "provinces_2022"
    spec = metric_spec(state.metric, values.attrs.get("unit"))
    shown = None
    if state.present:
        present = values.dropna(subset=["value"])
        shown = {
            str(code): format_value(value, spec, state.lang)
            for code, value in zip(present["code"], present["value"], strict=True)
        }
    inset = _inset(state, ctx)
    return unit_labels(
        ctx.manifest,
        layer=layer,
        codes=[str(code) for code in values["code"] if inset is None or code not in inset.codes],
        lang=state.lang,
        presenter=state.present,
        values=shown,
    )


def view_title(state: ViewState) -> str:
    """The name of the area in view, as a heading."""
    lang = state.lang
    if state.geography == "2025":
        if state.province:
            units = reference.provinces_2025().set_index("province_code_2025")
            return str(units.at[state.province, "full_name_vi"])
        return t("national_view_2025", lang, provinces=reference.province_count("2025"))
    if state.district:
        districts = reference.districts().set_index("district_code")
        return str(districts.at[state.district, "full_name_vi"])
    if state.province:
        provinces = reference.provinces().set_index("province_code")
        return str(provinces.at[state.province, "full_name_vi"])
    if state.region:
        regions = reference.regions().set_index("region_code")
        return str(regions.at[state.region, f"region_{lang}"])
    return t("national_view", lang)


def product_name(state: ViewState) -> str:
    """The name of the product the view counts."""
    return t(f"value_product_{state.product}", state.lang)


def with_product(title: str, state: ViewState) -> str:
    """A heading that names the product its figures count: "Provinces ranked · ..."."""
    return f"{title} · {product_name(state)}"


def product_options(state: ViewState, ctx: AppContext) -> list[dict[str, Any]]:
    """The product switch's options: both products' national counts side by side (the view's
    period and channels), each against its own target."""
    lang = state.lang
    summary = ctx.service.products_summary(ctx.filters(state))
    return [
        {
            "label": html.Span(
                className="product-figure",
                children=[
                    html.Span(t(f"value_product_{product}", lang), className="product-name"),
                    html.Span(format_number(progress.value, lang), className="product-count"),
                    # "Target: 10.000" and "98 % of target" on lines of their own.
                    *(
                        html.Span(part, className="product-target")
                        for part in target_text(progress, lang, national=True).split(" · ")
                    ),
                ],
            ),
            "value": product,
        }
        for product, progress in summary.items()
    ]


def view_subtitle(state: ViewState, ctx: AppContext) -> str:
    """Metric, product, period and channels in one line, so a screenshot says what it shows."""
    lang = state.lang
    start, end = ctx.filters(state).period
    parts = [
        t(metric_spec(state.metric).label_key, lang),
        product_name(state),
        t("data_period", lang, start=format_date(start, lang), end=format_date(end, lang)),
    ]
    if state.channels:
        parts.append(", ".join(t(f"channel_{c}", lang) for c in state.channels))
    return " · ".join(parts)


def freshness(state: ViewState, ctx: AppContext) -> str:
    """How fresh the figures in view are: when the last import arrived, or, for a province,
    when its own enrollments were last loaded."""
    lang = state.lang
    if state.province is None:
        last = ctx.service.status().last_import_at
        if last is None:
            return t("freshness_none", lang, name=t("national_view", lang))
        return t("freshness_national", lang, when=format_moment(last, lang))
    if state.geography == "2025":
        units = reference.provinces_2025().set_index("province_code_2025")
        name = str(units.at[state.province, "name_vi"])
    else:
        name = str(reference.provinces().set_index("province_code").at[state.province, "name_vi"])
    at = ctx.service.last_imports(state.geography).get(state.province)
    if at is None:
        return t("freshness_none", lang, name=name)
    return t("freshness_area", lang, name=name, when=format_moment(at, lang))


def map_hint(state: ViewState) -> str:
    if state.geography == "2025":
        return t("click_hint_2025", state.lang)
    if state.province:
        return t("click_hint_district", state.lang)
    return t("click_hint", state.lang)


def boundary_note(state: ViewState, manifest: Manifest) -> str | None:
    """Say which districts of the selected province have no polygon, instead of drawing nothing."""
    if state.province is None or state.geography != "2022":
        return None
    missing = manifest.districts_without_geometry.get(state.province, ())
    if not missing:
        return None
    districts = reference.districts().set_index("district_code")
    names = ", ".join(f"{districts.at[code, 'full_name_vi']!s} ({code})" for code in missing)
    return t("no_district_boundaries", state.lang, count=len(missing), names=names)


def hover_details(state: ViewState, ctx: AppContext) -> dict[str, str]:
    """Per unit code, the map tooltip's lines under the metric's value: new participants,
    target and share of it, rank among the units drawn, and the participants needed per day
    from the last day counted to reach the target by the deadline."""
    lang = state.lang
    filters = ctx.filters(state)
    table = ctx.service.ranking(filters)
    days_left = ctx.service.days_to_deadline(filters)
    deadline = format_date(ctx.settings.campaign.deadline, lang)
    details: dict[str, str] = {}
    count = len(table)
    columns = zip(
        table["code"].astype(str),
        table["new_enrollments"].to_numpy(dtype="float64"),
        table["target"].to_numpy(dtype="float64"),
        table["rank"].to_numpy(dtype="float64", na_value=np.nan),
        strict=True,
    )
    for code, enrolled, target, rank in columns:
        lines = []
        if state.metric != "new_enrollments" and not np.isnan(enrolled):
            lines.append(f"{t('metric_new_enrollments', lang)}: {format_number(enrolled, lang)}")
        if target > 0 and not np.isnan(enrolled):
            lines.append(target_line(int(enrolled), int(target), lang))
            lines.append(t("hover_rank", lang, rank=int(rank), count=count))
            missing = float(target - enrolled)
            if missing <= 0:
                lines.append(t("hover_target_reached", lang))
            elif days_left > 0:
                per_day = missing / days_left
                needed = format_number(per_day, lang, 1 if per_day < 10 else 0)
                lines.append(t("hover_needed_per_day", lang, count=needed, deadline=deadline))
        details[code] = "".join(f"<br>{line}" for line in lines)
    return details


def target_line(value: int, target: int | None, lang: str) -> str:
    """ "Chỉ tiêu: 1.100 · 56 % so với chỉ tiêu", or that there is no target."""
    if not target:
        return t("no_target", lang)
    share = format_percent(value / target, lang)
    return f"{t('target', lang)}: {format_number(target, lang)} · {share} {t('of_target', lang)}"


def target_text(progress: Progress, lang: str, *, national: bool = False) -> str:
    """``target_line`` of ``progress``; without a target, a national one is a setting not set
    ("no target set"), an area's a targets file not loaded ("no target loaded")."""
    if progress.target:
        return target_line(progress.value, progress.target, lang)
    return t("no_target_set" if national else "no_target", lang)


def build_gauge(
    progress: Progress, *, title: str, state: ViewState, national: bool = False
) -> dict[str, Any]:
    lang = state.lang
    target_label = target_text(progress, lang, national=national)
    return progress_gauge(
        progress.value,
        progress.target or 0,
        title=title,
        target_label=target_label,
        large=state.present,
        style=style_layout(lang=lang, presenter=state.present),
    )


def build_pace(state: ViewState, ctx: AppContext) -> dict[str, Any]:
    """Cumulative enrollments against the straight pace to the target by the deadline."""
    lang = state.lang
    campaign = ctx.settings.campaign
    series = ctx.service.pace(ctx.filters(state))
    return pace_chart(
        series.days,
        series.cumulative,
        target=series.target or 0,
        start=campaign.start,
        deadline=campaign.deadline,
        labels={
            "actual": t("pace_actual", lang),
            "needed": t("pace_needed", lang),
            "target": t("target", lang),
        },
        date_formats=plotly_date_formats(lang),
        large=state.present,
        style=style_layout(lang=lang, presenter=state.present),
    )


RANKING_COLUMNS: Final = (
    ("rank", "rank", "number"),
    ("name", "province", "text"),
    ("region", "region", "text"),
    ("new_enrollments", "metric_new_enrollments", "number"),
    ("target", "target", "number"),
    ("target_share", "metric_target_share", "percent"),
    ("per_10k", "metric_per_10k", "decimal"),
    ("events", "metric_events", "number"),
    ("last_import", "ranking_last_import", "moment"),
)


def ranking_columns(state: ViewState) -> list[dict[str, Any]]:
    """The ranking's columns; an open province's districts are named as districts."""
    column_defs = grid_columns(RANKING_COLUMNS, state.lang)
    column_defs[0] |= {"width": 100, "minWidth": 100, "maxWidth": 100, "flex": 0}
    column_defs[0] |= {"sort": "asc", "pinned": "left", "filter": False}
    column_defs[1] |= {"minWidth": 170, "pinned": "left"}
    if _district_level(state):
        column_defs[1]["headerName"] = t("district", state.lang)
    # Imports are per province: the districts' column would be empty (the title card says
    # when the province was last loaded).
    column_defs[-1]["hide"] = _district_level(state)
    return column_defs


def ranking_title(state: ViewState) -> str:
    if _district_level(state):
        provinces = reference.provinces().set_index("province_code")
        name = str(provinces.at[state.province, "full_name_vi"])
        return with_product(t("ranking_title_districts", state.lang, province=name), state)
    return with_product(t("ranking_title", state.lang), state)


def _district_level(state: ViewState) -> bool:
    return state.geography == "2022" and state.province is not None


def ranking_grid(state: ViewState) -> dag.AgGrid:
    """The ranking of the units the map draws: sortable, filterable, exportable to CSV, and a
    click on a row selects its area (``ranking_click``)."""
    return dag.AgGrid(
        id=ids.RANKING,
        columnDefs=ranking_columns(state),
        rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 90},
        dashGridOptions={
            "animateRows": False,
            "domLayout": "normal",
            "localeText": grid_locale(state.lang),
        },
        getRowId="params.data.code",
        className="ag-theme-alpine ranking-grid",
        style={"height": "100%" if state.present else "420px"},
    )


def ranking_rows(state: ViewState, ctx: AppContext) -> list[dict[str, Any]]:
    """Ranking rows for the view's filters (period, channels, region; the districts of an open
    province), best share first."""
    frame = ctx.service.ranking(ctx.filters(state))
    regions = reference.regions().set_index("region_code")[f"region_{state.lang}"]
    # How fresh each province's figures are (districts: their province's, shown in the title).
    last = {
        code: at.astimezone(VIETNAM_TIME).strftime("%Y-%m-%dT%H:%M")
        for code, at in ctx.service.last_imports(state.geography).items()
    }
    frame = frame.assign(
        region=frame["region_code"].map(regions),
        last_import=frame["code"].map(last) if not _district_level(state) else None,
    )
    # The code travels with each row (not a column, so not in the CSV): a click selects it.
    columns = ["code", *(field for field, _, _ in RANKING_COLUMNS)]
    records = cast(list[dict[str, Any]], frame[columns].to_dict("records"))
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and np.isnan(value):
                record[key] = None
    return records


PRINT_COLUMNS: Final = ("rank", "name", "new_enrollments", "target", "target_share")


def ranking_table(state: ViewState, ctx: AppContext) -> html.Table:
    """The ranking as a plain table for paper: every row, in the view's language."""
    lang = state.lang
    heads = {key: t(label, lang) for key, label, _ in RANKING_COLUMNS}
    if _district_level(state):
        heads["name"] = t("district", lang)
    body = []
    for row in ranking_rows(state, ctx):
        share = row["target_share"]
        cells = [
            "–" if row["rank"] is None else str(row["rank"]),
            row["name"],
            format_number(row["new_enrollments"], lang),
            format_number(row["target"], lang),
            format_percent(share, lang),
        ]
        body.append(html.Tr([html.Td(cell) for cell in cells]))
    return html.Table(
        className="print-ranking",
        children=[
            html.Thead(html.Tr([html.Th(heads[key]) for key in PRINT_COLUMNS])),
            html.Tbody(body),
        ],
    )
