"""The five kinds of data file, declared as data: columns, Vietnamese labels, accepted values.

This module is the machine-readable half of DATA_FORMATS.md (docs/data-formats.md is the half
for people). Headers and enumeration values are compared by :func:`label_key`: case, spacing,
punctuation, tone-mark placement and diacritics do not matter, so "Ngày đăng ký", "NGAY DANG KY"
and "registered_on" all name the same column, and "Bưu điện", "buu dien" and "post_office" the
same channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from dashboard.data.schema import PAYMENT_CYCLES, SEXES, SUPPORT_GROUPS
from dashboard.domain import (
    CHANNELS,
    DEFAULT_PRODUCT,
    EVENT_KINDS,
    EVENT_LEVELS,
    IMPORT_KINDS,
    PRODUCTS,
    VEHICLE_TYPES,
)
from geodata.names import fold_diacritics, normalize_name

ValueType = Literal[
    "date",
    "timestamp",
    "year_month",
    "year",
    "count",
    "positive_int",
    "float",
    "text",
    "choice",
    "province",
    "district",
    "commune",
    "participant_ref",
]


# A journey report ZIP or a big list asks for the same few hundred headers, statuses and
# enumeration values hundreds of thousands of times; the key is a pure function of the text.
@lru_cache(maxsize=1 << 16)
def label_key(text: str) -> str:
    """Return the key a header or enumeration value is compared by ("Bưu điện" -> "buudien")."""
    return fold_diacritics(normalize_name(text)).replace(" ", "")


@dataclass(frozen=True)
class Field:
    """One column of a kind of file.

    Attributes:
        name: The canonical English name, also the header of the example files.
        labels: Vietnamese headers accepted for it, the first one the usual one.
        required: Whether the column must be present (and each row must give a value).
        type: How a cell is read and checked (see ``validate.py``).
        choices: For ``choice`` columns, each stored value with the labels that mean it.
        help: What the column holds, for the documentation and error messages.
        default: The value of a row that leaves the column out or blank.
        fallback: A column to read this one from when the file has no such column (a day
            from a date-time column).
    """

    name: str
    labels: tuple[str, ...]
    required: bool
    type: ValueType
    help: str
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default: str | None = None
    fallback: str | None = None

    @property
    def label(self) -> str:
        """The usual Vietnamese header."""
        return self.labels[0]

    def header_keys(self) -> set[str]:
        """Every header key that names this column."""
        return {label_key(self.name), *(label_key(label) for label in self.labels)}

    def choice_keys(self) -> dict[str, str]:
        """Map the key of every accepted spelling to the stored value."""
        keys: dict[str, str] = {}
        for value, labels in self.choices.items():
            for spelling in (value, *labels):
                keys[label_key(spelling)] = value
        return keys


@dataclass(frozen=True)
class FileFormat:
    """The columns of one kind of file."""

    kind: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        """Return the column called ``name``."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def header_index(self) -> dict[str, Field]:
        """Map every header key to its column."""
        return {key: f for f in self.fields for key in f.header_keys()}


# --- Enumerations: stored value -> Vietnamese (and common) spellings --------------------------

PRODUCT_LABELS: dict[str, tuple[str, ...]] = {
    "bhxh_tu_nguyen": (
        "BHXH tự nguyện",
        "BHXH TN",
        "Bảo hiểm xã hội tự nguyện",
        "VSI",
        "voluntary social insurance",
    ),
    "bhyt_ho_gia_dinh": (
        "BHYT hộ gia đình",
        "BHYT HGĐ",
        "Bảo hiểm y tế hộ gia đình",
        "HHI",
        "household health insurance",
    ),
}
CHANNEL_LABELS: dict[str, tuple[str, ...]] = {
    "vss_office": ("Cơ quan BHXH", "BHXH", "Cơ quan bảo hiểm xã hội", "VSS office"),
    "post_office": ("Bưu điện", "Bưu cục", "Post office"),
    "online": ("Trực tuyến", "Cổng dịch vụ công", "Dịch vụ công trực tuyến"),
    "collector": ("Đại lý thu", "Nhân viên thu", "Cộng tác viên", "Tổ chức dịch vụ thu"),
    "event": ("Sự kiện", "Hội nghị tuyên truyền", "Ngày hội BHXH"),
}
SEX_LABELS: dict[str, tuple[str, ...]] = {
    "male": ("Nam", "M"),
    "female": ("Nữ", "F"),
}
PAYMENT_CYCLE_LABELS: dict[str, tuple[str, ...]] = {
    "monthly": ("Hằng tháng", "Hàng tháng", "1 tháng"),
    "quarterly": ("3 tháng", "Hằng quý", "Hàng quý", "Quý"),
    "semiannual": ("6 tháng", "Nửa năm", "semi-annual"),
    "annual": ("12 tháng", "Hằng năm", "Hàng năm", "1 năm", "yearly"),
    "multi_year": ("Nhiều năm", "Nhiều năm một lần", "multi-year"),
    "lump_sum": ("Một lần", "Đóng một lần", "1 lần", "lump sum"),
}
SUPPORT_GROUP_LABELS: dict[str, tuple[str, ...]] = {
    "poor": ("Hộ nghèo", "Nghèo"),
    "near_poor": ("Hộ cận nghèo", "Cận nghèo"),
    "other": ("Khác", "Đối tượng khác"),
}
EVENT_LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "central": ("Trung ương", "TW"),
    "province": ("Tỉnh", "Cấp tỉnh"),
    "district": ("Huyện", "Cấp huyện"),
    "commune": ("Xã", "Cấp xã"),
}
EVENT_KIND_LABELS: dict[str, tuple[str, ...]] = {
    "online_kickoff": ("Phát động trực tuyến", "Lễ phát động trực tuyến"),
    "conference": ("Hội nghị", "Hội thảo"),
    "mobile_propaganda": ("Tuyên truyền lưu động", "Xe tuyên truyền"),
    "counselling": ("Tư vấn", "Tư vấn trực tiếp", "counseling"),
}
VEHICLE_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "car": ("Ô tô", "Xe ô tô", "Xe hơi"),
    "motorbike": ("Xe máy", "Mô tô", "Xe mô tô", "motorcycle"),
}


