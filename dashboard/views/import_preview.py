"""The upload screen's tables in the officer's words.

The preview shows the rows as they will be counted, but said as an officer would: column
labels of the page's language, values in words ("Bưu điện", "Nữ"), places by name, dates as
08/05/2022, times in Vietnam time, blanks as blanks, the social insurance number masked. The
problem table wraps its long cells so that it reads at 1366 pixels wide.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from dashboard.data.importers import Preview
from dashboard.data.importers.cells import VIETNAM_TIME
from dashboard.i18n import format_date, format_number, t
from dashboard.messages import MESSAGES
from geodata import reference

PLACE_COLUMNS = ("province_code", "district_code", "commune_code")
# Shown as they are: codes and names that are not amounts.
PLAIN_COLUMNS = ("birth_year", "vehicle_id", "stop_name", "participant_ref", "period")


@cache
def _place_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for table, code, name in (
        (reference.provinces(), "province_code", "display_name_vi"),
        (reference.districts(), "district_code", "full_name_vi"),
        (reference.communes(), "commune_code", "full_name_vi"),
    ):
        names.update(zip(table[code].astype(str), table[name].astype(str), strict=True))
    return names


def officer_value(column: str, value: Any, lang: str) -> Any:
    """One preview value as the officer reads it; "" for a blank."""
    if value is None or value == "":
        return ""
    if column in PLACE_COLUMNS:
        return _place_names().get(str(value), str(value))
    key = f"value_{column}_{value}"
    if key in MESSAGES:
        return t(key, lang)
    for prefix in ("channel", "vehicle", "level"):
        if column.startswith(prefix) and f"{prefix}_{value}" in MESSAGES:
            return t(f"{prefix}_{value}", lang)
    if isinstance(value, dt.datetime):
        return value.astimezone(VIETNAM_TIME).strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if column in ("lat", "lon") and isinstance(value, float):
        return f"{value:.5f}"
    if isinstance(value, int) and column not in PLAIN_COLUMNS:
        return format_number(value, lang)
    return str(value)


def officer_rows(checked: Preview, lang: str) -> tuple[list[dict[str, Any]], list[dict]]:
    """The preview's rows and grid columns: labels and values in ``lang``."""
    rows = [
        {"row": number, **{k: officer_value(k, v, lang) for k, v in row.items()}}
        for number, row in zip(checked.row_numbers, checked.rows, strict=False)
    ]
    keys = list(rows[0]) if rows else []
    columns = [
        {"field": key, "headerName": t(f"col_{key}", lang) if f"col_{key}" in MESSAGES else key}
        for key in keys
    ]
    return rows, columns


def problem_columns(lang: str) -> list[dict[str, Any]]:
    """The problem grid's columns: short ones narrow, what was expected wrapped and widest."""
    widths = {"file": 140, "row": 80, "column": 150, "value": 150}
    columns: list[dict[str, Any]] = []
    for key in ("file", "row", "column", "value", "expected"):
        column: dict[str, Any] = {"field": key, "headerName": t(f"problem_{key}", lang)}
        if key in widths:
            column |= {"width": widths[key], "tooltipField": key}
        else:
            column |= {"flex": 1, "minWidth": 320, "wrapText": True, "autoHeight": True}
        columns.append(column)
    return columns
