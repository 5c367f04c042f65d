from dashboard.state import ViewState
from dashboard.views.tour import next_stop

STOPS = ((None, None), ("DBSH", None), ("DBSH", "01"), ("TN", None))


def test_the_tour_visits_each_stop_in_order_and_wraps():
    state = ViewState(present=True, lang="en")
    seen = []
    for _ in range(5):
        state = next_stop(state, STOPS)
        seen.append((state.region, state.province))
    assert seen == [("DBSH", None), ("DBSH", "01"), ("TN", None), (None, None), ("DBSH", None)]
    assert state.present and state.lang == "en"


def test_a_view_off_the_tour_restarts_it():
    assert next_stop(ViewState(province="79"), STOPS) == ViewState()
