"""Import the five kinds of data file (DATA_FORMATS.md) safely: check all, then write all.

``import_file`` reads a CSV, XLSX or GPX file, checks every row (``validate``), and only if
nothing is wrong writes it in one transaction with a log row (``load``). A file already
imported, or participants already stored, add nothing. ``undo_import`` takes an import back.

Example:
    >>> result = import_file(engine, "enrollments", "dang_ky.xlsx", imported_by="hoa")
    >>> result.status, result.added_count
    ('imported', 1520)

The API for an upload screen (bytes and a file name in; nothing written until confirmed):

1. ``preview(content, Upload(kind, file_name=name), engine=engine) -> Preview``: reads and
   checks the upload without writing (:class:`Upload` says what is known besides the bytes:
   kind, name, vehicle, the uploader's province, how many rows to show). ``Preview.ok``;
   ``Preview.rows`` (the first ``limit`` rows as ``{column: typed value}``, places as GSO
   codes, the social insurance number masked) with ``Preview.row_numbers``;
   ``Preview.problems`` (each a :class:`Problem`: ``file``, ``row``, ``column``, ``value``,
   ``expected`` / ``expected_in(lang)`` / ``message(lang)`` in "vi" or "en", and for names
   ``codes``, ``names`` and ``suggestions`` = ((code, name), ...));
   ``Preview.problem_count`` (all of them; only the first 1000 are kept);
   ``Preview.warnings`` (:class:`Message`: ``.in_language(lang)``);
   ``Preview.already`` (the live import of the same content, when ``engine`` is given).
2. On confirm, ``import_file(engine, kind, content, file_name=name, imported_by=user)
   -> ImportResult``: checks again and writes all rows in one transaction (``status``
   "imported", "already_imported" or "rejected"; ``summary()``).
3. ``list_imports(con) -> list[ImportRecord]`` (``con`` from ``engine.connect()``): the log,
   oldest first, undone imports included; ``undo_import(engine, import_id) -> ImportRecord``
   removes an import's rows (raises :class:`UndoError` for an unknown or undone import).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from dashboard.data.importers.checking import check_file, recognise_kind
from dashboard.data.importers.formats import FORMATS, file_format
from dashboard.data.importers.load import (
    ImportRecord,
    UndoError,
    identities,
    list_imports,
    live_import_of,
    sample_is_counted,
    undo_import,
    write_import,
)
from dashboard.data.importers.problems import Message, Problem, ReadError
from dashboard.data.importers.readers import detect_type
from dashboard.data.importers.recognise import recognise
from dashboard.data.importers.results import (
    SAMPLE_TO_BE_SET_ASIDE,
    ImportResult,
    Preview,
    Source,
    Upload,
    _already,
    _replace,
)
from dashboard.data.importers.scope import restrict_to_province
from dashboard.data.importers.stream import HEAD_BYTES, import_large_csv
from dashboard.data.importers.validate import ValidatedTable

__all__ = [
    "FORMATS",
    "ImportRecord",
    "ImportResult",
    "Message",
    "Preview",
    "Problem",
    "UndoError",
    "Upload",
    "ValidatedTable",
    "check_upload",
    "file_format",
    "import_checked",
    "import_file",
    "list_imports",
    "preview",
    "recognised_kind",
    "undo_import",
]


# Used only when the caller passes no salt; the settings' participant_salt has the same
# default and the environment variable of that setting.
SALT_ENV = "DIEMTUA_PARTICIPANT_SALT"
DEFAULT_SALT = "diemtua-2022"


def import_file(
    engine: Engine,
    kind: str | None,
    source: Source,
    *,
    file_name: str | None = None,
    imported_by: str,
    vehicle_id: str | None = None,
    vehicle_type: str | None = None,
    participant_salt: str | None = None,
    participant_key: bytes | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check a file of ``kind`` and, if every row is good, write it in one transaction.

    Args:
        engine: The database (its schema created).
        kind: "enrollments", "participants", "targets", "events" or "routes"; None to have
            it recognised from the content (a form, GPX, KML, a ZIP of tracks, a template).
        source: A path, or the file's bytes (an upload).
        file_name: The name shown in the log and in problems (default: the path's name).
        imported_by: Who imports, for the log.
        vehicle_id: Routes: the vehicle, when the file does not name it.
        vehicle_type: Routes: "car" or "motorbike" (or "Ô tô", "Xe máy"), likewise.
        participant_key: The deployment's participant key (``participant_key.py``); default:
            $DIEMTUA_PARTICIPANT_KEY, else the key file.
        participant_salt: Salt of the participant hash; default: $DIEMTUA_PARTICIPANT_SALT,
            else "diemtua-2022". Keep it the same for the life of a database.
        today: Today's date, for the plausibility of birth years.

    Raises:
        ValueError: an unknown kind.
        OSError: the path cannot be read.
        sqlalchemy.exc.SQLAlchemyError: the database failed; nothing was written.
    """
    if kind is not None:
        file_format(kind)
    streamed = import_large_csv(
        engine,
        kind,
        source,
        file_name,
        imported_by,
        participant_salt if participant_salt is not None else _salt(),
        participant_key,
        today,
    )
    if streamed is not None:
        return streamed
    content, name = _content(source, file_name)
    content_hash = hashlib.sha256(content).hexdigest()
    recognised = recognise_kind(kind, content, name)
    if isinstance(recognised, Problem):
        return ImportResult(
            "rejected", kind or "?", name, content_hash, problems=(recognised,), problem_count=1
        )
    kind = recognised.kind
    result = ImportResult("rejected", kind, name, content_hash, form=recognised.form)
    # Imports of the first release were identified by their bytes' hash.
    with engine.connect() as con:
        previous = live_import_of(con, kind, content_hash)
    if previous is not None:
        return _already(result, previous)
    checked = check_file(recognised, content, name, vehicle_id, vehicle_type, today)
    if isinstance(checked, Problem):
        return _replace(result, problems=(checked,), problem_count=1)
    identity, first = identities(checked)
    with engine.connect() as con:
        previous = live_import_of(con, kind, identity) or live_import_of(con, kind, first)
    if previous is not None:  # the same rows in other bytes (CRLF, BOM, saved by Excel)
        return _already(_replace(result, content_hash=identity), previous)
    written = import_checked(
        engine,
        checked,
        file_name=name,
        content_hash=identity,
        imported_by=imported_by,
        participant_salt=participant_salt,
        participant_key=participant_key,
    )
    return _replace(written, form=recognised.form)


