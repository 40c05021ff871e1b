"""Memberships as of a day, vote resolution and the positions the notebook reports."""

import pandas as pd
import pytest

from counterfactual import assert_moves, counterfactual, published_on
from postsoviet import cutoff, politics, unga
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
    frame = pd.DataFrame(rows, columns=["resolution", "country", "vote", "publisher"])
    return frame.assign(
        as_of=DAY("2022-10-12"),
        quote_or_paraphrase="",
        source_title="t",
        source_url="https://" + frame["publisher"],
        published=DAY("2022-10-13"),
        published_precision="day",
        confidence="high",
    )


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


def test_the_row_shown_for_a_vote_has_words_then_the_best_grade_then_the_earliest_date():
    votes = fake_votes(
        [
            ("ES-11/4", "GEO", "yes", "Late"),
            ("ES-11/4", "GEO", "yes", "Low"),
            ("ES-11/4", "GEO", "yes", "Undated"),
            ("ES-11/4", "GEO", "yes", "Early"),
            ("ES-11/4", "GEO", "yes", "Wordless"),
            ("ES-11/4", "GEO", "absent", "Other"),
        ]
    )
    votes["quote_or_paraphrase"] = ["q", "q", "q", "q", "", "q"]
    votes["confidence"] = ["high", "low", "high", "high", "high", "medium"]
    votes["published"] = [DAY("2022-10-20"), DAY("2022-10-13"), pd.NaT] + [DAY("2022-10-13")] * 3
    shown = unga.resolve(votes).iloc[0]
    assert shown["vote"] == "disputed" and shown["publisher"] == "Early"
    assert shown["spread"] == "absent (Other); yes (Late, Low, Undated, Early, Wordless)"
    assert shown["confidence"] == "high" and shown["sources"] == 6
    without_early = unga.resolve(votes[votes["publisher"] != "Early"]).iloc[0]
    assert without_early["publisher"] == "Late"  # dated beats undated
    only_low = unga.resolve(votes[votes["publisher"].isin(["Low", "Wordless"])]).iloc[0]
    assert only_low["publisher"] == "Low"  # the page's words beat a better grade


def test_shipped_votes(votes):
    resolved = politics.votes_resolved(votes, ["ES-11/1", "ES-11/4", "ES-11/6"], politics.ORDER)
    vote = resolved.set_index(["resolution", "country"])["vote"]
    assert vote[("ES-11/1", "UZB")] == "absent" and vote[("ES-11/4", "UZB")] == "abstain"
    assert vote[("ES-11/4", "KAZ")] == "abstain"
    assert vote[("ES-11/1", "GEO")] == "yes" and vote[("ES-11/4", "UKR")] == "yes"
    # pages that show no date of their own are kept, graded low, not dropped
    low = resolved.set_index(["resolution", "country"])["confidence"]
    assert vote[("ES-11/4", "GEO")] == "yes" and low[("ES-11/4", "GEO")] == "low"
    assert vote[("ES-11/6", "MNG")] == "abstain" and low[("ES-11/6", "MNG")] == "low"
    # no page read names it: unknown rather than filled in
    assert vote[("ES-11/6", "UKR")] == "unknown"
    # AP (via Public Radio of Armenia) names Azerbaijan among the states that did not vote
    assert vote[("ES-11/6", "AZE")] == "absent"
    assert "disputed" not in set(resolved["vote"])


def test_neutral_votes_and_fence_sitters(votes):
    region = [c for c in politics.ORDER if c not in ("RUS", "UKR", "MNG")]
    fence = politics.fence_sitters(votes, "ES-11/1", region)
    assert fence == ["ARM", "KAZ", "KGZ", "TJK", "UZB", "TKM", "AZE"]