def _checked(values: tuple[str, ...], labels: dict[str, tuple[str, ...]]) -> dict[str, tuple]:
    """Fail at import time if the labels and the schema's enumeration drift apart."""
    if tuple(labels) != values:
        raise AssertionError(f"labels {tuple(labels)} do not match the schema's {values}")
    return labels


# --- Shared columns ------------------------------------------------------------------------


def _product() -> Field:
    return Field(
        "product",
        ("Loại hình", "Sản phẩm", "Loại hình bảo hiểm", "Loại bảo hiểm"),
        False,
        "choice",
        "voluntary social insurance or household health insurance (voluntary if left out)",
        _checked(PRODUCTS, PRODUCT_LABELS),
        default=DEFAULT_PRODUCT,
    )


def _province(required: bool = True) -> Field:
    return Field(
        "province",
        ("Tỉnh/Thành phố", "Tỉnh/TP", "Tỉnh", "Tỉnh thành", "Mã tỉnh"),
        required,
        "province",
        "province name or 2-digit GSO code",
    )


def _district(required: bool = True) -> Field:
    return Field(
        "district",
        ("Quận/Huyện", "Quận/Huyện/Thị xã", "Huyện", "Quận huyện", "Mã huyện"),
        required,
        "district",
        "district name or 3-digit GSO code, within the province",
    )


def _commune() -> Field:
    return Field(
        "commune",
        ("Xã/Phường", "Xã/Phường/Thị trấn", "Xã", "Phường xã", "Mã xã"),
        False,
        "commune",
        "commune name or 5-digit GSO code, within the district",
    )


ENROLLMENTS = FileFormat(
    "enrollments",
    (
        Field(
            "registered_on",
            ("Ngày đăng ký", "Ngày ĐK", "Ngày tham gia"),
            True,
            "date",
            "date of registration (a time of day after it is read as the registration time)",
            fallback="registered_at",
        ),
        Field(
            "registered_at",
            ("Thời điểm đăng ký", "Giờ đăng ký", "Thời gian đăng ký", "Ngày giờ đăng ký"),
            False,
            "timestamp",
            "moment of registration, dd/mm/yyyy HH:MM, ISO or Excel (Vietnam time)",
        ),
        _product(),
        _province(),
        _district(),
        _commune(),
        Field(
            "channel",
            ("Kênh", "Kênh đăng ký", "Nơi đăng ký"),
            True,
            "choice",
            "where the person registered",
            _checked(CHANNELS, CHANNEL_LABELS),
        ),
        Field("sex", ("Giới tính",), False, "choice", "sex", _checked(SEXES, SEX_LABELS)),
        Field("birth_year", ("Năm sinh",), False, "year", "year of birth"),
        Field(
            "monthly_income_vnd",
            ("Mức thu nhập", "Mức thu nhập tháng", "Thu nhập làm căn cứ đóng", "Thu nhập"),
            False,
            "positive_int",
            "monthly income in VND used as the contribution basis",
        ),
        Field(
            "payment_cycle",
            ("Phương thức đóng", "Phương thức"),
            False,
            "choice",
            "how often the person pays",
            _checked(PAYMENT_CYCLES, PAYMENT_CYCLE_LABELS),
        ),
        Field(
            "support_group",
            ("Đối tượng hỗ trợ", "Đối tượng", "Nhóm hỗ trợ"),
            False,
            "choice",
            "group of state support (30% / 25% / 10%)",
            _checked(SUPPORT_GROUPS, SUPPORT_GROUP_LABELS),
        ),
        Field(
            "participant_ref",
            ("Mã số BHXH", "Mã BHXH", "Số sổ BHXH", "Mã số"),
            False,
            "participant_ref",
            "10-digit social insurance number (stored only as a salted hash)",
        ),
    ),
)

