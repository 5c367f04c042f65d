"""Choropleth maps of Vietnam's units on an offline MapLibre style.

Boundaries are never inlined: every trace names its GeoJSON by URL, which the browser fetches
once and caches. A figure therefore carries only codes, names and values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.figures.style import (
    BACKDROP_COLOR,
    BORDER_COLOR,
    HIGHLIGHT_COLOR,
    LABEL_FONT,
    MUTED_TEXT_COLOR,
    NO_DATA_COLOR,
    SEQUENTIAL_SCALE,
    TEXT_COLOR,
    stepped_scale,
)

FEATURE_ID_KEY = "properties.code"


@dataclass(frozen=True)
class MapView:
    """Where the camera looks: centre and web-mercator zoom, and the box it must show.

    ``fit`` (west, south, east, north) travels in ``layout.meta``: the browser refits the
    camera to the map's real size (assets/mapfit.js), which the server cannot know.
    """

    center_lat: float
    center_lon: float
    zoom: float
    fit: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Labels:
    """Names written on the map, one per point, in placement priority order (first wins).

    MapLibre drops a label that would overlap one placed before it, so the order decides
    which names survive when space is short. ``size`` is in CSS pixels at the fitted zoom.
    """

    lons: tuple[float, ...]
    lats: tuple[float, ...]
    texts: tuple[str, ...]
    size: float


@dataclass(frozen=True)
class Legend:
    """Classes of the units that have a value, in the order of ``values``' non-missing rows."""

    classes: tuple[int, ...]
    labels: tuple[str, ...]
    value_texts: tuple[str, ...]


@dataclass(frozen=True)
class Highlight:
    code: str


@dataclass(frozen=True)
class Inset:
    """Far-off units drawn in a small second map in a corner (an archipelago), so that the
    main map can frame the mainland alone.

    ``fit`` (west, south, east, north) is the box the inset's camera shows, ``domain`` its
    place in the figure as fractions (x0, x1, y0, y1), ``labels`` its names, ``islands`` a
    point on each island.
    """

    codes: tuple[str, ...]
    fit: tuple[float, float, float, float]
    domain: tuple[float, float, float, float]
    labels: Labels
    # (lon, lat) of each island, marked with a dot: islands far below a pixel at its zoom.
    islands: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Backdrop:
    """Units drawn in a flat colour under the data layer (e.g. the other provinces)."""

    geojson_url: str
    codes: tuple[str, ...]
    names: tuple[str, ...]


