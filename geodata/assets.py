"""The built boundary assets as the app sees them: the manifest and map-camera helpers.

``python -m geodata.build`` writes GeoJSON files plus ``manifest.json`` into ``assets/geo/``;
the browser fetches the GeoJSON by URL, while the server only reads the manifest (layer files,
camera bounds, attribution). This module owns the manifest's JSON shape in both directions, so
the builder and the app cannot drift apart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"

# MapLibre (plotly's `map` traces) renders the whole world 512 px wide at zoom 0.
WORLD_PX_AT_ZOOM_0 = 512.0
MAX_ZOOM = 18.0
# Web mercator is undefined at the poles; clamp like the tile pyramid does.
MAX_MERCATOR_LAT = 85.0511287798

Bounds = tuple[float, float, float, float]
"""(min_lon, min_lat, max_lon, max_lat) in degrees, WGS84."""
Point = tuple[float, float]
"""(lon, lat) in degrees, WGS84."""


@dataclass(frozen=True)
class LayerInfo:
    """One boundary layer on disk.

    Attributes:
        file: Path relative to the assets folder; for a layer split by province it holds a
            ``{province_code}`` placeholder.
        count: Number of features (summed over the files of a split layer).
        bytes: Size on disk in bytes (summed over the files of a split layer).
        gzip_bytes: Size after gzip -9, what a compressing server would send.
    """

    file: str
    count: int
    bytes: int
    gzip_bytes: int


@dataclass(frozen=True)
class Attribution:
    """The credit a layer's licence asks for."""

    layer: str
    text: str
    licence: str
    url: str


