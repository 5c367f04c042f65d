"""The command line starts without the server's modules: Dash, Flask, plotly and pandas are
imported only by the commands that use them (they took over a second of every start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_MODULES = ("dash", "flask", "plotly", "pandas")


def imported_modules(*args: str) -> set[str]:
    """The modules ``python -m dashboard ARGS`` imported, as ``-X importtime`` lists them."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dashboard", *args],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    "args", [("--help",), ("import", "--help"), ("users", "--help"), ("report", "--help")]
)
def test_help_imports_no_server_module(args):
    modules = imported_modules(*args)
    assert "dashboard.cli" in modules  # the listing is read right
    assert sorted(m for m in modules if m.split(".")[0] in SERVER_MODULES) == []


def test_users_list_imports_no_server_module(tmp_path):
    modules = imported_modules("users", "list", "--database", f"sqlite:///{tmp_path / 'u.db'}")
    assert "dashboard.server.accounts" in modules
    assert sorted(m for m in modules if m.split(".")[0] in SERVER_MODULES) == []
