"""Mẫu D05-TS: the list of voluntary social insurance participants of a collection agent.

Read as enrollments by the rules of ``lists``; this module reads the form's own columns: the
chosen monthly income, the payment cycle from the number of months paid (1, 3, 6, 12, or a
multiple of 12 up to 60), and the support group from the state support percentage (30 % poor,
25 % near-poor, 10 % others in 2022).
"""

from __future__ import annotations

from dashboard.data.importers import vocabulary
from dashboard.data.importers.cells import Invalid, as_text, is_blank
from dashboard.data.importers.converted import Converted
from dashboard.data.importers.grid import FormGrid
from dashboard.data.importers.lists import ListReader, read_months
from dashboard.data.importers.places import PlaceFinder
from dashboard.data.importers.problems import Message
from dashboard.data.importers.readers import Cell

COLUMNS = vocabulary.D05_COLUMNS
CYCLES = {1: "monthly", 3: "quarterly", 6: "semiannual", 12: "annual"}
MAX_MULTI_YEAR_MONTHS = 60
SUPPORT_GROUPS = {30: "poor", 25: "near_poor", 10: "other"}
_CYCLE = Message("expect_cycle")
_SUPPORT = Message("expect_support")


def payment_cycle(months: int) -> str | None:
    """The payment cycle of a number of months paid at once, None when there is none."""
    if months in CYCLES:
        return CYCLES[months]
    if months > 12 and months % 12 == 0 and months <= MAX_MULTI_YEAR_MONTHS:
        return "multi_year"
    return None


def support_group(cell: Cell) -> str | Invalid | None:
    """The group of a state support percentage: 30, "30", "30%", or Excel's 0.3."""
    if is_blank(cell):
        return None
    text = as_text(cell).replace("%", "").replace(",", ".").strip()
    try:
        value = float(text)
    except ValueError:
        return Invalid(_SUPPORT)
    if 0 < value < 1:
        value *= 100  # a cell formatted as a percentage
    if value == 0:
        return None
    group = SUPPORT_GROUPS.get(round(value))
    return group if group and abs(value - round(value)) < 0.01 else Invalid(_SUPPORT)


class D05Reader(ListReader):
    form = "d05"
    title = Message("list_d05")

    def person(self, number: int, cells: list[Cell]) -> dict[str, Cell]:
        grid = self.grid
        values: dict[str, Cell] = {"monthly_income_vnd": grid.cell(cells, "income")}
        months = read_months(grid.cell(cells, "months"))
        if isinstance(months, Invalid) or (months is not None and payment_cycle(months) is None):
            self.problem(number, "months", grid.cell(cells, "months"), _CYCLE)
        elif months is not None:
            values["payment_cycle"] = payment_cycle(months)
        group = support_group(grid.cell(cells, "state_percent"))
        if isinstance(group, Invalid):
            self.problem(number, "state_percent", grid.cell(cells, "state_percent"), _SUPPORT)
        else:
            values["support_group"] = group
        return values


def convert(grid: FormGrid, finder: PlaceFinder, names: dict[str, str]) -> Converted:
    """A D05-TS list as enrollments (see ``lists`` for the rules)."""
    return D05Reader(grid, finder).convert(names)
