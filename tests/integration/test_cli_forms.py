"""The command line recognises the real forms without being told the kind, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.db import make_engine
from dashboard.data.schema import DATA_TABLES, imports
from tests import form_files as ff

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _rows(database: str, kind: str) -> int:
    engine = make_engine(database)
    try:
        with engine.connect() as con:
            table = DATA_TABLES[kind]
            return con.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("file", "kind", "rows", "said"),
    [
        ("d05_buu_dien_vi_xuyen.xlsx", "enrollments", 3,
         "D05-TS list of Post office of huyện Vị Xuyên, 3 new participants; left out: "
         "1 continuing, 1 decreases"),
        ("d05_buu_dien_vi_xuyen.csv", "enrollments", 3, "D05-TS list of Post office"),
        ("d03_buu_dien_vi_xuyen.xlsx", "enrollments", 3,
         "D03-TS list of Post office of huyện Vị Xuyên, 3 new participants"),
        ("bao_cao_phat_trien_ha_giang_2022_05.xlsx", "participants", 3,
         "Development report of Tỉnh Hà Giang, month 05/2022, 3 districts: 4,233 participants, "
         "92.0% of the year's plan (4,600)"),
        ("hanh_trinh_23A-012.34.xlsx", "routes", 8,
         "Tracker report of 23A-012.34: 8 points, 1 stops"),
        ("hanh_trinh_xe_may.csv", "routes", 8, "Tracker report of 23-B1 234.56"),
        ("lo_trinh_23-B1_234.56.kml", "routes", 4, "KML of 23-B1 234.56: 4 points"),
        ("lo_trinh_nhieu_xe.zip", "routes", 20, "ZIP of 3 track files: 20 points"),
        ("enrollments.csv", "enrollments", 5, "Enrollments (the project's template), 5 rows"),
    ],
)  # fmt: skip
def test_examples_import_without_a_kind(tmp_path, file, kind, rows, said):
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    code, out, err = _run("import", str(EXAMPLES / file), "--database", database)
    assert code == 0, err
    assert out.startswith(f"recognised: {said}")
    assert f"{rows} rows read, {rows} added" in out
    assert _rows(database, kind) == rows


def test_vietnamese_recognition_line(tmp_path):
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    code, out, _ = _run(
        "import", str(EXAMPLES / "d05_buu_dien_vi_xuyen.xlsx"), "--database", database,
        "--lang", "vi",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == (
        "nhận dạng: Danh sách D05-TS của Bưu điện huyện Vị Xuyên, 3 người tăng mới; "
        "không tính: 1 người đóng tiếp, 1 người giảm"
    )


@pytest.mark.parametrize(
    ("content", "name", "column"),
    [
        (ff.d05(ff.D05Options(receipt_date=False, foot_date=False)).xlsx(), "d05.xlsx",
         "Ngày biên lai"),
        (ff.development(total_off=5).csv(), "bc.csv", "Kỳ này"),
    ],
    ids=["D05 without a date", "report with a wrong total"],
)  # fmt: skip
def test_broken_forms_exit_2_and_write_nothing(tmp_path, content, name, column):
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run("import", str(path), "--database", database)
    assert code == 2 and out == ""
    assert column in err and "nothing written" in err and "Traceback" not in err
    engine = make_engine(database)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(imports)).scalar_one() == 0
    engine.dispose()


def test_kind_and_file_or_file_alone(tmp_path):
    code, _, err = _run("import", "nonsense", "x.csv", "--database", "sqlite://")
    assert code == 2 and "expected [KIND] FILE" in err


def test_report_counts_the_imported_forms_per_district(tmp_path):
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for file in ("bao_cao_phat_trien_ha_giang_2022_05.xlsx", "d05_buu_dien_vi_xuyen.xlsx",
                 "hanh_trinh_23A-012.34.xlsx"):  # fmt: skip
        assert _run("import", str(EXAMPLES / file), "--database", database)[0] == 0
    expected = {
        # the stock, the labour force (none reported), the year's plan and the share of it
        "participants": "02,Hà Giang,024,Thành phố Hà Giang,1,1102,0,1200,91.8\n"
        "02,Hà Giang,028,Huyện Yên Minh,1,1701,0,1900,89.5\n"
        "02,Hà Giang,030,Huyện Vị Xuyên,1,1430,0,1500,95.3\n",
        "enrollments": "02,Hà Giang,030,Huyện Vị Xuyên,bhxh_tu_nguyen,3\n",
        "routes": "02,Hà Giang,030,Huyện Vị Xuyên,8,1,1,0\n",  # 8 points, 1 stop, 1 vehicle
    }
    for kind, rows in expected.items():
        code, out, _ = _run(
            "report", "--kind", kind, "--by", "district", "--format", "csv", "--database", database
        )
        assert code == 0 and out.splitlines()[1:] == rows.splitlines(), out
