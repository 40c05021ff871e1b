"""Each rule gives every verdict it can give, and says what it did."""

import math

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
