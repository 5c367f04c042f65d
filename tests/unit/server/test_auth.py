"""Accounts and roles: viewers read, editors import for their province, admins all."""

from __future__ import annotations

import flask
import pytest

from dashboard.server.accounts import (
    User,
    UserError,
    add_user,
    authenticate,
    list_users,
    remove_user,
    set_password,
)
from dashboard.server.auth import PermissionDenied, current_user, require_import_rights
from dashboard.server.tables import sessions, users
from dashboard.server.throttle import PAIR_LIMIT
from tests.unit.server.helpers import add_accounts, make_app, sign_in


@pytest.fixture
def app_engine(tmp_path):
    app, engine = make_app(tmp_path)

    @app.server.route("/probe")
    def probe() -> flask.typing.ResponseReturnValue:
        user = current_user()
        try:
            require_import_rights(flask.request.args["province"], flask.request.args.get("lang"))
        except PermissionDenied as exc:
            return f"refused: {exc}", 403
        return f"allowed: {user.name if user else None}"

    add_accounts(engine)
    yield app, engine
    engine.dispose()


def test_roles_decide_which_provinces_may_be_imported():
    editor = User(1, "hoa", "editor", "79")
    assert editor.may_import("79")
    assert not editor.may_import("01")
    assert User(2, "quantri", "admin", None).may_import("01")
    viewer = User(3, "xem", "viewer", None)
    assert not viewer.may_import("79")
    assert not viewer.may_see_import_log()
    assert editor.may_see_import_log()


def test_accounts_are_stored_with_a_password_hash(app_engine):
    _, engine = app_engine
    assert [(u.name, u.role, u.province_code) for u in list_users(engine)] == [
        ("hoa", "editor", "79"),
        ("lan", "editor", "01"),
        ("quantri", "admin", None),
        ("xem", "viewer", None),
    ]
    with engine.connect() as con:
        stored = con.execute(users.select().where(users.c.name == "hoa")).mappings().one()
    assert stored["password_hash"].startswith("scrypt:")
    assert "mật khẩu" not in stored["password_hash"]
    assert authenticate(engine, "hoa", "mật khẩu của hoa") is not None
    assert authenticate(engine, "hoa", "wrong password") is None
    assert authenticate(engine, "nobody", "mật khẩu của hoa") is None


