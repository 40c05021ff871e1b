"""Each rule gives every verdict it can give, and says what it did."""

import math
from datetime import date

from postsoviet import rules


def test_figure_matches_by_agreement_of_official_figures():
    assert rules.figure_matches([98000, 100000], 100000).verdict == "supported"
    assert rules.figure_matches([98000, 60000], 100000).verdict == "partly supported"
    assert rules.figure_matches([69000], 100000).verdict == "contradicted"
    assert rules.figure_matches([], 100000).verdict == "unverifiable"
    assert rules.figure_matches([98000, 100000], 100000).measured == (98000.0, 100000.0)
    assert "±15 % of the claimed 100,000" in rules.figure_matches([1], 100000).rule


def test_figure_matches_boundary_is_inclusive():
    assert rules.figure_matches([85000], 100000, 0.15).verdict == "supported"
    assert rules.figure_matches([84999], 100000, 0.15).verdict == "contradicted"


def test_all_conditions():
    assert rules.all_conditions({"a": True, "b": True}, "m").verdict == "supported"
    assert rules.all_conditions({"a": True, "b": False}, "m").verdict == "partly supported"
    assert rules.all_conditions({"a": True, "b": None}, "m").verdict == "partly supported"
    assert rules.all_conditions({"a": False, "b": False}, "m").verdict == "contradicted"
    assert rules.all_conditions({"a": None}, "m").verdict == "unverifiable"


def test_range_in_band():
    band = (10_000, 99_999)
    assert rules.range_in_band(69_742, 80_099, band, "tens").verdict == "supported"
    assert rules.range_in_band(91_000, 102_000, band, "tens").verdict == "partly supported"
    assert rules.range_in_band(200_000, 250_000, band, "tens").verdict == "contradicted"
    assert rules.range_in_band(math.nan, math.nan, band, "tens").verdict == "unverifiable"


def test_forecast_share():
    assert rules.forecast_share({"a": 0.56, "b": 0.8}, 0.5, "x").verdict == "borne out"
    assert rules.forecast_share({"a": 0.49, "b": 0.8}, 0.5, "x").verdict == "not borne out"
    assert rules.forecast_share({}, 0.5, "x").verdict == "too early"


def test_span_text():
    assert rules.span_text(53000, 53000) == "53,000"
    assert rules.span_text(16742, 27099) == "16,742–27,099"


def test_months_and_days_counts_calendar_months():
    assert rules.months_and_days(date(2022, 2, 24), date(2022, 10, 7)) == (7, 13)
    assert rules.months_and_days(date(2022, 2, 24), date(2022, 9, 24)) == (7, 0)
    assert rules.months_and_days(date(2022, 2, 24), date(2022, 9, 23)) == (6, 30)
    assert rules.months_and_days(date(2022, 1, 31), date(2022, 2, 28)) == (1, 0)


def test_elapsed_months():
    invasion = date(2022, 2, 24)
    judged = rules.elapsed_months(invasion, date(2022, 10, 7), 7)
    assert (judged.verdict, judged.measured) == ("supported", "7 months and 13 days")
    assert rules.elapsed_months(invasion, date(2022, 9, 10), 7).verdict == "partly supported"
    assert rules.elapsed_months(invasion, date(2022, 10, 24), 7).verdict == "partly supported"
    assert rules.elapsed_months(invasion, date(2022, 11, 7), 7).verdict == "contradicted"
    assert rules.elapsed_months(invasion, date(2022, 6, 7), 7).verdict == "contradicted"


def test_forecast_parts():
    assert rules.forecast_parts({"a": True, "b": True}, "m").verdict == "borne out"
    assert rules.forecast_parts({"a": True, "b": False}, "m").verdict == "not borne out"
    assert rules.forecast_parts({"a": None, "b": False}, "m").verdict == "not borne out"
    assert rules.forecast_parts({"a": True, "b": None}, "m").verdict == "too early"
    assert "(a; b)" in rules.forecast_parts({"a": True, "b": None}, "m").rule


