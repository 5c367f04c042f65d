"""Whole-file imports on SQLite and PostgreSQL: formats, encodings, idempotency, undo."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from dashboard.data.importers import Upload, import_file, list_imports, preview, undo_import
from dashboard.data.importers.load import UndoError
from dashboard.data.queries import data_status
from dashboard.data.schema import enrollments, events, route_points
from tests.unit.data.importers.helpers_importers import (
    ENROLLMENT_HEADER,
    count,
    csv_bytes,
    enrollment_csv,
    import_count,
    to_cp1258,
)

EXAMPLES = Path(__file__).resolve().parents[4] / "examples"


def _import(engine, kind, source, **options):
    options.setdefault("imported_by", "test")
    options.setdefault("participant_salt", "test-salt")
    return import_file(engine, kind, source, **options)


@pytest.mark.parametrize(
    ("kind", "file", "rows"),
    [
        ("enrollments", "enrollments.csv", 5),
        ("enrollments", "enrollments_ha_tinh.xlsx", 3),
        ("participants", "participants.csv", 3),
        ("targets", "targets.csv", 4),
        ("events", "events.csv", 4),
        ("routes", "routes.csv", 3),
        ("routes", "route_xe_may_01.gpx", 4),
    ],
)
def test_every_example_imports(engine, kind, file, rows):
    result = _import(engine, kind, EXAMPLES / file)
    assert result.status == "imported", [str(p) for p in result.problems]
    assert (result.row_count, result.added_count) == (rows, rows)
    assert count(engine, kind) == rows


def test_xlsx_title_rows_and_merged_headers(engine):
    result = _import(engine, "enrollments", EXAMPLES / "enrollments_ha_tinh.xlsx")
    (warning,) = result.warnings
    assert str(warning) == "column “Ghi chú” is not one of the enrollments columns and is ignored"
    assert (
        warning.in_language("vi")
        == "cột “Ghi chú” không thuộc các cột của tệp enrollments nên được bỏ qua"
    )
    with engine.connect() as con:
        rows = con.execute(
            select(enrollments.c.registered_on, enrollments.c.district_code,
                   enrollments.c.monthly_income_vnd).order_by(enrollments.c.registered_on)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [
        (dt.date(2022, 5, 8), "447", 1_500_000),
        (dt.date(2022, 5, 9), "449", 1_800_000),
        (dt.date(2022, 5, 10), "436", 2_000_000),
    ]


def test_xlsx_problem_rows_are_spreadsheet_rows(engine):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["Ngày đăng ký", "Tỉnh", "Huyện", "Kênh"])
    sheet.append([dt.datetime(2022, 5, 8), "Hà Tĩnh", "Huyện Kỳ Anh", "Bưu điện"])
    sheet.append([dt.datetime(2022, 5, 8), "Hà Tĩnh", "Huyện Kỳ Anh", "fax"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = _import(engine, "enrollments", buffer.getvalue(), file_name="ky_anh.xlsx")
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "ky_anh.xlsx", 5, "Kênh", "fax")  # fmt: skip
    assert count(engine, "enrollments") == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_encodings(engine, encoding):
    text = "\r\n".join([ENROLLMENT_HEADER, "08/05/2022,Thừa Thiên Huế,Thị xã Hương Thủy,Bưu điện,"])
    content = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":
        assert "\u0300".encode("cp1258") in content or b"\xcc" in content  # combining marks
    result = _import(engine, "enrollments", content, file_name="hue.csv")
    assert result.status == "imported", [str(p) for p in result.problems]
    with engine.connect() as con:
        assert con.execute(select(enrollments.c.district_code)).scalar_one() == "479"


def test_semicolon_csv_with_title_rows_and_extra_column(engine):
    content = csv_bytes(
        "BÁO CÁO PHÁT TRIỂN NGƯỜI THAM GIA;;;;",
        "Đơn vị: BHXH tỉnh Nghệ An;;;;",
        ";;;;",
        "STT;NGAY DANG KY;TINH;HUYEN;KENH",
        "1;08/05/2022;Nghệ An;Vinh;Bưu điện",
    )
    result = _import(engine, "enrollments", content, file_name="na.csv")
    assert result.status == "imported"
    assert [str(w) for w in result.warnings] == [
        "column “STT” is not one of the enrollments columns and is ignored"
    ]


def test_missing_required_column_is_an_error_at_the_header(engine):
    content = csv_bytes("Ngày đăng ký,Tỉnh,Huyện", "08/05/2022,Nghệ An,Vinh")
    result = _import(engine, "enrollments", content, file_name="x.csv")
    (problem,) = result.problems
    assert (problem.row, problem.column) == (1, "channel")
    assert "Kênh" in problem.expected
    assert import_count(engine) == 0


def test_one_bad_row_rejects_the_whole_file(engine):
    rows = [("Nghệ An", "Vinh", f"01234567{i:02d}") for i in range(50)]
    rows[30] = ("Nghệ An", "Vinhh", "0123456730")
    result = _import(engine, "enrollments", enrollment_csv(*rows), file_name="x.csv")
    assert result.status == "rejected"
    assert [p.row for p in result.problems] == [32]
    assert count(engine, "enrollments") == 0 and import_count(engine) == 0


def test_same_file_twice_adds_nothing(engine):
    content = enrollment_csv(("Nghệ An", "Vinh", "0123456789"))
    first = _import(engine, "enrollments", content)
    again = _import(engine, "enrollments", content, file_name="copy.csv")
    assert again.status == "already_imported" and again.import_id == first.import_id
    assert "already imported as import #" in again.summary()
    assert count(engine, "enrollments") == 1 and import_count(engine) == 1


def test_same_participant_in_file_and_in_database_adds_nothing(engine):
    first = enrollment_csv(("Nghệ An", "Vinh", "0123456789"), ("Nghệ An", "Vinh", "0123456789"))
    result = _import(engine, "enrollments", first)
    assert (result.added_count, result.skipped_count) == (1, 1)
    second = enrollment_csv(("Nghệ An", "Vinh", "0123456789"), ("Nghệ An", "Vinh", "0000000001"),
                            ("Nghệ An", "Vinh", ""))  # fmt: skip
    result = _import(engine, "enrollments", second)
    assert (result.row_count, result.added_count, result.skipped_count) == (3, 2, 1)
    with engine.connect() as con:
        hashes = con.execute(select(enrollments.c.participant_hash)).scalars().all()
    assert "0123456789" not in hashes and len([h for h in hashes if h]) == 2


def test_undo_removes_the_data_keeps_the_log_and_allows_reimport(engine):
    content = enrollment_csv(("Nghệ An", "Vinh", "0123456789"))
    first = _import(engine, "enrollments", content)
    record = undo_import(engine, first.import_id)
    assert record.undone and count(engine, "enrollments") == 0
    with engine.connect() as con:
        assert data_status(con).enrollment_count == 0
        assert [r.undone for r in list_imports(con)] == [True]
    with pytest.raises(UndoError, match="undone already"):
        undo_import(engine, first.import_id)
    with pytest.raises(UndoError, match="no import"):
        undo_import(engine, 999)
    again = _import(engine, "enrollments", content)
    assert again.status == "imported" and again.added_count == 1
    with engine.connect() as con:
        assert [(r.id, r.undone) for r in list_imports(con)] == [
            (first.import_id, True), (again.import_id, False)]  # fmt: skip


def test_events_need_units_down_to_their_level(engine):
    content = csv_bytes(
        "held_on,level,province,district,kind,attendees",
        "12/05/2022,Huyện,Nghệ An,,Hội nghị,100",
        "12/05/2022,Trung ương,,,Phát động trực tuyến,100",
    )
    result = _import(engine, "events", content, file_name="ev.csv")
    assert [(p.row, p.column) for p in result.problems] == [(2, "district")]


def test_routes_gpx_vehicle_from_the_options(engine):
    content = (EXAMPLES / "route_xe_may_01.gpx").read_bytes()
    content = content.replace(b"<name>XM-HT-01</name>", b"").replace(b"<type>motorbike</type>", b"")
    rejected = _import(engine, "routes", content, file_name="no_name.gpx")
    assert {p.column for p in rejected.problems} == {"vehicle_id", "vehicle_type"}
    result = _import(engine, "routes", content, file_name="no_name.gpx", vehicle_id="XM-02",
                     vehicle_type="Xe máy")  # fmt: skip
    assert result.status == "imported"
    with engine.connect() as con:
        rows = con.execute(
            select(route_points.c.vehicle_id, route_points.c.vehicle_type,
                   route_points.c.district_code, route_points.c.commune_code,
                   route_points.c.recorded_at).order_by(route_points.c.id)
        ).all()  # fmt: skip
    assert {(r[0], r[1], r[2]) for r in rows} == {("XM-02", "motorbike", "449")}
    # Only the stop that names a commune of its district gets a commune.
    assert [r[3] for r in rows] == [None, None, None, "18832"]
    assert rows[0][4] == dt.datetime(2022, 5, 14, 1, 30, tzinfo=dt.UTC)


def test_gpx_is_for_routes_only(engine):
    result = _import(engine, "events", EXAMPLES / "route_xe_may_01.gpx")
    assert result.status == "rejected" and "routes only" in result.problems[0].expected


def test_preview_writes_nothing(engine):
    shown = preview(EXAMPLES / "events.csv", Upload("events", limit=2))
    assert shown.ok and shown.row_count == 4 and len(shown.rows) == 2
    assert shown.rows[0]["kind"] == "online_kickoff"
    assert count(engine, "events") == 0
    with engine.connect() as con:
        assert con.execute(select(events.c.id)).first() is None
