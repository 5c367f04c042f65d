"""Checks that stop silent wrong numbers, each with a real file; and the identity of a file.

Every file here is written to disk and imported by path, as the command line does; the
duplicate, overflow and formula cases also go through the command line (exit 2, no
traceback, nothing written).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from sqlalchemy.engine import Engine

from dashboard.cli import main
from dashboard.data.importers import Upload, import_file, preview
from tests.unit.data.importers.helpers_importers import count, import_count


def _write(path: Path, text: str, *, newline: str = "\n", bom: bool = False) -> Path:
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _bad_files(tmp: Path) -> dict[str, tuple[str, Path, int, str, str]]:
    """kind, file, the row and column of its problem, and the value quoted."""
    return {
        "duplicate target": (
            "targets",
            _write(tmp / "chi_tieu.csv", "Tỉnh,Loại hình,Chỉ tiêu\nHà Nội,BHXH tự nguyện,300\n"
                   "Hà Tĩnh,,120\nHa Noi,VSI,250\n"),
            4, "Tỉnh", "Ha Noi",
        ),
        "duplicate participants": (
            "participants",
            _write(tmp / "so_nguoi.csv", "Kỳ,Tỉnh,Huyện,Số người tham gia\n2022-05,Hà Nội,,900\n"
                   "05/2022,Hà Nội,,950\n"),
            3, "Kỳ", "05/2022",
        ),
        "overflow": (
            "participants",
            _write(tmp / "lon.csv", "Kỳ,Tỉnh,Số người tham gia\n2022-05,Hà Nội,3.000.000.000\n"),
            2, "Số người tham gia", "3.000.000.000",
        ),
        "formula": (
            "events",
            _workbook(tmp / "su_kien.xlsx", [
                ["Ngày tổ chức", "Cấp", "Tỉnh", "Loại hoạt động", "Số người tham dự"],
                [dt.datetime(2022, 5, 8), "Tỉnh", "Hà Nội", "Hội nghị", "=B5*40"],
            ]),
            2, "Số người tham dự", "=B5*40",
        ),
    }  # fmt: skip


@pytest.mark.parametrize(
    "case", ["duplicate target", "duplicate participants", "overflow", "formula"]
)
def test_a_silent_wrong_number_is_a_problem(engine: Engine, tmp_path: Path, case: str) -> None:
    kind, path, row, column, value = _bad_files(tmp_path)[case]

    result = import_file(engine, kind, path, imported_by="test")

    assert result.status == "rejected"
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        path.name,
        row,
        column,
        value,
    )
    assert problem.expected and problem.expected_in("vi") != problem.expected
    assert count(engine, kind) == 0 and import_count(engine) == 0


@pytest.mark.parametrize("case", ["duplicate target", "overflow", "formula"])
def test_the_command_line_exits_2_without_a_traceback(tmp_path: Path, case: str) -> None:
    kind, path, _row, column, value = _bad_files(tmp_path)[case]
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    result = CliRunner().invoke(main, ["import", kind, str(path), "--database", database])

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert value in result.stderr and column in result.stderr and "nothing written" in result.stderr


def test_dates_outside_the_campaign_or_ahead_are_a_warning(engine: Engine, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "dang_ky.csv",
        "Ngày đăng ký,Tỉnh,Huyện,Kênh\n08/05/2022,Hà Nội,Ba Đình,Bưu điện\n"
        "07/05/2022,Hà Nội,Ba Đình,Bưu điện\n15/01/2023,Hà Nội,Ba Đình,Bưu điện\n",
    )
    today = dt.date(2022, 12, 1)

    shown = preview(path, Upload("enrollments", today=today), engine=engine)
    result = import_file(engine, "enrollments", path, imported_by="test", today=today)

    warnings = [str(w) for w in result.warnings]
    assert [str(w) for w in shown.warnings] == warnings
    assert warnings == [
        "2 registration date(s) outside the campaign (08/05/2022–31/12/2022) (rows 3, 4): they "
        "are imported but the default view does not count them",
        "1 registration date(s) in the future (rows 4): they are imported but the default "
        "view does not count them",
    ]
    assert result.status == "imported" and count(engine, "enrollments") == 3


ROWS = "Ngày đăng ký,Tỉnh,Huyện,Kênh,Mã số BHXH\n08/05/2022,Hà Nội,Ba Đình,Bưu điện,0100000001\n"


@pytest.mark.parametrize(
    "saved_again",
    [{"newline": "\r\n"}, {"bom": True}, {"newline": "\r\n", "bom": True}],
    ids=["crlf", "bom", "crlf-bom"],
)
def test_a_csv_saved_again_is_the_same_file(engine: Engine, tmp_path: Path, saved_again) -> None:
    first = import_file(engine, "enrollments", _write(tmp_path / "a.csv", ROWS), imported_by="t")
    again = _write(tmp_path / "a (1).csv", ROWS, **saved_again)

    shown = preview(again, Upload("enrollments"), engine=engine)
    result = import_file(engine, "enrollments", again, imported_by="t")

    assert shown.already is not None and shown.already.id == first.import_id
    assert result.status == "already_imported" and result.import_id == first.import_id
    assert count(engine, "enrollments") == 1 and import_count(engine) == 1


def test_a_workbook_saved_again_is_the_same_file(engine: Engine, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "dang_ky.xlsx", [
        ["Ngày đăng ký", "Tỉnh", "Huyện", "Kênh"],
        [dt.datetime(2022, 5, 8), "Hà Nội", "Ba Đình", "Bưu điện"],
    ])  # fmt: skip
    first = import_file(engine, "enrollments", path, imported_by="t")
    book = load_workbook(path)
    book.properties.lastModifiedBy = "Excel"
    book.save(tmp_path / "dang_ky_2.xlsx")
    assert (tmp_path / "dang_ky_2.xlsx").read_bytes() != path.read_bytes()

    result = import_file(engine, "enrollments", tmp_path / "dang_ky_2.xlsx", imported_by="t")

    assert result.status == "already_imported" and result.import_id == first.import_id
    assert count(engine, "enrollments") == 1
