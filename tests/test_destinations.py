"""The Schengen workbook reader, the stay-rule answers, and the claims of 04_destinations
with their counterfactuals."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from counterfactual import assert_moves, at_cut_off, counterfactual
from postsoviet import destinations
from postsoviet.data import DATA_DIR, DataError, load


def _official_folder() -> Path | None:
    """The Commission's workbooks in ../shared/data next to the checkout, if present."""
    for parent in DATA_DIR.parents:
        folder = parent / "shared" / "data" / "eu_visa_statistics_consulates"
        if folder.is_dir():
            return folder
    return None


OFFICIAL = _official_folder()
HEADER = [
    "Schengen State",
    "Country where consulate is located",
    "Consulate",
    "Airport transit visas (ATVs) applied for ",
    "Uniform visas applied for",
    "Total  uniform visas issued (including MEV) \n",
    "Multiple entry uniform visas (MEVs) issued",
    "Total LTVs issued",
    "Uniform visas not issued",
    "Not issued rate for uniform visas",
]
ROWS = [
    ["Finland", "RUSSIAN FEDERATION", "ST PETERSBURG", None, 1000, 900, 800, 10, 90, "=I2/E2"],
    ["Finland", "RUSSIAN FEDERATION", "MOSCOW", None, 500, 480, None, None, 20, "=I3/E3"],
    ["Germany", "RUSSIAN FEDERATION", "MOSCOW", 3, 2000, 1900, 1500, 5, 95, "=I4/E4"],
    ["Germany", "KAZAKHSTAN", "ALMATY", None, 300, 250, 200, 0, 50, "=I5/E5"],
    [None, None, None, None, None, None, None, None, None, None],
    [
        None,
        None,
        "Total worldwide 2022",
        "=SUM(D2:D5)",
        "=SUM(E2:E5)",
        None,
        None,
        None,
        None,
        None,
    ],
]


def workbook(path: Path, header=HEADER, rows=ROWS, sheet="Data for consulates") -> Path:
    """A small workbook in the Commission's layout: a description sheet, then the data."""
    book = Workbook()
    book.active.title = "Description"
    data = book.create_sheet(sheet)
    data.append(header)
    for row in rows:
        data.append(row)
    book.save(path)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return workbook(tmp_path / "Visa statistics for consulates in 2022_en.xlsx")


def test_reads_consulates_and_skips_blank_and_total_rows(small):
    consulates = destinations.read_consulates(small)
    assert len(consulates) == 4
    assert set(consulates["year"]) == {2022}
    moscow = consulates[consulates["consulate"] == "MOSCOW"].set_index("schengen_state")
    assert moscow.loc["Finland", "mev_issued"] == 0  # an empty cell counts as zero
    assert moscow.loc["Germany", "issued"] == 1900


def test_totals_for_consulates_located_in_russia(small):
    totals = destinations.consulate_totals(
        destinations.read_consulates(small), "RUS", by_state=True
    )
    total = totals[totals["schengen_state"] == "ALL"].iloc[0]
    assert (total["applications"], total["issued"], total["not_issued"]) == (3500, 3280, 205)
    assert (total["mev_issued"], total["ltv_issued"]) == (2300, 15)
    assert total["refusal_rate"] == pytest.approx(205 / (3280 + 15 + 205))
    finland = totals[totals["schengen_state"] == "FIN"].iloc[0]
    assert (finland["applications"], finland["not_issued"]) == (1500, 110)
    assert set(totals["schengen_state"]) == {"ALL", "FIN"}  # Germany is not followed alone


def test_another_consulate_country_and_the_workbook_spelling(small):
    consulates = destinations.read_consulates(small)
    by_code = destinations.consulate_totals(consulates, "KAZ")
    by_name = destinations.consulate_totals(consulates, "kazakhstan")
    assert by_code["applications"].tolist() == by_name["applications"].tolist() == [300]
    with pytest.raises(DataError, match=r"no consulates located in GEO \(GEORGIA\)"):
        destinations.consulate_totals(consulates, "GEO")


