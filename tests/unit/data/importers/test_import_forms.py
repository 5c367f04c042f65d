"""The real forms (D05-TS, D03-TS, development report, tracker reports, KML, ZIP of tracks),
in the variants real exports come in, imported with exact counts; broken ones rejected whole."""

import datetime as dt

import pytest
from sqlalchemy import select

from dashboard.data.importers import Upload, import_file, preview, vocabulary
from dashboard.data.importers.d05 import payment_cycle, support_group
from dashboard.data.importers.grid import locate
from dashboard.data.importers.load import participant_hash
from dashboard.data.importers.tracker import vehicle_type_of
from dashboard.data.schema import enrollments, participants, route_points
from tests import form_files as ff
from tests.unit.data.importers.helpers_importers import count, import_count

TODAY = dt.date(2022, 12, 31)
D05_VARIANTS = {
    "four merged rows, codes, xlsx": (ff.D05Options(), "xlsx"),
    "four merged rows, codes, csv": (ff.D05Options(), "csv"),
    "three rows, no codes, no diacritics, xlsx": (
        ff.D05Options(header_rows=3, codes_row=False, diacritics=False),
        "xlsx",
    ),
    "three rows, no diacritics, csv": (ff.D05Options(header_rows=3, diacritics=False), "csv"),
    "flattened, no codes, csv": (ff.D05Options(header_rows=1, codes_row=False), "csv"),
    "no receipt column, the document's date": (ff.D05Options(receipt_date=False), "xlsx"),
}


def _bytes(sheet: ff.Sheet, file_type: str) -> bytes:
    return sheet.xlsx() if file_type == "xlsx" else sheet.csv()


def _import(engine, content, name, kind=None, **options):
    return import_file(
        engine,
        kind,
        content,
        file_name=name,
        imported_by="test",
        participant_salt="test-salt",
        today=TODAY,
        **options,
    )


@pytest.mark.parametrize("variant", list(D05_VARIANTS))
def test_d05_variants_import_the_new_participants_only(engine, variant):
    options, file_type = D05_VARIANTS[variant]
    content = _bytes(ff.d05(options), file_type)
    result = _import(engine, content, f"d05.{file_type}")
    assert result.status == "imported", [p.message() for p in result.problems]
    # 4 people in "Tăng": one pays on (Đóng tiếp); 1 person in "Giảm"; totals and signatures.
    assert (result.kind, result.row_count, result.added_count) == ("enrollments", 3, 3)
    assert result.description is not None
    assert result.description.in_language("vi") == (
        "Danh sách D05-TS của Bưu điện huyện Vị Xuyên, 3 người tăng mới; "
        "không tính: 1 người đóng tiếp, 1 người giảm"
    )
    assert [str(w) for w in result.warnings] == [
        "Participants counted at the agent's district (their address names no commune or "
        "district of the province): 1"
    ]
    with engine.connect() as con:
        rows = con.execute(select(enrollments).order_by(enrollments.c.id)).mappings().all()
    assert [(r["channel"], r["product"]) for r in rows] == [("post_office", "bhxh_tu_nguyen")] * 3
    assert [(r["province_code"], r["district_code"], r["commune_code"]) for r in rows] == [
        ("02", "030", "00940"),  # xã Phương Tiến
        ("02", "030", "00913"),  # thị trấn Vị Xuyên
        ("02", "030", None),  # "Thôn Khuổi Luông": the agent's district
    ]
    dates = [r["registered_on"] for r in rows]
    if options.receipt_date:
        assert dates == [dt.date(2022, 5, 8), dt.date(2022, 5, 8), dt.date(2022, 5, 9)]
    else:
        assert dates == [dt.date(2022, 5, 31)] * 3  # "Vị Xuyên, ngày 31 tháng 5 năm 2022"
    assert [r["payment_cycle"] for r in rows] == ["quarterly", "annual", "monthly"]
    assert [r["support_group"] for r in rows] == ["other", "poor", "near_poor"]
    assert [r["monthly_income_vnd"] for r in rows] == [1_500_000, 1_500_000, 2_000_000]
    # The social insurance number, or the ID card number of the one without, hashed.
    assert [r["participant_hash"] for r in rows] == [
        participant_hash("0223012345", "test-salt"),
        participant_hash("CCCD002085004321", "test-salt"),
        participant_hash("0223056789", "test-salt"),
    ]
    again = _import(engine, content, f"d05.{file_type}")
    assert again.status == "already_imported" and count(engine, "enrollments") == 3


