"""The tensions helpers: as-of selection of revised tolls, spreads, timelines, vote changes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from postsoviet import countries, plot, tensions  # noqa: E402
from postsoviet.data import load  # noqa: E402

DAY = pd.Timestamp


@pytest.fixture(scope="module")
def tolls():
    return load("death_tolls")


@pytest.fixture(scope="module")
def events():
    return load("tension_events")


def spread_row(spread, episode, side, kind="official", metric="deaths"):
    rows = spread[
        (spread["episode"] == episode)
        & (spread["side"] == side)
        & (spread["counter_kind"] == kind)
        & (spread["metric"] == metric)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_known_by_keeps_only_what_was_published_by_then(tolls):
    known = tensions.known_by(tolls, DAY("2022-09-18"))
    kyrgyz = known[(known["episode"] == "kg_tj_sep_2022") & (known["side"] == "KGZ")]
    assert sorted(kyrgyz["value"]) == [24, 36, 37, 46]
    assert known["published"].max() == DAY("2022-09-18")


def test_spread_as_of_the_day_after_the_first_reports(tolls):
    spread = tensions.toll_spread(tolls, DAY("2022-09-18"))
    kyrgyz = spread_row(spread, "kg_tj_sep_2022", "Kyrgyzstan")
    assert (kyrgyz.first_as_of, kyrgyz.first_low, kyrgyz.first_high) == (DAY("2022-09-17"), 24, 24)
    # three figures of the same day from two ministries stay a range
    assert (kyrgyz.latest_as_of, kyrgyz.latest_low, kyrgyz.latest_high) == (
        DAY("2022-09-18"),
        36,
        46,
    )
    assert kyrgyz.reports == 4
    tajik = spread_row(spread, "kg_tj_sep_2022", "Tajikistan")
    assert (tajik.latest_low, tajik.latest_high) == (35, 38)
    unofficial = spread_row(spread, "kg_tj_sep_2022", "Tajikistan", "unofficial")
    assert unofficial.latest_low == 30
    assert spread[spread["counter_kind"] == "independent"].empty  # HRW wrote on 21 Sep


def test_spread_with_later_revisions(tolls):
    spread = tensions.toll_spread(tolls, DAY("2026-11-26"))
    kyrgyz = spread_row(spread, "kg_tj_sep_2022", "Kyrgyzstan")
    assert (kyrgyz.latest_as_of, kyrgyz.latest_low, kyrgyz.all_low, kyrgyz.all_high) == (
        DAY("2022-09-19"),
        59,
        24,
        59,
    )
    # Armenia's first toll counts deaths; the later ones count the killed or missing
    assert spread_row(spread, "am_az_sep_2022", "Armenia").latest_low == 49
    missing = spread_row(spread, "am_az_sep_2022", "Armenia", metric="killed_or_missing")
    assert (missing.first_low, missing.latest_low, missing.all_high) == (207, 202, 207)
    assert spread_row(spread, "kg_tj_sep_2022", "both sides", "independent").latest_low == 100


def test_latest_official_at_the_article_date(tolls):
    at_article = tensions.latest_official(tolls, "am_az_sep_2022", DAY("2022-10-07"))
    assert at_article == {"Armenia": (49, 49), "Azerbaijan": (50, 50)}
    later = tensions.latest_official(tolls, "am_az_sep_2022", DAY("2026-11-26"))
    assert later == {"Armenia": (49, 49), "Azerbaijan": (80, 80)}  # deaths only
    kazakh = tensions.latest_official(tolls, "kz_january_2022", DAY("2022-02-01"))
    assert kazakh == {"Kazakhstan": (225, 225)}
    assert tensions.latest_official(tolls, "kz_january_2022", DAY("2022-01-10")) == {}


def test_toll_revisions_are_a_sorted_series(tolls):
    series = tensions.toll_revisions(tolls, DAY("2022-07-31"))
    uzbek = series[series["side_name"] == "Uzbekistan"]
    assert list(uzbek["value"]) == [18, 21]
    assert list(uzbek["as_of"]) == [DAY("2022-07-04"), DAY("2022-07-18")]


def test_timeline_and_tension_by_country(events):
    every = sorted(countries.POST_SOVIET)
    rows = tensions.timeline(events, every, DAY("2022-10-07"), DAY("2022-01-01"), DAY("2022-10-07"))
    assert rows["start"].is_monotonic_increasing
    assert "kg_tj_border_treaty" not in set(rows["event_id"])
    assert rows["published"].max() <= DAY("2022-10-07")
    table = tensions.tension_by_country(
        events, every, DAY("2022-10-07"), DAY("2022-01-01"), DAY("2022-10-07")
    ).set_index("country")
    found = set(table.index[table["events"] > 0])
    assert found == {"ARM", "AZE", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UKR", "UZB"}
    assert table.loc["KGZ", "events"] == 2  # the January and September clashes
    # the protests in Moldova began on 18 Sep: not yet "known" on 17 Sep
    earlier = tensions.tension_by_country(
        events, ["MDA"], DAY("2022-09-17"), DAY("2022-01-01"), DAY("2022-10-07")
    )
    assert earlier.iloc[0]["events"] == 0


def test_wording_elements():
    elements = {"most": ("most",), "compelled": ("have to", "forced to")}
    assert tensions.wording_elements("Most of them have to leave", elements) == {
        "most": True,
        "compelled": True,
    }
    assert tensions.wording_elements("Some chose to leave", elements) == {
        "most": False,
        "compelled": False,
    }


def test_first_side_taken_after_publication():
    votes = load("unga_war_votes")
    day, rows = tensions.first_side_taken(votes, DAY("2022-10-07"), DAY("2026-11-26"))
    assert day == DAY("2023-04-26")
    assert list(rows["country"]) == ["KAZ"]
    assert tensions.first_side_taken(votes, DAY("2022-10-07"), DAY("2023-03-01"))[0] is None
    matrix = tensions.vote_matrix(votes, DAY("2026-11-26"))
    assert list(matrix.columns) == ["ES-11/1", "ES-11/4", "ES-11/6", "UN-CoE-2023"]
    assert matrix.loc["Kazakhstan", "UN-CoE-2023"] == "yes"
    assert matrix.loc["Turkmenistan", "ES-11/1"] == "—"


def test_charts_draw_lanes_and_panels(events, tolls):
    rows = tensions.timeline(
        events, ["KGZ", "TJK"], DAY("2026-11-26"), DAY("2022-01-01"), DAY("2025-12-31")
    )
    fig, ax = tensions.timeline_chart(rows, "t", {"article": DAY("2022-10-07")})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Tajikistan", "Kyrgyzstan"]
    plt.close(fig)
    known = tensions.known_by(tolls, DAY("2022-10-07"))
    fig, axes = tensions.toll_chart(known, ["kg_tj_sep_2022", "am_az_sep_2022"], "t", plot.PALETTE)
    assert axes.shape == (1, 2) and len(axes[0, 0].get_lines()) == 4
    plt.close(fig)
    source = tensions.toll_source(known[known["episode"] == "kg_tj_sep_2022"])
    assert source.startswith(
        "Source: 10 figures stated by the authorities of Kyrgyzstan, Tajikistan"
    )
    assert "and by Human Rights Watch, as reported by 8 outlets" in source


def test_source_urls_fall_back_to_the_article():
    assert tensions.source_urls(
        pd.Series(["https://b", "https://a"]), ["https://a"], fallback="x"
    ) == [
        "https://a",
        "https://b",
    ]
    assert tensions.source_urls(pd.Series([], dtype="string"), fallback="https://article") == [
        "https://article"
    ]
