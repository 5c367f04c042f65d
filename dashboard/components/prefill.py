"""Put callbacks' answers into a layout before it is sent, so the first view needs no round trip.

A screen's callbacks and its layout share one function per callback: it returns the values
of the callback's outputs for a view. The callback returns them; the layout factory puts them
into the components with :func:`fill`, by (component id, property).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from dash import dcc, no_update
from dash.development.base_component import Component

Outputs = Sequence[tuple[str, str]]
C = TypeVar("C", bound=Component)


def answers(outputs: Outputs, values: Iterable[Any]) -> dict[tuple[str, str], Any]:
    """``{(id, property): value}`` of one callback's outputs, leaving out ``no_update``."""
    return {
        output: value
        for output, value in zip(outputs, values, strict=True)
        if value is not no_update
    }


def fill(layout: C, values: dict[tuple[str, str], Any]) -> C:
    """Set each ``(id, property)`` of ``values`` on the component of that id in ``layout``.

    Raises ``KeyError`` naming the ids that are not in the layout: an answer that goes
    nowhere is a wiring mistake, not something to skip.
    """
    by_id: dict[str, list[tuple[str, Any]]] = {}
    for (component_id, prop), value in values.items():
        by_id.setdefault(component_id, []).append((prop, value))
    for component in walk(layout):
        found = getattr(component, "id", None)
        if isinstance(found, str) and found in by_id:
            for prop, value in by_id.pop(found):
                setattr(component, prop, value)
    if by_id:
        raise KeyError(f"not in the layout: {sorted(by_id)}")
    return layout


def pin_locations(layout: C, pathname: str, search: str) -> C:
    """Give every ``dcc.Location`` of ``layout`` the URL the layout was made for.

    A Location without these properties reports the browser's URL when it mounts, which
    runs every callback that listens to it: the round trip the filled layout avoids.
    """
    for component in walk(layout):
        if isinstance(component, dcc.Location):
            setattr(component, "pathname", pathname)  # noqa: B010 (not typed by Dash)
            setattr(component, "search", search)  # noqa: B010
    return layout


def walk(node: Any) -> Iterator[Component]:
    """Every component in ``node`` (a component, a list of them or text), depth first."""
    if isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
