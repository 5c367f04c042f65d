"""The routes and events screens, answered over HTTP on the sample data."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data import metrics
from dashboard.i18n import format_date
from geodata import reference
from tests.integration.dashclient import answer


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("screens") / "screens.sqlite3"
    return create_app(Settings.load(environ={}, database_url=f"sqlite:///{db}"))


@pytest.fixture(scope="module")
def data(app):
    return app.server.config["DIEMTUA_CONTEXT"].service.snapshot()


def dt_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def route_days(data) -> list[str]:
    return sorted({str(day)[:10] for day in data.routes["day"]})


def draw_routes(app, search: str):
    return answer(
        app,
        f"{ids.ROUTES_MAP}.figure",
        {f"{ids.ROUTES_URL}.search": search},
        changed=f"{ids.ROUTES_URL}.search",
    )


def sync_routes(app, search: str, changed: str, **values):
    values = {f"{ids.ROUTES_URL}.search": search, **values}
    return answer(app, f"{ids.ROUTES_URL}.search", values, changed=changed)


def draw_events(app, search: str):
    values = {f"{ids.EVENTS_URL}.search": search}
    return answer(app, f"{ids.EVENTS_MAP}.figure", values, changed=f"{ids.EVENTS_URL}.search")


def sync_levels(app, search: str, **changed_value):
    """The events URL and checklist after the URL or (``levels=[...]``) the checklist changed."""
    url, level = f"{ids.EVENTS_URL}.search", f"{ids.EVENTS_LEVEL}.value"
    values = {url: search, level: changed_value.get("levels")}
    return answer(app, url, values, changed=level if changed_value else url)


def traces(answered, graph: str) -> dict[str, dict]:
    """The point layers of a map by name (area layers such as province outlines left out)."""
    data = answered[graph]["figure"]["data"]
    return {trace["name"]: trace for trace in data if trace["type"] != "choroplethmap"}


def text(component) -> str:
    return json.dumps(component, ensure_ascii=False)


# --- routes ------------------------------------------------------------------------------


def test_sample_data_has_routes_and_events(data):
    assert len(route_days(data)) >= 10
    assert set(data.routes["vehicle_type"]) == {"car", "motorbike"}
    assert len(data.events) > 100


def by_meta(answered) -> dict[str, dict]:
    return {trace["meta"]: trace for trace in answered[ids.ROUTES_MAP]["figure"]["data"]}


def coordinates(values) -> np.ndarray:
    """A coordinate array of an answer: plain JSON or plotly's base64 typed array."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values, dtype="float64")


def tracks_in(line: dict) -> int:
    lat = coordinates(line["lat"])
    return int(np.isnan(lat).sum()) + 1 if len(lat) else 0


def test_national_routes_draw_one_simplified_track_and_one_total_per_district(app, data):
    day = route_days(data)[0]
    answered = draw_routes(app, f"?day={day}&lang=en")
    layers = by_meta(answered)
    assert list(layers) == [
        "not_reached",
        "reached",
        "provinces",
        "legend:not_reached",
        "legend:reached",
        "legend:provinces",
        "car",
        "motorbike",
        "stops",
    ]
    # Every symbol and shading is named in the legend: area layers through a swatch each.
    in_legend = {k for k, trace in layers.items() if trace.get("showlegend", True)}
    assert in_legend == {"car", "motorbike", "stops"} | {
        f"legend:{k}" for k in ("not_reached", "reached", "provinces")
    }
    for area in ("not_reached", "reached", "provinces"):
        assert layers[f"legend:{area}"]["name"] == layers[area]["name"]
    assert [layers[k]["name"] for k in ("car", "motorbike")] == ["Car", "Motorbike"]
    assert len(layers["provinces"]["locations"]) == 63
    assert layers["provinces"]["geojson"].startswith("/assets/geo/provinces_2022.geojson?v=")
    points = metrics.route_points(data, day=dt_date(day))
    districts = points["district_code"].dropna().nunique()
    drawn = sum(tracks_in(layers[k]) for k in ("car", "motorbike"))
    assert 0 < drawn <= districts
    # Simplified for the national zoom: far fewer positions than were logged.
    positions = sum(
        int((~np.isnan(coordinates(layers[k]["lat"]))).sum()) for k in ("car", "motorbike")
    )
    assert positions < len(points) / 5
    totals = layers["stops"]
    assert len(coordinates(totals["lat"])) == districts
    stops = metrics.route_stops(data, day=dt_date(day))
    people = stops.groupby("district_code")["people_reached"].sum()
    biggest = people.idxmax()
    districts = reference.districts()
    names = dict(zip(districts["district_code"], districts["full_name_vi"], strict=True))
    sizes = list(coordinates(totals["marker"]["size"]))
    top_text = totals["text"][sizes.index(max(sizes))]
    assert names[biggest] in top_text and f"{int(people.max()):,}" in top_text
    figure = answered[ids.ROUTES_MAP]["figure"]
    assert figure["layout"]["map"]["style"].startswith("/assets/map-style.json")
    assert layers["reached"]["geojson"].startswith("/assets/geo/districts_2022.geojson?v=")
    assert answered[ids.ROUTES_TITLE]["children"] == format_date(dt_date(day), "en")


