import datetime as dt

import pytest

from dashboard.domain import Campaign, Filters
from dashboard.state import ViewState, Vocabulary

VOCABULARY = Vocabulary(
    province_region={"01": "DBSH", "79": "DNB", "68": "TN"},
    district_province={"001": "01", "760": "79", "672": "68"},
    provinces_2025=frozenset({"01", "79", "68"}),
)
CAMPAIGN = Campaign(dt.date(2022, 5, 8), dt.date(2022, 12, 31), 10_000)


def parse(query):
    return ViewState.from_query(query, vocabulary=VOCABULARY)


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(lang="en"),
        ViewState(metric="per_10k", province="79"),
        ViewState(lang="en", metric="target_share", province="01", district="001"),
        ViewState(region="TN", scheme="natural_breaks", channels=("post_office", "online")),
        ViewState(start=dt.date(2022, 6, 1), end=dt.date(2022, 7, 31), present=True),
        ViewState(geography="2025", province="79", metric="coverage"),
        ViewState(product="bhyt_ho_gia_dinh", province="01"),
    ],
)
def test_state_round_trips_through_the_query_string(state):
    assert parse(state.to_query()) == state


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
        "?from=2022-02-30&to=yesterday",
        "?geo=1999&scheme=x&channels=,,nope",
        "?product=bhyt",
        None,
    ],
)
def test_malformed_links_open_a_sensible_view(query):
    state = parse(query)
    assert state.lang in {"vi", "en"}
    assert state.province in {"01", "79", None}
    assert state.start is None and state.end is None
    assert state.channels == ()


def test_unknown_province_is_dropped_but_the_rest_kept():
    assert parse("?lang=en&province=99") == ViewState(lang="en")


def test_a_district_brings_its_province_and_a_foreign_district_is_dropped():
    assert parse("?district=760").province == "79"
    assert parse("?province=01&district=760") == ViewState(province="01")


def test_a_province_outside_the_region_drops_the_region():
    assert parse("?region=TN&province=01") == ViewState(province="01")
    assert parse("?region=TN&province=68") == ViewState(region="TN", province="68")


def test_dates_may_reach_outside_the_campaign_and_are_put_in_order():
    state = parse("?from=2022-12-31&to=2021-01-01")
    assert (state.start, state.end) == (dt.date(2021, 1, 1), dt.date(2022, 12, 31))


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ("", ("2022-05-08", "2022-12-31")),
        ("?from=2022-06-01", ("2022-06-01", "2022-12-31")),
        ("?to=2022-06-30", ("2022-05-08", "2022-06-30")),
        ("?from=2021-05-08", ("2021-05-08", "2022-12-31")),
        ("?to=2022-03-01", ("2022-03-01", "2022-03-01")),
        ("?from=2023-02-01", ("2023-02-01", "2023-02-01")),
    ],
)
def test_the_period_counted_is_the_views_else_the_campaign_window(query, period):
    filters = parse(query).filters(CAMPAIGN)
    assert tuple(day.isoformat() for day in filters.period) == period


def test_filters_carry_the_whole_view_but_its_presentation():
    state = parse("?lang=en&metric=per_10k&region=DNB&province=79&channels=online,event")
    assert state.filters(CAMPAIGN) == Filters(
        start=dt.date(2022, 5, 8),
        end=dt.date(2022, 12, 31),
        channels=("online", "event"),
        region="DNB",
        province="79",
    )
    assert state.filters(CAMPAIGN).national() == Filters(
        dt.date(2022, 5, 8), dt.date(2022, 12, 31), ("online", "event")
    )


def test_2025_geography_has_no_districts():
    assert parse("?geo=2025&province=79&district=760") == ViewState(geography="2025", province="79")


def test_the_product_is_in_the_link_only_when_it_is_not_voluntary_insurance():
    household = ViewState(product="bhyt_ho_gia_dinh")

    assert household.to_query() == "?product=bhyt_ho_gia_dinh"
    assert parse("?product=bhxh_tu_nguyen").to_query() == ""
    assert household.filters(CAMPAIGN).product == "bhyt_ho_gia_dinh"
    assert household.filters(CAMPAIGN).national().product == "bhyt_ho_gia_dinh"
    assert ViewState().filters(CAMPAIGN).product == "bhxh_tu_nguyen"


def test_events_levels_round_trip_with_every_level_as_the_default():
    def levels(query: str):
        return ViewState.from_query(query).levels

    assert levels("") is None and levels("?levels=bogus") is None
    assert levels("?levels=central,province,district,commune") is None
    assert levels("?levels=commune,central") == ("central", "commune")
    assert levels("?levels=none") == ()
    assert ViewState(levels=()).to_query() == "?levels=none"
    assert ViewState(levels=("district",)).to_query() == "?levels=district"


def test_the_print_view_travels_in_the_url():
    assert ViewState.from_query("?print=1&province=79").print is True
    assert ViewState(print=True).to_query() == "?print=1"
    assert ViewState.from_query("?print=0").print is False
