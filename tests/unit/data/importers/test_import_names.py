"""Every hard case of DATA_FORMATS "Name matching", through an actual import (SQLite)."""

import itertools
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers import import_file
from dashboard.data.schema import enrollments
from tests.unit.data.importers.helpers_importers import csv_bytes, enrollment_csv

# (province as written, district as written, expected province code, district code)
ACCEPTED = [
    ("Hoà Bình", "Thành phố Hoà Bình", "17", "148"),
    ("Hòa Bình", "Hoà Bình", "17", "148"),
    ("Khánh Hoà", "Nha Trang", "56", "568"),
    ("Khánh Hòa", "TP Nha Trang", "56", "568"),
    ("Phú Thọ", "Thanh Thuỷ", "25", "239"),
    ("Phú Thọ", "Thanh Thủy", "25", "239"),
    ("Ha Noi", "Ba Dinh", "01", "001"),
    ("Hanoi", "Quận Ba Đình", "01", "001"),
    ("HÀ NỘI", "  ba   đình ", "01", "001"),
    ("Thành phố Hà Nội", "Q. Ba Đình", "01", "001"),
    ("TP. Hà Nội", "Huyện Ba Vì", "01", "271"),
    ("TP Hà Nội", "H. Ba Vì", "01", "271"),
    ("Tỉnh Hà Tĩnh", "TX. Kỳ Anh", "42", "449"),
    ("Dak Lak", "Buon Ma Thuot", "66", "643"),
    ("Đắc Lắc", "Buôn Ma Thuột", "66", "643"),
    ("Đăk Nông", "Gia Nghĩa", "67", "660"),
    ("TP HCM", "Quận 1", "79", "760"),
    ("TPHCM", "Q.1", "79", "760"),
    ("HCMC", "Q1", "79", "760"),
    ("Ho Chi Minh City", "District 1", "79", "760"),
    ("Thành phố Hồ Chí Minh", "1", "79", "760"),
    ("Huế", "Thành phố Huế", "46", "474"),
    ("BR-VT", "Vũng Tàu", "77", "747"),
    ("01", "001", "01", "001"),
    ("1", "1", "01", "001"),
]

