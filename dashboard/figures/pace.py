"""The pace chart: cumulative new participants against the straight line to the target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

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
) -> go.Figure:
    """Actual running total, the pace needed (start -> target at the deadline), the target.

    Ahead of the dashed line means on course; below it, behind. Without a target only the
    actual line is drawn.
    """
    fig = go.Figure()
    if target > 0:
        fig.add_trace(
            go.Scatter(
                x=[start, deadline],
                y=[0, target],
                mode="lines",
                name=labels["needed"],
                line={"color": MUTED_TEXT_COLOR, "dash": "dash", "width": 2},
                hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f}<extra>" + labels["needed"] + "</extra>",
            )
        )
        fig.add_hline(
            y=target,
            line={"color": TARGET_COLOR, "width": 1.5},
            annotation_text=f"{labels['target']}",
            annotation_position="top left",
        )
    fig.add_trace(
        go.Scatter(
            x=list(days),
            y=list(cumulative),
            mode="lines",
            name=labels["actual"],
            line={"color": ACCENT_COLOR, "width": 4 if large else 3},
            fill="tozeroy",
            fillcolor="rgba(11,110,79,0.10)",
            hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f}<extra>" + labels["actual"] + "</extra>",
        )
    )
    fig.update_layout(
        margin={"l": 50, "r": 16, "t": 10, "b": 30},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        xaxis={"range": [start, deadline], "showgrid": False},
        yaxis={"rangemode": "tozero", "tickformat": ",.0f", "gridcolor": "#e4e7eb"},
        hovermode="x unified",
    )
    return fig
