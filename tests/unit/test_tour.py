from dashboard.state import ViewState
from dashboard.views.tour import stop_views, tour_plan

STOPS = ((None, None), ("DBSH", None), ("DBSH", "01"), ("TN", None))


def test_each_stop_keeps_the_view_and_moves_the_area():
    views = stop_views(ViewState(present=True, lang="en", district="760"), STOPS)
    assert [(v.region, v.province) for v in views] == list(STOPS)
    assert all(v.present and v.lang == "en" and v.district is None for v in views)


def test_the_plan_says_why_each_stop_is_shown():
    shares = {(None, None): 0.98, ("DBSH", None): 0.9, ("DBSH", "01"): 0.381, ("TN", None): None}
    plan = tour_plan(
        ViewState(present=True),
        STOPS,
        share_of_target=lambda view: shares[(view.region, view.province)],
        default_lang="vi",
    )
    stops = plan["stops"]
    assert [s["search"] for s in stops] == [
        "?present=1",
        "?present=1&region=DBSH",
        "?present=1&region=DBSH&province=01",
        "?present=1&region=TN",
    ]
    assert stops[0]["caption"] == "Toàn quốc: 98 % chỉ tiêu"
    assert stops[2]["caption"] == "Hà Nội: tỉnh chậm nhất vùng Đồng bằng sông Hồng, 38 % chỉ tiêu"
    assert stops[3]["caption"] == "Vùng Tây Nguyên: – chỉ tiêu"
    assert {"running", "paused", "keys"} <= set(plan)
