"""Where the map writes names: one point per unit, and the two archipelagos.

A label point is the pole of inaccessibility of a unit's largest mainland part (the point
deepest inside it), so a name sits inside its own province even for a C-shaped one, and a
province with far-off islands is named on its mainland. The archipelagos get a point and a
frame of their own: the national map names them, and the cameras of Đà Nẵng and Khánh Hòa
widen to hold them.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import polylabel

from geodata.assets import Archipelago, Bounds, Point

# Key, province and district (GSO codes of 2022) of each archipelago.
ARCHIPELAGOS: Final = (("hoang_sa", "48", "498"), ("truong_sa", "56", "576"))
# Precision of the label point in degrees: ~500 m, far finer than a label's own size.
_TOLERANCE: Final = 0.005


def label_points(layer: gpd.GeoDataFrame, camera_box: Bounds, decimals: int) -> dict[str, Point]:
    """A point inside each feature's largest part within ``camera_box``, by feature code."""
    geometries = layer.geometry.to_numpy()
    mainland = shapely.clip_by_rect(geometries, *camera_box)
    framed = np.where(shapely.is_empty(mainland), geometries, mainland)
    points: dict[str, Point] = {}
    for code, geometry in zip(layer["code"], framed, strict=True):
        parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) == 3]
        largest = max(parts, key=lambda part: part.area)
        point = polylabel(largest, tolerance=_TOLERANCE)
        points[str(code)] = (round(point.x, decimals), round(point.y, decimals))
    return points


def archipelagos(districts: gpd.GeoDataFrame, decimals: int) -> tuple[Archipelago, ...]:
    """Frame and label point of Hoàng Sa and Trường Sa from their districts' polygons."""
    by_code = districts.set_index("code").geometry
    found = []
    for key, province, district in ARCHIPELAGOS:
        if district not in by_code.index:
            continue
        geometry = by_code[district]
        west, south, east, north = (round(float(b), decimals) for b in geometry.bounds)
        point = (round((west + east) / 2, decimals), round((south + north) / 2, decimals))
        islands = tuple(
            (round(p.x, decimals), round(p.y, decimals))
            for p in (part.representative_point() for part in shapely.get_parts(geometry))
        )
        found.append(
            Archipelago(
                key=key,
                province_code=province,
                district_code=district,
                bounds=(west, south, east, north),
                point=point,
                islands=islands,
            )
        )
    return tuple(found)
