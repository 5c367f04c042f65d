"""Maps of the field work: vehicle tracks and stops over reached districts, and event sites.

Pure builders: tables in, ``go.Figure`` out, on the offline MapLibre style. District shapes are
named by URL (the browser fetches the file once), never inlined.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.maps import FEATURE_ID_KEY, MapView
from dashboard.figures.style import BORDER_COLOR, NO_DATA_COLOR

# Colour-blind safe pairs (Okabe-Ito): one colour per vehicle type, one per event level.
VEHICLE_COLORS: Final = {"car": "#0072b2", "motorbike": "#d55e00"}
OTHER_VEHICLE_COLOR: Final = "#7f7f7f"
REACHED_COLOR: Final = "#7fcdbb"
NOT_REACHED_COLOR: Final = NO_DATA_COLOR
LEVEL_COLORS: Final = {
    "central": "#d1495b",
    "province": "#0072b2",
    "district": "#009e73",
    "commune": "#e69f00",
}
# Marker diameters in pixels for the largest value on the map.
MAX_STOP_SIZE: Final = 16
MAX_SITE_SIZE: Final = 48
MIN_SIZE: Final = 4


def route_map(
    points: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    districts: pd.DataFrame,
    reached: Sequence[str],
    geojson_url: str,
    map_style_url: str,
    view: MapView,
    labels: Mapping[str, str],
) -> go.Figure:
    """Tracks of one day as lines by vehicle type, its stops, and districts reached so far.

    Args:
        points: track points (``vehicle_id``, ``vehicle_type``, ``recorded_at``, ``lat``,
            ``lon``), drawn in time order per vehicle; each vehicle type is one line trace, its
            vehicles separated by a gap (None).
        stops: the day's stops (``lat``, ``lon``, ``stop_name``, ``people_reached``,
            ``vehicle_type``), sized by people reached.
        districts: ``code`` and ``name`` of the districts to shade.
        reached: codes of the districts reached so far; the others are "not reached".
        geojson_url: URL of a GeoJSON whose features carry ``properties.code``.
        labels: texts for ``reached``, ``not_reached``, ``people`` and each vehicle type.
    """
    traces: list[go.Choroplethmap | go.Scattermap] = []
    is_reached = districts["code"].isin(list(reached))
    for name, chosen, color in (
        ("not-reached", districts[~is_reached], NOT_REACHED_COLOR),
        ("reached", districts[is_reached], REACHED_COLOR),
    ):
        label = labels[name.replace("-", "_")]
        traces.append(_flat_districts(chosen, geojson_url, color, name, label))
    ordered = points.sort_values(["vehicle_type", "vehicle_id", "recorded_at"], kind="stable")
    for vehicle_type, rows in ordered.groupby("vehicle_type", sort=True):
        lat, lon = _with_gaps(rows)
        traces.append(
            go.Scattermap(
                lat=lat,
                lon=lon,
                mode="lines",
                name=labels.get(str(vehicle_type), str(vehicle_type)),
                meta=str(vehicle_type),
                line={"width": 3, "color": _vehicle_color(vehicle_type)},
                hoverinfo="skip",
            )
        )
    people = stops["people_reached"].fillna(0).to_numpy(dtype="float64")
    traces.append(
        go.Scattermap(
            lat=stops["lat"].to_list(),
            lon=stops["lon"].to_list(),
            mode="markers",
            name=labels["stops"],
            meta="stops",
            marker={
                "size": _sizes(people, MAX_STOP_SIZE).tolist(),
                "color": [_vehicle_color(v) for v in stops["vehicle_type"]],
                "opacity": 0.85,
            },
            # Stop names come from imported files: escaped, as plotly renders some HTML in hovers.
            customdata=[
                [html.escape(str(n)), int(p)]
                for n, p in zip(stops["stop_name"], people, strict=True)
            ],
            hovertemplate=f"%{{customdata[0]}}<br>{labels['people']}: %{{customdata[1]:,}}"
            "<extra></extra>",
        )
    )
    return _map_figure(traces, map_style_url, view, uirevision="routes")


def sites_map(
    sites: pd.DataFrame,
    *,
    map_style_url: str,
    view: MapView,
    labels: Mapping[str, str],
) -> go.Figure:
    """Event sites as bubbles sized by attendees + online viewers, one trace per level.

    ``sites`` has ``level``, ``place``, ``lat``, ``lon``, ``events``, ``attendees`` and
    ``online_viewers`` (one row per level and place). ``labels`` names each level and the
    ``events``, ``attendees`` and ``online_viewers`` hover lines.
    """
    reach = (sites["attendees"] + sites["online_viewers"]).to_numpy(dtype="float64")
    sizes = _sizes(reach, MAX_SITE_SIZE) if len(sites) else reach
    traces: list[go.Choroplethmap | go.Scattermap] = []
    hover = (
        "<b>%{customdata[0]}</b><br>"
        f"{labels['events']}: %{{customdata[1]:,}}<br>"
        f"{labels['attendees']}: %{{customdata[2]:,}}<br>"
        f"{labels['online_viewers']}: %{{customdata[3]:,}}<extra>%{{fullData.name}}</extra>"
    )
    # Central first in the legend but drawn last, so the kickoff is never hidden under others.
    for rank, (level, color) in reversed(list(enumerate(LEVEL_COLORS.items()))):
        keep = (sites["level"] == level).to_numpy(dtype=bool)
        rows = sites[keep]
        if rows.empty:
            continue
        traces.append(
            go.Scattermap(
                lat=rows["lat"].to_list(),
                lon=rows["lon"].to_list(),
                mode="markers",
                name=labels[level],
                meta=level,
                legendrank=rank,
                marker={"size": sizes[keep].tolist(), "color": color, "opacity": 0.7},
                customdata=rows[["place", "events", "attendees", "online_viewers"]]
                .astype(object)
                .values.tolist(),
                hovertemplate=hover,
            )
        )
    return _map_figure(traces, map_style_url, view, uirevision="events")


def _flat_districts(
    rows: pd.DataFrame, geojson_url: str, color: str, name: str, label: str
) -> go.Choroplethmap:
    return go.Choroplethmap(
        geojson=geojson_url,
        featureidkey=FEATURE_ID_KEY,
        locations=rows["code"].to_list(),
        z=[1] * len(rows),
        colorscale=[[0, color], [1, color]],
        showscale=False,
        showlegend=False,
        name=name,
        marker={"line": {"color": BORDER_COLOR, "width": 0.8}, "opacity": 0.8},
        text=[f"{n}<br>{label}" for n in rows["name"]],
        hovertemplate="%{text}<extra></extra>",
    )


def _with_gaps(rows: pd.DataFrame) -> tuple[list[float | None], list[float | None]]:
    """Coordinates of every vehicle's track, one after another, a None between vehicles."""
    lat: list[float | None] = []
    lon: list[float | None] = []
    for _vehicle, track in rows.groupby("vehicle_id", sort=False):
        if lat:
            lat.append(None)
            lon.append(None)
        lat += track["lat"].astype(float).to_list()
        lon += track["lon"].astype(float).to_list()
    return lat, lon


def _sizes(values: object, largest: float) -> pd.Series:
    """Marker diameters whose area grows with the value (the largest gets ``largest`` px)."""
    series = pd.Series(values, dtype="float64").fillna(0).clip(lower=0)
    top = float(series.max()) if len(series) else 0.0
    if top <= 0 or math.isnan(top):
        return pd.Series([float(MIN_SIZE)] * len(series))
    return (series / top).pow(0.5) * (largest - MIN_SIZE) + MIN_SIZE


def _vehicle_color(vehicle_type: object) -> str:
    return VEHICLE_COLORS.get(str(vehicle_type), OTHER_VEHICLE_COLOR)


def _map_figure(
    traces: Sequence[go.Choroplethmap | go.Scattermap],
    map_style_url: str,
    view: MapView,
    *,
    uirevision: str,
) -> go.Figure:
    fig = go.Figure(data=list(traces))
    fig.update_layout(
        map={
            "style": map_style_url,
            "center": {"lat": view.center_lat, "lon": view.center_lon},
            "zoom": view.zoom,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        uirevision=uirevision,
        legend={
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        showlegend=True,
    )
    return fig
