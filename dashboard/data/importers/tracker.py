"""Journey reports of fleet-tracking services (XLSX or CSV), read as route points.

"BÁO CÁO HÀNH TRÌNH XE CHẠY", "Biển số: 23A-012.34", then one row per fix: time
("08/05/2022 07:30:15", Vietnam time), speed, "Tọa độ" ("22.84780, 104.98410") or "Vĩ độ" /
"Kinh độ" (decimal point or comma), "Địa điểm", "Trạng thái" (Chạy / Dừng / Đỗ). The plate
comes from the title or a "Biển kiểm soát" column, the vehicle type from the plate's form
(cars "29A-123.45", motorbikes "29-B1 234.56") or the upload screen's choice. A run of
Dừng/Đỗ rows lasting at least five minutes is one stop, at its first position, named by its
"Địa điểm".
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import zip_longest

from dashboard.data.importers import vocabulary
from dashboard.data.importers.cells import Invalid, as_text, is_blank, read_timestamp
from dashboard.data.importers.converted import Converted, new_table
from dashboard.data.importers.grid import FormGrid
from dashboard.data.importers.lists import title_value
from dashboard.data.importers.problems import Message, file_problem
from dashboard.data.importers.readers import Cell

COLUMNS = vocabulary.TRACKER_COLUMNS
ROUTE_COLUMNS = ["vehicle_id", "vehicle_type", "recorded_at", "lat", "lon", "stop_name"]
MIN_STOP = dt.timedelta(minutes=5)
# Province number, series (letters, a motorbike's ends in a digit), then the number.
_PLATE = re.compile(r"(\d{2})\s*-?\s*([A-Z]{1,2}\d?)\s*[-\s.]?\s*(\d{3}\.?\d{2}|\d{4,5})")


def vehicle_type_of(plate: str) -> str | None:
    """ "car" for "29A-123.45", "motorbike" for "29-B1 234.56"; None for another form."""
    match = _PLATE.fullmatch(plate.strip().upper())
    if match is None:
        return None
    return "motorbike" if match[2][-1].isdigit() else "car"


def convert(
    grid: FormGrid, vehicle_id: str | None = None, vehicle_type: str | None = None
) -> Converted:
    """The report's fixes as route points, stops marked (see the module's rules)."""
    table = new_table(grid.file_name, grid.file_type, grid.header_row, ROUTE_COLUMNS)
    labels = {
        "recorded_at": grid.header("time"),
        "lat": grid.header("coordinates" if "coordinates" in grid.columns else "lat"),
        "lon": grid.header("coordinates" if "coordinates" in grid.columns else "lon"),
        "vehicle_id": grid.header("plate") if "plate" in grid.columns else "Biển số",
        "stop_name": grid.header("place"),
    }
    result = Converted("routes", "tracker", table, labels, None)
    # A report holds thousands of fixes: it is read a column at a time.
    column = _Columns(grid)
    times = column("time")
    kept = [j for j, cell in enumerate(times) if not is_blank(cell)]
    times = [times[j] for j in kept]
    title_plate = vehicle_id or title_value(grid, vocabulary.PLATE_LABELS)
    if title_plate:
        plates = [title_plate] * len(kept)
    else:
        plates = [as_text(cell) for cell in column("plate", kept)]
    types = {plate: vehicle_type or vehicle_type_of(plate) for plate in set(plates)}
    lats, lons = _positions(grid, column, kept)
    statuses = column("status", kept)
    texts = {cell: as_text(cell) for cell in set(statuses)}  # "Chạy" and "Dừng", read once
    stops = _stop_rows([texts[cell] for cell in statuses], times)
    places = column("place", kept)
    stop_names: list[Cell] = [None] * len(kept)
    for index in stops:
        stop_names[index] = as_text(places[index]) or "Điểm dừng"
    table.row_numbers = [grid.body[j][0] for j in kept]
    values: dict[str, list[Cell]] = {
        "vehicle_id": [plate or None for plate in plates],
        "vehicle_type": [types[plate] for plate in plates],
        "recorded_at": times,
        "lat": lats,
        "lon": lons,
        "stop_name": stop_names,
    }
    table.columns = [values[name] for name in ROUTE_COLUMNS]
    untyped = sorted(p for p in types if p and not vehicle_type and not vehicle_type_of(p))
    if untyped:
        result.problems.append(
            file_problem(
                grid.file_name,
                Message("expect_plate", plate=untyped[0]),
            )
        )
    name = ", ".join(sorted(p for p in types if p)) or "?"
    result.description = Message("describe_tracker", name=name, points=len(table), stops=len(stops))
    return result


class _Columns:
    """The body of a report as columns (None where a row is short or the form lacks one)."""

    def __init__(self, grid: FormGrid) -> None:
        self.positions = grid.columns
        self.rows = len(grid.body)
        self.columns = list(zip_longest(*(cells for _, cells in grid.body)))

    def __call__(self, name: str, kept: list[int] | None = None) -> list[Cell]:
        position = self.positions.get(name)
        if position is None or position >= len(self.columns):
            return [None] * (self.rows if kept is None else len(kept))
        column = self.columns[position]
        return list(column) if kept is None else [column[j] for j in kept]


def _positions(grid: FormGrid, column: _Columns, kept: list[int]) -> tuple[list[Cell], list[Cell]]:
    if "coordinates" not in grid.columns:
        return column("lat", kept), column("lon", kept)
    pairs = [_pair(as_text(cell)) for cell in column("coordinates", kept)]
    return [lat for lat, _ in pairs], [lon for _, lon in pairs]


def _pair(text: str) -> tuple[Cell, Cell]:
    # "22.84780, 104.98410"; with decimal commas the pair is split by a semicolon or space.
    parts = re.split(r"\s*;\s*|,\s+|\s+", text) if "." in text else re.split(r"\s*;\s*|\s+", text)
    parts = [part.strip(",") for part in parts if part.strip(",")]
    if len(parts) != 2:
        return text, text  # validate reports the cell as not a number
    return parts[0], parts[1]


def _stop_rows(statuses: list[str], times: list[Cell]) -> set[int]:
    """Indexes of the first row of each run of stopped rows lasting at least ``MIN_STOP``."""
    # A report says "Chạy" or "Dừng" hundreds of times: each distinct status is read once.
    is_stop = {status: _is_stopped(status) for status in set(statuses)}
    stopped = [is_stop[status] for status in statuses]

    def time(index: int) -> dt.datetime | None:  # validate reads every time; here only a few
        return _time(times[index])

    stops: set[int] = set()
    start: int | None = None
    for index in range(len(statuses) + 1):
        if index < len(statuses) and stopped[index]:
            start = index if start is None else start
            continue
        if start is not None:
            end = time(index) if index < len(statuses) else time(index - 1)
            begun = time(start)
            if begun is not None and end is not None and end - begun >= MIN_STOP:
                stops.add(start)
            start = None
    return stops


def _is_stopped(status: str) -> bool:
    return vocabulary.contains_any(
        status, vocabulary.TRACKER_STOPPED
    ) and not vocabulary.contains_any(status, vocabulary.TRACKER_MOVING)


def _time(cell: Cell) -> dt.datetime | None:
    try:
        return read_timestamp(cell)
    except Invalid:
        return None
