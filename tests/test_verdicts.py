"""The one rule from parts to verdicts, and the flip points of chosen numbers."""

import pytest

from postsoviet import claims, rules
from postsoviet.rules import FAILS, HOLDS, NOT_TESTED

URL = ("https://example.org/a",)


@pytest.mark.parametrize(
    ("outcomes", "fact", "forecast"),
    [
        ([HOLDS, HOLDS], "supported", "borne out"),
        ([HOLDS, NOT_TESTED], "supported where checked", "borne out where checked"),
        ([HOLDS, FAILS], "partly supported", "partly borne out"),
        ([HOLDS, FAILS, NOT_TESTED], "partly supported", "partly borne out"),
        ([FAILS, FAILS], "contradicted", "not borne out"),
        ([FAILS, NOT_TESTED], "contradicted", "not borne out"),
        ([NOT_TESTED, NOT_TESTED], "unverifiable", "too early"),
    ],
)
def test_one_rule_for_every_claim(outcomes, fact, forecast):
    assert rules.combine(outcomes) == fact
    assert rules.combine(outcomes, forecast=True) == forecast


def test_open_ended_forecast_whose_parts_fail_is_not_borne_out_so_far():
    assert rules.combine([FAILS], forecast=True, open_ended=True) == "not borne out so far"
    assert rules.combine([HOLDS], forecast=True, open_ended=True) == "borne out"


def test_not_tested_is_never_partly_wrong():
    assert rules.combine([HOLDS, NOT_TESTED, NOT_TESTED]) != rules.PARTLY


def test_a_missing_measurement_is_not_tested_not_failed():
    part = rules.at_least("x ≥ 1.5", float("nan"), 1.5, param="surge", because="no data")
    assert part.outcome == NOT_TESTED and part.threshold is None


def test_within_flips_where_the_gap_meets_the_tolerance():
    part = rules.within("within", 98_000, 100_000, 0.15, because="b", sources=URL)
    assert part.outcome == HOLDS
    (flip,) = rules.flips([part])
    assert flip.low == pytest.approx(0.02) and flip.high is None
    assert flip.below == "contradicted" and not flip.fragile
    assert "contradicted below 2.0%" in flip.text


def test_flip_point_equal_to_the_observation_is_fragile():
    # 3 of 6 against a bar of 50 %: any higher bar fails the part
    share = rules.at_least("most", 3 / 6, 0.5, param="most", because="b", sources=URL)
    other = rules.part("other", True, "b", URL)
    (flip,) = rules.flips([share, other])
    assert flip.high == pytest.approx(0.5) and flip.above == "partly supported"
    assert flip.fragile


def test_flips_across_several_parts_of_one_number():
    parts = [
        rules.at_least(f"{n} surged", ratio, 1.5, param="surge", because="b", sources=URL)
        for n, ratio in (("KAZ", 2.4), ("GEO", 1.2))
    ]
    assert rules.combine([p.outcome for p in parts]) == "partly supported"
    (flip,) = rules.flips(parts)
    assert (flip.low, flip.high) == (pytest.approx(1.2), pytest.approx(2.4))
    assert (flip.below, flip.above) == ("supported", "contradicted")


def test_judge_reads_kind_and_open_ended_from_the_registry():
    part = rules.part("a report of tensions over returned prisoners", False, "none", URL)
    result = claims.judge("pow_return_tensions", [part])
    assert result.verdict == "not borne out so far"
    assert result.checked == "1 of 1 tested, 0 hold"
    text = repr(result)
    assert "Verdict: NOT BORNE OUT SO FAR" in text and "✗ fails: a report" in text


def test_judge_refuses_opinions_no_parts_and_no_sources():
    part = rules.part("p", True, "b", URL)
    with pytest.raises(claims.ClaimError, match="is an opinion"):
        claims.judge("tokayev_maverick", [part])
    with pytest.raises(claims.ClaimError, match="without any part"):
        claims.judge("kz_100k_one_week", [])
    with pytest.raises(claims.ClaimError, match="without naming a source"):
        claims.judge("kz_100k_one_week", [rules.part("p", True, "b")])


def test_a_sweep_records_only_what_it_asks_and_only_with_its_question(tmp_path, monkeypatch):
    path = tmp_path / "verdicts.json"
    monkeypatch.setenv(claims.VERDICTS_ENV, str(path))
    monkeypatch.setenv(claims.RUN_ENV, "finland")
    monkeypatch.setenv(claims.ASKS_ENV, "kz_100k_one_week")
    part = rules.part("p", True, "b", URL)
    claims.check(claims.judge("kz_biggest_influx", [part], question="q"))
    assert not path.exists()
    with pytest.raises(claims.ClaimError, match="states no question"):
        claims.check(claims.judge("kz_100k_one_week", [part]))
    claims.check(claims.judge("kz_100k_one_week", [part], question="100,000 in Finland"))
    assert '"scope": "100,000 in Finland"' in path.read_text()


def test_verdict_box_is_anchored_links_its_sources_and_the_scorecard(monkeypatch):
    part = rules.part("p", True, "b", ["https://www.example.org/" + "x" * 80])
    box = claims.judge("kz_100k_one_week", [part])._repr_html_()
    assert box.startswith("<div id='kz_100k_one_week'")
    assert f"<a href='https://www.example.org/{'x' * 80}'>example.org/{'x' * 45}…</a>" in box
    assert "index.html" not in box  # no scorecard beside a notebook opened by hand
    monkeypatch.setenv(claims.RUN_ENV, "default")
    box = claims.judge("kz_100k_one_week", [part])._repr_html_()
    assert "<a href='../../index.html#kz_100k_one_week'>on the scorecard</a>" in box


def test_an_exact_match_has_no_flip_below_a_zero_tolerance():
    part = rules.within("exact", 200_000, 200_000, 0.15, because="b", sources=URL)
    (flip,) = rules.flips([part])
    assert (flip.low, flip.below) == (None, None)
    assert flip.text == "tolerance = 15.0%: supported whatever its value."


def test_span_text():
    assert rules.span_text(53000, 53000) == "53,000"
    assert rules.span_text(16742, 27099) == "16,742–27,099"
