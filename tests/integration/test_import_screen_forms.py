"""The real forms through the upload screen's callbacks: recognised, previewed in the officer's
words, the province restriction checked before "Confirm", imported with exact counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard import ids
from dashboard.data.schema import DATA_TABLES
from tests import form_files as ff
from tests.integration.importscreen import confirm_stored, engine_of, import_app, signed_in, upload
from tests.unit.server.helpers import add_user


@pytest.fixture
def app(tmp_path):
    app = import_app(tmp_path, load_sample=False)
    add_user(engine_of(app), "mai", "editor", "mật khẩu của mai", "02")  # Hà Giang
    return app


def _check(app, client, content, name, *, kind="auto", vehicle="file", lang="vi"):
    return upload(app, content, name, kind=kind, lang=lang, client=client, vehicle=vehicle)


def _confirm(app, client, stored):
    return confirm_stored(app, client, stored)[ids.IMPORT_RESULT]["children"]


def _count(app, kind):
    with engine_of(app).connect() as con:
        return con.execute(select(func.count()).select_from(DATA_TABLES[kind])).scalar_one()


def test_d05_is_recognised_previewed_in_words_and_imported(app):
    mai = signed_in(app, "mai", "mật khẩu của mai")
    checked = _check(app, mai, ff.d05().xlsx(), "d05.xlsx")
    notes = checked[ids.IMPORT_SUMMARY]["children"]
    assert notes[1]["props"]["children"] == (
        "Nhận dạng: Danh sách D05-TS của Bưu điện huyện Vị Xuyên, 3 người tăng mới; "
        "không tính: 1 người đóng tiếp, 1 người giảm"
    )
    rows = checked[ids.IMPORT_PREVIEW]["rowData"]
    assert [row["row"] for row in rows] == [15, 16, 17]
    assert rows[0]["channel"] == "Bưu điện" and rows[0]["payment_cycle"] == "3 tháng"
    assert rows[0]["province_code"] == "Hà Giang" and rows[0]["district_code"] == "Huyện Vị Xuyên"
    assert rows[0]["registered_on"] == "08/05/2022" and rows[0]["monthly_income_vnd"] == "1.500.000"
    assert rows[1]["support_group"] == "Hộ nghèo" and rows[2]["commune_code"] == ""
    assert rows[0]["participant_ref"].endswith("345") and "0223012345" not in str(rows)
    labels = [c["headerName"] for c in checked[ids.IMPORT_PREVIEW]["columnDefs"]]
    assert labels[:3] == ["Dòng", "Ngày đăng ký", "Giờ đăng ký"] and "Loại hình" in labels
    assert rows[0]["product"] == "BHXH tự nguyện" and rows[0]["registered_at"] == ""
    assert checked[ids.IMPORT_CONFIRM]["disabled"] is False
    result = _confirm(app, mai, checked[ids.IMPORT_FILE]["data"])
    assert "3 rows read, 3 added" in str(result) and _count(app, "enrollments") == 3


def test_rows_of_another_province_are_problems_in_the_preview(app):
    lan = signed_in(app, "lan", "mật khẩu của lan")  # editor of Hà Nội
    checked = _check(app, lan, ff.d05().xlsx(), "d05.xlsx", lang="en")
    problems = checked[ids.IMPORT_PROBLEMS]["rowData"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (row, "Địa chỉ", "Tỉnh Hà Giang") for row in (15, 16, 17)
    ]
    assert problems[0]["expected"] == (
        "a row of your province, Thành phố Hà Nội (an editor loads only their own province)"
    )
    assert (
        checked[ids.IMPORT_CONFIRM]["disabled"] is True and checked[ids.IMPORT_FILE]["data"] is None
    )
    assert _count(app, "enrollments") == 0


def test_tracker_with_the_screens_vehicle_type(app):
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    content = ff.tracker(plate="XE TUYEN TRUYEN").csv()
    refused = _check(app, admin, content, "xe.csv", lang="en")
    assert "choose the vehicle type" in refused[ids.IMPORT_PROBLEMS]["rowData"][0]["expected"]
    checked = _check(app, admin, content, "xe.csv", vehicle="motorbike", lang="en")
    rows = checked[ids.IMPORT_PREVIEW]["rowData"]
    assert len(rows) == 8 and rows[0]["vehicle_type"] == "Motorbike"
    assert rows[0]["recorded_at"] == "08/05/2022 07:00:00"  # Vietnam time, as in the file
    assert [r["stop_name"] for r in rows].count("UBND xã Phương Tiến") == 1
    headers = [c["headerName"] for c in checked[ids.IMPORT_PREVIEW]["columnDefs"]]
    assert headers[:4] == ["Row", "Vehicle", "Vehicle type", "Time"]
    assert "added" in str(_confirm(app, admin, checked[ids.IMPORT_FILE]["data"]))
    assert _count(app, "routes") == 8


@pytest.mark.parametrize(
    ("content", "name", "kind", "rows"),
    [
        (ff.development().xlsx(), "bc.xlsx", "participants", 3),
        (ff.development(flat=True, diacritics=False).csv(), "bc.csv", "participants", 3),
        (ff.d03(codes_row=False).csv(), "d03.csv", "enrollments", 3),
        (ff.kml(line=True), "xe.kml", "routes", 4),
        (ff.batch({"a.xlsx": ff.tracker().xlsx(), "b.kml": ff.kml()}), "tours.zip", "routes", 12),
    ],
)
def test_forms_import_through_the_screen(app, content, name, kind, rows):
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    checked = _check(app, admin, content, name, lang="en")
    assert checked[ids.IMPORT_PROBLEMS]["rowData"] == []
    assert checked[ids.IMPORT_FILE]["data"]["kind"] == kind
    assert f"{rows} rows read, {rows} added" in str(
        _confirm(app, admin, checked[ids.IMPORT_FILE]["data"])
    )
    assert _count(app, kind) == rows


def test_a_broken_form_is_refused_with_its_problem(app):
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    checked = _check(app, admin, ff.development(total_off=5).xlsx(), "bc.xlsx", lang="en")
    problems = checked[ids.IMPORT_PROBLEMS]["rowData"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [(6, "Kỳ này", "4238")]
    assert checked[ids.IMPORT_CONFIRM]["disabled"] is True
    assert _count(app, "participants") == 0


def test_the_problem_table_wraps_what_was_expected(app):
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    checked = _check(app, admin, ff.development(total_off=5).xlsx(), "bc.xlsx")
    columns = {c["field"]: c for c in checked[ids.IMPORT_PROBLEMS]["columnDefs"]}
    assert list(columns) == ["file", "row", "column", "value", "expected"]
    assert columns["expected"]["wrapText"] is True and columns["expected"]["flex"] == 1
    # The fixed columns leave the expectation at least its minimum at 1366 px.
    fixed = sum(columns[k]["width"] for k in ("file", "row", "column", "value"))
    assert fixed + columns["expected"]["minWidth"] <= 1366 - 2 * 48