PARTICIPANTS = FileFormat(
    "participants",
    (
        Field("period", ("Kỳ", "Tháng", "Kỳ báo cáo"), True, "year_month", "month, YYYY-MM"),
        _province(),
        _district(required=False),
        Field(
            "voluntary_participants",
            ("Số người tham gia BHXH tự nguyện", "Số người tham gia", "Số người"),
            True,
            "count",
            "voluntary participants at the end of the month",
        ),
        Field(
            "labour_force",
            # Not "Số người trong độ tuổi lao động": everyone of working age is another
            # denominator, which VSS does not report coverage against.
            ("Lực lượng lao động trong độ tuổi", "Lực lượng lao động"),
            False,
            "count",
            "the working-age labour force (GSO), which VSS reports coverage against",
        ),
        Field(
            "increase",
            ("Tăng", "Số tăng", "Tăng trong kỳ"),
            False,
            "count",
            "participants who joined during the month",
        ),
        Field(
            "decrease",
            ("Giảm", "Số giảm", "Giảm trong kỳ"),
            False,
            "count",
            "participants who left during the month",
        ),
        Field(
            "year_plan",
            ("Kế hoạch giao năm", "Kế hoạch năm", "Kế hoạch giao"),
            False,
            "count",
            "the year's plan of participants to reach (a stock, not a target of new ones)",
        ),
    ),
)

TARGETS = FileFormat(
    "targets",
    (
        _product(),
        _province(),
        _district(required=False),
        Field(
            "target_new_participants",
            ("Chỉ tiêu", "Chỉ tiêu phát triển mới", "Chỉ tiêu người tham gia mới"),
            True,
            "count",
            "target of new voluntary participants",
        ),
    ),
)

EVENTS = FileFormat(
    "events",
    (
        Field("held_on", ("Ngày tổ chức", "Ngày"), True, "date", "date of the event"),
        Field(
            "level",
            ("Cấp", "Cấp tổ chức"),
            True,
            "choice",
            "who organised it",
            _checked(EVENT_LEVELS, EVENT_LEVEL_LABELS),
        ),
        _province(required=False),
        _district(required=False),
        _commune(),
        Field(
            "kind",
            ("Loại hoạt động", "Hình thức"),
            True,
            "choice",
            "kind of activity",
            _checked(EVENT_KINDS, EVENT_KIND_LABELS),
        ),
        Field("attendees", ("Số người tham dự", "Người tham dự"), True, "count", "attendees"),
        Field(
            "online_viewers",
            ("Số lượt xem trực tuyến", "Lượt xem"),
            False,
            "count",
            "online viewers",
        ),
        Field("leads", ("Số người có nhu cầu", "Số người quan tâm"), False, "count", "leads"),
    ),
)

ROUTES = FileFormat(
    "routes",
    (
        Field("vehicle_id", ("Mã xe", "Biển số", "Phương tiện"), True, "text", "vehicle id"),
        Field(
            "vehicle_type",
            ("Loại xe", "Loại phương tiện"),
            True,
            "choice",
            "car or motorbike",
            _checked(VEHICLE_TYPES, VEHICLE_TYPE_LABELS),
        ),
        Field(
            "recorded_at",
            ("Thời gian", "Thời điểm", "Giờ ghi"),
            True,
            "timestamp",
            "time of the GPS fix (Vietnam time unless an offset is given)",
        ),
        Field("lat", ("Vĩ độ", "latitude"), True, "float", "latitude in degrees (WGS84)"),
        Field("lon", ("Kinh độ", "longitude", "lng"), True, "float", "longitude in degrees"),
        Field("stop_name", ("Điểm dừng", "Tên điểm dừng"), False, "text", "name of the stop"),
        Field("people_reached", ("Số người tiếp cận",), False, "count", "people reached"),
        Field("leaflets", ("Số tờ rơi", "Tờ rơi"), False, "count", "leaflets handed out"),
    ),
)

FORMATS: dict[str, FileFormat] = {
    f.kind: f for f in (ENROLLMENTS, PARTICIPANTS, TARGETS, EVENTS, ROUTES)
}
if tuple(FORMATS) != IMPORT_KINDS:
    raise AssertionError("every import kind of the schema needs a file format")


def file_format(kind: str) -> FileFormat:
    """Return the format of ``kind``.

    Raises:
        ValueError: ``kind`` is not one of the five kinds.
    """
    try:
        return FORMATS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(FORMATS)}") from None
