"""What an import or a preview says: its outcome, problems, warnings and first rows."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from dashboard.data.importers.load import ImportRecord
from dashboard.data.importers.problems import Message, Problem

Source = str | os.PathLike[str] | bytes  # a path, or the file's bytes (an upload)
Status = Literal["imported", "already_imported", "rejected"]


SAMPLE_TO_BE_SET_ASIDE = Message("warn_sample_to_be_set_aside")


@dataclass(frozen=True)
class Upload:
    """What is said about an uploaded file besides its bytes: the same for a preview, a check
    and the upload screen.

    Attributes:
        kind: "enrollments", "participants", "targets", "events" or "routes"; None to have
            it recognised from the content (a form, GPX, KML, a ZIP of tracks, a template).
        file_name: The name shown in problems (default: the path's name, or "upload").
        vehicle_id: Routes: the vehicle, when the file does not name it.
        vehicle_type: Routes: "car" or "motorbike", likewise.
        province: The only province the uploader may load: rows of another are problems.
        today: Today's date, for the plausibility of birth years.
        limit: How many rows the preview shows.
    """

    kind: str | None = None
    file_name: str | None = None
    vehicle_id: str | None = None
    vehicle_type: str | None = None
    province: str | None = None
    today: dt.date | None = None
    limit: int = 20


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes:
        status: "imported" (written, possibly with every row skipped as known participants),
            "already_imported" (the same content is imported and not undone: nothing written)
            or "rejected" (problems: nothing written).
        kind: The kind of file.
        file_name: The file name as given.
        content_hash: The identity of the file's normalised rows (``row_identity``), or
            the sha256 of its bytes when it cannot be read; hex.
        import_id: The new import's id, or the earlier one for "already_imported".
        row_count: Data rows read (0 when the file could not be read).
        added_count: Rows written.
        skipped_count: Rows not written because their participant is known.
        problems: What is wrong (the first 1000), for "rejected".
        problem_count: How many problems there are in all.
        warnings: What was ignored (extra columns), in English and Vietnamese.
        description: What the file was recognised as ("D05-TS list of ...").
        form: Which form it was ("d05", "d03", "development", "tracker", "kml", "gpx",
            "batch") or "template" (the project's own).
        sample_set_aside: This import, the first real one, set the sample data aside.
    """

    status: Status
    kind: str
    file_name: str
    content_hash: str
    import_id: int | None = None
    row_count: int = 0
    added_count: int = 0
    skipped_count: int = 0
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0
    warnings: tuple[Message, ...] = ()
    previous: ImportRecord | None = field(default=None, repr=False)
    description: Message | None = None
    form: str = ""
    sample_set_aside: bool = False

    @property
    def ok(self) -> bool:
        """True unless the file was rejected."""
        return self.status != "rejected"

    def summary(self, lang: str = "en") -> str:
        """One line saying what happened, in ``lang`` ("en" or "vi")."""
        return self._summary().in_language(lang)

    def _summary(self) -> Message:
        name = self.file_name
        if self.status == "imported":
            skipped = self.skipped_count
            summary = Message(
                "summary_imported",
                name=name,
                id=self.import_id,
                kind=self.kind,
                rows=self.row_count,
                added=self.added_count,
                skipped=Message("summary_skipped", count=skipped) if skipped else "",
            )
            if self.sample_set_aside:
                return Message("summary_sample_set_aside", summary=summary)
            return summary
        if self.status == "already_imported" and self.previous is not None:
            earlier = self.previous
            return Message(
                "summary_already_imported",
                name=name,
                id=earlier.id,
                when=f"{earlier.imported_at:%d/%m/%Y %H:%M} UTC",
                by=earlier.imported_by,
            )
        return Message("summary_rejected", name=name, count=self.problem_count)


@dataclass(frozen=True)
class Preview:
    """A checked file, not written: its problems, warnings and first rows.

    Attributes:
        kind: The kind of file.
        file_name: The file name as given.
        row_count: Data rows read.
        headers: For each of the kind's columns found, the header as written in the file.
        rows: The first rows as {stored column: typed value}; places as GSO codes; the
            participant reference masked to its last 3 digits. Empty when the file has
            problems that stop reading it.
        row_numbers: The row number (as the user sees it) of each of ``rows``.
        problems: What is wrong (the first 1000).
        problem_count: How many problems there are in all.
        warnings: What will be ignored (extra columns).
        content_hash: The identity of the file's normalised rows (``row_identity``), or
            the sha256 of its bytes when it cannot be read; hex.
        already: The live import of this same content, if ``preview`` was given an engine.
        description: What the file was recognised as, said before anything is written
            ("Danh sách D05-TS của Bưu điện huyện Vị Xuyên, 2 người tăng mới").
        form: Which form it was, as ``ImportResult.form``.
        file_hash: The sha256 of the file's bytes, hex: finds an upload kept for confirming
            without reading the file again.
    """

    kind: str
    file_name: str
    row_count: int
    headers: dict[str, str]
    rows: list[dict[str, Any]]
    problems: tuple[Problem, ...]
    problem_count: int
    warnings: tuple[Message, ...]
    row_numbers: list[int] = field(default_factory=list)
    content_hash: str = ""
    already: ImportRecord | None = None
    description: Message | None = None
    form: str = ""
    file_hash: str = ""

    @property
    def ok(self) -> bool:
        """True when the file can be imported."""
        return self.problem_count == 0


def _already(result: ImportResult, previous: ImportRecord) -> ImportResult:
    return _replace(result, status="already_imported", import_id=previous.id, previous=previous)


def _replace(result: ImportResult, **changes: Any) -> ImportResult:
    return replace(result, **changes)
