"""The pace chart: cumulative new participants against the straight line to the target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.figures.style import ACCENT_COLOR, MUTED_TEXT_COLOR, TARGET_COLOR


def pace_chart(
    days: Sequence[dt.date],
    cumulative: Sequence[int],
    *,
    target: int,
    start: dt.date,
    deadline: dt.date,
    labels: Mapping[str, str],
    large: bool = False,
    date_formats: tuple[str, str] = ("%b %Y", "%-d %b %Y"),
    style: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Actual running total, the pace needed (start -> target at the deadline), the target.

    Above the dashed line means on course; below it, behind. Without a target only the actual
    line is drawn. ``date_formats`` are the d3 formats of the date ticks and the hover's date.
    Returns a figure dict.
    """
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if target > 0:
        traces.append(
            {
                "type": "scatter",
                "x": [start.isoformat(), deadline.isoformat()],
                "y": [0, target],
                "mode": "lines",
                "name": labels["needed"],
                "line": {"color": MUTED_TEXT_COLOR, "dash": "dash", "width": 2},
                "hovertemplate": "%{y:,.0f}<extra>" + labels["needed"] + "</extra>",
            }
        )
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": target,
                "y1": target,
                "line": {"color": TARGET_COLOR, "width": 1.5},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "x": 0.01,
                "y": target,
                "xanchor": "left",
                "yanchor": "bottom",
                "text": labels["target"],
                "showarrow": False,
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [day.isoformat() for day in days],
            "y": list(cumulative),
            "mode": "lines",
            "name": labels["actual"],
            "line": {"color": ACCENT_COLOR, "width": 4 if large else 3},
            "fill": "tozeroy",
            "fillcolor": "rgba(11,110,79,0.10)",
            "hovertemplate": "%{y:,.0f}<extra>" + labels["actual"] + "</extra>",
        }
    )
    layout = {
        # automargin: the tick labels ("10.000" at presenter size) widen the margin, not clip.
        "margin": {"l": 10, "r": 16, "t": 10, "b": 10},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {
            "range": [start.isoformat(), deadline.isoformat()],
            "showgrid": False,
            "automargin": True,
            "tickformat": date_formats[0],
            "hoverformat": date_formats[1],
        },
        "yaxis": {
            "rangemode": "tozero",
            "tickformat": ",.0f",
            "gridcolor": "#e4e7eb",
            "automargin": True,
            # Head room above the target line for its label.
            "range": [0, max(target, *cumulative, 1) * 1.15] if target > 0 else None,
        },
        "hovermode": "x unified",
        "shapes": shapes,
        "annotations": annotations,
        **(style or {}),
    }
    return {"data": traces, "layout": layout}
