"""Interface text in Vietnamese (the default) and English, and number/date formatting.

Every string a user reads goes through :func:`t`, so a missing translation is a ``KeyError``
in tests rather than a half-English screen. Numbers follow the language: Vietnamese groups
thousands with "." and uses "," for decimals (1.234.567,5); English does the opposite.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

from dashboard.domain import DEFAULT_LANGUAGE, LANGUAGES
from dashboard.messages import MESSAGES

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGES"]


def normalise_language(lang: str | None) -> str:
    """Return a supported language code, falling back to Vietnamese."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None, **values: object) -> str:
    """Translate ``key`` into ``lang`` (Vietnamese if unknown) and fill ``{placeholders}``
    from ``values``."""
    text = MESSAGES[key][normalise_language(lang)]
    return text.format(**values) if values else text


class Message:
    """A catalogue key and its values, put into words only when shown, in either language.

    The data layer says what went wrong as a ``Message``; the command line shows it in
    English and the upload screen in Vietnamese. A value that is itself a ``Message`` is shown
    in the same language; a function of the language (e.g. a name resolution's ``explain``)
    is called with it. ``str()`` gives the English.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r} in the catalogue")
        self.key = key
        self.values = values

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` ("vi" or "en")."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
        return t(self.key, lang, **{name: _in(value, lang) for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.in_language("en")

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __getstate__(self) -> tuple[str, dict[str, object]]:
        return self.key, self.values

    def __setstate__(self, state: tuple[str, dict[str, object]]) -> None:
        self.key, self.values = state


def _in(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.in_language(lang)
    if callable(value):
        return value(lang)
    return value


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """Format a number with the language's separators: 1.234.567,5 (vi) or 1,234,567.5 (en).

    ``None`` and NaN become an en dash so a table never shows "nan".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(fraction: float | None, lang: str, decimals: int = 0) -> str:
    """Format 0.873 as "87 %" (vi, with the space Vietnamese typography uses) or "87%" (en)."""
    if fraction is None or math.isnan(fraction):
        return "–"
    number = format_number(fraction * 100, lang, decimals)
    return f"{number} %" if normalise_language(lang) == "vi" else f"{number}%"


# Spelled out rather than strftime("%b"), which follows the server's locale.
_ENGLISH_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_date(day: dt.date, lang: str) -> str:
    """Format a date as 08/05/2022 (vi) or 8 May 2022 (en)."""
    if normalise_language(lang) == "vi":
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


VIETNAM_TIME: Final = dt.timezone(dt.timedelta(hours=7), "ICT")


def format_moment(at: dt.datetime, lang: str) -> str:
    """A moment in Vietnam time: 08:15 12/06/2022 (vi) or 12 Jun 2022, 08:15 (en)."""
    local = at.astimezone(VIETNAM_TIME)
    if normalise_language(lang) == "vi":
        return f"{local:%H:%M} {format_date(local.date(), lang)}"
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"


def plotly_separators(lang: str) -> str:
    """The ``layout.separators`` plotly uses for its own numbers: decimal mark, then thousands."""
    return ",." if normalise_language(lang) == "vi" else ".,"


def plotly_date_formats(lang: str) -> tuple[str, str]:
    """d3 formats of a date axis's ticks and hover: 6/2022 and 08/05/2022 (vi), Jun 2022 and
    8 May 2022 (en); month names come from the graph's locale."""
    if normalise_language(lang) == "vi":
        return "%-m/%Y", "%d/%m/%Y"
    return "%b %Y", "%-d %b %Y"
