"""``/healthz`` for load balancers, and recovery when the database was recreated empty.

``GET /`` only proves a worker is up; ``/healthz`` asks the database (200 ``ok``, or 503 and
the reason in a word). Whenever a request finds the database without its tables (a
PostgreSQL database dropped and created again, a restored empty file), the tables are
created again on the spot, users table included, instead of failing until a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import flask
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.config import Settings
from dashboard.data.db import create_schema
from dashboard.data.schema import imports
from dashboard.i18n import normalise_language
from dashboard.server.tables import create_server_schema, users
from dashboard.server.texts import text

log = logging.getLogger(__name__)

HEALTH_ENDPOINT = "diemtua_healthz"


def ensure_schema(engine: Engine) -> bool:
    """Create every table if the database has lost them; True if it had to."""
    names = set(inspect(engine).get_table_names())
    if {imports.name, users.name} <= names:
        return False
    create_schema(engine)
    create_server_schema(engine)
    log.warning("the database had no tables; they were created again")
    return True


def install_health(server: flask.Flask, engine: Engine, settings: Settings) -> None:
    """Add ``/healthz`` and the answer to a request that meets a database error."""

    def healthz() -> flask.typing.ResponseReturnValue:
        try:
            ensure_schema(engine)
            with engine.connect() as con:
                con.exec_driver_sql(f"SELECT count(*) FROM {users.name}").scalar_one()
        except SQLAlchemyError as exc:
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            return _plain("database unavailable", 503)
        return _plain("ok", 200)

    server.add_url_rule("/healthz", HEALTH_ENDPOINT, healthz, methods=["GET", "HEAD"])

    @server.errorhandler(SQLAlchemyError)
    def _database_error(exc: SQLAlchemyError) -> flask.typing.ResponseReturnValue:
        # The class only: the message of a database error can quote a user name or a value.
        log.error(
            "database error on %s %s: %s",
            flask.request.method,
            flask.request.path,
            type(exc).__name__,
        )
        _quietly(lambda: ensure_schema(engine))
        lang = normalise_language(flask.request.args.get("lang") or settings.default_language)
        message = text("database_unavailable", lang)
        if flask.request.path.startswith("/_dash"):
            return flask.jsonify(error=message), 503
        return _plain(message, 503)


def _plain(body: str, status: int) -> flask.Response:
    response = flask.Response(body, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _quietly(step: Callable[[], object]) -> None:
    try:
        step()
    except SQLAlchemyError as exc:
        log.warning("tables could not be checked (%s)", type(exc).__name__)
