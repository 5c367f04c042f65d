"""Rows outside the province an editor may load, found before anything is written.

A provincial editor may import only their own province's rows. The upload screen checks this
in the preview, so that the rows of another province are problems to fix (row, column, value,
expected) before "Confirm", not a refusal after it; the confirm step checks again.
"""

from __future__ import annotations

from functools import cache

from dashboard.data.importers.problems import MAX_PROBLEMS, Message, Problem
from dashboard.data.importers.validate import ValidatedTable
from geodata import reference


@cache
def _province_names() -> dict[str, str]:
    table = reference.provinces()
    return dict(zip(table["province_code"].astype(str), table["full_name_vi"], strict=True))


def restrict_to_province(checked: ValidatedTable, province: str, file_name: str) -> None:
    """Add a problem for every row of ``checked`` placed in another province than ``province``.

    Rows without a province (the central kickoff, a point at sea) are left to the confirm
    step, which needs an administrator for them.
    """
    codes = checked.columns.get("province_code")
    if not codes:
        return
    names = _province_names()
    own = names.get(province, province)
    column = checked.headers.get("province", "province")
    expected = Message("expect_own_province", province=own)
    for j, code in enumerate(codes):
        if code is None or code == province:
            continue
        checked.problem_count += 1
        if len(checked.problems) < MAX_PROBLEMS:
            value = names.get(str(code), str(code))
            row = checked.row_numbers[j]
            checked.problems.append(Problem(file_name, row, column, value, expected))
    checked.problems.sort(key=lambda p: -1 if p.row is None else p.row)
