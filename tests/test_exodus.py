"""The exodus arithmetic on the shipped statements gives the figures the notebook reports."""

import pandas as pd
import pytest

from postsoviet import exodus
from postsoviet.data import load

START = pd.Timestamp("2022-09-21")


@pytest.fixture(scope="module")
def statements():
    return load("border_statements")


def test_first_week_in_kazakhstan(statements):
    readings = exodus.window_readings(statements, "KAZ", START, 7).set_index("reading")
    assert tuple(readings.loc["gross entries", ["low", "high"]]) == (98000, 100000)
    assert tuple(readings.loc["exits", ["low", "high"]]) == (40000, 40000)
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
