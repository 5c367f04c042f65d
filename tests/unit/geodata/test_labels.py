"""Label points and archipelago frames in the built manifest (``built``: conftest.py)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geodata import reference
from geodata.assets import Manifest


@pytest.mark.parametrize(
    ("layer", "file", "count"),
    [
        ("provinces_2022", "provinces_2022.geojson", 63),
        ("provinces_2025", "provinces_2025.geojson", 34),
        ("districts_2022", "districts_2022.geojson", 705),
    ],
)
def test_every_unit_has_a_label_point_inside_itself(
    built: Path, manifest: Manifest, layer: str, file: str, count: int
) -> None:
    points = manifest.label_points[layer]
    assert len(points) == count
    shapes = gpd.read_file(built / file).set_index("code").geometry
    outside = [
        code
        for code, (lon, lat) in points.items()
        # 0.002° of slack: the point is exact, the layer's coordinates are rounded.
        if shapes[code].distance(shapely.Point(lon, lat)) > 0.002
    ]
    assert outside == []


def test_provinces_with_archipelagos_are_named_on_their_mainland(manifest: Manifest) -> None:
    for code in ("48", "56"):
        lon, _ = manifest.label_points["provinces_2022"][code]
        assert lon < 110, code


def test_the_archipelagos_have_their_district_frame_and_a_point_in_it(manifest: Manifest) -> None:
    by_key = {a.key: a for a in manifest.archipelagos}
    assert set(by_key) == {"hoang_sa", "truong_sa"}
    assert (by_key["hoang_sa"].province_code, by_key["hoang_sa"].district_code) == ("48", "498")
    assert (by_key["truong_sa"].province_code, by_key["truong_sa"].district_code) == ("56", "576")
    districts = reference.districts().set_index("district_code")
    assert districts.at["498", "name_vi"] == "Hoàng Sa"
    assert districts.at["576", "name_vi"] == "Trường Sa"
    for archipelago in by_key.values():
        west, south, east, north = archipelago.bounds
        assert west > 110  # far off the mainland
        lon, lat = archipelago.point
        assert west < lon < east and south < lat < north
        # A point on each island, for a small map that marks them.
        assert len(archipelago.islands) >= 10
        assert all(west <= x <= east and south <= y <= north for x, y in archipelago.islands)


def test_a_manifest_built_before_the_islands_were_recorded_still_loads(manifest: Manifest) -> None:
    data = manifest.to_dict()
    for item in data["archipelagos"]:
        del item["islands"]
    assert all(a.islands == () for a in Manifest.from_dict(data).archipelagos)
