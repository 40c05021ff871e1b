"""Arithmetic on official border statements: windows, net flows, baselines, comparisons.

Official figures arrive as statements over uneven periods ("since 21 September", "on
Sunday", "in September"). These helpers select statements that answer one question and
keep every figure's range (low to high) and sources, so that where two statements
disagree the result is a range, not an average.
"""

import pandas as pd

from postsoviet import claims, countries, known, rules
from postsoviet.known import as_known

LOW, HIGH = "low", "high"

DATED = ("border_statements", "fsb_trips", "kz_ru_border")  # rows carry `published`
WHOLE = ("wb_population", "article_editions")  # a dated series and the article: used whole


def tables_known_by(known_by: object, data_dir=None) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(DATED, known_by, whole=WHOLE, data_dir=data_dir)


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
    """Gross entries, exits, net arrivals, usual traffic and entries above it, for one window,
    and the part of the exits that officials described as onward transit.

    Each reading is a range over the official statements that match; a reading no
    statement covers is left empty rather than guessed.
    """
    entries = in_window(statements, country, start, window_days, "entries")
    exits = in_window(statements, country, start, window_days, "exits")
    transit = in_window(statements, country, start, window_days, "exits_in_transit")
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
        ("of the exits, stated as onward transit", *_bounds(transit), transit),
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


# --- the article's claims, judged part by part -------------------------------------------------

MOBILIZATION = pd.Timestamp("2022-09-21")  # the day the partial mobilization was announced
HOLIDAY = ("TUR", "XAB")  # FSB destinations of mostly holiday travel, shown but not ranked


def _day(day: pd.Timestamp) -> str:
    return f"{day:%-d %b %Y}"


def _urls(*frames: pd.DataFrame) -> list[str]:
    return [u for f in frames if "source_url" in f for u in f["source_url"].dropna()]


