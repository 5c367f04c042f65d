import datetime as dt

import pytest

from dashboard.data.importers import cells
from dashboard.data.importers.cells import Invalid


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("2.000.000 VND", 2_000_000),
        (1500000, 1_500_000),
        (1500000.0, 1_500_000),
        ("1.500", 1_500),
    ],
)
def test_integers_with_thousands_separators(cell, expected):
    assert cells.read_integer(cell) == expected


@pytest.mark.parametrize("cell", ["1.5", "1.50.000", "1.500,000", "abc", 1.5, True, "1,5"])
def test_integers_reject_decimals_and_mixed_separators(cell):
    with pytest.raises(Invalid):
        cells.read_integer(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("08/05/2022", dt.date(2022, 5, 8)),
        ("8/5/2022", dt.date(2022, 5, 8)),
        ("08-05-2022", dt.date(2022, 5, 8)),
        ("08.05.2022", dt.date(2022, 5, 8)),
        ("2022-05-08", dt.date(2022, 5, 8)),
        ("08/05/2022 00:00:00", dt.date(2022, 5, 8)),
        (dt.datetime(2022, 5, 8), dt.date(2022, 5, 8)),
        (44689, dt.date(2022, 5, 8)),  # an Excel serial day
    ],
)
def test_dates_are_day_first(cell, expected):
    assert cells.read_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2022", "2022/13/01", "05/08/22", "08/05/1899", "hôm nay"])
def test_impossible_dates_are_invalid(cell):
    with pytest.raises(Invalid):
        cells.read_date(cell)


def test_timestamps_without_offset_are_vietnam_time():
    moment = cells.read_timestamp("08/05/2022 07:30")
    assert moment.astimezone(dt.UTC) == dt.datetime(2022, 5, 8, 0, 30, tzinfo=dt.UTC)
    iso = cells.read_timestamp("2022-05-08T00:30:00Z")
    assert iso == moment


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2022-05", "2022-05"), ("05/2022", "2022-05"), ("T5/2022", "2022-05"),
     (dt.datetime(2022, 5, 1), "2022-05")],
)  # fmt: skip
def test_year_month(cell, expected):
    assert cells.read_year_month(cell) == expected


def test_participant_ref_keeps_leading_zeros_from_excel_numbers():
    assert cells.read_participant_ref(123456789) == "0123456789"
    assert cells.read_participant_ref("0123456789") == "0123456789"
    with pytest.raises(Invalid):
        cells.read_participant_ref("12345")


@pytest.mark.parametrize(
    ("column", "plain"),
    [
        (["0123456789", "9876543210"], True),
        (["0123456789", ""], False),  # a blank cell: read cell by cell
        (["012345678", "98765432101"], False),  # ten digits on average, not each
        (["012345678٩"], False),  # an Arabic-Indic digit is a digit, not an ASCII one
        (["0123 56789"], False),
        (["0123456789", 123456789], False),  # an Excel number: its zeros come back one by one
        ([], False),
    ],
)
def test_a_column_of_plain_participant_refs_is_recognised_at_once(column, plain):
    assert cells.all_plain_participant_refs(column) is plain
    assert plain <= all(map(cells.plain_participant_ref, column))


def test_choice_accepts_vietnamese_labels_without_diacritics():
    read = cells.read_choice({"post_office": ("Bưu điện",), "online": ("Trực tuyến",)})
    assert read("Bưu điện") == read("BUU DIEN") == read("post office") == "post_office"
    with pytest.raises(Invalid, match="post_office"):
        read("fax")
