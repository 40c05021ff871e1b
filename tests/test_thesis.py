"""The thesis notebook: the stance rule, its parameters, and verdicts that the data can move."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from counterfactual import assert_moves, counterfactual
from postsoviet import thesis
from postsoviet.data import load
from postsoviet.params import ParameterError

NEIGHBOURS = ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "TJK", "TKM", "UZB", "MNG"]
MOBILIZATION, INVASION = "2022-09-21", "2022-02-24"


@pytest.fixture(scope="module")
def votes():
    return load("unga_votes")


@pytest.fixture(scope="module")
def positions(votes):
    """The record of acts: positions' acts plus the UN votes of unga_votes."""
    return record(votes)


def record(votes):
    return thesis.acts(load("positions"), votes, load("unga_resolutions"))


def setup(positions, pivot=MOBILIZATION, **kw):
    args = {"countries_": NEIGHBOURS, "window_months": 12, "pivot_date": pivot}
    args |= {"until": "2026-02-28"} | kw
    return thesis.setup(positions, **args)


def acts(*rows):
    return pd.DataFrame(rows, columns=["country", "date", "lean"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )


# --- the stance rule --------------------------------------------------------------------


def test_stance_counts_net_lean_and_decisiveness():
    frame = acts(
        ("KAZ", "2022-03-01", "toward_kyiv"),
        ("KAZ", "2022-04-01", "toward_kyiv"),
        ("KAZ", "2022-05-01", "toward_moscow"),
        ("KAZ", "2022-06-01", "neutral"),
        ("BLR", "2022-03-01", "toward_moscow"),
    )
    table = thesis.stance(frame, ["KAZ", "BLR", "TKM"])
    kaz = table.loc["KAZ"]
    assert (kaz["toward_kyiv"], kaz["toward_moscow"], kaz["neutral"], kaz["acts"]) == (2, 1, 1, 4)
    assert kaz["net_lean"] == pytest.approx((2 - 1) / 4)
    assert kaz["decisiveness"] == pytest.approx(3 / 4)
    assert table.loc["BLR", "net_lean"] == -1 and table.loc["BLR", "decisiveness"] == 1


def test_silence_counts_as_neutral():
    table = thesis.stance(acts(("KAZ", "2022-03-01", "neutral")), ["KAZ", "TKM"])
    assert table.loc["TKM", "acts"] == 0
    assert table.loc["TKM", "net_lean"] == 0 and table.loc["TKM", "decisiveness"] == 0


def test_windows_split_at_the_pivot_and_stop_at_until(positions):
    s = setup(positions, until="2023-01-31")
    assert s.before == (pd.Timestamp("2021-09-21"), pd.Timestamp(MOBILIZATION))
    assert s.after == (pd.Timestamp(MOBILIZATION), pd.Timestamp("2023-02-01"))
    table = thesis.before_after(positions, s)
    # Georgia's vote of 12 Oct 2022 falls after the pivot, its vote of 7 Apr 2022 before it.
    assert table.loc["GEO", ("after", "toward_kyiv")] >= 1
    assert table.loc["GEO", ("before", "toward_kyiv")] >= 1


def test_the_comparator_is_shown_but_not_counted(positions):
    s = setup(positions)
    assert "MNG" in s.codes and "MNG" not in s.tallied
    assert "MNG Mongolia" in thesis.counts_table(positions, s).index


# --- the data follow the coding rule of the catalog ------------------------------------------


def test_votes_are_coded_by_the_rule_in_the_catalog(positions):
    votes = positions[positions["kind"] == "un_vote"]
    expected = votes["vote"].map(
        {"yes": "toward_kyiv", "no": "toward_moscow", "abstain": "neutral", "absent": "neutral"}
    )
    us_text = votes["act"].str.contains("US text")
    assert us_text.any()
    assert (votes.loc[~us_text, "lean"] == expected[~us_text]).all()
    assert (votes.loc[us_text, "lean"] == "neutral").all()
    assert positions.loc[positions["kind"] != "un_vote", "vote"].isna().all()


def test_positions_holds_no_vote_and_russia_casts_no_act(positions):
    assert "un_vote" not in set(load("positions")["kind"])
    assert "RUS" not in set(positions["country"])
    # one act per resolution and country, however many sources name the vote
    votes = positions[positions["kind"] == "un_vote"]
    assert not votes.duplicated(["country", "act"]).any()


def test_every_act_carries_the_words_behind_its_code(positions):
    assert positions["quote_or_paraphrase"].str.len().min() > 10
    assert positions["source_url"].str.startswith("http").all()


def test_every_neighbour_is_covered_from_2022_or_earlier_to_at_least_2025(positions):
    for code in ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "TJK", "TKM", "UZB"]:
        dates = positions.loc[positions["country"] == code, "date"]
        assert dates.min().year <= 2022 and dates.max().year >= 2025, code


