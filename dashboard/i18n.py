"""Interface text in Vietnamese (the default) and English, and number/date formatting.

Every string a user reads goes through :func:`t`, so a missing translation is a ``KeyError``
in tests rather than a half-English screen. Numbers follow the language: Vietnamese groups
thousands with "." and uses "," for decimals (1.234.567,5); English does the opposite.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

LANGUAGES: Final = ("vi", "en")
DEFAULT_LANGUAGE: Final = "vi"

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "app_title": {"vi": "Điểm tựa", "en": "Điểm tựa"},
    "campaign_name": {
        "vi": "BHXH - Điểm tựa cho bạn và gia đình",
        "en": "Social insurance: a fulcrum for you and your family",
    },
    "campaign_subtitle": {
        "vi": "Chiến dịch truyền thông BHXH tự nguyện 2022 · KHLT 1731/KHLT-BHXH-BĐVN",
        "en": "2022 voluntary social insurance campaign · Joint Plan 1731/KHLT-BHXH-BĐVN",
    },
    "sample_badge": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "sample_note": {
        "vi": "Bản đồ đang hiển thị dữ liệu mẫu tạo tự động, không phải số liệu thật.",
        "en": "The map shows generated sample data, not real figures.",
    },
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "screen_overview": {"vi": "Bản đồ", "en": "Map"},
    "metric": {"vi": "Chỉ tiêu hiển thị", "en": "Map shows"},
    "metric_new_enrollments": {"vi": "Người tham gia mới", "en": "New participants"},
    "metric_per_10k": {"vi": "Trên 10.000 dân", "en": "Per 10,000 inhabitants"},
    "metric_new_enrollments_unit": {"vi": "người", "en": "people"},
    "metric_per_10k_unit": {"vi": "người / 10.000 dân", "en": "per 10,000 inhabitants"},
    "national_view": {"vi": "Toàn quốc", "en": "Whole country"},
    "back_to_national": {"vi": "← Về bản đồ toàn quốc", "en": "← Back to the national map"},
    "click_hint": {
        "vi": "Bấm vào một tỉnh để xem các quận, huyện.",
        "en": "Click a province to see its districts.",
    },
    "national_progress": {"vi": "Tiến độ toàn quốc", "en": "National progress"},
    "target": {"vi": "Chỉ tiêu", "en": "Target"},
    "of_target": {"vi": "so với chỉ tiêu", "en": "of target"},
    "province": {"vi": "Tỉnh/Thành phố", "en": "Province"},
    "district": {"vi": "Quận/Huyện", "en": "District"},
    "no_data": {"vi": "Chưa có số liệu", "en": "No data"},
    "no_district_boundaries": {
        "vi": "Chưa có ranh giới cho {count} quận/huyện của tỉnh này: {names}.",
        "en": "No boundaries yet for {count} districts of this province: {names}.",
    },
    "population_2019": {"vi": "Dân số 2019", "en": "Population 2019"},
    "data_period": {
        "vi": "Số liệu từ {start} đến {end}",
        "en": "Figures from {start} to {end}",
    },
    "attribution": {
        "vi": "Ranh giới: {sources}. Dân số: Tổng điều tra 2019 (TCTK).",
        "en": "Boundaries: {sources}. Population: 2019 census (GSO).",
    },
}


def normalise_language(lang: str | None) -> str:
    """Return a supported language code, falling back to Vietnamese."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``values``."""
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
