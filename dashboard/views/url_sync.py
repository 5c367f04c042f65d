"""The URL holds the view: how a screen's callbacks move it.

Each screen reads the view from the URL's search, works out the view a user's action asks for,
and writes the search back only when that view differs from the one shown. Writing the same
view again would add a browser history entry and redraw every graph for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dash import no_update

from dashboard.state import ViewState

View = TypeVar("View")


def moved_search(shown: View, wanted: View, search_of: Callable[[View], str]) -> Any:
    """The search to write for ``wanted``, or ``no_update`` when it is the view ``shown``."""
    return search_of(wanted) if wanted != shown else no_update


def view_search(shown: ViewState, wanted: ViewState, *, default_lang: str) -> Any:
    """``moved_search`` for views that travel as a ``ViewState`` (defaults left out)."""
    return moved_search(shown, wanted, lambda state: state.to_query(default_lang=default_lang))