def test_the_same_people_in_another_export_are_not_counted_twice(engine):
    _import(engine, ff.d05().xlsx(), "d05.xlsx")
    result = _import(engine, ff.d05(ff.D05Options(header_rows=1)).csv(), "d05.csv")
    # The same rows once read: a file is identified by its normalised rows, not its bytes.
    assert (result.status, result.added_count) == ("already_imported", 0)
    assert count(engine, "enrollments") == 3


@pytest.mark.parametrize(
    ("options", "row", "column", "expected"),
    [
        (
            ff.D05Options(receipt_date=False, foot_date=False),
            11,
            "Ngày biên lai",
            "a column “Ngày biên lai” (the receipt date, the registration date) or the "
            "document's date (“ngày … tháng … năm …”)",
        ),
        (
            ff.D05Options(address_of="xã Yên Bình, huyện Ý Yên, tỉnh Nam Định"),
            15,
            "Địa chỉ",
            "a place of the agent's province (“tỉnh Nam Định” is in another province)",
        ),
    ],
    ids=["no date", "address of another province"],
)
def test_broken_d05_is_rejected_whole(engine, options, row, column, expected):
    result = _import(engine, ff.d05(options).xlsx(), "d05.xlsx")
    assert result.status == "rejected" and result.problem_count == 1
    problem = result.problems[0]
    assert (problem.row, problem.column, problem.expected) == (row, column, expected)
    assert count(engine, "enrollments") == 0 and import_count(engine) == 0


def test_an_id_number_is_never_echoed_in_a_problem():
    sheet = ff.d05()
    person = next(row for row in sheet.rows if row and row[0] == 2 and row[1] == "Trần Văn Bình")
    person[3] = "00208500432"  # 11 digits: neither a CCCD nor a CMND
    checked = preview(sheet.xlsx(), Upload(file_name="d05.xlsx", today=TODAY))
    assert [(p.row, p.column, p.value) for p in checked.problems] == [(16, "Số CCCD/CMND", "")]


@pytest.mark.parametrize(
    ("months", "cycle"),
    [(1, "monthly"), (3, "quarterly"), (6, "semiannual"), (12, "annual"), (24, "multi_year"),
     (60, "multi_year"), (2, None), (72, None), (18, None)],
)  # fmt: skip
def test_payment_cycle_from_months(months, cycle):
    assert payment_cycle(months) == cycle


@pytest.mark.parametrize(
    ("cell", "group"),
    [(30, "poor"), ("25%", "near_poor"), (0.1, "other"), ("10", "other"), (None, None), (0, None)],
)
def test_support_group_from_percentage(cell, group):
    assert support_group(cell) == group


def test_d03_household_members_are_separate_participants(engine):
    for codes, diacritics, file_type in ((True, True, "xlsx"), (False, False, "csv")):
        content = _bytes(ff.d03(codes_row=codes, diacritics=diacritics), file_type)
        checked = preview(content, Upload(file_name=f"d03.{file_type}", today=TODAY))
        assert checked.ok, [p.message() for p in checked.problems]
        assert checked.row_count == 3
        assert [(r["sex"], r["birth_year"], r["registered_on"]) for r in checked.rows] == [
            ("male", 1980, dt.date(2022, 5, 20)),
            ("female", 1985, dt.date(2022, 5, 20)),
            ("male", 2006, dt.date(2022, 5, 20)),
        ]
    result = _import(engine, ff.d03().xlsx(), "d03.xlsx")
    assert (result.status, result.added_count) == ("imported", 3)
    # The same people in a D05-TS list are another product's participants: both count.
    with engine.connect() as con:
        products = con.execute(select(enrollments.c.product)).scalars().all()
    assert products == ["bhyt_ho_gia_dinh"] * 3


@pytest.mark.parametrize(
    ("flat", "codes", "diacritics", "file_type", "title"),
    [
        (False, False, True, "xlsx", "BÁO CÁO TÌNH HÌNH PHÁT TRIỂN NGƯỜI THAM GIA BHXH TỰ NGUYỆN "
         "THÁNG 5/2022"),
        (False, True, True, "csv", "Báo cáo phát triển người tham gia T5/2022"),
        (True, True, False, "csv", "BAO CAO TINH HINH PHAT TRIEN NGUOI THAM GIA tháng 05 năm 2022"),
    ],
)  # fmt: skip
def test_development_report_imports_district_stocks(
    engine, flat, codes, diacritics, file_type, title
):
    sheet = ff.development(title=title, flat=flat, codes_row=codes, diacritics=diacritics)
    result = _import(engine, _bytes(sheet, file_type), f"bc.{file_type}")
    assert result.status == "imported", [p.message() for p in result.problems]
    assert (result.kind, result.row_count) == ("participants", 3)  # "Toàn tỉnh" not stored
    assert result.description is not None
    assert result.description.in_language("vi") == (
        "Báo cáo phát triển người tham gia của Tỉnh Hà Giang, tháng 05/2022, 3 huyện: "
        "4.233 người tham gia, đạt 92,0% kế hoạch năm (4.600)"
    )
    with engine.connect() as con:
        rows = con.execute(select(participants).order_by(participants.c.id)).mappings().all()
    assert [
        (r["period"], r["province_code"], r["district_code"], r["voluntary_participants"],
         r["increase"], r["decrease"], r["year_plan"])
        for r in rows
    ] == [
        ("2022-05", "02", "024", 1102, 90, 8, 1200),  # BHXH thành phố Hà Giang
        ("2022-05", "02", "030", 1430, 130, 10, 1500),  # BHXH huyện Vị Xuyên
        ("2022-05", "02", "028", 1701, 210, 12, 1900),  # BHXH huyện Yên Minh
    ]  # fmt: skip


