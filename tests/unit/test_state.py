import pytest

from dashboard.state import ViewState

KNOWN = frozenset({"01", "79"})


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(lang="en"),
        ViewState(metric="per_10k", province="79"),
        ViewState(lang="en", metric="per_10k", province="01"),
    ],
)
def test_state_round_trips_through_the_query_string(state):
    query = state.to_query()
    assert ViewState.from_query(query, known_provinces=KNOWN) == state


def test_default_view_has_an_empty_query():
    assert ViewState().to_query() == ""


def test_default_language_is_left_out_of_links():
    assert ViewState(lang="en").to_query(default_lang="en") == ""
    assert ViewState(lang="vi").to_query(default_lang="en") == "?lang=vi"


@pytest.mark.parametrize(
    "query",
    [
        "?lang=fr",
        "?metric=bogus",
        "?province=99",
        "?province=",
        "garbage",
        "?lang=en&lang=xx",
        None,
    ],
)
def test_malformed_links_open_a_sensible_view(query):
    state = ViewState.from_query(query, known_provinces=KNOWN)
    assert state.lang in {"vi", "en"}
    assert state.metric in {"new_enrollments", "per_10k"}
    assert state.province in KNOWN | {None}


def test_unknown_province_is_dropped_but_the_rest_kept():
    state = ViewState.from_query("?lang=en&province=99", known_provinces=KNOWN)
    assert state == ViewState(lang="en")
