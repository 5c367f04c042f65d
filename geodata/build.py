"""Build the compact boundary web assets from the copied sources.

Usage: ``python -m geodata.build [--out assets/geo] [--simplify DEGREES]``

Reads ``geodata/sources/`` and writes, into the output folder:

* ``provinces_2022.geojson``: 63 provinces, properties ``{"code", "name"}``;
* ``districts_2022.geojson``: 705 districts, properties ``{"code", "name", "province_code"}``;
* ``districts_2022/<province_code>.geojson``: the same districts split by province;
* ``provinces_2025.geojson``: the 34 provinces of 2025, dissolved from the 2022 provinces;
* ``manifest.json``: sizes, camera bounds, label points, the archipelagos' frames, districts
  without polygon, attribution (its shape is owned by :mod:`geodata.assets`).

The output is deterministic: the same inputs give byte-identical files. Every layer is checked
before it is written (known and unique codes, valid non-empty polygons, no island dropped), and a
failed check stops the build with a message naming the layer and the codes concerned.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata import labels, reference
from geodata.assets import MANIFEST_NAME, Attribution, Bounds, LayerInfo, Manifest

BUILD_VERSION = "4"  # bump whenever the processing changes what is written
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "assets" / "geo"

PROVINCE_SOURCE = "vn_provinces_2022_odm_simplified.geojson"
DISTRICT_SOURCE = "vn_districts_2022_complete_simplified.geojson"
# Every file whose content ends up in the assets, geometry or names: they make the build id.
INPUT_FILES = (
    PROVINCE_SOURCE,
    DISTRICT_SOURCE,
    "vn_provinces_2022_facts.csv",
    "crosswalk_province_2022_to_2025.csv",
    "vn_districts_2022_list.csv",
    "vn_districts_2022_pop_2019_census.csv",
)

DECIMALS = 5
GRID = 10.0**-DECIMALS
# Hoàng Sa and Trường Sa lie east of 110 °E, and Khánh Hòa also owns a bank near 109 °E, 7.8 °N.
# A province camera frames only what lies inside this box (SOURCES.md §4: "mainland + near
# islands"; Côn Đảo and Thổ Chu stay in), so zooming to Đà Nẵng or Khánh Hòa shows the
# mainland instead of a speck in the sea. (min_lon, min_lat, max_lon, max_lat)
CAMERA_BOX = (-180.0, 8.3, 110.0, 90.0)
DISTRICT_FOLDER = "districts_2022"

_ODM_URL = "https://data.vietnam.opendevelopmentmekong.net/dataset/a-phn-tnh"
ATTRIBUTION = (
    Attribution(
        layer="provinces_2022",
        text="Province boundaries © Open Development Mekong, “Địa phận tỉnh” "
        "(Department of Survey and Mapping, Viet Nam); simplified and re-coded to GSO codes.",
        licence="CC BY-SA 4.0",
        url=_ODM_URL,
    ),
    Attribution(
        layer="provinces_2025",
        text="Provinces of 2025 dissolved from the Open Development Mekong provinces of 2022 "
        "(Department of Survey and Mapping, Viet Nam).",
        licence="CC BY-SA 4.0",
        url=_ODM_URL,
    ),
    Attribution(
        layer="districts_2022",
        text="District boundaries from the Government administrative map (gis.chinhphu.vn) "
        "as extracted by daohoangson/dvhcvn; gaps left by 2019–2021 district mergers filled.",
        licence="GPL-3.0",
        url="https://github.com/daohoangson/dvhcvn",
    ),
    Attribution(
        layer="districts_2022",
        text="Quảng Ninh districts: Data from Who's On First (Mesoshapes).",
        licence="CC0 1.0",
        url="https://whosonfirst.org/docs/licenses/",
    ),
)


class BuildError(ValueError):
    """A source does not meet what the assets promise; the message says which codes and why."""


@dataclass(frozen=True)
class Sources:
    """Everything the build reads, already parsed.

    Attributes:
        provinces: One row per 2022 province: ``gso_code`` and a polygonal geometry.
        districts: One row per district: ``district_code``, ``province_code``, geometry.
        province_table: Shaped like :func:`geodata.reference.provinces` (``province_code``,
            ``name_vi``, ``display_name_vi``, ``province_code_2025``, ``name_2025_vi``).
        district_table: Shaped like :func:`geodata.reference.districts` (``district_code``,
            ``province_code``, ``name_vi``).
        fingerprint: Hash of the input files; becomes the manifest's build id.
    """

    provinces: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    province_table: pd.DataFrame
    district_table: pd.DataFrame
    fingerprint: str


def read_sources(sources_dir: Path = reference.SOURCES_DIR) -> Sources:
    """Read the copied source files and the reference tables."""
    return Sources(
        provinces=gpd.read_file(sources_dir / PROVINCE_SOURCE),
        districts=gpd.read_file(sources_dir / DISTRICT_SOURCE),
        province_table=reference.provinces(),
        district_table=reference.districts(),
        fingerprint=fingerprint(sources_dir / name for name in INPUT_FILES),
    )


def fingerprint(paths: Iterable[Path]) -> str:
    """Short SHA-256 of the build version and the names and bytes of the given files."""
    digest = hashlib.sha256(f"geodata.build v{BUILD_VERSION}\n".encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def build(out_dir: Path = DEFAULT_OUT_DIR, *, simplify: float = 0.0) -> Manifest:
    """Build all boundary assets from ``geodata/sources`` into ``out_dir``.

    Args:
        out_dir: Folder to write to; created if missing.
        simplify: Extra coverage simplification tolerance in degrees (0 keeps the sources'
            own resolution: ODM 0.002°, districts 0.001°).

    Returns:
        The manifest that was written to ``out_dir/manifest.json``.
    """
    return write_assets(read_sources(), out_dir, simplify=simplify)


def write_assets(sources: Sources, out_dir: Path, *, simplify: float = 0.0) -> Manifest:
    """Turn parsed sources into the asset files and the manifest (written last)."""
    provinces = _finish_layer(
        prepare_provinces(sources.provinces, sources.province_table), "provinces_2022", simplify
    )
    districts = _finish_layer(
        prepare_districts(sources.districts, sources.district_table), "districts_2022", simplify
    )
    provinces_2025 = _finish_layer(
        dissolve_provinces_2025(provinces, sources.province_table), "provinces_2025", 0.0
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    district_texts = _feature_texts(districts)
    layers = {
        "provinces_2022": _write_layer(
            _feature_texts(provinces), out_dir, "provinces_2022.geojson"
        ),
        "districts_2022": _write_layer(district_texts, out_dir, "districts_2022.geojson"),
        "districts_2022_by_province": _write_split_layer(districts, district_texts, out_dir),
        "provinces_2025": _write_layer(
            _feature_texts(provinces_2025), out_dir, "provinces_2025.geojson"
        ),
    }
    manifest = Manifest(
        build=_build_id(sources.fingerprint, simplify),
        layers=layers,
        national_bounds=_rounded_bounds(shapely.total_bounds(provinces.geometry.to_numpy())),
        province_bounds_2022=camera_bounds(provinces),
        province_bounds_2025=camera_bounds(provinces_2025),
        districts_without_geometry=districts_without_geometry(districts, sources.district_table),
        attribution=ATTRIBUTION,
        label_points={
            "provinces_2022": labels.label_points(provinces, CAMERA_BOX, DECIMALS),
            "provinces_2025": labels.label_points(provinces_2025, CAMERA_BOX, DECIMALS),
            "districts_2022": labels.label_points(districts, CAMERA_BOX, DECIMALS),
        },
        archipelagos=labels.archipelagos(districts, DECIMALS),
    )
    text = json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n"
    (out_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def prepare_provinces(source: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Select the 2022 provinces and name them as the app displays them."""
    codes = source["gso_code"].astype(str)
    _check_codes(codes, set(table["province_code"]), "provinces_2022")
    names = table.set_index("province_code")["display_name_vi"]
    return _layer(codes, {"name": codes.map(names)}, source.geometry)