def test_forecast_by_deadline():
    made, deadline = date(2022, 10, 7), date(2023, 10, 7)
    seen = date(2023, 4, 26)
    judged = rules.forecast_by_deadline(seen, made, deadline, date(2026, 1, 1), "x")
    assert (judged.verdict, judged.measured) == ("borne out", "first seen on 26 Apr 2023")
    assert "after 7 Oct 2022 and by 7 Oct 2023" in judged.rule
    assert rules.forecast_by_deadline(seen, made, deadline, date(2023, 1, 1), "x").verdict == (
        "too early"
    )
    short = date(2023, 4, 7)
    assert rules.forecast_by_deadline(seen, made, short, date(2026, 1, 1), "x").verdict == (
        "not borne out"
    )
    assert rules.forecast_by_deadline(None, made, deadline, date(2026, 1, 1), "x").verdict == (
        "not borne out"
    )
    # something seen before the forecast was made does not fulfil it
    before = rules.forecast_by_deadline(date(2022, 3, 2), made, deadline, date(2026, 1, 1), "x")
    assert before.verdict == "not borne out"


def test_every_case():
    assert rules.every_case({"a": True, "b": True}, "x").verdict == "supported"
    assert rules.every_case({"a": True, "b": False}, "x").verdict == "partly supported"
    assert rules.every_case({"a": False, "b": None}, "x").verdict == "contradicted"
    assert rules.every_case({"a": None}, "x").verdict == "unverifiable"
    assert rules.every_case({"a": True, "b": False, "c": None}, "x").measured == "1 of 2 cases"


def test_share_at_least():
    assert rules.share_at_least(3, 6, 0.5, "members").verdict == "supported"
    assert rules.share_at_least(2, 6, 0.5, "members").verdict == "partly supported"
    assert rules.share_at_least(0, 6, 0.5, "members").verdict == "contradicted"
    assert rules.share_at_least(0, 0, 0.5, "members").verdict == "unverifiable"
    assert "at least 50 % of the group" in rules.share_at_least(1, 2, 0.5, "members").rule


def test_sole_actor_in_narrow_and_wide_groups():
    def judge(doers):
        return rules.sole_actor(
            "KAZ", doers, narrow={"ARM", "KGZ"}, narrow_name="partners", wide_name="all"
        ).verdict

    assert judge({"KAZ"}) == "supported"
    assert judge({"KAZ", "GEO"}) == "partly supported"
    assert judge({"KAZ", "ARM"}) == "contradicted"
    assert judge({"GEO"}) == "contradicted"
    assert judge(set()) == "contradicted"
    assert judge(None) == "unverifiable"
    assert (
        rules.sole_actor(
            "KAZ", {"KAZ", "MDA", "GEO"}, narrow=set(), narrow_name="p", wide_name="w"
        ).measured
        == "others who did: GEO, MDA"
    )


def test_attribution_reported():
    assert rules.attribution_reported(["A", "B"]).verdict == "supported"
    assert rules.attribution_reported(["A", "A"]).verdict == "partly supported"
    assert rules.attribution_reported([]).verdict == "unverifiable"
    assert rules.attribution_reported(["A", "B"], minimum=3).verdict == "partly supported"


def test_forecast_every_and_any():
    assert rules.forecast_every({"a": True, "b": None}, "x").verdict == "borne out"
    assert rules.forecast_every({"a": True, "b": False}, "x").verdict == "not borne out"
    assert rules.forecast_every({"a": None}, "x").verdict == "too early"
    assert rules.forecast_any({"a": False, "b": True}, "x").verdict == "borne out"
    assert rules.forecast_any({"a": False, "b": None}, "x").verdict == "not borne out"
    assert rules.forecast_any({}, "x").verdict == "too early"


def test_averages_against_reports():
    rule = rules.averages_against_reports
    assert rule({"city": 2.03}, {"tenant": 1.4}, 2.0).verdict == "supported"
    assert rule({"city": 1.69}, {"tenant": 1.7}, 2.0).verdict == "partly supported"
    assert rule({"city": 1.5}, {"tenant": 1.2}, 2.0).verdict == "contradicted"
    assert rule({}, {}, 2.0).verdict == "unverifiable"
    assert rule({}, {"tenant": 3.0}, 2.0).verdict == "partly supported"
    assert rule({"a": 1.2, "b": 1.5}, {}, 2.0).measured == (1.2, 1.5)
    assert "at least ×1.70 (the claimed ×2 less 15 %)" in rule({}, {}, 2.0).rule


def test_reports_found():
    assert rules.reports_found(["afp"], ["blog"], "x").verdict == "supported"
    assert rules.reports_found([], ["blog"], "x").verdict == "partly supported"
    found = rules.reports_found([], [], "evictions")
    assert found.verdict == "unverifiable" and "credible report of evictions" in found.rule
