"""The migrants notebook's figures, derived values, year checks and rules, on the shipped data."""

import numpy as np
import pandas as pd
import pytest

from counterfactual import assert_moves, counterfactual, published_on
from postsoviet import cutoff, migrants, params
from postsoviet.data import load
from postsoviet.params import ParameterError

EIGHT = ["TJK", "KGZ", "UZB", "ARM", "GEO", "KAZ", "AZE", "MDA"]
OFFER = pd.Timestamp("2022-09-20")
ARTICLE = pd.Timestamp("2022-10-07")


@pytest.fixture(scope="module")
def remittances():
    return load("wb_remittances_pct_gdp")


@pytest.fixture(scope="module")
def usd(remittances):
    return migrants.remittances_usd(remittances, load("wb_gdp_current_usd"))


def one_sentence(call, *args) -> str:
    with pytest.raises(ParameterError) as caught:
        call(*args)
    text = str(caught.value)
    assert text.endswith(".") and "\n" not in text
    return text


# ---- year parameters --------------------------------------------------------------------


def test_year_outside_the_data_names_the_available_range(remittances):
    assert one_sentence(params.year_range, 2005, 2024, remittances["year"]) == (
        "Parameter `first_year` is 2005, outside the available years 2010 to 2024."
    )
    assert one_sentence(params.year_range, 2010, 2030, remittances["year"]) == (
        "Parameter `last_year` is 2030, outside the available years 2010 to 2024."
    )


def test_year_range_refuses_inverted_and_fractional_years(remittances):
    assert one_sentence(params.year_range, 2020, 2015, remittances["year"]) == (
        "Parameters `first_year` (2020) and `last_year` (2015) are inverted: "
        "`first_year` must not be after `last_year`."
    )
    assert "not a whole number" in one_sentence(params.year, 2020.5, "first_year", [2020])
    assert params.year_range("2015", 2024.0, remittances["year"]) == (2015, 2024)


def test_highlight_year_must_lie_in_the_chosen_range():
    assert one_sentence(params.year, 2022, "highlight_year", range(2015, 2021)) == (
        "Parameter `highlight_year` is 2022, outside the available years 2015 to 2020."
    )


# ---- remittances ------------------------------------------------------------------------


def test_remittance_table_covers_fifteen_countries_and_fifteen_years(remittances):
    assert len(remittances) == 225
    assert set(EIGHT) <= set(remittances["country"])
    assert "TKM" not in set(remittances["country"])  # no value after 1996: absent, not zero


def test_dependence_in_2022_orders_countries_and_measures_the_jump(remittances, usd):
    panel = migrants.remittance_panel(remittances, EIGHT, 2010, 2024)
    assert list(panel.columns) == EIGHT and panel.index.min() == 2010
    table = migrants.dependence(panel, 2022, usd).set_index("country")
    assert list(table.index[:3]) == ["TJK", "KGZ", "UZB"]
    assert table.loc["TJK", "% of GDP 2022"] == pytest.approx(49.90, abs=0.005)
    assert table.loc["TJK", "change, points"] == pytest.approx(17.21)
    assert table.loc["KGZ", "change, points"] < 0  # Kyrgyzstan's share fell in 2022
    assert table.loc["TJK", "peak year in range"] == 2022


def test_remittances_in_dollars_are_derived_from_share_and_gdp(usd):
    tjk = usd.set_index(["country", "year"])["remittances_usd_bn_derived"]
    # 49.89531 % of Tajikistan's 2022 GDP; the ADB's own figure for 2022 is USD 5.3bn.
    assert tjk[("TJK", 2022)] == pytest.approx(5.35, abs=0.005)
    assert tjk[("UZB", 2022)] == pytest.approx(13.97, abs=0.005)
    assert 2024 not in set(usd["year"])  # no GDP for 2024: no derived figure, not a guess


def test_label_spreading_keeps_order_and_minimum_gap():
    placed = migrants.spread_labels([0.1, 1.8, 5.0, 48.0, 10.5, 12.0], gap=2.5)
    assert placed[3] == 48.0 and placed[0] == 0.1
    ordered = sorted(placed)
    assert all(b - a >= 2.5 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))
    assert np.argsort(placed).tolist() == np.argsort([0.1, 1.8, 5.0, 48.0, 10.5, 12.0]).tolist()


