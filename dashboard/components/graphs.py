"""Layout pieces shared by the screens: a graph that fills its box, and grid columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dash import dcc, html

from dashboard.figures.style import graph_config
from dashboard.i18n import t

# Grid column kinds formatted in the browser by diemtuaFormat (assets/clientside.js).
_NUMERIC_KINDS = frozenset({"number", "decimal", "percent"})


def sized_graph(component_id: str, *, box_class: str, lang: str, modebar: bool = True) -> html.Div:
    """A graph filling a box whose size the stylesheet sets (class ``box_class``).

    Plotly draws at its container's size only when the graph itself is 100% of a sized box;
    sized directly, it falls back to 450 px on first render.
    """
    return html.Div(
        className=box_class,
        children=dcc.Graph(
            id=component_id,
            config=graph_config(lang, modebar=modebar),
            responsive=True,
            style={"height": "100%", "width": "100%"},
        ),
    )


def grid_columns(columns: Iterable[tuple[str, str, str]], lang: str) -> list[dict[str, Any]]:
    """AG Grid column definitions from (field, label key, kind) triples.

    Kinds: "text"; "date" (ISO values, shown per language); "moment" (ISO day and time of
    Vietnam, 2022-06-12T08:15); "number", "decimal", "percent"
    (right-aligned, number filter, shown per language).
    """
    definitions: list[dict[str, Any]] = []
    for field, label_key, kind in columns:
        column: dict[str, Any] = {
            "field": field,
            "headerName": t(label_key, lang),
            # Long headers ("Tỷ lệ hoàn thành chỉ tiêu") wrap rather than being cut.
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        }
        if kind in _NUMERIC_KINDS:
            column |= {"type": "numericColumn", "filter": "agNumberColumnFilter"}
        else:
            column["filter"] = "agTextColumnFilter"
        if kind != "text":
            formatter = f"diemtuaFormat(params.value, '{kind}', '{lang}')"
            # CSV downloads hold the numbers and ISO dates, not the page's formatted text.
            column |= {
                "valueFormatter": {"function": formatter},
                "useValueFormatterForExport": False,
            }
        definitions.append(column)
    return definitions
