"""The import screen's steps on the server: check an upload, confirm it, undo, the log.

Every step first asks who is signed in, so heavy work is done only for those allowed to do
it: an anonymous visitor or a viewer gets a refusal before the file is even received. The
file arrives as the body of ``POST /upload`` and is copied to a temporary file a block at a
time (``receive``); it is read and checked once (``staging.py`` keeps the result in the
database, so any worker can confirm it); confirming writes the kept table.
Undo and the import log obey the province rights.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Final

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.db import describe_error
from dashboard.data.importers import (
    ImportResult,
    Preview,
    UndoError,
    Upload,
    check_upload,
    import_checked,
    list_imports,
    recognised_kind,
    undo_import,
)
from dashboard.data.importers.formats import FORMATS
from dashboard.data.importers.load import without_references
from dashboard.data.schema import DATA_TABLES
from dashboard.i18n import t
from dashboard.server.accounts import User
from dashboard.server.auth import PermissionDenied, current_user, require_import_rights
from dashboard.server.staging import (
    Staged,
    approve,
    discard,
    find_staged,
    load_staged,
    provinces_of,
    stage,
)

UPLOAD_PATH: Final = "/upload"  # the file arrives here, as the body of a POST
PREVIEW_ROWS: Final = 20
AUTO: Final = "auto"  # the kind is recognised from the file's content
FROM_FILE: Final = "file"  # the vehicle type comes from the file or the plate
# Confirms of more rows than this run as a background job, not inside the request: a
# million-row file takes minutes to write, longer than a proxy waits for an answer.
BACKGROUND_ROWS: Final = 50_000


class StepRefused(Exception):
    """A step cannot be done; ``str()`` is the message for the user, in their language."""


@dataclass(frozen=True)
class Checked:
    """What the screen shows after an upload."""

    preview: Preview
    token: str | None  # the staged upload, when the file can be imported


class TooLarge(Exception):
    """The request body is larger than the upload bound."""


@dataclass(frozen=True)
class Received:
    """An upload's body written to a temporary file, and the sha256 of its bytes."""

    path: Path
    sha256: str
    size: int


# Read a megabyte at a time: memory follows the block, not the file.
RECEIVE_BLOCK: Final = 1024 * 1024


def receive(
    stream: IO[bytes], limit: int, length: int | None, folder: str | None = None
) -> Received:
    """Copy a request body to a temporary file (its caller deletes it), a block at a time.

    Raises:
        TooLarge: ``length`` (the announced Content-Length) or the bytes read exceed
            ``limit``; nothing is read in the first case, and the file is deleted.
    """
    if length is not None and length > limit:
        raise TooLarge
    digest, size = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(prefix="upload-", dir=folder, delete=False) as file:
        path = Path(file.name)
        try:
            while block := stream.read(RECEIVE_BLOCK):
                size += len(block)
                if size > limit:
                    raise TooLarge
                digest.update(block)
                file.write(block)
        except BaseException:
            file.close()
            path.unlink(missing_ok=True)
            raise
    return Received(path, digest.hexdigest(), size)


def editor(lang: str) -> User:
    """The signed-in editor or admin; refuses anonymous visitors and viewers."""
    user = current_user()
    if user is None or user.role == "viewer":
        raise StepRefused(t("import_preview_editors_only", lang))
    return user


def check(
    engine: Engine, received: Received, upload: Upload, salt: str, key: bytes, lang: str
) -> Checked:
    """Check an upload (once: a file already checked for this account is not read again).

    ``upload.kind`` may be ``AUTO`` (recognised from the content) and ``upload.vehicle_type``
    ``FROM_FILE``; its province is set here from the account. An editor's rows of another
    province are problems of the preview, before "Confirm".
    """
    user = editor(lang)
    if upload.kind not in (*FORMATS, AUTO, None):
        raise StepRefused(t("import_unknown_kind", lang))
    name = upload.file_name or "upload"
    vehicle = None if upload.vehicle_type in (FROM_FILE, None) else upload.vehicle_type
    chosen = None if upload.kind in (AUTO, None) else upload.kind
    upload = replace(
        upload,
        kind=chosen,
        file_name=name,
        vehicle_type=vehicle,
        province=user.province_code if user.role == "editor" else None,
        limit=PREVIEW_ROWS,
    )
    known = chosen or recognised_kind(received.path, name)
    # A vehicle type chosen on the screen changes the rows: such a check is never reused.
    kept = (
        None if vehicle or known is None else find_staged(engine, user.id, known, received.sha256)
    )
    if kept is not None:
        return Checked(kept.preview, kept.token)
    preview, table = check_upload(received.path, upload, engine=engine)
    if table is None or not preview.ok or preview.already is not None:
        return Checked(preview, None)
    return Checked(
        preview, stage(engine, user.id, name, preview, without_references(table, salt, key))
    )


