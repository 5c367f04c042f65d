"""Callbacks' answers put into a layout by (id, property)."""

from __future__ import annotations

import pytest
from dash import dcc, html, no_update

from dashboard.components.prefill import answers, fill, pin_locations


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url"),
            html.H1(id="title"),
            html.Div([dcc.Graph(id="map"), html.P(id="hint", hidden=True)]),
        ]
    )


def test_answers_are_set_on_the_components_by_id_and_property():
    filled = fill(
        layout(),
        answers(
            [("map", "figure"), ("title", "children"), ("hint", "hidden")],
            [{"data": []}, "Toàn quốc", False],
        ),
    )
    title, graphs = filled.children[1], filled.children[2]
    assert title.children == "Toàn quốc"
    assert graphs.children[0].figure == {"data": []}
    assert graphs.children[1].hidden is False


def test_no_update_leaves_the_component_as_it_is():
    assert answers([("map", "figure"), ("title", "children")], [no_update, "x"]) == {
        ("title", "children"): "x"
    }


def test_an_answer_for_a_missing_component_is_a_wiring_mistake():
    with pytest.raises(KeyError, match="nowhere"):
        fill(layout(), {("nowhere", "children"): "x"})


def test_locations_are_pinned_to_the_url_the_layout_was_made_for():
    pinned = pin_locations(layout(), "/diemtua/", "?province=79")
    location = pinned.children[0]
    assert (location.pathname, location.search) == ("/diemtua/", "?province=79")