def choropleth_map(
    values: pd.DataFrame,
    *,
    geojson_url: str,
    value_label: str,
    no_data_label: str,
    map_style_url: str,
    view: MapView,
    value_format: str = ",.0f",
    backdrop: Backdrop | None = None,
    uirevision: str = "national",
    legend: Legend | None = None,
    highlight: Highlight | None = None,
    labels: Labels | None = None,
    details: Mapping[str, str] | None = None,
    hover_label: str | None = None,
    inset: Inset | None = None,
    style: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Draw ``values`` (columns ``code``, ``name``, ``value``) as a choropleth figure dict.

    Units whose value is missing (NaN) are drawn in the "no data" grey with a hover that says
    so, never as zero. The data trace is last so that clicks land on it.

    Args:
        values: one row per unit to draw.
        geojson_url: URL of the GeoJSON whose features carry ``properties.code``.
        value_label: what the value is, for the hover and the colour bar.
        no_data_label: the hover text of units without a value.
        map_style_url: URL of a MapLibre style JSON served locally.
        view: camera position.
        value_format: d3 format of the value in hovers (separators follow the layout).
        backdrop: optional flat-coloured context units drawn underneath.
        uirevision: keeps the user's pan/zoom until this changes.
        legend: classes to colour by (one colour per class, bounds as legend labels) and
            the hover text of each value; without it the scale is continuous.
        highlight: a unit outlined on top (the selected district).
        labels: names drawn on top with the app's own glyphs; they take no hover or click.
        details: per unit code, lines the hover adds under the value (each starting "<br>").
        hover_label: what the hover calls the value (default ``value_label``).
        inset: units shown in a second, small map in a corner instead of in the main frame.
        style: extra layout properties (the house look, see ``style.style_layout``).
    """
    details = details or {}
    has_value = values["value"].notna()
    with_data = values[has_value]
    without_data = values[~has_value]
    traces: list[dict[str, Any]] = []
    if backdrop is not None:
        traces.append(
            _flat_layer(
                backdrop.geojson_url, backdrop.codes, backdrop.names, BACKDROP_COLOR, "backdrop"
            )
        )
    if len(without_data):
        traces.append(
            _flat_layer(
                geojson_url,
                tuple(without_data["code"]),
                tuple(
                    f"{name}<br>{no_data_label}{details.get(code, '')}"
                    for code, name in zip(without_data["code"], without_data["name"], strict=True)
                ),
                NO_DATA_COLOR,
                "no-data",
            )
        )
    # The legend sits on the sea west of the mainland, so the map keeps the full width.
    colorbar: dict[str, Any] = {
        "title": {"text": value_label, "side": "top"},
        "thickness": 14,
        "len": 0.42,
        "x": 0.01,
        "xanchor": "left",
        "y": 0.03,
        "yanchor": "bottom",
        "bgcolor": "rgba(255,255,255,0.85)",
        "tickformat": value_format,
    }
    if legend is not None and legend.labels:
        present = [c for c in legend.classes if c >= 0]
        z: list[float] = [float(c) for c in present]
        colorscale = stepped_scale(len(legend.labels))
        colorbar |= {
            "tickvals": list(range(len(legend.labels))),
            "ticktext": list(legend.labels),
            "tickformat": None,
        }
        z_range: dict[str, float] = {"zmin": -0.5, "zmax": len(legend.labels) - 0.5}
        hover_value = "%{customdata[1]}"
        customdata = [
            [n, v, details.get(c, "")]
            for c, n, v in zip(
                with_data["code"], with_data["name"], legend.value_texts, strict=True
            )
        ]
    else:
        z = with_data["value"].to_list()
        colorscale = [list(stop) for stop in SEQUENTIAL_SCALE]
        z_range = {"zmin": 0}
        hover_value = f"%{{z:{value_format}}}"
        customdata = [
            [n, "", details.get(c, "")]
            for c, n in zip(with_data["code"], with_data["name"], strict=True)
        ]
    traces.append(
        dict(
            type="choroplethmap",
            geojson=geojson_url,
            featureidkey=FEATURE_ID_KEY,
            locations=with_data["code"].to_list(),
            z=z,
            customdata=customdata,
            colorscale=colorscale,
            marker={"line": {"color": BORDER_COLOR, "width": 0.8}, "opacity": 0.92},
            colorbar=colorbar,
            hovertemplate=(
                f"<b>%{{customdata[0]}}</b><br>{hover_label or value_label}: {hover_value}"
                "%{customdata[2]}<extra></extra>"
            ),
            name="values",
            **z_range,
        )
    )
    if highlight is not None:
        traces.append(
            dict(
                type="choroplethmap",
                geojson=geojson_url,
                featureidkey=FEATURE_ID_KEY,
                locations=[highlight.code],
                z=[0],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": HIGHLIGHT_COLOR, "width": 3}},
                hoverinfo="skip",
                name="highlight",
            )
        )
    if labels is not None and labels.texts:
        traces.append(label_layer(labels))
    layout = {
        "map": {
            "style": map_style_url,
            "center": {"lat": view.center_lat, "lon": view.center_lon},
            "zoom": view.zoom,
        },
        "meta": {"fit": list(view.fit) if view.fit else None},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "uirevision": uirevision,
        "showlegend": False,
        "clickmode": "event",
        **(style or {}),
    }
    if inset is not None:
        traces += _inset_traces(traces, inset)
        layout |= _inset_layout(inset, map_style_url)
        # With a second map, plotly would share the box between the two: the main map keeps
        # all of it, the inset lies over its corner.
        layout["map"]["domain"] = {"x": [0, 1], "y": [0, 1]}
        layout["meta"]["inset"] = {"fit": list(inset.fit), "domain": list(inset.domain)}
    # A plain figure dict: building plotly objects costs ~30 ms per map, most of a filter
    # change's server time. The tests validate the dict by building a go.Figure from it.
    return {"data": traces, "layout": layout}


def _inset_traces(traces: list[dict[str, Any]], inset: Inset) -> list[dict[str, Any]]:
    """The inset's units, coloured as in the main map (copies of their traces on ``map2``)."""
    copies: list[dict[str, Any]] = []
    for trace in traces:
        if trace["name"] not in ("values", "no-data"):
            continue
        keep = [i for i, code in enumerate(trace["locations"]) if code in inset.codes]
        if not keep:
            continue
        copy = dict(trace, subplot="map2", showscale=False, name="inset")
        for key in ("locations", "z", "customdata", "text"):
            if key in trace:
                copy[key] = [trace[key][i] for i in keep]
        copies.append(copy)
    if inset.islands:
        lons, lats = zip(*inset.islands, strict=True)
        copies.append(
            dict(
                type="scattermap",
                mode="markers",
                lon=list(lons),
                lat=list(lats),
                marker={"size": 5, "color": MUTED_TEXT_COLOR},
                hoverinfo="skip",
                showlegend=False,
                subplot="map2",
                name="inset-islands",
            )
        )
    if inset.labels.texts:
        copies.append(dict(label_layer(inset.labels), subplot="map2", name="inset-labels"))
    return copies


def _inset_layout(inset: Inset, map_style_url: str) -> dict[str, Any]:
    """The second map's place and camera, and a frame drawn round it."""
    west, south, east, north = inset.fit
    x0, x1, y0, y1 = inset.domain
    return {
        "map2": {
            "style": map_style_url,
            "domain": {"x": [x0, x1], "y": [y0, y1]},
            "center": {"lat": (south + north) / 2, "lon": (west + east) / 2},
            "zoom": 4,
        },
        "shapes": [
            {
                "type": "rect",
                "xref": "paper",
                "yref": "paper",
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "line": {"color": MUTED_TEXT_COLOR, "width": 1.5},
                "layer": "above",
            }
        ],
    }


def label_layer(labels: Labels) -> dict[str, Any]:
    """A text-only scattermap trace: MapLibre places it with collision detection."""
    return dict(
        type="scattermap",
        mode="text",
        lon=list(labels.lons),
        lat=list(labels.lats),
        text=list(labels.texts),
        textfont={"family": LABEL_FONT, "size": labels.size, "color": TEXT_COLOR},
        textposition="middle center",
        hoverinfo="skip",
        showlegend=False,
        name="labels",
    )


def _flat_layer(
    geojson_url: str, codes: tuple[str, ...], hover_texts: tuple[str, ...], color: str, name: str
) -> dict[str, Any]:
    """A single-colour layer: a constant z on a one-colour scale, no colour bar."""
    return dict(
        type="choroplethmap",
        geojson=geojson_url,
        featureidkey=FEATURE_ID_KEY,
        locations=list(codes),
        z=[0] * len(codes),
        text=list(hover_texts),
        colorscale=[[0, color], [1, color]],
        showscale=False,
        marker={"line": {"color": BORDER_COLOR, "width": 0.6}},
        hovertemplate="%{text}<extra></extra>",
        name=name,
    )
