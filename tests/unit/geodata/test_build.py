"""The boundary build on geometries small enough to draw on paper.

The tiny country: province 01 is the unit square at (105, 10)-(106, 11), province 02 the square
east of it, sharing the edge lon = 106. Province 02 also owns a small island far out at 115 °E.
Both merge into 2025 province 01. District 004 is listed but has no polygon.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box, shape

from geodata.assets import load_manifest
from geodata.build import BuildError, Sources, feature_collection, fingerprint, write_assets

# The shared edge zig-zags through 7 vertices that a coverage simplification at 0.1° removes.
SHARED_EDGE = (
    [(106.0, 10.0)]
    + [(106.0 + (0.01 if i % 2 else 0.0), 10.0 + i / 8) for i in range(1, 8)]
    + [(106.0, 11.0)]
)
WEST = Polygon([(105.0, 10.0), *SHARED_EDGE, (105.0, 11.0)])
EAST = Polygon([*reversed(SHARED_EDGE), (107.0, 10.0), (107.0, 11.0)])
ISLAND = box(115.0, 9.0, 115.02, 9.02)


def _sources(
    provinces: dict[str, shapely.Geometry] | None = None,
    districts: dict[str, tuple[str, shapely.Geometry]] | None = None,
) -> Sources:
    if provinces is None:
        provinces = {"01": WEST, "02": shapely.MultiPolygon([EAST, ISLAND])}
    if districts is None:
        districts = {
            "001": ("01", WEST.intersection(box(105.0, 10.0, 106.1, 10.5))),
            "002": ("01", WEST.intersection(box(105.0, 10.5, 106.1, 11.0))),
            "003": ("02", shapely.MultiPolygon([EAST, ISLAND])),
        }
    return Sources(
        provinces=gpd.GeoDataFrame(
            {"gso_code": list(provinces)}, geometry=list(provinces.values()), crs="OGC:CRS84"
        ),
        districts=gpd.GeoDataFrame(
            {
                "district_code": list(districts),
                "province_code": [province for province, _ in districts.values()],
            },
            geometry=[geometry for _, geometry in districts.values()],
            crs="OGC:CRS84",
        ),
        province_table=pd.DataFrame(
            {
                "province_code": ["01", "02"],
                "name_vi": ["Hồ Chí Minh", "Đông"],
                "display_name_vi": ["TP. Hồ Chí Minh", "Đông"],
                "province_code_2025": ["01", "01"],
                "name_2025_vi": ["Hồ Chí Minh", "Hồ Chí Minh"],
            }
        ),
        district_table=pd.DataFrame(
            {
                "district_code": ["001", "002", "003", "004"],
                "province_code": ["01", "01", "02", "02"],
                "name_vi": ["Bắc", "Nam", "Đảo", "Không hình"],
            }
        ),
        fingerprint="test",
    )


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _geometries(path: Path) -> dict[str, shapely.Geometry]:
    return {f["properties"]["code"]: shape(f["geometry"]) for f in _features(path)}


def test_properties_are_code_and_display_name(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path)

    provinces = [f["properties"] for f in _features(tmp_path / "provinces_2022.geojson")]
    districts = [f["properties"] for f in _features(tmp_path / "districts_2022.geojson")]
    assert provinces == [{"code": "01", "name": "TP. Hồ Chí Minh"}, {"code": "02", "name": "Đông"}]
    assert districts[0] == {"code": "001", "name": "Bắc", "province_code": "01"}


def test_shared_edge_stays_shared_after_simplification(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path, simplify=0.1)

    geometries = _geometries(tmp_path / "provinces_2022.geojson")
    west, east = geometries["01"], geometries["02"]
    assert shapely.get_num_coordinates(west) < shapely.get_num_coordinates(WEST)  # simplified
    assert shapely.coverage_is_valid([west, east])
    # No gap and no overlap: the border is one line both provinces use.
    assert west.intersection(east).area == 0
    assert west.union(east).area == pytest.approx(west.area + east.area)
    assert west.intersection(east).length == pytest.approx(1.0, abs=0.02)


def test_simplification_keeps_small_islands(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path, simplify=0.1)

    east = _geometries(tmp_path / "provinces_2022.geojson")["02"]
    assert shapely.get_num_geometries(east) == 2
    assert east.bounds[2] > 115.0


def test_2025_layer_dissolves_shared_edges_and_keeps_display_name(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path, simplify=0.1)

    provinces = _geometries(tmp_path / "provinces_2022.geojson")
    [merged] = _features(tmp_path / "provinces_2025.geojson")
    geometry = shape(merged["geometry"])
    assert merged["properties"] == {"code": "01", "name": "TP. Hồ Chí Minh"}
    assert shapely.get_num_geometries(geometry) == 2  # mainland + island, no sliver left
    assert geometry.symmetric_difference(provinces["01"].union(provinces["02"])).area == 0


def test_missing_district_is_listed_in_the_manifest(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path)

    manifest = load_manifest(tmp_path)
    assert manifest.districts_without_geometry == {"02": ("004",)}
    assert manifest.layers["districts_2022"].count == 3


def test_districts_are_split_by_province(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path)

    split = sorted(p.name for p in (tmp_path / "districts_2022").iterdir())
    assert split == ["01.geojson", "02.geojson"]
    assert list(_geometries(tmp_path / "districts_2022" / "01.geojson")) == ["001", "002"]


def test_coordinates_are_rounded_to_five_decimals(tmp_path: Path) -> None:
    square = box(105.1234567, 10.9876543, 105.5, 11.5)
    sources = _sources(provinces={"01": square}, districts={"001": ("01", square)})

    write_assets(sources, tmp_path)

    text = (tmp_path / "provinces_2022.geojson").read_text(encoding="utf-8")
    assert "105.12346" in text and "10.98765" in text
    assert re.search(r"\d\.\d{6,}", text) is None


def test_rings_follow_rfc7946_winding(tmp_path: Path) -> None:
    clockwise = Polygon([(105, 10), (105, 11), (106, 11), (106, 10)], holes=[])
    with_hole = Polygon(box(105, 10, 106, 11).exterior, [box(105.4, 10.4, 105.6, 10.6).exterior])
    assert not clockwise.exterior.is_ccw
    sources = _sources(
        provinces={"01": clockwise, "02": with_hole},
        districts={"001": ("01", clockwise)},
    )

    write_assets(sources, tmp_path)

    geometries = _geometries(tmp_path / "provinces_2022.geojson")
    assert geometries["01"].exterior.is_ccw
    assert geometries["02"].exterior.is_ccw
    assert not geometries["02"].interiors[0].is_ccw


def test_camera_bounds_leave_out_far_islands_but_national_bounds_keep_them(
    tmp_path: Path,
) -> None:
    manifest = write_assets(_sources(), tmp_path)

    assert manifest.province_bounds_2022["02"] == (106.0, 10.0, 107.0, 11.0)
    assert manifest.province_bounds_2022["01"] == (105.0, 10.0, 106.01, 11.0)
    assert manifest.national_bounds == (105.0, 9.0, 115.02, 11.0)
    assert manifest.province_bounds_2025["01"] == (105.0, 10.0, 107.0, 11.0)


def test_output_is_byte_identical_across_builds(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_assets(_sources(), first, simplify=0.1)
    write_assets(_sources(), second, simplify=0.1)

    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 6
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_second_build_removes_stale_split_files(tmp_path: Path) -> None:
    write_assets(_sources(), tmp_path)
    only_west = _sources(districts={"001": ("01", WEST)})

    write_assets(only_west, tmp_path)

    assert [p.name for p in (tmp_path / "districts_2022").iterdir()] == ["01.geojson"]


def test_invalid_geometry_stops_the_build_naming_the_code(tmp_path: Path) -> None:
    bow_tie = Polygon([(105, 10), (106, 11), (106, 10), (105, 11)])

    with pytest.raises(BuildError, match=r"provinces_2022: invalid geometry .*02: Self-inter"):
        write_assets(_sources(provinces={"01": WEST, "02": bow_tie}), tmp_path)
    assert not (tmp_path / "manifest.json").exists()


def test_empty_geometry_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"02: empty"):
        write_assets(_sources(provinces={"01": WEST, "02": Polygon()}), tmp_path)


def test_unknown_code_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"not in the reference list.*\['99'\]"):
        write_assets(_sources(provinces={"01": WEST, "99": EAST}), tmp_path)


def test_duplicate_code_stops_the_build(tmp_path: Path) -> None:
    sources = _sources()
    doubled = pd.concat([sources.districts, sources.districts.iloc[[0]]], ignore_index=True)
    sources = Sources(
        sources.provinces,
        gpd.GeoDataFrame(doubled, crs="OGC:CRS84"),
        sources.province_table,
        sources.district_table,
        sources.fingerprint,
    )

    with pytest.raises(BuildError, match=r"districts_2022: codes used by more than one.*001"):
        write_assets(sources, tmp_path)


def test_district_in_another_province_than_listed_stops_the_build(tmp_path: Path) -> None:
    sources = _sources(districts={"003": ("01", EAST)})

    with pytest.raises(BuildError, match=r"another province.*\['003'\]"):
        write_assets(sources, tmp_path)


def test_feature_collection_is_compact_utf8() -> None:
    layer = gpd.GeoDataFrame(
        {"code": ["01"], "name": ["Hà Nội"]}, geometry=[box(105, 10, 106, 11)], crs="OGC:CRS84"
    )

    text = feature_collection(layer).decode("utf-8")

    assert text.startswith('{"type":"FeatureCollection","features":[{"type":"Feature",')
    assert '"properties":{"code":"01","name":"Hà Nội"}' in text
    assert " " not in text.replace("Hà Nội", "")


def test_fingerprint_follows_file_content(tmp_path: Path) -> None:
    source = tmp_path / "a.geojson"
    source.write_text("1", encoding="utf-8")
    before = fingerprint([source])
    source.write_text("2", encoding="utf-8")

    assert fingerprint([source]) != before
    assert len(before) == 12


def test_simplified_build_gets_its_own_build_id(tmp_path: Path) -> None:
    plain = write_assets(_sources(), tmp_path / "plain")
    simplified = write_assets(_sources(), tmp_path / "simplified", simplify=0.1)

    assert plain.build == "test"
    assert simplified.build not in {"test", ""}
