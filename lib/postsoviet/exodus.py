"""Arithmetic on official border statements: windows, net flows, baselines, comparisons.

Official figures arrive as statements over uneven periods ("since 21 September", "on
Sunday", "in September"). These helpers select statements that answer one question and
keep every figure's range (low to high) and sources, so that where two statements
disagree the result is a range, not an average.
"""

import pandas as pd

from postsoviet import countries

LOW, HIGH = "low", "high"


def span_days(statements: pd.DataFrame) -> pd.Series:
    """Days covered by each statement, both ends included."""
    return (statements["as_of"] - statements["period_start"]).dt.days + 1


def _bounds(rows: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest figure among statements (a stated range counts with both ends)."""
    if rows.empty:
        return float("nan"), float("nan")
    high = rows["value_high"].fillna(rows["value"])
    return float(rows["value"].min()), float(high.max())


def in_window(
    statements: pd.DataFrame,
    country: str,
    start: pd.Timestamp,
    window_days: int,
    metric: str,
    slack_days: int = 1,
) -> pd.DataFrame:
    """Statements of `metric` for `country` over the window of `window_days` from `start`.

    A statement matches when it starts on `start` and covers the window give or take
    `slack_days`: officials report "since Wednesday" on the following day, so tallies for
    the same week often differ by a day in length.
    """
    rows = statements[
        (statements["destination"] == country)
        & (statements["metric"] == metric)
        & (statements["period_start"] == start)
    ]
    return rows[(span_days(rows) - window_days).abs() <= slack_days]


def baseline_per_day(statements: pd.DataFrame, country: str, before: pd.Timestamp):
    """The official average daily entries before `before`, as (low, high), and its rows."""
    rows = statements[
        (statements["destination"] == country)
        & (statements["metric"] == "entries_per_day_average")
        & (statements["as_of"] < before)
    ]
    return _bounds(rows), rows


def window_readings(
    statements: pd.DataFrame, country: str, start: pd.Timestamp, window_days: int
) -> pd.DataFrame:
    """Gross entries, exits, net arrivals, usual traffic and entries above it, for one window.

    Each reading is a range over the official statements that match; a reading no
    statement covers is left empty rather than guessed.
    """
    entries = in_window(statements, country, start, window_days, "entries")
    exits = in_window(statements, country, start, window_days, "exits")
    (base_lo, base_hi), base_rows = baseline_per_day(statements, country, start)
    gross_lo, gross_hi = _bounds(entries)
    exit_lo, exit_hi = _bounds(exits)
    usual_lo, usual_hi = base_lo * window_days, base_hi * window_days

    def cited(low: float, rows: pd.DataFrame) -> pd.DataFrame:
        return rows.iloc[0:0] if pd.isna(low) else rows

    readings = [
        ("gross entries", gross_lo, gross_hi, entries),
        ("exits", exit_lo, exit_hi, exits),
        (
            "net arrivals (entries minus exits)",
            gross_lo - exit_hi,
            gross_hi - exit_lo,
            pd.concat([entries, exits]),
        ),
        (
            f"usual entries ({window_days} days at the pre-mobilization pace)",
            usual_lo,
            usual_hi,
            base_rows,
        ),
        (
            "entries above the usual pace",
            gross_lo - usual_hi,
            gross_hi - usual_lo,
            pd.concat([entries, base_rows]),
        ),
    ]
    return pd.DataFrame(
        [
            {
                "reading": name,
                LOW: low,
                HIGH: high,
                "statements": len(rows),
                "sources": "; ".join(dict.fromkeys(rows["publisher"])),
            }
            for name, low, high, rows in ((n, lo, hi, cited(lo, r)) for n, lo, hi, r in readings)
        ]
    )


def comparable_inflows(
    statements: pd.DataFrame,
    population: pd.DataFrame,
    earliest: pd.Timestamp,
    latest: pd.Timestamp,
    until: pd.Timestamp,
    min_days: int,
) -> pd.DataFrame:
    """One entries figure per destination for the first weeks after the mobilization.

    For each destination: among statements of entries that begin between `earliest` and
    `latest`, end by `until` and cover at least `min_days`, the one covering the longest
    period. Windows still differ, so the comparison is per week, in absolute terms and
    per 1,000 residents (World Bank population of the window's year).
    """
    rows = statements[
        (statements["metric"] == "entries")
        & statements["period_start"].between(earliest, latest)
        & (statements["as_of"] <= until)
    ].assign(days=lambda f: span_days(f))
    rows = rows[rows["days"] >= min_days]
    chosen = (
        rows.sort_values(["destination", "days", "published"], ascending=[True, False, True])
        .groupby("destination", as_index=False)
        .head(1)
    )
    pop = population.rename(columns={"country": "destination"})
    chosen = chosen.assign(year=chosen["as_of"].dt.year).merge(
        pop, on=["destination", "year"], how="left"
    )
    per_week = chosen["value"] / chosen["days"] * 7
    return (
        chosen.assign(
            name=chosen["destination"].map(countries.name),
            entries=chosen["value"],
            entries_per_week=per_week.round(0),
            per_1000_residents_per_week=(per_week / chosen["population"] * 1000).round(2),
        )[
            [
                "destination",
                "name",
                "period_start",
                "as_of",
                "days",
                "entries",
                "entries_per_week",
                "population",
                "per_1000_residents_per_week",
                "statement_by",
                "publisher",
                "source_url",
            ]
        ]
        .sort_values("entries_per_week", ascending=False)
        .reset_index(drop=True)
    )


def pace_against_baseline(statements: pd.DataFrame, inflows: pd.DataFrame) -> pd.DataFrame:
    """How many times the usual daily pace each destination's post-mobilization entries ran."""
    result = []
    for row in inflows.itertuples():
        (low, high), rows = baseline_per_day(statements, row.destination, row.period_start)
        if rows.empty:
            continue
        per_day = row.entries / row.days
        result.append(
            {
                "destination": row.destination,
                "name": row.name,
                "entries_per_day": round(per_day),
                "usual_per_day_low": low,
                "usual_per_day_high": high,
                "times_usual_low": round(per_day / high, 2),
                "times_usual_high": round(per_day / low, 2),
                "baseline_source": "; ".join(dict.fromkeys(rows["publisher"])),
            }
        )
    return pd.DataFrame(result)


def paired_flows(statements: pd.DataFrame) -> pd.DataFrame:
    """Entries and exits stated for the same destination and period, as ranges.

    Where outlets report the same statement differently, the pair keeps both ends; the
    share of arrivals who had left again is exits divided by entries, low to high.
    """
    key = ["destination", "period_start", "as_of"]
    multi_day = statements[span_days(statements) > 1]
    rows = []
    for (destination, start, as_of), group in multi_day.groupby(key):
        entries = group[group["metric"] == "entries"]
        exits = group[group["metric"] == "exits"]
        if entries.empty or exits.empty:
            continue
        (in_lo, in_hi), (out_lo, out_hi) = _bounds(entries), _bounds(exits)
        rows.append(
            {
                "destination": destination,
                "name": countries.name(destination),
                "period_start": start,
                "as_of": as_of,
                "days": (as_of - start).days + 1,
                "entries_low": in_lo,
                "entries_high": in_hi,
                "exits_low": out_lo,
                "exits_high": out_hi,
                "net_low": in_lo - out_hi,
                "net_high": in_hi - out_lo,
                "share_left_low": round(out_lo / in_hi, 3),
                "share_left_high": round(out_hi / in_lo, 3),
                "sources": "; ".join(dict.fromkeys(group["publisher"])),
                "source_urls": sorted(set(group["source_url"])),
            }
        )
    return pd.DataFrame(rows)


def disagreements(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements of the same figure (destination, metric, period) that differ in value."""
    key = ["destination", "metric", "period_start", "as_of"]
    spread = statements.groupby(key, dropna=False)["value"].transform(lambda v: v.nunique())
    rows = statements[spread > 1]
    return (
        rows[[*key, "value", "qualifier", "statement_by", "publisher", "source_url"]]
        .sort_values([*key, "value"])
        .reset_index(drop=True)
    )


def cumulative(
    statements: pd.DataFrame, country: str, start: pd.Timestamp, until: pd.Timestamp
) -> pd.DataFrame:
    """Running totals since `start` (entries, exits, people remaining), one range per date."""
    rows = statements[
        (statements["destination"] == country)
        & (statements["period_start"] == start)
        & statements["metric"].isin(["entries", "exits", "remaining"])
        & (statements["as_of"] <= until)
        & (span_days(statements) > 1)
    ]
    return (
        rows.assign(high=rows["value_high"].fillna(rows["value"]))
        .groupby(["metric", "as_of"], as_index=False)
        .agg(low=("value", "min"), high=("high", "max"), sources=("publisher", "nunique"))
        .sort_values(["metric", "as_of"])
        .reset_index(drop=True)
    )
