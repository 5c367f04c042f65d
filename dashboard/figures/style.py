"""The dashboard's look, applied in one place after each figure function.

Palettes are colour-blind safe (ColorBrewer/viridis families) and the "no data" colour is a
neutral grey that no palette uses, so "nothing reported" never reads as "zero".
"""

from __future__ import annotations

from typing import Any, Final

import plotly.graph_objects as go

from dashboard.i18n import plotly_separators

# System fonts only: a font host would break the offline promise, and these all carry
# Vietnamese diacritics.
FONT_FAMILY: Final = "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOR: Final = "#1f2933"
# The map's labels are drawn by MapLibre from glyphs the app serves (assets/glyphs/, built by
# `make glyphs` from Noto Sans Bold); this names that glyph set in the style's URL template.
LABEL_FONT: Final = "NotoSans-Bold"
MUTED_TEXT_COLOR: Final = "#52606d"
NO_DATA_COLOR: Final = "#c9ccd1"
BACKDROP_COLOR: Final = "#eceff1"
BORDER_COLOR: Final = "#ffffff"
ACCENT_COLOR: Final = "#0b6e4f"
TARGET_COLOR: Final = "#d1495b"

# Sequential, colour-blind safe (ColorBrewer YlGnBu, light = low).
SEQUENTIAL_SCALE: Final = (
    (0.0, "#ffffd9"),
    (0.125, "#edf8b1"),
    (0.25, "#c7e9b4"),
    (0.375, "#7fcdbb"),
    (0.5, "#41b6c4"),
    (0.625, "#1d91c0"),
    (0.75, "#225ea8"),
    (0.875, "#253494"),
    (1.0, "#081d58"),
)

# Colours of 1..7 classes, light to dark, from the same ColorBrewer family (YlGnBu).
CLASS_COLORS: Final = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
HIGHLIGHT_COLOR: Final = "#d1495b"


def class_colors(k: int) -> tuple[str, ...]:
    """The colours of ``k`` classes, lowest first."""
    return tuple(CLASS_COLORS[max(1, min(k, 7))])


def stepped_scale(k: int) -> list[list[float | str]]:
    """A colourscale of ``k`` flat bands for z = 0..k-1 (sharp steps, no blending)."""
    colors = class_colors(k)
    scale: list[list[float | str]] = []
    for i, color in enumerate(colors):
        scale += [[i / len(colors), color], [(i + 1) / len(colors), color]]
    return scale


# plotly's modebar: keep zoom and image export, drop everything that reaches outside.
GRAPH_CONFIG: Final[Any] = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud"],
    "scrollZoom": True,
}


def graph_config(lang: str, *, modebar: bool = True) -> Any:
    """The graphs' config in ``lang``: Vietnamese months, dates and tooltips come from the
    "vi" locale registered by assets/locale.js."""
    config = {**GRAPH_CONFIG, "locale": "vi" if lang == "vi" else "en"}
    if not modebar:
        config["displayModeBar"] = False
    return config


def style_layout(*, lang: str, presenter: bool = False) -> dict[str, Any]:
    """The house look and the language's number separators, as layout properties."""
    base_size = 20 if presenter else 14
    return {
        "font": {"family": FONT_FAMILY, "color": TEXT_COLOR, "size": base_size},
        "separators": plotly_separators(lang),
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": base_size}},
    }


def apply_style(fig: go.Figure, *, lang: str, presenter: bool = False) -> go.Figure:
    """Apply the house look and the language's number separators to ``fig`` (in place)."""
    fig.update_layout(style_layout(lang=lang, presenter=presenter))
    return fig
