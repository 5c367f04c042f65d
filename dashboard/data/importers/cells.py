"""Read one spreadsheet cell as a typed value, the way Vietnamese spreadsheets write them.

Each reader takes a cell (text from a CSV; text, number or date from an XLSX) and returns the
value, or raises :class:`Invalid` with what was expected. Readers are pure and cheap to memoise:
``validate.py`` calls each one once per distinct cell value of a column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

import numpy as np

from dashboard.data.importers.formats import label_key
from dashboard.data.importers.problems import Message
from dashboard.data.importers.readers import Cell

# Vietnam has kept UTC+7 without daylight saving time since 1975; GPS loggers and exports
# that write local time without an offset mean this.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # plausible years of campaign data; catches typos
PARTICIPANT_REF_DIGITS = 10
ID_CARD_PREFIX = "CCCD"
ID_CARD_DIGITS = (9, 12)  # an old ID card (CMND), a citizen ID card (CCCD)

_DMY = re.compile(
    r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
_MONTH_YEAR = re.compile(r"(?:t|thang)?\s*(\d{1,2})[/.\-](\d{4})", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})[/.\-](\d{1,2})(?:[/.\-]\d{1,2})?")
_PLAIN_INT = re.compile(r"[+]?\d+")
_GROUPED_INT = re.compile(r"[+]?\d{1,3}(?:(?P<sep>[., \u00a0])\d{3})(?:(?P=sep)\d{3})*")
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)
# Excel stores dates as days since 1899-12-30 (after its 1900 leap-year bug).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_SERIALS = range(36_526, 73_051)  # 2000-01-01 .. 2099-12-31


class Invalid(ValueError):
    """A cell cannot be read; ``text`` says what was expected."""

    def __init__(self, text: Message) -> None:
        super().__init__(str(text))
        self.text = text


_WHOLE_NUMBER = Message("expect_whole_number")
_DATE = Message("expect_date")
_TIMESTAMP = Message("expect_timestamp")


def _within_years(expected: Message) -> Message:
    return Message("expect_within_years", expected=expected, first=FIRST_YEAR, last=LAST_YEAR)


CellReader = Callable[[Cell], Any]


def as_text(cell: Cell) -> str:
    """Return the cell as trimmed text; whole numbers from Excel lose their ".0"."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return "" if cell is None else " ".join(str(cell).split())


