"""Made-up files laid out like the real forms (docs/data-formats.md, "Real forms"), in variants.

Every person, number and receipt here is invented. The builders return the file's bytes, so
tests import them straight from memory; ``python -m tests.form_files examples`` writes the
usual variant of each form into ``examples/``.

Variants, as real exports differ: the header merged over four rows, over three, or flattened
into one (a CSV export); the column-code row present or not; blank and signature rows; XLSX
or CSV (where a merged cell's label stands in its first cell only); headers with or without
diacritics.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geodata.names import fold_diacritics

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


@dataclass
class Sheet:
    """Rows of cells and merged ranges, written as XLSX or as a CSV export would be."""

    rows: list[list[Any]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    def add(self, *cells: Any, merge_to: int | None = None) -> None:
        """Append a row; ``merge_to`` merges its first cell across to that column."""
        self.rows.append(list(cells))
        if merge_to:
            row = len(self.rows)
            self.merges.append((row, 1, row, merge_to))

    def xlsx(self) -> bytes:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in self.rows:
            sheet.append(row)
        for r1, c1, r2, c2 in self.merges:
            sheet.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def csv(self, delimiter: str = ",") -> bytes:
        width = max([len(row) for row in self.rows] + [m[3] for m in self.merges])
        grid = [[*row, *([None] * (width - len(row)))] for row in self.rows]
        for r1, c1, r2, c2 in self.merges:  # only the top-left cell keeps the label
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        grid[r - 1][c - 1] = None
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        for row in grid:
            writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
        return out.getvalue().encode("utf-8-sig")


def _csv_cell(cell: Any) -> str:
    if isinstance(cell, dt.datetime):
        return f"{cell:%d/%m/%Y %H:%M:%S}"
    if isinstance(cell, dt.date):
        return f"{cell:%d/%m/%Y}"
    return str(cell)


def _plain(text: Any, diacritics: bool) -> Any:
    """Header text without its diacritics, as some exports write it."""
    if diacritics or not isinstance(text, str):
        return text
    return "".join(fold_diacritics(ch.lower()) if ch.isalpha() else ch for ch in text)


def _blank(cells: Sequence[Any], width: int) -> list[Any]:
    return [*cells, *([None] * (width - len(cells)))]


# --- D05-TS ----------------------------------------------------------------------------------

D05_WIDTH = 20
# Made-up participants: (name, social insurance no., ID card, address, receipt date, receipt,
# income, months, first month, state support %, notes).
D05_PEOPLE = [
    ("Nguyễn Thị Hoa", "0223012345", "002190001234", "Thôn Nà Sài, xã Phương Tiến, huyện Vị Xuyên",
     dt.date(2022, 5, 8), "0004512", 1_500_000, 3, "05/2022", 10, "Tăng mới"),
    ("Trần Văn Bình", "", "002085004321", "Tổ 3, thị trấn Vị Xuyên",
     dt.date(2022, 5, 8), "0004513", 1_500_000, 12, "05/2022", 30, "P.Thức Tăng_mới"),
    ("Lò Thị Mai", "0223056789", "002195007777", "Thôn Khuổi Luông",
     dt.date(2022, 5, 9), "0004514", 2_000_000, 1, "05/2022", 25, ""),
    ("Hoàng Văn Sơn", "0223011111", "002180002222", "xã Đạo Đức",
     dt.date(2022, 5, 9), "0004515", 1_500_000, 6, "05/2022", 10, "P.Thức Đóng_tiếp"),
]  # fmt: skip
D05_DECREASE = ("Phạm Thị Lan", "0223099999", "002170003333", "xã Việt Lâm",
                dt.date(2022, 5, 10), "0004516", 1_500_000, 1, "05/2022", 10, "")  # fmt: skip


@dataclass(frozen=True)
class D05Options:
    header_rows: int = 4  # 4, 3 or 1 (flattened)
    codes_row: bool = True
    diacritics: bool = True
    receipt_date: bool = True  # the "Ngày biên lai" column
    foot_date: bool = True  # "Vị Xuyên, ngày 31 tháng 5 năm 2022" above the signatures
    address_of: str = ""  # replaces the first person's address
    people: int = 4


def d05(options: D05Options = D05Options()) -> Sheet:
    """A D05-TS list of Bưu điện huyện Vị Xuyên: 3 new participants, 1 continuing, 1 decrease."""
    o, sheet, w = options, Sheet(), D05_WIDTH
    sheet.add("BẢO HIỂM XÃ HỘI VIỆT NAM", *([None] * 16), "Mẫu D05-TS")
    sheet.add("Tên đơn vị/Điểm thu: BƯU ĐIỆN HUYỆN VỊ XUYÊN")
    sheet.add("Mã đơn vị/Điểm thu: BD02030")
    sheet.add("Địa chỉ: Tổ 5, thị trấn Vị Xuyên, huyện Vị Xuyên, tỉnh Hà Giang")
    sheet.add("DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI TỰ NGUYỆN", merge_to=w)
    sheet.add("Số: 15 tháng 5 năm 2022", merge_to=w)
    sheet.add()
    _d05_header(sheet, o)
    receipt_col = 5
    sheet.add("I", "Tăng")
    sheet.add("I.1", "Người tham gia")
    for i, person in enumerate(D05_PEOPLE[: o.people], start=1):
        if i == 1 and o.address_of:
            person = (*person[:3], o.address_of, *person[4:])
        sheet.add(*_d05_row(i, person))
    sheet.add(None, "Cộng tăng", *([None] * 8), 6_000_000)
    sheet.add("II", "Giảm")
    sheet.add(*_d05_row(1, D05_DECREASE))
    sheet.add(None, "Cộng giảm")
    sheet.add(None, "TỔNG CỘNG")
    sheet.add()
    if o.foot_date:
        sheet.add(*([None] * 14), "Vị Xuyên, ngày 31 tháng 5 năm 2022")
    sheet.add("NGƯỜI LẬP BIỂU", None, None, None, None, "CÁN BỘ THU TIỀN", *([None] * 8),
              "GIÁM ĐỐC BƯU ĐIỆN HUYỆN")  # fmt: skip
    sheet.add("(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký, ghi rõ họ tên)")
    if not o.receipt_date:
        for row in sheet.rows:
            if len(row) > receipt_col:
                del row[receipt_col]
        col = receipt_col + 1  # 1-based, as merges are
        sheet.merges = [
            (r1, c1 - (c1 > col), r2, c2 - (c2 > col))
            for r1, c1, r2, c2 in sheet.merges
            if not c1 == c2 == col
        ]
    return sheet


def _d05_header(sheet: Sheet, o: D05Options) -> None:
    p = lambda text: _plain(text, o.diacritics)  # noqa: E731
    leaves = ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD/CMND", "Địa chỉ", "Ngày biên lai",
              "Số biên lai", "Mức thu nhập tháng đóng BHXH"]  # fmt: skip
    tail = ["Mã số nhân viên thu", "Ghi chú"]
    support = ["NSNN hỗ trợ theo quy định", "NSĐP hỗ trợ thêm", "Hỗ trợ khác"]
    if o.header_rows == 1:
        flat = [*leaves, "Phương thức đóng - Số tháng đóng", "Phương thức đóng - Từ tháng/năm",
                "Số tiền phải đóng theo quy định", "Người tham gia đóng"]  # fmt: skip
        for group in support:
            flat += [f"{group} - Tỷ lệ % được hỗ trợ", f"{group} - Số tiền"]
        sheet.add(*map(p, [*flat, *tail]))
    else:
        top = len(sheet.rows) + 1
        rows = o.header_rows
        r1 = [*leaves, "Phương thức đóng", None, "Số tiền đóng", *([None] * 7), *tail]
        r2 = [*([None] * 8), "Số tháng đóng", "Từ tháng/năm", "Số tiền phải đóng theo quy định",
              "Người tham gia đóng", "Trong đó", *([None] * 5)]  # fmt: skip
        groups = [support[0], None, support[1], None, support[2], None]
        pairs = ["Tỷ lệ % được hỗ trợ", "Số tiền"] * 3
        if rows == 4:
            body = [r1, r2, [*([None] * 12), *groups], [*([None] * 12), *pairs]]
        else:  # three rows: "Trong đó" left out, group and leaf in one row
            body = [
                r1,
                r2[:12],
                [
                    *([None] * 12),
                    *(
                        f"{g} - {x}"
                        for g, x in zip(
                            [support[0]] * 2 + [support[1]] * 2 + [support[2]] * 2,
                            pairs,
                            strict=True,
                        )
                    ),
                ],
            ]
        for row in body:
            sheet.add(*map(p, _blank(row, D05_WIDTH)))
        last = top + rows - 1
        for c in [*range(1, 9), 19, 20]:
            sheet.merges.append((top, c, last, c))
        sheet.merges += [(top, 9, top, 10), (top, 11, top, 18)]
        sheet.merges += [(top + 1, 9, last, 9), (top + 1, 10, last, 10)]
        sheet.merges += [(top + 1, 11, last, 11), (top + 1, 12, last, 12)]
        if rows == 4:
            sheet.merges += [(top + 1, 13, top + 1, 18)]
            sheet.merges += [(top + 2, c, top + 2, c + 1) for c in (13, 15, 17)]
    if o.codes_row:
        sheet.add("A", "B", "C", *map(str, range(1, 18)))


def _d05_row(number: int, person: tuple[Any, ...]) -> list[Any]:
    name, ref, card, address, day, receipt, income, months, first, pct, notes = person
    due = income * 22 // 100 * months
    state = income * 22 // 100 * pct // 100 * months
    return [number, name, ref or None, card, address, day, receipt, income, months, first,
            due, due - state, pct, state, None, None, None, None, "NV0203001", notes]  # fmt: skip


# --- D03-TS ----------------------------------------------------------------------------------

D03_HEADER = ["STT", "Họ và tên người tham gia", "Mã số BHXH", "Số CCCD/Định danh", "Ngày sinh",
              "Giới tính", "Địa chỉ cư trú", "Nơi đăng ký KCB ban đầu", "Thứ tự trong hộ",
              "Mức đóng", "Tỷ lệ đóng (%)", "Số tiền đóng", "Số tháng", "Từ ngày", "Đến ngày",
              "Ngày biên lai", "Số biên lai", "Mã đợt nộp", "Nhân viên thu", "Ghi chú"]  # fmt: skip
D03_MEMBERS = [
    ("Đỗ Văn Tâm", "0223070001", "002080005555", "12/03/1980", "Nam", "Người thứ 1"),
    ("Đỗ Thị Hằng", "", "002185006666", "02/11/1985", "Nữ", "Người thứ 2"),
    ("Đỗ Minh Khôi", "0223070003", "002210007777", "20/07/2006", "Nam", "Người thứ 3"),
]  # fmt: skip


def d03(*, codes_row: bool = True, diacritics: bool = True) -> Sheet:
    """A D03-TS list of one household of three, by Bưu điện huyện Vị Xuyên."""
    sheet = Sheet()
    sheet.add("BẢO HIỂM XÃ HỘI VIỆT NAM", *([None] * 17), "Mẫu D03-TS")
    sheet.add("Tên đơn vị/Điểm thu: BƯU ĐIỆN HUYỆN VỊ XUYÊN")
    sheet.add("Địa chỉ: Tổ 5, thị trấn Vị Xuyên, huyện Vị Xuyên, tỉnh Hà Giang")
    sheet.add("DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM Y TẾ HỘ GIA ĐÌNH", merge_to=20)
    sheet.add()
    sheet.add(*(_plain(h, diacritics) for h in D03_HEADER))
    if codes_row:
        sheet.add("A", "B", *map(str, range(1, 19)))
    for i, (name, ref, card, born, sex, order) in enumerate(D03_MEMBERS, start=1):
        share = (100, 70, 60)[i - 1]
        sheet.add(i, name, ref or None, card, born, sex, "Thôn Nà Sài, xã Phương Tiến",
                  "TTYT huyện Vị Xuyên", order, 1_788_000, share, 1_788_000 * share // 100, 12,
                  "01/06/2022", "31/05/2023", "20/05/2022", f"00081{i}", "DN0522", "NV0203001",
                  None)  # fmt: skip
    sheet.add(None, "TỔNG CỘNG", *([None] * 9), "3 người tham gia")
    sheet.add()
    sheet.add("NGƯỜI LẬP BIỂU", *([None] * 9), "GIÁM ĐỐC")
    return sheet


# --- Development report ------------------------------------------------------------------------

DEVELOPMENT_UNITS = [
    ("BHXH thành phố Hà Giang", 1020, 90, 8, 1200),
    ("BHXH huyện Vị Xuyên", 1310, 130, 10, 1500),
    ("BHXH huyện Yên Minh", 1503, 210, 12, 1900),
]


def development(
    *,
    title: str = "BÁO CÁO TÌNH HÌNH PHÁT TRIỂN NGƯỜI THAM GIA BHXH TỰ NGUYỆN THÁNG 5/2022",
    total_off: int = 0,
    codes_row: bool = False,
    diacritics: bool = True,
    flat: bool = False,
) -> Sheet:
    """Hà Giang's report for May 2022: three district offices and the "Toàn tỉnh" row."""
    sheet = Sheet()
    p = lambda text: _plain(text, diacritics)  # noqa: E731
    sheet.add("BẢO HIỂM XÃ HỘI TỈNH HÀ GIANG")
    sheet.add(title, merge_to=8)
    sheet.add()
    group = "Số người tham gia BHXH tự nguyện"
    if flat:
        sheet.add(*map(p, ["STT", "Đơn vị", f"{group} - Kỳ trước", "Tăng", "Giảm", "Kỳ này",
                           "Kế hoạch giao năm 2022", "Tỷ lệ % so với KH"]))  # fmt: skip
    else:
        top = len(sheet.rows) + 1
        sheet.add(*map(p, ["STT", "Đơn vị", group, None, None, None, "Kế hoạch giao năm 2022",
                           "Tỷ lệ % so với KH"]))  # fmt: skip
        sheet.add(None, None, *map(p, ["Kỳ trước", "Tăng", "Giảm", "Kỳ này"]))
        sheet.merges += [(top, 1, top + 1, 1), (top, 2, top + 1, 2), (top, 3, top, 6)]
        sheet.merges += [(top, 7, top + 1, 7), (top, 8, top + 1, 8)]
    if codes_row:
        sheet.add("A", "B", "1", "2", "3", "4", "5", "6")
    rows = [(u, b, i, d, b + i - d, plan) for u, b, i, d, plan in DEVELOPMENT_UNITS]
    sums = [sum(r[k] for r in rows) for k in range(1, 6)]
    sums[3] += total_off
    sheet.add(None, "Toàn tỉnh", *sums, f"{sums[3] / sums[4] * 100:.1f}".replace(".", ","))
    for n, (unit, *numbers) in enumerate(rows, start=1):
        sheet.add(n, unit, *numbers, f"{numbers[3] / numbers[4] * 100:.1f}".replace(".", ","))
    sheet.add()
    sheet.add(None, None, None, None, None, "Hà Giang, ngày 05 tháng 6 năm 2022")
    sheet.add(None, "NGƯỜI LẬP BIỂU", None, None, None, "GIÁM ĐỐC")
    return sheet


