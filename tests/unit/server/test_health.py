"""``/healthz``, a database recreated under a running app, and database errors in words."""

from __future__ import annotations

import logging
import shutil

from sqlalchemy import inspect

from dashboard.data.db import make_engine
from dashboard.server.accounts import add_user
from dashboard.server.tables import create_server_schema
from tests.unit.server.helpers import add_accounts, make_app, sign_in


def _remove_database(path):
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_healthz_checks_the_database(tmp_path):
    """Finding 12: ``GET /`` answered 200 while the database was gone."""
    folder = tmp_path / "db"
    app, engine = make_app(tmp_path, database_url=f"sqlite:///{folder / 'a.sqlite3'}")
    client = app.server.test_client()
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    shutil.rmtree(folder)
    gone = client.get("/healthz")
    assert gone.status_code == 503
    assert gone.get_data(as_text=True) == "database unavailable"
    engine.dispose()


def test_sign_in_works_after_the_database_is_recreated_without_a_restart(tmp_path):
    """Finding 12: sign-in stayed broken after the database was recreated, until a restart."""
    path = tmp_path / "a.sqlite3"
    app, engine = make_app(tmp_path, database_url=f"sqlite:///{path}")
    add_accounts(engine)
    assert sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa").status_code == 303
    _remove_database(path)
    fresh = make_engine(f"sqlite:///{path}")
    create_server_schema(fresh)
    add_user(fresh, "moi", "editor", "mật khẩu người mới", "79")
    fresh.dispose()
    assert sign_in(app.server.test_client(), "moi", "mật khẩu người mới").status_code == 303
    assert sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa").status_code == 401
    engine.dispose()


def test_an_empty_database_gets_every_table_back(tmp_path, caplog):
    path = tmp_path / "a.sqlite3"
    app, engine = make_app(tmp_path, database_url=f"sqlite:///{path}")
    client = app.server.test_client()
    client.get("/healthz")
    _remove_database(path)
    path.touch()  # an empty database, as a restore of nothing leaves it
    with caplog.at_level(logging.WARNING):
        assert client.get("/healthz").status_code == 200
    assert {"users", "sessions", "imports", "app_meta"} <= set(inspect(engine).get_table_names())
    assert sign_in(client, "hoa", "wrong password").status_code == 401
    engine.dispose()


def test_a_database_error_at_sign_in_has_words_and_logs_no_name(tmp_path, caplog):
    """Finding 9 and 11: the error logged the user name and answered a bare 500."""
    app, engine = make_app(tmp_path)
    client = app.server.test_client()
    with engine.begin() as con:
        con.exec_driver_sql("DROP TABLE sessions")
        con.exec_driver_sql("DROP TABLE users")
    with caplog.at_level(logging.DEBUG):
        response = sign_in(client, "bí.mật.tên", "some password!")
        english = client.post("/login?lang=en", data={"name": "bí.mật.tên"})
    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không trả lời" in response.get_data(as_text=True)
    assert english.status_code in (400, 503)
    assert "bí.mật.tên" not in caplog.text
    assert "database error on POST /login: OperationalError" in caplog.text
    engine.dispose()