# The six same-province duplicate district names: (province, bare name, codes of both units,
# a prefixed name, its code).
DUPLICATES = [
    ("Hà Tĩnh", "Kỳ Anh", ("447", "449"), "Thị xã Kỳ Anh", "449"),
    ("Tiền Giang", "Cai Lậy", ("817", "820"), "Huyện Cai Lậy", "820"),
    ("Trà Vinh", "Duyên Hải", ("850", "851"), "TX Duyên Hải", "851"),
    ("Đồng Tháp", "Cao Lãnh", ("866", "873"), "Thành phố Cao Lãnh", "866"),
    ("Đồng Tháp", "Hồng Ngự", ("868", "870"), "Huyện Hồng Ngự", "870"),
    ("Hậu Giang", "Long Mỹ", ("936", "937"), "Thị xã Long Mỹ", "937"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("names")
    engine = make_engine(f"sqlite:///{folder / 'names.sqlite3'}")
    create_schema(engine)
    yield engine
    engine.dispose()


# Spellings of one place are the same rows once resolved, so the same file to the importer:
# each file gets a participant of its own to stay a new file in the module's database.
_REFS = itertools.count(100_000_001)


def _import(engine, province: str, district: str):
    ref = f"{next(_REFS):010d}"
    return import_file(
        engine, "enrollments", enrollment_csv((province, district, ref)), imported_by="t"
    )


def _stored(engine, import_id: int, *names: str) -> tuple:
    """The ``names`` columns of the one enrollment of import ``import_id``."""
    with engine.connect() as con:
        query = select(*(enrollments.c[name] for name in names))
        return tuple(con.execute(query.where(enrollments.c.import_id == import_id)).one())


@pytest.mark.parametrize(("province", "district", "province_code", "district_code"), ACCEPTED)
def test_name_forms_import_to_their_codes(engine, province, district, province_code, district_code):
    result = _import(engine, province, district)
    assert result.status == "imported", [str(p) for p in result.problems]
    stored = _stored(engine, result.import_id, "province_code", "district_code")
    assert stored == (province_code, district_code)


@pytest.mark.parametrize(("province", "bare", "codes", "prefixed", "code"), DUPLICATES)
def test_bare_duplicate_district_is_an_error_listing_both(engine, province, bare, codes, prefixed,
                                                          code):  # fmt: skip
    rejected = _import(engine, province, bare)
    assert rejected.status == "rejected"
    (problem,) = rejected.problems
    assert (problem.row, problem.column, problem.value) == (2, "Quận/Huyện", bare)
    assert problem.codes == codes
    assert all(c in problem.expected for c in codes)
    imported = _import(engine, province, prefixed)
    assert imported.status == "imported"
    assert _stored(engine, imported.import_id, "district_code") == (code,)


def test_unknown_name_lists_the_closest_suggestions(engine):
    result = _import(engine, "Khánh Hòa", "Nha Trag")
    (problem,) = result.problems
    assert "568" in problem.codes and "Nha Trang" in problem.expected


def test_district_of_another_province_is_an_error(engine):
    (problem,) = _import(engine, "Hà Nội", "Quận 1").problems
    assert problem.column == "Quận/Huyện"
    (problem,) = _import(engine, "Hà Nội", "760").problems
    assert "760" in problem.expected


def test_unknown_province_is_reported_once_not_for_its_district_too(engine):
    result = _import(engine, "Hà Nộii", "Ba Đình")
    assert [p.column for p in result.problems] == ["Tỉnh/Thành phố"]
    assert "01" in result.problems[0].codes


# Unicode NFD (as some Mac and web exports write): base letters and combining marks.
NFD = [
    (unicodedata.normalize("NFD", "Thừa Thiên Huế"), unicodedata.normalize("NFD", "Hương Thủy"),
     "46", "479"),
    (unicodedata.normalize("NFD", "Hà Nội"), unicodedata.normalize("NFD", "Ba Đình"), "01", "001"),
]  # fmt: skip


@pytest.mark.parametrize(("province", "district", "province_code", "district_code"), NFD)
def test_decomposed_unicode_matches(engine, province, district, province_code, district_code):
    test_name_forms_import_to_their_codes(engine, province, district, province_code, district_code)


# (district as written, commune as written, expected commune code): prefixes Phường, P., Xã,
# Thị trấn optional; tone marks in either placement; without diacritics; by code.
COMMUNES = [
    ("Ba Đình", "Phường Phúc Xá", "00001"),
    ("Ba Đình", "P. Phúc Xá", "00001"),
    ("Ba Đình", "P.Phúc Xá", "00001"),
    ("Ba Đình", "Phúc Xá", "00001"),
    ("Ba Đình", "phuc xa", "00001"),
    ("Đông Anh", "Xã Xuân Nộn", "00457"),
    ("Đông Anh", "Xuân Nộn", "00457"),
    ("Đông Anh", "Xã Thụy Lâm", "00460"),
    ("Đông Anh", "Thuỵ Lâm", "00460"),
    ("Đông Anh", "Thị trấn Đông Anh", "00454"),
    ("Đông Anh", "00457", "00457"),
]


@pytest.mark.parametrize(("district", "commune", "code"), COMMUNES)
def test_commune_forms_import_to_their_codes(engine, district, commune, code):
    ref = f"{next(_REFS):010d}"
    content = csv_bytes("Ngày đăng ký,Tỉnh,Huyện,Xã/Phường,Kênh,Mã số BHXH",
                        f"08/05/2022,Hà Nội,{district},{commune},Bưu điện,{ref}")  # fmt: skip
    result = import_file(engine, "enrollments", content, imported_by="t")
    assert result.status == "imported", [str(p) for p in result.problems]
    assert _stored(engine, result.import_id, "commune_code") == (code,)


def test_commune_of_another_district_is_an_error_with_suggestions(engine):
    content = csv_bytes("Ngày đăng ký,Tỉnh,Huyện,Xã/Phường,Kênh",
                        "08/05/2022,Hà Nội,Đông Anh,Phúc Xá,Bưu điện")  # fmt: skip
    result = import_file(engine, "enrollments", content, imported_by="t")
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (2, "Xã/Phường", "Phúc Xá")