def test_refusals_by_the_article_date_and_after():
    statements, votes = load("recognition_statements"), load("unga_votes")
    resolutions = load("unga_resolutions")
    by_article = politics.refusals(statements, votes, resolutions, DAY("2022-10-07"))
    assert politics.in_order(set(by_article["country"])) == ["KAZ", "GEO", "MDA"]
    assert set(by_article["how"]) == {"statement"}
    later = politics.refusals(statements, votes, resolutions, DAY("2022-10-31"))
    assert set(later["country"]) == {"KAZ", "GEO", "MDA", "UKR", "EST", "LVA", "LTU"}


def test_expression_events_are_counted_once_per_event():
    cases = politics.expression_cases(load("pro_ukraine_expression"), DAY("2022-10-07"))
    assert len(cases) == 8
    rally = cases[cases["event"] == "Almaty rally of 6 March"].iloc[0]
    assert rally["tolerated"] and rally["outlets"] == 2
    assert cases["tolerated"].sum() == 2


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


# --- verdicts and their counterfactuals ------------------------------------------------------

ARTICLE = DAY("2022-10-07")
HINDSIGHT = DAY("2026-11-26")


@pytest.fixture(scope="module")
def frames():
    return {
        name: load(name)
        for name in (
            "memberships",
            "unga_votes",
            "unga_resolutions",
            "recognition_statements",
            "aid_to_ukraine",
            "kz_arms_exports",
            "pro_ukraine_expression",
        )
    }


def outcomes(verdict):
    return [p.outcome for p in verdict.parts]


def with_row(frame, **values):
    """The frame with one more row: a copy of its first row with `values` changed."""
    row = frame.iloc[[0]].copy()
    for column, value in values.items():
        row[column] = value
    return pd.concat([frame, row], ignore_index=True)


def test_default_verdicts(frames):
    f = frames
    s, m, v, r = (
        f["recognition_statements"],
        f["memberships"],
        f["unga_votes"],
        f["unga_resolutions"],
    )
    assert politics.no_recognition_required(s, m, ARTICLE, ARTICLE).verdict == (
        "supported where checked"
    )
    assert politics.kz_only_country_refused_referendums(s, v, r, m, ARTICLE).verdict == (
        "partly supported"
    )
    # Uzbekistan voted with Russia against suspending it from the Human Rights Council
    assert politics.uz_not_in_csto_eaeu(m, v, r, s, ARTICLE).verdict == "partly supported"


@counterfactual("no_recognition_required")
def test_recognition_by_a_neighbour_contradicts_the_first_part(frames):
    s, m = frames["recognition_statements"], frames["memberships"]
    before = politics.no_recognition_required(s, m, ARTICLE, ARTICLE)
    recognised = with_row(
        s, country="BLR", as_of=DAY("2022-07-22"), topic="dnr_lnr", stance="recognises"
    )
    after = politics.no_recognition_required(recognised, m, ARTICLE, ARTICLE)
    assert_moves(before, after, "partly supported")
    # and with no partner saying no, nothing tested holds
    quiet = recognised[~((recognised["country"] == "KAZ") & (recognised["topic"] == "dnr_lnr"))]
    assert politics.no_recognition_required(quiet, m, ARTICLE, ARTICLE).verdict == "contradicted"


@counterfactual("neutrality_was_enough")
def test_partners_voting_with_russia_flip_neutrality(frames):
    v, m, r, s = (
        frames["unga_votes"],
        frames["memberships"],
        frames["unga_resolutions"],
        frames["recognition_statements"],
    )
    before = politics.neutrality_was_enough(v, m, r, s, ARTICLE, ARTICLE)
    assert before.flips[0].high == pytest.approx(0.8)  # 4 of 5 partners neutral
    against = v.copy()
    against.loc[
        (against["resolution"] == "ES-11/1") & against["country"].isin(["KAZ", "ARM", "KGZ"]),
        "vote",
    ] = "no"
    after = politics.neutrality_was_enough(against, m, r, s, ARTICLE, ARTICLE)
    assert_moves(before, after, "contradicted")


