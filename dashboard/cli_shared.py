"""What the command lines share (``python -m dashboard ...`` and its ``users`` group): the
``--database`` option, ending with an error message, and a step on the database whose
failures a user can act on end the command with their text rather than a traceback.

The command lines import at their top only click and the settings: what a command does
(the database, the importers, pandas, the accounts) is imported in its body, so that
``--help``, a usage error or a quick command does not wait for modules it never uses (the
server's, with Dash and Flask, took over a second).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

EXIT_FAILURE = 1

database_option = click.option(
    "--database", "database_url", default=None, help="SQLAlchemy database URL [default: setting]."
)


def fail(message: str) -> NoReturn:
    """End the command: ``error: message`` on stderr, exit status 1."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_FAILURE)


@contextmanager
def on_database(engine: Engine, *errors: type[Exception], prefix: str = "") -> Iterator[None]:
    """Run the block on ``engine``, then dispose of it; a database error, or one of
    ``errors``, ends the command with its text (after ``prefix``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.data.db import error_text

    caught: tuple[type[Exception], ...] = (SQLAlchemyError, *errors)
    try:
        yield
    except caught as exc:
        fail(prefix + error_text(exc))
    finally:
        engine.dispose()
