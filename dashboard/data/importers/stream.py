"""Import a large CSV of enrollments as it is read: bounded memory, one transaction.

A province's or a month's national file runs to hundreds of thousands of rows. Read whole,
its text, its cells and its checked columns would hold gigabytes; read here, a chunk of rows
at a time is decoded, checked and written in the import's transaction while the next is
read, so memory follows the chunk, not the file. The promises stay: nothing is kept unless
every row is good (a problem anywhere rolls the whole transaction back), problems name the
file, row, column and what was expected, and a file whose rows are already imported adds
nothing (its identity is known at the end, before the commit).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import gc
import hashlib
import unicodedata
from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from dashboard.data.importers import forms
from dashboard.data.importers.checking import recognise_kind
from dashboard.data.importers.formats import file_format
from dashboard.data.importers.load import (
    PendingImport,
    RowIdentity,
    Written,
    live_import_of,
    serialise_imports,
)
from dashboard.data.importers.problems import (
    MAX_PROBLEMS,
    Message,
    Problem,
    ReadError,
    file_problem,
)
from dashboard.data.importers.readers import (
    _UTF8_BOM,
    RawTable,
    csv_chunks,
    detect_type,
    read_csv_lines,
)
from dashboard.data.importers.recognise import Recognised
from dashboard.data.importers.results import ImportResult, Source, _already, _replace
from dashboard.data.importers.validate import validate
from dashboard.data.importers.window import DatesOutside
from dashboard.domain import CAMPAIGN_DEADLINE, CAMPAIGN_START
from geodata.names import NameResolver

# Files larger than this are streamed; smaller ones are read whole (and may be any form).
STREAM_BYTES = 4 * 1024 * 1024
CHUNK_ROWS = 50_000
HEAD_BYTES = 256 * 1024
# Bytes of a CSV row of enrollments, about: a file's size over it estimates its rows.
ROW_BYTES = 100
_BLOCK = 1024 * 1024


def streamable(recognised: Recognised, head: bytes, name: str) -> bool:
    """Whether a file is a CSV of the enrollments template, the kind that runs to millions."""
    return (
        recognised.form == "template"
        and recognised.kind == "enrollments"
        and detect_type(head, name) == "csv"
    )


@dataclass
class Streamed:
    """What a streamed import did; ``written`` is None when nothing was kept."""

    row_count: int
    problems: list[Problem]
    problem_count: int
    warnings: list[Message]
    description: Message | None
    identity: str
    written: Written | None = None
    already: bool = False


def scan(path: Path, name: str) -> tuple[str, str]:
    """The sha256 of the file's bytes and the encoding its text is in, in one pass.

    Raises:
        ReadError: the bytes are neither UTF-8 nor Windows-1258 text.
    """
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, has_nul = True, False
    with path.open("rb") as file:
        first = True
        while block := file.read(_BLOCK):
            digest.update(block)
            if first and block.startswith(_UTF8_BOM):
                block = block[len(_UTF8_BOM) :]
            first = False
            has_nul = has_nul or b"\x00" in block
            if is_utf8:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    is_utf8 = False
        if is_utf8:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
    if has_nul:
        raise ReadError(_not_text(name))
    return digest.hexdigest(), "utf-8-sig" if is_utf8 else "cp1258"


def _not_text(name: str) -> Problem:
    return file_problem(name, Message("expect_text_encoding"))


def _lines(path: Path, encoding: str, name: str) -> Generator[str, None, None]:
    """The file's lines, decoded and NFC-normalised (see ``readers.decode``)."""
    normalize, is_normalized = unicodedata.normalize, unicodedata.is_normalized
    with path.open(encoding=encoding, newline="") as text:
        try:
            for line in text:
                yield line if is_normalized("NFC", line) else normalize("NFC", line)
        except UnicodeDecodeError:  # a byte Windows-1258 leaves undefined
            raise ReadError(_not_text(name)) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector off while a file streams in, and restore it after.

    A chunk is some hundred thousand fresh lists and tuples that live until the next one;
    each of them counts toward the collector's thresholds, so it ran full passes over every
    object of the process many times a chunk: more time than the reading itself. The
    import's own values form no cycles (reference counting frees them chunk by chunk), and
    anything cyclic that other threads drop meanwhile is collected once it is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_csv_file(path: Path, name: str, header_keys: Collection[str]) -> RawTable:
    """A whole CSV file read from disk as it goes (the upload screen's check of a file it
    received): memory holds the table, not the file's bytes and text besides.

    Raises:
        ReadError: not text, a malformed CSV, or no header row.
    """
    _, encoding = scan(path, name)
    with path.open("rb") as sample_file:
        sample = unicodedata.normalize(
            "NFC", sample_file.read(HEAD_BYTES).decode(encoding, errors="ignore")
        )
    with contextlib.closing(_lines(path, encoding, name)) as lines:
        return read_csv_lines(lines, sample, name, header_keys, encoding)


