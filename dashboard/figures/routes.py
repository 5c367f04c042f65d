"""Maps of the field work: vehicle tracks and stops over reached districts, and event sites.

Pure builders: tables in, ``go.Figure`` out, on the offline MapLibre style. District shapes are
named by URL (the browser fetches the file once), never inlined.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.maps import FEATURE_ID_KEY, MapView
from dashboard.figures.style import BACKDROP_COLOR, BORDER_COLOR, NO_DATA_COLOR

# Colour-blind safe pairs (Okabe-Ito): one colour per vehicle type, one per event level.
VEHICLE_COLORS: Final = {"car": "#0072b2", "motorbike": "#d55e00"}
OTHER_VEHICLE_COLOR: Final = "#7f7f7f"
# Markers that total several vehicle types (a district's stops across the country).
TOTAL_COLOR: Final = "#444444"
PROVINCE_BORDER_COLOR: Final = "#4d4d4d"
PROVINCE_FILL: Final = "rgba(0,0,0,0)"
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
# Sites: small enough that the provinces under them still read at national zoom.
MAX_SITE_SIZE: Final = 30
MIN_SIZE: Final = 4


@dataclass(frozen=True)
class RouteLayers:
    """What one routes map draws, bottom to top.

    Attributes:
        districts: ``code`` and ``name`` of the districts to shade (reached or not).
        reached: codes of the districts reached so far; the others are "not reached".
        provinces: codes of the provinces whose boundaries are drawn over the shading.
        tracks: per vehicle type, float32 ``lat`` and ``lon`` of its tracks, NaN between two.
        sites: markers (``lat``, ``lon``, ``size_by``, ``hover``, ``vehicle_type`` or None
            for a total of several types); ``hover`` is HTML-escaped text.
    """

    districts: pd.DataFrame
    reached: Sequence[str]
    provinces: Sequence[str]
    tracks: Mapping[str, tuple[np.ndarray, np.ndarray]]
    sites: pd.DataFrame


def route_map(
    layers: RouteLayers,
    *,
    district_geojson_url: str,
    province_geojson_url: str,
    map_style_url: str,
    view: MapView,
    labels: Mapping[str, str],
    uirevision: str,
    style: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Tracks by vehicle type over district shading and province boundaries, with stop markers.

    Every symbol and shading has a legend entry: ``labels`` names ``reached``,
    ``not_reached``, ``province_border``, ``sites`` and each vehicle type. Coordinates travel
    as float32 typed arrays (base64 in the JSON), so a track point costs about 11 bytes.
    ``uirevision`` keeps the user's zoom while it stays the same (a new day, not a new area);
    ``style`` is merged into the layout (``style.style_layout``).

    Returns a plain figure dict, as the map screen's: building plotly objects for a day of
    the launch would cost more than the rest of the answer.
    """
    traces: list[dict[str, Any]] = []
    is_reached = layers.districts["code"].isin(list(layers.reached)).to_numpy(dtype=bool)
    for name, chosen, color in (
        ("not_reached", layers.districts[~is_reached], NOT_REACHED_COLOR),
        ("reached", layers.districts[is_reached], REACHED_COLOR),
    ):
        traces.append(_flat_districts(chosen, district_geojson_url, color, name, labels[name]))
    traces.append(_province_borders(layers.provinces, province_geojson_url, labels))
    # Area layers have no legend symbol of their own: an empty filled line stands for each.
    traces += [
        _legend_swatch(labels["not_reached"], NOT_REACHED_COLOR, BORDER_COLOR, "not_reached"),
        _legend_swatch(labels["reached"], REACHED_COLOR, BORDER_COLOR, "reached"),
        _legend_swatch(
            labels["province_border"], PROVINCE_FILL, PROVINCE_BORDER_COLOR, "provinces"
        ),
    ]
    for vehicle_type, (lat, lon) in sorted(layers.tracks.items()):
        traces.append(
            {
                "type": "scattermap",
                "lat": typed_array(lat),
                "lon": typed_array(lon),
                "mode": "lines",
                "name": labels.get(vehicle_type, vehicle_type),
                "meta": vehicle_type,
                "line": {"width": 2.5, "color": _vehicle_color(vehicle_type)},
                "connectgaps": False,
                "hoverinfo": "skip",
            }
        )
    sites = layers.sites
    traces.append(
        {
            "type": "scattermap",
            "lat": typed_array(sites["lat"].to_numpy()),
            "lon": typed_array(sites["lon"].to_numpy()),
            "mode": "markers",
            "name": labels["sites"],
            "meta": "stops",
            "marker": {
                "size": typed_array(_sizes(sites["size_by"], MAX_STOP_SIZE).to_numpy()),
                "color": [_vehicle_color(v) if v else TOTAL_COLOR for v in sites["vehicle_type"]],
                "opacity": 0.85,
            },
            "text": sites["hover"].to_list(),
            "hovertemplate": "%{text}<extra></extra>",
        }
    )
    layout = {**_map_layout(map_style_url, view, uirevision=uirevision), **(style or {})}
    # The next day's traces arrive as a patch: the camera the user left must stay in the
    # layout (assets/routecamera.js).
    layout["meta"] = {**layout["meta"], "followCamera": True}
    return {"data": traces, "layout": layout}


