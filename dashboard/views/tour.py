"""Presenter mode's automatic tour: nation, then each region and its province furthest behind.

The server plans the tour once per page (each stop's query and the caption that says why it is
shown); the browser walks it (assets/presenter.js): it replaces the URL instead of pushing one,
so the tour leaves no history entry per step, and the presenter can pause (space), step (arrow
keys) or hold a view by clicking the map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dashboard.i18n import format_percent, t
from dashboard.state import ViewState
from geodata import reference

Stop = tuple[str | None, str | None]  # (region, province)


def stop_views(state: ViewState, stops: tuple[Stop, ...]) -> list[ViewState]:
    """The view of each stop: ``state`` (language, metric, period...) moved to the stop."""
    return [
        replace(state, geography="2022", region=region, province=province, district=None)
        for region, province in stops
    ]


def tour_plan(
    state: ViewState,
    stops: tuple[Stop, ...],
    *,
    share_of_target: Callable[[ViewState], float | None],
    default_lang: str,
) -> dict[str, Any]:
    """What the browser needs to walk the tour: stops (query, caption) and its own texts."""
    lang = state.lang
    regions = reference.regions().set_index("region_code")[f"region_{lang}"]
    provinces = reference.provinces().set_index("province_code")["display_name_vi"]
    planned = []
    for view in stop_views(state, stops):
        share = share_of_target(view)
        share_text = format_percent(share, lang) if share is not None else "–"
        if view.province:
            caption = t(
                "tour_slowest",
                lang,
                province=provinces[view.province],
                region=regions[str(view.region)],
                share=share_text,
            )
        elif view.region:
            caption = t("tour_region", lang, region=regions[str(view.region)], share=share_text)
        else:
            caption = t("tour_nation", lang, share=share_text)
        planned.append({"search": view.to_query(default_lang=default_lang), "caption": caption})
    return {
        "stops": planned,
        "running": t("tour_running", lang),
        "paused": t("tour_paused", lang),
        "keys": t("tour_keys", lang),
    }
