"""Which registration dates fall outside the campaign, or after today: a warning, not a problem.

Such rows are imported (a late registration is still a participant) but the default view
does not count them, and the warning says so with the first rows concerned. Counted over a
whole file, also when it is checked a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.data.importers.problems import Text


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

    def warnings(self) -> list[Text]:
        start, end = self.window
        found = []
        for rows, count, en, vi in (
            (
                self.outside,
                self.outside_count,
                f"outside the campaign ({start:%d/%m/%Y}–{end:%d/%m/%Y})",
                f"ngoài thời gian chiến dịch ({start:%d/%m/%Y}–{end:%d/%m/%Y})",
            ),
            (self.future, self.future_count, "in the future", "trong tương lai"),
        ):
            if count:
                listed = ", ".join(map(str, rows))
                more = "…" if count > len(rows) else ""
                found.append(
                    Text(
                        f"{count} registration date(s) {en} (rows {listed}{more}): they "
                        "are imported but the default view does not count them",
                        f"{count} ngày đăng ký {vi} (dòng {listed}{more}): vẫn được nhập "
                        "nhưng khung xem mặc định không tính",
                    )
                )
        return found
