import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.maps import (
    FEATURE_ID_KEY,
    Backdrop,
    Inset,
    Labels,
    MapView,
    choropleth_map,
)
from dashboard.figures.style import BACKDROP_COLOR, LABEL_FONT, NO_DATA_COLOR

VIEW = MapView(16.0, 106.0, 4.5)


def _values(rows):
    return pd.DataFrame(rows, columns=["code", "name", "value"])


def _map(values, **kw):
    # Building a go.Figure validates every property of the dict against plotly's schema.
    figure = choropleth_map(
        values,
        geojson_url="/assets/geo/provinces_2022.geojson?v=x",
        value_label="người",
        no_data_label="Chưa có số liệu",
        map_style_url="/assets/map-style.json",
        view=VIEW,
        **kw,
    )
    return go.Figure(figure)


def test_values_are_drawn_by_code_from_a_url_never_inlined():
    fig = _map(_values([("01", "Hà Nội", 120.0), ("79", "TP. Hồ Chí Minh", 340.0)]))
    (trace,) = fig.data
    assert trace.type == "choroplethmap"
    assert trace.geojson == "/assets/geo/provinces_2022.geojson?v=x"
    assert trace.featureidkey == FEATURE_ID_KEY
    assert list(trace.locations) == ["01", "79"]
    assert list(trace.z) == [120.0, 340.0]
    assert [row[0] for row in trace.customdata] == ["Hà Nội", "TP. Hồ Chí Minh"]
    assert fig.layout.map.style == "/assets/map-style.json"
    assert fig.layout.map.zoom == pytest.approx(4.5)


def test_missing_values_are_grey_no_data_not_zero():
    fig = _map(_values([("01", "Hà Nội", 5.0), ("48", "Đà Nẵng", math.nan)]))
    no_data, values = fig.data
    assert list(no_data.locations) == ["48"]
    assert no_data.colorscale[0][1] == NO_DATA_COLOR
    assert "Chưa có số liệu" in no_data.text[0]
    assert list(values.locations) == ["01"]


def test_backdrop_is_drawn_first_and_flat():
    fig = _map(
        _values([("001", "Quận Ba Đình", 3.0)]),
        backdrop=Backdrop("/assets/geo/provinces_2022.geojson", ("79",), ("TP. Hồ Chí Minh",)),
    )
    backdrop, values = fig.data
    assert backdrop.showscale is False
    assert backdrop.colorscale[0][1] == BACKDROP_COLOR
    assert list(values.locations) == ["001"]


def test_hover_names_the_unit_and_formats_the_value():
    fig = _map(_values([("01", "Hà Nội", 1.5)]), value_format=",.1f")
    assert "%{customdata[0]}" in fig.data[-1].hovertemplate
    assert "%{z:,.1f}" in fig.data[-1].hovertemplate


def test_hover_adds_each_units_details_under_its_value():
    details = {"01": "<br>Hạng 1/2", "48": "<br>Chỉ tiêu: 5"}
    fig = _map(_values([("01", "Hà Nội", 1.5), ("48", "Đà Nẵng", math.nan)]), details=details)
    no_data, values = fig.data
    assert [row[2] for row in values.customdata] == ["<br>Hạng 1/2"]
    assert values.hovertemplate.endswith("%{customdata[2]}<extra></extra>")
    assert no_data.text[0] == "Đà Nẵng<br>Chưa có số liệu<br>Chỉ tiêu: 5"


def test_labels_are_a_text_layer_in_the_apps_font_on_top_and_never_clicked():
    labels = Labels(lons=(105.8, 106.7), lats=(21.0, 10.8), texts=("Hà Nội", "Cần Thơ"), size=12)
    fig = _map(_values([("01", "Hà Nội", 1.0), ("92", "Cần Thơ", 2.0)]), labels=labels)
    values, names = fig.data
    assert (values.name, names.name) == ("values", "labels")
    assert names.type == "scattermap" and names.mode == "text"
    assert list(names.text) == ["Hà Nội", "Cần Thơ"]
    assert names.textfont.family == LABEL_FONT
    assert names.hoverinfo == "skip"


def test_the_box_to_fit_travels_in_the_layout_meta():
    fig = _map(_values([("01", "Hà Nội", 1.0)]))
    assert fig.layout.meta["fit"] is None
    framed = go.Figure(
        choropleth_map(
            _values([("01", "Hà Nội", 1.0)]),
            geojson_url="/g.geojson",
            value_label="người",
            no_data_label="–",
            map_style_url="/assets/map-style.json",
            view=MapView(16.0, 106.0, 4.5, fit=(102.0, 8.0, 110.0, 23.5)),
        )
    )
    assert framed.layout.meta["fit"] == [102.0, 8.0, 110.0, 23.5]


def test_an_inset_draws_its_units_again_in_a_second_map_in_its_corner():
    islands = Labels(lons=(113.9,), lats=(9.7,), texts=("Quần đảo Trường Sa",), size=11)
    inset = Inset(
        codes=("576",),
        fit=(111.9, 7.9, 115.8, 11.5),
        domain=(0.74, 0.98, 0.02, 0.3),
        labels=islands,
        islands=((114.36, 10.38), (111.92, 8.64)),
    )
    fig = _map(
        _values([("568", "Nha Trang", 3.0), ("576", "Trường Sa", 1.0), ("575", "Khánh Sơn", 0.0)]),
        inset=inset,
    )
    values, copy, dots, names = fig.data
    assert values.name == "values" and list(values.locations) == ["568", "576", "575"]
    # The inset's unit keeps its class colour (same z on the same scale), without a colour bar.
    assert (copy.name, copy.subplot, list(copy.locations), list(copy.z)) == (
        "inset",
        "map2",
        ["576"],
        [values.z[1]],
    )
    assert copy.showscale is False and list(copy.colorscale) == list(values.colorscale)
    # Islands far below a pixel at the inset's zoom are marked with a dot each.
    assert (dots.name, dots.subplot, dots.mode, list(dots.lon)) == (
        "inset-islands",
        "map2",
        "markers",
        [114.36, 111.92],
    )
    assert dots.hoverinfo == "skip"
    assert (names.name, names.subplot, list(names.text)) == (
        "inset-labels",
        "map2",
        ["Quần đảo Trường Sa"],
    )
    # The main map keeps the whole box; the inset lies over its corner, framed.
    assert tuple(fig.layout.map.domain.x) == (0, 1)
    assert tuple(fig.layout.map2.domain.x) == (0.74, 0.98)
    assert tuple(fig.layout.map2.domain.y) == (0.02, 0.3)
    assert fig.layout.shapes[0].x0 == 0.74 and fig.layout.shapes[0].y1 == 0.3
    assert fig.layout.meta["inset"] == {
        "fit": [111.9, 7.9, 115.8, 11.5],
        "domain": [0.74, 0.98, 0.02, 0.3],
    }