def kz_100k_one_week(
    statements: pd.DataFrame,
    country: str,
    start: pd.Timestamp,
    window_days: int,
    claimed: int,
    tolerance: float,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kz_100k_one_week`: does every official count of entries for the window match the claim?

    One part per report of the count (two outlets may report one statement differently);
    each holds if it lies within ±`tolerance` of `claimed`. With no count for the window,
    the claim is unverifiable for these parameters, citing the entries figures searched.
    """
    place = countries.name(country)
    end = start + pd.Timedelta(days=window_days - 1)
    question = as_known(
        f"did {claimed:,} Russians enter {place} in the {window_days} days from {_day(start)}?",
        known_by,
    )
    gross = in_window(statements, country, start, window_days, "entries")
    parts = [
        rules.within(
            f"{r.publisher}'s report of the count is within ±{tolerance:.0%} of {claimed:,}",
            r.value,
            claimed,
            tolerance,
            because=(
                f"{r.statement_by}: {r.value:,} entries of Russian citizens, "
                f"{r.period_start:%-d %b}–{r.as_of:%-d %b %Y} "
                f"({r.publisher}, {r.published:%-d %b %Y})."
            ),
            sources=[r.source_url],
        )
        for r in gross.itertuples()
    ]
    if not parts:
        searched = statements[
            (statements["destination"] == country) & (statements["metric"] == "entries")
        ]
        periods = "; ".join(
            f"{r.period_start:%-d %b}–{r.as_of:%-d %b %Y}" for r in searched.itertuples()
        )
        parts = [
            rules.part(
                f"an official count of entries into {place} for {_day(start)}–{_day(end)}",
                None,
                f"border_statements holds {len(searched)} entries figure(s) for {place}"
                + (f" ({periods})" if periods else "")
                + f", none covering {window_days} days (±1) from {_day(start)}.",
                _urls(searched) or _urls(statements[statements["destination"] == country]),
            )
        ]
    readings = window_readings(statements, country, start, window_days).set_index("reading")
    usual, above = readings.iloc[3], readings.loc["entries above the usual pace"]
    evidence = (
        f"At the pre-mobilization pace {rules.span_text(usual[LOW], usual[HIGH])} entries were "
        f"to be expected in {window_days} days, so "
        f"{rules.span_text(above[LOW], above[HIGH])} were above the usual traffic."
        if pd.notna(usual[LOW]) and pd.notna(above[LOW])
        else f"No official pre-mobilization pace of entries for {place} is in the data."
    )
    (_, _), base_rows = baseline_per_day(statements, country, start)
    return claims.judge(
        "kz_100k_one_week",
        parts,
        measured=_span_or_none(gross["value"]),
        claimed=claimed,
        question=question,
        evidence=evidence,
        sources=_urls(base_rows),
    )


def _span_or_none(values: pd.Series):
    values = [float(v) for v in values.dropna()]
    if not values:
        return None
    low, high = min(values), max(values)
    return low if low == high else (low, high)


def surge_rates(
    statements: pd.DataFrame,
    until: pd.Timestamp,
    days: int = 14,
    start: pd.Timestamp = MOBILIZATION,
) -> pd.DataFrame:
    """Every official entries figure of the first `days` days after `start`, as a daily pace
    against the destination's usual (pre-`start`) daily average, like with like.

    Only figures wholly after `start` count, so no pre-mobilization day dilutes or inflates
    a pace; a single day's count is a one-day window. The multiple is conservative (the low
    figure over the high end of the usual range) and generous (high over low).
    """
    rows = statements[
        (statements["metric"] == "entries")
        & (statements["period_start"] >= start)
        & (statements["as_of"] <= min(until, start + pd.Timedelta(days=days - 1)))
    ].assign(days=lambda f: span_days(f))
    result = []
    for r in rows.itertuples():
        (low, high), base = baseline_per_day(statements, r.destination, start)
        per_day = r.value / r.days
        high_value = r.value if pd.isna(r.value_high) else r.value_high
        result.append(
            {
                "destination": r.destination,
                "name": countries.name(r.destination),
                "period_start": r.period_start,
                "as_of": r.as_of,
                "days": r.days,
                "entries": r.value,
                "qualifier": r.qualifier,
                "per_day": round(per_day),
                "usual_per_day_low": low,
                "usual_per_day_high": high,
                "times_usual_low": round(per_day / high, 2) if not base.empty else float("nan"),
                "times_usual_high": round(high_value / r.days / low, 2)
                if not base.empty
                else float("nan"),
                "publisher": r.publisher,
                "source_url": r.source_url,
                "baseline_url": "; ".join(base["source_url"]),
            }
        )
    columns = ["destination", "name", "period_start", "as_of", "days", "entries", "qualifier"]
    columns += ["per_day", "usual_per_day_low", "usual_per_day_high", "times_usual_low"]
    columns += ["times_usual_high", "publisher", "source_url", "baseline_url"]
    return (
        pd.DataFrame(result, columns=columns)
        .sort_values(["destination", "period_start", "days"])
        .reset_index(drop=True)
    )


def huge_numbers_fleeing(
    statements: pd.DataFrame,
    until: pd.Timestamp,
    surge: float,
    days: int = 14,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`huge_numbers_fleeing`: did entries surge after 21 Sep, destination by destination?

    A destination with an official usual pace holds if, at the height of the rush (its
    highest official pace in the first `days` days, low figure over the high end of the
    usual range), Russians entered at least `surge` times as fast as usual. Destinations
    without a usual pace, and the motive ("to avoid being called up"), are not tested.
    """
    rates = surge_rates(statements, until, days)
    parts = []
    for code, group in rates.groupby("destination", sort=False):
        name = countries.name(code)
        if group["times_usual_low"].isna().all():
            parts.append(
                rules.part(
                    f"{name}: entries surged to ≥{surge:g}× the usual pace",
                    None,
                    f"{len(group)} official entries figure(s) for {name} after "
                    f"{_day(MOBILIZATION)}, but no official usual daily pace to compare with"
                    + (
                        " (Frontex counts the EU's whole land border, Finland included)."
                        if code == "EUU"
                        else "."
                    ),
                    group["source_url"],
                )
            )
            continue
        top = group.sort_values(["times_usual_low", "days"], ascending=False).iloc[0]
        stated = statements[
            (statements["destination"] == code)
            & (statements["metric"] == "entries_multiple_of_usual")
            & (statements["period_start"] >= MOBILIZATION)
            & (statements["as_of"] <= until)
        ]
        said = "".join(
            f" {r.statement_by} put {r.period_start:%-d}–{r.as_of:%-d %b} at "
            f"{rules.span_text(*_range(r))}× the usual inflow ({r.publisher})."
            for r in stated.itertuples()
        )
        parts.append(
            rules.at_least(
                f"{name}: entries surged to ≥{surge:g}× the usual pace",
                top["times_usual_low"],
                surge,
                param="surge",
                because=(
                    f"at the height of the rush, {top['entries']:,} entries over "
                    f"{top['days']} day(s) from {top['period_start']:%-d %b} ({top['publisher']}) "
                    f"= {top['per_day']:,} a day, {top['times_usual_low']:g}–"
                    f"{top['times_usual_high']:g}× the usual {top['usual_per_day_low']:,.0f}–"
                    f"{top['usual_per_day_high']:,.0f} a day." + said
                ),
                sources=[
                    top["source_url"],
                    *top["baseline_url"].split("; "),
                    *stated["source_url"],
                ],
                fmt="{:.2f}×",
            )
        )
    parts.append(
        rules.part(
            "they fled to avoid being called up",
            None,
            "border_statements counts crossings, not reasons for travel; no row states why "
            "the Russians counted had left.",
            rates["source_url"],
        )
    )
    countable = rates[rates["destination"] != "EUU"]  # Frontex's EU count includes Finland
    total = countable.sort_values("days").groupby("destination").tail(1)
    evidence = (
        "The longest official count per country in the first two weeks: "
        + "; ".join(
            f"{r.name} {r.entries:,} ({r.period_start:%-d %b}–{r.as_of:%-d %b}"
            + (
                f", {r.times_usual_low:g}–{r.times_usual_high:g}× usual"
                if pd.notna(r.times_usual_low)
                else ""
            )
            + ")"
            for r in total.itertuples()
        )
        + f"; together {total['entries'].sum():,} entries, each country counted once "
        "(Frontex's EU-wide count, which includes Finland, is left out)."
    )
    return claims.judge(
        "huge_numbers_fleeing",
        parts,
        measured="; ".join(
            f"{p.name.split(':')[0]} {p.threshold.show(p.threshold.flips_at)}"
            for p in parts
            if p.threshold
        ),
        claimed=f"surge ≥ {surge:g}× the usual pace",
        question=as_known(f"did entries surge to ≥{surge:g}× the usual pace?", known_by)
        if known_by is not None
        else None,
        evidence=evidence,
    )


def fsb_quarter(fsb: pd.DataFrame, period_start: str = "2022-07-01") -> pd.DataFrame:
    """FSB trips abroad in one quarter, all modes, one range per destination, largest first."""
    q = fsb[(fsb["period_start"] == period_start) & (fsb["mode"] == "all")]
    return (
        q.assign(name=q["destination"].map(countries.name))
        .groupby(["destination", "name"], as_index=False)
        .agg(
            trips_low=("trips", "min"),
            trips_high=("trips", "max"),
            reports=("source_url", "nunique"),
            source_url=("source_url", "first"),
        )
        .sort_values("trips_high", ascending=False)
        .reset_index(drop=True)
    )


def trips_by_mode(fsb: pd.DataFrame, code: str = "KAZ", period_start: str = "2022-07-01"):
    """FSB trips to `code` in one quarter by mode, with each mode's share of all trips (empty
    when the cut-off leaves no such count)."""
    modes = fsb[(fsb["destination"] == code) & (fsb["period_start"] == period_start)]
    by_mode = modes.groupby("mode")["trips"].max()
    total = by_mode.get("all", float("nan"))
    return pd.DataFrame(
        {"trips": by_mode, "share of all trips": (by_mode / total).round(3)}
    ).sort_values("trips", ascending=False)


def kz_biggest_influx(
    inflows: pd.DataFrame,
    fsb: pd.DataFrame,
    holiday: tuple[str, ...] = HOLIDAY,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kz_biggest_influx`: is Kazakhstan first on both counts of entries by Russians?

    1. the destinations' own first statements after 21 Sep, per week (`comparable_inflows`);
    2. the FSB's trips abroad in July–September 2022, holiday destinations set aside.
    Each part names the runner-up and the margin, so a change in either count moves it.
    Per-resident figures are context: the article speaks of the size of the influx.
    """
    countries_only = inflows[inflows["destination"] != "EUU"].sort_values(
        "entries_per_week", ascending=False
    )
    quarter = fsb_quarter(fsb)
    ranked = quarter[~quarter["destination"].isin(holiday)]
    parts = []
    for label, table, column, unit in (
        (
            "the destinations' first statements after 21 Sep",
            countries_only,
            "entries_per_week",
            "entries a week",
        ),
        (
            "FSB trips abroad, Jul–Sep 2022 (holiday destinations set aside)",
            ranked,
            "trips_high",
            "trips",
        ),
    ):
        if len(table) < 2:
            parts.append(
                rules.part(
                    f"Kazakhstan ranks first by {label}",
                    None,
                    f"{len(table)} destination(s) with this count in the data"
                    + (f" as known on {_day(known_by)}" if known_by is not None else "")
                    + ": nothing to rank.",
                    table["source_url"],
                )
            )
            continue
        first, second = table.iloc[0], table.iloc[1]
        parts.append(
            rules.part(
                f"Kazakhstan ranks first by {label}",
                bool(first["destination"] == "KAZ"),
                f"first {first['name']} ({first[column]:,.0f} {unit}), second {second['name']} "
                f"({second[column]:,.0f}), of {len(table)} compared.",
                table["source_url"],
            )
        )
    per_resident = countries_only.sort_values("per_1000_residents_per_week", ascending=False)
    return claims.judge(
        "kz_biggest_influx",
        parts,
        measured="; ".join(
            f"first by {what}: {table.iloc[0]['name']}"
            for what, table in (("statements", countries_only), ("FSB trips", ranked))
            if len(table)
        )
        or None,
        claimed="Kazakhstan first",
        question=as_known("is Kazakhstan first by entries of Russians?", known_by)
        if known_by is not None
        else None,
        sources=_urls(inflows, fsb),
        evidence="Per resident the order changes: "
        + ", ".join(
            f"{r.name} {r.per_1000_residents_per_week} per 1,000 a week"
            for r in per_resident.itertuples()
        )
        + ".",
    )


QUALIFIER_WORDS = {"more_than": "over ", "about": "about ", "exact": ""}


def border_lengths(border: pd.DataFrame) -> pd.DataFrame:
    """Every stated length of the Kazakhstan–Russia border, one row per source, longest first."""
    rows = border[border["metric"] == "border_length_km"]
    return rows[
        ["value", "qualifier", "statement_by", "publisher", "published", "source_words"]
    ].sort_values("value", ascending=False, ignore_index=True)


def kz_border_rail(
    border: pd.DataFrame,
    fsb: pd.DataFrame,
    rail_share: float,
    start: pd.Timestamp = MOBILIZATION,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kz_border_rail`: an enormous land border and extensive railway links, behind the influx.

    1. the border: holds if every source that ranks it puts it first among the world's
       continuous land borders (the stated lengths disagree and are all shown);
    2. the railway links as infrastructure: tested only if the data count railway crossings
       or lines; the checkpoint counts in the data do not split rail from other types;
    3. the railway links as a route of the influx (the article's "due to"): holds if trains
       carried at least `rail_share` of the FSB-counted trips to Kazakhstan in Jul–Sep 2022.
    """
    ranks = border[border["metric"] == "world_rank_continuous_land_border"]
    ranked_first = ranks[ranks["value"] == 1]
    total = border[border["metric"] == "checkpoints_total"]
    road = border[border["metric"] == "road_checkpoints"]
    rail = border[border["metric"].str.contains("rail")]
    modes = fsb[(fsb["destination"] == "KAZ") & (fsb["period_start"] == "2022-07-01")]
    by_mode = modes.groupby("mode")["trips"].max()
    share = by_mode["train"] / by_mode["all"] if {"train", "all"} <= set(by_mode.index) else None
    quarter = (modes["period_start"].min(), modes["as_of"].max())
    known = f" as known on {_day(known_by)}" if known_by is not None else ""
    counted = (
        f"FSB, {quarter[0]:%-d %b}–{quarter[1]:%-d %b %Y} ({(start - quarter[0]).days} of its "
        f"{(quarter[1] - quarter[0]).days + 1} days before {_day(start)}): "
        if len(modes)
        else f"fsb_trips{known} holds no trips to Kazakhstan by mode for Jul–Sep 2022"
    )
    if len(rail):
        infrastructure = rules.part(
            "extensive railway links (the infrastructure)",
            None,
            "railway rows are present but no rule reads them yet.",
            rail["source_url"],
        )
    else:
        split = "; ".join(
            [f"{t.publisher}: {t.value:,.0f} checkpoints in all" for t in total.itertuples()]
            + [f"{r.publisher}: {r.value:,.0f} road checkpoints" for r in road.itertuples()]
        )
        infrastructure = rules.part(
            "extensive railway links (the infrastructure)",
            None,
            f"{split}. No row says how many of the others are railway crossings, nor how many "
            "railway lines cross the border.",
            [*total["source_url"], *road["source_url"]],
        )
    parts = [
        rules.part(
            "an enormous land border: every source that ranks it calls it the world's longest "
            "continuous land border",
            bool(len(ranked_first) == len(ranks)) if len(ranks) else None,
            f"{len(ranked_first)} of {len(ranks)} sources rank it first ("
            + "; ".join(f"{r.publisher}: “{r.source_words}”" for r in ranks.itertuples())
            + ")."
            if len(ranks)
            else f"kz_ru_border{known} holds no source that ranks the border.",
            ranks["source_url"],
        ),
        infrastructure,
        rules.at_least(
            f"the railway carried a main share of the traffic: trains ≥{rail_share:.0%} of trips "
            "to Kazakhstan",
            share,
            rail_share,
            param="rail share",
            because=(
                counted
                + ", ".join(f"{m} {by_mode[m]:,}" for m in ("car", "air", "train") if m in by_mode)
                + (f" of about {by_mode['all']:,.0f} trips in all" if "all" in by_mode else "")
                + (f"; trains {share:.1%}." if share is not None else ".")
            ),
            sources=modes["source_url"],
            fmt="{:.1%}",
        ),
    ]
    lengths = border_lengths(border)
    return claims.judge(
        "kz_border_rail",
        parts,
        measured=f"rail share {share:.1%}" if share is not None else None,
        claimed=f"rail share ≥ {rail_share:.0%}",
        question=as_known(
            f"an enormous border and railway links carrying ≥{rail_share:.0%} of trips?", known_by
        )
        if known_by is not None
        else None,
        evidence=(
            "The stated lengths: "
            + "; ".join(
                f"{QUALIFIER_WORDS.get(r.qualifier, '')}{f'{r.value:,.1f}'.removesuffix('.0')}"
                + f" km ({r.statement_by})"
                for r in lengths.itertuples()
            )
            + "."
        )
        if len(lengths)
        else f"No stated length of the border in kz_ru_border{known}.",
        sources=border.loc[border["metric"] == "border_length_km", "source_url"],
    )


def tens_of_thousands_fled(
    statements: pd.DataFrame,
    fsb: pd.DataFrame,
    until: pd.Timestamp,
    band: tuple[int, int] = (10_000, 99_999),
    start: pd.Timestamp = MOBILIZATION,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`tens_of_thousands_fled`: net arrivals in the post-Soviet neighbours, against the band.

    Per post-Soviet destination, the latest statement before `until` that gives entries and
    exits for one period from September 2022; summed as a range. The lower edge holds on
    the countries with data (more countries can only add); the upper edge is tested on them
    too, and a third part names the post-Soviet destinations of Russian travellers (in the
    statements or the FSB's trip counts) that have no such pair, and how much room they have.
    """
    pairs = paired_flows(statements)
    pairs = pairs[
        pairs["destination"].isin(countries.POST_SOVIET)
        & (pairs["period_start"] >= "2022-09-01")
        & (pairs["as_of"] <= until)
    ]
    latest = pairs.sort_values(["as_of", "days"]).groupby("destination").tail(1)
    low, high = float(latest["net_low"].sum()), float(latest["net_high"].sum())
    each = "; ".join(
        f"{r.name} {rules.span_text(r.net_low, r.net_high)} "
        f"({r.entries_low:,.0f} in, {rules.span_text(r.exits_low, r.exits_high)} out, "
        f"{r.period_start:%-d %b}–{r.as_of:%-d %b}"
        + (
            f", {(start - r.period_start).days} days before the mobilization included"
            if r.period_start < start
            else ""
        )
        + ")"
        for r in latest.itertuples()
    )
    urls = [u for us in latest["source_urls"] for u in us]
    shown = rules.span_text(low, high)
    unpaired = unpaired_destinations(statements, fsb, until, start)
    missing = list(unpaired["name"])
    trips = ", ".join(
        f"{r.name} {r.fsb_trips_jul_sep_2022:,.0f}"
        if pd.notna(r.fsb_trips_jul_sep_2022)
        else f"{r.name} (no FSB count; official figures: {r.official_figures_after_21_sep})"
        for r in unpaired.itertuples()
    )
    room = band[1] - high
    parts = [
        rules.at_least(
            f"net arrivals reach tens of thousands (≥{band[0]:,})",
            low if len(latest) else None,
            band[0],
            param="lower edge",
            because=f"net arrivals {shown}: {each}." if len(latest) else "no paired figures.",
            sources=urls,
            fmt="{:,.0f}",
        ),
        rules.at_most(
            f"net arrivals in the countries with data stay below a hundred thousand (≤{band[1]:,})",
            high if len(latest) else None,
            band[1],
            param="upper edge",
            because=f"at most {high:,.0f} in {', '.join(latest['name'])}."
            if len(latest)
            else "no paired figures.",
            sources=urls,
            fmt="{:,.0f}",
        ),
        rules.part(
            "the destinations without paired figures add no more than the room left below "
            f"{band[1] + 1:,}",
            None if missing else True,
            (
                f"no statement gives both entries and exits for {', '.join(missing)}, though "
                f"Russians travelled there (FSB trips, Jul–Sep 2022: {trips}); they could add "
                f"up to {room:,.0f} before the total left the band."
            )
            if missing
            else "every destination with travel data has paired figures.",
            fsb.loc[fsb["destination"].isin(unpaired["destination"]), "source_url"],
        ),
    ]
    return claims.judge(
        "tens_of_thousands_fled",
        parts,
        measured=(low, high),
        claimed=band,
        question=as_known("did tens of thousands of Russians stay in the neighbours?", known_by)
        if known_by is not None
        else None,
        evidence=f"Gross entries in the same statements: "
        f"{rules.span_text(latest['entries_low'].sum(), latest['entries_high'].sum())}.",
        sources=urls,
    )


def _range(row) -> tuple[float, float]:
    high = row.value if pd.isna(row.value_high) else row.value_high
    return float(row.value), float(high)


def arrivals_move_on(
    statements: pd.DataFrame,
    start: pd.Timestamp = MOBILIZATION,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`arrivals_move_on`: many new arrivals move on soon, but not everyone can.

    Judged from stocks (officials' counts of arrivals *still present*), never from exits
    over entries in one window: ordinary two-way traffic also sees most entrants leave,
    yet it adds to the stock of those present, it does not shrink it.

    Per post-Soviet destination: (1) many moved on: the stock of post-`start` arrivals
    still present fell between the first count and the latest count of a cohort that
    contains the first (ranges must not overlap); (2) not everyone could: the share of a
    cohort still present exceeds the share that ordinary two-way traffic before `start`
    left behind (entries minus exits over entries, from the same country's officials).
    """
    stocks = statements[
        (statements["metric"] == "remaining")
        & statements["destination"].isin(countries.POST_SOVIET)
    ].sort_values("as_of")
    parts = []
    for code in stocks["destination"].unique():
        name = countries.name(code)
        own = stocks[stocks["destination"] == code]
        new = own[own["period_start"] >= start]
        if new.empty:
            continue
        first = new.iloc[0]
        later = own[
            (own["as_of"] > first["as_of"]) & (own["period_start"] <= first["period_start"])
        ]
        f_lo, f_hi = _range(first)
        head = (
            f"{rules.span_text(f_lo, f_hi)} of those who arrived from "
            f"{first['period_start']:%-d %b %Y} "
            f"were still in {name} on {first['as_of']:%-d %b %Y} ({first['statement_by']}"
            + (", low confidence)" if first["confidence"] == "low" else ")")
        )
        if later.empty:
            parts.append(
                rules.part(
                    f"{name}: many new arrivals moved on (the stock still present fell)",
                    None,
                    head + "; no later count of those still present is in the data.",
                    [first["source_url"]],
                )
            )
        else:
            last = later.iloc[-1]
            l_lo, l_hi = _range(last)
            fell = True if l_hi < f_lo else False if l_lo >= f_hi else None
            parts.append(
                rules.part(
                    f"{name}: many new arrivals moved on (the stock still present fell)",
                    fell,
                    head + f"; {rules.span_text(l_lo, l_hi)} of those who arrived from "
                    f"{last['period_start']:%-d %b %Y} on {last['as_of']:%-d %b %Y} "
                    f"({last['statement_by']}"
                    + (", low confidence" if last["confidence"] == "low" else "")
                    + "), a group that includes the first: "
                    + (
                        f"down {rules.span_text(f_lo - l_hi, f_hi - l_lo)} "
                        f"({_pct_span((f_lo - l_hi) / f_lo, (f_hi - l_lo) / f_hi)})."
                        if fell
                        else "no fall."
                        if fell is False
                        else "the ranges overlap."
                    ),
                    [first["source_url"], last["source_url"]],
                )
            )
        parts.append(_stayed_part(statements, code, start))
    if not parts:
        searched = statements[statements["destination"].isin(countries.POST_SOVIET)]
        parts.append(
            rules.part(
                "many new arrivals moved on, and not everyone could",
                None,
                "border_statements"
                + (f" as known on {_day(known_by)}" if known_by is not None else "")
                + f" holds {len(searched)} figure(s) for post-Soviet destinations but no count "
                f"of arrivals from {_day(start)} still present.",
                searched["source_url"],
            )
        )
    return claims.judge(
        "arrivals_move_on",
        parts,
        question=as_known("did many new arrivals move on, while not everyone could?", known_by)
        if known_by is not None
        else None,
        measured="; ".join(
            f"{countries.name(c)} {' → '.join(rules.span_text(*_range(r)) for r in g.itertuples())}"
            for c, g in stocks.groupby("destination")
        ),
        evidence=_ordinary_traffic_text(statements, start),
    )


def _pct_span(low: float, high: float) -> str:
    return f"{low:.0%}" if f"{low:.0%}" == f"{high:.0%}" else f"{low:.0%}–{high:.0%}"


def _baseline_pair(statements: pd.DataFrame, code: str, start: pd.Timestamp):
    """The latest multi-day period before `start` with both entries and exits, or None."""
    pairs = paired_flows(statements)
    pairs = pairs[(pairs["destination"] == code) & (pairs["as_of"] < start)]
    return None if pairs.empty else pairs.sort_values("as_of").iloc[-1]


def _ordinary_traffic_text(statements: pd.DataFrame, start: pd.Timestamp) -> str:
    pairs = paired_flows(statements)
    pairs = pairs[pairs["as_of"] < start]
    if pairs.empty:
        return (
            "No official count of ordinary two-way traffic before the mobilization is in the data."
        )
    return (
        "Ordinary two-way traffic: "
        + "; ".join(
            f"{r.name}, {r.period_start:%-d %b}–{r.as_of:%-d %b %Y}: {r.entries_low:,.0f} in, "
            f"{rules.span_text(r.exits_low, r.exits_high)} out: {r.share_left_low:.0%} or more "
            f"of entrants left; the number present changed by {r.net_high:+,.0f} at most"
            for r in pairs.itertuples()
        )
        + ". Exits over entries therefore cannot show moving on; counts of those still present can."
    )


def _stayed_part(statements, code, start) -> rules.Part:
    name = countries.name(code)
    label = f"{name}: not everyone could move on (more stayed than ordinary traffic leaves behind)"
    base = _baseline_pair(statements, code, start)
    entries = statements[(statements["destination"] == code) & (statements["metric"] == "entries")]
    stocks = statements[
        (statements["destination"] == code)
        & (statements["metric"] == "remaining")
        & (statements["as_of"] > start)
    ]
    cohort = stocks.merge(
        entries, on=["destination", "period_start", "as_of"], suffixes=("", "_in")
    ).sort_values("as_of")
    if base is None or cohort.empty:
        return rules.part(
            label,
            None,
            (
                f"no official count of entries and exits before {_day(start)} for {name}"
                if base is None
                else "no count of entries for the same group as a count of those still present"
            )
            + " is in the data.",
            stocks["source_url"],
        )
    row = cohort.iloc[0]
    stayed = row["value"] / row["value_in"]
    ordinary = base["net_high"] / base["entries_low"]
    return rules.part(
        label,
        bool(stayed > ordinary),
        f"{row['value']:,} of {row['value_in']:,} who entered {row['period_start']:%-d %b %Y}–"
        f"{row['as_of']:%-d %b %Y} were still there ({stayed:.1%}); ordinary traffic "
        f"{base['period_start']:%-d %b %Y}–{base['as_of']:%-d %b %Y} "
        f"left at most {ordinary:+.1%} of its entrants behind.",
        [row["source_url"], row["source_url_in"], *base["source_urls"]],
    )


def unpaired_destinations(
    statements: pd.DataFrame,
    fsb: pd.DataFrame,
    until: pd.Timestamp,
    start: pd.Timestamp = MOBILIZATION,
) -> pd.DataFrame:
    """Post-Soviet destinations of Russian travellers with no entries-and-exits pair before
    `until`: what they have instead (FSB trips in Jul–Sep 2022, official figures after `start`)."""
    pairs = paired_flows(statements)
    paired = set(
        pairs.loc[
            (pairs["period_start"] >= "2022-09-01") & (pairs["as_of"] <= until), "destination"
        ]
    )
    quarter = fsb_quarter(fsb)
    after = statements[(statements["as_of"] >= start) & (statements["as_of"] <= until)]
    codes = sorted(
        (set(quarter["destination"]) | set(after["destination"]))
        & set(countries.POST_SOVIET) - paired
    )
    return pd.DataFrame(
        [
            {
                "destination": c,
                "name": countries.name(c),
                "fsb_trips_jul_sep_2022": quarter.loc[
                    quarter["destination"] == c, "trips_high"
                ].max(),
                "official_figures_after_21_sep": ", ".join(
                    sorted(after.loc[after["destination"] == c, "metric"].unique())
                )
                or "none",
            }
            for c in codes
        ],
        columns=["destination", "name", "fsb_trips_jul_sep_2022", "official_figures_after_21_sep"],
    )


# --- charts: titles computed from what is plotted, derived figures labelled -----------------

DERIVED = {
    "net arrivals (entries minus exits)",
    "entries above the usual pace",
}


def _is_derived(reading: str) -> bool:
    return reading in DERIVED or reading.startswith("usual entries")


def chart_window(readings: pd.DataFrame, place: str, start, end, claimed: int, source: str):
    """The window read four ways; bars computed from official figures are hatched and say so.

    None when no reading has a figure (no official statement for the window): a chart with
    only the article's line and no source would say nothing.
    """
    from postsoviet import plot

    shown = readings.dropna(subset=[LOW]).reset_index(drop=True)
    if shown.empty:
        return None
    gross = shown[shown["reading"] == "gross entries"]
    title = f"{place}, {start:%-d %b %Y}–{end:%-d %b %Y}: " + (
        f"officials counted {rules.span_text(gross[LOW].iloc[0], gross[HIGH].iloc[0])} "
        f"entries; the article says {claimed:,}"
        if len(gross)
        else f"no official count of entries; the article says {claimed:,}"
    )
    labels = [f"{r} (derived)" if _is_derived(r) else r for r in shown["reading"]]
    fig, ax = plot.figure(title, height=3.8)
    plot.range_barh(ax, labels, shown[LOW], shown[HIGH], highlight="gross entries")
    for y, reading in enumerate(shown["reading"]):
        if _is_derived(reading):
            ax.patches[y].set_hatch("///")
            ax.patches[y].set_alpha(0.55)
    ax.axvline(claimed, color=plot.PALETTE[3], linestyle="--", label=f"the article: {claimed:,}")
    ax.set_xlabel(
        "persons (bar: lowest figure, whisker: highest; hatched: computed here from official "
        "figures, not stated by officials)"
    )
    ax.legend(loc="lower right")
    plot.source_line(fig, source)
    return fig


def chart_running(running: pd.DataFrame, place: str, start, until, source: str, gap_days: int = 14):
    """Running totals as stated. Points more than `gap_days` apart are not joined: the path
    between two statements weeks apart is not known."""
    import matplotlib.dates as mdates

    from postsoviet import plot

    labels = {"entries": "entered", "exits": "left", "remaining": "still there"}
    last = running.sort_values("as_of").groupby("metric").tail(1).set_index("metric")
    said = [
        f"{rules.span_text(last.loc[m, LOW], last.loc[m, HIGH])} {labels[m]}"
        for m in labels
        if m in last.index
    ]
    when = running["as_of"].max() if len(running) else until
    fig, ax = plot.figure(
        f"{place}, Russians since {start:%-d %b %Y}, by {when:%-d %b %Y}: " + ", ".join(said)
        if said
        else f"{place}: no running totals from {start:%-d %b %Y} in the data"
    )
    for (metric, label), colour in zip(labels.items(), plot.PALETTE, strict=False):
        rows = running[running["metric"] == metric].sort_values("as_of")
        if rows.empty:
            continue
        ax.scatter(rows["as_of"], rows[LOW], color=colour, label=label, zorder=3)
        ax.vlines(rows["as_of"], rows[LOW], rows[HIGH], color=colour, linewidth=3)
        for (d0, v0), (d1, v1) in zip(
            zip(rows["as_of"], rows[LOW], strict=True),
            zip(rows["as_of"].iloc[1:], rows[LOW].iloc[1:], strict=True),
            strict=False,
        ):
            if (d1 - d0).days <= gap_days:
                ax.plot([d0, d1], [v0, v1], color=colour)
    ax.set_ylabel("persons since the start date")
    ax.set_xlim(start - pd.Timedelta(days=2), until)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b %Y"))
    plot.thousands(ax.yaxis)
    ax.legend(loc="upper left")
    plot.source_line(
        fig,
        source + f" Dots: statements; lines join only statements at most {gap_days} days apart.",
    )
    return fig


def chart_inflows(inflows: pd.DataFrame, source: str, highlight: str = "KAZ"):
    """Entries per week, in absolute terms and per 1,000 residents; countries only."""
    from matplotlib.patches import Patch

    from postsoviet import plot

    shown = inflows[inflows["destination"] != "EUU"]
    by_abs = shown.sort_values("entries_per_week", ascending=False)
    by_pc = shown.sort_values("per_1000_residents_per_week", ascending=False)
    fig, (left, right) = plot.figure(
        f"{by_abs.iloc[0]['name']} took the most Russians in absolute terms; "
        f"{by_pc.iloc[0]['name']} the most per resident",
        ncols=2,
        height=3.8,
    )
    for ax, table, column, unit in (
        (left, by_abs, "entries_per_week", "entries per week"),
        (right, by_pc, "per_1000_residents_per_week", "per week per 1,000 residents"),
    ):
        colours = [
            plot.PALETTE[1] if d == highlight else plot.PALETTE[0] for d in table["destination"]
        ]
        ax.barh(range(len(table)), table[column], color=colours)
        ax.set_yticks(range(len(table)), table["name"])
        ax.invert_yaxis()
        ax.set_xlabel(f"{unit} (derived)")
        plot.thousands(ax.xaxis)
    right.legend(
        handles=[Patch(color=plot.PALETTE[1], label=countries.name(highlight))], loc="lower right"
    )
    plot.source_line(
        fig,
        "Derived: each official count ÷ the days it covers × 7 (per resident: ÷ population). "
        + source,
    )
    return fig


def in_short(
    readings: pd.DataFrame, inflows: pd.DataFrame, place: str, start, window_days: int
) -> str:
    """The notebook's short answer, every figure computed from the readings and inflows."""
    rows = readings.set_index("reading")
    usual = rows.iloc[3]

    def span(name_or_row) -> str:
        row = rows.loc[name_or_row] if isinstance(name_or_row, str) else name_or_row
        return rules.span_text(row[LOW], row[HIGH])

    text = f"In short ({place}, {window_days} days from {start:%-d %b %Y}): "
    if pd.isna(rows.loc["gross entries", LOW]):
        text += "no official count of entries covers this window. "
    else:
        text += f"officials counted {span('gross entries')} entries of Russians. "
        if pd.notna(usual[LOW]):
            text += (
                f"At the usual pace {span(usual)} would have entered anyway, so "
                f"{span('entries above the usual pace')} were above the usual traffic. "
            )
    net = "net arrivals (entries minus exits)"
    text += (
        f"Officials counted {span('exits')} exits over the same days, so net arrivals were "
        f"{span(net)}. "
        if pd.notna(rows.loc[net, LOW])
        else "No official count of exits covers the same days, so net arrivals are not known. "
    )
    countries_only = inflows[inflows["destination"] != "EUU"]
    top = countries_only.sort_values("entries_per_week", ascending=False).iloc[0]
    per_resident = countries_only.sort_values("per_1000_residents_per_week").iloc[-1]
    return text + (
        f"In the first statements after {MOBILIZATION:%-d %B}, {top['name']} took the most "
        f"Russians ({top['entries_per_week']:,.0f} entries a week); per resident, "
        f"{per_resident['name']} took the most ({per_resident['per_1000_residents_per_week']} "
        "per 1,000 residents a week)."
    )