def test_header_spellings_that_change_between_years(tmp_path):
    header = list(HEADER)
    header[5] = "Total uniform visas isued (including MEVs)"  # typo, single space, plural
    header[6] = "Multiple-entry uniform visas (MEVs)\nisued"
    header[8] = "Uniform visas not  issued\u00a0"
    path = workbook(tmp_path / "2019-consulates-schengen-visa-stats.xlsx", header=header)
    consulates = destinations.read_consulates(path)
    assert consulates["issued"].sum() == 3530 and consulates["mev_issued"].sum() == 2500
    assert set(consulates["year"]) == {2019}


def test_a_missing_column_is_named_with_the_file(tmp_path):
    header = [h for h in HEADER if not h.startswith("Uniform visas not issued")]
    rows = [r[:8] + r[9:] for r in ROWS]
    path = workbook(tmp_path / "visa_statistics_for_consulates_2020.xlsx", header, rows)
    with pytest.raises(DataError) as caught:
        destinations.read_consulates(path)
    message = str(caught.value)
    assert message == (
        "visa_statistics_for_consulates_2020.xlsx has no column for `not_issued` in sheet "
        "'Data for consulates' (expected a header like 'Uniform visas not issued')."
    )


def test_other_bad_workbooks_fail_with_one_sentence(tmp_path):
    wrong_sheet = workbook(tmp_path / "visas 2021.xlsx", sheet="Data")
    with pytest.raises(DataError, match=r"^visas 2021.xlsx has no sheet 'Data for consulates'\.$"):
        destinations.read_consulates(wrong_sheet)
    bad_rows = [list(ROWS[0]), list(ROWS[1])]
    bad_rows[1][4] = "n/a"
    text = workbook(tmp_path / "visas 2021b.xlsx", rows=bad_rows)
    with pytest.raises(DataError, match=r"row 3, column `applications`: 'n/a' is not a count"):
        destinations.read_consulates(text, year=2021)
    undated = workbook(tmp_path / "visas.xlsx")
    with pytest.raises(DataError, match=r"cannot tell which year it covers"):
        destinations.read_consulates(undated)
    assert set(destinations.read_consulates(undated, year=2018)["year"]) == {2018}


def test_normalise_header():
    assert destinations.normalise_header(" Total  uniform visas isued\n(including MEV) ") == (
        "total uniform visas issued (including mev)"
    )


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    if OFFICIAL is None:
        pytest.skip("the Commission's workbooks are not at ../shared/data (clean checkout)")
    files = {
        2019: OFFICIAL / "2019-consulates-schengen-visa-stats.xlsx",
        2022: OFFICIAL / "Visa statistics for consulates in 2022_en.xlsx",
    }
    if not all(path.is_file() for path in files.values()):
        pytest.skip("the Commission's workbooks are not at ../shared/data (clean checkout)")
    return pd.concat([destinations.read_consulates(path) for path in files.values()])


@pytest.mark.parametrize(
    ("year", "applied", "issued"), [(2019, 4_133_100, 4_054_685), (2022, 687_239, 603_955)]
)
def test_official_workbooks_give_the_published_totals_for_russia(official, year, applied, issued):
    totals = destinations.consulate_totals(official, "RUS").set_index("year")
    assert (totals.loc[year, "applications"], totals.loc[year, "issued"]) == (applied, issued)


def test_official_workbooks_reproduce_the_shipped_rows(official):
    shipped = load("schengen_visas")
    summed = shipped[shipped["derivation"] == "summed_here"]
    for country, rows in summed.groupby("consulate_country"):
        derived = destinations.consulate_totals(official, country, by_state=True)
        merged = rows.merge(derived, on=["year", "schengen_state"], suffixes=("", "_derived"))
        assert len(merged) == len(rows), country
        for column in destinations.COUNTS:
            assert (merged[column] == merged[f"{column}_derived"]).all(), (country, column)


# --- The curated visa table and the visa-limit claim --------------------------------------


@pytest.fixture(scope="module")
def russia() -> pd.DataFrame:
    return destinations.visa_years(load("schengen_visas"), "RUS")


