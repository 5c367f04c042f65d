"""Which registration dates fall outside the campaign, or after today: a warning, not a problem.

Such rows are imported (a late registration is still a participant) but the default view
does not count them, and the warning says so with the first rows concerned. Counted over a
whole file, also when it is checked a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.data.importers.problems import Message


class DatesOutside:
    """Registration dates outside the campaign, or after today, counted over a whole file."""

    SHOWN = 10  # row numbers named in a warning

    def __init__(self, window: tuple[dt.date, dt.date], today: dt.date) -> None:
        self.window, self.today = window, today
        self.outside: list[int] = []
        self.future: list[int] = []
        self.outside_count = self.future_count = 0

    def add(self, days: list[Any], row_numbers: list[int]) -> None:
        """Count the dates of some rows (a file's, or the next chunk of it)."""
        start, end = self.window
        distinct = set(days) - {None}  # a few hundred days in a million rows
        early = {day for day in distinct if not start <= day <= end}
        late = {day for day in distinct if day > self.today}
        outside = [j for j, day in enumerate(days) if day in early] if early else []
        future = [j for j, day in enumerate(days) if day in late] if late else []
        self.outside_count += len(outside)
        self.future_count += len(future)
        self.outside += [row_numbers[j] for j in outside[: self.SHOWN - len(self.outside)]]
        self.future += [row_numbers[j] for j in future[: self.SHOWN - len(self.future)]]

    def warnings(self) -> list[Message]:
        start, end = self.window
        campaign = Message(
            "when_outside_campaign", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"
        )
        found = []
        for rows, count, when in (
            (self.outside, self.outside_count, campaign),
            (self.future, self.future_count, Message("when_future")),
        ):
            if count:
                found.append(
                    Message(
                        "warn_registration_dates",
                        count=count,
                        when=when,
                        rows=", ".join(map(str, rows)),
                        more="…" if count > len(rows) else "",
                    )
                )
        return found
