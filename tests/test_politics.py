"""Memberships as of a day, vote resolution and the positions the notebook reports."""

import pandas as pd
import pytest

from postsoviet import politics
from postsoviet.data import load
from postsoviet.params import ParameterError

DAY = pd.Timestamp


@pytest.fixture(scope="module")
def memberships():
    return load("memberships")


@pytest.fixture(scope="module")
def votes():
    return load("unga_votes")


def status(memberships, organisation, country, day):
    now = politics.status_on(memberships, DAY(day)).set_index(["organisation", "country"])
    return now.loc[(organisation, country), "status"]


def test_uzbekistan_left_rejoined_and_was_suspended(memberships):
    assert status(memberships, "CSTO", "UZB", "1992-05-14") == "none"  # before the treaty
    assert status(memberships, "CSTO", "UZB", "1992-05-15") == "member"
    assert status(memberships, "CSTO", "UZB", "1999-04-19") == "member"
    assert status(memberships, "CSTO", "UZB", "1999-04-20") == "none"  # left
    assert status(memberships, "CSTO", "UZB", "2006-08-16") == "member"  # rejoined
    assert status(memberships, "CSTO", "UZB", "2012-06-01") == "member"
    # the request of 28 June did not end membership; the CSTO's decision of 19 Dec did
    assert status(memberships, "CSTO", "UZB", "2012-09-01") == "member"
    assert status(memberships, "CSTO", "UZB", "2012-12-19") == "suspended"
    assert status(memberships, "CSTO", "UZB", "2022-10-07") == "suspended"
    assert status(memberships, "EAEU", "UZB", "2022-10-07") == "observer"
    assert status(memberships, "CIS", "UZB", "2022-10-07") == "member"


def test_status_start_is_not_moved_by_later_listings(memberships):
    now = politics.status_on(memberships, DAY("2022-10-07")).set_index(["organisation", "country"])
    assert now.loc[("CSTO", "KAZ"), "since"] == DAY("1992-05-15")
    assert now.loc[("CSTO", "UZB"), "since"] == DAY("2012-12-19")


def test_armenia_froze_its_csto_participation_in_2024(memberships):
    assert status(memberships, "CSTO", "ARM", "2024-02-21") == "member"
    assert status(memberships, "CSTO", "ARM", "2024-02-22") == "frozen"
    assert "ARM" in politics.members(memberships, DAY("2022-10-07"), ["CSTO"])
    assert "ARM" not in politics.members(memberships, DAY("2024-06-01"), ["CSTO"])


def test_a_date_known_only_to_the_month_is_unknown_inside_that_month(memberships):
    assert status(memberships, "CIS", "GEO", "1993-11-30") == "none"
    assert status(memberships, "CIS", "GEO", "1993-12-15") == "unknown"
    assert status(memberships, "CIS", "GEO", "1994-01-01") == "member"
    assert status(memberships, "CIS", "GEO", "2009-08-18") == "none"


def test_same_day_events_that_disagree_are_disputed():
    events = pd.DataFrame(
        {
            "organisation": ["CSTO", "CSTO"],
            "country": ["UZB", "UZB"],
            "as_of": [DAY("2012-12-19"), DAY("2012-12-19")],
            "precision": ["day", "day"],
            "status": ["suspended", "member"],
            "event": ["a", "b"],
            "source_url": ["https://a", "https://b"],
        }
    )
    assert status(events, "CSTO", "UZB", "2013-01-01") == "disputed"


def test_treaty_partners_on_the_article_date(memberships):
    assert politics.members(memberships, DAY("2022-10-07")) == [
        "RUS",
        "BLR",
        "ARM",
        "KAZ",
        "KGZ",
        "TJK",
    ]
    assert "UZB" in politics.members(memberships, DAY("2012-06-01"), ["CSTO"])


def test_membership_grid_keeps_the_fixed_order(memberships):
    grid = politics.membership_grid(memberships, DAY("2022-10-07"), ["MNG", "GEO", "RUS"])
    assert list(grid.index) == ["RUS", "GEO", "MNG"]
    assert list(grid.columns) == ["CSTO", "EAEU", "CIS"]
    assert grid.loc["MNG"].tolist() == ["none", "none", "none"]
    assert grid.loc["GEO", "CIS"] == "none"


def fake_votes(rows):
    return pd.DataFrame(rows, columns=["resolution", "country", "vote", "publisher"])


def test_unknown_votes_stay_unknown_and_conflicts_are_disputed():
    votes = fake_votes(
        [
            ("ES-11/6", "AZE", "unknown", "P1"),
            ("ES-11/4", "GEO", "yes", "P1"),
            ("ES-11/4", "GEO", "yes", "P2"),
            ("ES-11/4", "MDA", "yes", "P1"),
            ("ES-11/4", "MDA", "absent", "P2"),
            ("ES-11/4", "AZE", "unknown", "P1"),
            ("ES-11/4", "AZE", "absent", "P2"),
        ]
    )
    resolved = politics.votes_resolved(votes, ["ES-11/4", "ES-11/6"], ["GEO", "MDA", "AZE"])
    vote = resolved.set_index(["resolution", "country"])["vote"]
    assert vote[("ES-11/4", "GEO")] == "yes"
    assert vote[("ES-11/4", "MDA")] == "disputed"
    assert vote[("ES-11/4", "AZE")] == "absent"  # an unknown row does not override a stated vote
    assert vote[("ES-11/6", "AZE")] == "unknown"
    assert vote[("ES-11/6", "GEO")] == "unknown"  # no row at all: unknown, not guessed
    sources = resolved.set_index(["resolution", "country"])["sources"]
    assert sources[("ES-11/4", "GEO")] == 2 and sources[("ES-11/6", "AZE")] == 0


