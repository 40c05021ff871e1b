"""The migrants notebook's figures, derived values, year checks and rules, on the shipped data."""

import numpy as np
import pandas as pd
import pytest

from postsoviet import migrants, params, rules
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


def test_who_warned_within_a_week_of_the_offer():
    warnings = load("fighting_abroad_warnings")
    assert migrants.issuers_in_window(warnings, migrants.NAMED, OFFER, 7) == {
        "UZB": {"prosecutor"},
        "TJK": {"embassy"},
        "KGZ": {"embassy"},
    }
    two_days = migrants.issuers_in_window(warnings, migrants.NAMED, OFFER, 2)
    assert two_days["TJK"] == set()  # the Tajik embassy posted on 22 Sep, the third day


def test_counts_compared_only_within_a_series_and_after_the_article():
    series = migrants.first_last(load("fighters_reported"), after=ARTICLE)
    assert series == {
        "Central Asia, pows held in ukraine (Feb 2025–Dec 2025)": (50.0, 100.0),
        "Tajikistan, deaths confirmed (Jun 2023–Jul 2025)": (40.0, 72.0),
        "Uzbekistan, deaths confirmed (Jun 2023–Jul 2025)": (34.0, 66.0),
    }
    assert migrants.first_last(load("fighters_reported"), after=pd.Timestamp("2025-08-01")) == {}


# ---- rules added for this notebook -----------------------------------------------------


def test_attribution_rule_grades_who_said_it():
    claimed, offices = {"ministry"}, {"embassy"}

    def verdict(issuers):
        return rules.attribution(issuers, claimed, offices).verdict

    assert verdict({"A": {"ministry"}, "B": {"ministry", "embassy"}}) == rules.SUPPORTED
    assert verdict({"A": {"embassy"}, "B": {"prosecutor"}}) == rules.PARTLY
    assert verdict({"A": {"ministry"}, "B": set()}) == rules.PARTLY
    assert verdict({"A": {"prosecutor"}, "B": {"agency"}}) == rules.CONTRADICTED
    assert verdict({"A": set(), "B": set()}) == rules.UNVERIFIABLE
    judged = rules.attribution({"UZB": {"prosecutor"}, "KGZ": {"embassy"}}, claimed, offices)
    assert judged.measured == "UZB: prosecutor; KGZ: embassy"


def test_direct_or_indirect_rule():
    assert rules.direct_or_indirect(["text says so"], ["implied"]).verdict == rules.SUPPORTED
    assert rules.direct_or_indirect([], ["implied"]).verdict == rules.PARTLY
    assert rules.direct_or_indirect([], []).verdict == rules.UNVERIFIABLE


def test_forecast_rules():
    assert rules.forecast_rising({"a": (1, 2), "b": (3, 4)}, "x").verdict == rules.BORNE_OUT
    assert rules.forecast_rising({"a": (1, 2), "b": (3, 3)}, "x").verdict == rules.NOT_BORNE_OUT
    assert rules.forecast_rising({}, "x").verdict == rules.TOO_EARLY
    assert rules.forecast_event(["it happened"], ["quiet"], "x").verdict == rules.BORNE_OUT
    assert rules.forecast_event([], ["quiet"], "x").verdict == rules.NOT_BORNE_OUT
    assert rules.forecast_event([], [], "x").verdict == rules.TOO_EARLY