def test_transfers_from_russia_2022_stated_and_derived():
    growth = migrants.growth_2022(load("remittance_flows")).set_index("country")
    assert growth.loc["KAZ", "times 2021"] == 6.8 and growth.loc["KAZ", "how"] == "stated"
    assert growth.loc["GEO", "times 2021"] == pytest.approx(2068 / 411.3, abs=0.005)
    assert growth.loc["GEO", "how"] == "derived from two stated levels"
    assert growth.loc["KGZ", "period"] == "Jan–Nov 2022"
    assert "TJK" not in growth.index  # no 2022 figure for Tajikistan was found


def test_migrants_by_citizenship_and_derived_rate():
    table = migrants.migrants_by_citizenship(load("migrants_in_russia"))
    uzb_2022 = table[(table["citizenship"] == "UZB") & (table["period"] == "2022-01/2022-12")]
    assert uzb_2022[["low", "high", "reports"]].values.tolist() == [[1450000, 1450000, 2]]
    rated = migrants.per_thousand_residents(
        table[table["period"] == "2022-01/2022-12"], load("wb_population"), 2022
    ).set_index("citizenship")
    assert rated.loc["TJK", "per 1,000 residents 2022 (derived)"] == pytest.approx(96.9)
    assert np.isnan(rated.loc["all", "per 1,000 residents 2022 (derived)"])


# ---- law, warnings, dual citizens, fighters --------------------------------------------


def test_penalties_not_stated_or_not_retrieved_stay_empty():
    law = load("fighting_abroad_law")
    unverified = law[law["status"] != "stated"]
    assert set(unverified["country"]) == {"TJK"}
    assert unverified[["penalty_min_years", "penalty_max_years"]].isna().all().all()
    shown = migrants.law_table(law, migrants.NAMED).set_index(["country", "article"])
    assert shown.loc[("TJK", "401-1"), "penalty"] == "not retrieved (unverified)"
    assert shown.loc[("TJK", "not named"), "penalty"] == "not stated by the source"


def test_disagreeing_penalties_stay_separate_rows():
    law = migrants.law_table(load("fighting_abroad_law"), ["UZB", "KAZ"])
    uz154 = law[(law["country"] == "UZB") & (law["article"] == "154")]
    assert sorted(uz154["penalty"]) == [
        "1–10 years' imprisonment",
        "5–10 years' imprisonment",
        "up to 10 years' imprisonment",
    ]
    assert sorted(law.loc[law["article"] == "172", "penalty"]) == [
        "5–10 years' imprisonment",
        "5–9 years' imprisonment",
    ]


def test_tables_print_words_not_codes():
    pows = migrants.readable(load("pow_reports"))
    assert "prisoner handed back to Russia in an exchange" in set(pows["finding"])
    assert set(pows["area"]) == {"Kyrgyzstan", "Uzbekistan", "Central Asia"}
    terms = migrants.readable(load("recruitment_terms"))
    assert "first contract of a foreign soldier before (years)" in set(terms["item"])
    assert not terms["item"].str.contains("_").any()


def test_the_other_readings_of_the_kyrgyz_penalty_and_dual_citizenship():
    readings = migrants.other_readings(
        load("fighting_abroad_law"), load("dual_citizenship"), migrants.NAMED
    )
    kyrgyz = readings[readings["state"] == "Kyrgyzstan"]
    penalty = kyrgyz[kyrgyz["question"].str.startswith("penalty")]
    assert sorted(penalty["reading"]) == [
        "5–10 years' imprisonment",
        "up to 10 years' imprisonment",
    ]
    recognition = kyrgyz[kyrgyz["question"].str.startswith("does it")]
    assert list(recognition["publisher"]) == ["RFE/RL", "Bishkek Herald"]  # Sept 2022, then 2023


def test_first_reactions_after_the_offer():
    first = migrants.first_reactions(load("fighting_abroad_warnings"), OFFER)
    assert first["day"].to_dict() == {"UZB": 1, "TJK": 3, "KGZ": 2}
    assert first["body kind"].to_dict() == {
        "UZB": "labour-migration agency",
        "TJK": "embassy",
        "KGZ": "embassy",
    }


