"""The words by which the real forms are recognised: titles, header labels, row labels.

Every word the form importers look for lives here, once, written as staff write it (with
diacritics); they are compared by :func:`label_key`, so case, spacing, punctuation and missing
diacritics do not matter. A column is matched when the key of its header (the merged group
labels above it and its own label, joined) contains every word of one of its spellings:
"Số tiền đóng / Trong đó / NSNN hỗ trợ theo quy định / Tỷ lệ % được hỗ trợ" and a CSV export's
flattened "NSNN hỗ trợ - Tỷ lệ %" both contain "NSNN" and "Tỷ lệ".

See docs/data-formats.md ("Real forms") for the layouts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from dashboard.data.importers.formats import label_key

# A spelling of a column: every one of these words must appear in the header's key.
Spelling = tuple[str, ...]

# --- Form titles: which form a file is ----------------------------------------------------

TITLE_D05 = ("Mẫu D05-TS", "Mẫu D05", "D05-TS", "BẢO HIỂM XÃ HỘI TỰ NGUYỆN")
TITLE_D03 = ("Mẫu D03-TS", "Mẫu D03", "D03-TS", "BẢO HIỂM Y TẾ HỘ GIA ĐÌNH")
TITLE_PARTICIPANT_LIST = "DANH SÁCH NGƯỜI THAM GIA"
TITLE_DEVELOPMENT = ("TÌNH HÌNH PHÁT TRIỂN NGƯỜI THAM GIA", "PHÁT TRIỂN NGƯỜI THAM GIA")
TITLE_TRACKER = ("BÁO CÁO HÀNH TRÌNH", "BÁO CÁO LỘ TRÌNH", "HÀNH TRÌNH XE", "LỘ TRÌNH XE")

# --- Title block -----------------------------------------------------------------------------

AGENT_NAME = ("Tên đơn vị/Điểm thu", "Tên đơn vị", "Điểm thu", "Tên đại lý")
AGENT_CODE = ("Mã đơn vị/Điểm thu", "Mã đơn vị", "Mã điểm thu", "Mã đại lý")
AGENT_ADDRESS = ("Địa chỉ",)
PLATE_LABELS = ("Biển số xe", "Biển số", "Biển kiểm soát", "BKS")
# The provincial office in a development report's title block.
PROVINCE_OFFICE = ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội thành phố", "BHXH tỉnh", "BHXH TP")

# Who collected: the agent's name says which channel the people came through.
AGENT_CHANNELS: tuple[tuple[str, str], ...] = (
    ("Bưu điện", "post_office"),
    ("Bưu cục", "post_office"),
    ("Điểm bưu điện", "post_office"),
    ("Đại lý thu", "collector"),
    ("Tổ chức dịch vụ thu", "collector"),
    ("Đại lý", "collector"),
    ("Bảo hiểm xã hội", "vss_office"),
    ("BHXH", "vss_office"),
)

# --- Header columns of each form --------------------------------------------------------------

D05_COLUMNS: dict[str, tuple[Spelling, ...]] = {
    "stt": (("STT",), ("Số thứ tự",), ("TT",)),
    "name": (("Họ và tên",), ("Họ tên",)),
    "social_insurance_number": (("Mã số BHXH",), ("Mã BHXH",), ("Số sổ BHXH",)),
    "id_number": (("CCCD",), ("CMND",), ("Định danh",), ("Số căn cước",)),
    "address": (("Địa chỉ",),),
    "receipt_date": (("Ngày biên lai",), ("Ngày BL",), ("Ngày lập biên lai",)),
    "receipt_number": (("Số biên lai",), ("Số BL",)),
    "income": (("Mức thu nhập",), ("Thu nhập tháng",)),
    "months": (("Số tháng đóng",), ("Số tháng",)),
    "first_month": (("Từ tháng",),),
    "state_percent": (("NSNN", "Tỷ lệ"), ("Ngân sách nhà nước", "Tỷ lệ")),
    "state_amount": (("NSNN", "Số tiền"), ("Ngân sách nhà nước", "Số tiền")),
    "notes": (("Ghi chú",),),
}
D03_COLUMNS: dict[str, tuple[Spelling, ...]] = {
    "stt": D05_COLUMNS["stt"],
    "name": D05_COLUMNS["name"],
    "social_insurance_number": D05_COLUMNS["social_insurance_number"],
    "id_number": D05_COLUMNS["id_number"],
    "birth_date": (("Ngày sinh",), ("Năm sinh",)),
    "sex": (("Giới tính",),),
    "address": (("Địa chỉ",),),
    "household_order": (("Thứ tự trong hộ",), ("Người thứ",)),
    "months": (("Số tháng",),),
    "receipt_date": D05_COLUMNS["receipt_date"],
    "receipt_number": D05_COLUMNS["receipt_number"],
    "notes": D05_COLUMNS["notes"],
}
DEVELOPMENT_COLUMNS: dict[str, tuple[Spelling, ...]] = {
    "stt": D05_COLUMNS["stt"],
    "unit": (("Đơn vị",), ("Tên đơn vị",), ("Huyện",)),
    "previous": (("Kỳ trước",), ("Tháng trước",), ("Đầu kỳ",)),
    "increase": (("Tăng",),),
    "decrease": (("Giảm",),),
    "current": (("Kỳ này",), ("Cuối kỳ",), ("Tháng này",)),
    "year_plan": (("Kế hoạch",), ("KH giao",)),
    "plan_percent": (("Tỷ lệ",), ("%",)),
}
TRACKER_COLUMNS: dict[str, tuple[Spelling, ...]] = {
    "stt": D05_COLUMNS["stt"],
    "time": (("Thời gian",), ("Thời điểm",), ("Giờ",)),
    "speed": (("Vận tốc",), ("Tốc độ",)),
    "coordinates": (("Tọa độ",),),
    "lat": (("Vĩ độ",), ("Latitude",)),
    "lon": (("Kinh độ",), ("Longitude",)),
    "place": (("Địa điểm",), ("Vị trí",), ("Địa chỉ",)),
    "status": (("Trạng thái",),),
    "plate": tuple((label,) for label in PLATE_LABELS),
}
# The columns a form's header must name for its title to be believed: a template titled
# "BÁO CÁO PHÁT TRIỂN ..." above enrollment columns is still a template.
FORM_KEY_COLUMNS: dict[str, tuple[tuple[str, dict[str, tuple[Spelling, ...]]], ...]] = {}

# Words that must not be read as part of another column's spelling: "Tỷ lệ % so với KH"
# contains "KH" but is the percent, "Số tiền đóng" is not "Số tháng đóng".
EXCLUDED: dict[str, tuple[str, ...]] = {
    "year_plan": ("Tỷ lệ",),
    "increase": ("Tỷ lệ", "Kế hoạch"),
    "decrease": ("Tỷ lệ", "Kế hoạch"),
    "months": ("Số tiền",),
    "name": ("Nhân viên",),
    "address": ("Đăng ký KCB",),
    "time": ("Thời gian dừng", "Thời gian đỗ"),
}

# --- Body rows ---------------------------------------------------------------------------------

SECTION_INCREASE = ("Tăng",)
SECTION_DECREASE = ("Giảm",)
SUBTOTAL_ROWS = ("Cộng tăng", "Cộng giảm", "Cộng", "Tổng cộng", "Tổng số", "Tổng")
PROVINCE_TOTAL_ROWS = ("Toàn tỉnh", "Tổng cộng", "Cộng", "Tổng số", "Toàn thành phố")
# A list's grand total: the signature block follows it.
LIST_TOTAL = ("Tổng cộng",)
# A group label starting so is a sub-total, not a section ("Cộng tăng", "Tổng số").
GROUP_TOTAL_STARTS = ("Cộng", "Tổng")
# A number of months may carry its unit: "3 tháng".
MONTHS_UNIT = "tháng"
SIGNATURE_WORDS = (
    "Người lập biểu",
    "Cán bộ thu",
    "Giám đốc",
    "Ký, ghi rõ họ tên",
    "Thủ trưởng",
    "Kế toán",
    "Ký tên",
)
# Notes that say whether the person is new or pays on (QĐ 490's "P.Thức Tăng_mới").
NEW_PARTICIPANT = ("Tăng mới", "Tham gia mới", "Mới")
CONTINUING_PARTICIPANT = ("Đóng tiếp", "Đóng nối tiếp", "Tiếp tục")
TRACKER_STOPPED = ("Dừng", "Đỗ", "Dừng xe", "Đỗ xe", "Stop", "Stopped", "Parked")
TRACKER_MOVING = ("Chạy",)  # "Chạy" ends a stop even where a stop word also stands

# Address parts: the prefix says what level the part names.
COMMUNE_PREFIXES = ("xã", "phường", "thị trấn", "p.", "tt.", "tt", "x.")
DISTRICT_PREFIXES = ("huyện", "quận", "thị xã", "thành phố", "tp.", "tp", "h.", "q.", "tx.", "tx")
PROVINCE_PREFIXES = ("tỉnh", "thành phố", "tp.", "tp", "t.")
# "tỉnh" names a province wherever it stands in an address ("thành phố" only last); in a
# title, a province's name follows these words.
PROVINCE_ALWAYS = ("tỉnh",)
PROVINCE_NAMED_AFTER = ("tỉnh", "thành phố")
# Development report units: "BHXH huyện Vị Xuyên" names the district after these words.
OFFICE_PREFIXES = ("Bảo hiểm xã hội", "BHXH")


def key(text: str) -> str:
    """The comparison key of a label (see :func:`label_key`)."""
    return label_key(text)


@cache
def _spelling_keys(spellings: tuple[Spelling, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(key(word) for word in spelling) for spelling in spellings)


def matches(header_key: str, spellings: tuple[Spelling, ...]) -> bool:
    """Whether a header's key contains every word of one of the spellings."""
    return any(
        all(word in header_key for word in words) for words in _spelling_keys(spellings) if words
    )


def contains_any(text: str, words: Iterable[str]) -> bool:
    """Whether the key of ``text`` contains the key of one of ``words``."""
    text_key = key(text)
    return any(key(word) and key(word) in text_key for word in words)


def column_for(
    header_key: str, columns: Mapping[str, tuple[Spelling, ...]], taken: set[str]
) -> str | None:
    """The first column of ``columns`` (in declaration order) the header names, not yet taken."""
    for name, spellings in columns.items():
        if name in taken or not matches(header_key, spellings):
            continue
        if any(key(word) in header_key for word in EXCLUDED.get(name, ())):
            continue
        return name
    return None


FORM_KEY_COLUMNS.update(
    {
        "d05": (("name", D05_COLUMNS), ("social_insurance_number", D05_COLUMNS)),
        "d03": (("name", D03_COLUMNS), ("social_insurance_number", D03_COLUMNS)),
        "development": (("unit", DEVELOPMENT_COLUMNS), ("current", DEVELOPMENT_COLUMNS)),
        "tracker": (("time", TRACKER_COLUMNS),),
    }
)
