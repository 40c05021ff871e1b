"""Rents, school places and the ethnic scenario compute what notebook 05 reports.

Expected figures are worked out by hand from the shipped tables (the arithmetic is in the
comments), so a change in the data or the code that moves a reported figure fails here.
"""

import math

import pandas as pd
import pytest

from postsoviet import pressure, rules
from postsoviet.data import load
from postsoviet.params import ParameterError

CENTRAL_ASIA = ["KAZ", "KGZ", "UZB", "TJK"]


@pytest.fixture(scope="module")
def rents():
    return load("rents")


@pytest.fixture(scope="module")
def ethnic():
    return load("ethnic_russians")


# ------------------------------------------------------------------ rents


def test_multiples_read_percent_times_and_from_to(rents):
    m = pressure.multiples(rents).set_axis(rents.index)
    almaty_krisha = (rents["place"] == "Almaty") & (rents["comparison"] == "since_date")
    assert m[almaty_krisha].round(2).tolist() == [1.33]
    uralsk = (rents["place"] == "Uralsk") & (rents["comparison"] == "times")
    assert sorted(m[uralsk]) == [2.0, 3.0]  # "3–4 times" counts with its low end
    yerevan = (rents["place"] == "Yerevan") & (rents["comparison"] == "from_to")
    assert sorted(m[yerevan]) == [2.0, 2.0]  # 600 → 1,200 EUR and 100,000 → 200,000 AMD
    assert m[rents["comparison"] == "level"].isna().all()


def test_timing_splits_at_the_mobilization(rents):
    t = pressure.timing(rents)
    national = rents["place"] == "Kazakhstan"
    aug = national & (rents["as_of"] == "2022-08-31") & (rents["comparison"] == "year_on_year")
    sep = national & (rents["as_of"] == "2022-09-30") & (rents["comparison"] == "year_on_year")
    peak = national & (rents["comparison"] == "since_peak")
    assert t[aug].tolist() == ["before 21 Sep"]
    assert t[sep].tolist() == ["spanning 21 Sep"]
    assert t[peak].tolist() == ["after 21 Sep"]


def test_bns_levels_are_not_chained_across_the_2022_break(rents):
    check = pressure.chain_check(rents, "Kazakhstan", "official_survey", pd.Timestamp("2022-09-30"))
    # 4,612 / 1,877 = 2.457: chaining would invent "twice the price"; BNS says +47.2 %.
    assert check["ratio_of_levels"] == 2.46
    assert check["stated_year_on_year"] == 1.472
    assert check["same_segment"] is False
    sep_21, sep_22 = pd.Timestamp("2021-09-30"), pd.Timestamp("2022-09-30")
    assert pressure.level_change(rents, "Kazakhstan", "official_survey", sep_21, sep_22) is None
    aug_22 = pd.Timestamp("2022-08-31")
    # 4,612 / 4,029 − 1 = 14.47 %
    assert pressure.level_change(rents, "Kazakhstan", "official_survey", aug_22, sep_22) == 14.5


def test_implied_year_on_year_cross_checks_the_derived_month():
    # 1.318 × 1.145 / 1.021 − 1 = 47.8 %, against the 47.2 % BNS stated for September 2022
    assert pressure.implied_year_on_year(31.8, 14.5, 2.1) == 47.8
    assert pressure.implied_year_on_year(0, 0, 0) == 0


def test_split_rise_puts_two_thirds_of_the_national_rise_before_september(rents):
    split = pressure.split_rise(rents, pd.Period("2022-08", "M"))
    national = split[(split["place"] == "Kazakhstan") & (split["kind"] == "official price survey")]
    row = national.iloc[0]
    assert (row["before"], row["after"], bool(row["after_derived"])) == (31.8, 14.5, True)
    # 1.318 × 1.145 = 1.509; ln 1.318 / ln 1.509 = 0.276 / 0.412 = 0.67
    assert (row["combined"], row["share_before"]) == (50.9, 0.67)
    almaty = split[split["place"] == "Almaty"].set_index("kind")
    assert almaty.loc["official price survey", "before"] == 62.5
    assert almaty.loc["asking-price index", "after"] == 33.0
    assert almaty["share_before"].isna().all()  # two measures are never chained


