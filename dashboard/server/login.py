"""Signing in and out: the ``/login`` form, ``/logout``, the session cookie, the viewing rule.

The form is a plain server-rendered page (it works without the app's scripts). A right
password opens a server-side session (``sessions.py``); the throttle (``throttle.py``)
refuses guessing before the password is even checked.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urlencode, urlsplit

import flask
from sqlalchemy.engine import Engine

from dashboard.config import Settings
from dashboard.i18n import normalise_language
from dashboard.server.accounts import authenticate, dummy_hash
from dashboard.server.auth import (
    AUTH_EXTENSION,
    CSRF_COOKIE,
    SESSION_KEY,
    AuthConfig,
    csrf_token,
    current_user,
    has_session,
    valid_csrf,
)
from dashboard.server.sessions import SESSION_LIFETIME, close_session, open_session
from dashboard.server.texts import text
from dashboard.server.throttle import LOCKOUT_S, SignInThrottle


def install_auth(
    server: flask.Flask, engine: Engine, settings: Settings, throttle: SignInThrottle
) -> None:
    """Add ``/login`` and ``/logout``, the session settings and the viewing rule."""
    server.extensions[AUTH_EXTENSION] = AuthConfig(engine, settings)
    dummy_hash()  # made now, so that no sign-in pays for it
    server.config.update(
        SESSION_COOKIE_NAME="diemtua_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )

    def login() -> flask.typing.ResponseReturnValue:
        lang = _request_lang(settings)
        if flask.request.method == "GET":
            return _login_page(lang, settings)
        form = flask.request.form
        if not valid_csrf(form.get("csrf_token")):
            return _login_page(lang, settings, error=text("form_expired", lang), status=400)
        name = form.get("name", "").strip()[:64]
        address = flask.request.remote_addr or ""
        if throttle.blocked(address, name):
            message = text("too_many_attempts", lang, minutes=LOCKOUT_S // 60)
            return _login_page(lang, settings, error=message, name=name, status=429)
        user = authenticate(engine, name, form.get("password", ""))
        if user is None:
            throttle.failed(address, name)
            message = text("bad_credentials", lang)
            return _login_page(lang, settings, error=message, name=name, status=401)
        throttle.succeeded(address, name)
        _end_session(engine)
        flask.session.clear()  # a fresh session: no fixation of a token planted before
        flask.session.permanent = True
        flask.session[SESSION_KEY] = open_session(engine, user.id)
        flask.g.pop("diemtua_user", None)
        csrf_token()
        return flask.redirect(_safe_next(form.get("next"), settings), code=303)

    def logout() -> flask.typing.ResponseReturnValue:
        lang = _request_lang(settings)
        if flask.request.method == "POST":
            if not valid_csrf(flask.request.form.get("csrf_token")):
                return _login_page(lang, settings, error=text("form_expired", lang), status=400)
            _end_session(engine)
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
        signed_in = isinstance(token, str) and has_session()
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


_OPEN_ENDPOINTS = frozenset({"diemtua_login", "diemtua_logout", "diemtua_healthz"})


def _end_session(engine: Engine) -> None:
    session_id = flask.session.get(SESSION_KEY)
    if isinstance(session_id, str):
        close_session(engine, session_id)


def _request_lang(settings: Settings) -> str:
    lang = flask.request.args.get("lang") or flask.request.form.get("lang")
    return normalise_language(lang or settings.default_language)


def _external_path(path: str) -> str:
    return flask.request.script_root + path.rstrip("?")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _safe_next(candidate: str | None, settings: Settings) -> str:
    """Where to go after signing in: a path of this app only, never another site.

    The path is normalised first (repeated slashes, dot segments, backslashes that browsers
    read as slashes, control characters they strip), so ``////evil.example/x`` or
    ``/\\evil.example`` cannot come out as a network-path reference (``//host``).
    """
    home = flask.request.script_root + "/"
    if not candidate or _CONTROL.search(candidate) or "\\" in candidate:
        return home
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return home
    path = posixpath.normpath(re.sub("/{2,}", "/", parts.path))
    if parts.path.endswith("/") and path != "/":
        path += "/"
    if path.startswith("//"):  # normpath keeps exactly two leading slashes
        return home
    return path + (f"?{parts.query}" if parts.query else "")


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
