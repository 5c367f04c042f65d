"""Progress gauges toward a target."""

from __future__ import annotations

import textwrap
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
    # Sized for the narrowest box the gauge gets (two side by side in presenter mode, a phone):
    # the title and the target line wrap instead of running past the box.
    title_size, note_size = (24, 18) if large else (17, 13)
    width = 22 if large else 30
    # Each line of the title ("National progress\nHousehold health insurance") wraps apart.
    wrapped = [line for part in title.split("\n") for line in textwrap.wrap(part, width)]
    lines = [f"<b>{line}</b>" for line in wrapped or [""]]
    notes = [part for part in target_label.split(" · ") if part]
    lines += [
        f"<span style='font-size:{note_size}px;color:{MUTED_TEXT_COLOR}'>{note}</span>"
        for note in notes
    ]
    # Plotly sets the title above the axis's tick labels, and a long one grows upwards.
    top = 60 + int(
        1.3 * (title_size + note_size * len(notes))
        + 1.3 * title_size * (len(lines) - len(notes) - 1)
    )
    indicator: dict[str, Any] = {
        "type": "indicator",
        "mode": "gauge+number",
        "value": value,
        # No font size: plotly then scales the number to fit inside the arc's hollow, with a
        # margin, whatever room the title leaves the arc (a tall title on a short box shrinks it).
        "number": {"valueformat": ",.0f"},
        "title": {"font": {"size": title_size}, "text": "<br>".join(lines)},
        "gauge": {
            "axis": {
                "range": [0, axis_max],
                "tickformat": ",.0f",
                "nticks": 4,
                "tickfont": {"size": 18 if large else 12},
            },
            "bar": {"color": ACCENT_COLOR, "thickness": 0.6},
            "bgcolor": "#eef1f4",
            "borderwidth": 0,
        },
    }
    if target > 0:  # no target (0): no mark, rather than one at zero that reads as reached
        indicator["gauge"]["threshold"] = {
            "line": {"color": TARGET_COLOR, "width": 4},
            "thickness": 0.9,
            "value": target,
        }
    # The axis's last tick label ("10.000") sits right of the arc: room for it on the right.
    layout = {
        "margin": {"l": 30, "r": 64 if large else 52, "t": top, "b": 24},
        **(style or {}),
    }
    return {"data": [indicator], "layout": layout}