# --- Tracker report ---------------------------------------------------------------------------

# (minutes after 07:00, lat, lon, speed, status, place): a drive through Vị Xuyên with a stop of
# 10 minutes (one stop) and a halt of 2 minutes (not a stop).
TRACK = [
    (0, 22.6700, 104.9840, 32, "Chạy", "QL2, thị trấn Vị Xuyên"),
    (2, 22.6760, 104.9850, 35, "Chạy", "QL2, thị trấn Vị Xuyên"),
    (4, 22.6820, 104.9860, 0, "Dừng", "UBND xã Phương Tiến"),
    (9, 22.6821, 104.9861, 0, "Dừng", "UBND xã Phương Tiến"),
    (14, 22.6821, 104.9861, 0, "Đỗ", "UBND xã Phương Tiến"),
    (16, 22.6880, 104.9870, 28, "Chạy", "QL2"),
    (18, 22.6940, 104.9880, 0, "Dừng", "Chợ Vị Xuyên"),
    (20, 22.7000, 104.9890, 30, "Chạy", "QL2"),
]  # fmt: skip


def tracker(
    *,
    plate: str = "23A-012.34",
    plate_in_title: bool = True,
    coordinates: bool = True,
    diacritics: bool = True,
) -> Sheet:
    """A journey report of 8 fixes on 08/05/2022 with one stop."""
    sheet = Sheet()
    p = lambda text: _plain(text, diacritics)  # noqa: E731
    sheet.add("BÁO CÁO HÀNH TRÌNH XE CHẠY", merge_to=7)
    if plate_in_title:
        sheet.add(f"Biển số: {plate}")
    sheet.add("Từ 08/05/2022 00:00 đến 08/05/2022 23:59")
    sheet.add()
    where = ["Tọa độ"] if coordinates else ["Vĩ độ", "Kinh độ"]
    plate_column = [] if plate_in_title else ["Biển kiểm soát"]
    sheet.add(*map(p, ["STT", *plate_column, "Thời gian", "Vận tốc (km/h)", *where, "Địa điểm",
                       "Trạng thái"]))  # fmt: skip
    for n, (minutes, lat, lon, speed, status, place) in enumerate(TRACK, start=1):
        at = dt.datetime(2022, 5, 8, 7, 0) + dt.timedelta(minutes=minutes)
        position = [f"{lat:.5f}, {lon:.5f}"] if coordinates else [
            f"{lat:.5f}".replace(".", ","), f"{lon:.5f}".replace(".", ",")]  # fmt: skip
        plate_cell = [] if plate_in_title else [plate]
        sheet.add(n, *plate_cell, f"{at:%d/%m/%Y %H:%M:%S}", speed, *position, place, status)
    return sheet