@counterfactual("kz_arms_export_suspension")
def test_a_suspension_ending_before_the_article_fails(frames):
    arms = frames["kz_arms_exports"]
    before = politics.kz_arms_export_suspension(arms, ARTICLE, ARTICLE)
    assert before.verdict == "supported where checked"
    ended = arms.copy()
    ended.loc[ended["measure"] == "export_suspension", "period_end"] = DAY("2022-09-30")
    after = politics.kz_arms_export_suspension(ended, ARTICLE, ARTICLE)
    assert_moves(before, after, "partly supported")
    none = arms[arms["measure"] != "export_suspension"]
    assert politics.kz_arms_export_suspension(none, ARTICLE, ARTICLE).verdict == "contradicted"


@counterfactual("humanitarian_aid_allowed")
def test_without_kazakh_aid_no_partner_sent_any(frames):
    aid, m = frames["aid_to_ukraine"], frames["memberships"]
    before = politics.humanitarian_aid_allowed(aid, m, ARTICLE, ARTICLE)
    after = politics.humanitarian_aid_allowed(aid[aid["country"] != "KAZ"], m, ARTICLE, ARTICLE)
    assert_moves(before, after, "contradicted")


@counterfactual("pro_ukrainian_voices_tolerated")
def test_moscows_demands_decide_the_tolerance(frames):
    e = frames["pro_ukraine_expression"]
    reactions = load("moscow_reactions")
    before = politics.pro_ukrainian_voices_tolerated(reactions, e, ARTICLE, ARTICLE)
    assert before.verdict == "partly supported"
    words_only = reactions.assign(demanded_action="no")
    after = politics.pro_ukrainian_voices_tolerated(words_only, e, ARTICLE, ARTICLE)
    assert_moves(before, after, "supported")
    demands = reactions.assign(demanded_action="yes")
    assert politics.pro_ukrainian_voices_tolerated(demands, e, ARTICLE, ARTICLE).verdict == (
        "contradicted"
    )
    # the summons of 4 Oct 2022 came after a cut-off of 1 Oct
    early = politics.pro_ukrainian_voices_tolerated(reactions, e, DAY("2022-10-01"), ARTICLE)
    assert early.verdict == "supported"


@counterfactual("csto_partners_many")
def test_many_is_fragile_and_armenia_leaving_flips_it(frames):
    m = frames["memberships"]
    before = politics.csto_partners_many(m, ARTICLE)
    assert before.verdict == "supported"
    (flip,) = before.flips
    assert flip.high == pytest.approx(0.5) and flip.above == "contradicted" and flip.fragile
    left = with_row(m, organisation="CSTO", country="ARM", as_of=DAY("2022-10-01"), status="none")
    after = politics.csto_partners_many(left, ARTICLE)
    assert_moves(before, after, "contradicted")
    # Armenia's frozen participation does the same on 1 Jun 2024
    assert politics.csto_partners_many(m, DAY("2024-06-01")).verdict == "contradicted"


@counterfactual("uz_not_in_csto_eaeu")
def test_uzbekistan_in_the_eaeu_and_voting_with_russia(frames):
    m, v, r, s = (
        frames["memberships"],
        frames["unga_votes"],
        frames["unga_resolutions"],
        frames["recognition_statements"],
    )
    before = politics.uz_not_in_csto_eaeu(m, v, r, s, ARTICLE)
    assert outcomes(before) == ["holds", "holds", "fails"]  # its no on ES-11/3
    abstained = v.copy()
    es_11_3 = (abstained["country"] == "UZB") & (abstained["resolution"] == "ES-11/3")
    abstained.loc[es_11_3, "vote"] = "abstain"
    after = politics.uz_not_in_csto_eaeu(m, abstained, r, s, ARTICLE)
    assert_moves(before, after, "supported")
    joined = with_row(
        m, organisation="EAEU", country="UZB", as_of=DAY("2022-01-01"), status="member"
    )
    assert_moves(after, politics.uz_not_in_csto_eaeu(joined, abstained, r, s, ARTICLE))
    against = abstained.copy()
    against.loc[(against["country"] == "UZB") & (against["resolution"] == "ES-11/1"), "vote"] = "no"
    assert outcomes(politics.uz_not_in_csto_eaeu(m, against, r, s, ARTICLE))[2] == "fails"
    # in 2012 Uzbekistan was inside the CSTO
    assert politics.uz_not_in_csto_eaeu(m, v, r, s, DAY("2012-06-01")).verdict == "partly supported"


