"""Accounts: who they are, their roles, their passwords; no request, no Flask.

Accounts live in the ``users`` table of the app's database (so every worker and machine sees
the same ones) with scrypt password hashes. The command line's ``users`` commands manage
them through this module alone, so they start without loading Dash, Flask or pandas; the
request side (the signed-in account, rights, anti-forgery) is :mod:`dashboard.server.auth`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.domain import ROLES, Role
from dashboard.server.sessions import close_user_sessions
from dashboard.server.tables import server_secrets, users

MIN_PASSWORD_LENGTH: Final = 10
PASSWORD_METHOD: Final = "scrypt"
_NAME = re.compile(r"^[\w.@-]{1,64}$")


class UserError(ValueError):
    """An account cannot be added or changed as asked; the message says why."""


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
    return [user_from_row(row) for row in rows]


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
        check_password_hash(dummy_hash(), password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return user_from_row(row)


@functools.cache
def dummy_hash() -> str:
    """The hash an unknown name is checked against. Made on first use, not on import (an
    scrypt hash takes about 0.4 s, which every command line start paid); the server makes
    it when it starts, so no sign-in pays it."""
    return generate_password_hash(secrets.token_hex(8), PASSWORD_METHOD)


def user_from_row(row: Any) -> User:
    """The account of a ``users`` row."""
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
    if code not in _province_codes():
        raise UserError(f"province {province_code!r}: not one of the 63 GSO province codes")
    return "editor", code


def _province_codes() -> set[str]:
    # The reference tables need pandas: read only when an editor's province is checked.
    from geodata import reference

    return set(reference.provinces()["province_code"])


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
