"""Read a GPX track (one vehicle, one day) into the same raw table as a routes CSV."""

from __future__ import annotations

from dashboard.data.importers.problems import Message, ReadError, file_problem
from dashboard.data.importers.readers import Cell, RawTable, decode

GPX_HEADERS = ["vehicle_id", "vehicle_type", "recorded_at", "lat", "lon", "stop_name"]


def read_gpx(
    content: bytes,
    file_name: str,
    *,
    vehicle_id: str | None = None,
    vehicle_type: str | None = None,
) -> RawTable:
    """Read track points, and waypoints as named stops, of a GPX file.

    The vehicle is ``vehicle_id`` if given, else the track's or the file's ``<name>``; its
    type is ``vehicle_type`` if given, else the track's ``<type>``. Row numbers are point
    numbers: track points in file order, then waypoints.

    Raises:
        ReadError: the file is not GPX.
    """
    import gpxpy
    import gpxpy.gpx

    text, _ = decode(content, file_name)
    try:
        document = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError, TypeError, AttributeError) as exc:
        raise ReadError(
            file_problem(
                file_name,
                Message("expect_gpx", reason=str(exc)),
            )
        ) from None
    table = RawTable(file_name, "gpx", 0, list(GPX_HEADERS), [[] for _ in GPX_HEADERS], [])

    def add(number: int, row: list[Cell]) -> None:
        table.row_numbers.append(number)
        for column, cell in zip(table.columns, row, strict=True):
            column.append(cell)

    number = 0
    for track in document.tracks:
        vehicle = vehicle_id or track.name or document.name
        kind = vehicle_type or track.type
        for segment in track.segments:
            for point in segment.points:
                number += 1
                add(number, [vehicle, kind, point.time, point.latitude, point.longitude, None])
    fallback_vehicle = vehicle_id or document.name or _only_track_name(document)
    fallback_type = vehicle_type or _only_track_type(document)
    for waypoint in document.waypoints:
        number += 1
        add(
            number,
            [
                fallback_vehicle,
                fallback_type,
                waypoint.time,
                waypoint.latitude,
                waypoint.longitude,
                waypoint.name,
            ],
        )
    if not table.row_numbers:
        raise ReadError(file_problem(file_name, Message("expect_gpx_points")))
    return table


def _only_track_name(document: object) -> str | None:
    names = {t.name for t in getattr(document, "tracks", []) if t.name}
    return names.pop() if len(names) == 1 else None


def _only_track_type(document: object) -> str | None:
    types = {t.type for t in getattr(document, "tracks", []) if t.type}
    return types.pop() if len(types) == 1 else None
