"""Enrollment counts stay equal to a direct count of the rows, whatever writes or removes them.

The direct count is done here in Python (Vietnam hours through ``datetime.astimezone``), not
with the SQL that writes the counts, so the two are independent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from dashboard.data import queries
from dashboard.data.counts import cube_from_rows
from dashboard.data.importers import import_file, undo_import
from dashboard.data.launch import launch_day
from dashboard.data.metrics import DashboardData, snapshot
from dashboard.data.sample.store import load_sample, remove_sample
from dashboard.data.schema import enrollment_counts, enrollments
from dashboard.domain import CAMPAIGN_START, PRODUCTS
from tests.sample_scale import SMALL_SAMPLE
from tests.unit.data.importers.helpers_importers import csv_bytes

VIETNAM = dt.timezone(dt.timedelta(hours=7))
# The small sample's enrollments: both products' May and the tail after it as long again as
# 9-31 May, at scale (published May and launch-day totals; see tests/sample_scale.py).
SAMPLE_ENROLLMENTS = sum(
    round(may * SMALL_SAMPLE) + round((may - launch) * SMALL_SAMPLE)
    for may, launch in ((32_870, 22_306), (72_460, 53_308))
)
LAUNCH = dt.date(2022, 5, 8)
SINCE = CAMPAIGN_START

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
    assert sum(counted.values()) == SAMPLE_ENROLLMENTS
    assert any(key[3] is not None for key in counted)  # the launch day has times

    remove_sample(engine, by="test")
    assert _assert_counts_match(engine) == Counter()

    load_sample(engine, scale=SMALL_SAMPLE)
    import_file(
        engine, "enrollments", TIMED, file_name="t.csv", imported_by="hoa", participant_salt="s"
    )  # the first real file sets the sample aside in its own transaction
    assert sum(_assert_counts_match(engine).values()) == 6


def raw_launch_day(con: Connection, day: dt.date, **where: str | None) -> tuple[int, ...]:
    """Before, untimed and per hour, counted row by row."""
    e = enrollments.c
    product, province = where["product"], where.get("province")
    chosen = [e.product == product] + ([e.province_code == province] if province else [])
    before = con.execute(
        select(func.count()).where(*chosen, e.registered_on >= SINCE, e.registered_on < day)
    ).scalar_one()
    hourly, untimed = [0] * 24, 0
    for moment in con.execute(select(e.registered_at).where(*chosen, e.registered_on == day)):
        if moment[0] is None:
            untimed += 1
        else:
            hourly[moment[0].astimezone(VIETNAM).hour] += 1
    return (before, untimed, *hourly)


def _assert_screens_match_the_rows(engine: Engine) -> int:
    """The snapshot's arrays and the launch-day counts, from the counts and from the rows."""
    with engine.connect() as con:
        counted = DashboardData.load(con)
        direct = snapshot._enrollment_arrays(cube_from_rows(con))
        cube = queries.enrollment_cube(con)
        for day in (dt.date(2022, 5, 7), LAUNCH, dt.date(2022, 5, 9), dt.date(2022, 6, 1)):
            for product in PRODUCTS:
                for province in (None, "01", "79"):
                    kept = launch_day(con, day, since=SINCE, product=product, province=province)
                    assert (kept.before, kept.untimed, *kept.hourly) == raw_launch_day(
                        con, day, product=product, province=province
                    )
    first_day, running, by_province, unmatched = direct
    assert counted.first_day == first_day and counted.unmatched_enrollments == unmatched
    np.testing.assert_array_equal(counted.running, running)
    np.testing.assert_array_equal(counted.daily_by_province, by_province)
    assert int(cube["n"].sum()) == int(running[-1].sum()) + unmatched
    return int(running[-1].sum())


def test_the_screens_count_from_the_counts_what_the_rows_say(engine: Engine) -> None:
    load_sample(engine, scale=SMALL_SAMPLE)
    assert _assert_screens_match_the_rows(engine) == SAMPLE_ENROLLMENTS

    first = import_file(
        engine, "enrollments", TIMED, file_name="t.csv", imported_by="hoa", participant_salt="s"
    )  # sets the sample aside
    assert _assert_screens_match_the_rows(engine) == 6

    more = import_file(
        engine,
        "enrollments",
        TIMED.replace(b"01000000", b"01000009"),
        file_name="u.csv",
        imported_by="hoa",
        participant_salt="s",
    )
    assert _assert_screens_match_the_rows(engine) == 12

    assert first.import_id is not None and more.import_id is not None
    undo_import(engine, first.import_id)
    assert _assert_screens_match_the_rows(engine) == 6
    undo_import(engine, more.import_id)
    assert _assert_screens_match_the_rows(engine) == 0