def prepare_districts(source: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Select the 2022 districts, named and assigned to provinces by the reference list."""
    codes = source["district_code"].astype(str)
    _check_codes(codes, set(table["district_code"]), "districts_2022")
    listed = table.set_index("district_code")
    province_codes = codes.map(listed["province_code"])
    moved = source["province_code"].astype(str).to_numpy() != province_codes.to_numpy()
    if moved.any():
        raise BuildError(
            "districts_2022: the source puts these districts in another province than the "
            f"reference list does: {sorted(codes[moved])}"
        )
    return _layer(
        codes,
        {"name": codes.map(listed["name_vi"]), "province_code": province_codes},
        source.geometry,
    )


def dissolve_provinces_2025(provinces: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Merge the finished 2022 provinces into the 34 provinces of 2025.

    The 2025 units absorbed whole 2022 provinces, so a union of the already simplified 2022
    polygons nests them exactly: shared edges are identical and disappear in the union.
    """
    table = table.set_index("province_code")
    new_codes = provinces["code"].map(table["province_code_2025"])
    if new_codes.isna().any():
        missing = sorted(provinces["code"][new_codes.isna()])
        raise BuildError(f"provinces_2025: no 2025 province for the 2022 provinces {missing}")
    codes, geometries, names = [], [], []
    for code, members in provinces.groupby(new_codes, sort=True):
        codes.append(code)
        geometries.append(shapely.union_all(members.geometry.to_numpy(), grid_size=GRID))
        names.append(_name_2025(str(code), table))
    return _layer(pd.Series(codes), {"name": names}, geometries)


def districts_without_geometry(
    districts: gpd.GeoDataFrame, table: pd.DataFrame
) -> dict[str, tuple[str, ...]]:
    """Reference district codes that have no polygon, grouped by province code."""
    missing = table[~table["district_code"].isin(districts["code"])]
    return {
        str(province): tuple(sorted(group["district_code"]))
        for province, group in missing.groupby("province_code", sort=True)
    }


def camera_bounds(layer: gpd.GeoDataFrame) -> dict[str, Bounds]:
    """Bounds to zoom to for each feature, leaving out far-off islands outside CAMERA_BOX."""
    geometries = layer.geometry.to_numpy()
    mainland = shapely.clip_by_rect(geometries, *CAMERA_BOX)
    framed = np.where(shapely.is_empty(mainland), geometries, mainland)
    return {
        code: _rounded_bounds(bounds)
        for code, bounds in zip(layer["code"], shapely.bounds(framed), strict=True)
    }


def feature_collection(layer: gpd.GeoDataFrame) -> bytes:
    """Compact RFC 7946 GeoJSON: no spaces, UTF-8, coordinates rounded to DECIMALS."""
    return _collection_bytes(_feature_texts(layer))


# --- private steps -------------------------------------------------------------------------


def _layer(codes: pd.Series, properties: dict[str, Any], geometries: Any) -> gpd.GeoDataFrame:
    data = {"code": codes.to_numpy(), **{k: np.asarray(v) for k, v in properties.items()}}
    layer = gpd.GeoDataFrame(data, geometry=list(geometries), crs="OGC:CRS84")
    return layer.sort_values("code", ignore_index=True)


def _check_codes(codes: pd.Series, known: set[str], layer: str) -> None:
    duplicated = sorted(set(codes[codes.duplicated()]))
    if duplicated:
        raise BuildError(f"{layer}: codes used by more than one feature: {duplicated}")
    unknown = sorted(set(codes) - known)
    if unknown:
        raise BuildError(
            f"{layer}: codes not in the reference list (geodata/reference.py): {unknown}"
        )


def _finish_layer(layer: gpd.GeoDataFrame, name: str, simplify: float) -> gpd.GeoDataFrame:
    """Snap to the output grid, optionally simplify, orient rings, then check everything."""
    geometries = shapely.force_2d(layer.geometry.to_numpy())
    _check_geometries(layer["code"], geometries, name, "in the source")
    snapped = shapely.set_precision(geometries, GRID)
    _check_parts_kept(layer["code"], geometries, snapped, name, "rounding to the grid")
    if simplify > 0:
        # One call on the whole coverage simplifies each shared edge once, so neighbours
        # keep a common border; islands shrink to triangles at worst but are never removed.
        simplified = shapely.set_precision(shapely.coverage_simplify(snapped, simplify), GRID)
        _check_parts_kept(layer["code"], snapped, simplified, name, "simplification")
        snapped = simplified
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)
    # Exactly the decimal values that will be written (GEOS may leave 1-ulp noise such as
    # 105.12346000000001), so the JSON needs no per-number rounding.
    decimal = shapely.transform(oriented, _to_decimals)
    _check_geometries(layer["code"], decimal, name, "after processing")
    return layer.set_geometry(list(decimal), crs=layer.crs)