@counterfactual("neighbours_keep_distance")
def test_the_rebukes_that_followed_break_the_silence(frames):
    v, r, s, m = (
        frames["unga_votes"],
        frames["unga_resolutions"],
        frames["recognition_statements"],
        frames["memberships"],
    )
    before = politics.neighbours_keep_distance(v, r, s, m, ARTICLE, HINDSIGHT)
    assert before.verdict == "partly borne out"
    failed = [p.name for p in before.parts if p.outcome == "fails"]
    assert failed == [
        "Armenia refrained from public comment against Moscow",
        "Tajikistan refrained from public comment against Moscow",
    ]
    quiet = s[~((s["as_of"] > ARTICLE) & s["country"].isin(["ARM", "TJK"]))]
    after = politics.neighbours_keep_distance(v, r, quiet, m, ARTICLE, HINDSIGHT)
    assert_moves(before, after, "borne out where checked")
    # a neighbour voting with Ukraine later breaks the distance too
    moved = v.copy()
    moved.loc[(moved["resolution"] == "UA-peace-2026") & (moved["country"] == "KAZ"), "vote"] = (
        "yes"
    )
    kaz = politics.neighbours_keep_distance(moved, r, quiet, m, ARTICLE, HINDSIGHT)
    assert kaz.verdict == "partly borne out"
    early = politics.neighbours_keep_distance(v, r, s, m, ARTICLE, DAY("2022-10-10"))
    assert early.verdict == "too early"


@counterfactual("kz_only_country_refused_referendums")
def test_only_kazakhstan_among_the_region(frames):
    s, v, r, m = (
        frames["recognition_statements"],
        frames["unga_votes"],
        frames["unga_resolutions"],
        frames["memberships"],
    )
    before = politics.kz_only_country_refused_referendums(s, v, r, m, ARTICLE)
    alone = s[~s["country"].isin(["GEO", "MDA"])]
    after = politics.kz_only_country_refused_referendums(alone, v, r, m, ARTICLE)
    assert_moves(before, after, "supported")
    armenia = with_row(
        s, country="ARM", as_of=DAY("2022-09-30"), topic="referendums", stance="rejects"
    )
    assert outcomes(politics.kz_only_country_refused_referendums(armenia, v, r, m, ARTICLE))[1] == (
        "fails"
    )


@counterfactual("kz_tokayev_quasi_states")
def test_quasi_states_from_another_speaker_or_a_single_outlet(frames):
    s = frames["recognition_statements"]
    before = politics.kz_tokayev_quasi_states(s, ARTICLE, ARTICLE)
    assert before.flips[0].high == 3  # three outlets
    one = s.drop(s.index[s["key_term"].fillna("").str.contains("quasi")][1:])
    assert_moves(
        before, politics.kz_tokayev_quasi_states(one, ARTICLE, ARTICLE), "partly supported"
    )
    other = s.copy()
    other.loc[other["key_term"].fillna("").str.contains("quasi"), "speaker"] = "Foreign Minister"
    after = politics.kz_tokayev_quasi_states(other, ARTICLE, ARTICLE)
    assert after.verdict == "contradicted"