def test_an_open_province_shows_every_vehicle_and_its_stops(app, data):
    day = route_days(data)[0]
    points = metrics.route_points(data, day=dt_date(day))
    province = points["province_code"].value_counts().idxmax()
    answered = draw_routes(app, f"?province={province}&day={day}&lang=en")
    layers = by_meta(answered)
    mine = points[points["province_code"] == province]
    for kind in ("car", "motorbike"):
        vehicles = mine.loc[mine["vehicle_type"] == kind, "vehicle_id"].nunique()
        assert tracks_in(layers[kind]) == vehicles if vehicles else kind not in layers
    stops = metrics.route_stops(data, day=dt_date(day), province_code=province)
    assert layers["stops"]["name"] == "Stops"
    assert 0 < len(coordinates(layers["stops"]["lat"])) <= len(stops)
    # Stops of a parade at one place are one marker; the people they reached all count.
    drawn_people = sum(
        int(text.rsplit(": ", 1)[1].replace(",", "")) for text in layers["stops"]["text"]
    )
    assert drawn_people == int(stops["people_reached"].fillna(0).sum())
    # A new area is a new camera; a new day of the same area keeps the user's.
    national = draw_routes(app, f"?day={day}")[ids.ROUTES_MAP]["figure"]["layout"]
    other_day = route_days(data)[1]
    later = draw_routes(app, f"?province={province}&day={other_day}")
    layout = answered[ids.ROUTES_MAP]["figure"]["layout"]
    assert layout["uirevision"] != national["uirevision"]
    assert later[ids.ROUTES_MAP]["figure"]["layout"]["uirevision"] == layout["uirevision"]