def import_checked(
    engine: Engine,
    checked: ValidatedTable,
    *,
    file_name: str,
    content_hash: str,
    imported_by: str,
    participant_salt: str | None = None,
    participant_key: bytes | None = None,
) -> ImportResult:
    """Write a table already checked by :func:`check_upload`, without reading the file again.

    The upload screen keeps the checked table server-side between preview and confirm, so
    a file is read once however large it is.
    """
    result = ImportResult(
        "rejected",
        checked.kind,
        file_name,
        content_hash,
        row_count=checked.row_count,
        problems=tuple(checked.problems),
        problem_count=checked.problem_count,
        warnings=tuple(checked.warnings),
        description=checked.description,
    )
    if not checked.ok:
        return result
    written = write_import(
        engine,
        checked,
        file_name=file_name,
        content_hash=content_hash,
        imported_by=imported_by,
        salt=participant_salt if participant_salt is not None else _salt(),
        key=participant_key,
    )
    if written.already is not None:  # imported before, or by another process meanwhile
        return _already(result, written.already)
    return _replace(
        result,
        status="imported",
        import_id=written.import_id,
        added_count=written.added,
        skipped_count=written.skipped,
        sample_set_aside=written.sample_set_aside > 0,
    )


def preview(
    source: Source, upload: Upload | None = None, *, engine: Engine | None = None
) -> Preview:
    """Check a file as ``import_file`` would and return its first ``upload.limit`` rows;
    write nothing. With ``engine``, ``Preview.already`` tells whether the content is imported.

    Raises:
        ValueError: an unknown kind.
        OSError: the path cannot be read.
    """
    return check_upload(source, upload, engine=engine)[0]


