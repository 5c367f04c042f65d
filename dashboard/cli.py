"""Command line: parse arguments, call library functions, nothing else.

Each command imports the library it calls in its body (``cli_shared`` says why).
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dashboard.cli_shared import database_option, fail, on_database
from dashboard.config import SETTINGS, Settings
from dashboard.domain import IMPORT_KINDS, PRODUCTS
from dashboard.i18n import Message

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from dashboard.data.importers.problems import Problem

EXIT_OK, EXIT_INVALID = 0, 2


@click.group(
    help=(
        "Điểm tựa: dashboard of the 2022 voluntary social insurance campaign.\n\n"
        "Import the five kinds of data file (enrollments, participants, targets, events, "
        "routes: see docs/data-formats.md), list and undo imports, print counts per "
        "province or district, and serve the dashboard."
    )
)
def main() -> None:
    pass


@main.command(help="Serve the dashboard with the development server (see README for production).")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port to listen on [default: 8050].")
@database_option
@click.option("--debug/--no-debug", default=None, help="Dash debug mode.")
def run(host: str | None, port: int | None, database_url: str | None, debug: bool | None) -> None:
    from dashboard.app import create_app

    settings = Settings.load(host=host, port=port, database_url=database_url, debug=debug)
    app = create_app(settings)
    click.echo(f"Điểm tựa: http://{settings.host}:{settings.port}/")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)


@main.command(
    name="settings", help="List every setting, its environment variable and current value."
)
def show_settings() -> None:
    current = Settings.load().as_dict()
    for setting in SETTINGS:
        click.echo(f"{setting.env_var:<28} {current[setting.name]!s:<40} {setting.help}")


@main.command(
    name="import",
    help=(
        "Check FILE and import it, all rows or none. KIND (enrollments|participants|targets|"
        "events|routes) may be left out: the file is then recognised from its content (a "
        "D05-TS or D03-TS list, a development report, a tracker report, GPX, KML, a ZIP of "
        "tracks, or a template of docs/data-formats.md), and what was recognised is said "
        "before anything is written.\n\n"
        "Exit status: 0 imported (or already imported: nothing added), 2 the file has "
        "problems (listed on stderr: file, row, column, value, expected; nothing written), "
        "1 any other failure."
    ),
)
@click.argument("arguments", metavar="[KIND] FILE", nargs=-1, required=True)
@database_option
@click.option("--user", "user", default=None, help="Who imports, for the log [default: login].")
@click.option("--vehicle", default=None, help="Routes: the vehicle id, if the file names none.")
@click.option(
    "--vehicle-type", default=None, help="Routes: car or motorbike, if the file says not."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    default="en",
    show_default=True,
    help="Language of the problems and warnings.",
)
def import_command(
    arguments: tuple[str, ...],
    database_url: str | None,
    user: str | None,
    vehicle: str | None,
    vehicle_type: str | None,
    lang: str,
) -> None:
    from dashboard.data.importers import import_file
    from dashboard.data.participant_key import resolve_key

    kind, file = _kind_and_file(arguments)
    settings, engine = _open(database_url)
    with on_database(engine, OSError, ValueError, prefix=f"{file}: "):
        result = import_file(
            engine,
            kind,
            file,
            imported_by=user or _login(),
            vehicle_id=vehicle,
            vehicle_type=vehicle_type,
            participant_salt=settings.participant_salt,
            participant_key=resolve_key(settings.participant_key, settings.participant_key_file),
        )
    # Said when the file was recognised, or is a form; a template of the given kind is as asked.
    if result.description is not None and (kind is None or result.form != "template"):
        recognised = Message("summary_recognised", what=result.description)
        click.echo(recognised.in_language(lang), err=not result.ok)
    for warning in result.warnings:
        click.echo(f"warning: {warning.in_language(lang)}", err=True)
    if not result.ok:
        click.echo(_problem_table(result.problems, lang), err=True)
        if result.problem_count > len(result.problems):
            click.echo(f"... and {result.problem_count - len(result.problems)} more", err=True)
        click.echo(result.summary(lang), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(result.summary(lang))


def _kind_and_file(arguments: tuple[str, ...]) -> tuple[str | None, Path]:
    """``FILE`` or ``KIND FILE``; a usage error for anything else."""
    if len(arguments) == 1:
        return None, Path(arguments[0])
    if len(arguments) == 2 and arguments[0] in IMPORT_KINDS:
        return arguments[0], Path(arguments[1])
    raise click.UsageError(
        f"expected [KIND] FILE, KIND one of {'|'.join(IMPORT_KINDS)}; got {' '.join(arguments)}"
    )


@main.command(name="imports", help="List the import log: id, time, user, file, row counts.")
@database_option
def imports_command(database_url: str | None) -> None:
    from dashboard.data.importers import list_imports

    _, engine = _open(database_url)
    with on_database(engine), engine.connect() as con:
        records = list_imports(con)
    click.echo(
        f"{'id':>5}  {'imported at (UTC)':<16}  {'kind':<12} {'by':<12} "
        f"{'read':>8} {'added':>8} {'skipped':>8}  state    file"
    )
    for r in records:
        state = "undone" if r.undone else ("sample" if r.is_sample else "live")
        click.echo(
            f"{r.id:>5}  {r.imported_at:%Y-%m-%d %H:%M}  {r.kind:<12} {r.imported_by[:12]:<12} "
            f"{r.row_count:>8} {r.added_count:>8} {r.skipped_count:>8}  {state:<8} {r.file_name}"
        )


@main.command(name="undo", help="Undo import ID: its rows are removed, its log row kept.")
@click.argument("import_id", type=int)
@database_option
def undo_command(import_id: int, database_url: str | None) -> None:
    from dashboard.data.importers import UndoError, undo_import

    _, engine = _open(database_url)
    with on_database(engine, UndoError):
        record = undo_import(engine, import_id, undone_by=_login())
    click.echo(f"Import #{record.id} ({record.kind}, {record.file_name}) undone.")


@main.command(
    help=(
        "Print the figures of an imported kind per province or district: the GSO code and "
        "name of each unit, then the kind's figures (enrollments: rows; participants: rows, "
        "voluntary_participants, labour_force at the latest month; targets: rows, "
        "target_new_participants; events: rows, attendees; routes: rows (points), stops, "
        "vehicles, people_reached). The window is the screens': from the campaign's start "
        "to its deadline unless --from/--to say otherwise. Undone imports do not count; "
        "units without rows are left out. Whether sample data is counted is said on the "
        "last line (on stderr with --format csv).\n\n"
        "Example: report --by district --kind enrollments --format csv > counts.csv"
    )
)
@click.option(
    "--by",
    type=click.Choice(["province", "district"]),
    default="province",
    show_default=True,
    help="Count per province or per district (2022 boundaries).",
)
@click.option(
    "--kind",
    type=click.Choice(IMPORT_KINDS),
    default="enrollments",
    show_default=True,
    help="Which imported data to count.",
)
@click.option(
    "--product",
    type=click.Choice(PRODUCTS),
    default=None,
    help="Enrollments and targets: one product only [default: a line per product].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="An aligned table, or CSV (UTF-8) for a spreadsheet.",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day counted (default: the campaign start).",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day counted (default: the campaign deadline).",
)
@database_option
def report(
    by: str,
    kind: str,
    product: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    fmt: str,
    database_url: str | None,
) -> None:
    from dashboard.data.export import safe_csv
    from dashboard.data.importers.load import sample_is_counted
    from dashboard.data.importers.report import counts_by_unit

    settings, engine = _open(database_url)
    period = settings.campaign.period(start and start.date(), end and end.date())
    with on_database(engine), engine.connect() as con:
        counts = counts_by_unit(
            con,
            kind,
            by,  # type: ignore[arg-type]
            product=product,
            period=period,
        )
        sample = sample_is_counted(con)
    note = (
        "Sample data is counted: generated figures, not real ones."
        if sample
        else "Real data only (no sample data counted)."
    )
    if fmt == "csv":
        click.echo(safe_csv(counts), nl=False)
        click.echo(note, err=True)
    else:
        click.echo(counts.to_string(index=False) if len(counts) else "(no rows)")
        click.echo(note)


@main.group(
    help=(
        "The generated sample data: remove it, or load it again. The first real import sets "
        "it aside by itself; it is never counted together with real data."
    )
)
def sample() -> None:
    pass


@sample.command(name="remove", help="Set the sample data aside (every kind, every province).")
@database_option
def sample_remove(database_url: str | None) -> None:
    from dashboard.data.sample.store import remove_sample

    _, engine = _open(database_url)
    with on_database(engine):
        removed = remove_sample(engine, by=_login())
    click.echo(f"Sample data set aside ({removed} imports)." if removed else "No sample data.")


@sample.command(name="load", help="Load the sample data; refused while real data is counted.")
@database_option
@click.option(
    "--scale",
    type=click.FloatRange(0, 10, min_open=True),
    default=None,
    help="Size against the published campaign (default: the sample_scale setting).",
)
@click.option(
    "--routes-scale",
    type=click.FloatRange(0, 1, min_open=True),
    default=None,
    help="Share of the launch day's 600 parades given GPS tracks (default 0.1; 1.0 gives "
    "9,000 vehicles and millions of points).",
)
def sample_load(database_url: str | None, scale: float | None, routes_scale: float | None) -> None:
    from dashboard.data.sample.store import SampleRefused, load_sample

    settings, engine = _open(database_url)
    with on_database(engine, SampleRefused, prefix="sample not loaded: "):
        written = load_sample(
            engine,
            national_target=settings.national_target,
            scale=settings.sample_scale if scale is None else scale,
            **({} if routes_scale is None else {"routes_scale": routes_scale}),
        )
    click.echo(f"Sample data loaded ({written} enrollments).")


def _open(database_url: str | None) -> tuple[Settings, Engine]:
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.data.db import create_schema, error_text, make_engine
    from dashboard.data.participant_key import (
        ParticipantKeyMismatch,
        resolve_key,
        upgrade_participant_hashes,
    )

    try:
        settings = Settings.load(database_url=database_url)
        engine = make_engine(settings.database_url)
        create_schema(engine)
        upgrade_participant_hashes(
            engine, resolve_key(settings.participant_key, settings.participant_key_file)
        )
    except (ValueError, OSError, ParticipantKeyMismatch, SQLAlchemyError) as exc:
        fail(f"cannot open the database: {error_text(exc)}")
    return settings, engine


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _problem_table(problems: Sequence[Problem], lang: str) -> str:
    """The problems as an aligned text table: file, row, column, value, expected."""
    header = ("file", "row", "column", "value", "expected")
    rows = [
        (p.file, "" if p.row is None else str(p.row), p.column or "", p.value, p.expected_in(lang))
        for p in problems
    ]
    widths = [min(max(len(row[i]) for row in [header, *rows]), 30) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell[:30].ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)


main.add_command(__import__("dashboard.server.users_cli", fromlist=["users"]).users)
