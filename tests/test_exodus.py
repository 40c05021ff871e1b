"""The exodus arithmetic on the shipped statements gives the figures the notebook reports."""

import pandas as pd
import pytest

from counterfactual import assert_moves, counterfactual, published_on
from postsoviet import cutoff, exodus
from postsoviet.data import load

START = pd.Timestamp("2022-09-21")


@pytest.fixture(scope="module")
def statements():
    return load("border_statements")


def test_first_week_in_kazakhstan(statements):
    readings = exodus.window_readings(statements, "KAZ", START, 7).set_index("reading")
    assert tuple(readings.loc["gross entries", ["low", "high"]]) == (98000, 100000)
    # the 27 Sep statement that gave the 98,000 entries also gave 64,234 exits; the
    # 40,000 "in transit" to 26 Sep is a part of the exits, not their total
    assert tuple(readings.loc["exits", ["low", "high"]]) == (64234, 64234)
    net = readings.loc["net arrivals (entries minus exits)", ["low", "high"]]
    assert tuple(net) == (33766, 35766)
    assert readings.loc["of the exits, stated as onward transit", "low"] == 40000
    usual = readings.iloc[3]
    assert (usual["low"], usual["high"]) == (56000, 63000)
    assert tuple(readings.loc["entries above the usual pace", ["low", "high"]]) == (35000, 44000)


def test_window_without_exits_leaves_net_empty(statements):
    readings = exodus.window_readings(statements, "GEO", START, 9).set_index("reading")
    assert readings.loc["gross entries", "low"] == 69000
    assert pd.isna(readings.loc["net arrivals (entries minus exits)", "low"])
    assert readings.loc["net arrivals (entries minus exits)", "statements"] == 0


def test_window_slack_is_one_day(statements):
    assert len(exodus.in_window(statements, "KAZ", START, 8, "entries")) == 2
    assert exodus.in_window(statements, "KAZ", START, 9, "entries").empty


def test_comparable_inflows_take_the_longest_early_window(statements):
    inflows = exodus.comparable_inflows(
        statements,
        load("wb_population"),
        earliest=pd.Timestamp("2022-09-19"),
        latest=pd.Timestamp("2022-09-23"),
        until=pd.Timestamp("2022-10-07"),
        min_days=5,
    ).set_index("destination")
    assert inflows.loc["KAZ", "entries"] == 200000 and inflows.loc["KAZ", "days"] == 13
    assert inflows.loc["FIN", "entries"] == 66000
    assert inflows.index[0] == "KAZ"
    assert inflows["per_1000_residents_per_week"].idxmax() == "GEO"
    assert "KGZ" not in inflows.index  # registrations are not entries


def test_paired_flows_keep_disagreeing_reports_as_a_range(statements):
    pairs = exodus.paired_flows(statements)
    georgia = pairs[(pairs["destination"] == "GEO") & (pairs["period_start"] == "2022-09-17")].iloc[
        0
    ]
    assert (georgia["exits_low"], georgia["exits_high"]) == (51643, 62000)
    assert (georgia["net_low"], georgia["net_high"]) == (16742, 27099)


def test_disagreements_list_both_versions(statements):
    table = exodus.disagreements(statements)
    kaz = table[table["destination"] == "KAZ"]
    assert sorted(kaz["value"]) == [98000, 100000]


# --- verdicts that data can move: one counterfactual per judged claim -------------------------

ARTICLE = pd.Timestamp("2022-10-07")


@pytest.fixture(scope="module")
def fsb():
    return load("fsb_trips")


def altered(frame, mask, **values):
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[mask, column] = value
    return frame


@counterfactual("kz_100k_one_week")
def test_kz_100k_is_contradicted_when_the_count_is_halved(statements):
    before = exodus.kz_100k_one_week(statements, "KAZ", START, 7, 100_000, 0.15)
    assert before.verdict == "supported"
    (flip,) = before.flips
    assert flip.low == pytest.approx(0.02) and flip.below == "partly supported"
    window = (statements["destination"] == "KAZ") & (statements["as_of"] == "2022-09-27")
    after = exodus.kz_100k_one_week(
        altered(statements, window, value=49_000), "KAZ", START, 7, 100_000, 0.15
    )
    assert_moves(before, after, "contradicted")


def test_kz_100k_asks_its_question_of_another_country(statements):
    finland = exodus.kz_100k_one_week(statements, "FIN", START, 7, 100_000, 0.15)
    assert finland.scope == "did 100,000 Russians enter Finland in the 7 days from 21 Sep 2022?"
    mongolia = exodus.kz_100k_one_week(statements, "MNG", START, 7, 100_000, 0.15)
    assert mongolia.verdict == "unverifiable" and mongolia.sources