def test_missing_votes_name_the_countries_without_a_sourced_row(positions):
    gaps = thesis.missing_votes(positions, ["GEO", "MDA", "TKM"])
    hrc = gaps[gaps["vote"].str.startswith("ES-11/3")]
    assert hrc["no source for"].tolist() == ["MDA, TKM"]


# --- parameters: one sentence each --------------------------------------------------------


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message.replace("e.g. ", "")


def test_unknown_country_is_one_sentence(positions):
    with pytest.raises(ParameterError, match="`countries` is 'XYZ'") as error:
        setup(positions, countries_=["KAZ", "XYZ"])
    assert one_sentence(str(error.value))


def test_a_window_that_leaves_no_acts_is_one_sentence(positions):
    with pytest.raises(ParameterError, match="holds no act of") as error:
        setup(positions, pivot="2021-06-01", window_months=1)
    assert one_sentence(str(error.value))


def test_until_before_the_pivot_is_one_sentence(positions):
    with pytest.raises(ParameterError, match="`until` .* is before `pivot_date`") as error:
        setup(positions, until="2022-01-31")
    assert one_sentence(str(error.value))


def test_window_months_must_be_a_whole_number_in_range(positions):
    with pytest.raises(ParameterError, match="outside the accepted range 1 to 60"):
        setup(positions, window_months=0)


# --- the verdicts ---------------------------------------------------------------------------


def test_default_verdicts_and_their_flip_points(positions):
    s = setup(positions)
    title = thesis.off_the_fence(positions, s)
    assert title.verdict == "partly supported"
    assert [p.outcome for p in title.parts] == ["fails", "holds", "not tested"]
    (flip,) = title.flips
    # 6 of the 8 neighbours with room to move leaned further from Moscow (Georgia and Moldova
    # already did in every act): any bar above 75 % fails that part; 1 of 7 became more decisive.
    assert flip.high == pytest.approx(0.75) and flip.above == "contradicted"
    assert flip.low == pytest.approx(1 / 7) and flip.below == "supported where checked"
    assert not flip.fragile
    paragraph = thesis.decisive_stance(positions, s)
    assert paragraph.verdict == "contradicted"
    (flip,) = paragraph.flips
    # 1 of 10 took no side before the pivot, and 1 of 7 with room to rise became more decisive.
    assert flip.low == pytest.approx(1 / 7) and flip.below == "partly supported"
    assert not flip.fragile
    assert "pivot 21 Sep 2022" in title.scope and "pivot 21 Sep 2022" in paragraph.scope


def test_with_the_invasion_as_pivot_the_moves_followed_the_invasion(positions):
    s = setup(positions, pivot=INVASION)
    assert thesis.off_the_fence(positions, s).verdict == "supported where checked"
    paragraph = thesis.decisive_stance(positions, s)
    assert paragraph.verdict == "supported"
    # 5 of 10 neighbours took no side in the year before the invasion: right at the bar.
    assert paragraph.fragile


def revote(votes, resolution, new, countries):
    """unga_votes with every source's vote of `countries` on `resolution` changed to `new`."""
    altered = votes.copy()
    rows = (altered["resolution"] == resolution) & altered["country"].isin(countries)
    assert rows.any()
    altered.loc[rows, "vote"] = new
    return altered


CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "UZB"]
FENCE_SITTERS = ["ARM", "AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB"]


@counterfactual("off_the_fence_title")
def test_title_loses_its_turn_from_moscow_if_central_asia_had_voted_yes_on_es_11_3(
    positions, votes
):
    s = setup(positions)
    before = thesis.off_the_fence(positions, s)
    altered = record(revote(votes, "ES-11/3", "yes", CENTRAL_ASIA))
    after = thesis.off_the_fence(altered, s)
    assert_moves(before, after, "contradicted")


@counterfactual("off_the_fence_title")
def test_title_holds_where_checked_if_the_fence_sitters_had_voted_yes_after_the_pivot(
    positions, votes
):
    s = setup(positions)
    before = thesis.off_the_fence(positions, s)
    altered = revote(votes, "ES-11/4", "yes", FENCE_SITTERS)
    altered = record(revote(altered, "ES-11/6", "yes", FENCE_SITTERS))
    after = thesis.off_the_fence(altered, s)
    assert_moves(before, after, "supported where checked")


