"""The library API an upload screen uses: preview bytes, show problems in vi/en, confirm, undo."""

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from dashboard.data.importers import Upload, import_file, list_imports, preview, undo_import
from dashboard.data.schema import enrollments
from tests.unit.data.importers.helpers_importers import count, csv_bytes, enrollment_csv

UPLOAD = "dang_ky_thang5.csv"


def test_preview_of_good_bytes_then_confirm_then_undo(engine):
    content = enrollment_csv(("Nghệ An", "Vinh", "0123456789"), ("Hà Tĩnh", "TX Kỳ Anh", ""))
    shown = preview(content, Upload("enrollments", file_name=UPLOAD), engine=engine)
    assert shown.ok and shown.already is None and shown.problems == ()
    assert (shown.file_name, shown.row_count, shown.row_numbers) == (UPLOAD, 2, [2, 3])
    first = shown.rows[0]
    assert (first["registered_on"], first["province_code"], first["district_code"]) == (
        dt.date(2022, 5, 8), "40", "412")  # fmt: skip
    assert first["channel"] == "post_office"
    assert first["participant_ref"] == "•••••••789"  # never the whole number on screen
    assert count(engine, "enrollments") == 0

    result = import_file(engine, "enrollments", content, file_name=UPLOAD, imported_by="hoa")
    assert (result.status, result.added_count) == ("imported", 2)
    assert result.summary("vi").endswith("đọc 2 dòng, thêm 2.")
    again = preview(content, Upload("enrollments", file_name=UPLOAD), engine=engine)
    assert again.already is not None and again.already.id == result.import_id

    with engine.connect() as con:
        (record,) = list_imports(con)
    assert (record.file_name, record.imported_by, record.row_count) == (UPLOAD, "hoa", 2)
    assert record.content_hash == shown.content_hash and len(record.content_hash) == 64
    undone = undo_import(engine, record.id)
    assert undone.undone and count(engine, "enrollments") == 0


def test_problems_in_both_languages_with_name_suggestions(engine):
    content = csv_bytes(
        "Ngày đăng ký,Tỉnh,Huyện,Kênh",
        "32/05/2022,Hà Tĩnh,Kỳ Anh,Bưu điện",
        "08/05/2022,Khánh Hòa,Nha Trag,fax",
    )
    shown = preview(content, Upload("enrollments", file_name=UPLOAD))
    assert not shown.ok and shown.problem_count == 4
    date, ambiguous, channel, unknown = shown.problems  # by row, then column
    assert (date.file, date.row, date.column, date.value) == (
        UPLOAD,
        2,
        "Ngày đăng ký",
        "32/05/2022",
    )
    assert date.expected_in("en").startswith("a date dd/mm/yyyy")
    assert date.expected_in("vi").startswith("cần một ngày dạng dd/mm/yyyy")
    assert date.message("vi") == (
        f"{UPLOAD}, dòng 2, cột “Ngày đăng ký”: “32/05/2022” "
        "cần một ngày dạng dd/mm/yyyy, ví dụ 08/05/2022 (không có ngày này)"
    )
    assert str(date) == date.message("en")
    assert ambiguous.suggestions == (("447", "Huyện Kỳ Anh"), ("449", "Thị xã Kỳ Anh"))
    assert "447" in ambiguous.expected_in("vi") and "449" in ambiguous.expected_in("en")
    assert ("568", "Thành phố Nha Trang") in unknown.suggestions
    assert "Có phải là" in unknown.expected_in("vi")
    assert channel.expected_in("vi").startswith("cần một trong: Cơ quan BHXH (vss_office)")
    assert import_file(engine, "enrollments", content, imported_by="t").status == "rejected"
    assert count(engine, "enrollments") == 0


def test_file_level_problem_is_localised(engine):
    shown = preview(b"\x00\x01garbage", Upload("enrollments", file_name="x.csv"))
    (problem,) = shown.problems
    assert problem.row is None and problem.expected_in("vi").startswith("cần tệp văn bản")


def test_undo_frees_the_participants_for_another_file(engine):
    first = import_file(engine, "enrollments", enrollment_csv(("Nghệ An", "Vinh", "0123456789")),
                        imported_by="t")  # fmt: skip
    other = enrollment_csv(("Nghệ An", "Vinh", "0123456789"), ("Nghệ An", "Vinh", "0000000002"))
    skipped = import_file(engine, "enrollments", other, imported_by="t")
    assert (skipped.added_count, skipped.skipped_count) == (1, 1)
    undo_import(engine, skipped.import_id)
    undo_import(engine, first.import_id)
    again = import_file(engine, "enrollments", other, imported_by="t")
    assert (again.status, again.added_count, again.skipped_count) == ("imported", 2, 0)
    with engine.connect() as con:
        stored = con.execute(select(enrollments.c.participant_hash)).scalars().all()
    assert len(stored) == 2 and all(len(h) == 32 and b"0123456789" not in h for h in stored)


def test_a_csv_file_on_disk_is_checked_as_its_bytes_are(tmp_path, monkeypatch):
    good = enrollment_csv(("Nghệ An", "Vinh", "0123456789"), ("Hà Tĩnh", "TX Kỳ Anh", ""))
    bad = csv_bytes("Ngày đăng ký;Tỉnh;Huyện;Kênh", "32/05/2022;Hà Tĩnh;Kỳ Anh;Bưu điện")
    for content in (good, bad, b"\xef\xbb\xbf" + good, b"\x00\x01garbage"):
        path = tmp_path / "upload.csv"
        path.write_bytes(content)
        whole = preview(content, Upload("enrollments", file_name=UPLOAD))
        monkeypatch.setattr(Path, "read_bytes", _never)  # the file is read as it goes
        from_disk = preview(path, Upload("enrollments", file_name=UPLOAD))
        monkeypatch.undo()
        assert from_disk == whole


def _never(self):
    raise AssertionError(f"{self} read whole")