@counterfactual("others_follow_suit")
def test_armenias_words_are_the_only_following_suit(frames):
    s, v, r = frames["recognition_statements"], frames["unga_votes"], frames["unga_resolutions"]
    before = politics.others_follow_suit(s, v, r, ARTICLE, HINDSIGHT)
    assert before.verdict == "partly borne out"
    assert [p.outcome for p in before.parts] == ["holds"] + ["fails"] * 5
    unsaid = s[~((s["country"] == "ARM") & (s["as_of"] > ARTICLE))]
    after = politics.others_follow_suit(unsaid, v, r, ARTICLE, HINDSIGHT)
    assert_moves(before, after, "not borne out so far")
    moved = v.copy()
    moved.loc[(moved["resolution"] == "UA-peace-2026") & (moved["country"] == "UZB"), "vote"] = (
        "yes"
    )
    assert outcomes(politics.others_follow_suit(s, moved, r, ARTICLE, HINDSIGHT))[3] == "holds"
    assert politics.others_follow_suit(s, v, r, ARTICLE, DAY("2022-10-10")).verdict == "too early"


@counterfactual("public_supports_criticism")
def test_a_kazakh_majority_against_moscow_would_bear_it_out():
    polls = load("opinion_polls")
    before = politics.public_supports_criticism(polls, ARTICLE, HINDSIGHT)
    assert before.verdict == "partly borne out"
    (flip,) = before.flips
    assert (flip.low, flip.high) == (pytest.approx(0.211), pytest.approx(0.8))
    assert not flip.fragile
    swung = polls.copy()
    swung.loc[(swung["country"] == "KAZ") & (swung["answer"] == "Ukraine"), "share"] = 55.0
    after = politics.public_supports_criticism(swung, ARTICLE, HINDSIGHT)
    assert_moves(before, after, "borne out")
    # judged at the end of 2022 only the November Kazakh poll was out
    assert politics.public_supports_criticism(polls, ARTICLE, DAY("2022-12-31")).verdict == (
        "not borne out"
    )


def test_timeline_title_counts_statements_not_reports():
    said = politics.statements_until(load("recognition_statements"), ARTICLE)
    tally = politics.statement_tally(said, politics.ORDER)
    assert tally.loc["KAZ", "reports"] == 8 and tally.loc["KAZ", "statements"] == 5
    assert politics.timeline_title(tally, ARTICLE) == (
        "Up to 7 Oct 2022, Kazakhstan was on record most often on recognition "
        "(5 distinct statements, 8 reports)"
    )
    # one more report of Tokayev's statement changes the reports, not the ranking count
    again = pd.concat([said, said[said["publisher"] == "India Today"].assign(publisher="X")])
    assert politics.statement_tally(again, politics.ORDER).loc["KAZ", "statements"] == 5


def test_votes_settled_by_the_dated_compilation():
    vote = politics.votes_resolved(load("unga_votes"), ["ES-11/1"], ["UKR", "TKM", "MDA"])
    assert vote.set_index("country")["vote"].to_dict() == {
        "MDA": "yes",
        "UKR": "yes",
        "TKM": "absent",
    }


def test_uzbekistan_chart_title_follows_the_periods(memberships):
    periods = politics.intervals(memberships, "UZB", DAY("2022-10-07"))
    assert politics.intervals_title(periods, "UZB") == (
        "Uzbekistan in the CSTO: member from 1992, out from 1999, member from 2006, "
        "suspended from 2012"
    )
    early = politics.intervals(memberships, "UZB", DAY("2012-06-01"))
    assert politics.intervals_title(early, "UZB").endswith("member from 2006")


# --- one table of UN votes, read alike by the three notebooks that use it --------------------


def three_readings(votes, resolutions):
    """The vote per (resolution, country) as politics (01), tensions (06) and thesis (07) see it."""
    from postsoviet import tensions, thesis

    codes = sorted(set(votes["country"]))
    keys = sorted(set(zip(votes["resolution"], votes["country"], strict=True)))
    p = politics.votes_resolved(votes, resolutions["resolution"], codes)
    p = p.set_index(["resolution", "country"])["vote"]
    t = tensions.war_votes(votes, resolutions, codes, DAY("2099-12-31"))
    t = t.set_index(["resolution", "country"])["vote"]
    acts = thesis.acts(load("positions"), votes, resolutions)
    acts = acts[acts["kind"] == "un_vote"]
    key = acts["act"].str.extract(r"^UN General Assembly vote: ([^,]+),")[0]
    h = pd.Series(acts["vote"].to_numpy(), index=pd.MultiIndex.from_arrays([key, acts["country"]]))
    return keys, p, t, h