def test_refusal_rates_reproduce_the_commissions_published_rates(russia):
    rates = russia.set_index("year")["refusal_rate"]
    assert rates.loc[2019] == pytest.approx(0.015, abs=0.0005)
    assert rates.loc[2022] == pytest.approx(0.1021, abs=0.00005)
    assert rates.loc[2023] == pytest.approx(0.1057, abs=0.00005)
    assert list(russia["year"]) == [2018, 2019, 2020, 2021, 2022, 2023]


# --- Stay rules -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules() -> pd.DataFrame:
    return load("stay_rules")


def ask(rules, destination, days, day):
    return destinations.answer_stay(rules, destination, days, pd.Timestamp(day))


def test_kazakhstan_at_the_article_date(rules):
    long = ask(rules, "KAZ", 60, "2022-10-07")
    assert (long.may_stay, long.must_register) == ("yes", "yes")
    short = ask(rules, "KAZ", 20, "2022-10-07")
    assert (short.may_stay, short.must_register) == ("yes", "no")
    too_long = ask(rules, "KAZ", 91, "2022-10-07")
    assert too_long.may_stay == "no"
    assert "internal (national) passport accepted" in too_long.entry


def test_kazakhstan_after_the_january_2023_change(rules):
    answer = ask(rules, "KAZ", 120, "2023-06-01")
    assert answer.may_stay == "no"
    assert answer.must_register == "unknown"  # the 30 days are sourced only before 2023
    assert any("90 calendar days in any 180" in r for r in answer.reasons)
    assert ask(rules, "KAZ", 80, "2023-06-01").may_stay == "yes"


def test_uzbekistan_registration_before_and_after_the_agreement(rules):
    assert ask(rules, "UZB", 10, "2022-10-07").must_register == "no"
    assert ask(rules, "UZB", 16, "2022-10-07").must_register == "yes"
    assert ask(rules, "UZB", 10, "2022-03-01").must_register == "yes"  # 3 days then
    assert ask(rules, "UZB", 70, "2022-10-07").may_stay == "yes"  # no visa-free time limit


def test_unknown_is_answered_as_unknown(rules):
    armenia = ask(rules, "ARM", 30, "2022-09-01")  # before Meduza's summary of late Sep 2022
    assert (armenia.may_stay, armenia.must_register, armenia.entry) == (
        "unknown",
        "unknown",
        "unknown",
    )
    assert "none dated for this day" in repr(armenia)
    later = ask(rules, "ARM", 30, "2022-10-07")  # the 30 days without registration stay undated
    assert (later.may_stay, later.must_register) == ("yes", "unknown")
    assert ask(rules, "KAZ", 30, "2022-09-01").may_stay == "unknown"  # before any dated rule
    assert "land borders closed" in ask(rules, "AZE", 10, "2022-10-07").entry


def test_limits_from_one_source_hold_together(rules):
    assert ask(rules, "TUR", 75, "2022-10-07").may_stay == "no"  # 60 per visit
    assert ask(rules, "TUR", 50, "2022-10-07").may_stay == "yes"
    assert ask(rules, "MNG", 60, "2022-10-07").may_stay == "yes, if extended"
    assert ask(rules, "MNG", 100, "2022-10-07").may_stay == "no"


def synthetic(*rows: dict) -> pd.DataFrame:
    base = {
        "destination": "XAB",
        "applies_to": "russian_citizens",
        "days": 30,
        "window_days": None,
        "day_unit": "calendar",
        "requires": "nothing",
        "text": "a rule",
        "valid_from": "2022-01-01",
        "valid_to": None,
        "statement_by": "body",
        "publisher": "outlet",
        "published": "2022-01-01",
        "confidence": "high",
    }
    frame = pd.DataFrame([base | row for row in rows])
    for column in ("valid_from", "valid_to", "published"):
        frame[column] = pd.to_datetime(frame[column])
    frame["days"] = frame["days"].astype("Float64")
    frame["window_days"] = frame["window_days"].astype("Float64")
    return frame