def test_disagreeing_reports_of_the_uzbek_warning_stand_side_by_side():
    reports = migrants.reaction_reports(load("fighting_abroad_warnings"), OFFER, ARTICLE)
    uzbek = reports[reports["state"] == "Uzbekistan"].set_index("body kind")
    assert uzbek.loc["prosecutor", "confidence"] == "high"
    assert uzbek.loc["embassy", "publisher"] == "Anadolu Agency (French service)"
    assert uzbek.loc["embassy", "foreign service"] == "yes"


def test_counts_compared_only_within_a_series_and_after_the_article():
    series = migrants.counted_twice(load("fighters_reported"), after=ARTICLE)
    assert {k: (v["value"].iloc[0], v["value"].iloc[-1]) for k, v in series.items()} == {
        "Central Asia: prisoners held in Ukraine": (50, 100),
        "Tajikistan: deaths confirmed": (40, 72),
        "Uzbekistan: deaths confirmed": (34, 66),
    }
    assert migrants.counted_twice(load("fighters_reported"), after=pd.Timestamp("2025-08-01")) == {}


def test_fighters_chart_says_what_it_shows_or_is_not_drawn():
    import matplotlib

    matplotlib.use("Agg")
    fighters = load("fighters_reported").sort_values(["as_of", "area", "metric"])
    fig = migrants.draw_fighters(fighters, ARTICLE)
    assert fig._suptitle.get_text() == "3 of the 3 running counts made twice after the article rose"
    dots = sum(len(collection.get_offsets()) for collection in fig.axes[0].collections)
    assert dots == len(fighters)  # one dot per report
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["the article"]  # no joins
    counted_once = fighters.drop_duplicates(["area", "metric"])
    fig = migrants.draw_fighters(counted_once, ARTICLE)
    assert (
        fig._suptitle.get_text() == "No running count of fighters was made twice after the article"
    )
    assert migrants.draw_fighters(fighters.iloc[0:0], ARTICLE) is None  # nothing known: no chart
    matplotlib.pyplot.close("all")


# ---- the claims, and what would move each verdict ---------------------------------------


@pytest.fixture(scope="module")
def terms():
    return load("recruitment_terms")


@pytest.fixture(scope="module")
def warnings():
    return load("fighting_abroad_warnings")


@pytest.fixture(scope="module")
def dual():
    return load("dual_citizenship")


def pay(terms, ratio):
    return migrants.ru_recruits_migrants_good_pay(terms, article_date=ARTICLE, good_pay_ratio=ratio)


def test_good_pay_is_the_offer_of_the_time_against_what_migrants_earn(terms):
    v = pay(terms, 1.5)
    assert v.verdict == "supported"
    assert v.measured == pytest.approx(190_000 / 47_100, abs=0.005)
    (flip,) = v.flips
    assert flip.high == pytest.approx(190_000 / 47_100)
    assert flip.above == "partly supported" and not flip.fragile
    assert pay(terms, 4.5).verdict == "partly supported"
    assert "Pay found later in court cases (not used)" in v.evidence


@counterfactual("ru_recruits_migrants_good_pay")
def test_good_pay_moves_with_the_offer_and_its_date(terms):
    before = pay(terms, 1.5)
    low = terms.copy()
    low.loc[low["item"] == "monthly_pay_offered", "value"] = 60_000
    assert_moves(before, pay(low, 1.5), "partly supported")
    later = terms.copy()
    public = later["item"].isin(["recruitment_at_migrant_centre", "monthly_pay_offered"])
    later.loc[public, "as_of"] = pd.Timestamp("2022-11-01")
    after = pay(later, 1.5)
    assert_moves(before, after, "contradicted")  # nothing public before the article
    assert after.parts[1].outcome == "not tested"  # and no offer of the time to weigh


@counterfactual("ru_recruits_migrants_citizenship")
def test_citizenship_fails_when_the_contract_was_not_shortened_or_the_law_came_later(terms):
    before = migrants.ru_recruits_migrants_citizenship(terms, article_date=ARTICLE)
    assert before.verdict == "supported"
    same = terms.copy()
    same.loc[same["item"] == "min_contract_years", "value"] = 5
    assert_moves(
        before,
        migrants.ru_recruits_migrants_citizenship(same, article_date=ARTICLE),
        "partly supported",
    )
    late = same.copy()
    late.loc[late["item"].isin(["law_signed", "decree_signed"]), "as_of"] = pd.Timestamp(
        "2023-01-10"
    )
    assert_moves(
        before,
        migrants.ru_recruits_migrants_citizenship(late, article_date=ARTICLE),
        "contradicted",
    )


