"""The import commands of the command line: exit codes, reports, and a kill mid-import."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.db import make_engine
from dashboard.data.schema import enrollments, imports

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
# The console script that `pip install` makes of [project.scripts] (beside this interpreter).
DIEMTUA = str(Path(sys.executable).with_name("diemtua"))


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_names_every_command():
    code, out, _ = _run("--help")
    assert code == 0
    for command in ("import", "imports", "undo", "report", "run", "settings"):
        assert command in out


def test_help_of_import_and_report_explains_them():
    code, out, _ = _run("import", "--help")
    assert code == 0
    assert all(word in out for word in ("KIND", "FILE", "--database", "Exit status", "0", "2", "1"))
    assert "enrollments|participants|targets|events|routes" in out
    code, out, _ = _run("report", "--help")
    out = " ".join(out.split())  # click wraps the text
    assert code == 0
    assert all(
        word in out
        for word in ("--by", "province|district", "--kind", "--format", "csv", "GSO code")
    )


def test_console_script_diemtua():
    done = subprocess.run([DIEMTUA, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "import" in done.stdout and "report" in done.stdout


def test_import_report_list_undo(database):
    code, out, _ = _run("import", "enrollments", str(EXAMPLES / "enrollments.csv"),
                        "--database", database, "--user", "hoa")  # fmt: skip
    assert (code, "5 added" in out) == (0, True)
    code, out, _ = _run("import", "enrollments", str(EXAMPLES / "enrollments.csv"),
                        "--database", database)  # fmt: skip
    assert code == 0 and "already imported" in out
    code, out, _ = _run("report", "--by", "province", "--format", "csv", "--database", database)
    assert code == 0
    assert out.splitlines()[0] == "province_code,province_name,rows"
    assert "79,TP. Hồ Chí Minh,1" in out.splitlines()
    code, out, _ = _run("report", "--by", "district", "--database", database)
    assert "Thị xã Kỳ Anh" in out and "449" in out
    code, out, _ = _run("imports", "--database", database)
    assert "hoa" in out and "enrollments.csv" in out
    code, out, _ = _run("undo", "1", "--database", database)
    assert code == 0 and "undone" in out
    code, out, err = _run("undo", "1", "--database", database)
    assert code == 1 and "undone already" in err and "Traceback" not in err


def test_validation_errors_exit_2_with_a_table(database, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Ngày đăng ký,Tỉnh,Huyện,Kênh\n32/05/2022,Hà Tĩnh,Kỳ Anh,Bưu điện\n")
    code, out, err = _run("import", "enrollments", str(bad), "--database", database)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].split() == ["file", "row", "column", "value", "expected"]
    assert "Ngày đăng ký" in lines[1] and "32/05/2022" in lines[1]
    assert "447" in lines[2] and "449" in lines[2]


@pytest.mark.parametrize(
    "args",
    [
        ("import", "enrollments", "/no/such/file.csv"),
        ("import", "enrollments", "{examples}/enrollments.csv", "--database", "mysql://x/y"),
    ],
)
def test_other_failures_exit_1_without_traceback(args, database):
    args = [a.format(examples=EXAMPLES) for a in args]
    if "--database" not in args:
        args += ["--database", database]
    code, _, err = _run(*args)
    assert code == 1 and err.startswith("error:") and "Traceback" not in err


def test_killed_import_leaves_nothing(tmp_path):
    """SIGKILL in the middle of the write transaction: no data row, no log row."""
    rows = 150_000
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("Ngày đăng ký,Tỉnh,Huyện,Kênh,Mã số BHXH\n")
        handle.writelines(f"08/05/2022,Nghệ An,Vinh,Bưu điện,{i:010d}\n" for i in range(rows))
    db = tmp_path / "killed.sqlite3"
    wal = Path(f"{db}-wal")
    process = subprocess.Popen(
        [DIEMTUA, "import", "enrollments", str(big), "--database", f"sqlite:///{db}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    # Rows are being written once the write-ahead log grows past the schema's few pages.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()  # type: ignore[union-attr]
    process.stderr.close()  # type: ignore[union-attr]
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(enrollments)).scalar_one() == 0
        assert con.execute(select(func.count()).select_from(imports)).scalar_one() == 0
    engine.dispose()
