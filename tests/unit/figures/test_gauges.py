import plotly.graph_objects as go

from dashboard.figures.gauges import progress_gauge


def gauge(*args, **kwargs):
    return go.Figure(progress_gauge(*args, **kwargs))  # validates the dict


def test_gauge_shows_value_and_marks_the_target():
    fig = gauge(7_500, 10_000, title="Tiến độ", target_label="Chỉ tiêu: 10.000")
    (indicator,) = fig.data
    assert indicator.value == 7_500
    assert indicator.gauge.threshold.value == 10_000
    assert indicator.gauge.axis.range[1] >= 10_000


def test_gauge_axis_grows_past_an_exceeded_target():
    fig = gauge(12_000, 10_000, title="", target_label="")
    assert fig.data[0].gauge.axis.range[1] > 12_000


def test_gauge_without_target_still_draws():
    fig = gauge(0, 0, title="", target_label="")
    assert fig.data[0].gauge.axis.range == (0, 1)


def test_gauge_without_target_marks_none():
    fig = gauge(22_535, 0, title="Tiến độ toàn quốc\nBHYT hộ gia đình", target_label="Chưa đặt")
    (indicator,) = fig.data
    assert indicator.gauge.threshold.value is None
    # Each line of the title wraps on its own: the product is a line of its own.
    assert indicator.title.text.split("<br>")[:2] == [
        "<b>Tiến độ toàn quốc</b>",
        "<b>BHYT hộ gia đình</b>",
    ]