def test_different_sources_that_disagree_are_reported_as_such():
    rules = synthetic(
        {"rule": "registration_free", "days": 3, "source_url": "a"},
        {"rule": "registration_free", "days": 10, "source_url": "b"},
        {"rule": "stay_limit", "days": 30, "source_url": "a"},
        {"rule": "stay_limit", "days": 60, "source_url": "b"},
    )
    answer = destinations.answer_stay(rules, "XAB", 7, pd.Timestamp("2022-05-01"))
    assert answer.must_register == "sources disagree"
    assert destinations.answer_stay(rules, "XAB", 45, pd.Timestamp("2022-05-01")).may_stay == (
        "sources disagree"
    )
    assert destinations.answer_stay(rules, "XAB", 2, pd.Timestamp("2022-05-01")).must_register == (
        "no"
    )


def test_the_most_specific_rule_wins_and_working_days_are_not_guessed():
    rules = synthetic(
        {"rule": "registration_free", "days": 3, "day_unit": "working", "source_url": "a",
         "applies_to": "all_foreigners"},
        {"rule": "registration_free", "days": 5, "day_unit": "working", "source_url": "b",
         "destination": "XAC"},
    )  # fmt: skip
    later = synthetic(
        {"rule": "registration_free", "days": 15, "source_url": "c", "valid_from": "2022-06-01"}
    )
    both = pd.concat([rules, later], ignore_index=True)
    day = pd.Timestamp("2022-07-01")
    assert destinations.answer_stay(both, "XAB", 10, day).must_register == "no"  # 15 days wins
    assert destinations.answer_stay(both, "XAB", 10, pd.Timestamp("2022-03-01")).must_register == (
        "yes"  # 3 working days span at most 7 calendar days
    )
    assert destinations.answer_stay(both, "XAC", 6, day).must_register == (
        "depends on weekends and holidays"
    )
    assert destinations.answer_stay(both, "XAC", 5, day).must_register == "no"


def test_rule_table_is_sorted_and_shows_limits(rules):
    table = destinations.rule_table(rules, ["KAZ"])
    assert table["destination"].unique().tolist() == ["KAZ"]
    assert "90 in 180" in table["limit"].tolist()
    assert table.equals(table.sort_values(["destination", "rule", "valid_from", "publisher"]))


def test_bounds_keep_both_ends_of_a_range():
    figures = load("destination_figures")
    left = destinations.figure(figures, "departures_after_mobilization", "RUS")
    assert destinations.bounds(left) == (600000, 700000)
    assert all(pd.isna(v) for v in destinations.bounds(left.iloc[0:0]))


def test_stay_overview_says_unknown_where_no_dated_rule(rules):
    overview = destinations.stay_overview(rules, pd.Timestamp("2022-10-07")).set_index(
        "destination"
    )
    assert overview.loc["UZB", "registration_free_low"] == 15
    assert overview.loc["UZB", "longest_stay_days"] == "no limit"
    assert overview.loc["KAZ", "longest_stay_days"] == "90"
    assert overview.loc["MNG", "longest_stay_days"] == "90"  # with an extension
    assert overview.loc["TUR", "longest_stay_days"] == "60"  # per visit, within 90 in 180
    assert overview.loc["ARM", "longest_stay_days"] == "180"  # Meduza, late Sep 2022
    assert pd.isna(overview.loc["ARM", "registration_free_low"])
    later = destinations.stay_overview(rules, pd.Timestamp("2023-06-01")).set_index("destination")
    assert later.loc["KAZ", "longest_stay_days"] == "90"
    assert pd.isna(later.loc["KAZ", "registration_free_low"])  # no source for 2023 on
    assert later.loc["KAZ", "rules_in_force"] == 3


def test_rule_table_limits_only_where_a_rule_counts_days(rules):
    table = destinations.rule_table(rules, ["UZB", "AZE"])
    limits = dict(zip(table["rule"] + "/" + table["publisher"], table["limit"], strict=True))
    assert limits["stay_limit/AzerNews (Trend)"] == "no limit"
    assert limits["land_border/TASS"] == ""
    assert limits["registration_free/Kun.uz"] == "3"


# --- The claims of 04_destinations, and what would move their verdicts ------------------------

ARTICLE = pd.Timestamp("2022-10-07")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ("schengen_visas", "policy_events", "extradition", "destination_figures", "stay_rules")
    return {name: load(name) for name in names}