@counterfactual("huge_numbers_fleeing")
def test_surge_fails_for_georgia_when_its_daily_counts_are_usual(statements):
    before = exodus.huge_numbers_fleeing(statements, ARTICLE, 1.5)
    assert before.verdict == "supported where checked"
    (flip,) = before.flips
    assert flip.high == pytest.approx(11_200 / 6_000, abs=0.01) and flip.fragile
    georgia = (
        (statements["destination"] == "GEO")
        & (statements["metric"] == "entries")
        & (statements["period_start"] >= START)
    )
    usual = altered(statements, georgia, value=6_000 * exodus.span_days(statements[georgia]))
    after = exodus.huge_numbers_fleeing(usual, ARTICLE, 1.5)
    assert_moves(before, after, "partly supported")


def test_surge_compares_only_days_after_the_mobilization(statements):
    rates = exodus.surge_rates(statements, ARTICLE)
    assert (rates["period_start"] >= START).all()
    georgia = rates[rates["destination"] == "GEO"]
    assert georgia["times_usual_low"].max() == pytest.approx(1.87)


@counterfactual("kz_biggest_influx")
def test_biggest_influx_fails_when_georgia_counts_more(statements, fsb):
    def inflows(frame):
        return exodus.comparable_inflows(
            frame, load("wb_population"), START, START + pd.Timedelta(days=2), ARTICLE, 5
        )

    before = exodus.kz_biggest_influx(inflows(statements), fsb)
    assert before.verdict == "supported"
    georgia = (statements["destination"] == "GEO") & (statements["as_of"] == "2022-09-29")
    georgia &= statements["metric"] == "entries"
    after = exodus.kz_biggest_influx(inflows(altered(statements, georgia, value=500_000)), fsb)
    assert_moves(before, after, "partly supported")
    kaz = fsb["destination"] == "KAZ"
    neither = exodus.kz_biggest_influx(
        inflows(altered(statements, georgia, value=500_000)), altered(fsb, kaz, trips=1_000)
    )
    assert neither.verdict == "contradicted"


@counterfactual("kz_border_rail")
def test_rail_part_holds_when_trains_carry_a_third(fsb):
    border = load("kz_ru_border")
    before = exodus.kz_border_rail(border, fsb, 0.25)
    assert before.verdict == "partly supported"
    (flip,) = before.flips
    assert flip.low == pytest.approx(97_000 / 1_300_000)
    assert flip.below == "supported where checked"
    assert [p.outcome for p in before.parts] == ["holds", "not tested", "fails"]
    train = (fsb["destination"] == "KAZ") & (fsb["mode"] == "train")
    after = exodus.kz_border_rail(border, altered(fsb, train, trips=433_000), 0.25)
    assert_moves(before, after, "supported where checked")
    second = (border["metric"] == "world_rank_continuous_land_border") & (
        border["publisher"] == "Wikipedia"
    )
    neither = exodus.kz_border_rail(altered(border, second, value=2), fsb, 0.25)
    assert neither.verdict == "contradicted"


def test_border_lengths_keep_every_version():
    lengths = exodus.border_lengths(load("kz_ru_border"))
    assert sorted(lengths["value"]) == [6846, 7500, 7500, 7512.8, 7591, 7644]


@counterfactual("tens_of_thousands_fled")
def test_tens_of_thousands_fails_its_upper_edge_when_few_leave(statements, fsb):
    before = exodus.tens_of_thousands_fled(statements, fsb, ARTICLE)
    assert before.verdict == "supported where checked"
    assert before.measured == (69_742, 80_099)
    missing = before.parts[2]
    assert missing.outcome == "not tested"
    assert "Armenia, Kyrgyzstan, Tajikistan, Uzbekistan" in missing.because
    exits = (statements["destination"] == "KAZ") & (statements["as_of"] == "2022-10-03")
    exits &= statements["metric"] == "exits"
    after = exodus.tens_of_thousands_fled(altered(statements, exits, value=47_000), fsb, ARTICLE)
    assert_moves(before, after, "partly supported")


@counterfactual("arrivals_move_on")
def test_moving_on_fails_for_kazakhstan_when_the_stock_does_not_fall(statements):
    before = exodus.arrivals_move_on(statements)
    assert before.verdict == "borne out"
    later = (statements["destination"] == "KAZ") & (statements["as_of"] == "2023-12-31")
    after = exodus.arrivals_move_on(altered(statements, later, value=120_000, value_high=150_000))
    assert_moves(before, after, "partly borne out")


def test_ordinary_traffic_cannot_pass_as_moving_on(statements):
    """Stocks that behave like ordinary two-way traffic (few stay, the stock grows) fail."""
    kaz = (statements["destination"] == "KAZ") & (statements["metric"] == "remaining")
    nov = kaz & (statements["as_of"] == "2022-11-28")
    ordinary = altered(statements, nov, value=20_000)
    ordinary = altered(ordinary, kaz & (statements["as_of"] == "2023-12-31"), value=25_000)
    kaz_parts = [p for p in exodus.arrivals_move_on(ordinary).parts if "Kazakhstan" in p.name]
    assert [p.outcome for p in kaz_parts] == ["fails", "fails"]


