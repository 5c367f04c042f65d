from collections import Counter
from pathlib import Path

import pytest

from dashboard.data.importers.formats import FORMATS, label_key
from dashboard.data.schema import DATA_TABLES


@pytest.mark.parametrize("kind", list(FORMATS))
def test_no_header_names_two_columns(kind):
    keys = Counter(key for f in FORMATS[kind].fields for key in f.header_keys())
    assert [key for key, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("kind", list(FORMATS))
def test_no_label_names_two_values_of_one_enumeration(kind):
    for column in FORMATS[kind].fields:
        meanings: dict[str, set[str]] = {}
        for value, labels in column.choices.items():
            for spelling in (value, *labels):
                meanings.setdefault(label_key(spelling), set()).add(value)
        assert [s for s, values in meanings.items() if len(values) > 1] == [], column.name


@pytest.mark.parametrize("kind", list(FORMATS))
def test_every_plain_column_is_stored(kind):
    stored = {c.name for c in DATA_TABLES[kind].columns}
    for column in FORMATS[kind].fields:
        name = {"province": "province_code", "district": "district_code",
                "commune": "commune_code", "participant_ref": "participant_hash"}.get(
            column.name, column.name)  # fmt: skip
        assert name in stored


def test_headers_match_in_any_case_and_without_diacritics():
    index = FORMATS["enrollments"].header_index()
    for header in (
        "Ngày đăng ký",
        "NGAY DANG KY",
        "ngày  đăng ký",
        "registered_on",
        "Registered On",
    ):
        assert index[label_key(header)].name == "registered_on"


def test_user_documentation_lists_every_column_and_label():
    docs = (Path(__file__).resolve().parents[4] / "docs" / "data-formats.md").read_text()
    for file_format in FORMATS.values():
        for column in file_format.fields:
            assert f"`{column.name}`" in docs
            assert all(label in docs for label in column.labels), column.name
            for value, labels in column.choices.items():
                assert f"`{value}` ({labels[0]}" in docs
