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
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, cast

import flask
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.config import Settings
from dashboard.i18n import normalise_language
from dashboard.server.sessions import close_user_sessions, session_user_row
from dashboard.server.tables import create_server_schema, server_secrets, users
from dashboard.server.texts import text
from geodata import reference

__all__ = ["create_server_schema", "users"]

Role = Literal["viewer", "editor", "admin"]
ROLES: Final[tuple[Role, ...]] = ("viewer", "editor", "admin")
MIN_PASSWORD_LENGTH: Final = 10
PASSWORD_METHOD: Final = "scrypt"
CSRF_COOKIE: Final = "_csrf_token"  # the name Dash's renderer reads and echoes as X-CSRFToken
CSRF_HEADER: Final = "X-CSRFToken"
_NAME = re.compile(r"^[\w.@-]{1,64}$")


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
    """Delete an account; its sessions end at once."""
    with engine.begin() as con:
        user_id = con.execute(select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise UserError(f"no user {name!r}")
        close_user_sessions(con, int(user_id))
        con.execute(delete(users).where(users.c.id == user_id))


def set_password(engine: Engine, name: str, password: str) -> None:
    """Change a password; every session of the account ends at once."""
    _check_password(password)
    with engine.begin() as con:
        user_id = con.execute(select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise UserError(f"no user {name!r}")
        con.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=generate_password_hash(password, PASSWORD_METHOD))
        )
        close_user_sessions(con, int(user_id))


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    """The account if ``password`` is right, else None."""
    with engine.connect() as con:
        row = con.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        # Spend the time a real check takes, so the answer does not tell which names exist.
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return _user(row)


_DUMMY_HASH = generate_password_hash(secrets.token_hex(8), PASSWORD_METHOD)


def _user(row: Any) -> User:
    return User(int(row["id"]), row["name"], row["role"], row["province_code"])


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


AUTH_EXTENSION = "diemtua_auth"
SESSION_KEY: Final = "sid"  # the cookie's field naming the server-side session


def current_user() -> User | None:
    """The signed-in account of this request, or None (anonymous, expired or removed)."""
    if not flask.has_request_context():
        return None
    if "diemtua_user" not in flask.g:
        flask.g.diemtua_user = _load_session_user()
    return cast(User | None, flask.g.diemtua_user)


def _load_session_user() -> User | None:
    session_id = flask.session.get(SESSION_KEY)
    if not isinstance(session_id, str):
        return None
    config: AuthConfig = flask.current_app.extensions[AUTH_EXTENSION]
    row = session_user_row(config.engine, session_id)
    if row is None:  # signed out, expired, password changed or account removed
        flask.session.clear()
        return None
    return _user(row)


def has_session() -> bool:
    """True when the request's cookie claims a session (checked or not): such requests
    must carry the anti-forgery token and are never served shared answers."""
    return SESSION_KEY in flask.session


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
