"""The real boundary assets, built once per session from geodata/sources, and the manifest loader.

Nesting bounds come from SOURCES.md §4: the ODM provinces and the district layer draw coastlines,
reclaimed land and islands differently (measured: median 0.5 % of a district's area outside its
province, worst Hải An and Cô Tô 37 %), while inland borders agree.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import reference
from geodata.assets import (
    MANIFEST_NAME,
    MAX_ZOOM,
    Manifest,
    load_manifest,
    zoom_for_bounds,
)

EQUAL_AREA = "EPSG:6933"
KB = 1000


@pytest.fixture(scope="session")
def layers(built: Path) -> dict[str, gpd.GeoDataFrame]:
    return {
        name: gpd.read_file(built / f"{name}.geojson")
        for name in ("provinces_2022", "districts_2022", "provinces_2025")
    }


@pytest.fixture(scope="session")
def equal_area(layers: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    return {name: layer.to_crs(EQUAL_AREA).set_index("code") for name, layer in layers.items()}


def test_layers_have_exactly_the_reference_codes(layers: dict[str, gpd.GeoDataFrame]) -> None:
    expected = {
        "provinces_2022": reference.provinces()["province_code"],
        "districts_2022": reference.districts()["district_code"],
        "provinces_2025": reference.provinces_2025()["province_code_2025"],
    }
    for name, codes in expected.items():
        assert layers[name]["code"].to_list() == codes.to_list(), name
    assert [len(layer) for layer in layers.values()] == [63, 705, 34]


def test_properties_are_slim_and_named_for_display(built: Path) -> None:
    def properties(file: str) -> dict[str, dict[str, str]]:
        collection = json.loads((built / file).read_text(encoding="utf-8"))
        return {f["properties"]["code"]: f["properties"] for f in collection["features"]}

    assert properties("provinces_2022.geojson")["01"] == {"code": "01", "name": "Hà Nội"}
    assert properties("provinces_2022.geojson")["79"]["name"] == "TP. Hồ Chí Minh"
    assert properties("districts_2022.geojson")["001"] == {
        "code": "001",
        "name": "Ba Đình",
        "province_code": "01",
    }
    assert properties("provinces_2025.geojson")["08"] == {"code": "08", "name": "Tuyên Quang"}


def test_geometries_are_valid_polygons_with_rfc7946_winding(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    for name, layer in layers.items():
        geometries = layer.geometry.to_numpy()
        assert shapely.is_valid(geometries).all(), name
        assert not shapely.is_empty(geometries).any(), name
        assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}, name
        polygons = shapely.get_parts(geometries)
        assert shapely.is_ccw(shapely.get_exterior_ring(polygons)).all(), name


def test_coordinates_have_at_most_five_decimals(built: Path) -> None:
    for path in built.rglob("*.geojson"):
        assert re.search(rb"\d\.\d{6,}", path.read_bytes()) is None, path.name


def test_sizes_fit_the_budgets_and_match_the_manifest(built: Path, manifest: Manifest) -> None:
    layers = manifest.layers
    assert layers["provinces_2022"].gzip_bytes <= 250 * KB
    assert layers["districts_2022"].gzip_bytes <= 1200 * KB
    assert layers["districts_2022_by_province"].gzip_bytes <= 1200 * KB

    for name in ("provinces_2022", "districts_2022", "provinces_2025"):
        data = (built / layers[name].file).read_bytes()
        assert layers[name].bytes == len(data), name
        assert layers[name].gzip_bytes == len(gzip.compress(data, 9, mtime=0)), name
    split = sorted((built / "districts_2022").glob("*.geojson"))
    assert len(split) == 63
    assert layers["districts_2022_by_province"].bytes == sum(p.stat().st_size for p in split)


def test_split_district_files_hold_the_national_features(built: Path) -> None:
    national = json.loads((built / "districts_2022.geojson").read_text(encoding="utf-8"))
    by_code = {f["properties"]["code"]: f for f in national["features"]}
    seen = 0
    for path in sorted((built / "districts_2022").glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            assert feature["properties"]["province_code"] == path.stem
            assert feature == by_code[feature["properties"]["code"]]
            seen += 1
    assert seen == 705


def test_archipelagos_are_present(layers: dict[str, gpd.GeoDataFrame]) -> None:
    provinces = layers["provinces_2022"].set_index("code").geometry
    da_nang = shapely.get_parts(provinces["48"])
    khanh_hoa = shapely.get_parts(provinces["56"])
    assert any(part.bounds[0] > 111 for part in da_nang)  # Hoàng Sa
    assert any(part.bounds[0] > 111 and part.bounds[3] < 11 for part in khanh_hoa)  # Trường Sa


def test_bounds_frame_the_country_and_each_mainland(manifest: Manifest) -> None:
    min_lon, min_lat, max_lon, max_lat = manifest.national_bounds
    assert (min_lon, max_lat) == pytest.approx((102.14, 23.39), abs=0.01)
    assert max_lon > 116.5 and min_lat < 7.5  # the archipelagos count for the country
    assert sorted(manifest.province_bounds_2022) == reference.provinces()["province_code"].to_list()
    assert len(manifest.province_bounds_2025) == 34
    for code in ("48", "56"):
        assert manifest.province_bounds_2022[code][2] < 110, code
    assert manifest.province_bounds_2022["56"][1] > 11  # no bank far south of Nha Trang
    assert manifest.province_bounds_2025["56"][2] < 110
    west, south, east, north = manifest.province_bounds_2022["01"]  # Hà Nội
    assert west < 105.85 < east and south < 21.03 < north


def test_camera_bounds_keep_near_islands(
    manifest: Manifest, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    provinces = layers["provinces_2022"].set_index("code").geometry
    for code, bounds in manifest.province_bounds_2022.items():
        if code not in {"48", "56"}:  # Côn Đảo, Thổ Chu, Bạch Long Vĩ ... stay in view
            assert bounds == pytest.approx(provinces[code].bounds, abs=1e-9), code


def test_manifest_lists_no_missing_district_and_credits_every_layer(manifest: Manifest) -> None:
    assert manifest.districts_without_geometry == {}
    assert re.fullmatch(r"[0-9a-f]{12}", manifest.build)
    credited = {item.layer for item in manifest.attribution}
    assert credited == {"provinces_2022", "provinces_2025", "districts_2022"}
    licences = {item.licence for item in manifest.attribution}
    assert {"CC BY-SA 4.0", "GPL-3.0", "CC0 1.0"} == licences


def test_districts_nest_in_their_odm_province(equal_area: dict[str, gpd.GeoDataFrame]) -> None:
    districts = equal_area["districts_2022"]
    provinces = equal_area["provinces_2022"].geometry
    inside = provinces.loc[districts["province_code"]].to_numpy()
    outside_share = (
        shapely.area(shapely.difference(districts.geometry.to_numpy(), inside))
        / districts.area.to_numpy()
    )
    assert np.median(outside_share) < 0.01
    assert np.quantile(outside_share, 0.9) < 0.05
    assert outside_share.max() < 0.40, districts.index[outside_share.argmax()]


def test_dissolved_districts_match_their_province(
    equal_area: dict[str, gpd.GeoDataFrame],
) -> None:
    dissolved = equal_area["districts_2022"].dissolve("province_code").geometry
    provinces = equal_area["provinces_2022"].geometry.loc[dissolved.index]
    share = shapely.area(
        shapely.symmetric_difference(dissolved.to_numpy(), provinces.to_numpy())
    ) / shapely.area(provinces.to_numpy())
    by_code = dict(zip(dissolved.index, share, strict=True))
    assert np.median(share) < 0.02
    # Đà Nẵng/Khánh Hòa (island polygons drawn differently), Quảng Ninh (coarser WOF coast).
    assert max(by_code.pop(code) for code in ("48", "56", "22")) < 0.35
    assert max(by_code.values()) < 0.10


def test_2025_provinces_are_exact_unions_of_2022_provinces(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    old = layers["provinces_2022"].set_index("code").geometry
    new = layers["provinces_2025"].set_index("code").geometry
    table = reference.provinces_2025().set_index("province_code_2025")
    for code, members in table["old_province_codes"].items():
        union = shapely.union_all(old.loc[list(members)].to_numpy())
        assert new[code].symmetric_difference(union).area <= 1e-9 * union.area, code


def test_load_manifest_round_trips(built: Path, manifest: Manifest) -> None:
    on_disk = json.loads((built / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest.to_dict() == on_disk
    assert manifest.layers["provinces_2022"].file == "provinces_2022.geojson"


def test_load_manifest_tells_how_to_build_missing_assets(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make assets"):
        load_manifest(tmp_path)


def test_load_manifest_rejects_a_foreign_file(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_text('{"build": "x"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a valid boundary manifest"):
        load_manifest(tmp_path)


# --- zoom_for_bounds ------------------------------------------------------------------------


def test_whole_world_in_512_px_is_zoom_0() -> None:
    assert zoom_for_bounds((-180, -85.0511, 180, 85.0511), width_px=512, height_px=512) == (
        pytest.approx(0, abs=1e-9),
        0,
        pytest.approx(0, abs=1e-4),
    )


def test_each_halving_of_the_box_adds_one_zoom_level() -> None:
    # A box 360/2**k degrees wide on the equator, in a tall map, fills 512 px at zoom k.
    for k in range(1, 8):
        width = 360 / 2**k
        _, center_lon, zoom = zoom_for_bounds((0, -0.01, width, 0.01), width_px=512, height_px=5000)
        assert zoom == pytest.approx(k)
        assert center_lon == pytest.approx(width / 2)


def test_the_tighter_side_decides_the_zoom() -> None:
    square = (10.0, -5.0, 20.0, 5.0)  # about as tall as wide near the equator
    _, _, wide_map = zoom_for_bounds(square, width_px=2000, height_px=500)
    _, _, tall_map = zoom_for_bounds(square, width_px=500, height_px=2000)
    _, _, small_map = zoom_for_bounds(square, width_px=500, height_px=500)
    assert wide_map == pytest.approx(small_map, abs=0.01)
    assert tall_map == pytest.approx(small_map, abs=0.01)
    _, _, big_map = zoom_for_bounds(square, width_px=1000, height_px=1000)
    assert big_map == pytest.approx(small_map + 1, abs=0.01)


def test_centre_is_the_mercator_middle() -> None:
    center_lat, _, _ = zoom_for_bounds((0, 0, 10, 60))
    # Mercator stretches the north, so the visual middle of 0..60 °N lies above 30 °N.
    expected = math.degrees(math.atan(math.sinh(math.asinh(math.tan(math.radians(60))) / 2)))
    assert center_lat == pytest.approx(expected)
    assert 35 < center_lat < 36


def test_a_point_gets_the_maximum_zoom() -> None:
    assert zoom_for_bounds((105.8, 21.0, 105.8, 21.0)) == (
        pytest.approx(21.0),
        pytest.approx(105.8),
        MAX_ZOOM,
    )


def test_inverted_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="inverted bounds"):
        zoom_for_bounds((110, 10, 100, 20))


def test_vietnam_fits_a_default_map_at_a_country_zoom(manifest: Manifest) -> None:
    _, _, zoom = zoom_for_bounds(manifest.national_bounds)
    assert 4.5 < zoom < 5.5


def test_union_bounds_holds_every_box():
    from geodata.assets import union_bounds

    boxes = [(105.0, 20.0, 106.0, 21.0), (104.5, 20.5, 105.5, 22.0)]
    assert union_bounds(boxes) == (104.5, 20.0, 106.0, 22.0)
