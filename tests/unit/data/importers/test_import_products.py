"""Products and registration times in enrollment and target files, on both backends."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.engine import Engine

from dashboard.data.importers import import_file
from dashboard.data.schema import enrollments, targets
from tests.unit.data.importers.helpers_importers import csv_bytes

VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _import(engine: Engine, kind: str, content: bytes, name: str = "f.csv"):
    return import_file(
        engine, kind, content, file_name=name, imported_by="test", participant_salt="s"
    )


def _stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as con:
        rows = con.execute(
            select(
                enrollments.c.product,
                enrollments.c.registered_on,
                enrollments.c.registered_at,
            ).order_by(enrollments.c.id)
        ).all()
    return [(p, on, None if at is None else at.astimezone(VIETNAM)) for p, on, at in rows]


def test_products_in_words_and_times_in_every_form(engine: Engine) -> None:
    content = csv_bytes(
        "Ngày đăng ký,Thời điểm đăng ký,Loại hình,Tỉnh/Thành phố,Quận/Huyện,Kênh,Mã số BHXH",
        "08/05/2022,08/05/2022 07:45,BHXH tự nguyện,Hà Nội,Ba Đình,Bưu điện,0100000001",
        "08/05/2022,2022-05-08T23:30:00+07:00,BHYT hộ gia đình,Hà Nội,Ba Đình,Bưu điện,0100000001",
        "08/05/2022,,bhyt ho gia dinh,Hà Nội,Ba Đình,Trực tuyến,0100000002",
        "08/05/2022 10:05,,,Hà Nội,Ba Đình,Trực tuyến,",
    )

    result = _import(engine, "enrollments", content)

    assert result.status == "imported", [str(p) for p in result.problems]
    # The same person in both products counts once in each.
    assert result.added_count == 4
    assert _stored(engine) == [
        ("bhxh_tu_nguyen", dt.date(2022, 5, 8), dt.datetime(2022, 5, 8, 7, 45, tzinfo=VIETNAM)),
        ("bhyt_ho_gia_dinh", dt.date(2022, 5, 8), dt.datetime(2022, 5, 8, 23, 30, tzinfo=VIETNAM)),
        ("bhyt_ho_gia_dinh", dt.date(2022, 5, 8), None),
        ("bhxh_tu_nguyen", dt.date(2022, 5, 8), dt.datetime(2022, 5, 8, 10, 5, tzinfo=VIETNAM)),
    ]


def test_a_file_without_products_is_voluntary_insurance(engine: Engine) -> None:
    content = csv_bytes("registered_on,province,district,channel", "2022-05-09,79,760,online")

    assert _import(engine, "enrollments", content).status == "imported"
    assert _stored(engine) == [("bhxh_tu_nguyen", dt.date(2022, 5, 9), None)]


def test_excel_date_times_and_a_date_time_column_alone(engine: Engine) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ngày giờ đăng ký", "Sản phẩm", "Tỉnh", "Huyện", "Kênh"])
    sheet.append([dt.datetime(2022, 5, 8, 9, 15), "BHYT HGĐ", "Hà Tĩnh", "Huyện Kỳ Anh", "BHXH"])
    sheet.append([44689.75, "VSI", "Hà Tĩnh", "447", "BHXH"])  # a serial: 8 May, 18:00
    buffer = io.BytesIO()
    book.save(buffer)

    result = _import(engine, "enrollments", buffer.getvalue(), "dang_ky.xlsx")

    assert result.status == "imported", [str(p) for p in result.problems]
    assert _stored(engine) == [
        ("bhyt_ho_gia_dinh", dt.date(2022, 5, 8), dt.datetime(2022, 5, 8, 9, 15, tzinfo=VIETNAM)),
        ("bhxh_tu_nguyen", dt.date(2022, 5, 8), dt.datetime(2022, 5, 8, 18, 0, tzinfo=VIETNAM)),
    ]


@pytest.mark.parametrize(
    ("at", "product", "column", "value"),
    [
        ("09/05/2022 08:00", "BHXH tự nguyện", "Thời điểm đăng ký", "09/05/2022 08:00"),
        ("08/05/2022 08:00", "BHYT bắt buộc", "Loại hình", "BHYT bắt buộc"),
    ],
)
def test_a_time_off_its_day_or_an_unknown_product_is_refused(
    engine: Engine, at: str, product: str, column: str, value: str
) -> None:
    content = csv_bytes(
        "Ngày đăng ký,Thời điểm đăng ký,Loại hình,Tỉnh/Thành phố,Quận/Huyện,Kênh",
        f"08/05/2022,{at},{product},Hà Nội,Ba Đình,Bưu điện",
    )

    result = _import(engine, "enrollments", content)

    assert result.status == "rejected"
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (2, column, value)
    assert _stored(engine) == []


def test_targets_per_product(engine: Engine) -> None:
    content = csv_bytes(
        "Loại hình,Tỉnh/Thành phố,Chỉ tiêu",
        "BHXH tự nguyện,Hà Nội,300",
        "BHYT hộ gia đình,Hà Nội,900",
        ",Hà Tĩnh,120",
    )

    assert _import(engine, "targets", content, "chi_tieu.csv").status == "imported"
    with engine.connect() as con:
        rows = con.execute(
            select(
                targets.c.product, targets.c.province_code, targets.c.target_new_participants
            ).order_by(targets.c.id)
        ).all()
    assert rows == [
        ("bhxh_tu_nguyen", "01", 300),
        ("bhyt_ho_gia_dinh", "01", 900),
        ("bhxh_tu_nguyen", "42", 120),
    ]
