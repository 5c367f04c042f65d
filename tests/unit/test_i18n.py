import datetime as dt

import pytest

from dashboard.i18n import (
    LANGUAGES,
    MESSAGES,
    format_date,
    format_number,
    format_percent,
    plotly_separators,
    t,
)


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234567, "vi", 0, "1.234.567"),
        (1234567, "en", 0, "1,234,567"),
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (0, "vi", 0, "0"),
        (-9876, "vi", 0, "-9.876"),
        (None, "vi", 0, "–"),
        (float("nan"), "en", 0, "–"),
    ],
)
def test_format_number_follows_the_language(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


def test_format_percent():
    assert format_percent(0.8734, "vi", 1) == "87,3 %"
    assert format_percent(0.8734, "en", 1) == "87.3%"


def test_format_date():
    day = dt.date(2022, 5, 8)
    assert format_date(day, "vi") == "08/05/2022"
    assert format_date(day, "en") == "8 May 2022"


def test_plotly_separators_match_format_number():
    # plotly's "separators" is decimal point then thousands separator.
    assert plotly_separators("vi") == ",."
    assert plotly_separators("en") == ".,"


def test_every_message_exists_in_every_language_and_is_not_empty():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_vietnamese_text_is_nfc_with_diacritics():
    import unicodedata

    for texts in MESSAGES.values():
        assert unicodedata.is_normalized("NFC", texts["vi"])
    assert t("national_view", "vi") == "Toàn quốc"


def test_unknown_language_falls_back_to_vietnamese():
    assert t("national_view", "fr") == t("national_view", "vi")


def test_placeholders_are_filled():
    text = t("no_district_boundaries", "en", count=2, names="A, B")
    assert text == "No boundaries yet for 2 districts of this province: A, B."


def test_a_message_is_worded_when_shown_in_either_language_and_survives_pickling():
    import functools
    import pickle

    from dashboard.i18n import Message

    inner = Message("expect_year", first=1930, last=2007)
    outer = Message("expect_real_day", expected=inner)
    assert outer.in_language("en") == "a year from 1930 to 2007 (no such day)"
    assert outer.in_language("vi") == "cần một năm từ 1930 đến 2007 (không có ngày này)"
    # A function of the language words its value per language: 1,500,000 vs 1.500.000.
    limit = Message("expect_at_most", most=functools.partial(format_number, 1_500_000))
    assert "1,500,000" in str(limit) and "1.500.000" in limit.in_language("vi")
    assert pickle.loads(pickle.dumps(outer)) == outer
    with pytest.raises(KeyError):
        Message("no_such_message")
    with pytest.raises(ValueError):
        outer.in_language("fr")


def test_moments_are_written_in_vietnam_time():
    from dashboard.i18n import format_moment

    at = dt.datetime(2022, 6, 11, 20, 5, tzinfo=dt.UTC)  # 03:05 on 12 June in Vietnam
    assert format_moment(at, "vi") == "03:05 12/06/2022"
    assert format_moment(at, "en") == "12 Jun 2022, 03:05"
