"""The launch day hour by hour: Vietnam hours from UTC times, untimed rows, the base."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from dashboard.data.launch import launch_day
from dashboard.figures.launch import hourly_chart

UTC = dt.UTC
VSI, HHI = "bhxh_tu_nguyen", "bhyt_ho_gia_dinh"
LABELS = {k: k for k in ("hour", "per_hour", "running", "target", "passed")}


def test_hours_are_vietnam_hours(engine: Engine, record_import, make_enrollment) -> None:
    def row(day: str, at: dt.datetime | None, product: str = VSI, district: str = "001"):
        return make_enrollment(day, district, registered_at=at, product=product)

    with engine.begin() as con:
        record_import(con, "enrollments", [
            row("2022-05-07", None),  # the day before: the base
            row("2022-05-08", dt.datetime(2022, 5, 8, 1, 15, tzinfo=UTC)),  # 08:15 in Hà Nội
            row("2022-05-08", dt.datetime(2022, 5, 8, 1, 45, tzinfo=UTC)),
            row("2022-05-08", dt.datetime(2022, 5, 7, 17, 5, tzinfo=UTC)),  # 00:05 on the 8th
            row("2022-05-08", None),
            row("2022-05-08", dt.datetime(2022, 5, 8, 2, 0, tzinfo=UTC), HHI),
            row("2022-05-08", dt.datetime(2022, 5, 8, 2, 0, tzinfo=UTC), VSI, "760"),
        ])  # fmt: skip

    with engine.connect() as con:
        day = launch_day(con, dt.date(2022, 5, 8), since=dt.date(2022, 5, 1), product=VSI)
        hanoi = launch_day(
            con, dt.date(2022, 5, 8), since=dt.date(2022, 5, 1), product=VSI, province="01"
        )

    assert (day.before, day.untimed, day.total) == (1, 1, 6)
    assert {h: n for h, n in enumerate(day.hourly) if n} == {0: 1, 8: 2, 9: 1}
    assert {h: n for h, n in enumerate(hanoi.hourly) if n} == {0: 1, 8: 2}


def test_the_chart_marks_the_hour_the_target_was_passed() -> None:
    hourly = [0] * 8 + [3, 5, 4] + [0] * 13

    fig = hourly_chart(hourly, before=2, target=9, labels=LABELS, lang="vi")

    curve, running, target, passed = fig.data
    assert list(curve.y) == hourly and curve.fill == "tozeroy"
    assert list(running.y)[8:11] == [5, 10, 14]
    assert list(target.y) == [9, 9] and list(passed.x) == ["09:00"]
    assert fig.layout.separators == ",."  # Vietnamese numbers: 1.234.567