def test_reached_districts_grow_with_the_day(app, data):
    days = route_days(data)
    counts = []
    for day in (days[0], days[len(days) // 2], days[-1]):
        layers = by_meta(draw_routes(app, f"?day={day}"))
        reached = layers["reached"]["locations"]
        not_reached = layers["not_reached"]["locations"]
        # The same districts are shaded every day, only their colour changes.
        counts.append((len(reached), len(reached) + len(not_reached)))
    assert counts[0][0] < counts[-1][0]
    assert counts[0][0] <= counts[1][0] <= counts[2][0]
    assert len({total for _, total in counts}) == 1
    final = metrics.reached_units(data, level="district", until=dt_date(days[-1]))
    assert counts[-1][0] == len(final)


def test_routes_panel_counts_vehicles_and_people(app, data):
    day = route_days(data)[5]
    panel = text(draw_routes(app, f"?day={day}")[ids.ROUTES_PANEL])
    # Counted here from the stored points with pandas, not by the functions the panel calls.
    routes = data.routes
    days = routes["day"].dt.strftime("%Y-%m-%d")
    points = routes[days == day]
    for kind, label in (("car", "Ô tô"), ("motorbike", "Xe máy")):
        vehicles = points.loc[points["vehicle_type"] == kind, "vehicle_id"].nunique()
        assert f"{label}: {vehicles}" in panel
    stops = routes["stop_name"].notna()
    today = int(routes.loc[stops & (days == day), "people_reached"].fillna(0).sum())
    so_far = int(routes.loc[stops & (days <= day), "people_reached"].fillna(0).sum())
    assert today > 1000 and so_far > today
    assert f"{today:,}".replace(",", ".") in panel
    assert f"{so_far:,}".replace(",", ".") in panel


def test_route_day_defaults_to_the_view_end_date_then_the_first_day(app, data):
    days = route_days(data)
    opened = sync_routes(app, f"?to={days[4]}", changed=f"{ids.ROUTES_URL}.search")
    # Opening places the slider and leaves the URL alone.
    assert opened == {ids.ROUTES_SLIDER: {"value": 4}}
    title = draw_routes(app, f"?to={days[4]}")[ids.ROUTES_TITLE]["children"]
    assert title == format_date(dt_date(days[4]), "vi")
    assert sync_routes(app, "", changed=f"{ids.ROUTES_URL}.search") == {
        ids.ROUTES_SLIDER: {"value": 0}
    }


def test_slider_and_player_move_the_day_in_the_url(app, data):
    days = route_days(data)
    moved = sync_routes(
        app, "?lang=en", changed=f"{ids.ROUTES_SLIDER}.value", **{f"{ids.ROUTES_SLIDER}.value": 2}
    )
    assert moved[ids.ROUTES_URL]["search"] == f"?lang=en&day={days[2]}"
    tick = {f"{ids.ROUTES_TICK}.n_intervals": 1}
    ticked = sync_routes(app, f"?day={days[2]}", changed=f"{ids.ROUTES_TICK}.n_intervals", **tick)
    assert ticked == {
        ids.ROUTES_URL: {"search": f"?day={days[3]}"},
        ids.ROUTES_SLIDER: {"value": 3},
    }
    # After the last day the player starts again from the first.
    looped = sync_routes(app, f"?day={days[-1]}", changed=f"{ids.ROUTES_TICK}.n_intervals", **tick)
    assert looped[ids.ROUTES_URL]["search"] == f"?day={days[0]}"


def test_play_button_toggles_the_timer(app):
    def click(paused: bool):
        return answer(
            app,
            f"{ids.ROUTES_TICK}.disabled",
            {f"{ids.ROUTES_PLAY}.n_clicks": 1},
            changed=f"{ids.ROUTES_PLAY}.n_clicks",
            state={f"{ids.ROUTES_TICK}.disabled": paused, f"{ids.ROUTES_URL}.search": "?lang=en"},
        )

    started = click(True)
    assert started[ids.ROUTES_TICK] == {"disabled": False}
    icon, word = started[ids.ROUTES_PLAY]["children"]
    assert icon["props"]["className"] == "player-icon icon-pause" and word == "Pause"
    assert click(False)[ids.ROUTES_TICK] == {"disabled": True}


def test_routes_follow_the_province_filter(app, data):
    province = "79"
    day = route_days(data)[0]
    layers = by_meta(draw_routes(app, f"?province={province}&day={day}"))
    shaded = layers["reached"]["locations"] + layers["not_reached"]["locations"]
    districts = app.server.config["DIEMTUA_CONTEXT"].vocabulary.district_province
    assert shaded and {districts[code] for code in shaded} == {province}
    assert layers["stops"]["name"] == "Điểm dừng"


# --- events ------------------------------------------------------------------------------


def held_between(data, first: str, last: str):
    """The events table's rows held in a period, counted here with pandas, not by metrics."""
    days = data.events["held_on"].dt.strftime("%Y-%m-%d")
    return data.events[(days >= first) & (days <= last)]


def test_event_totals_count_the_campaign_window(app, data):
    answered = draw_events(app, "")
    held = held_between(data, "2022-05-08", "2022-12-31")
    summary = {
        "events": len(held),
        "attendees": int(held["attendees"].fillna(0).sum()),
        "online_viewers": int(held["online_viewers"].fillna(0).sum()),
        "leads": int(held["leads"].fillna(0).sum()),
    }
    assert summary["events"] > 10
    rows = answered[ids.EVENTS_GRID]["rowData"]
    assert len(rows) == summary["events"]
    assert sum(row["attendees"] or 0 for row in rows) == summary["attendees"]
    assert sum(row["online_viewers"] or 0 for row in rows) == summary["online_viewers"]
    totals = text(answered[ids.EVENTS_TOTALS])
    for column in ("events", "attendees", "online_viewers", "leads"):
        assert f"{summary[column]:,}".replace(",", ".") in totals
    # Every event sits somewhere on the map: the bubbles add up to the same totals.
    by_level = traces(answered, ids.EVENTS_MAP)
    assert set(by_level) == {"Cấp trung ương", "Cấp tỉnh", "Cấp huyện", "Cấp xã"}
    sites = [site for trace in by_level.values() for site in trace["customdata"]]
    assert sum(site[1] for site in sites) == summary["events"]
    assert sum(site[2] for site in sites) == summary["attendees"]
    assert sum(site[3] for site in sites) == summary["online_viewers"]


def test_central_kickoff_card(app, data):
    kickoff = text(draw_events(app, "?lang=en")[ids.EVENTS_KICKOFF])
    central = data.events[data.events["level"] == "central"].sort_values("held_on").iloc[0]
    assert "National online kickoff" in kickoff
    assert f"{int(central['attendees']):,}" in kickoff
    assert f"{int(central['online_viewers']):,}" in kickoff
    assert "8 May 2022" in kickoff


def test_level_filter_and_view_filters(app, data):
    only = draw_events(app, "?lang=en&levels=district")
    assert set(traces(only, ids.EVENTS_MAP)) == {"District"}
    assert {row["level_name"] for row in only[ids.EVENTS_GRID]["rowData"]} == {"District"}
    june = draw_events(app, "?from=2022-06-01&to=2022-06-30")[ids.EVENTS_GRID]["rowData"]
    assert len(june) == len(held_between(data, "2022-06-01", "2022-06-30")) > 0
    assert {row["held_on"][:7] for row in june} == {"2022-06"}
    hanoi = draw_events(app, "?province=01")[ids.EVENTS_GRID]["rowData"]
    in_window = held_between(data, "2022-05-08", "2022-12-31")
    assert len(hanoi) == (in_window["province_code"] == "01").sum() > 0
    # A province filter leaves the central kickoff out of the list.
    assert "Cấp trung ương" not in {row["level_name"] for row in hanoi}
    # No level chosen: nothing listed (not everything).
    assert draw_events(app, "?levels=none")[ids.EVENTS_GRID]["rowData"] == []


def test_events_levels_travel_in_the_url(app):
    chose = sync_levels(app, "?lang=en", levels=["commune", "district"])
    assert chose[ids.EVENTS_URL]["search"] == "?lang=en&levels=district,commune"
    assert sync_levels(app, "?levels=district", levels=[])[ids.EVENTS_URL]["search"] == (
        "?levels=none"
    )
    # Every level again: the default, left out of the URL.
    every = sync_levels(
        app, "?levels=district", levels=["central", "province", "district", "commune"]
    )
    assert every[ids.EVENTS_URL]["search"] == ""
    # Back or a link: the checklist follows the URL.
    follows = sync_levels(app, "?levels=province,central")
    assert follows[ids.EVENTS_LEVEL]["value"] == ["central", "province"]
    assert sync_levels(app, "?levels=bogus")[ids.EVENTS_LEVEL]["value"] == [
        "central",
        "province",
        "district",
        "commune",
    ]


def test_events_map_outlines_the_provinces_under_the_sites(app):
    data = draw_events(app, "")[ids.EVENTS_MAP]["figure"]["data"]
    assert data[0]["type"] == "choroplethmap" and data[0]["meta"] == "provinces"
    assert len(data[0]["locations"]) == 63 and data[0]["geojson"].startswith("/assets/geo/")
    assert all(trace["type"] == "scattermap" for trace in data[1:])
