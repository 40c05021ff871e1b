"""The tensions helpers (as-of selection of revised tolls, spreads, timelines) and the
verdicts of 06_tensions, each with a counterfactual: decisive rows altered, the verdict moves."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from counterfactual import assert_moves, at_cut_off, counterfactual  # noqa: E402
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
    known = tensions.published_by(tolls, DAY("2022-09-18"))
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


def test_charts_draw_lanes_and_panels(events, tolls):
    rows = tensions.timeline(
        events, ["KGZ", "TJK"], DAY("2026-11-26"), DAY("2022-01-01"), DAY("2025-12-31")
    )
    fig, ax = tensions.timeline_chart(rows, "t", {"article": DAY("2022-10-07")})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Tajikistan", "Kyrgyzstan"]
    plt.close(fig)
    known = tensions.published_by(tolls, DAY("2022-10-07"))
    fig, axes = tensions.toll_chart(known, ["kg_tj_sep_2022", "am_az_sep_2022"], "t", plot.PALETTE)
    assert axes.shape == (1, 2) and len(axes[0, 0].get_lines()) == 4
    plt.close(fig)
    source = tensions.toll_source(known[known["episode"] == "kg_tj_sep_2022"])
    assert source.startswith(
        "Source: 10 figures stated by the authorities of Kyrgyzstan, Tajikistan"
    )
    assert "and by Human Rights Watch, as reported by 8 outlets" in source


STATES = ["ARM", "AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_vote_matrix_orders_texts_by_date():
    matrix = tensions.vote_matrix(
        load("unga_votes"), load("unga_resolutions"), STATES, DAY("2026-11-26")
    )
    assert list(matrix.columns)[:6] == [
        "Crimea-2021",
        "ES-11/1",
        "ES-11/3",
        "ES-11/4",
        "ES-11/6",
        "UN-CoE-2023",
    ]
    assert matrix.loc["Kazakhstan", "UN-CoE-2023"] == "yes"
    assert matrix.loc["Armenia", "ES-11/6"] == "abstain"
    assert matrix.loc["Turkmenistan", "ES-11/3"] == "—"
    # cut at a day, the matrix holds only the votes cast by then
    early = tensions.vote_matrix(
        load("unga_votes"), load("unga_resolutions"), STATES, DAY("2022-10-07")
    )
    assert list(early.columns) == ["Crimea-2021", "ES-11/1", "ES-11/3"]


# --- verdicts and their counterfactuals ------------------------------------------------------

PUB, NOW = DAY("2022-10-07"), DAY("2026-11-26")
SIX = ["KAZ", "UZB", "KGZ", "TJK", "ARM", "AZE"]


@pytest.fixture(scope="module")
def tension_search():
    return tensions.searched("tension_events", "open tension")


@pytest.fixture(scope="module")
def vote_search():
    return tensions.searched("tension_events", "Kazakhstan's national elections")


@pytest.fixture(scope="module")
def remarks():
    return load("exodus_remarks")


@pytest.fixture(scope="module")
def remarks_search():
    return tensions.searched("exodus_remarks")


def test_whole_months():
    assert tensions.whole_months(DAY("2022-02-24"), DAY("2022-10-07")) == (7, 13)
    assert tensions.whole_months(DAY("2022-02-24"), DAY("2022-09-23")) == (6, 30)
    # a month from 31 Jan ends on the last day of February
    assert tensions.whole_months(DAY("2022-01-31"), DAY("2022-02-28")) == (1, 0)


def test_search_scopes_are_read_from_the_catalog(tension_search, remarks_search):
    assert set(tension_search["countries"]) == set(SIX)
    assert (tension_search["from"], tension_search["to"]) == (DAY("2022-01-01"), PUB)
    assert remarks_search["from"] == DAY("2022-09-21") and "KAZ" in remarks_search["countries"]
    with pytest.raises(KeyError):
        tensions.searched("tension_events", "nothing of the kind")


@counterfactual("seven_months_since_invasion")
def test_seven_months_fails_when_the_invasion_is_a_month_earlier(events):
    before = tensions.seven_months_since_invasion(events, PUB, 7)
    assert before.verdict == "supported" and before.measured == "7 months and 13 days"
    earlier = events.copy()
    earlier.loc[earlier["kind"] == "invasion", "start"] = DAY("2022-01-24")
    assert_moves(before, tensions.seven_months_since_invasion(earlier, PUB, 7), "contradicted")


@counterfactual("tensions_in_every_country")
def test_a_searched_state_without_events_fails(events, tension_search):
    before = tensions.tensions_in_every_country(events, SIX, PUB, NOW, tension_search)
    assert before.verdict == "supported" and before.checked == "6 of 6 tested, 6 hold"
    calm = events[~((events["country"] == "UZB") & (events["kind"] == "unrest"))]
    after = tensions.tensions_in_every_country(calm, SIX, PUB, NOW, tension_search)
    assert_moves(before, after, "partly supported")
    (failed,) = [p for p in after.parts if p.outcome == "fails"]
    assert "Uzbekistan" in failed.name and "tension_events" in failed.because


def test_an_unsearched_state_without_events_is_not_tested(events, tension_search):
    result = tensions.tensions_in_every_country(events, ["KAZ", "TKM"], PUB, NOW, tension_search)
    assert result.verdict == "supported where checked"
    assert [p.outcome for p in result.parts] == ["holds", "not tested"]
    later = tensions.tensions_in_every_country(events, SIX, DAY("2025-06-01"), NOW, tension_search)
    assert later.verdict == "unverifiable"  # the search covered 2022 only


@counterfactual("kz_january_unrest_transformation")
def test_no_constitutional_change_after_the_unrest(events, tolls, tension_search):
    before = tensions.kz_january_unrest_transformation(events, tolls, PUB, NOW, tension_search)
    assert before.verdict == "supported"
    no_reform = events[~((events["country"] == "KAZ") & (events["kind"] == "reform"))]
    after = tensions.kz_january_unrest_transformation(no_reform, tolls, PUB, NOW, tension_search)
    assert_moves(before, after, "partly supported")


@counterfactual("kz_snap_election_november")
def test_snap_election_without_a_later_early_election_is_borne_out(events, vote_search):
    elections = load("kz_elections")
    before = tensions.kz_snap_election_november(events, elections, PUB, NOW, vote_search)
    assert before.verdict == "partly borne out"
    alone = events[events["event_id"] != "kz_mazhilis_election"]
    assert_moves(
        before,
        tensions.kz_snap_election_november(alone, elections, PUB, NOW, vote_search),
        "borne out",
    )
    december = events.copy()
    december.loc[december["event_id"] == "kz_presidential_election", "start"] = DAY("2022-12-04")
    assert_moves(
        before,
        tensions.kz_snap_election_november(december, elections, PUB, NOW, vote_search),
        "not borne out",
    )
    early = tensions.kz_snap_election_november(events, elections, PUB, PUB, vote_search)
    assert early.verdict == "too early"


@counterfactual("uz_constitutional_reform_bloodshed")
def test_no_official_deaths_in_karakalpakstan(events, tolls, tension_search):
    before = tensions.uz_constitutional_reform_bloodshed(events, tolls, PUB, NOW, tension_search)
    assert before.verdict == "supported"
    zero = tolls.copy()
    zero.loc[zero["episode"] == "uz_karakalpakstan_2022", "value"] = 0
    after = tensions.uz_constitutional_reform_bloodshed(events, zero, PUB, NOW, tension_search)
    assert_moves(before, after, "partly supported")


@counterfactual("kg_tj_border_clashes")
def test_border_clash_older_than_recent_days(events, tolls, tension_search):
    before = tensions.kg_tj_border_clashes(events, tolls, PUB, NOW, 60, tension_search)
    assert before.verdict == "supported"
    (flip,) = before.flips
    assert flip.low == 23 and flip.below == "partly supported" and not flip.fragile
    older = events.copy()
    older.loc[older["event_id"] == "kg_tj_clashes_sep_2022", "start"] = DAY("2022-06-01")
    after = tensions.kg_tj_border_clashes(older, tolls, PUB, NOW, 60, tension_search)
    assert_moves(before, after, "partly supported")
    one_side = tolls[~((tolls["episode"] == "kg_tj_sep_2022") & (tolls["side"] == "TJK"))]
    deaths = tensions.kg_tj_border_clashes(events, one_side, PUB, NOW, 60, tension_search)
    assert deaths.verdict == "partly supported"


@counterfactual("kg_tj_conflict_unresolved")
def test_a_treaty_before_publication_resolves_the_conflict(events, tension_search):
    before = tensions.kg_tj_conflict_unresolved(events, PUB, NOW, tension_search)
    assert before.verdict == "supported"
    (flip,) = before.flips
    assert flip.low == 23
    signed = events.copy()
    signed.loc[signed["event_id"] == "kg_tj_border_treaty", ["start", "published", "as_of"]] = DAY(
        "2022-10-01"
    )
    assert_moves(
        before,
        tensions.kg_tj_conflict_unresolved(signed, PUB, NOW, tension_search),
        "partly supported",
    )


@counterfactual("am_az_karabakh_fighting")
def test_fighting_placed_in_karabakh(tolls):
    places, ucdp = load("clash_places"), load("ucdp_battle_deaths")
    before = tensions.am_az_karabakh_fighting(tolls, places, ucdp, PUB, NOW)
    assert before.verdict == "partly supported"
    inside = places.copy()
    inside.loc[inside["episode"] == "am_az_sep_2022", "in_karabakh"] = "yes"
    after = tensions.am_az_karabakh_fighting(tolls, inside, ucdp, PUB, NOW)
    assert_moves(before, after, "supported")
    mixed = places.copy()
    mixed.loc[mixed.index[0], "in_karabakh"] = "yes"
    disputed = tensions.am_az_karabakh_fighting(tolls, mixed, ucdp, PUB, NOW)
    assert disputed.verdict == "supported where checked"


@counterfactual("kz_tokayev_only_veiled_comment")
def test_another_leader_naming_a_cause(remarks, remarks_search):
    before = tensions.kz_tokayev_only_veiled_comment(remarks, PUB, NOW, remarks_search)
    assert before.verdict == "supported"
    counter = remarks.copy()
    georgian = counter["speaker"] == "Vakhtang Gomelauri"
    counter.loc[georgian, ["names_cause", "cause_words"]] = ["yes", "they flee the war"]
    after = tensions.kz_tokayev_only_veiled_comment(counter, PUB, NOW, remarks_search)
    assert_moves(before, after, "partly supported")
    # Tokayev naming the mobilization as well: nothing the article says holds
    counter.loc[counter["speaker"] == "Kassym-Jomart Tokayev", "mentions_mobilization"] = "yes"
    both = tensions.kz_tokayev_only_veiled_comment(counter, PUB, NOW, remarks_search)
    assert both.verdict == "contradicted"
    silent = remarks[remarks["speaker"] != "Kassym-Jomart Tokayev"]
    assert (
        tensions.kz_tokayev_only_veiled_comment(silent, PUB, NOW, remarks_search).verdict
        == "partly supported"
    )


def test_codes_of_the_remarks_follow_their_words(remarks):
    assert ((remarks["cause_words"].notna()) == (remarks["names_cause"] == "yes")).all()
    for row in remarks[remarks["cause_words"].notna()].itertuples():
        assert row.cause_words in row.wording
        named = any(w in row.cause_words.lower() for w in tensions.MOBILIZATION_WORDS)
        assert named == (row.mentions_mobilization == "yes"), row.speaker


@counterfactual("kz_tokayev_desperate_situation")
def test_a_quote_that_drops_the_compulsion(remarks):
    before = tensions.kz_tokayev_desperate_situation(remarks, PUB, NOW)
    assert before.verdict == "supported" and len(before.parts) == 5
    loose = "Most of them chose to go because of the current desperate situation"
    after = tensions.kz_tokayev_desperate_situation(remarks, PUB, NOW, quote=loose)
    assert_moves(before, after, "partly supported")
    unrecorded = remarks[remarks["language"] != "ru"]
    assert tensions.kz_tokayev_desperate_situation(unrecorded, PUB, NOW).verdict == "contradicted"


@counterfactual("conflicts_force_positions")
def test_a_yes_on_a_war_text_would_bear_the_forecast_out_where_checked():
    votes, resolutions = load("unga_votes"), load("unga_resolutions")
    states = STATES
    before = tensions.conflicts_force_positions(votes, resolutions, states, PUB, NOW, 12)
    assert before.verdict == "not borne out"
    assert [p.outcome for p in before.parts] == ["not tested", "fails"]
    sided = votes.copy()
    sided.loc[(sided["country"] == "ARM") & (sided["resolution"] == "ES-11/6"), "vote"] = "yes"
    after = tensions.conflicts_force_positions(sided, resolutions, states, PUB, NOW, 12)
    assert_moves(before, after, "borne out where checked")
    # Kazakhstan's yes on the Council of Europe text is not a vote on the war
    coe = votes[votes["resolution"] == "UN-CoE-2023"]
    assert (coe.loc[coe["country"] == "KAZ", "vote"] == "yes").all()
    too_soon = tensions.conflicts_force_positions(votes, resolutions, states, PUB, PUB, 12)
    assert too_soon.verdict == "too early"


def test_toll_chart_draws_dated_figures_on_whole_days(tolls):
    known = tensions.published_by(tolls, NOW)
    fig, axes = tensions.toll_chart(known, ["kg_tj_sep_2022", "am_az_sep_2022"], "t", plot.PALETTE)
    fig.canvas.draw()
    for ax in axes.flat:
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels and not any(":" in label for label in labels)  # no hour ticks
        assert all(float(y).is_integer() for y in ax.get_yticks())  # no half persons
    drawn = [x for line in axes[0, 1].get_lines() for x in line.get_xdata()]
    assert max(drawn) < DAY("2023-01-01")  # the 2024 snapshot figures are not drawn
    plt.close(fig)
    assert "Not drawn: 2 figure(s)" in tensions.toll_source(
        known[known["episode"] == "am_az_sep_2022"]
    )
    title = tensions.toll_title(known, NOW)
    assert title.endswith("Kyrgyzstan's from 24 to 59 in 2 days")


def test_timeline_title_counts_the_states_drawn(events):
    every = sorted(countries.POST_SOVIET)
    rows = tensions.timeline(events, every, NOW, DAY("2022-01-01"), DAY("2022-12-31"))
    title, note = tensions.timeline_title(rows, every, PUB)
    assert title.startswith("10 post-Soviet states saw war")
    assert note.startswith("No event in the data for Belarus, Estonia, Latvia, Lithuania")
    title, note = tensions.timeline_title(rows, ["KAZ", "TKM"], PUB)
    assert title.startswith("1 post-Soviet state saw") and "Turkmenistan" in note


# --- the knowledge cut-off: a row published after it is not known --------------------------


@counterfactual("kz_snap_election_november")
def test_a_later_early_election_published_a_day_late_is_not_known(events, vote_search):
    elections = load("kz_elections")
    rows = events["event_id"] == "kz_mazhilis_election"
    day = events.loc[rows, "published"].iloc[0]
    without, later, on_day = at_cut_off(
        lambda t: tensions.kz_snap_election_november(t, elections, PUB, day, vote_search),
        events,
        rows,
        day,
    )
    assert without.verdict == later.verdict == "borne out where checked"
    assert_moves(without, on_day, "partly borne out")


@counterfactual("conflicts_force_positions")
def test_a_yes_vote_published_a_day_late_is_not_known():
    votes, resolutions = load("unga_votes"), load("unga_resolutions")
    rows = (votes["country"] == "ARM") & (votes["resolution"] == "ES-11/6")
    sided = votes.copy()
    sided.loc[rows, "vote"] = "yes"
    day = resolutions.loc[resolutions["resolution"] == "ES-11/6", "published"].iloc[0]
    without, later, on_day = at_cut_off(
        lambda t: tensions.conflicts_force_positions(t, resolutions, STATES, PUB, day, 12),
        sided,
        rows,
        day,
    )
    assert without.verdict == later.verdict == "too early"
    assert_moves(without, on_day, "borne out where checked")


@counterfactual("kg_tj_border_clashes")
def test_a_clash_published_the_day_after_publication_is_not_known_then(
    events, tolls, tension_search
):
    rows = events["event_id"] == "kg_tj_clashes_sep_2022"
    without, later, on_day = at_cut_off(
        lambda t: tensions.kg_tj_border_clashes(t, tolls, PUB, PUB, 60, tension_search),
        events,
        rows,
        PUB,
    )
    assert without.verdict == later.verdict == "partly supported"
    assert_moves(without, on_day, "supported")


def test_the_notebook_tables_are_read_as_known_by_the_cut_off():
    known = tensions.tables_known_by("publication")
    assert known.day == PUB and known.asked_on == PUB
    assert set(known.tables) == set(tensions.TABLES)
    today = tensions.tables_known_by(str(known.consulted.date()))
    assert today.asked_on is None
    seven = tensions.seven_months_since_invasion(known["tension_events"], PUB, 7, PUB)
    assert seven.scope.startswith("as known on 7 Oct 2022: did 7 whole months")
