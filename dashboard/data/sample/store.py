"""Writing the sample into a database, setting it aside, and loading it at start-up."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import exists, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from dashboard.data.counts import write_counts
from dashboard.data.importers.load import serialise_imports, set_sample_aside, write_rows
from dashboard.data.sample.enrollments import generate_enrollments
from dashboard.data.sample.events import generate_events
from dashboard.data.sample.participants import generate_participants
from dashboard.data.sample.routes import generate_routes
from dashboard.data.sample.targets import generate_targets
from dashboard.data.schema import DATA_TABLES, imports
from dashboard.domain import NATIONAL_TARGET

# The kinds load_sample writes, in order.
GENERATORS: dict[str, Callable[[int], pd.DataFrame]] = {
    "enrollments": lambda target: generate_enrollments(national_target=target),
    "targets": lambda target: generate_targets(national_target=target),
    "participants": lambda _target: generate_participants(),
    "events": lambda _target: generate_events(),
    "routes": lambda _target: generate_routes(),
}
SAMPLE_KINDS = tuple(GENERATORS)


class SampleRefused(Exception):
    """The sample cannot be loaded: real data is counted, or the sample is loaded already."""


def load_sample(engine: Engine, *, national_target: int = NATIONAL_TARGET) -> int:
    """Write every kind of sample data, each as one import marked ``is_sample``.

    All or nothing: one transaction. Returns the number of enrollments written.

    Raises:
        SampleRefused: real data is counted (sample and real figures never add up), or the
            sample is loaded already.
    """
    frames = {kind: generate(national_target) for kind, generate in GENERATORS.items()}
    with engine.begin() as con:
        serialise_imports(con)
        live = set(
            con.execute(select(imports.c.is_sample).where(imports.c.undone_at.is_(None))).scalars()
        )
        if False in live:
            raise SampleRefused(
                "real data is loaded, and the sample would add up with it: undo the real "
                "imports first"
            )
        if True in live:
            raise SampleRefused("the sample data is loaded already")
        for kind, frame in frames.items():
            write_sample_import(con, kind, frame)
    return len(frames["enrollments"])


def remove_sample(engine: Engine, *, by: str) -> int:
    """Set the sample data aside, as the first real import does; returns the imports removed."""
    with engine.begin() as con:
        serialise_imports(con)
        return set_sample_aside(con, by=by)


def load_sample_if_empty(engine: Engine, **kwargs: Any) -> bool:
    """Load the sample only into a database that has never had an import; True if loaded.

    An undone or set-aside import still counts: whoever removed the sample, or loaded real
    data, meant it, and a restart must not bring the sample back. When two workers start
    at once, the second one finds the first one's sample and backs off.
    """
    with engine.connect() as con:
        if con.execute(select(exists().select_from(imports))).scalar():
            return False
    try:
        load_sample(engine, **kwargs)
    except (SampleRefused, IntegrityError):
        return False
    return True


def write_sample_import(con: Connection, kind: str, frame: pd.DataFrame) -> None:
    # A fingerprint of the rows (deterministic, so the sample always has the same one);
    # hashing the values is much cheaper than writing a million rows out as CSV.
    fingerprint = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    import_id = con.execute(
        insert(imports)
        .values(
            kind=kind,
            file_name="sample",
            content_hash=hashlib.sha256(fingerprint).hexdigest(),
            imported_by="sample",
            imported_at=dt.datetime.now(dt.UTC),
            row_count=len(frame),
            added_count=len(frame),
            skipped_count=0,
            is_sample=True,
        )
        .returning(imports.c.id)
    ).scalar_one()
    if len(frame):
        write_rows(con, DATA_TABLES[kind], _columns(frame), import_id)
    if kind == "enrollments":
        write_counts(con, import_id)


def _columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Columns as lists of plain Python values: dates as ``date``, timestamps with a time zone
    as aware ``datetime``, missing values as ``None``."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            # Timestamps stay timestamps (UtcDateTime wants aware datetimes).
            values = pd.Series(series.dt.to_pydatetime(), dtype=object)
        elif pd.api.types.is_datetime64_any_dtype(series):
            values = series.dt.date
        else:
            values = series.astype(object)
        columns[name] = values.where(series.notna(), None).to_list()
    return columns