def test_development_report_with_a_wrong_total_is_rejected(engine):
    result = _import(engine, ff.development(total_off=5).xlsx(), "bc.xlsx")
    assert result.status == "rejected"
    assert [(p.row, p.column, p.value, p.expected) for p in result.problems] == [
        (6, "Kỳ này", "4238", "4233, the sum of the district rows")
    ]
    assert count(engine, "participants") == 0


def test_development_report_without_a_month_is_rejected(engine):
    sheet = ff.development(title="BÁO CÁO TÌNH HÌNH PHÁT TRIỂN NGƯỜI THAM GIA BHXH TỰ NGUYỆN")
    result = _import(engine, sheet.xlsx(), "bc.xlsx")
    assert result.status == "rejected" and result.problems[0].row is None
    assert "month and the province in the title" in result.problems[0].expected


@pytest.mark.parametrize(
    ("options", "file_type", "vehicle", "kind"),
    [
        ({}, "xlsx", "23A-012.34", "car"),
        ({"plate_in_title": False, "coordinates": False, "plate": "23-B1 234.56"}, "csv",
         "23-B1 234.56", "motorbike"),
        ({"diacritics": False}, "csv", "23A-012.34", "car"),
    ],
)  # fmt: skip
def test_tracker_reports_become_points_with_stops(engine, options, file_type, vehicle, kind):
    result = _import(engine, _bytes(ff.tracker(**options), file_type), f"xe.{file_type}")
    assert result.status == "imported", [p.message() for p in result.problems]
    assert (result.kind, result.row_count) == ("routes", 8)
    with engine.connect() as con:
        rows = con.execute(select(route_points).order_by(route_points.c.id)).mappings().all()
    assert {(r["vehicle_id"], r["vehicle_type"]) for r in rows} == {(vehicle, kind)}
    # Dừng 07:04-07:14 then Đỗ: one stop at its first position; the 2-minute halt is none.
    assert [(i, r["stop_name"]) for i, r in enumerate(rows) if r["stop_name"]] == [
        (2, "UBND xã Phương Tiến")
    ]
    assert (rows[2]["lat"], rows[2]["lon"]) == (22.682, 104.986)
    assert rows[0]["recorded_at"] == dt.datetime(2022, 5, 8, 0, 0, tzinfo=dt.UTC)  # 07:00 +07
    assert {r["district_code"] for r in rows} == {"030"}


def test_tracker_plate_of_unknown_form_needs_the_vehicle_type(engine):
    content = ff.tracker(plate="XE-TUYEN-TRUYEN").xlsx()
    result = _import(engine, content, "xe.xlsx")
    assert result.status == "rejected" and count(engine, "routes") == 0
    assert "choose the vehicle type" in result.problems[0].expected
    result = _import(engine, content, "xe.xlsx", vehicle_type="motorbike")
    assert (result.status, result.added_count) == ("imported", 8)


@pytest.mark.parametrize(
    ("plate", "kind"),
    [("29A-123.45", "car"), ("51LD-123.45", "car"), ("29-B1 234.56", "motorbike"),
     ("29B1-234.56", "motorbike"), ("ABC", None)],
)  # fmt: skip
def test_vehicle_type_from_the_plate(plate, kind):
    assert vehicle_type_of(plate) == kind


@pytest.mark.parametrize("line", [False, True], ids=["gx:Track", "LineString with TimeSpan"])
def test_kml_tracks(engine, line):
    result = _import(engine, ff.kml(line=line), "xe.kml")
    assert (result.status, result.kind, result.added_count) == ("imported", "routes", 4)
    with engine.connect() as con:
        times = con.execute(select(route_points.c.recorded_at).order_by(route_points.c.id))
        first, *_, last = times.scalars()
    assert first == dt.datetime(2022, 5, 8, 1, 0, tzinfo=dt.UTC)
    assert last - first == dt.timedelta(minutes=30 if line else 15)