@counterfactual("mobilization_forced_decisive_stance")
def test_paragraph_3_is_partly_supported_if_the_fence_sitters_had_voted_yes_after(positions, votes):
    s = setup(positions)
    before = thesis.decisive_stance(positions, s)
    altered = revote(votes, "ES-11/4", "yes", FENCE_SITTERS)
    altered = record(revote(altered, "ES-11/6", "yes", FENCE_SITTERS))
    after = thesis.decisive_stance(altered, s)
    assert_moves(before, after, "partly supported")


@counterfactual("mobilization_forced_decisive_stance")
def test_paragraph_3_is_supported_if_no_neighbour_had_taken_a_side_before_the_pivot(positions):
    s = setup(positions)
    before = thesis.decisive_stance(positions, s)
    sided_early = (positions["date"] < s.pivot) & (positions["lean"] != "neutral")
    after = thesis.decisive_stance(positions[~sided_early], s)
    assert_moves(before, after, "supported")


def test_a_list_without_a_neighbour_is_one_sentence(positions):
    with pytest.raises(ParameterError, match="lists only MNG, UKR") as error:
        setup(positions, countries_=["MNG", "UKR"])
    assert one_sentence(str(error.value))


def test_chart_title_is_computed_from_the_plotted_data(positions):
    s = setup(positions)
    fig = thesis.draw(positions, s)
    title = fig._suptitle.get_text().replace("\n", " ")
    assert title == thesis.headline(positions, s)
    assert title.startswith("In the 12 months after 21 Sep 2022, 1 of 7 neighbours took sides")
    plt.close(fig)


def test_findings_are_computed_from_the_rows(positions):
    lines = thesis.findings(positions, setup(positions))
    assert lines[0].startswith("Acts toward Moscow: 14 in the 12 months before 21 Sep 2022")
    assert "9 had taken a side (either side) before 21 Sep 2022" in lines[2]


# --- the knowledge cut-off: a row published after it is not known --------------------------


def _as_known(votes, rows, day, judge):
    """The verdict at cut-off `day` without the votes `rows`, with them published the day after,
    and with them published on the day, every table read through `cutoff.known_by`."""
    from postsoviet import cutoff

    def read(table):
        known = {
            name: cutoff.known_by(frame, day).rows
            for name, frame in (
                ("positions", load("positions")),
                ("votes", table),
                ("resolutions", load("unga_resolutions")),
            )
        }
        acts = thesis.acts(known["positions"], known["votes"], known["resolutions"])
        return judge(acts, setup(acts, known_by=day))

    def published(when):
        altered = votes.copy()
        altered.loc[rows, "published"] = when
        return altered

    return read(votes[~rows]), read(published(day + pd.Timedelta(days=1))), read(published(day))


def _fence_sitters_yes_on_es_11_4(votes):
    rows = (votes["resolution"] == "ES-11/4") & votes["country"].isin(FENCE_SITTERS)
    day = load("unga_resolutions").set_index("resolution").loc["ES-11/4", "published"]
    return revote(votes, "ES-11/4", "yes", FENCE_SITTERS), rows, day


@counterfactual("off_the_fence_title")
def test_title_yes_votes_published_a_day_after_the_cut_off_are_not_known(votes):
    altered, rows, day = _fence_sitters_yes_on_es_11_4(votes)
    without, later, on_day = _as_known(altered, rows, day, thesis.off_the_fence)
    assert without.verdict == later.verdict == "partly supported"
    assert later.scope.startswith("as known on 13 Oct 2022: Did at least half")
    assert_moves(without, on_day, "supported where checked")


@counterfactual("mobilization_forced_decisive_stance")
def test_paragraph_3_yes_votes_published_a_day_after_the_cut_off_are_not_known(votes):
    altered, rows, day = _fence_sitters_yes_on_es_11_4(votes)
    without, later, on_day = _as_known(altered, rows, day, thesis.decisive_stance)
    assert without.verdict == later.verdict == "contradicted"
    assert_moves(without, on_day, "partly supported")


def test_the_cut_off_ends_the_window_after_the_pivot(positions):
    s = setup(positions, known_by=pd.Timestamp("2022-10-07"))
    assert s.after == (pd.Timestamp("2022-09-21"), pd.Timestamp("2022-10-08"))
    assert s.describe().endswith("as known by 7 Oct 2022")
    with pytest.raises(ParameterError, match="nothing after the pivot was known"):
        setup(positions, known_by=pd.Timestamp("2022-09-01"))