def _to_decimals(coordinates: np.ndarray) -> np.ndarray:
    # An integer divided by 10**DECIMALS is the double nearest to that decimal number, whose
    # shortest repr (what json writes) has at most DECIMALS decimals.
    return np.rint(coordinates * 10.0**DECIMALS) / 10.0**DECIMALS


def _check_geometries(codes: pd.Series, geometries: np.ndarray, layer: str, stage: str) -> None:
    polygonal = np.isin(shapely.get_type_id(geometries), [3, 6])  # Polygon, MultiPolygon
    problems = [
        f"{code}: not a polygon ({shapely.get_type_id(g)})"
        if not ok
        else f"{code}: empty"
        if shapely.is_empty(g)
        else f"{code}: {shapely.is_valid_reason(g)}"
        for code, g, ok in zip(codes, geometries, polygonal, strict=True)
        if not ok or shapely.is_empty(g) or not shapely.is_valid(g)
    ]
    if problems:
        raise BuildError(f"{layer}: invalid geometry {stage}: " + "; ".join(problems))


def _check_parts_kept(
    codes: pd.Series, before: np.ndarray, after: np.ndarray, layer: str, step: str
) -> None:
    lost = shapely.get_num_geometries(after) < shapely.get_num_geometries(before)
    if lost.any():
        raise BuildError(
            f"{layer}: {step} dropped polygon parts (islands) of {sorted(codes[lost])}; "
            "use a smaller tolerance."
        )


