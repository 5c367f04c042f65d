"""A large CSV of enrollments is imported as it is read, a chunk at a time, with the same
promises as a file read whole: all or nothing, the same rows stored, the same identity (a file
streamed once and read whole later is the same file), problems at their own rows."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from dashboard.data.importers import Upload, check_upload, import_file, preview, stream
from dashboard.data.importers.load import identities
from dashboard.data.schema import enrollments, imports
from tests.unit.data.importers.helpers_importers import (
    ENROLLMENT_HEADER,
    count,
    csv_bytes,
    to_cp1258,
)

PLACES = [("Hà Giang", "Vị Xuyên"), ("Nghệ An", "Vinh"), ("Hà Nội", "Ba Đình")]


def rows(total: int, *, bad_at: int | None = None) -> list[str]:
    """Data lines: a participant each, some without a number, one person twice."""
    lines = []
    for i in range(total):
        province, district = PLACES[i % len(PLACES)]
        ref = "" if i % 7 == 0 else f"{100_000_000 + i:010d}"
        if i == total - 1:
            ref = f"{100_000_001:010d}"  # the second row's person again: skipped
        day = "32/05/2022" if i == bad_at else f"{8 + i % 20:02d}/05/2022"
        lines.append(f"{day},{province},{district},Bưu điện,{ref}")
    return lines


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stream every file, in chunks of 40 rows: the chunk edges are where mistakes hide."""
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "CHUNK_ROWS", 40)


def stored(engine: Engine) -> list[tuple[object, ...]]:
    columns = [c for c in enrollments.c if c.name not in ("id", "import_id")]
    with engine.connect() as con:
        return [tuple(r) for r in con.execute(select(*columns).order_by(enrollments.c.id))]


def test_a_streamed_file_stores_what_a_file_read_whole_stores(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dang_ky.csv"
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *rows(150)))
    whole = import_file(engine, "enrollments", path.read_bytes(), file_name="dang_ky.csv",
                        imported_by="t")  # fmt: skip
    expected = stored(engine)
    with engine.begin() as con:
        con.execute(enrollments.delete())
        con.execute(imports.delete())

    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "CHUNK_ROWS", 40)
    streamed = import_file(engine, "enrollments", path, imported_by="t")

    assert streamed.status == whole.status == "imported"
    assert (streamed.row_count, streamed.added_count, streamed.skipped_count) == (150, 149, 1)
    assert (whole.added_count, whole.skipped_count) == (149, 1)
    assert streamed.content_hash == whole.content_hash  # the same rows, the same file
    assert stored(engine) == expected
    assert streamed.description is not None and "150" in streamed.description.in_language("en")
    # Indexes set aside for the load (SQLite) are all back.
    indexes = {index["name"] for index in inspect(engine).get_indexes("enrollments")}
    assert "ix_enrollments_import_id" in indexes


@pytest.mark.usefixtures("small_chunks")
def test_a_problem_in_a_late_chunk_writes_nothing_and_names_its_row(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "dang_ky.csv"
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *rows(150, bad_at=130)))

    result = import_file(engine, "enrollments", path, imported_by="t")

    assert result.status == "rejected" and result.problem_count == 1
    (problem,) = result.problems
    assert (problem.row, problem.value) == (132, "32/05/2022")  # the header is row 1
    assert count(engine, "enrollments") == 0
    with engine.connect() as con:
        assert con.execute(select(imports.c.id)).all() == []


@pytest.mark.usefixtures("small_chunks")
def test_the_cycle_collector_is_held_off_only_while_a_file_streams_in(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dang_ky.csv"
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *rows(100)))
    during: list[bool] = []
    validate = stream.validate

    def watched(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stream, "validate", watched)
    assert import_file(engine, "enrollments", path, imported_by="t").status == "imported"
    assert during and not any(during)
    assert gc.isenabled()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(stream, "validate", broken)
    with pytest.raises(RuntimeError):
        import_file(engine, "enrollments", path, file_name="other.csv", imported_by="t")
    assert gc.isenabled()


