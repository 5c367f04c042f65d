"""Choropleth maps of Vietnam's units on an offline MapLibre style.

Boundaries are never inlined: every trace names its GeoJSON by URL, which the browser fetches
once and caches. A figure therefore carries only codes, names and values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import (
    BACKDROP_COLOR,
    BORDER_COLOR,
    NO_DATA_COLOR,
    SEQUENTIAL_SCALE,
)

FEATURE_ID_KEY = "properties.code"


@dataclass(frozen=True)
class MapView:
    """Where the camera looks: centre and web-mercator zoom."""

    center_lat: float
    center_lon: float
    zoom: float


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
) -> go.Figure:
    """Draw ``values`` (columns ``code``, ``name``, ``value``) as a choropleth.

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
    """
    has_value = values["value"].notna()
    with_data = values[has_value]
    without_data = values[~has_value]
    traces: list[go.Choroplethmap] = []
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
                tuple(f"{name}<br>{no_data_label}" for name in without_data["name"]),
                NO_DATA_COLOR,
                "no-data",
            )
        )
    traces.append(
        go.Choroplethmap(
            geojson=geojson_url,
            featureidkey=FEATURE_ID_KEY,
            locations=with_data["code"].to_list(),
            z=with_data["value"].to_list(),
            customdata=with_data[["name"]].to_numpy().tolist(),
            colorscale=[list(stop) for stop in SEQUENTIAL_SCALE],
            zmin=0,
            marker={"line": {"color": BORDER_COLOR, "width": 0.8}, "opacity": 0.92},
            # The legend sits on the sea west of the mainland, so the map keeps the full width.
            colorbar={
                "title": {"text": value_label, "side": "top"},
                "thickness": 14,
                "len": 0.42,
                "x": 0.01,
                "xanchor": "left",
                "y": 0.03,
                "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)",
                "tickformat": value_format,
            },
            hovertemplate=(
                f"<b>%{{customdata[0]}}</b><br>{value_label}: %{{z:{value_format}}}<extra></extra>"
            ),
            name="values",
        )
    )
    fig = go.Figure(traces)
    fig.update_layout(
        map={
            "style": map_style_url,
            "center": {"lat": view.center_lat, "lon": view.center_lon},
            "zoom": view.zoom,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        uirevision=uirevision,
        showlegend=False,
        clickmode="event",
    )
    return fig


def _flat_layer(
    geojson_url: str, codes: tuple[str, ...], hover_texts: tuple[str, ...], color: str, name: str
) -> go.Choroplethmap:
    """A single-colour layer: a constant z on a one-colour scale, no colour bar."""
    return go.Choroplethmap(
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