def import_streamed(
    engine: Engine,
    path: Path,
    name: str,
    *,
    imported_by: str,
    salt: str,
    key: bytes | None,
    today: dt.date | None,
    encoding: str,
) -> Streamed:
    """Check and write a CSV of enrollments a chunk at a time; all or nothing.

    Raises:
        ReadError: the file cannot be read as a CSV with a header (nothing written).
    """
    fmt = file_format("enrollments")
    keys = set(fmt.header_index())
    resolver = NameResolver.default()
    today = today or dt.date.today()
    dates = DatesOutside((CAMPAIGN_START, CAMPAIGN_DEADLINE), today)
    identity = RowIdentity("enrollments")
    problems: list[Problem] = []
    problem_count = rows = 0
    warnings: list[Message] = []
    with path.open("rb") as sample_file:
        sample = sample_file.read(HEAD_BYTES).decode(encoding, errors="ignore")
    sample = unicodedata.normalize("NFC", sample)
    lines = _lines(path, encoding, name)
    with _collector_paused(), engine.connect() as con, contextlib.closing(lines):
        transaction = con.begin()
        try:
            serialise_imports(con)
            pending = PendingImport(
                con,
                "enrollments",
                file_name=name,
                imported_by=imported_by,
                salt=salt,
                key=key,
                expected_rows=path.stat().st_size // ROW_BYTES,
            )
            for chunk in csv_chunks(lines, sample, name, keys, CHUNK_ROWS):
                if not chunk.row_numbers:
                    problems.extend(chunk.problems)
                    problem_count += len(chunk.problems)
                    continue
                checked = validate(chunk, fmt, resolver=resolver, today=today, window=None)
                if rows == 0:  # the ignored columns, said once
                    warnings = list(checked.warnings)
                rows += checked.row_count
                problem_count += checked.problem_count
                problems.extend(checked.problems[: MAX_PROBLEMS - len(problems)])
                if problem_count:
                    continue  # keep reading, to report every problem; write no more
                dates.add(checked.columns["registered_on"], checked.row_numbers)
                identity.update(checked.columns)
                pending.write(checked.columns)
            result = Streamed(
                rows,
                sorted(problems, key=lambda p: -1 if p.row is None else p.row),
                problem_count,
                warnings + dates.warnings(),
                forms.describe_template("enrollments", rows),
                identity.hexdigest(),
            )
            if rows == 0 and not problem_count:
                result.problems = [file_problem(name, Message("expect_data_row"))]
                result.problem_count = 1
            if result.problem_count:
                transaction.rollback()
                return result
            if live_import_of(con, "enrollments", result.identity) is not None:
                transaction.rollback()  # the same rows in other bytes: nothing to add
                result.already = True
                return result
            result.written = pending.complete(result.identity, rows)
            transaction.commit()
            return result
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise


def import_large_csv(
    engine: Engine,
    kind: str | None,
    source: Source,
    file_name: str | None,
    imported_by: str,
    salt: str,
    key: bytes | None,
    today: dt.date | None,
) -> ImportResult | None:
    """A large CSV file of enrollments, imported as it is read (``stream.py``); None for any
    other file, which is read whole."""
    if isinstance(source, bytes):
        return None
    path = Path(source)
    name = file_name or path.name
    if path.stat().st_size <= STREAM_BYTES:
        return None
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if detect_type(head, name) != "csv":
        return None
    recognised = recognise_kind(kind, head, name)
    if isinstance(recognised, Problem) or not streamable(recognised, head, name):
        return None
    try:
        file_hash, encoding = scan(path, name)
    except ReadError as error:
        return ImportResult("rejected", "enrollments", name, "", problems=(error.problem,),
                            problem_count=1)  # fmt: skip
    result = ImportResult("rejected", "enrollments", name, file_hash, form="template")
    with engine.connect() as con:
        previous = live_import_of(con, "enrollments", file_hash)
    if previous is not None:
        return _already(result, previous)
    try:
        done = import_streamed(engine, path, name, imported_by=imported_by,
                               salt=salt, key=key, today=today,
                               encoding=encoding)  # fmt: skip
    except ReadError as error:
        return _replace(result, problems=(error.problem,), problem_count=1)
    result = _replace(
        result,
        content_hash=done.identity or file_hash,
        row_count=done.row_count,
        problems=tuple(done.problems),
        problem_count=done.problem_count,
        warnings=tuple(done.warnings),
        description=done.description,
    )
    if done.already:
        with engine.connect() as con:
            previous = live_import_of(con, "enrollments", done.identity)
        assert previous is not None
        return _already(result, previous)
    if done.written is None:
        return result
    return _replace(
        result,
        status="imported",
        import_id=done.written.import_id,
        added_count=done.written.added,
        skipped_count=done.written.skipped,
        sample_set_aside=done.written.sample_set_aside > 0,
    )
