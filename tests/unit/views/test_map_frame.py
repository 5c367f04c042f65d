"""The frame and the names of a map view, from the built manifest (assets/geo, `make assets`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import t
from dashboard.views.map_frame import archipelago_inset, frame_bounds, short_names, unit_labels
from geodata import reference
from geodata.assets import Manifest, load_manifest

ASSETS = Path(__file__).resolve().parents[3] / "assets"


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return load_manifest(ASSETS / "geo")


def test_da_nang_and_khanh_hoa_are_framed_with_their_archipelago(manifest: Manifest) -> None:
    mainland = manifest.province_bounds_2022["48"]
    west, _, east, _ = frame_bounds(manifest, geography="2022", codes=["48"])
    assert east > 112 and west == mainland[0]  # Hoàng Sa in, the mainland too
    _, south, east, _ = frame_bounds(manifest, geography="2022", codes=["56"])
    assert east > 115 and south < 8  # Trường Sa
    # 2025: Khánh Hòa absorbed Ninh Thuận and keeps its code; it still holds Trường Sa.
    assert frame_bounds(manifest, geography="2025", codes=["56"])[2] > 115
    assert (
        frame_bounds(manifest, geography="2022", codes=["01"])
        == manifest.province_bounds_2022["01"]
    )
    # Their district views frame the mainland alone: the archipelago goes in an inset.
    for code in ("48", "56"):
        assert (
            frame_bounds(manifest, geography="2022", codes=[code], district_view=True)
            == manifest.province_bounds_2022[code]
        )


def test_the_district_views_of_da_nang_and_khanh_hoa_have_an_inset(manifest: Manifest) -> None:
    inset = archipelago_inset(manifest, "56", lang="vi", presenter=False)
    assert inset is not None
    assert inset.codes == ("576",) and inset.fit[2] > 115 and inset.fit[1] < 8
    assert inset.labels.texts == ("Quần đảo Trường Sa",)
    hoang_sa = archipelago_inset(manifest, "48", lang="en", presenter=True)
    assert hoang_sa is not None and hoang_sa.labels.texts == ("Hoàng Sa Archipelago",)
    assert archipelago_inset(manifest, "01", lang="vi", presenter=False) is None


def test_national_labels_name_every_province_and_both_archipelagos(manifest: Manifest) -> None:
    codes = reference.provinces()["province_code"].to_list()
    labels = unit_labels(manifest, layer="provinces_2022", codes=codes, lang="vi", presenter=False)
    assert len(labels.texts) == 65
    assert labels.texts[:2] == ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")
    assert {"Hà Nội", "Cà Mau", "Đà Nẵng", "Khánh Hòa"} <= set(labels.texts)
    english = unit_labels(manifest, layer="provinces_2022", codes=codes, lang="en", presenter=False)
    assert english.texts[:2] == ("Hoàng Sa Archipelago", "Trường Sa Archipelago")


def test_presenter_labels_carry_the_value_on_a_second_line(manifest: Manifest) -> None:
    labels = unit_labels(
        manifest,
        layer="provinces_2022",
        codes=["01", "79"],
        lang="vi",
        presenter=True,
        values={"01": "1.234", "79": "567"},
    )
    assert set(labels.texts) == {"Hà Nội<br>1.234", "TP. Hồ Chí Minh<br>567"}
    assert (
        labels.size
        > unit_labels(
            manifest, layer="provinces_2022", codes=["01"], lang="vi", presenter=False
        ).size
    )


def test_district_labels_are_short_and_the_archipelago_district_is_named_as_such(
    manifest: Manifest,
) -> None:
    districts = reference.districts()
    codes = districts.loc[districts["province_code"] == "48", "district_code"].to_list()
    labels = unit_labels(manifest, layer="districts_2022", codes=codes, lang="vi", presenter=False)
    assert "Quần đảo Hoàng Sa" in labels.texts
    assert "Hải Châu" in labels.texts and "Quận Hải Châu" not in labels.texts
    assert short_names("districts_2022")["760"] == "Quận 1"  # never a bare "1"


def test_every_label_character_has_a_committed_glyph_range(manifest: Manifest) -> None:
    ranges = {p.stem for p in (ASSETS / "glyphs" / "NotoSans-Bold").glob("*.pbf")}
    covered = [tuple(int(n) for n in r.split("-")) for r in ranges]
    texts = [
        *short_names("provinces_2022").values(),
        *short_names("provinces_2025").values(),
        *short_names("districts_2022").values(),
        "Quần đảo Hoàng Sa Trường Sa Archipelago 0123456789.,% –",
    ]
    missing = {
        char
        for text in texts
        for char in text
        if not any(low <= ord(char) <= high for low, high in covered)
    }
    assert missing == set()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_footer_credits_every_boundary_licence_and_the_font(
    manifest: Manifest, lang: str
) -> None:
    credits = t("attribution", lang, sources=t("boundary_credits", lang))
    for item in manifest.attribution:
        assert item.licence in credits, item
    assert "Noto Sans" in credits and "SIL Open Font License" in credits
