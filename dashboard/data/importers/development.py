"""The monthly development report of a provincial office, read as participants.

"BÁO CÁO TÌNH HÌNH PHÁT TRIỂN NGƯỜI THAM GIA BHXH TỰ NGUYỆN THÁNG 5/2022", one row per
district office ("BHXH huyện Vị Xuyên"): the stock "Kỳ này" per district for the month, with
"Tăng" and "Giảm" kept, and the year's plan ("Kế hoạch giao năm 2022": participants to reach,
a stock, never a target of new participants). The period and the province come from the
title. Each row must add up ("Kỳ này" = "Kỳ trước" + "Tăng" − "Giảm"), and the "Toàn tỉnh" row
must be the sum of the districts; it is checked, not stored.
"""

from __future__ import annotations

import re
from functools import partial

from dashboard.data.importers import vocabulary
from dashboard.data.importers.cells import Invalid, as_text, is_blank, read_count
from dashboard.data.importers.converted import Converted, add_row, new_table
from dashboard.data.importers.grid import FormGrid, row_text
from dashboard.data.importers.places import PlaceFinder
from dashboard.data.importers.problems import Message, Problem, file_problem
from dashboard.data.importers.readers import Cell
from dashboard.i18n import format_number
from geodata.names import fold_diacritics, normalize_name

COLUMNS = vocabulary.DEVELOPMENT_COLUMNS
NUMBERS = ("previous", "increase", "decrease", "current", "year_plan")
STORED = {"current": "voluntary_participants", "increase": "increase", "decrease": "decrease"}
STORED["year_plan"] = "year_plan"
# On the folded title: "thang 5 2022", "thang 5 nam 2022", "t 5 2022".
_PERIOD = re.compile(r"\b(?:thang|t) (\d{1,2}) (?:nam )?(\d{4})\b")


def period_of(title: str) -> str | None:
    """The month a title names, as "YYYY-MM"."""
    match = _PERIOD.search(fold_diacritics(normalize_name(title)))
    if match is None or not 1 <= int(match[1]) <= 12:
        return None
    return f"{int(match[2]):04d}-{int(match[1]):02d}"


def convert(grid: FormGrid, finder: PlaceFinder, names: dict[str, str]) -> Converted:
    """The report's district rows as participants of the title's month and province."""
    columns = ["period", "province", "district", "voluntary_participants"]
    table = new_table(
        grid.file_name,
        grid.file_type,
        grid.header_row,
        [*columns, "increase", "decrease", "year_plan"],
    )
    labels = {STORED[name]: grid.header(name) for name in STORED}
    labels["district"] = grid.header("unit")
    title = grid.title_text()
    period, province = period_of(title), finder.province_of(title)
    result = Converted("participants", "development", table, labels, None, [], [])
    if period is None or province is None:
        result.problems.append(file_problem(grid.file_name, Message("expect_title_month_province")))
        result.description = _describe(None, None, 0, names)
        return result
    sums = dict.fromkeys(NUMBERS, 0)
    total: tuple[int, list[Cell]] | None = None
    for number, cells in grid.body:
        unit = grid.text(cells, "unit")
        if (
            not unit
            or all(is_blank(grid.cell(cells, name)) for name in NUMBERS)
            or vocabulary.contains_any(row_text(cells), vocabulary.SIGNATURE_WORDS)
        ):
            continue  # signatures, the place and date line
        if vocabulary.contains_any(unit, vocabulary.PROVINCE_TOTAL_ROWS) and not _is_office(unit):
            total = (number, cells)
            continue
        values = _numbers(grid, number, cells, result.problems)
        district = finder.district_in(unit, province)
        if district is None:
            result.problems.append(
                Problem(
                    grid.file_name,
                    number,
                    grid.header("unit"),
                    unit,
                    Message("expect_district_office", province=names.get(province, province)),
                )
            )
        for name, value in values.items():
            sums[name] += value or 0
        _check_row(grid, number, values, result.problems)
        add_row(
            table,
            number,
            {
                "period": period,
                "province": province,
                "district": district,
                **{STORED[n]: values.get(n) for n in STORED},
            },
        )
    if total is not None:
        _check_total(grid, total, sums, result.problems)
    result.description = _describe(period, province, len(table), names, sums)
    return result


def _is_office(unit: str) -> bool:
    return vocabulary.contains_any(unit, vocabulary.OFFICE_PREFIXES)


def _numbers(grid: FormGrid, number: int, cells: list[Cell], problems: list[Problem]) -> dict:
    values: dict[str, int | None] = {}
    for name in NUMBERS:
        cell = grid.cell(cells, name)
        try:
            values[name] = None if is_blank(cell) else read_count(cell)
        except Invalid as invalid:
            values[name] = None
            problems.append(
                Problem(grid.file_name, number, grid.header(name), as_text(cell), invalid.text)
            )
    return values


def _check_row(grid: FormGrid, number: int, values: dict, problems: list[Problem]) -> None:
    previous, up, down, current = (
        values.get(n) for n in ("previous", "increase", "decrease", "current")
    )
    if previous is None or up is None or down is None or current is None:
        return
    expected = previous + up - down
    if current != expected:
        problems.append(
            Problem(
                grid.file_name,
                number,
                grid.header("current"),
                str(current),
                Message(
                    "expect_stock_balance", expected=expected, previous=previous, up=up, down=down
                ),
            )
        )


def _check_total(
    grid: FormGrid, total: tuple[int, list[Cell]], sums: dict[str, int], problems: list[Problem]
) -> None:
    number, cells = total
    for name, value in _numbers(grid, number, cells, problems).items():
        if value is not None and value != sums[name]:
            problems.append(
                Problem(
                    grid.file_name,
                    number,
                    grid.header(name),
                    str(value),
                    Message("expect_district_sum", sum=sums[name]),
                )
            )


def _describe(
    period: str | None,
    province: str | None,
    rows: int,
    names: dict[str, str],
    sums: dict[str, int] | None = None,
) -> Message:
    """What was read; with the stock as a share of the year's plan (its own figure, never
    a target of new participants)."""
    where = names.get(province or "", "?")
    month = f"{period[5:]}/{period[:4]}" if period else "?"
    report = Message("describe_development", where=where, month=month, rows=rows)
    if not sums or not sums["year_plan"]:
        return report
    stock, plan = sums["current"], sums["year_plan"]
    return Message(
        "describe_development_plan",
        report=report,
        stock=partial(format_number, stock),
        share=partial(format_number, stock / plan * 100, decimals=1),
        plan=partial(format_number, plan),
    )
