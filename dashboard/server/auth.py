"""Who may do what: viewers read, provincial editors import for their province, admins all.

Accounts live in the ``users`` table of the app's database (so every worker and machine sees
the same ones) with scrypt password hashes. Signing in is a plain server-rendered form at
``/login``; the signed session cookie then names the account. Screens ask:

    >>> user = current_user()            # None for an anonymous viewer
    >>> user.may_import("79")
    >>> require_import_rights("79", lang)  # raises PermissionDenied with a message to show
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, cast
from urllib.parse import urlencode, urlsplit

import flask
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.config import Settings
from dashboard.i18n import normalise_language
from dashboard.server.texts import text
from geodata import reference

Role = Literal["viewer", "editor", "admin"]
ROLES: Final[tuple[Role, ...]] = ("viewer", "editor", "admin")
MIN_PASSWORD_LENGTH: Final = 10
PASSWORD_METHOD: Final = "scrypt"
SESSION_LIFETIME: Final = dt.timedelta(hours=12)
# Failed sign-ins per user name and address before the form refuses for a while.
MAX_FAILURES: Final = 5
LOCKOUT_S: Final = 15 * 60
CSRF_COOKIE: Final = "_csrf_token"  # the name Dash's renderer reads and echoes as X-CSRFToken
CSRF_HEADER: Final = "X-CSRFToken"
_NAME = re.compile(r"^[\w.@-]{1,64}$")

server_metadata = MetaData()

users = Table(
    "users",
    server_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    Column("province_code", String(2), nullable=True, comment="editors only"),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

# Values every worker must share, such as the generated cookie-signing key.
server_secrets = Table(
    "server_secrets",
    server_metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


class UserError(ValueError):
    """An account cannot be added or changed as asked; the message says why."""


class PermissionDenied(Exception):
    """The signed-in account may not do this; ``str()`` is a message for the user."""


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    id: int
    name: str
    role: Role
    province_code: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_import(self, province_code: str) -> bool:
        """True if this account may import (and undo) rows of ``province_code``."""
        if self.role == "admin":
            return True
        return self.role == "editor" and province_code == self.province_code

    def may_see_import_log(self) -> bool:
        """Editors see the log (their province's part of it), admins all of it."""
        return self.role in ("editor", "admin")


# -- the tables ---------------------------------------------------------------------------


def create_server_schema(engine: Engine) -> None:
    """Create the ``users`` and ``server_secrets`` tables if missing; safe to repeat.

    Two processes creating them at the same moment is harmless: the loser sees the winner's.
    """
    try:
        server_metadata.create_all(engine)
    except (IntegrityError, OperationalError, ProgrammingError):
        server_metadata.create_all(engine)  # the other process created them meanwhile


def shared_secret(engine: Engine, name: str = "session_key") -> str:
    """A random secret generated once and kept in the database (the first writer wins)."""
    with engine.begin() as con:
        stored = con.execute(
            select(server_secrets.c.value).where(server_secrets.c.name == name)
        ).scalar_one_or_none()
    if stored is not None:
        return str(stored)
    try:
        with engine.begin() as con:
            con.execute(insert(server_secrets).values(name=name, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another worker stored one first: use theirs
    with engine.begin() as con:
        return str(
            con.execute(
                select(server_secrets.c.value).where(server_secrets.c.name == name)
            ).scalar_one()
        )


def add_user(
    engine: Engine, name: str, role: str, password: str, province_code: str | None = None
) -> User:
    """Create an account.

    Raises:
        UserError: the name is taken or malformed, the role unknown, the province missing
            (editors), not wanted (others) or unknown, or the password too short.
    """
    _check_name(name)
    checked_role, province = _check_role(role, province_code)
    _check_password(password)
    try:
        with engine.begin() as con:
            user_id = con.execute(
                insert(users)
                .values(
                    name=name,
                    role=checked_role,
                    province_code=province,
                    password_hash=generate_password_hash(password, PASSWORD_METHOD),
                    created_at=dt.datetime.now(dt.UTC),
                )
                .returning(users.c.id)
            ).scalar_one()
    except IntegrityError:
        raise UserError(f"user {name!r} already exists") from None
    return User(int(user_id), name, checked_role, province)


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as con:
        rows = con.execute(select(users).order_by(users.c.name)).mappings().all()
    return [_user(row) for row in rows]


def remove_user(engine: Engine, name: str) -> None:
    """Delete an account; its sessions end at their next request."""
    with engine.begin() as con:
        if con.execute(delete(users).where(users.c.name == name)).rowcount == 0:
            raise UserError(f"no user {name!r}")


def set_password(engine: Engine, name: str, password: str) -> None:
    """Change a password; the account's other sessions end at their next request."""
    _check_password(password)
    with engine.begin() as con:
        changed = con.execute(
            update(users)
            .where(users.c.name == name)
            .values(password_hash=generate_password_hash(password, PASSWORD_METHOD))
        ).rowcount
    if changed == 0:
        raise UserError(f"no user {name!r}")


def authenticate(engine: Engine, name: str, password: str) -> tuple[User, str] | None:
    """The account and its session stamp if ``password`` is right, else None."""
    with engine.connect() as con:
        row = con.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        # Spend the time a real check takes, so the answer does not tell which names exist.
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return _user(row), _stamp(row["password_hash"])


_DUMMY_HASH = generate_password_hash(secrets.token_hex(8), PASSWORD_METHOD)


def _user(row: Any) -> User:
    return User(int(row["id"]), row["name"], row["role"], row["province_code"])


def _stamp(password_hash: str) -> str:
    """Changes with the password, so a session made before the change stops working."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise UserError(
            f"user name {name!r}: use 1 to 64 letters, digits, '.', '_', '-' or '@', no spaces"
        )


def _check_role(role: str, province_code: str | None) -> tuple[Role, str | None]:
    if role not in ROLES:
        raise UserError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    if role != "editor":
        if province_code:
            raise UserError(f"a {role} has no province; --province is for editors")
        return cast(Role, role), None
    if not province_code:
        raise UserError("an editor needs --province CODE (the 2-digit GSO code, e.g. 79)")
    code = province_code.strip().zfill(2)
    if code not in set(reference.provinces()["province_code"]):
        raise UserError(f"province {province_code!r}: not one of the 63 GSO province codes")
    return "editor", code


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


# -- the request side -----------------------------------------------------------------------


@dataclass(frozen=True)
class AuthConfig:
    """What the request hooks need, kept in ``app.extensions``."""

    engine: Engine
    settings: Settings


_EXTENSION = "diemtua_auth"


def current_user() -> User | None:
    """The signed-in account of this request, or None (anonymous, expired or removed)."""
    if not flask.has_request_context():
        return None
    if "diemtua_user" not in flask.g:
        flask.g.diemtua_user = _load_session_user()
    return cast(User | None, flask.g.diemtua_user)


def _load_session_user() -> User | None:
    user_id, stamp = flask.session.get("uid"), flask.session.get("stamp")
    if not isinstance(user_id, int) or not isinstance(stamp, str):
        return None
    config: AuthConfig = flask.current_app.extensions[_EXTENSION]
    with config.engine.connect() as con:
        row = con.execute(select(users).where(users.c.id == user_id)).mappings().first()
    if row is None or not hmac.compare_digest(_stamp(row["password_hash"]), stamp):
        flask.session.clear()
        return None
    return _user(row)


def require_import_rights(province_codes: str | Iterable[str], lang: str | None) -> User:
    """The signed-in account if it may import and undo every one of ``province_codes``.

    Raises:
        PermissionDenied: with a message in ``lang`` naming the account and the province.
    """
    codes = [province_codes] if isinstance(province_codes, str) else list(province_codes)
    user = current_user()
    if user is None:
        raise PermissionDenied(text("refuse_not_signed_in", lang))
    if user.role == "viewer":
        raise PermissionDenied(text("refuse_viewer", lang, name=user.name))
    for code in sorted(set(codes)):
        if not user.may_import(code):
            raise PermissionDenied(
                text(
                    "refuse_province",
                    lang,
                    name=user.name,
                    own=_province_name(user.province_code, lang),
                    other=_province_name(code, lang),
                )
            )
    return user


def _province_name(code: str | None, lang: str | None) -> str:
    column = "name_en" if normalise_language(lang) == "en" else "display_name_vi"
    names = reference.provinces().set_index("province_code")[column]
    if code is None or code not in names.index:
        return str(code)
    return f"{names[code]} ({code})"


def csrf_token() -> str:
    """This session's anti-forgery token (made on first use)."""
    token = flask.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        flask.session["csrf"] = token
    return token


def valid_csrf(candidate: str | None) -> bool:
    token = flask.session.get("csrf")
    if not isinstance(token, str) or not candidate:
        return False
    return hmac.compare_digest(token, candidate)


class _Throttle:
    """Counts recent failed sign-ins per key, in this process."""

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= MAX_FAILURES

    def fail(self, key: str) -> None:
        with self._lock:
            self._failures[key] = [*self._recent(key), time.monotonic()]
            if len(self._failures) > 10_000:  # forget the oldest keys rather than grow
                for old in list(self._failures)[:5_000]:
                    del self._failures[old]

    def reset(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str) -> list[float]:
        now = time.monotonic()
        return [t for t in self._failures.get(key, []) if now - t < LOCKOUT_S]


def install_auth(server: flask.Flask, engine: Engine, settings: Settings) -> None:
    """Add ``/login`` and ``/logout``, the session settings and the viewing rule."""
    server.extensions[_EXTENSION] = AuthConfig(engine, settings)
    server.config.update(
        SESSION_COOKIE_NAME="diemtua_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    throttle = _Throttle()

    def login() -> flask.typing.ResponseReturnValue:
        lang = _request_lang(settings)
        if flask.request.method == "GET":
            return _login_page(lang, settings)
        form = flask.request.form
        if not valid_csrf(form.get("csrf_token")):
            return _login_page(lang, settings, error=text("form_expired", lang), status=400)
        name = form.get("name", "").strip()
        key = f"{flask.request.remote_addr}|{name.lower()}"
        if throttle.blocked(key):
            message = text("too_many_attempts", lang, minutes=LOCKOUT_S // 60)
            return _login_page(lang, settings, error=message, name=name, status=429)
        found = authenticate(engine, name, form.get("password", ""))
        if found is None:
            throttle.fail(key)
            message = text("bad_credentials", lang)
            return _login_page(lang, settings, error=message, name=name, status=401)
        throttle.reset(key)
        user, stamp = found
        flask.session.clear()  # a fresh session: no fixation of a token planted before
        flask.session.permanent = True
        flask.session.update(uid=user.id, stamp=stamp)
        csrf_token()
        return flask.redirect(_safe_next(form.get("next"), settings), code=303)

    def logout() -> flask.typing.ResponseReturnValue:
        lang = _request_lang(settings)
        if flask.request.method == "POST":
            if not valid_csrf(flask.request.form.get("csrf_token")):
                return _login_page(lang, settings, error=text("form_expired", lang), status=400)
            flask.session.clear()
            response = flask.redirect(_safe_next(None, settings), code=303)
            response.delete_cookie(CSRF_COOKIE)
            return response
        return _login_page(lang, settings)

    server.add_url_rule("/login", "diemtua_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "diemtua_logout", logout, methods=["GET", "POST"])

    @server.before_request
    def _viewing_rule() -> flask.typing.ResponseReturnValue | None:
        if settings.anonymous_viewing or flask.request.endpoint in _OPEN_ENDPOINTS:
            return None
        if current_user() is not None:
            return None
        if flask.request.method == "GET" and not flask.request.path.startswith("/_dash"):
            query = urlencode({"next": _external_path(flask.request.full_path)})
            return flask.redirect(f"{flask.request.script_root}/login?{query}", code=303)
        lang = _request_lang(settings)
        return flask.Response(text("sign_in_required", lang), status=401, mimetype="text/plain")

    @server.after_request
    def _csrf_cookie(response: flask.Response) -> flask.Response:
        # Dash's renderer echoes this cookie in the X-CSRFToken header of its callback
        # requests; security.py checks the two match for signed-in sessions.
        token = flask.session.get("csrf")
        signed_in = isinstance(token, str) and "uid" in flask.session
        if signed_in and flask.request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(
                CSRF_COOKIE,
                str(token),
                secure=settings.secure_cookies,
                httponly=False,
                samesite="Strict",
                path="/",
            )
        return response


_OPEN_ENDPOINTS = frozenset({"diemtua_login", "diemtua_logout"})


def _request_lang(settings: Settings) -> str:
    lang = flask.request.args.get("lang") or flask.request.form.get("lang")
    return normalise_language(lang or settings.default_language)


def _external_path(path: str) -> str:
    return flask.request.script_root + path.rstrip("?")


def _safe_next(candidate: str | None, settings: Settings) -> str:
    """Where to go after signing in: a path of this app only, never another site."""
    home = flask.request.script_root + "/"
    if not candidate:
        return home
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not candidate.startswith("/") or "\\" in candidate:
        return home
    return candidate


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Điểm tựa</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f5f6f8; color: #1d2330; margin: 0; }}
main {{ max-width: 24rem; margin: 10vh auto; background: #fff; padding: 2rem;
       border-radius: 8px; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }}
h1 {{ font-size: 1.25rem; margin: 0 0 1.25rem; }}
label {{ display: block; margin: .75rem 0 .25rem; font-weight: 600; }}
input[type=text], input[type=password] {{ width: 100%; box-sizing: border-box; padding: .5rem;
       font-size: 1rem; border: 1px solid #b8bfcc; border-radius: 4px; }}
button {{ margin-top: 1.25rem; width: 100%; padding: .6rem; font-size: 1rem; border: 0;
       border-radius: 4px; background: #0b5cad; color: #fff; cursor: pointer; }}
.error {{ background: #fdecea; color: #8a1c12; padding: .6rem; border-radius: 4px; }}
nav {{ display: flex; justify-content: space-between; margin-top: 1.5rem; font-size: .9rem; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{error}
{body}
<nav><a href="{home}">{back}</a><a href="{other_href}" hreflang="{other}">{other_label}</a></nav>
</main>
</body>
</html>
"""


def _login_page(
    lang: str, settings: Settings, *, error: str = "", name: str = "", status: int = 200
) -> flask.Response:
    esc = html.escape
    token = csrf_token()
    user = current_user()
    root = flask.request.script_root
    hidden = (
        f'<input type="hidden" name="csrf_token" value="{esc(token)}">'
        f'<input type="hidden" name="lang" value="{lang}">'
    )
    if user is not None:
        title = text("sign_out", lang)
        role = text(f"role_{user.role}", lang)
        body = (
            f"<p>{esc(text('signed_in_as', lang, name=user.name, role=role))}</p>"
            f'<form method="post" action="{root}/logout">{hidden}'
            f'<button type="submit">{esc(text("sign_out", lang))}</button></form>'
        )
    else:
        title = text("sign_in_title", lang)
        next_path = flask.request.values.get("next", "")
        body = (
            f'<form method="post" action="{root}/login">{hidden}'
            f'<input type="hidden" name="next" value="{esc(next_path)}">'
            f'<label for="name">{esc(text("user_name", lang))}</label>'
            f'<input type="text" id="name" name="name" value="{esc(name)}" '
            'autocomplete="username" required autofocus>'
            f'<label for="password">{esc(text("password", lang))}</label>'
            '<input type="password" id="password" name="password" '
            'autocomplete="current-password" required>'
            f'<button type="submit">{esc(text("sign_in", lang))}</button></form>'
        )
    other = "en" if lang == "vi" else "vi"
    page = _PAGE.format(
        lang=lang,
        title=esc(title),
        error=f'<p class="error" role="alert">{esc(error)}</p>' if error else "",
        body=body,
        home=f"{root}/" if lang == settings.default_language else f"{root}/?lang={lang}",
        back=esc(text("back_to_dashboard", lang)),
        other=other,
        other_href=f"{root}{flask.request.path}?{urlencode({'lang': other})}",
        other_label=esc(text("other_language", lang)),
    )
    response = flask.Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