@pytest.mark.usefixtures("small_chunks")
def test_the_same_rows_in_other_bytes_add_nothing(engine: Engine, tmp_path: Path) -> None:
    first, again = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(csv_bytes(ENROLLMENT_HEADER, *rows(100)))
    # Saved again in Windows-1258 with Unix line ends: other bytes, the same rows.
    again.write_bytes(to_cp1258("\n".join([ENROLLMENT_HEADER, *rows(100)]) + "\n"))

    imported = import_file(engine, "enrollments", first, imported_by="t")
    repeated = import_file(engine, "enrollments", again, imported_by="t")
    exact = import_file(engine, "enrollments", first, imported_by="t")

    assert imported.status == "imported"
    assert repeated.status == exact.status == "already_imported"
    assert repeated.import_id == exact.import_id == imported.import_id
    assert count(engine, "enrollments") == imported.added_count


@pytest.mark.usefixtures("small_chunks")
def test_short_rows_and_warnings_are_counted_over_the_whole_file(
    engine: Engine, tmp_path: Path
) -> None:
    lines = rows(120)
    lines[90] = "08/05/2022,Hà Nội,Ba Đình"  # a row cut short, in the third chunk
    lines[10] = lines[10].replace("/05/2022", "/05/2021", 1)  # before the campaign
    lines[100] = lines[100].replace("/05/2022", "/05/2021", 1)
    path = tmp_path / "dang_ky.csv"
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *lines))

    rejected = import_file(engine, "enrollments", path, imported_by="t")
    assert rejected.status == "rejected"
    assert [p.row for p in rejected.problems] == [92]

    del lines[90]
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *lines))
    result = import_file(engine, "enrollments", path, imported_by="t")
    assert result.status == "imported"
    (warning,) = result.warnings
    assert warning.in_language("en").startswith("2 registration date(s) outside the campaign")
    assert "(rows 12, 101)" in warning.in_language("en")
    # The preview of the same file (read whole) says the same.
    shown = preview(path.read_bytes(), Upload("enrollments", file_name="dang_ky.csv"))
    assert [w.in_language("en") for w in shown.warnings] == [warning.in_language("en")]
    assert shown.content_hash == result.content_hash


@pytest.mark.usefixtures("small_chunks")
def test_a_cell_across_lines_keeps_the_row_numbers_of_what_follows(
    engine: Engine, tmp_path: Path
) -> None:
    lines = rows(100, bad_at=90)
    lines[50] = lines[50].replace("Bưu điện", '"Bưu\r\nđiện"')  # a record on two lines
    path = tmp_path / "dang_ky.csv"
    path.write_bytes(csv_bytes(ENROLLMENT_HEADER, *lines))

    result = import_file(engine, "enrollments", path, imported_by="t")

    # The row of a record is the line it ends on, as the whole-file reader says.
    assert [p.row for p in result.problems] == [93]
    whole = preview(path.read_bytes(), Upload("enrollments", file_name="dang_ky.csv"))
    assert [p.row for p in whole.problems] == [93]


def test_a_file_imported_under_the_first_identity_is_still_recognised(
    engine: Engine, tmp_path: Path
) -> None:
    content = csv_bytes(ENROLLMENT_HEADER, *rows(30))
    imported = import_file(engine, "enrollments", content, file_name="a.csv", imported_by="t")
    checked = check_upload(content, Upload("enrollments", file_name="a.csv"))[1]
    assert checked is not None
    with engine.begin() as con:  # as an import of before recorded it
        con.execute(imports.update().values(content_hash=identities(checked)[1]))

    again = to_cp1258("\n".join([ENROLLMENT_HEADER, *rows(30)]) + "\n")
    repeated = import_file(engine, "enrollments", again, file_name="b.csv", imported_by="t")
    shown = preview(again, Upload("enrollments", file_name="b.csv"), engine=engine)

    assert (repeated.status, repeated.import_id) == ("already_imported", imported.import_id)
    assert shown.already is not None and shown.already.id == imported.import_id