def test_the_three_notebooks_see_the_same_vote(votes):
    resolutions = load("unga_resolutions")
    keys, p, t, h = three_readings(votes, resolutions)
    assert len(keys) > 50
    for key in keys:
        assert p[key] == t[key], key
        if key[1] == "RUS" or p[key] in ("unknown", "disputed"):
            assert key not in h.index, key  # no act: Russia is no neighbour, or no settled vote
        else:
            assert h[key] == p[key], key
    # the vote two sources disagree on is disputed for all three, and no act for the thesis
    extra = votes[(votes["resolution"] == "ES-11/4") & (votes["country"] == "UZB")].iloc[[0]]
    disagree = pd.concat([votes, extra.assign(vote="no", source_url="https://example.org/x")])
    keys, p, t, h = three_readings(disagree, resolutions)
    assert p[("ES-11/4", "UZB")] == t[("ES-11/4", "UZB")] == "disputed"
    assert ("ES-11/4", "UZB") not in h.index


def test_every_vote_row_is_graded_by_the_rule_in_the_catalog(votes):
    undated = votes["published"].isna()
    assert (undated == (votes["published_precision"] == "none")).all()
    low = undated | (votes["vote"] == "unknown")
    assert (votes.loc[low, "confidence"] == "low").all()
    relays = votes["publisher"].str.contains(r"citing|via|\(RIA|compilation|copy|blog", case=False)
    hedged = (votes["quote_or_paraphrase"].fillna("") + votes["note"].fillna("")).str.contains(
        "reportedly", case=False
    )
    medium = ~low & (relays | hedged)
    assert (votes.loc[medium, "confidence"] == "medium").all()
    assert (votes.loc[~low & ~medium, "confidence"] == "high").all()


# --- the knowledge cut-off: a row published a day after it is not known ------------------------


def known(frame, day):
    return cutoff.known_by(frame, day).rows


def test_tables_known_at_publication_leave_the_forecasts_too_early():
    at = politics.tables_known_by("publication")
    assert at.day == ARTICLE and at.asked_on == ARTICLE
    assert "opinion_polls: 0 rows known by the cut-off, 10 published later." in at.notes
    assert politics.tables_known_by("2026-12-02").asked_on is None
    verdict = politics.public_supports_criticism(
        at.tables["opinion_polls"],
        ARTICLE,
        at.day,
        asked_on=at.asked_on,
        article=at.tables["article_editions"],
    )
    assert verdict.verdict == "too early"
    assert verdict.scope.startswith("as known on 7 Oct 2022: ")


@counterfactual("public_supports_criticism")
def test_a_poll_published_a_day_after_the_cut_off_is_not_known():
    polls = load("opinion_polls")
    first = polls["published"] == polls["published"].min()  # Demoscope, Kazakhstan, Nov 2022
    day = polls.loc[first, "published"].iloc[0]

    def verdict(published):
        rows = known(published_on(polls, first, published), day)
        return politics.public_supports_criticism(
            rows, ARTICLE, day, asked_on=day, article=load("article_editions")
        )

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "too early"
    assert_moves(later, verdict(day), "not borne out")


@counterfactual("others_follow_suit")
def test_a_refusal_published_a_day_after_the_cut_off_is_not_known():
    statements, votes = load("recognition_statements"), load("unga_votes")
    resolutions = load("unga_resolutions")
    armenia = (statements["country"] == "ARM") & (statements["as_of"] == "2024-02-19")
    day = DAY("2024-02-19")  # the day Pashinyan's words on Ukraine's 1991 borders appeared

    def verdict(published):
        said = known(published_on(statements, armenia, published), day)
        return politics.others_follow_suit(
            said, known(votes, day), known(resolutions, day), ARTICLE, day, asked_on=day
        )

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "not borne out so far"
    assert_moves(later, verdict(day), "partly borne out")