def test_split_rise_needs_a_contiguous_after_window(rents):
    split = pressure.split_rise(rents, pd.Period("2021-10", "M"))
    shymkent = split[split["place"] == "Shymkent"].iloc[0]
    # The September 2022 month-on-month rise does not start where October 2021 ends.
    assert shymkent["before"] == 33.8 and math.isnan(shymkent["after"])


def test_twice_price_separates_city_averages_from_reports(rents):
    evidence = pressure.twice_price_evidence(rents, CENTRAL_ASIA)
    averages = evidence[evidence["evidence"] == "city average"]
    reports = evidence[evidence["evidence"] == "report"]
    assert averages["multiple"].max() == 1.5  # Krisha: "up to 50 %" in the border cities
    assert round(averages["multiple"].nlargest(2).iloc[1], 3) == 1.472  # BNS, Sep 2022 y/y
    assert reports["multiple"].max() == 3.0  # Uralsk and Bishkek, "3–4 times"
    assert "Aktobe" in set(reports["place"])  # daily lets count as a report, not an average
    assert not (averages["as_of"] <= pressure.MOBILIZATION).any()


def test_twice_price_verdict_depends_on_scope(rents):
    def verdict(countries):
        e = pressure.twice_price_evidence(rents, countries)
        avg = dict(
            zip(e.loc[e["evidence"] == "city average", "label"], e["multiple"], strict=False)
        )
        rep = e[e["evidence"] == "report"]
        return rules.averages_against_reports(
            avg, dict(zip(rep["label"], rep["multiple"], strict=True)), 2.0
        ).verdict

    assert verdict(CENTRAL_ASIA) == "partly supported"
    assert verdict([*CENTRAL_ASIA, "GEO"]) == "supported"  # TBC: Tbilisi +103 % y/y, Dec 2022
    assert verdict(["AZE"]) == "unverifiable"


def test_unknown_city_lists_the_places(rents):
    with pytest.raises(ParameterError, match=r"^Parameter `city` is 'Paris', which has no rent"):
        pressure.place("Paris", rents)
    assert pressure.place("Tbilisi", rents) == "Tbilisi"


# ------------------------------------------------------------------ schools and reports


def test_every_country_with_data_had_a_shortage_before_2022():
    readings = pressure.shortage_readings(load("school_places"))
    found = pressure.shortage_before(readings, ["KAZ", "KGZ", "UZB", "TJK"])
    assert found == {"KAZ": True, "KGZ": True, "UZB": True, "TJK": None}
    ratios = readings[readings["indicator"] == "pupils per school place"].set_index("country")
    # 1,223,000 / 774,120 = 1.58; 6,246,000 / 5,000,000 = 1.25
    assert ratios["reading"].to_dict() == {"KGZ": "1.58", "UZB": "1.25"}


def test_forecasts_do_not_count_as_shortages():
    readings = pressure.shortage_readings(load("school_places"))
    only_forecast = readings[readings["kind"] == "forecast"]
    assert pressure.shortage_before(only_forecast, ["KAZ"]) == {"KAZ": None}


def test_eviction_reports_are_weak_in_central_asia_and_credible_in_armenia():
    reports = load("local_reports")
    central = pressure.sort_reports(reports, ["eviction_to_relet"], CENTRAL_ASIA)
    assert set(central["strength"]) == {"weak"} and len(central) == 2
    caucasus = pressure.sort_reports(reports, ["eviction_to_relet"], ["ARM"])
    assert caucasus["strength"].tolist().count("credible") == 1  # AFP, Yerevan, July 2022


def test_polls_on_the_arrivals():
    balance = pressure.poll_balance(load("local_reports")).set_index("country")
    # Armenia: 47.8 + 38.8 welcome against 5.2 + 6.6
    assert (balance.loc["ARM", "positive"], balance.loc["ARM", "negative"]) == (86.6, 11.8)
    found = pressure.sympathy(balance.reset_index(), ["KAZ", "UZB", "ARM", "GEO"])
    assert found == {"KAZ": None, "UZB": None, "ARM": True, "GEO": False}