def _name_2025(code: str, table: pd.DataFrame) -> str:
    name = str(table.loc[table["province_code_2025"] == code, "name_2025_vi"].iloc[0])
    # A 2025 province that keeps a 2022 province's code and name reads as the 2022 map does
    # ("TP. Hồ Chí Minh", not the bare "Hồ Chí Minh").
    if code in table.index and table.at[code, "name_vi"] == name:
        return str(table.at[code, "display_name_vi"])
    return name


def _feature_texts(layer: gpd.GeoDataFrame) -> list[str]:
    names = [c for c in layer.columns if c != layer.geometry.name]
    texts = []
    for row, geometry in zip(
        layer[names].itertuples(index=False), layer.geometry.to_numpy(), strict=True
    ):
        feature = {
            "type": "Feature",
            "properties": {n: str(v) for n, v in zip(names, row, strict=True)},
            "geometry": shapely.geometry.mapping(geometry),
        }
        texts.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return texts


def _collection_bytes(feature_texts: Sequence[str]) -> bytes:
    text = '{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}"
    return text.encode("utf-8")


def _write(path: Path, data: bytes) -> tuple[int, int]:
    path.write_bytes(data)
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def _write_layer(texts: Sequence[str], out_dir: Path, file: str) -> LayerInfo:
    size, gzip_size = _write(out_dir / file, _collection_bytes(texts))
    return LayerInfo(file=file, count=len(texts), bytes=size, gzip_bytes=gzip_size)


def _write_split_layer(
    districts: gpd.GeoDataFrame, texts: Sequence[str], out_dir: Path
) -> LayerInfo:
    folder = out_dir / DISTRICT_FOLDER
    # Start empty so a province that lost its districts leaves no stale file behind.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    by_row = pd.Series(texts, index=districts.index)
    total, total_gzip = 0, 0
    for province, group in districts.groupby("province_code", sort=True):
        size, gzip_size = _write(
            folder / f"{province}.geojson", _collection_bytes(by_row[group.index].to_list())
        )
        total, total_gzip = total + size, total_gzip + gzip_size
    return LayerInfo(
        file=f"{DISTRICT_FOLDER}/{{province_code}}.geojson",
        count=len(districts),
        bytes=total,
        gzip_bytes=total_gzip,
    )


def _build_id(input_fingerprint: str, simplify: float) -> str:
    if simplify == 0:
        return input_fingerprint
    # Other geometry from the same inputs must not share the default build's id (browser caches).
    return hashlib.sha256(f"{input_fingerprint} simplify={simplify!r}".encode()).hexdigest()[:12]


def _rounded_bounds(bounds: Sequence[float]) -> Bounds:
    min_lon, min_lat, max_lon, max_lat = (round(float(b), DECIMALS) for b in bounds)
    return (min_lon, min_lat, max_lon, max_lat)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry: parse arguments, build, print a size summary."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata.build", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder")
    parser.add_argument(
        "--simplify",
        type=float,
        default=0.0,
        help="extra coverage simplification in degrees (default 0: source resolution)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = build(args.out, simplify=args.simplify)
    except BuildError as error:
        print(f"geodata.build: {error}", file=sys.stderr)
        return 1
    for name, info in manifest.layers.items():
        print(
            f"{name:28} {info.count:4d} features {info.bytes / 1e3:9.1f} kB "
            f"{info.gzip_bytes / 1e3:8.1f} kB gzip  {info.file}"
        )
    elapsed = time.perf_counter() - started
    print(f"build {manifest.build} written to {args.out} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
