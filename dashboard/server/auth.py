"""Who may do what: viewers read, provincial editors import for their province, admins all.

The accounts themselves (roles, passwords) are :mod:`dashboard.server.accounts`. Signing in
is a plain server-rendered form at ``/login``; the signed session cookie then names the
account. Screens ask:

    >>> user = current_user()            # None for an anonymous viewer
    >>> user.may_import("79")
    >>> require_import_rights("79", lang)  # raises PermissionDenied with a message to show
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, cast

import flask
from sqlalchemy.engine import Engine

from dashboard.config import Settings
from dashboard.i18n import normalise_language
from dashboard.server.accounts import User, user_from_row
from dashboard.server.sessions import session_user_row
from dashboard.server.texts import text
from geodata import reference

CSRF_COOKIE: Final = "_csrf_token"  # the name Dash's renderer reads and echoes as X-CSRFToken
CSRF_HEADER: Final = "X-CSRFToken"


class PermissionDenied(Exception):
    """The signed-in account may not do this; ``str()`` is a message for the user."""


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
    return user_from_row(row)


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