def test_shipped_votes(votes):
    resolved = politics.votes_resolved(votes, ["ES-11/1", "ES-11/4", "ES-11/6"], politics.ORDER)
    vote = resolved.set_index(["resolution", "country"])["vote"]
    assert vote[("ES-11/1", "UZB")] == "absent" and vote[("ES-11/4", "UZB")] == "abstain"
    assert vote[("ES-11/4", "KAZ")] == "abstain"
    assert vote[("ES-11/1", "GEO")] == "yes" and vote[("ES-11/4", "UKR")] == "yes"
    # no dated page names these votes, so they stay unknown rather than being filled in
    assert vote[("ES-11/4", "GEO")] == "unknown" and vote[("ES-11/1", "TKM")] == "unknown"
    assert vote[("ES-11/6", "AZE")] == "unknown" and vote[("ES-11/6", "UKR")] == "unknown"
    assert "disputed" not in set(resolved["vote"])


def test_neutral_votes_and_fence_sitters(votes):
    region = [c for c in politics.ORDER if c not in ("RUS", "UKR", "MNG")]
    fence = politics.fence_sitters(votes, "ES-11/1", region)
    assert fence == ["ARM", "KAZ", "KGZ", "TJK", "UZB", "AZE"]  # Turkmenistan's vote is unknown
    stayed = politics.stayed_neutral(votes, ["ES-11/4", "ES-11/6"], fence)
    assert stayed["Azerbaijan on ES-11/6"] is None
    assert all(v for v in stayed.values() if v is not None)


def test_refusals_by_the_article_date_and_after():
    statements, votes = load("recognition_statements"), load("unga_votes")
    resolutions = load("unga_resolutions")
    by_article = politics.refusals(statements, votes, resolutions, DAY("2022-10-07"))
    assert politics.in_order(set(by_article["country"])) == ["KAZ", "GEO", "MDA"]
    assert set(by_article["how"]) == {"statement"}
    later = politics.refusals(statements, votes, resolutions, DAY("2022-10-31"))
    assert set(later["country"]) == {"KAZ", "GEO", "MDA", "UKR", "EST", "LVA", "LTU"}
    others = ["ARM", "KGZ", "TJK", "UZB", "TKM", "AZE"]
    cases = politics.followed_suit(
        statements, votes, resolutions, others, DAY("2022-10-07"), DAY("2026-11-26")
    )
    assert cases == dict.fromkeys(["Armenia", "Kyrgyzstan", "Tajikistan"], False) | dict.fromkeys(
        ["Uzbekistan", "Turkmenistan", "Azerbaijan"], False
    )
    early = politics.followed_suit(
        statements, votes, resolutions, others, DAY("2022-10-07"), DAY("2022-10-10")
    )
    assert set(early.values()) == {None}  # nothing recorded yet: too early, not "no"


def test_expression_events_are_counted_once_per_event():
    cases = politics.expression_cases(load("pro_ukraine_expression"), DAY("2022-10-07"))
    assert len(cases) == 8
    rally = cases[cases["event"] == "Almaty rally of 6 March"].iloc[0]
    assert rally["tolerated"] and rally["outlets"] == 2
    assert cases["tolerated"].sum() == 2


def test_status_kept_between_two_days(memberships):
    kept = politics.status_kept(memberships, ["KAZ", "ARM"], DAY("2022-02-24"), DAY("2024-06-01"))
    assert kept == {"Kazakhstan": True, "Armenia": False}


def test_resolution_list_validation():
    allowed = ["ES-11/1", "ES-11/4", "ES-11/6"]
    assert politics.resolution_list(["ES-11/6", "ES-11/1"], "resolutions", allowed) == [
        "ES-11/1",
        "ES-11/6",
    ]
    assert politics.resolution_list("ES-11/4", "resolutions", allowed) == ["ES-11/4"]
    with pytest.raises(ParameterError, match="`resolutions` is 'ES-11/9'; choose one of"):
        politics.resolution_list(["ES-11/9"], "resolutions", allowed)
    with pytest.raises(ParameterError, match="must be a non-empty list"):
        politics.resolution_list([], "resolutions", allowed)
    with pytest.raises(ParameterError, match="more than once"):
        politics.resolution_list(["ES-11/1", "ES-11/1"], "resolutions", allowed)


def test_names_reads_as_a_sentence():
    assert politics.names(["MDA", "KAZ", "GEO"]) == "Kazakhstan, Georgia and Moldova"
    assert politics.names([]) == "none"


def test_uzbekistan_periods_show_both_csto_spells(memberships):
    periods = politics.intervals(memberships, "UZB", DAY("2022-10-07"))
    csto = periods[periods["organisation"] == "CSTO"]
    assert csto["status"].tolist() == ["member", "member", "suspended"]
    assert csto["start"].tolist() == [DAY("1992-05-15"), DAY("2006-08-16"), DAY("2012-12-19")]
    assert csto["end"].tolist() == [DAY("1999-04-20"), DAY("2012-12-19"), DAY("2022-10-07")]
    eaeu = periods[periods["organisation"] == "EAEU"]
    assert eaeu["status"].tolist() == ["observer"]
