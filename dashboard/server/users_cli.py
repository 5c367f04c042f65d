"""``python -m dashboard users ...``: add, list, remove accounts and change passwords.

Passwords are read from a hidden prompt, or from standard input when it is not a terminal
(``printf '%s\\n' "$PW" | python -m dashboard users add hoa ...``); never from the command
line, where other users of the machine could read them.

Like ``cli.py``, this module imports what its commands do only when one runs: the accounts
module and the database, never Dash or Flask.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from dashboard.cli_shared import database_option, fail, on_database
from dashboard.config import Settings
from dashboard.domain import ROLES

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@click.group(help="Manage the accounts that sign in: viewers, provincial editors, admins.")
def users() -> None:
    pass


@users.command(help="Add account NAME; the password is asked for (or read from stdin).")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--province", default=None, help="Editors: the 2-digit GSO code of their province.")
@database_option
def add(name: str, role: str, province: str | None, database_url: str | None) -> None:
    from dashboard.server.accounts import UserError, add_user

    engine = _engine(database_url)
    with on_database(engine, UserError):
        user = add_user(engine, name, role, _read_password(), province)
    where = f" for province {user.province_code}" if user.province_code else ""
    click.echo(f"Added {user.role} {user.name}{where}.")


@users.command(name="list", help="List the accounts: name, role, province.")
@database_option
def list_command(database_url: str | None) -> None:
    from dashboard.server.accounts import list_users

    engine = _engine(database_url)
    with on_database(engine):
        accounts = list_users(engine)
    click.echo(f"{'name':<24} {'role':<8} province")
    for user in accounts:
        click.echo(f"{user.name:<24} {user.role:<8} {user.province_code or ''}")


@users.command(help="Remove account NAME; its sessions end at their next request.")
@click.argument("name")
@database_option
def remove(name: str, database_url: str | None) -> None:
    from dashboard.server.accounts import UserError, remove_user

    engine = _engine(database_url)
    with on_database(engine, UserError):
        remove_user(engine, name)
    click.echo(f"Removed {name}.")


@users.command(help="Set a new password for NAME (asked for, or read from stdin).")
@click.argument("name")
@database_option
def passwd(name: str, database_url: str | None) -> None:
    from dashboard.server.accounts import UserError, set_password

    engine = _engine(database_url)
    with on_database(engine, UserError):
        set_password(engine, name, _read_password())
    click.echo(f"Password of {name} changed; its other sessions are signed out.")


def _engine(database_url: str | None) -> Engine:
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.data.db import error_text, make_engine
    from dashboard.server.tables import create_server_schema

    try:
        engine = make_engine(Settings.load(database_url=database_url).database_url)
        create_server_schema(engine)
    except (ValueError, SQLAlchemyError) as exc:
        fail(f"cannot open the database: {error_text(exc)}")
    return engine


def _read_password() -> str:
    if sys.stdin.isatty():
        password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    line = sys.stdin.readline()
    if not line:
        fail("no password on standard input")
    return line.rstrip("\r\n")
