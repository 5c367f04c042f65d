"""Mẫu D03-TS: the list of household health insurance participants of a collection agent.

Read as enrollments of the household health insurance product by the rules of ``lists``
(place from the address, date from the receipt, channel from the agent); each member of a
household is one participant. This module reads the form's own columns: sex and birth year.
"""

from __future__ import annotations

from dashboard.data.importers import vocabulary
from dashboard.data.importers.converted import Converted
from dashboard.data.importers.grid import FormGrid
from dashboard.data.importers.lists import ListReader, read_birth_year
from dashboard.data.importers.places import PlaceFinder
from dashboard.data.importers.problems import Message
from dashboard.data.importers.readers import Cell
from dashboard.domain import PRODUCTS

COLUMNS = vocabulary.D03_COLUMNS
PRODUCT = PRODUCTS[1]  # bhyt_ho_gia_dinh


class D03Reader(ListReader):
    form = "d03"
    title = Message("list_d03")
    product = PRODUCT

    def person(self, number: int, cells: list[Cell]) -> dict[str, Cell]:
        grid = self.grid
        return {
            "sex": grid.cell(cells, "sex"),
            "birth_year": read_birth_year(grid.cell(cells, "birth_date")),
        }


def convert(grid: FormGrid, finder: PlaceFinder, names: dict[str, str]) -> Converted:
    """A D03-TS list as enrollments of household health insurance."""
    return D03Reader(grid, finder).convert(names)
