"""The simplest Dash map of the dashboard's boundary file: the yardstick of bench/first_view.py.

One ``dcc.Graph`` in the initial layout, one ``Choroplethmap`` trace naming the same GeoJSON by
URL, on the same offline map style and camera, with Dash's defaults for everything else (no
callbacks, no compression, no other components). Served by gunicorn as the product is:

    gunicorn --pythonpath bench 'bare_map:create_server()'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dash import Dash, dcc

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "assets"
GRAPH_ID = "map"


def create_app() -> Dash:
    from geodata.assets import load_manifest, zoom_for_bounds

    manifest = load_manifest(ASSETS / "geo")
    features = json.loads((ASSETS / "geo" / "provinces_2022.geojson").read_text())["features"]
    codes = [feature["properties"]["code"] for feature in features]
    lat, lon, zoom = zoom_for_bounds(manifest.national_bounds, width_px=900, height_px=700)
    # Only the boundary file and the map style are used from the assets folder.
    app = Dash(__name__, assets_folder=str(ASSETS), assets_ignore=r".*\.(css|js)$")
    figure: dict[str, Any] = {
        "data": [
            {
                "type": "choroplethmap",
                "geojson": app.get_asset_url("geo/provinces_2022.geojson") + f"?v={manifest.build}",
                "featureidkey": "properties.code",
                "locations": codes,
                "z": list(range(len(codes))),
            }
        ],
        "layout": {
            "map": {
                "style": app.get_asset_url("map-style.json"),
                "center": {"lat": lat, "lon": lon},
                "zoom": zoom,
            },
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        },
    }
    app.layout = dcc.Graph(id=GRAPH_ID, figure=figure, style={"height": "700px"})
    return app


def create_server() -> Any:
    """The WSGI app, for gunicorn."""
    return create_app().server
