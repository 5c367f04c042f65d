"""The first real import of any kind sets the whole sample aside, in its own transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard.data.importers import Upload, import_file, preview, undo_import
from dashboard.data.importers.load import sample_is_counted
from dashboard.data.sample.store import SampleRefused, load_sample, remove_sample
from dashboard.data.schema import DATA_TABLES, imports
from tests.sample_scale import SMALL_SAMPLE
from tests.unit.data.importers.helpers_importers import csv_bytes

TARGETS = csv_bytes("Tỉnh/Thành phố,Chỉ tiêu", "Hà Nội,300")


def _rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as con:
        return {
            kind: con.execute(select(func.count()).select_from(table)).scalar_one()
            for kind, table in DATA_TABLES.items()
        }


def test_a_targets_file_sets_aside_every_kind_of_sample(engine: Engine) -> None:
    load_sample(engine, scale=SMALL_SAMPLE)
    assert all(_rows(engine).values())
    checked = preview(TARGETS, Upload("targets", file_name="t.csv"), engine=engine)
    assert "sets it aside" in " ".join(str(w) for w in checked.warnings)

    result = import_file(engine, "targets", TARGETS, file_name="t.csv", imported_by="hoa")

    assert result.sample_set_aside and "sample data was set aside" in result.summary()
    assert _rows(engine) == {
        "enrollments": 0, "participants": 0, "targets": 1, "events": 0, "routes": 0
    }  # fmt: skip
    with engine.connect() as con:
        assert not sample_is_counted(con)
        undone = con.execute(
            select(func.count()).where(imports.c.is_sample, imports.c.undone_at.is_not(None))
        ).scalar_one()
    assert undone == len(DATA_TABLES)

    # Undoing the real file leaves an empty database, not the sample again.
    assert result.import_id is not None
    undo_import(engine, result.import_id)
    assert set(_rows(engine).values()) == {0}


def test_sample_load_is_refused_while_real_data_is_counted(engine: Engine) -> None:
    import_file(engine, "targets", TARGETS, file_name="t.csv", imported_by="hoa")

    with pytest.raises(SampleRefused, match="real data"):
        load_sample(engine, scale=SMALL_SAMPLE)
    assert remove_sample(engine, by="test") == 0
    assert _rows(engine)["targets"] == 1
