"""Sample data never mixes with real data: a fresh `make run` database, then a real file.

The app starts on an empty SQLite file as `make run` does (sample loaded), the command line
imports ``examples/enrollments.csv``, and from then on the screens and the CLI count only
that file's five rows; the sample stays out after undoing, restarting and `sample load`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import distinct, func, select

from dashboard import ids
from dashboard.app import create_app
from dashboard.cli import main
from dashboard.config import Settings
from dashboard.data.db import make_engine
from dashboard.data.queries import data_status
from dashboard.data.schema import route_points
from dashboard.server.install import VERSION_CLOCK
from dashboard.server.versions import TTL_S
from tests.integration.dashclient import render_page
from tests.sample_scale import SMALL_SAMPLE

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _badge_shown(app, search: str = "") -> bool:
    """Whether the page shows the sample badge, once the app has read the latest data.

    The app reads the data version at most once every ``TTL_S`` seconds, then reads the new
    data in the background while its pages still show the previous; so a change made by
    another process (here the CLI) reaches its pages after that time and that read.
    """
    time.sleep(TTL_S)
    clock = app.server.extensions[VERSION_CLOCK]
    deadline = time.monotonic() + 30
    while clock() != clock.database() and time.monotonic() < deadline:
        time.sleep(0.05)
    page = render_page(app, search)
    text = json.dumps([page[ids.HEADER_TOOLS], page[ids.FOOTER]], ensure_ascii=False)
    return "Dữ liệu mẫu" in text or "Sample data" in text


def _counted(url: str) -> tuple[int, bool]:
    engine = make_engine(url)
    try:
        with engine.connect() as con:
            status = data_status(con)
    finally:
        engine.dispose()
    return status.enrollment_count, status.sample_only


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'instance' / 'diemtua.sqlite3'}"


def test_a_real_file_sets_the_whole_sample_aside(url: str) -> None:
    app = create_app(Settings.load(environ={}, database_url=url, sample_scale=SMALL_SAMPLE))
    assert _badge_shown(app) and _counted(url)[1]
    code, out, _ = _run("report", "--database", url)
    assert "sample data" in out.lower()

    code, out, _ = _run("import", "enrollments", str(EXAMPLES / "enrollments.csv"),
                        "--database", url, "--lang", "vi")  # fmt: skip

    assert code == 0 and "Dữ liệu mẫu đã được gỡ bỏ" in out
    assert _counted(url) == (5, False)
    assert not _badge_shown(app) and not _badge_shown(app, "?lang=en")
    code, out, _ = _run("report", "--kind", "enrollments", "--format", "csv", "--database", url)
    rows = out.splitlines()
    assert rows[0] == "province_code,province_name,product,rows"
    assert sum(int(row.rsplit(",", 1)[1]) for row in rows[1:]) == 5
    for kind in ("participants", "targets", "events", "routes"):
        code, out, _ = _run("report", "--kind", kind, "--database", url)
        assert "(no rows)" in out, kind

    code, _, err = _run("sample", "load", "--database", url, "--scale", str(SMALL_SAMPLE))
    assert code == 1 and "real data" in err and "Traceback" not in err


def test_undo_and_restart_never_bring_the_sample_back(url: str) -> None:
    create_app(Settings.load(environ={}, database_url=url, sample_scale=SMALL_SAMPLE))
    _run("import", "enrollments", str(EXAMPLES / "enrollments.csv"), "--database", url)
    code, out, _ = _run("imports", "--database", url)
    real = next(line.split()[0] for line in out.splitlines() if "enrollments.csv" in line)

    assert _run("undo", real, "--database", url)[0] == 0
    app = create_app(
        Settings.load(
            environ={"DIEMTUA_LOAD_SAMPLE": "true"}, database_url=url, sample_scale=SMALL_SAMPLE
        )
    )

    assert _counted(url) == (0, False) and not _badge_shown(app)
    # Asked for by name, with no real data counted, the sample comes back, once.
    code, out, _ = _run("sample", "load", "--database", url, "--scale", str(SMALL_SAMPLE))
    assert code == 0 and "loaded" in out
    assert _counted(url)[1] and _badge_shown(app)
    code, _, err = _run("sample", "load", "--database", url, "--scale", str(SMALL_SAMPLE))
    assert code == 1 and "already" in err
    code, out, _ = _run("sample", "remove", "--database", url)
    assert code == 0 and _counted(url) == (0, False) and not _badge_shown(app)


def test_sample_load_gives_as_many_vehicles_as_the_routes_scale_asks(url: str) -> None:
    """``--routes-scale`` sizes the parades' tracks apart from the enrollments: the launch day's
    fleet at 1.0 is 9,000 vehicles, so a tenth of the default's share draws about a tenth."""

    def vehicles() -> int:
        engine = make_engine(url)
        try:
            with engine.connect() as con:
                return int(
                    con.execute(
                        select(func.count(distinct(route_points.c.vehicle_id)))
                    ).scalar_one()
                )
        finally:
            engine.dispose()

    args = ("sample", "load", "--database", url, "--scale", str(SMALL_SAMPLE))
    assert _run(*args)[0] == 0
    default = vehicles()
    assert _run("sample", "remove", "--database", url)[0] == 0
    assert _run(*args, "--routes-scale", "0.01")[0] == 0

    assert default >= 500 and 0.05 * default <= vehicles() <= 0.2 * default
    code, _, err = _run(*args, "--routes-scale", "1.5")
    assert code == 2 and "routes-scale" in err
