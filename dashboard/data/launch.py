"""The launch day hour by hour: new participants per hour of one day, in Vietnam time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import enrollments

# Vietnam time (UTC+7, no daylight saving since 1975): the hour a leader reads on the clock.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class LaunchDay:
    """One day's registrations.

    Attributes:
        day: The day (Vietnam time).
        before: Registrations from ``since`` up to the day before (the running total's base).
        hourly: Registrations with a time, per hour 0-23.
        untimed: Registrations of the day that carry no time.
    """

    day: dt.date
    before: int
    hourly: tuple[int, ...]
    untimed: int

    @property
    def total(self) -> int:
        """Every registration up to the end of the day."""
        return self.before + sum(self.hourly) + self.untimed


def launch_day(
    con: Connection,
    day: dt.date,
    *,
    since: dt.date,
    product: str,
    province: str | None = None,
) -> LaunchDay:
    """Count ``product``'s registrations on ``day`` per hour, and those since ``since``.

    Times are stored in UTC; an hour here is Vietnam's, so 07:00 is 00:00 UTC.
    """
    where = [enrollments.c.product == product]
    if province is not None:
        where.append(enrollments.c.province_code == province)
    before = con.execute(
        select(func.count()).where(
            *where, enrollments.c.registered_on >= since, enrollments.c.registered_on < day
        )
    ).scalar_one()
    hourly = [0] * 24
    untimed = 0
    moments = con.execute(
        select(enrollments.c.registered_at).where(*where, enrollments.c.registered_on == day)
    ).scalars()
    for moment in moments:
        if moment is None:
            untimed += 1
        else:
            hourly[moment.astimezone(VIETNAM_TIME).hour] += 1
    return LaunchDay(day, int(before), tuple(hourly), untimed)
