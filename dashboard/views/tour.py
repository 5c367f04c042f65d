"""Presenter mode's automatic tour: nation, then each region and its province furthest behind."""

from __future__ import annotations

from dataclasses import replace

from dashboard.state import ViewState

Stop = tuple[str | None, str | None]  # (region, province)


def next_stop(state: ViewState, stops: tuple[Stop, ...]) -> ViewState:
    """The view after ``state`` on the tour; a view that is not a stop restarts the tour."""
    if not stops:
        return state
    current: Stop = (state.region, state.province)
    position = stops.index(current) if current in stops else -1
    region, province = stops[(position + 1) % len(stops)]
    return replace(state, geography="2022", region=region, province=province, district=None)