def mfa(warnings, days=7):
    return migrants.ca_mfa_warn_criminal(
        warnings, offer=OFFER, article_date=ARTICLE, swift_days=days
    )


def test_an_embassy_speaks_for_its_foreign_ministry_and_the_prosecutor_does_not(warnings):
    v = mfa(warnings)
    assert v.verdict == "partly supported"
    failed = [p.name for p in v.parts if p.outcome == "fails"]
    assert failed == [
        "Uzbekistan's warning came from its foreign ministry, an embassy or a consulate"
    ]
    (flip,) = v.flips
    assert flip.low is None and flip.high is None  # the Uzbek part fails at any swift_days
    assert "swift_days = 2" not in v.flips[0].text
    slow = [p.name for p in mfa(warnings, 2).parts if p.outcome == "fails"]
    assert "Tajikistan warned within 2 days" in slow  # its embassy posted on the third day


@counterfactual("ca_mfa_warn_criminal")
def test_mfa_attribution_moves_with_who_spoke_and_when(warnings):
    before = mfa(warnings)
    ministry = warnings.copy()
    is_prosecutor = ministry["body_type"] == "prosecutor"
    ministry.loc[is_prosecutor, "body_type"] = "ministry_of_foreign_affairs"
    after = mfa(ministry)
    assert_moves(before, after, "supported")
    trusted = warnings.copy()
    trusted.loc[trusted["publisher"] == "Anadolu Agency (French service)", "confidence"] = "high"
    assert_moves(before, mfa(trusted), "supported")  # then the embassy report counts too
    (flip,) = after.flips
    assert flip.low == 3 and flip.below == "partly supported"  # Tajikistan spoke on day 3
    late = warnings.copy()
    named = late["country"].isin(migrants.NAMED) & (late["as_of"] >= OFFER)
    late.loc[named, "as_of"] = late.loc[named, "as_of"] + pd.Timedelta(days=60)
    late.loc[named, "published"] = late.loc[named, "as_of"]
    assert_moves(before, mfa(late), "contradicted")


@counterfactual("ca_religious_warning")
def test_religious_warning_moves_with_the_quoted_words_and_the_statement(warnings):
    def judge(rows):
        return migrants.ca_religious_warning(rows, offer=OFFER, article_date=ARTICLE)

    before = judge(warnings)
    assert before.verdict == "supported"
    other_words = warnings.assign(echoes_article_quote="no")
    assert_moves(before, judge(other_words), "partly supported")
    no_board = warnings[warnings["body_type"] != "religious_board"]
    assert_moves(before, judge(no_board), "contradicted")


@counterfactual("ca_warnings_cover_dual_citizens")
def test_dual_citizen_appeals_move_with_their_words_and_the_home_law(warnings, dual):
    def judge(rows, law):
        return migrants.ca_warnings_cover_dual_citizens(
            rows, law, offer=OFFER, article_date=ARTICLE
        )

    before = judge(warnings, dual)
    assert before.verdict == "partly supported"
    naming = warnings.copy()
    naming.loc[naming["body_type"] == "prosecutor", "mentions_dual_citizens"] = "yes"
    assert_moves(before, judge(naming, dual), "supported")
    lost = dual.copy()
    lost.loc[(lost["country"] == "UZB") & (lost["aspect"] == "home_recognition"), "status"] = (
        "lost_on_acquiring"
    )
    assert_moves(before, judge(warnings, lost), "contradicted")


@counterfactual("ca_dual_citizens_ambiguity")
def test_ambiguity_fails_without_a_prosecution_at_home(dual):
    law = load("fighting_abroad_law")
    before = migrants.ca_dual_citizens_ambiguity(law, dual)
    assert before.verdict == "supported"
    untried = dual[dual["status"] != "prosecuted_at_home"]
    after = migrants.ca_dual_citizens_ambiguity(law, untried)
    assert_moves(before, after, "partly supported")
    assert "reported instead" in after.parts[2].because  # the Tajik exemption is named