def check_upload(
    source: Source, upload: Upload | None = None, *, engine: Engine | None = None
) -> tuple[Preview, ValidatedTable | None]:
    """:func:`preview`, and the checked table itself (None when the file cannot be read), for
    :func:`import_checked` to write later without reading the file again."""
    upload = upload or Upload()
    kind, limit = upload.kind, upload.limit
    if kind is not None:
        file_format(kind)
    content, head, name = _checked_source(source, upload.file_name)
    content_hash = _sha256(content)
    recognised = recognise_kind(kind, head, name)
    if isinstance(recognised, Problem):
        unread = Preview(kind or "?", name, 0, {}, [], (recognised,), 1, (), [], content_hash)
        return unread, None
    kind = recognised.kind
    already = None
    sample_counted = False
    if engine is not None:
        with engine.connect() as con:
            already = live_import_of(con, kind, content_hash)
            sample_counted = sample_is_counted(con)
    checked = check_file(
        recognised, content, name, upload.vehicle_id, upload.vehicle_type, upload.today
    )
    if isinstance(checked, Problem):
        failed = Preview(kind, name, 0, {}, [], (checked,), 1, (), [], content_hash, already)
        return replace(failed, form=recognised.form, file_hash=content_hash), None
    if upload.province is not None:
        restrict_to_province(checked, upload.province, name)
    file_hash, (content_hash, first) = content_hash, identities(checked)
    if engine is not None and already is None:
        with engine.connect() as con:
            already = live_import_of(con, kind, content_hash) or live_import_of(con, kind, first)
    # Rows with problems show None where a cell could not be read.
    shown = min(limit, checked.row_count) if checked.columns else 0
    rows = [
        {column: _shown(column, values[i]) for column, values in checked.columns.items()}
        for i in range(shown)
    ]
    shown_preview = Preview(
        kind,
        name,
        checked.row_count,
        checked.headers,
        rows,
        tuple(checked.problems),
        checked.problem_count,
        (*checked.warnings, *((SAMPLE_TO_BE_SET_ASIDE,) if sample_counted else ())),
        checked.row_numbers[:shown],
        content_hash,
        already,
        checked.description,
        recognised.form,
        file_hash,
    )
    return shown_preview, checked


def _shown(column: str, value: Any) -> Any:
    """A value as a preview may show it: never a whole social insurance number."""
    if column == "participant_ref" and value:
        return "•" * (len(value) - 3) + value[-3:]
    return value


def recognised_kind(source: Source, file_name: str | None = None) -> str | None:
    """The kind a file is recognised as from its content, or None if it is none of them."""
    _, head, name = _checked_source(source, file_name)
    try:
        return recognise(head, name).kind
    except ReadError:
        return None


def _checked_source(source: Source, file_name: str | None) -> tuple[bytes | Path, bytes, str]:
    """What ``check_file`` reads, the bytes that tell what the file is, and the name.

    A CSV file on disk is read as it goes (its path, and its first part to recognise it):
    a large upload is never held whole. Any other file is read whole.
    """
    if isinstance(source, bytes):
        return source, source, file_name or "upload"
    path = Path(source)
    name = file_name or path.name
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    try:
        if detect_type(head, name) == "csv":
            return path, head, name
    except ReadError:
        pass  # an old .xls: the readers say so
    content = path.read_bytes()
    return content, content, name


def _sha256(content: bytes | Path) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    with content.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _content(source: Source, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, file_name or "upload"
    path = Path(source)
    return path.read_bytes(), file_name or path.name


def _salt() -> str:
    return os.environ.get(SALT_ENV) or DEFAULT_SALT
