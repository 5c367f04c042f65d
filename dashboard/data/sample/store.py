"""Writing the sample into a database, setting it aside, and loading it at start-up."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from sqlalchemy import exists, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from dashboard.data.counts import write_counts
from dashboard.data.importers.load import (
    insert_rows,
    log_import,
    prepare_bulk_write,
    serialise_imports,
    set_sample_aside,
)
from dashboard.data.sample.campaign import DEFAULT_SEED
from dashboard.data.sample.enrollments import generate_enrollments
from dashboard.data.sample.events import generate_events
from dashboard.data.sample.participants import generate_participants
from dashboard.data.sample.routes import ROUTE_SCALE, generate_routes
from dashboard.data.sample.targets import generate_targets
from dashboard.data.schema import DATA_TABLES, imports
from dashboard.domain import NATIONAL_TARGET

# The kinds load_sample writes, in order.
SAMPLE_KINDS = ("enrollments", "targets", "participants", "events", "routes")


def generate_sample(
    *,
    national_target: int = NATIONAL_TARGET,
    scale: float = 1.0,
    routes_scale: float = ROUTE_SCALE,
    seed: int = DEFAULT_SEED,
) -> dict[str, pd.DataFrame]:
    """Every kind of sample data, by kind in ``SAMPLE_KINDS`` order.

    ``scale`` 1.0 is the published scale of the campaign (``campaign``); the targets always
    add up to ``national_target``, and the participants grow by the enrollments generated.
    ``routes_scale`` is the share of the launch day's parades whose GPS tracks are generated:
    the default keeps the sample small, 1.0 gives all 600 parades and 9,000 vehicles
    (millions of points).
    """
    new = generate_enrollments(seed=seed, scale=scale)
    return {
        "enrollments": new,
        "targets": generate_targets(national_target=national_target),
        "participants": generate_participants(seed=seed, enrollments=new),
        "events": generate_events(seed=seed, scale=scale),
        "routes": generate_routes(seed=seed, scale=routes_scale),
    }


class SampleRefused(Exception):
    """The sample cannot be loaded: real data is counted, or the sample is loaded already."""


def load_sample(
    engine: Engine,
    *,
    national_target: int = NATIONAL_TARGET,
    scale: float = 1.0,
    routes_scale: float = ROUTE_SCALE,
) -> int:
    """Write every kind of sample data (``generate_sample``), each as one import marked
    ``is_sample``.

    All or nothing: one transaction. Returns the number of enrollments written.

    Raises:
        SampleRefused: real data is counted (sample and real figures never add up), or the
            sample is loaded already.
    """
    # Asked before the seconds of generating, and again under the write lock, where it counts.
    with engine.connect() as con:
        _refuse_unless_free(con)
    frames = generate_sample(
        national_target=national_target, scale=scale, routes_scale=routes_scale
    )
    with engine.begin() as con:
        serialise_imports(con)
        _refuse_unless_free(con)
        prepare_bulk_write(con)
        for kind, frame in frames.items():
            write_sample_import(con, kind, frame)
    return len(frames["enrollments"])


def _refuse_unless_free(con: Connection) -> None:
    live = set(
        con.execute(select(imports.c.is_sample).where(imports.c.undone_at.is_(None))).scalars()
    )
    if False in live:
        raise SampleRefused(
            "real data is loaded, and the sample would add up with it: undo the real imports first"
        )
    if True in live:
        raise SampleRefused("the sample data is loaded already")


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
    """Write ``frame`` as one import of ``kind`` marked ``is_sample``, through the importer's
    bulk path."""
    # The identity of the rows, as a real import has one; hashing the frame's values is a
    # hundred times faster than hashing its CSV text.
    identity = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    import_id = log_import(
        con,
        kind,
        file_name="sample",
        imported_by="sample",
        content_hash=hashlib.sha256(identity).hexdigest(),
        row_count=len(frame),
        is_sample=True,
    )
    if len(frame):
        insert_rows(con, DATA_TABLES[kind], _plain_columns(frame), import_id)
    if kind == "enrollments":
        write_counts(con, import_id)


def _plain_columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Each column as plain Python values: dates as ``date``, timestamps with a time zone as
    aware ``datetime``, missing values as ``None``."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            # Timestamps stay timestamps (UtcDateTime wants aware datetimes).
            series = pd.Series(series.dt.to_pydatetime(), index=series.index, dtype=object)
        elif pd.api.types.is_datetime64_any_dtype(series):
            series = series.dt.date
        plain = series.astype(object)
        columns[str(name)] = plain.where(series.notna(), None).tolist()
    return columns