# ------------------------------------------------------------------ ethnic balance


def test_share_shift_by_hand():
    # 25 Russians in 100 residents, 25 more arrive: 50 / 125 = 40 %, up 15 points
    assert pressure.share_shift(25, 100, 25) == pytest.approx(15.0)
    assert pressure.share_shift(25, 100, 0) == 0
    # Kazakhstan 2021 census: 100,000 × (19,186,015 − 2,981,946) / (19,186,015 × 19,286,015)
    assert pressure.share_shift(2_981_946, 19_186_015, 100_000) == pytest.approx(0.43792, abs=1e-5)
    with pytest.raises(ValueError):
        pressure.share_shift(1, 0, 1)


def test_scenario_from_census_counts(ethnic):
    kaz = pressure.scenario(ethnic, "Kazakhstan", 100_000)
    assert (kaz["population"], kaz["russians"], kaz["change_pp"]) == (19_186_015, 2_981_946, 0.44)
    zero = pressure.scenario(ethnic, "North Kazakhstan", 0)
    assert zero["change_pp"] == 0 and zero["share_after"] == zero["share_before"] == 48.25
    north = pressure.scenario(ethnic, "North Kazakhstan", 100_000)
    # 2009 census share on the 2022 estimate: 100,000 × (1 − 0.4825) / 639,111 = 8.10 points
    assert north["change_pp"] == 8.10 and "population estimate of 1 Jan 2022" in north["how"]
    bishkek = pressure.census_base(ethnic, "Bishkek")
    assert round(bishkek.population) == 834_783  # 192,000 ÷ 23 %


def test_region_without_census_data_stops_with_one_sentence(ethnic):
    with pytest.raises(ParameterError) as caught:
        pressure.scenario_area("Kostanay", ethnic)
    text = str(caught.value)
    assert text.startswith("Parameter `scenario_region` is 'Kostanay', which has no census count")
    assert "Bishkek, Chüy" in text and text.endswith(".") and "\n" not in text
    with pytest.raises(ParameterError, match="which is not an area in the data"):
        pressure.scenario_area("Atlantis", ethnic)
    with pytest.raises(ValueError, match="Kostanay has no census count"):
        pressure.census_base(ethnic, "Kostanay")


def test_national_decline_is_a_range_where_the_2009_figures_disagree(ethnic):
    low, high = pressure.national_decline(ethnic, "KAZ")
    assert low == high == pytest.approx((15.54 / 23.7) ** (1 / 12.52), abs=1e-4)
    low, high = pressure.national_decline(ethnic, "KGZ")
    assert low < high  # 9.1 % and 7.8 % in 2009 both lead to 4.1 % in 2022


def test_significance_of_the_north_and_of_bishkek(ethnic):
    table = pressure.significance(
        ethnic, ["North Kazakhstan", "Bishkek"], 20, pd.Timestamp("2022-10-07")
    ).set_index("area")
    assert table.loc["North Kazakhstan", "projected_low"] == 30.5
    assert bool(table.loc["North Kazakhstan", "projected_significant"])
    assert table.loc["Bishkek", "latest"] == 23
    assert table.loc["Bishkek", "projected_high"] < 20


def test_tile_grid_covers_the_17_census_regions(ethnic):
    grid = pressure.tile_grid(load("kz_region_tiles"), ethnic)
    assert len(grid) == 17 and not grid.duplicated(["col", "row"]).any()
    assert grid.set_index("area").loc["North Kazakhstan", "value"] == 48.25
    assert grid["value"].notna().sum() == 5


def test_dates_are_written_no_more_precisely_than_known():
    day = pd.Timestamp("2014-07-01")
    assert pressure.when(day, "year") == "2014"
    assert pressure.when(day, "month") == "Jul 2014"
    assert pressure.when(day, "day") == "1 Jul 2014"
    assert pressure.when(day, "not_before") == "after 1 Jul 2014"
