"""The fast sheet reader gives the values openpyxl's own reader gives, cell for cell."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from dashboard.data.importers.sheetxml import open_workbook


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ngày đăng ký", "Giờ", "Thời lượng", "Số", "Tỷ lệ", "Đúng", "Mã"])
    sheet.append([dt.datetime(2022, 5, 8), dt.time(7, 30), dt.timedelta(hours=26), 1995, 0.25,
                  True, "0100025653"])  # fmt: skip
    sheet["A5"] = dt.date(2022, 6, 30)  # rows 3 and 4 are left out of the XML
    sheet["D5"] = "Quảng Bình"
    sheet["G5"] = "=1+1"  # a formula never calculated: no stored value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_values_match_openpyxl_read_only() -> None:
    content = _workbook_bytes()
    reference = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    expected = [list(row) for row in reference.worksheets[0].iter_rows(values_only=True)]
    reference.close()
    book = open_workbook(content)
    try:
        got = [(number, cells) for number, cells in book.worksheets[0].iter_values()]
    finally:
        book.close()
    assert [number for number, _ in got] == [1, 2, 3, 4, 5]
    assert got[2][1] == [] and got[3][1] == []
    for (_, cells), row in zip(got, expected, strict=True):
        if cells:
            assert cells == row[: len(cells)] and not any(row[len(cells) :])
    assert got[1][1][:4] == [dt.datetime(2022, 5, 8), dt.time(7, 30), dt.timedelta(hours=26), 1995]
    assert got[4][1][6] is None  # the uncalculated formula reads as empty, as in openpyxl
