"""What frames a map view: the box the camera must show and the names written on it.

Shared by the screens that draw Vietnam's units (the overview's choropleth, and the province
boundaries under the routes and events). The archipelagos belong to the frame of every view of
provinces that holds them, and are named wherever they are in view; the district views of
Đà Nẵng and Khánh Hòa show theirs in an inset, so that the mainland fills the map.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from dashboard.figures.maps import Inset, Labels
from dashboard.i18n import t
from geodata import reference
from geodata.assets import Bounds, Manifest, union_bounds

# Label size in CSS pixels at the fitted zoom (the browser grows it when the user zooms in).
LABEL_SIZE: Final = {False: 11.0, True: 15.0}
# Where an archipelago's inset sits in its province's map (x0, x1, y0, y1 as fractions of the
# map): in a corner that is sea beyond the mainland, Đà Nẵng's bay opening to the north-east,
# Khánh Hòa's coast to the east and south-east.
INSET_DOMAIN: Final = {
    "hoang_sa": (0.74, 0.98, 0.70, 0.98),
    "truong_sa": (0.74, 0.98, 0.02, 0.30),
}


def province_codes_2025(codes_2022: Iterable[str]) -> set[str]:
    provinces = reference.provinces().set_index("province_code")["province_code_2025"]
    return {str(provinces[code]) for code in codes_2022}


def frame_bounds(
    manifest: Manifest, *, geography: str, codes: Iterable[str], district_view: bool = False
) -> Bounds:
    """The box holding the given provinces (or one province's districts) and their islands.

    Args:
        geography: "2022" or "2025": which codes ``codes`` are.
        codes: province codes in view; for ``district_view``, the one province whose
            districts are shown: its archipelago is left out (it goes in an inset).
    """
    codes = set(codes)
    table = manifest.province_bounds_2025 if geography == "2025" else manifest.province_bounds_2022
    boxes = [table[code] for code in sorted(codes)]
    for archipelago in manifest.archipelagos:
        owner = archipelago.province_code
        if geography == "2025":
            owner = next(iter(province_codes_2025([owner])))
        if owner in codes and not district_view:
            boxes.append(archipelago.bounds)
    return union_bounds(boxes)


def archipelago_inset(
    manifest: Manifest, province: str, *, lang: str, presenter: bool
) -> Inset | None:
    """The inset of the archipelago of ``province`` (a 2022 code) in its district view."""
    for archipelago in manifest.archipelagos:
        if archipelago.province_code != province:
            continue
        lon, lat = archipelago.point
        name = t(f"archipelago_{archipelago.key}", lang)
        return Inset(
            codes=(archipelago.district_code,),
            fit=archipelago.bounds,
            domain=INSET_DOMAIN[archipelago.key],
            labels=Labels(lons=(lon,), lats=(lat,), texts=(name,), size=LABEL_SIZE[presenter]),
            islands=archipelago.islands,
        )
    return None


def unit_labels(
    manifest: Manifest,
    *,
    layer: str,
    codes: Iterable[str],
    lang: str,
    presenter: bool,
    values: Mapping[str, str] | None = None,
) -> Labels:
    """Short names (and, when given, values) of the units ``codes``, biggest units first.

    ``layer`` is the manifest's label layer (``provinces_2022``, ``provinces_2025`` or
    ``districts_2022``). An archipelago's district is named as the archipelago; in a
    provinces layer the archipelagos of the provinces in view get their own label.
    """
    points = manifest.label_points[layer]
    names = short_names(layer)
    codes = [code for code in codes if code in points]
    by_district = {a.district_code: a for a in manifest.archipelagos}
    entries: list[tuple[float, float, str]] = []
    if layer != "districts_2022":
        geography = "2025" if layer == "provinces_2025" else "2022"
        for archipelago in manifest.archipelagos:
            owner = archipelago.province_code
            if geography == "2025":
                owner = next(iter(province_codes_2025([owner])))
            if owner in codes:
                lon, lat = archipelago.point
                entries.append((lon, lat, t(f"archipelago_{archipelago.key}", lang)))
    for code in _by_size(manifest, layer, codes):
        lon, lat = points[code]
        if code in by_district:
            text = t(f"archipelago_{by_district[code].key}", lang)
        else:
            text = names.get(code, code)
        if values is not None and code in values:
            # plotly turns <br> into the line break MapLibre draws.
            text = f"{text}<br>{values[code]}"
        entries.append((lon, lat, text))
    lons, lats, texts = zip(*entries, strict=True) if entries else ((), (), ())
    return Labels(lons=lons, lats=lats, texts=texts, size=LABEL_SIZE[presenter])


def short_names(layer: str) -> dict[str, str]:
    """The names a map writes: "Gò Vấp", not "Quận Gò Vấp" (but "Quận 1", never a bare "1")."""
    if layer == "provinces_2025":
        table = reference.provinces_2025()
        return dict(zip(table["province_code_2025"], table["name_vi"], strict=True))
    if layer == "provinces_2022":
        table = reference.provinces()
        return dict(zip(table["province_code"], table["display_name_vi"], strict=True))
    table = reference.districts()
    short = table["name_vi"].where(~table["name_vi"].str.isdigit(), table["full_name_vi"])
    return dict(zip(table["district_code"], short, strict=True))


def _by_size(manifest: Manifest, layer: str, codes: list[str]) -> list[str]:
    """``codes``, largest camera box first (they keep their names when space is short)."""
    boxes = {
        "provinces_2022": manifest.province_bounds_2022,
        "provinces_2025": manifest.province_bounds_2025,
    }.get(layer, {})

    def area(code: str) -> float:
        box = boxes.get(code)
        return (box[2] - box[0]) * (box[3] - box[1]) if box else 0.0

    return sorted(codes, key=lambda code: (-area(code), code))
