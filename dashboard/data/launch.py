"""The launch day hour by hour: new participants per hour of one day, in Vietnam time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.data.schema import enrollment_counts

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

    Read from the counts kept per hour of registration in Vietnam time (07:00 there is
    00:00 UTC), ``dashboard.data.counts``: the cost is the day's cells, not its rows.
    """
    c = enrollment_counts.c
    where = [c.product == product]
    if province is not None:
        where.append(c.province_code == province)
    before = con.execute(
        select(func.coalesce(func.sum(c.n), 0)).where(
            *where, c.registered_on >= since, c.registered_on < day
        )
    ).scalar_one()
    hourly = [0] * 24
    untimed = 0
    per_hour = con.execute(
        select(c.hour, func.sum(c.n)).where(*where, c.registered_on == day).group_by(c.hour)
    )
    for hour, n in per_hour:
        if hour is None:
            untimed = int(n)
        else:
            hourly[hour] = int(n)
    return LaunchDay(day, int(before), tuple(hourly), untimed)