@dataclass(frozen=True)
class Archipelago:
    """Hoàng Sa or Trường Sa: which district holds it, its frame and where its name goes."""

    key: str
    province_code: str
    district_code: str
    bounds: Bounds
    point: Point
    # A point on each island: at the zoom of a small map the islands are far below a pixel,
    # so an inset marks them (empty in a manifest built before this field).
    islands: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says about one build of the boundary assets.

    Attributes:
        build: Short hash of the inputs and the build version; changes when the assets do.
        layers: Layer name (``provinces_2022`` ...) to its file and sizes.
        national_bounds: The whole country, archipelagos included.
        province_bounds_2022: Camera bounds per 2022 province code (mainland part only
            where a province also holds far-off islands).
        province_bounds_2025: The same per 2025 province code.
        districts_without_geometry: Province code to the district codes of the reference list
            that have no polygon; empty when the district layer is complete.
        attribution: Credits to show with the maps.
        label_points: Layer name (``provinces_2022``, ``provinces_2025``,
            ``districts_2022``) to a label point per code, inside the unit's mainland.
        archipelagos: The archipelagos, with the district that holds each.
    """

    build: str
    layers: Mapping[str, LayerInfo]
    national_bounds: Bounds
    province_bounds_2022: Mapping[str, Bounds]
    province_bounds_2025: Mapping[str, Bounds]
    districts_without_geometry: Mapping[str, tuple[str, ...]]
    attribution: tuple[Attribution, ...]
    label_points: Mapping[str, Mapping[str, Point]]
    archipelagos: tuple[Archipelago, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form written to ``manifest.json``."""
        return {
            "build": self.build,
            "layers": {name: vars(info) for name, info in self.layers.items()},
            "bounds": {
                "national": list(self.national_bounds),
                "provinces_2022": {c: list(b) for c, b in self.province_bounds_2022.items()},
                "provinces_2025": {c: list(b) for c, b in self.province_bounds_2025.items()},
            },
            "districts_without_geometry": {
                code: list(districts) for code, districts in self.districts_without_geometry.items()
            },
            "attribution": [vars(item) for item in self.attribution],
            "label_points": {
                layer: {code: list(point) for code, point in points.items()}
                for layer, points in self.label_points.items()
            },
            "archipelagos": [
                vars(item)
                | {
                    "bounds": list(item.bounds),
                    "point": list(item.point),
                    "islands": [list(p) for p in item.islands],
                }
                for item in self.archipelagos
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Parse the JSON form; raises KeyError or TypeError when a field is missing or wrong."""
        bounds = data["bounds"]
        return cls(
            build=str(data["build"]),
            layers={name: LayerInfo(**info) for name, info in data["layers"].items()},
            national_bounds=_bounds(bounds["national"]),
            province_bounds_2022={c: _bounds(b) for c, b in bounds["provinces_2022"].items()},
            province_bounds_2025={c: _bounds(b) for c, b in bounds["provinces_2025"].items()},
            districts_without_geometry={
                code: tuple(districts)
                for code, districts in data["districts_without_geometry"].items()
            },
            attribution=tuple(Attribution(**item) for item in data["attribution"]),
            label_points={
                layer: {code: _point(point) for code, point in points.items()}
                for layer, points in data["label_points"].items()
            },
            archipelagos=tuple(
                Archipelago(
                    **item
                    | {
                        "bounds": _bounds(item["bounds"]),
                        "point": _point(item["point"]),
                        "islands": tuple(_point(p) for p in item.get("islands", ())),
                    }
                )
                for item in data["archipelagos"]
            ),
        )


def load_manifest(folder: Path) -> Manifest:
    """Read ``manifest.json`` from a built assets folder.

    Args:
        folder: The folder ``python -m geodata.build`` wrote to (``assets/geo`` by default).

    Raises:
        FileNotFoundError: The assets have not been built; the message says how to build them.
        ValueError: The file exists but is not a manifest this version understands.
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        raise FileNotFoundError(
            f"Boundary assets not found: {path} does not exist. "
            "Build them with `make assets` (or `python -m geodata.build --out "
            f"{Path(folder)}`)."
        )
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"{path} is not a valid boundary manifest ({error!r}); rebuild it with `make assets`."
        ) from error


def union_bounds(boxes: Iterable[Bounds]) -> Bounds:
    """The smallest box holding every one of ``boxes`` (at least one)."""
    west, south, east, north = zip(*boxes, strict=True)
    return (min(west), min(south), max(east), max(north))


def zoom_for_bounds(
    bounds: Bounds, *, width_px: int = 900, height_px: int = 700
) -> tuple[float, float, float]:
    """Centre and web-mercator zoom that fit a bounding box into a map of the given size.

    The centre is the middle of the box in mercator space (not the mean latitude), so the box
    sits visually centred. The zoom is the largest at which both the width and the height fit.

    Args:
        bounds: (min_lon, min_lat, max_lon, max_lat) in degrees.
        width_px: Width of the map in CSS pixels.
        height_px: Height of the map in CSS pixels.

    Returns:
        (center_lat, center_lon, zoom); zoom is between 0 and MAX_ZOOM.

    Raises:
        ValueError: The box is inverted or the map size is not positive.
    """
    min_lon, min_lat, max_lon, max_lat = bounds
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError(
            f"inverted bounds {bounds!r}: expected (min_lon, min_lat, max_lon, max_lat)"
        )
    if width_px <= 0 or height_px <= 0:
        raise ValueError(f"map size must be positive, got {width_px}x{height_px} px")

    y_low, y_high = _mercator_y(min_lat), _mercator_y(max_lat)
    center_lat = _inverse_mercator_y((y_low + y_high) / 2)
    center_lon = (min_lon + max_lon) / 2

    # Fractions of the world's width and height the box spans (both in [0, 1]).
    x_span = (max_lon - min_lon) / 360.0
    y_span = (y_high - y_low) / (2 * math.pi)
    zooms = [
        math.log2(size_px / (WORLD_PX_AT_ZOOM_0 * span))
        for size_px, span in ((width_px, x_span), (height_px, y_span))
        if span > 0
    ]
    zoom = min(zooms, default=MAX_ZOOM)
    return center_lat, center_lon, min(max(zoom, 0.0), MAX_ZOOM)


def _bounds(values: Any) -> Bounds:
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in values)
    return (min_lon, min_lat, max_lon, max_lat)


def _point(values: Any) -> Point:
    lon, lat = (float(v) for v in values)
    return (lon, lat)


def _mercator_y(lat: float) -> float:
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _inverse_mercator_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
