"""KML from phone apps and Google Earth, read as route points.

Each ``<Placemark>`` is one vehicle's track, named by its ``<name>`` (a plate or a label):
a ``<gx:Track>`` gives a time per position (``<when>`` and ``<gx:coord>lon lat alt``); a
``<LineString>`` gives positions only, so its placemark needs a ``<TimeSpan>``, whose begin
and end are spread evenly over the positions.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from dashboard.data.importers.cells import Invalid, read_timestamp
from dashboard.data.importers.converted import Converted, add_row, new_table
from dashboard.data.importers.problems import Message, Problem, ReadError, file_problem
from dashboard.data.importers.readers import Cell
from dashboard.data.importers.tracker import ROUTE_COLUMNS, vehicle_type_of

KML = "{http://www.opengis.net/kml/2.2}"
GX = "{http://www.google.com/kml/ext/2.2}"
# Entity declarations are how an XML bomb expands; KML never needs them.
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def is_kml(content: bytes) -> bool:
    """Whether the bytes are a KML document."""
    head = content[:2048]
    return b"<kml" in head and b"opengis.net/kml" in head


def read_kml(
    content: bytes,
    file_name: str,
    *,
    vehicle_id: str | None = None,
    vehicle_type: str | None = None,
) -> Converted:
    """The tracks of a KML file as route points; row numbers count positions in file order.

    Raises:
        ReadError: not a readable KML document, or no track in it.
    """
    if any(marker in content for marker in _FORBIDDEN):
        raise ReadError(_unreadable(file_name, "entity declarations"))
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise ReadError(_unreadable(file_name, str(exc))) from None
    table = new_table(file_name, "kml", 0, ROUTE_COLUMNS)
    result = Converted("routes", "kml", table, {}, None)
    number = 0
    names: list[str] = []
    for placemark in root.iter(f"{KML}Placemark"):
        name = vehicle_id or (placemark.findtext(f"{KML}name") or "").strip()
        points = _track(placemark) or _line(placemark, result, file_name)
        if not points:
            continue
        names.append(name)
        for moment, lat, lon in points:
            number += 1
            add_row(
                table,
                number,
                {
                    "vehicle_id": name or None,
                    "vehicle_type": vehicle_type or vehicle_type_of(name),
                    "recorded_at": moment,
                    "lat": lat,
                    "lon": lon,
                },
            )
    if number == 0 and not result.problems:
        raise ReadError(file_problem(file_name, Message("expect_kml_track")))
    result.description = Message("describe_kml", names=", ".join(names) or "?", points=number)
    return result


def _track(placemark: ET.Element) -> list[tuple[Cell, Cell, Cell]]:
    points: list[tuple[Cell, Cell, Cell]] = []
    for track in placemark.iter(f"{GX}Track"):
        whens = [(w.text or "").strip() for w in track.iter(f"{KML}when")]
        coords = [(c.text or "").split() for c in track.iter(f"{GX}coord")]
        for when, coord in zip(whens, coords, strict=False):
            lon, lat = [*coord, "", ""][:2]
            points.append((when, lat, lon))
    return points


def _line(
    placemark: ET.Element, result: Converted, file_name: str
) -> list[tuple[Cell, Cell, Cell]]:
    positions: list[list[str]] = []
    for line in placemark.iter(f"{KML}LineString"):
        text = line.findtext(f"{KML}coordinates") or ""
        positions.extend(triple.split(",") for triple in text.split())
    if not positions:
        return []
    begin = _moment(placemark.findtext(f".//{KML}TimeSpan/{KML}begin"))
    end = _moment(placemark.findtext(f".//{KML}TimeSpan/{KML}end")) or begin
    if begin is None or end is None:
        name = (placemark.findtext(f"{KML}name") or "").strip()
        result.problems.append(
            file_problem(file_name, Message("expect_linestring_times", name=name))
        )
        return []
    step = (end - begin) / max(len(positions) - 1, 1)
    padded = [[*p, "", ""] for p in positions]
    return [(begin + step * i, p[1], p[0]) for i, p in enumerate(padded)]


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return read_timestamp(text.strip().replace("Z", "+00:00"))
    except Invalid:
        return None


def _unreadable(file_name: str, reason: str) -> Problem:
    return file_problem(file_name, Message("expect_kml", reason=reason))
