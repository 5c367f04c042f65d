import datetime as dt

import plotly.graph_objects as go

from dashboard.figures.pace import pace_chart

LABELS = {"actual": "Lũy kế thực tế", "needed": "Nhịp cần đạt", "target": "Chỉ tiêu"}
START, DEADLINE = dt.date(2022, 5, 8), dt.date(2022, 12, 31)


def test_pace_line_runs_from_zero_to_the_target_at_the_deadline():
    days = [START + dt.timedelta(days=i) for i in range(3)]
    fig = go.Figure(  # validates the dict
        pace_chart(days, [5, 9, 20], target=100, start=START, deadline=DEADLINE, labels=LABELS)
    )
    needed, actual = fig.data
    assert list(needed.y) == [0, 100] and list(needed.x) == ["2022-05-08", "2022-12-31"]
    assert list(actual.y) == [5, 9, 20] and actual.name == "Lũy kế thực tế"
    assert fig.layout.shapes[0].y0 == 100


def test_without_a_target_only_the_actual_line_is_drawn():
    fig = go.Figure(
        pace_chart([START], [3], target=0, start=START, deadline=DEADLINE, labels=LABELS)
    )
    assert [trace.name for trace in fig.data] == ["Lũy kế thực tế"]
    assert fig.layout.shapes == ()
