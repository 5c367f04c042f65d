"""The URL's search is written only when a user's action changes the view."""

from __future__ import annotations

from dash import no_update

from dashboard.state import ViewState
from dashboard.views.url_sync import moved_search, view_search


def test_an_unchanged_view_writes_nothing_so_no_history_entry_is_added() -> None:
    shown = ViewState.from_query("?metric=per_10k", default_lang="vi")
    assert view_search(shown, shown, default_lang="vi") is no_update
    assert moved_search("?day=2022-05-12", "?day=2022-05-12", str) is no_update


def test_a_changed_view_writes_its_search_with_the_defaults_left_out() -> None:
    shown = ViewState.from_query("", default_lang="vi")
    wanted = ViewState.from_query("?metric=per_10k&lang=en", default_lang="vi")
    assert view_search(shown, wanted, default_lang="vi") == wanted.to_query(default_lang="vi")
    assert "lang=en" in view_search(shown, wanted, default_lang="vi")
    assert moved_search("?day=2022-05-12", "?day=2022-05-13", str) == "?day=2022-05-13"