@counterfactual("pow_return_tensions")
def test_pow_forecast_is_borne_out_once_a_dispute_is_reported():
    pows, fighters = load("pow_reports"), load("fighters_reported")
    before = migrants.pow_return_tensions(pows, fighters, article_date=ARTICLE)
    assert before.verdict == "not borne out so far"  # open-ended: "could ultimately"
    dispute = pows.iloc[[-1]].assign(finding="dispute_with_moscow")
    after = migrants.pow_return_tensions(
        pd.concat([pows, dispute], ignore_index=True), fighters, article_date=ARTICLE
    )
    assert_moves(before, after, "borne out")


@counterfactual("more_citizens_join_fight")
def test_more_fighters_forecast_fails_when_a_count_stays_flat():
    fighters = load("fighters_reported")
    before = migrants.more_citizens_join_fight(fighters, article_date=ARTICLE)
    assert before.verdict == "borne out"
    flat = fighters.copy()
    later_pows = (flat["metric"] == "pows_held_in_ukraine") & (flat["as_of"] > "2025-06-01")
    flat.loc[later_pows, "value"] = 50
    assert_moves(
        before,
        migrants.more_citizens_join_fight(flat, article_date=ARTICLE),
        "partly borne out",
    )


# --- the knowledge cut-off: a row published a day after it is not known ------------------------


def known(frame, day):
    return cutoff.known_by(frame, day).rows


def test_tables_known_at_publication_leave_the_forecasts_too_early():
    at = migrants.tables_known_by("publication")
    assert at.day == ARTICLE and at.asked_on == ARTICLE
    assert "pow_reports: 0 rows known by the cut-off, 3 published later." in at.notes
    assert migrants.tables_known_by("2026-11-26").asked_on is None
    verdict = migrants.more_citizens_join_fight(
        at.tables["fighters_reported"],
        article_date=ARTICLE,
        known_by=at.asked_on,
        article=at.tables["article_editions"],
    )
    assert verdict.verdict == "too early"
    assert verdict.scope.startswith("as known on 7 Oct 2022: ")
    assert verdict.sources == list(at.tables["article_editions"]["url"])


@counterfactual("ru_recruits_migrants_citizenship")
def test_a_decree_cited_a_day_after_the_article_is_not_known_then(terms):
    day = cutoff.resolve("publication", load("article_editions"))
    decree = terms["item"] == "decree_signed"

    def verdict(published):
        rows = known(published_on(terms, decree, published), day)
        return migrants.ru_recruits_migrants_citizenship(rows, article_date=ARTICLE, known_by=day)

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "supported where checked"  # a missing step is not tested, not failed
    assert_moves(later, verdict(day), "supported")


@counterfactual("ca_dual_citizens_ambiguity")
def test_call_up_and_prosecution_reported_a_day_after_the_cut_off_are_not_known(dual):
    day = cutoff.resolve("publication", load("article_editions"))
    law = known(load("fighting_abroad_law"), day)
    reported = dual["status"].isin(["called_up_by_russia", "prosecuted_at_home"])

    def verdict(published):
        rows = known(published_on(dual, reported, published), day)
        return migrants.ca_dual_citizens_ambiguity(law, rows, known_by=day)

    later = verdict(day + pd.Timedelta(days=1))
    # Before any report of a call-up or a prosecution, those parts are not tested: a table
    # compiled from reports cannot show that something did not happen.
    assert later.verdict == "supported where checked"
    assert [p.outcome for p in later.parts] == ["holds", "not tested", "not tested"]
    assert_moves(later, verdict(day), "supported")


@counterfactual("pow_return_tensions")
def test_a_dispute_published_a_day_after_the_cut_off_is_not_known():
    pows, fighters = load("pow_reports"), load("fighters_reported")
    day = pd.Timestamp("2024-07-19")  # the first prisoner report in the data
    dispute = pows[pows["as_of"] == day].assign(area="UZB", finding="dispute_with_moscow")
    rows = pd.concat([pows, dispute], ignore_index=True)
    added = rows.index >= len(pows)

    def verdict(published):
        known_rows = known(published_on(rows, added, published), day)
        return migrants.pow_return_tensions(
            known_rows, known(fighters, day), article_date=ARTICLE, known_by=day
        )

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "not borne out so far"
    assert_moves(later, verdict(day), "borne out")