def _authorise(codes: set[str], national: bool, lang: str) -> User:
    """The signed-in account if it may write all of this; national rows need an admin."""
    user = require_import_rights(codes, lang)
    if national and not user.is_admin:
        raise PermissionDenied(t("import_national_admin_only", lang))
    return user


def confirm(engine: Engine, token: str, salt: str, key: bytes, lang: str) -> ImportResult | Staged:
    """Write a staged upload now, or approve it for a background job (returned as Staged).

    Raises:
        StepRefused: not allowed, expired, or the database is busy.
    """
    user = current_user()
    staged = None if user is None else load_staged(engine, token, user_id=user.id)
    try:
        if staged is None:
            require_import_rights([], lang)  # the refusal for an anonymous visitor, if so
            raise StepRefused(t("import_expired", lang))
        user = _authorise(*provinces_of(staged.table), lang)
    except PermissionDenied as refusal:
        raise StepRefused(str(refusal)) from None
    if staged.row_count > BACKGROUND_ROWS:
        approve(engine, token, user.name)
        return staged
    return write_staged(engine, staged, user.name, salt, key, lang)


def write_staged(
    engine: Engine, staged: Staged, user_name: str, salt: str, key: bytes, lang: str
) -> Any:
    """Write a staged, authorised upload and forget it."""
    try:
        result = import_checked(
            engine,
            staged.table,
            file_name=staged.file_name,
            content_hash=staged.preview.content_hash,  # the identity of the rows
            imported_by=user_name,
            participant_salt=salt,
            participant_key=key,
        )
    except SQLAlchemyError as error:
        raise StepRefused(_database_message(error, lang)) from None
    discard(engine, staged.token)
    return result


def undo(engine: Engine, selected: Any, lang: str) -> int:
    """Undo the selected import if the account may; returns its id."""
    try:
        import_id = int(selected[0]["id"])
    except (TypeError, KeyError, IndexError, ValueError):
        raise StepRefused(t("import_bad_selection", lang)) from None
    try:
        codes, national = import_provinces(engine, import_id)
        user = _authorise(codes, national, lang)
        if not codes and not national and not user.is_admin:
            # Nothing left tells whose import it was (it added no rows): its importer or
            # an admin only, not any editor.
            with engine.connect() as con:
                record = next((r for r in list_imports(con) if r.id == import_id), None)
            if record is None or record.imported_by != user.name:
                raise PermissionDenied(t("import_undo_admin_only", lang, id=import_id))
        undo_import(engine, import_id, undone_by=user.name)
    except (PermissionDenied, UndoError) as refusal:
        raise StepRefused(str(refusal)) from None
    except SQLAlchemyError as error:
        raise StepRefused(_database_message(error, lang)) from None
    return import_id


def _database_message(error: SQLAlchemyError, lang: str) -> str:
    """Busy (a lock held too long) or unavailable, in words; the error's text is not shown:
    it could quote a value of the file."""
    if "busy" in describe_error(error):
        return t("import_busy", lang)
    return t("database_unavailable", lang)


def import_provinces(engine: Engine, import_id: int) -> tuple[set[str], bool]:
    """The provinces an import wrote to, and whether some of its rows belong to none."""
    codes: set[str] = set()
    national = False
    with engine.connect() as con:
        for table in DATA_TABLES.values():
            rows = con.execute(
                select(table.c.province_code).where(table.c.import_id == import_id).distinct()
            )
            for (code,) in rows:
                if code:
                    codes.add(str(code))
                else:
                    national = True
    return codes, national


def log_rows(engine: Engine, lang: str) -> list[dict[str, Any]]:
    """The import log as the account may see it: all of it for an admin; for an editor, the
    imports of their province and their own; nothing for others."""
    user = current_user()
    if user is None or not user.may_see_import_log():
        return []
    with engine.connect() as con:
        records = list_imports(con)
        mine = None if user.is_admin else _imports_of_province(con, user.province_code)
    rows = []
    for r in reversed(records):
        own = r.imported_by == user.name
        if mine is not None and r.id not in mine and not own:
            continue
        rows.append(
            {
                "id": r.id,
                "kind": t(f"kind_{r.kind}", lang),
                "file_name": r.file_name,
                "imported_by": r.imported_by if user.is_admin or own else "",
                "imported_at": f"{r.imported_at:%d/%m/%Y %H:%M}",
                "row_count": r.row_count,
                "added_count": r.added_count,
                "undone": t("yes", lang) if r.undone else "",
            }
        )
    return rows


def _imports_of_province(con: Any, province_code: str | None) -> set[int]:
    ids: set[int] = set()
    for table in DATA_TABLES.values():
        query = select(table.c.import_id).where(table.c.province_code == province_code)
        ids.update(int(i) for (i,) in con.execute(query.distinct()))
    return ids
