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
def _index(path: Path) -> tuple[STRtree, np.ndarray, list[str], list[str]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    shapes = np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in features])
    shapely.prepare(shapes)  # each is tested against thousands of points
    districts = [str(f["properties"]["code"]) for f in features]
    provinces = [str(f["properties"]["province_code"]) for f in features]
    return STRtree(shapes), shapes, districts, provinces


def locate_points(
    lats: list[float], lons: list[float], *, folder: Path = GEO_FOLDER
) -> tuple[list[str | None], list[str | None]]:
    """Province and district code of each point; None for points outside every district.

    A point on a shared border lies in both districts; the first by tree order is kept.
    The districts are those whose box meets the points' box (a vehicle's day crosses a few):
    each is asked once for all the points not yet placed, in one vectorised call.
    """
    tree, shapes, districts, provinces = _index(district_boundaries(folder))
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    found = np.full(len(x), -1)
    todo = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(todo):
        box = shapely.box(x[todo].min(), y[todo].min(), x[todo].max(), y[todo].max())
        for district in np.sort(tree.query(box)):
            inside = shapely.contains_xy(shapes[district], x[todo], y[todo])
            found[todo[inside]] = district
            todo = todo[~inside]
            if not len(todo):
                break
    province_codes = [None if d < 0 else provinces[d] for d in found.tolist()]
    district_codes = [None if d < 0 else districts[d] for d in found.tolist()]
    return province_codes, district_codes