def kml(*, line: bool = False, name: str = "23-B1 234.56") -> bytes:
    """A KML track of 4 fixes (gx:Track), or a LineString with a TimeSpan."""
    coords = [(104.9840, 22.6700), (104.9850, 22.6760), (104.9860, 22.6820), (104.9870, 22.6880)]
    if line:
        body = (
            "<TimeSpan><begin>2022-05-08T08:00:00+07:00</begin>"
            "<end>2022-05-08T08:30:00+07:00</end></TimeSpan><LineString><coordinates>"
            + " ".join(f"{x},{y},0" for x, y in coords)
            + "</coordinates></LineString>"
        )
    else:
        whens = "".join(f"<when>2022-05-08T08:{m:02d}:00+07:00</when>" for m in (0, 5, 10, 15))
        body = "<gx:Track>" + whens + "".join(f"<gx:coord>{x} {y} 0</gx:coord>" for x, y in coords)
        body += "</gx:Track>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">'
        f"<Document><Placemark><name>{name}</name>{body}</Placemark></Document></kml>"
    ).encode()


def batch(members: dict[str, bytes]) -> bytes:
    """A ZIP of track files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


EXAMPLES = {
    "d05_buu_dien_vi_xuyen.xlsx": lambda: d05().xlsx(),
    "d05_buu_dien_vi_xuyen.csv": lambda: d05(D05Options(header_rows=1, codes_row=False)).csv(),
    "d03_buu_dien_vi_xuyen.xlsx": lambda: d03().xlsx(),
    "bao_cao_phat_trien_ha_giang_2022_05.xlsx": lambda: development().xlsx(),
    "hanh_trinh_23A-012.34.xlsx": lambda: tracker().xlsx(),
    "hanh_trinh_xe_may.csv": lambda: tracker(
        plate="23-B1 234.56", plate_in_title=False, coordinates=False
    ).csv(";"),
    "lo_trinh_23-B1_234.56.kml": lambda: kml(),
}


def write_examples(folder: Path) -> None:
    """Write the usual variant of each form, and a ZIP of the tracks, into ``folder``."""
    for name, build in EXAMPLES.items():
        (folder / name).write_bytes(build())
    members = {name: (folder / name).read_bytes() for name in EXAMPLES if "trinh" in name}
    (folder / "lo_trinh_nhieu_xe.zip").write_bytes(batch(members))


if __name__ == "__main__":
    write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else "examples"))