def _set(frame: pd.DataFrame, mask: pd.Series, **values) -> pd.DataFrame:
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[mask, column] = value
    return frame


@counterfactual("eu_visa_limits")
def test_eu_visa_limits_fail_when_the_measures_come_later_and_visas_do_not_fall(tables):
    visas, events = tables["schengen_visas"], tables["policy_events"]
    before = destinations.eu_visa_limits(visas, events, ARTICLE)
    assert before.verdict == "supported"
    later = _set(events, events["in_force_from"].notna(), in_force_from=pd.Timestamp("2022-11-01"))
    russia = visas["consulate_country"] == "RUS"
    flat = _set(
        visas, russia & (visas["year"] == 2023) & (visas["schengen_state"] == "ALL"), issued=700_000
    )
    flat = _set(
        flat,
        russia & (flat["year"] == 2023) & (flat["schengen_state"] != "ALL"),
        applications=99_999,
    )
    flat = _set(
        flat, russia & (flat["year"] == 2022) & (flat["schengen_state"] == "ALL"), not_issued=17_000
    )
    assert_moves(before, destinations.eu_visa_limits(flat, later, ARTICLE), "contradicted")


def test_eu_visa_limits_do_not_rest_on_2022_against_2021(tables):
    visas, events = tables["schengen_visas"], tables["policy_events"]
    result = destinations.eu_visa_limits(visas, events, ARTICLE)
    assert not any("than in 2021" in p.name and "2022" in p.name for p in result.parts)
    assert "2021 issued 13% of 2019's 4,054,685" in result.evidence
    (flip,) = result.flips
    assert flip.high == pytest.approx(0.1021 / 0.0316, rel=0.01)  # the measured rise, ×3.23
    # the bar is the largest rise before 2022 (2019→2020), not a chosen number
    assert flip.chosen == pytest.approx(0.0256 / 0.015, rel=0.01)


def test_eu_visa_limits_ignore_consulates_outside_russia(tables):
    visas, events = tables["schengen_visas"], tables["policy_events"]
    russia_only = visas[visas["consulate_country"] == "RUS"]
    full = destinations.eu_visa_limits(visas, events, ARTICLE)
    assert repr(destinations.eu_visa_limits(russia_only, events, ARTICLE)) == repr(full)


@counterfactual("relocate_within_post_soviet")
def test_relocation_fails_when_the_post_soviet_estimates_are_small(tables):
    figures = tables["destination_figures"]
    before = destinations.relocate_within_post_soviet(figures)
    assert before.verdict == "partly borne out"
    assert before.fragile
    (flip,) = before.flips
    assert (flip.low, flip.high) == (
        pytest.approx(0.4747, abs=1e-3),
        pytest.approx(0.712, abs=1e-3),
    )
    assert (flip.below, flip.above) == ("borne out", "not borne out")
    few = _set(
        figures,
        (figures["metric"] == "russian_emigrants_present")
        & figures["country"].isin(["KGZ", "KAZ", "ARM"]),
        value=10_000,
    )
    assert_moves(before, destinations.relocate_within_post_soviet(few), "not borne out")
    no_floor = figures[figures["metric"] != "share_of_diaspora_in_five_countries"]
    assert destinations.relocate_within_post_soviet(no_floor).verdict == "borne out"


@counterfactual("kz_uz_extradite_only_wanted")
def test_extradition_is_supported_if_uzbekistan_had_named_wanted_lists(tables):
    extradition = tables["extradition"]
    before = destinations.kz_uz_extradite_only_wanted(extradition, ARTICLE)
    assert before.verdict == "partly supported"
    assert "включая их возможную экстрадицию" in before.parts[1].because
    said = _set(extradition, extradition["country"] == "UZB", conditions_on_wanted_list="yes")
    assert_moves(before, destinations.kz_uz_extradite_only_wanted(said, ARTICLE), "supported")
    unsaid = _set(extradition, extradition["country"] == "KAZ", conditions_on_wanted_list="no")
    assert destinations.kz_uz_extradite_only_wanted(unsaid, ARTICLE).verdict == "contradicted"


