"""The launch day's figure: registrations per hour and the running total against the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.figures.style import apply_style


def hourly_chart(
    hourly: Sequence[int],
    *,
    before: int,
    target: int | None,
    labels: Mapping[str, str],
    lang: str,
    presenter: bool = False,
) -> go.Figure:
    """Registrations per hour (0-23) as a filled curve and the running total on a second axis.

    A curve, not bars: the app's plotly bundle carries only the trace types it draws
    (scatter among them).

    The running total starts from ``before`` (registrations of the earlier days); a
    horizontal line marks ``target`` and a marker the first hour whose end passes it.
    ``labels`` gives the texts: "hour", "per_hour", "running", "target", "passed".
    """
    hours = [f"{h:02d}:00" for h in range(24)]
    running: list[int] = []
    total = before
    for count in hourly:
        total += count
        running.append(total)
    fig = go.Figure()
    fig.add_scatter(
        x=hours, y=list(hourly), name=labels["per_hour"], mode="lines+markers", fill="tozeroy",
        line={"color": "#1f6f8b", "shape": "spline", "smoothing": 0.6},
    )  # fmt: skip
    fig.add_scatter(
        x=hours, y=running, name=labels["running"], mode="lines+markers", yaxis="y2",
        line={"color": "#d1495b", "width": 3},
    )  # fmt: skip
    if target:
        fig.add_scatter(
            x=[hours[0], hours[-1]], y=[target, target], name=labels["target"], mode="lines",
            yaxis="y2", line={"color": "#444", "dash": "dash"},
        )  # fmt: skip
        passed = next((h for h, value in enumerate(running) if value >= target), None)
        if passed is not None:
            fig.add_scatter(
                x=[hours[passed]], y=[running[passed]], name=labels["passed"], yaxis="y2",
                mode="markers+text", text=[labels["passed"]], textposition="top left",
                marker={"size": 16, "symbol": "star", "color": "#edae49"},
            )  # fmt: skip
    fig.update_layout(
        xaxis={"title": {"text": labels["hour"]}},
        yaxis={"title": {"text": labels["per_hour"]}, "rangemode": "tozero"},
        yaxis2={
            "title": {"text": labels["running"]},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
        },
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 60, "t": 20, "b": 60},
    )
    return apply_style(fig, lang=lang, presenter=presenter)