def typed_array(values: np.ndarray) -> dict[str, str]:
    """Numbers as plotly.js's typed-array form: float32, base64 (NaN stays a gap)."""
    data = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(data).decode("ascii")}


def sites_map(
    sites: pd.DataFrame,
    *,
    map_style_url: str,
    view: MapView,
    labels: Mapping[str, str],
    provinces: Sequence[str] = (),
    province_geojson_url: str = "",
) -> go.Figure:
    """Event sites as bubbles sized by attendees + online viewers, one trace per level, over
    the outlines of ``provinces`` (drawn from ``province_geojson_url``).

    ``sites`` has ``level``, ``place``, ``lat``, ``lon``, ``events``, ``attendees`` and
    ``online_viewers`` (one row per level and place). ``labels`` names each level, the
    ``events``, ``attendees`` and ``online_viewers`` hover lines and the
    ``province_border`` layer.
    """
    reach = (sites["attendees"] + sites["online_viewers"]).to_numpy(dtype="float64")
    sizes = _sizes(reach, MAX_SITE_SIZE) if len(sites) else reach
    traces: list[go.Choroplethmap | go.Scattermap] = []
    if provinces:
        # Under the sites: the places are read against the provinces they lie in.
        traces.append(
            go.Choroplethmap(
                _province_borders(provinces, province_geojson_url, labels, fill=BACKDROP_COLOR)
            )
        )
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
                marker={"size": sizes[keep].tolist(), "color": color, "opacity": 0.6},
                customdata=rows[["place", "events", "attendees", "online_viewers"]]
                .astype(object)
                .values.tolist(),
                hovertemplate=hover,
            )
        )
    return _map_figure(traces, map_style_url, view, uirevision="events")


def _flat_districts(
    rows: pd.DataFrame, geojson_url: str, color: str, name: str, label: str
) -> dict[str, Any]:
    return {
        "type": "choroplethmap",
        "geojson": geojson_url,
        "featureidkey": FEATURE_ID_KEY,
        "locations": rows["code"].to_list(),
        "z": [0] * len(rows),
        "colorscale": [[0, color], [1, color]],
        "showscale": False,
        "showlegend": False,
        "name": label,
        "meta": name,
        "marker": {"line": {"color": BORDER_COLOR, "width": 0.5}, "opacity": 0.8},
        "text": [f"{n}<br>{label}" for n in rows["name"]],
        "hovertemplate": "%{text}<extra></extra>",
    }


def _legend_swatch(label: str, fill: str, line: str, layer: str) -> dict[str, Any]:
    """A legend entry with nothing on the map: a filled square standing for ``layer``."""
    return {
        "type": "scattermap",
        "lat": [None],
        "lon": [None],
        "mode": "lines",
        "fill": "toself",
        "fillcolor": fill,
        "line": {"color": line, "width": 1.2},
        "name": label,
        "meta": f"legend:{layer}",
        "hoverinfo": "skip",
    }


def _province_borders(
    codes: Sequence[str], geojson_url: str, labels: Mapping[str, str], fill: str = PROVINCE_FILL
) -> dict[str, Any]:
    """Province outlines, see-through over the district shading (or filled with ``fill``)."""
    return {
        "type": "choroplethmap",
        "geojson": geojson_url,
        "featureidkey": FEATURE_ID_KEY,
        "locations": list(codes),
        "z": [0] * len(codes),
        "colorscale": [[0, fill], [1, fill]],
        "showscale": False,
        "showlegend": False,
        "name": labels["province_border"],
        "meta": "provinces",
        "marker": {"line": {"color": PROVINCE_BORDER_COLOR, "width": 1.2}},
        "hoverinfo": "skip",
    }


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
    fig.update_layout(_map_layout(map_style_url, view, uirevision=uirevision))
    return fig


def _map_layout(map_style_url: str, view: MapView, *, uirevision: str) -> dict[str, Any]:
    return {
        "map": {
            "style": map_style_url,
            "center": {"lat": view.center_lat, "lon": view.center_lon},
            "zoom": view.zoom,
        },
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "uirevision": uirevision,
        # The browser fits this box to the map's real size (assets/mapfit.js).
        "meta": {"fit": list(view.fit) if view.fit else None},
        # Under the map, in rows, rather than over it: on a phone a column of six entries
        # covered the north of the country (plotly widens the bottom margin to hold it).
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
        },
        "showlegend": True,
    }
