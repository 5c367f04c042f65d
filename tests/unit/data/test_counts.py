"""Enrollment counts stay equal to a direct count of the rows, whatever writes or removes them.

The direct count is done here in Python (Vietnam hours through ``datetime.astimezone``), not
with the SQL that writes the counts, so the two are independent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from dashboard.data.importers import import_file, undo_import
from dashboard.data.sample.store import load_sample, remove_sample
from dashboard.data.schema import enrollment_counts, enrollments
from tests.sample_scale import SMALL_SAMPLE
from tests.unit.data.importers.helpers_importers import csv_bytes

VIETNAM = dt.timezone(dt.timedelta(hours=7))

TIMED = csv_bytes(
    "Ngày đăng ký,Thời điểm đăng ký,Loại hình,Tỉnh/Thành phố,Quận/Huyện,Kênh,Mã số BHXH",
    "08/05/2022,08/05/2022 00:05,BHXH tự nguyện,Hà Nội,Ba Đình,Bưu điện,0100000001",
    "08/05/2022,08/05/2022 07:45,BHXH tự nguyện,Hà Nội,Ba Đình,Bưu điện,0100000002",
    "08/05/2022,08/05/2022 07:59,BHXH tự nguyện,Hà Nội,Ba Đình,Bưu điện,0100000003",
    "08/05/2022,08/05/2022 23:30,BHYT hộ gia đình,Hà Nội,Ba Đình,Bưu điện,0100000001",
    "08/05/2022,,BHXH tự nguyện,Hà Nội,Ba Đình,Trực tuyến,0100000004",
    "09/05/2022,,BHXH tự nguyện,TP. Hồ Chí Minh,Quận 1,Trực tuyến,0100000005",
    "09/05/2022,,BHXH tự nguyện,TP. Hồ Chí Minh,Quận 1,Trực tuyến,0100000005",  # skipped
)
KEY = ("import_id", "product", "registered_on", "hour", "province_code", "district_code")


def direct_counts(con: Connection) -> Counter[tuple[object, ...]]:
    """Enrollments per counted cell, read row by row."""
    e = enrollments.c
    rows = con.execute(
        select(*(e[name] for name in KEY if name != "hour"), e.channel, e.registered_at)
    ).all()
    return Counter(
        (*row[:3], None if row[-1] is None else row[-1].astimezone(VIETNAM).hour, *row[3:-1])
        for row in rows
    )


def stored_counts(con: Connection) -> Counter[tuple[object, ...]]:
    c = enrollment_counts.c
    rows = con.execute(select(*(c[name] for name in KEY), c.channel, c.n)).all()
    counted: Counter[tuple[object, ...]] = Counter()
    for *key, n in rows:
        assert n > 0
        counted[tuple(key)] += n
    return counted


def _assert_counts_match(engine: Engine) -> Counter[tuple[object, ...]]:
    with engine.connect() as con:
        direct, stored = direct_counts(con), stored_counts(con)
    assert stored == direct
    return stored


def test_an_import_writes_its_counts_and_an_undo_removes_them(engine: Engine) -> None:
    result = import_file(
        engine, "enrollments", TIMED, file_name="t.csv", imported_by="hoa", participant_salt="s"
    )
    assert result.status == "imported", [str(p) for p in result.problems]

    counted = _assert_counts_match(engine)
    hours: Counter[object] = Counter()
    for key, n in counted.items():
        hours[(key[1][:4], key[3])] += n
    # 00:05, 07:45 and 07:59 in Vietnam time; two rows without a time.
    assert hours == {("bhxh", 0): 1, ("bhxh", 7): 2, ("bhxh", None): 2, ("bhyt", 23): 1}
    assert sum(counted.values()) == 6  # the repeated participant is not counted twice

    assert result.import_id is not None
    undo_import(engine, result.import_id)
    assert _assert_counts_match(engine) == Counter()


def test_the_sample_writes_counts_and_setting_it_aside_removes_them(engine: Engine) -> None:
    load_sample(engine, scale=SMALL_SAMPLE)
    counted = _assert_counts_match(engine)
    # Both products, May and the tail after it, at scale (see tests/sample_scale.py).
    assert sum(counted.values()) == sum(
        round(may * SMALL_SAMPLE) + round((may - launch) * SMALL_SAMPLE)
        for may, launch in ((32_870, 22_306), (72_460, 53_308))
    )
    assert any(key[3] is not None for key in counted)  # the launch day has times

    remove_sample(engine, by="test")
    assert _assert_counts_match(engine) == Counter()

    load_sample(engine, scale=SMALL_SAMPLE)
    import_file(
        engine, "enrollments", TIMED, file_name="t.csv", imported_by="hoa", participant_salt="s"
    )  # the first real file sets the sample aside in its own transaction
    assert sum(_assert_counts_match(engine).values()) == 6