def test_kml_line_without_times_is_a_problem(engine):
    content = ff.kml(line=True).replace(b"<TimeSpan>", b"<!-- ").replace(b"</TimeSpan>", b" -->")
    result = _import(engine, content, "xe.kml")
    assert result.status == "rejected" and "TimeSpan" in result.problems[0].expected


def test_zip_of_tracks_is_one_import_all_or_nothing(engine):
    members = {
        "xe_1.xlsx": ff.tracker().xlsx(),
        "xe_2.csv": ff.tracker(plate="23-B1 234.56").csv(),
        "xe_3.kml": ff.kml(name="23-B1 567.89"),
    }
    content = ff.batch(members)
    result = _import(engine, content, "tours.zip")
    assert (result.status, result.kind, result.added_count) == ("imported", "routes", 20)
    assert import_count(engine) == 1
    assert _import(engine, content, "tours.zip").status == "already_imported"
    broken = {**members, "xe_4.xlsx": ff.tracker(plate="XE-TUYEN-TRUYEN").xlsx()}
    result = _import(engine, ff.batch(broken), "more.zip")
    assert result.status == "rejected" and result.problems[0].file == "more.zip/xe_4.xlsx"
    assert count(engine, "routes") == 20


def test_a_given_kind_must_agree_with_the_form(engine):
    result = _import(engine, ff.d05().xlsx(), "d05.xlsx", kind="participants")
    assert result.status == "rejected" and import_count(engine) == 0
    assert "D05-TS list" in result.problems[0].expected
    assert _import(engine, ff.d05().xlsx(), "d05.xlsx", kind="enrollments").added_count == 3


def test_a_continuing_sub_section_and_notes_without_diacritics():
    sheet = ff.d05(ff.D05Options(people=3))
    at = next(i for i, row in enumerate(sheet.rows) if row[:2] == ["I.1", "Người tham gia"])
    sheet.rows.insert(at + 4, ["I.2", "Người đóng tiếp"])
    sheet.rows.insert(at + 5, ff._d05_row(4, (*ff.D05_PEOPLE[3][:-1], "")))  # no note
    sheet.rows[at + 1][-1] = "P.Thuc Tang_moi"  # a note typed without diacritics
    checked = preview(sheet.xlsx(), Upload(file_name="d05.xlsx", today=TODAY))
    assert checked.ok and checked.row_count == 3
    assert checked.description is not None
    assert checked.description.in_language("en").endswith(
        "3 new participants; left out: 1 continuing, 1 decreases"
    )


def test_a_commune_name_two_districts_share_is_a_problem():
    # Hà Giang has a Xã Tả Lủng in Đồng Văn (026) and in Mèo Vạc (027), none in Vị Xuyên.
    sheet = ff.d05(ff.D05Options(address_of="Thôn Lũng Thầu, xã Tả Lủng"))
    checked = preview(sheet.xlsx(), Upload(file_name="d05.xlsx", today=TODAY))
    assert [(p.row, p.column, p.value) for p in checked.problems] == [
        (15, "Địa chỉ", "Thôn Lũng Thầu, xã Tả Lủng")
    ]
    assert len(checked.problems[0].expected) > 0 and checked.problem_count == 1
    # With its district the name is one commune.
    sheet = ff.d05(ff.D05Options(address_of="xã Tả Lủng, huyện Mèo Vạc"))
    assert preview(sheet.xlsx(), Upload(file_name="d05.xlsx", today=TODAY)).ok


def test_kml_with_entity_declarations_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]>' + ff.kml()[38:]
    checked = preview(bomb, Upload(file_name="x.kml"))
    assert not checked.ok and "entity declarations" in checked.problems[0].expected


def test_a_title_line_naming_a_column_does_not_end_the_header_search():
    title = (1, ["Địa điểm: Hà Giang", "", "", ""])
    gap = [(n, ["", "", "", ""]) for n in (2, 3, 4, 5)]  # farther than a header's height
    header = (6, ["Thời gian", "Vĩ độ", "Kinh độ", "Trạng thái"])
    fix = (7, ["08/05/2022 07:30:15", "22.84780", "104.98410", "Chạy"])
    columns = vocabulary.TRACKER_COLUMNS
    assert locate([title], "a.csv", "csv", columns, ["time"]).columns == {"place": 0}

    grid = locate([title, *gap, header, fix], "a.csv", "csv", columns, ["time"])

    assert grid.header_row == 6
    assert grid.columns == {"time": 0, "lat": 1, "lon": 2, "status": 3}
    assert [number for number, _ in grid.body] == [7]