@pytest.mark.parametrize(
    ("name", "role", "province", "password", "message"),
    [
        ("hoa", "editor", "79", "long enough pw", "already exists"),
        ("new", "owner", None, "long enough pw", "role 'owner'"),
        ("new", "editor", None, "long enough pw", "needs --province"),
        ("new", "admin", "79", "long enough pw", "has no province"),
        ("new", "editor", "99", "long enough pw", "not one of the 63"),
        ("new", "viewer", None, "short", "at least 10"),
        ("two words", "viewer", None, "long enough pw", "no spaces"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    app_engine, name, role, province, password, message
):
    _, engine = app_engine
    with pytest.raises(UserError, match=message):
        add_user(engine, name, role, password, province)


def test_a_province_code_is_padded(app_engine):
    _, engine = app_engine
    assert add_user(engine, "binh", "editor", "long enough pw", "1").province_code == "01"


def test_signing_in_sets_a_safe_session_cookie(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    response = sign_in(client, "hoa", "mật khẩu của hoa")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("diemtua_session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert any(c.startswith("_csrf_token=") and "SameSite=Strict" in c for c in cookies)
    assert client.get("/probe?province=79").get_data(as_text=True) == "allowed: hoa"


def test_secure_cookies_by_default(tmp_path):
    app, engine = make_app(tmp_path, secure_cookies=True)
    add_accounts(engine)
    response = sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa")
    assert "Secure" in response.headers["Set-Cookie"]
    engine.dispose()


def test_refusals_name_the_account_and_province(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    anonymous = client.get("/probe?province=79")
    assert anonymous.status_code == 403
    assert "Cần đăng nhập" in anonymous.get_data(as_text=True)
    sign_in(client, "hoa", "mật khẩu của hoa")
    refused = client.get("/probe?province=01")
    assert refused.get_data(as_text=True) == (
        "refused: Tài khoản hoa chỉ được nhập và hoàn tác dữ liệu của "
        "TP. Hồ Chí Minh (79), không phải Hà Nội (01)."
    )
    in_english = client.get("/probe?province=01&lang=en").get_data(as_text=True)
    assert "Account hoa may import and undo data of Ho Chi Minh City (79) only" in in_english
    viewer = app.server.test_client()
    sign_in(viewer, "xem", "mật khẩu người xem")
    assert "chỉ được xem" in viewer.get("/probe?province=79").get_data(as_text=True)
    admin = app.server.test_client()
    sign_in(admin, "quantri", "mật khẩu quản trị")
    assert admin.get("/probe?province=01").get_data(as_text=True) == "allowed: quantri"


def test_wrong_password_is_refused_without_telling_which_part(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    wrong = sign_in(client, "hoa", "not the password")
    unknown = sign_in(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.get_data(as_text=True)
    assert client.get("/probe?province=79").status_code == 403


def test_repeated_failures_lock_the_form(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    for _ in range(PAIR_LIMIT):
        assert sign_in(client, "hoa", "guess").status_code == 401
    locked = sign_in(client, "hoa", "mật khẩu của hoa")
    assert locked.status_code == 429
    assert "15 phút" in locked.get_data(as_text=True)


def test_a_form_without_its_token_is_refused(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    response = client.post("/login", data={"name": "hoa", "password": "mật khẩu của hoa"})
    assert response.status_code == 400
    assert "hết hạn" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_sign_in_never_redirects_to_another_site(app_engine, target):
    app, _ = app_engine
    response = sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa", next=target)
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    ["////evil.example/x", "///evil.example", "/.//evil.example", "/a/../..//evil", "/\t/evil"],
)
def test_next_with_repeated_slashes_or_dot_segments_stays_on_this_site(app_engine, target):
    """Finding 6: ``next=////evil.example/x`` answered ``Location: //evil.example/x``."""
    app, _ = app_engine
    response = sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa", next=target)
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location


def test_next_keeps_the_page_and_its_view_after_normalising(app_engine):
    app, _ = app_engine
    response = sign_in(
        app.server.test_client(), "hoa", "mật khẩu của hoa", next="/import//x/./?lang=en"
    )
    assert response.headers["Location"] == "/import/x/?lang=en"


def test_sign_in_returns_to_the_page_asked_for(app_engine):
    app, _ = app_engine
    response = sign_in(app.server.test_client(), "hoa", "mật khẩu của hoa", next="/?province=79")
    assert response.headers["Location"] == "/?province=79"


def test_a_new_password_or_removal_ends_sessions(app_engine):
    app, engine = app_engine
    client = app.server.test_client()
    sign_in(client, "hoa", "mật khẩu của hoa")
    set_password(engine, "hoa", "một mật khẩu mới")
    assert client.get("/probe?province=79").status_code == 403
    sign_in(client, "hoa", "một mật khẩu mới")
    assert client.get("/probe?province=79").status_code == 200
    remove_user(engine, "hoa")
    assert client.get("/probe?province=79").status_code == 403
    with pytest.raises(UserError, match="no user"):
        remove_user(engine, "hoa")


def test_logout_ends_the_session(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    sign_in(client, "hoa", "mật khẩu của hoa")
    page = client.get("/logout").get_data(as_text=True)
    assert "Đang đăng nhập: hoa (biên tập viên tỉnh)" in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/logout", data={"csrf_token": token}, headers={"Referer": "http://localhost/logout"}
    )
    assert response.status_code == 303
    assert client.get("/probe?province=79").status_code == 403


def test_a_cookie_copied_before_sign_out_no_longer_works_after_it(app_engine):
    """Finding 3: a copy of the session cookie outlived sign-out (signed cookie, 12 h)."""
    app, _ = app_engine
    client = app.server.test_client()
    sign_in(client, "hoa", "mật khẩu của hoa")
    copied = client.get_cookie("diemtua_session").value
    thief = app.server.test_client()
    thief.set_cookie("diemtua_session", copied)
    assert thief.get("/probe?province=79").get_data(as_text=True) == "allowed: hoa"
    page = client.get("/logout").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/logout", data={"csrf_token": token}, headers={"Origin": "http://localhost"})
    assert thief.get("/probe?province=79").status_code == 403


def test_a_new_password_ends_copies_of_the_cookie_too(app_engine):
    app, engine = app_engine
    client = app.server.test_client()
    sign_in(client, "hoa", "mật khẩu của hoa")
    thief = app.server.test_client()
    thief.set_cookie("diemtua_session", client.get_cookie("diemtua_session").value)
    set_password(engine, "hoa", "mật khẩu của hoa")  # even the same password: sessions end
    assert thief.get("/probe?province=79").status_code == 403
    assert client.get("/probe?province=79").status_code == 403


def test_the_session_table_holds_no_usable_session_id(app_engine):
    app, engine = app_engine
    client = app.server.test_client()
    sign_in(client, "hoa", "mật khẩu của hoa")
    with engine.connect() as con:
        stored = [row.id_hash for row in con.execute(sessions.select())]
    assert len(stored) == 1
    cookie = client.get_cookie("diemtua_session").value
    assert stored[0] not in cookie


def test_sign_in_page_is_bilingual_and_self_contained(app_engine):
    app, _ = app_engine
    client = app.server.test_client()
    vi = client.get("/login").get_data(as_text=True)
    en = client.get("/login?lang=en").get_data(as_text=True)
    assert "Tên đăng nhập" in vi and "Mật khẩu" in vi
    assert "User name" in en and "Password" in en
    for page in (vi, en):
        assert "http://" not in page and "https://" not in page
        assert "<script" not in page


def test_without_anonymous_viewing_everyone_signs_in(tmp_path):
    app, engine = make_app(tmp_path, anonymous_viewing=False)
    add_accounts(engine)
    client = app.server.test_client()
    page = client.get("/?province=79")
    assert page.status_code == 303
    assert page.headers["Location"] == "/login?next=%2F%3Fprovince%3D79"
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/login").status_code == 200
    assert sign_in(client, "xem", "mật khẩu người xem").headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    engine.dispose()
