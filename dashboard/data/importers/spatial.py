"""Which district a GPS point lies in, from the built district boundaries.

Communes have no boundaries in the assets (only a list of names and codes), so route points
get a province and a district here and a commune only when their stop names one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree

from dashboard.config import REPO_ROOT
from geodata.assets import MANIFEST_NAME, load_manifest

GEO_FOLDER = REPO_ROOT / "assets" / "geo"
DISTRICT_LAYER = "districts_2022"


def district_boundaries(folder: Path = GEO_FOLDER) -> Path:
    """The district GeoJSON named by the assets manifest (``python -m geodata.build``)."""
    # Read once per build of the assets, not once per file of a ZIP of thousands.
    try:
        built = (folder / MANIFEST_NAME).stat().st_mtime_ns
    except FileNotFoundError:
        built = -1  # load_manifest says how to build the assets
    return _boundaries_file(folder, built)


@cache
def _boundaries_file(folder: Path, built: int) -> Path:
    return folder / load_manifest(folder).layers[DISTRICT_LAYER].file


@cache
def _index(path: Path) -> tuple[STRtree, list[str], list[str]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    shapes = [shapely.from_geojson(json.dumps(f["geometry"])) for f in features]
    districts = [str(f["properties"]["code"]) for f in features]
    provinces = [str(f["properties"]["province_code"]) for f in features]
    return STRtree(shapes), districts, provinces


def locate_points(
    lats: list[float], lons: list[float], *, folder: Path = GEO_FOLDER
) -> tuple[list[str | None], list[str | None]]:
    """Province and district code of each point; None for points outside every district.

    A point on a shared border lies in both districts; the first by tree order is kept.
    """
    tree, districts, provinces = _index(district_boundaries(folder))
    points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    point_index, district_index = tree.query(points, predicate="within")
    province_codes: list[str | None] = [None] * len(lats)
    district_codes: list[str | None] = [None] * len(lats)
    for i, d in zip(point_index.tolist(), district_index.tolist(), strict=True):
        if district_codes[i] is None:
            district_codes[i], province_codes[i] = districts[d], provinces[d]
    return province_codes, district_codes
