"""The import commands of the command line: exit codes, reports, and a kill mid-import."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from dashboard.cli import main
from dashboard.data.db import create_schema, make_engine
from dashboard.data.schema import enrollments, imports
from tests.services import postgres_schema, postgres_server_url

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


def test_python_m_dashboard_import(tmp_path):
    """The module entry point; exit codes in full are checked in process above and below."""
    bad = tmp_path / "bad.csv"
    bad.write_text("Ngày đăng ký,Tỉnh,Huyện,Kênh\n08/05/2022,Nghệ An,Vinhh,Bưu điện\n")
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "import", "enrollments", str(bad),
         "--database", f"sqlite:///{tmp_path / 'm.sqlite3'}"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "Vinhh" in done.stderr and "Traceback" not in done.stderr


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
    assert out.splitlines()[0] == "province_code,province_name,product,rows"
    assert "79,TP. Hồ Chí Minh,bhxh_tu_nguyen,1" in out.splitlines()
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


def _big_enrollments(folder: Path, rows: int) -> Path:
    big = folder / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("Ngày đăng ký,Tỉnh,Huyện,Kênh,Mã số BHXH\n")
        handle.writelines(f"08/05/2022,Nghệ An,Vinh,Bưu điện,{i:010d}\n" for i in range(rows))
    return big


def _import_until(url: str, file: Path, writing: Callable[[], bool]) -> None:
    """Start an import of ``file`` and SIGKILL it as soon as ``writing()`` says rows go in."""
    process = subprocess.Popen(
        [DIEMTUA, "import", "enrollments", str(file), "--database", url],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not writing():
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(30)  # SIGKILL cannot be ignored: a longer wait means a stuck machine


def _stored(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as con:
        rows = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
        logged = con.execute(select(func.count()).select_from(imports)).scalar_one()
    engine.dispose()
    return rows, logged


def test_killed_import_leaves_nothing(tmp_path):
    """SIGKILL in the middle of the write transaction: no data row, no log row."""
    db = tmp_path / "killed.sqlite3"
    wal = Path(f"{db}-wal")
    # Rows are being written once the write-ahead log grows past the schema's few pages.
    _import_until(
        f"sqlite:///{db}",
        _big_enrollments(tmp_path, 150_000),
        lambda: wal.exists() and wal.stat().st_size > 2_000_000,
    )
    assert _stored(f"sqlite:///{db}") == (0, 0)


@pytest.fixture
def postgres_url() -> Iterator[tuple[str, Engine, str]]:
    """A fresh schema on the test server: (URL whose search_path is it, admin engine, name)."""
    with postgres_schema(postgres_server_url(), "diemtua_kill") as scoped:
        yield scoped


@pytest.mark.postgres
def test_killed_import_leaves_nothing_on_postgresql(tmp_path, postgres_url):
    """The same on PostgreSQL: the server rolls back the transaction of a vanished client."""
    url, admin, schema = postgres_url
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    # Rows are being written once a transaction holds the row-write lock on enrollments.
    writers = text(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND c.relname = 'enrollments' "
        "AND l.mode = 'RowExclusiveLock' AND l.granted"
    )

    def writing() -> bool:
        with admin.connect() as con:
            return bool(con.execute(writers, {"schema": schema}).scalar_one())

    _import_until(url, _big_enrollments(tmp_path, 150_000), writing)
    deadline = time.monotonic() + 60
    while writing() and time.monotonic() < deadline:  # the server notices the closed socket
        time.sleep(0.05)
    assert not writing()
    assert _stored(url) == (0, 0)