def test_surge_shows_the_ministers_own_multiple(statements):
    kazakhstan = next(
        p for p in exodus.huge_numbers_fleeing(statements, ARTICLE, 1.5).parts if "Kazakh" in p.name
    )
    assert "2–3× the usual inflow" in kazakhstan.because


def test_unpaired_destinations_name_what_the_sum_leaves_out(statements, fsb):
    table = exodus.unpaired_destinations(statements, fsb, ARTICLE)
    assert list(table["destination"]) == ["ARM", "KGZ", "TJK", "UZB"]
    assert table.set_index("destination").loc["KGZ", "official_figures_after_21_sep"] == (
        "registrations"
    )


def test_in_short_says_when_a_window_has_no_count(statements):
    inflows = exodus.comparable_inflows(
        statements, load("wb_population"), START, START + pd.Timedelta(days=2), ARTICLE, 5
    )
    readings = exodus.window_readings(statements, "MNG", START, 7)
    text = exodus.in_short(readings, inflows, "Mongolia", START, 7)
    assert "no official count of entries" in text and "nan" not in text
    kaz = exodus.in_short(
        exodus.window_readings(statements, "KAZ", START, 7), inflows, "K", START, 7
    )
    assert "64,234 exits" in kaz and "33,766–35,766" in kaz


def test_charts_label_derived_bars_and_do_not_join_distant_statements(statements):
    import matplotlib

    matplotlib.use("Agg")
    readings = exodus.window_readings(statements, "KAZ", START, 7)
    end = START + pd.Timedelta(days=6)
    fig = exodus.chart_window(readings, "Kazakhstan", START, end, 100_000, "s")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "net arrivals (entries minus exits) (derived)" in labels
    assert "gross entries" in labels and "exits" in labels
    assert "98,000–100,000" in fig._suptitle.get_text()
    nothing = exodus.window_readings(
        statements[statements["destination"] == "KAZ"], "MNG", START, 7
    )
    assert exodus.chart_window(nothing, "Mongolia", START, end, 100_000, "s") is None
    running = exodus.cumulative(statements, "KAZ", START, START + pd.Timedelta(days=90))
    fig = exodus.chart_running(running, "Kazakhstan", START, START + pd.Timedelta(days=90), "s")
    for line in fig.axes[0].get_lines():
        days = pd.Series(line.get_xdata()).map(pd.Timestamp).diff().dt.days.dropna()
        assert (days <= 14).all()


# --- the knowledge cut-off: a row published a day after it is not known ------------------------


def known(frame, day):
    return cutoff.known_by(frame, day).rows


def test_tables_known_at_publication_say_what_the_cut_off_removed():
    at = exodus.tables_known_by("publication")
    assert at.day == pd.Timestamp("2022-10-07") and at.asked_on == at.day
    assert (at.tables["border_statements"]["published"] <= at.day).all()
    assert at.notes[1] == "fsb_trips: 10 rows known by the cut-off, 16 published later."
    assert exodus.tables_known_by("2026-11-26").asked_on is None
    verdict = exodus.arrivals_move_on(at.tables["border_statements"], known_by=at.asked_on)
    assert verdict.verdict == "too early"
    assert verdict.scope.startswith("as known on 7 Oct 2022: ")


@counterfactual("kz_biggest_influx")
def test_fsb_quarter_published_a_day_after_the_article_is_not_known(statements, fsb):
    day = cutoff.resolve("publication", load("article_editions"))
    quarter = fsb["period_start"] == "2022-07-01"

    def verdict(published):
        trips = known(published_on(fsb, quarter, published), day)
        inflows = exodus.comparable_inflows(
            known(statements, day),
            load("wb_population"),
            START,
            START + pd.Timedelta(days=2),
            ARTICLE,
            5,
        )
        return exodus.kz_biggest_influx(inflows, trips, known_by=day)

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "supported where checked"
    assert_moves(later, verdict(day), "supported")


@counterfactual("kz_border_rail")
def test_border_rank_published_a_day_after_the_article_is_not_known(fsb):
    day = cutoff.resolve("publication", load("article_editions"))
    border = load("kz_ru_border")
    ranks = border["metric"] == "world_rank_continuous_land_border"

    def verdict(published):
        rows = known(published_on(border, ranks, published), day)
        return exodus.kz_border_rail(rows, known(fsb, day), 0.25, known_by=day)

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "unverifiable"
    assert_moves(later, verdict(day), "supported where checked")


@counterfactual("arrivals_move_on")
def test_a_stock_published_a_day_after_the_cut_off_leaves_the_forecast_too_early(statements):
    day = pd.Timestamp("2022-11-29")  # the day Kazakhstan's count of those still present appeared
    count = (statements["destination"] == "KAZ") & (statements["as_of"] == "2022-11-28")

    def verdict(published):
        rows = known(published_on(statements, count, published), day)
        return exodus.arrivals_move_on(rows, known_by=day)

    later = verdict(day + pd.Timedelta(days=1))
    assert later.verdict == "too early"
    assert_moves(later, verdict(day), "borne out where checked")
