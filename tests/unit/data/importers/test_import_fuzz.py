"""Malformed files never raise and never write: they come back rejected, with problems."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dashboard.data.db import create_schema, make_engine
from dashboard.data.importers import import_file, list_imports, undo_import
from dashboard.data.importers.formats import FORMATS
from dashboard.data.schema import DATA_TABLES
from dashboard.domain import CHANNELS
from geodata import reference

EXAMPLES = Path(__file__).resolve().parents[4] / "examples"
GOOD_CSV = (EXAMPLES / "enrollments.csv").read_bytes()
GOOD_XLSX = (EXAMPLES / "enrollments_ha_tinh.xlsx").read_bytes()
GOOD_GPX = (EXAMPLES / "route_xe_may_01.gpx").read_bytes()
# Modest: CI has two cores for the whole suite. No example database: nothing in the checkout.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fuzz")
    engine = make_engine(f"sqlite:///{folder / 'fuzz.sqlite3'}")
    create_schema(engine)
    yield engine
    engine.dispose()


def live_imports(engine) -> int:
    """Imports not undone (the module's database keeps the log rows of undone ones)."""
    with engine.connect() as con:
        return len([r for r in list_imports(con) if not r.undone])


def _written_then_undone(engine, kind: str, result) -> None:
    """An import that went through wrote exactly the rows it counted, in known places."""
    table = DATA_TABLES[kind]
    with engine.connect() as con:
        rows = con.execute(select(table).where(table.c.import_id == result.import_id)).all()
    assert len(rows) == result.added_count == result.row_count > 0
    provinces = set(reference.provinces()["province_code"])
    assert all(row.province_code in provinces for row in rows if row.province_code is not None)
    if kind == "enrollments":
        districts = set(reference.districts()["district_code"])
        assert all(row.district_code in districts for row in rows)
        assert all(row.channel in CHANNELS for row in rows)
    undo_import(engine, result.import_id)


def _rejected_without_writing(engine, kind: str, content: bytes, name: str) -> None:
    result = import_file(engine, kind, content, file_name=name, imported_by="fuzz")
    assert result.status == "rejected"
    assert result.problems and all(p.file == name and p.expected for p in result.problems)
    assert live_imports(engine) == 0


@FUZZ
@given(
    content=st.binary(max_size=2000),
    kind=st.sampled_from(list(FORMATS)),
    name=st.sampled_from(["x.csv", "x.xlsx", "x.gpx", "x"]),
)
def test_random_bytes(engine, content, kind, name):
    _rejected_without_writing(engine, kind, content, name)


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(GOOD_CSV) - 40))
def test_truncated_csv(engine, cut):
    content = GOOD_CSV[:cut]
    result = import_file(engine, "enrollments", content, file_name="cut.csv", imported_by="f")
    try:
        # A cut inside a row must not import. A cut at a line's end, or one that takes just
        # the value of the last (optional) cell, leaves whole rows: a shorter, valid file.
        rest_of_line = GOOD_CSV[cut:].split(b"\n", 1)[0]
        at_line_end = (
            content.endswith(b"\n")
            or not rest_of_line
            or (content.endswith(b",") and b"," not in rest_of_line)
        )
        data_lines = content.rstrip(b"\n").count(b"\n")
        if at_line_end and data_lines:
            assert result.status == "imported", [str(p) for p in result.problems]
            assert result.row_count == data_lines
            _written_then_undone(engine, "enrollments", result)
        else:
            assert result.status == "rejected" and result.problems
            assert live_imports(engine) == 0
    finally:
        if result.status == "imported" and live_imports(engine):
            undo_import(engine, result.import_id)


CELLS = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["31/02/2022", "1.5", "=A1", "", " ", "\x00", '"', "Kỳ Anh", "2022-13-01"]),
)


@FUZZ
@given(row=st.lists(CELLS, min_size=11, max_size=11), column=st.integers(min_value=0, max_value=10))
def test_wrong_types_in_cells(engine, row, column):
    lines = GOOD_CSV.decode().splitlines()
    cells = lines[1].split(",")
    cells[column] = '"' + row[column].replace('"', '""') + '"'
    content = "\r\n".join([lines[0], ",".join(cells)]).encode("utf-8", "surrogatepass")
    result = import_file(engine, "enrollments", content, file_name="w.csv", imported_by="f")
    if result.status == "imported":
        _written_then_undone(engine, "enrollments", result)
    else:
        assert result.problems and all(p.expected for p in result.problems)
        assert live_imports(engine) == 0


@FUZZ
@given(
    data=st.data(),
    name=st.sampled_from(["x.xlsx", "x.gpx"]),
)
def test_damaged_xlsx_and_gpx(engine, data, name):
    """Bytes flipped or cut off in a real workbook or track: rejected, or (rarely) still valid."""
    kind, good = ("enrollments", GOOD_XLSX) if name == "x.xlsx" else ("routes", GOOD_GPX)
    content = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8), label="changes")):
        at = data.draw(st.integers(0, len(content) - 1), label="at")
        content[at] = data.draw(st.integers(0, 255), label="byte")
    cut = data.draw(st.integers(1, len(content)), label="cut")
    result = import_file(engine, kind, bytes(content[:cut]), file_name=name, imported_by="f")
    if result.status == "imported":
        _written_then_undone(engine, kind, result)
    else:
        assert result.status == "rejected"
        assert result.problems and all(p.file == name and p.expected for p in result.problems)
        assert live_imports(engine) == 0
