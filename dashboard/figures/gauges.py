"""Progress gauges toward a target."""

from __future__ import annotations

from typing import Any

from dashboard.figures.style import ACCENT_COLOR, MUTED_TEXT_COLOR, TARGET_COLOR


def progress_gauge(
    value: int,
    target: int,
    *,
    title: str,
    target_label: str,
    large: bool = False,
    style: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A semicircular gauge of ``value`` toward ``target`` with the target marked (figure dict).

    The axis runs past the target when the target is exceeded, so overshoot stays visible.
    Numbers follow ``layout.separators``, set by the style module for the language.
    """
    axis_max = max(target, value) * 1.1 if max(target, value) > 0 else 1
    indicator = {
        "type": "indicator",
        "mode": "gauge+number",
        "value": value,
        "number": {"valueformat": ",.0f", "font": {"size": 64 if large else 44}},
        "title": {
            "font": {"size": 26 if large else 18},
            "text": f"<b>{title}</b><br><span style='font-size:0.7em;color:{MUTED_TEXT_COLOR}'>"
            f"{target_label}</span>",
        },
        "gauge": {
            "axis": {"range": [0, axis_max], "tickformat": ",.0f"},
            "bar": {"color": ACCENT_COLOR, "thickness": 0.6},
            "bgcolor": "#eef1f4",
            "borderwidth": 0,
            "threshold": {
                "line": {"color": TARGET_COLOR, "width": 4},
                "thickness": 0.9,
                "value": target,
            },
        },
    }
    layout = {"margin": {"l": 45, "r": 55, "t": 90 if large else 80, "b": 10}, **(style or {})}
    return {"data": [indicator], "layout": layout}