@counterfactual("kz_residency_draft")
def test_residency_draft_is_partly_wrong_if_most_russians_held_a_passport(tables):
    events, figures = tables["policy_events"], tables["destination_figures"]
    before = destinations.kz_residency_draft(events, figures, ARTICLE)
    assert before.verdict == "supported"
    (flip,) = before.flips
    assert flip.high == pytest.approx(0.71)
    passports = figures["metric"] == "share_with_foreign_passport"
    most_hold = _set(figures, passports, value=60)
    after = destinations.kz_residency_draft(events, most_hold, ARTICLE)
    assert_moves(before, after, "partly supported")
    undated = figures[~passports]
    assert destinations.kz_residency_draft(events, undated, ARTICLE).verdict == (
        "supported where checked"
    )


@counterfactual("kz_90_days")
def test_kz_90_days_is_contradicted_by_a_60_day_limit(tables):
    stay_rules = tables["stay_rules"]
    before = destinations.kz_90_days(stay_rules, ARTICLE)
    assert before.verdict == "supported"
    limit = (stay_rules["destination"] == "KAZ") & (stay_rules["rule"] == "stay_limit")
    shorter = _set(stay_rules, limit, days=60)
    assert_moves(before, destinations.kz_90_days(shorter, ARTICLE), "contradicted")
    assert "1 Jun 2023" in destinations.kz_90_days(stay_rules, pd.Timestamp("2023-06-01")).scope


@counterfactual("uz_15_60_days")
def test_uz_60_days_holds_only_if_a_dated_rule_caps_the_stay_at_60(tables):
    stay_rules = tables["stay_rules"]
    before = destinations.uz_15_60_days(stay_rules, ARTICLE)
    assert before.verdict == "partly supported"
    assert [p.outcome for p in before.parts] == ["holds", "fails"]
    uz_limit = (stay_rules["destination"] == "UZB") & (stay_rules["rule"] == "stay_limit")
    capped = _set(stay_rules, uz_limit, days=60, requires="registration")
    assert_moves(before, destinations.uz_15_60_days(capped, ARTICLE), "supported")
    free = (stay_rules["destination"] == "UZB") & (stay_rules["rule"] == "registration_free")
    three = _set(capped, free, days=3)
    assert destinations.uz_15_60_days(three, ARTICLE).verdict == "partly supported"


@counterfactual("kg_am_it_hubs")
def test_it_hubs_are_partly_wrong_if_kyrgyzstan_asked_registration_sooner(tables):
    events, stay_rules = tables["policy_events"], tables["stay_rules"]
    before = destinations.kg_am_it_hubs(events, stay_rules, ARTICLE)
    kgz = (stay_rules["destination"] == "KGZ") & (stay_rules["rule"] == "registration_free")
    sooner = _set(stay_rules, kgz, days=10)
    after = destinations.kg_am_it_hubs(events, sooner, ARTICLE)
    assert_moves(before, after, "partly supported")


@counterfactual("it_stereotype_outdated")
def test_stereotype_stands_if_it_made_up_most_of_the_autumn_wave(tables):
    figures = tables["destination_figures"]
    before = destinations.it_stereotype_outdated(figures)
    assert before.verdict == "supported"
    it_left = figures["metric"] == "it_specialists_left_in_2022"
    many = _set(figures, it_left, value=400_000)
    assert_moves(before, destinations.it_stereotype_outdated(many), "partly supported")
    most = {f.name: f for f in before.flips}["most"]
    assert most.low == pytest.approx(1 / 6, abs=1e-3) and not most.fragile


@counterfactual("some_not_working")
def test_some_not_working_becomes_testable_with_a_survey_row(tables):
    figures = tables["destination_figures"]
    before = destinations.some_not_working(figures)
    assert before.verdict == "unverifiable"
    assert "it share of emigrants surveyed" in before.parts[0].because
    row = figures[figures["metric"] == "it_share_of_emigrants_surveyed"].iloc[:1]
    found = pd.concat([figures, row.assign(metric="share_not_intending_to_work", value=6.0)])
    assert_moves(before, destinations.some_not_working(found), "supported")
    none = pd.concat([figures, row.assign(metric="share_not_intending_to_work", value=0.0)])
    assert destinations.some_not_working(none).verdict == "contradicted"