def is_blank(cell: Cell) -> bool:
    """True for an empty cell or one holding only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_text(max_length: int) -> CellReader:
    """Text of at most ``max_length`` characters."""

    def read(cell: Cell) -> str:
        text = as_text(cell)
        if len(text) > max_length:
            raise Invalid(Message("expect_text_length", most=max_length))
        return text

    return read


def read_integer(cell: Cell) -> int:
    """A whole number: 1500000, "1500000", "1.500.000", "1,500,000", "1 500 000 đ"."""
    expected = _WHOLE_NUMBER
    if isinstance(cell, bool):
        raise Invalid(expected)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if math.isfinite(cell) and cell.is_integer():
            return int(cell)
        raise Invalid(expected)
    if not isinstance(cell, str):
        raise Invalid(expected)
    text = _CURRENCY.sub("", cell.strip())
    if _PLAIN_INT.fullmatch(text):
        return int(text)
    if _GROUPED_INT.fullmatch(text):
        return int(re.sub(r"\D", "", text))
    raise Invalid(expected)


def read_count(cell: Cell) -> int:
    """A whole number, zero or more."""
    value = read_integer(cell)
    if value < 0:
        raise Invalid(Message("expect_count"))
    return value


def read_positive(cell: Cell) -> int:
    """A whole number above zero."""
    value = read_integer(cell)
    if value <= 0:
        raise Invalid(Message("expect_positive"))
    return value


def read_birth_year(today: dt.date, first: int) -> CellReader:
    """A year of birth from ``first`` to 15 years before ``today``."""
    last = today.year - 15

    def read(cell: Cell) -> int:
        try:
            year = read_integer(cell)
        except Invalid:
            year = -1
        if not first <= year <= last:
            raise Invalid(Message("expect_year", first=first, last=last))
        return year

    return read


def read_float(cell: Cell) -> float:
    """A decimal number: 21.0285, "21.0285" or "21,0285"."""
    expected = Message("expect_decimal")
    if isinstance(cell, bool):
        raise Invalid(expected)
    if isinstance(cell, int | float):
        value = float(cell)
    elif isinstance(cell, str):
        text = cell.strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise Invalid(expected) from None
    else:
        raise Invalid(expected)
    if not math.isfinite(value):
        raise Invalid(expected)
    return value


def read_float_column(column: list[Cell]) -> list[float] | None:
    """A column of text read as ``read_float`` reads each cell, when each is a finite number.

    A track's coordinates are thousands of distinct cells: ``float`` maps them all in one
    call. None when a cell is no text or no finite number: the cells are then read one by
    one, and the bad ones reported.
    """
    if not column or set(map(type, column)) != {str}:
        return None
    try:
        values = list(map(float, column))  # type: ignore[arg-type]  # text, checked above
    except ValueError:  # a decimal comma, a blank or a word
        return None
    return values if bool(np.isfinite(values).all()) else None


def read_date(cell: Cell) -> dt.date:
    """A day: an Excel date, "08/05/2022" (day first), "8-5-2022" or "2022-05-08"."""
    expected = _DATE
    if isinstance(cell, dt.datetime):
        day = cell.date()
    elif isinstance(cell, dt.date):
        day = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        # An Excel date-time is the day's serial plus the fraction of the day.
        if not (math.isfinite(cell) and math.floor(cell) in _EXCEL_SERIALS):
            raise Invalid(expected)
        day = _EXCEL_EPOCH + dt.timedelta(days=math.floor(cell))
    elif isinstance(cell, str):
        day = _parse_date_text(cell.strip(), expected)
    else:
        raise Invalid(expected)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Invalid(_within_years(expected))
    return day


def _parse_date_text(text: str, expected: Message) -> dt.date:
    """Day-first text, or ISO; a time of day after the date (Excel's 00:00:00) is ignored."""
    try:
        if match := _DMY.fullmatch(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _YMD.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise Invalid(Message("expect_real_day", expected=expected)) from None
    raise Invalid(expected)


def read_timestamp(cell: Cell) -> dt.datetime:
    """A moment: an Excel date-time, "08/05/2022 07:30[:15]" or ISO 8601 with or without offset.

    Times without an offset are Vietnam time (UTC+7).
    """
    expected = _TIMESTAMP
    if isinstance(cell, dt.datetime):
        moment = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        if not (math.isfinite(cell) and math.floor(cell) in _EXCEL_SERIALS):
            raise Invalid(expected)
        # Excel keeps no time zone: its date-times are the clock on the wall, Vietnam time.
        seconds = round((cell - math.floor(cell)) * 86_400)
        moment = dt.datetime.combine(
            _EXCEL_EPOCH + dt.timedelta(days=math.floor(cell)), dt.time()
        ) + dt.timedelta(seconds=seconds)
    elif isinstance(cell, str):
        text = cell.strip()
        match = _DMY.fullmatch(text)
        try:
            if match and match[4]:
                moment = dt.datetime(
                    int(match[3]),
                    int(match[2]),
                    int(match[1]),
                    int(match[4]),
                    int(match[5]),
                    int(match[6] or 0),
                )
            elif "T" in text or " " in text:
                moment = dt.datetime.fromisoformat(text)
            else:
                raise Invalid(expected)
        except ValueError:
            raise Invalid(expected) from None
    else:
        raise Invalid(expected)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TIME)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise Invalid(_within_years(expected))
    return moment


# "08/05/2022 07:30:15", as trackers and Excel write a moment, one a line.
_PLAIN_TIMESTAMPS = re.compile(r"(?:[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\n)*")
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def read_timestamp_column(column: list[Cell]) -> list[dt.datetime] | None:
    """A column read as ``read_timestamp`` reads each cell, when each is written plainly.

    A track's times are thousands of distinct cells: when every one is "dd/mm/yyyy hh:mm:ss"
    their digits are read at once as arrays. None when a cell is written otherwise or is no
    real moment of the years taken: the cells are then read one by one.
    """
    if not column or set(map(type, column)) != {str}:
        return None
    text = "\n".join(column) + "\n"  # type: ignore[arg-type]  # text, checked above
    if len(text) != 20 * len(column) or not _PLAIN_TIMESTAMPS.fullmatch(text):
        return None
    digits = (np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, 20) - 48).astype(
        np.int64
    )

    def number(start: int, end: int) -> np.ndarray:
        value = np.zeros(len(digits), dtype=np.int64)
        for i in range(start, end):
            value = value * 10 + digits[:, i]
        return value

    day, month, year = number(0, 2), number(3, 5), number(6, 10)
    hour, minute, second = number(11, 13), number(14, 16), number(17, 19)
    if not ((month >= 1) & (month <= 12)).all():
        return None
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _MONTH_DAYS[month - 1] + ((month == 2) & leap)
    real = (day >= 1) & (day <= days) & (hour <= 23) & (minute <= 59) & (second <= 59)
    if not (real.all() and year.min() >= FIRST_YEAR and year.max() <= LAST_YEAR):
        return None
    moments = (
        (year - 1970).astype("datetime64[Y]").astype("datetime64[M]")
        + (month - 1).astype("timedelta64[M]")
    ).astype("datetime64[s]") + (
        ((day - 1) * 86_400 + hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
    )
    return [moment.replace(tzinfo=VIETNAM_TIME) for moment in moments.tolist()]


def time_of_day(cell: Cell) -> dt.datetime | None:
    """The moment a date cell gives when it also carries a time of day, else None.

    "08/05/2022 09:15", "2022-05-08T09:15+07:00" and an Excel date-time (a ``datetime`` or a
    serial with a fraction of a day) carry one; "08/05/2022" does not.
    """
    try:
        moment = read_timestamp(cell)
    except Invalid:
        return None
    # Excel writes a plain day as its midnight: midnight exactly means "no time given".
    return None if moment.astimezone(VIETNAM_TIME).time() == dt.time() else moment


def read_year_month(cell: Cell) -> str:
    """A month as "YYYY-MM": "2022-05", "05/2022", "T5/2022" or an Excel date (its month)."""
    expected = Message("expect_month")
    if isinstance(cell, dt.date):  # datetime is a date too
        year, month = cell.year, cell.month
    elif isinstance(cell, str):
        text = cell.strip()
        if match := _YEAR_MONTH.fullmatch(text):
            year, month = int(match[1]), int(match[2])
        elif match := _MONTH_YEAR.fullmatch(text):
            year, month = int(match[2]), int(match[1])
        else:
            raise Invalid(expected)
    else:
        raise Invalid(expected)
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Invalid(expected)
    return f"{year:04d}-{month:02d}"


def read_choice(choices: Mapping[str, tuple[str, ...]]) -> CellReader:
    """One value of an enumeration, written as the value or one of its Vietnamese labels."""
    keys: dict[str, str] = {}
    for value, labels in choices.items():
        for spelling in (value, *labels):
            keys[label_key(spelling)] = value
    expected = Message(
        "expect_choice",
        by_value=", ".join(f"{value} ({labels[0]})" for value, labels in choices.items()),
        by_label=", ".join(f"{labels[0]} ({value})" for value, labels in choices.items()),
    )

    def read(cell: Cell) -> str:
        try:
            return keys[label_key(as_text(cell))]
        except KeyError:
            raise Invalid(expected) from None

    return read


def plain_participant_ref(cell: Cell) -> bool:
    """Whether a cell is a social insurance number written plainly: ten ASCII digits."""
    return (
        type(cell) is str
        and len(cell) == PARTICIPANT_REF_DIGITS
        and cell.isdigit()
        and cell.isascii()
    )


def all_plain_participant_refs(column: list[Cell]) -> bool:
    """Whether every cell of a column is a plain social insurance number, checked at once.

    A million numbers are a million distinct cells: joined, their text is looked at by a
    few calls over one string instead of a call per cell.
    """
    if not column or set(map(type, column)) != {str}:
        return False
    texts = cast(list[str], column)
    if set(map(len, texts)) != {PARTICIPANT_REF_DIGITS}:
        return False
    joined = "".join(texts)
    return joined.isascii() and joined.isdigit()


def read_participant_ref(cell: Cell) -> str:
    """A 10-digit social insurance number; Excel numbers get back their leading zeros."""
    expected = Message("expect_participant_ref", digits=PARTICIPANT_REF_DIGITS)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if not (float(cell).is_integer() and 0 < cell < 10**PARTICIPANT_REF_DIGITS):
            raise Invalid(expected)
        return str(int(cell)).zfill(PARTICIPANT_REF_DIGITS)
    text = as_text(cell).replace(" ", "")
    if len(text) == PARTICIPANT_REF_DIGITS and text.isascii() and text.isdigit():
        return text
    # A form's new participant without a social insurance number is keyed by the ID card
    # number (lists.py); the prefix keeps the two kinds of number apart.
    card = text.removeprefix(ID_CARD_PREFIX)
    if card != text and len(card) in ID_CARD_DIGITS and card.isascii() and card.isdigit():
        return text
    raise Invalid(expected)
