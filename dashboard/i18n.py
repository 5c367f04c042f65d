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

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES"]


def normalise_language(lang: str | None) -> str:
    """Return a supported language code, falling back to Vietnamese."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None, **values: object) -> str:
    """Translate ``key`` into ``lang`` (Vietnamese if unknown) and fill ``{placeholders}``
    from ``values``."""
    text = MESSAGES[key][normalise_language(lang)]
    return text.format(**values) if values else text


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


def plotly_separators(lang: str) -> str:
    """The ``layout.separators`` plotly uses for its own numbers: decimal mark, then thousands."""
    return ",." if normalise_language(lang) == "vi" else ".,"


def plotly_date_formats(lang: str) -> tuple[str, str]:
    """d3 formats of a date axis's ticks and hover: 6/2022 and 08/05/2022 (vi), Jun 2022 and
    8 May 2022 (en); month names come from the graph's locale."""
    if normalise_language(lang) == "vi":
        return "%-m/%Y", "%d/%m/%Y"
    return "%b %Y", "%-d %b %Y"