def test_welcome_table_shows_undated_rules_apart(tables):
    table = destinations.welcome_table(tables["stay_rules"], ["KGZ", "ARM", "UZB"], ARTICLE)
    rows = table.set_index("destination")
    assert rows.loc["KGZ", "registration_free_days"] == 30 and rows.loc["KGZ", "dated"]
    assert rows.loc["ARM", "registration_free_days"] == 30 and not rows.loc["ARM", "dated"]
    assert list(rows["entry"]) == ["internal passport", "internal passport", "foreign passport"]


def test_mongolia_rules_date_from_the_2014_agreement(rules):
    mongolia = rules[
        (rules["destination"] == "MNG") & (rules["valid_from_basis"] == "in_force_date")
    ]
    assert set(mongolia["valid_from"]) == {pd.Timestamp("2014-11-14")}
    assert sorted(mongolia["window_days"].dropna()) == [180]
    assert ask(rules, "MNG", 20, "2019-06-01").may_stay == "yes"


def test_it_hubs_entry_part_fails_if_uzbekistan_took_the_internal_passport(tables):
    events, stay_rules = tables["policy_events"], tables["stay_rules"]
    before = destinations.kg_am_it_hubs(events, stay_rules, ARTICLE)
    assert before.verdict == "supported where checked" and before.checked == "5 of 6 tested, 5 hold"
    uz_entry = (stay_rules["destination"] == "UZB") & (stay_rules["rule"] == "entry_document")
    same = _set(stay_rules, uz_entry, requires="nothing")
    after = destinations.kg_am_it_hubs(events, same, ARTICLE)
    assert_moves(before, after, "partly supported")
    assert [p.outcome for p in after.parts].count("fails") == 2


# --- the knowledge cut-off: a row published after it is not known --------------------------

PUBLICATION = pd.Timestamp("2022-10-07")


@counterfactual("kz_90_days")
def test_kazakhstan_limit_published_the_day_after_publication_is_not_known_then():
    stay_rules = load("stay_rules")
    limit = destinations.stay_limits_on(stay_rules, "KAZ", PUBLICATION)
    rows = (stay_rules["destination"] == "KAZ") & stay_rules["source_url"].isin(limit["source_url"])
    without, later, on_day = at_cut_off(
        lambda t: destinations.kz_90_days(t, PUBLICATION, known_by=PUBLICATION),
        stay_rules,
        rows,
        PUBLICATION,
    )
    assert without.verdict == later.verdict == "unverifiable"
    assert later.scope.startswith("as known on 7 Oct 2022: could Russians stay")
    assert_moves(without, on_day, "supported")


@counterfactual("relocate_within_post_soviet")
def test_diaspora_estimates_published_a_day_late_leave_the_forecast_too_early():
    figures = load("destination_figures")
    rows = figures["metric"].isin(
        [
            "russian_emigrants_present",
            "emigrants_remaining_abroad",
            "share_of_diaspora_in_five_countries",
        ]
    )
    day = figures.loc[rows, "published"].max()
    without, later, on_day = at_cut_off(
        lambda t: destinations.relocate_within_post_soviet(t, known_by=day), figures, rows, day
    )
    assert without.verdict == later.verdict == "too early"
    assert [p.outcome for p in later.parts] == ["not tested"]
    assert_moves(without, on_day, "partly borne out")


def test_the_notebook_tables_are_read_as_known_by_the_cut_off():
    known = destinations.tables_known_by("publication")
    assert known.day == PUBLICATION and known.asked_on == PUBLICATION
    assert all((t["published"] <= PUBLICATION).all() for t in known.tables.values())
    assert known.notes[0].startswith("schengen_visas: ")
    today = destinations.tables_known_by(str(known.consulted.date()))
    assert today.asked_on is None
    then = destinations.eu_visa_limits(
        known["schengen_visas"], known["policy_events"], PUBLICATION, known_by=known.asked_on
    )
    assert then.verdict == "supported where checked"
    untested = [p.because for p in then.parts if p.outcome == "not tested"]
    assert untested[0] == "the table, cut off at 7 Oct 2022, lacks the refusal rates of 2021–2022"
