"""Events: the list the events screen shows, totals per level, and figures per unit."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from dashboard.data.metrics.geo import area_provinces, commune_names, geo
from dashboard.data.metrics.snapshot import DashboardData
from dashboard.data.queries import EVENT_COLUMNS
from dashboard.domain import EVENT_LEVELS, Filters, Level

# The stored columns (``queries.EVENT_COLUMNS``) with the place's name before the figures.
EVENT_LIST_COLUMNS: Final = (*EVENT_COLUMNS[:6], "place_vi", *EVENT_COLUMNS[6:])


def events_list(data: DashboardData, filters: Filters, *, level: str | None = None) -> pd.DataFrame:
    """Events held in the filters' period and area, newest first: ``EVENT_LIST_COLUMNS``.

    ``place_vi`` names the event's own unit (commune, district or province); it is missing
    for central events, which have no place of their own (the screen names them in its
    language). An area (province or region) leaves central events out.
    """
    if level is not None and level not in EVENT_LEVELS:
        raise ValueError(f"level must be one of {', '.join(EVENT_LEVELS)}, got {level!r}")
    events = data.events
    keep = _event_mask(events, filters)
    if level is not None:
        keep &= (events["level"] == level).to_numpy(dtype=bool)
    if filters.province is not None or filters.region is not None:
        provinces = geo().province_codes[area_provinces(filters)]
        keep &= events["province_code"].isin(list(provinces)).to_numpy(dtype=bool)
    chosen = events[keep]
    out = chosen.assign(place_vi=pd.Series(_place_names(chosen), index=chosen.index, dtype=object))
    return out.iloc[::-1][list(EVENT_LIST_COLUMNS)].reset_index(drop=True)


def event_summary(data: DashboardData, filters: Filters) -> pd.DataFrame:
    """Per level (central, province, district, commune, in that order) in the filters'
    period: ``level``, ``events``, ``attendees``, ``online_viewers``, ``leads`` (int64,
    missing counted as 0)."""
    events = data.events[_event_mask(data.events, filters)]
    grouped = events.groupby("level")[["attendees", "online_viewers", "leads"]].sum()
    sizes = events.groupby("level").size()
    out = pd.DataFrame({"level": list(EVENT_LEVELS)})
    out["events"] = out["level"].map(sizes).fillna(0).astype("int64")
    for name in ("attendees", "online_viewers", "leads"):
        out[name] = out["level"].map(grouped[name]).fillna(0).astype("int64")
    return out


def event_figures(
    data: DashboardData, filters: Filters, level: Level
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events, attendees and online viewers per 2022 province or district in the filters'
    period, NaN when no events were ever loaded."""
    g = geo()
    index_of, size = (
        (g.province_index, g.n_provinces)
        if level == "province"
        else (g.district_index, g.n_districts)
    )
    if data.events.empty:
        empty = np.full(size, np.nan)
        return empty, empty.copy(), empty.copy()
    events = data.events[_event_mask(data.events, filters)]
    codes = events[f"{level}_code"]
    where = codes.map(index_of).to_numpy(dtype="float64", na_value=np.nan)
    placed = ~np.isnan(where)
    where = where[placed].astype("int64")
    count = np.bincount(where, minlength=size).astype("float64")
    attendees = np.bincount(
        where, weights=events["attendees"].to_numpy(dtype="float64")[placed], minlength=size
    )
    viewers = np.bincount(
        where,
        weights=np.nan_to_num(events["online_viewers"].to_numpy(dtype="float64")[placed]),
        minlength=size,
    )
    return count, attendees, viewers


def _event_mask(events: pd.DataFrame, filters: Filters) -> np.ndarray:
    days = events["held_on"].to_numpy().astype("datetime64[D]")
    keep = np.ones(len(events), dtype=bool)
    if filters.start is not None:
        keep &= days >= np.datetime64(filters.start, "D")
    if filters.end is not None:
        keep &= days <= np.datetime64(filters.end, "D")
    return keep


def _place_names(events: pd.DataFrame) -> list[str | None]:
    g = geo()
    communes = commune_names()
    names: list[str | None] = []
    for level, province, district, commune in zip(
        events["level"],
        events["province_code"],
        events["district_code"],
        events["commune_code"],
        strict=True,
    ):
        if level == "commune":
            names.append(communes.get(commune, str(commune)))
        elif level == "district":
            names.append(g.district_name_of.get(district, str(district)))
        elif level == "province":
            names.append(g.province_name_of.get(province, str(province)))
        else:
            names.append(None)
    return names
