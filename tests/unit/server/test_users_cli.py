"""``python -m dashboard users``: passwords from a prompt or stdin, never from argv."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.data.db import make_engine
from dashboard.server.accounts import authenticate


@pytest.fixture
def database(tmp_path):
    return f"sqlite:///{tmp_path / 'users.sqlite3'}"


def run(*args: str, stdin: str = ""):
    result = CliRunner().invoke(main, ["users", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_passwd_remove(database):
    code, out, _ = run(
        "add",
        "hoa",
        "--role",
        "editor",
        "--province",
        "79",
        "--database",
        database,
        stdin="mật khẩu của hoa\n",
    )
    assert (code, out) == (0, "Added editor hoa for province 79.\n")
    code, out, _ = run(
        "add", "quantri", "--role", "admin", "--database", database, stdin="mật khẩu quản trị\n"
    )
    assert code == 0
    code, out, _ = run("list", "--database", database)
    assert out.splitlines()[1:] == [
        "hoa                      editor   79",
        "quantri                  admin    ",
    ]
    assert run("passwd", "hoa", "--database", database, stdin="một mật khẩu mới\n")[0] == 0
    engine = make_engine(database)
    assert authenticate(engine, "hoa", "một mật khẩu mới") is not None
    assert authenticate(engine, "hoa", "mật khẩu của hoa") is None
    engine.dispose()
    assert run("remove", "hoa", "--database", database) == (0, "Removed hoa.\n", "")
    assert "hoa" not in run("list", "--database", database)[1]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "x", "--role", "editor"], "long enough pw\n", "needs --province"),
        (["add", "x", "--role", "viewer"], "short\n", "at least 10"),
        (["add", "x", "--role", "viewer"], "", "no password on standard input"),
        (["remove", "nobody"], "", "no user 'nobody'"),
        (["passwd", "nobody"], "long enough pw\n", "no user 'nobody'"),
    ],
)
def test_mistakes_exit_1_with_a_reason(database, args, stdin, message):
    code, _, err = run(*args, "--database", database, stdin=stdin)
    assert code == 1
    assert message in err


def test_there_is_no_password_option():
    code, _, err = run("add", "x", "--role", "viewer", "--password", "secret")
    assert code == 2
    assert "No such option" in err
