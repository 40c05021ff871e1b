"""Rents, school places and the ethnic balance: the arithmetic behind notebook 05.

The article blames the Russian arrivals for "more mundane" strains at home. Each helper
here answers one part of a fairer question: what had already been happening before the
arrivals, and how large could their effect have been? Rents are split at a baseline
month, so that a rise that came before 21 September 2022 is not counted as the influx's;
"twice the price" is tested on the reports and on city-wide averages apart, never mixing
an "up to" maximum into the averages; the ethnic scenario uses census counts and says
plainly when a region has none.

Each judged claim of the notebook has one function here, named after the claim, that
takes loaded frames and parameters and returns `claims.judge(...)` (see "verdicts").
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from postsoviet import claims, countries, known, rules
from postsoviet.known import as_known
from postsoviet.params import ParameterError

MOBILIZATION = pd.Timestamp("2022-09-21")  # Russia's partial mobilization was announced
FIRST_WAVE = pd.Timestamp("2022-02-24")  # the invasion of Ukraine, and the first wave of arrivals

# The tables of 05_pressure_at_home that the knowledge cut-off filters (every row carries the
# day it was published, or, when the page shows none, the day it describes); the tile layout of
# Kazakhstan's regions and the article's own edition are read whole.
TABLES = ("rents", "school_places", "local_reports", "ethnic_russians", "border_statements")
AVERAGES = ("official_survey", "cpi_component", "asking_price_index")
ANECDOTES = ("realtor_estimate", "local_report", "single_case")
MEASURE_LABELS = {
    "official_survey": "official price survey",
    "cpi_component": "CPI rent component",
    "asking_price_index": "asking-price index",
    "realtor_estimate": "realtor's estimate",
    "local_report": "local report",
    "single_case": "single case",
}
PERCENT_CHANGES = (
    "month_on_month",
    "year_on_year",
    "week_on_week",
    "since_date",
    "since_peak",
    "calendar_year",
    "annual_average",
    "change",
)
# A level series whose sample or coverage changed: levels on either side of the date are
# not comparable. BNS rent levels of 2022 are about twice those of 2021 while its own
# year-on-year change was about +22 % (see `chain_check`).
SERIES_BREAKS = {("KAZ", "official_survey"): pd.Timestamp("2022-01-01")}
RUSSIAN_METRICS = ("russians_share", "russians_count")
BASIS_SHORT = {
    "census": "census",
    "census_preliminary": "prelim. census",
    "estimate": "estimate",
    "not_stated": "basis not stated",
}
BASIS_LABELS = {
    "census": "census count",
    "census_preliminary": "preliminary census count",
    "estimate": "estimate",
    "not_stated": "census or estimate not stated",
}


# ----------------------------------------------------------------------------- rents


def when(day: pd.Timestamp, precision: str) -> str:
    """A date written no more precisely than it is known: "2014", "Apr 2023", "30 Apr 2023"."""
    formats = {"year": "%Y", "month": "%b %Y", "not_before": "after %-d %b %Y"}
    return f"{day:{formats.get(precision, '%-d %b %Y')}}"


def sources_line(*frames: pd.DataFrame, lead: str = "Sources") -> str:
    """A chart's source line naming the outlets whose pages the figures come from."""
    outlets = [o for f in frames for o in f["publisher"].dropna()]
    return f"{lead}: " + "; ".join(dict.fromkeys(outlets)) + "."


def multiples(rents: pd.DataFrame) -> pd.Series:
    """Each rent figure as a multiple of its base (×1.33 for +33 %); NaN for levels.

    Ranges count with their low end, so a multiple is never overstated.
    """
    percent = rents["comparison"].isin(PERCENT_CHANGES)
    result = pd.Series(np.nan, index=rents.index, dtype=float)
    result[percent] = 1 + rents.loc[percent, "value"] / 100
    times = rents["comparison"] == "times"
    result[times] = rents.loc[times, "value"]
    from_to = rents["comparison"] == "from_to"
    result[from_to] = rents.loc[from_to, "value"] / rents.loc[from_to, "value_before"]
    return result


def timing(rents: pd.DataFrame, cutoff: pd.Timestamp = MOBILIZATION) -> pd.Series:
    """Whether each figure describes the time before the cut-off, a span across it, or after.

    A change whose base is on or before the cut-off and whose date is after it spans the
    cut-off; a change without a dated base that describes a later date counts as after.
    """
    day = f"{cutoff:%-d %b}"
    result = pd.Series(f"after {day}", index=rents.index, dtype=object)
    result[rents["base"].notna() & (rents["base"] <= cutoff)] = f"spanning {day}"
    result[rents["as_of"] <= cutoff] = f"before {day}"
    result[rents["comparison"] == "level"] = "level"
    return result


def places(rents: pd.DataFrame) -> list[str]:
    return sorted(rents["place"].unique())


def place(value: object, rents: pd.DataFrame, name: str = "city") -> str:
    """A place with rent figures, or a ParameterError listing the places there are."""
    options = places(rents)
    if value not in options:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}, which has no rent figures; choose one of: "
            f"{', '.join(options)}."
        )
    return str(value)


def describe(rents: pd.DataFrame, cutoff: pd.Timestamp = MOBILIZATION) -> pd.DataFrame:
    """The rent figures as a reader-facing table: what, when, how much, measured how."""
    table = rents.assign(
        kind=rents["measure"].map(MEASURE_LABELS),
        timing=timing(rents, cutoff),
        multiple=multiples(rents).round(2),
        figure=[_figure_text(r) for r in rents.itertuples()],
    )
    columns = ["place", "as_of", "comparison", "figure", "multiple", "kind", "timing"]
    return (
        table[[*columns, "publisher"]]
        .sort_values(["place", "as_of", "comparison", "kind"])
        .reset_index(drop=True)
    )


def _figure_text(row) -> str:
    def num(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"

    high = "" if pd.isna(row.value_high) else f"–{num(row.value_high)}"
    if row.comparison == "from_to":
        return f"{num(row.value_before)} → {num(row.value)} {row.unit}"
    if row.unit == "percent":
        prefix = "up to " if row.qualifier == "up_to" else ""
        return f"{prefix}{row.value:+,.1f}{high} %"
    if row.unit == "times":
        return f"×{num(row.value)}{high}"
    return f"{num(row.value)} {row.unit}"


def _same_segment(country: str, measure: str, first: pd.Timestamp, last: pd.Timestamp) -> bool:
    cut = SERIES_BREAKS.get((country, measure))
    return cut is None or (first < cut) == (last < cut)


def level_change(
    rents: pd.DataFrame, place: str, measure: str, start: pd.Timestamp, end: pd.Timestamp
) -> float | None:
    """Percent change between two levels of one series, or None if either is missing or
    the two lie on different sides of a break in the series."""
    levels = rents[
        (rents["place"] == place) & (rents["measure"] == measure) & (rents["comparison"] == "level")
    ].set_index("as_of")["value"]
    if start not in levels.index or end not in levels.index:
        return None
    country = rents.loc[rents["place"] == place, "country"].iloc[0]
    if not _same_segment(country, measure, start, end):
        return None
    return round((levels[end] / levels[start] - 1) * 100, 1)


def chain_check(rents: pd.DataFrame, place: str, measure: str, as_of: pd.Timestamp) -> dict:
    """The stated year-on-year change at `as_of` against the ratio of the two levels.

    Where the two disagree wildly the level series has a break: chaining its levels
    would invent a rise the statistics office never reported.
    """
    year_ago = (as_of - pd.DateOffset(years=1)) + pd.offsets.MonthEnd(0)
    rows = rents[(rents["place"] == place) & (rents["measure"] == measure)]
    levels = rows[rows["comparison"] == "level"].set_index("as_of")["value"]
    stated = rows[(rows["comparison"] == "year_on_year") & (rows["as_of"] == as_of)]["value"]
    ratio = levels[as_of] / levels[year_ago] if {as_of, year_ago} <= set(levels.index) else None
    return {
        "place": place,
        "from": year_ago,
        "to": as_of,
        "level_from": levels.get(year_ago),
        "level_to": levels.get(as_of),
        "ratio_of_levels": None if ratio is None else round(float(ratio), 2),
        "stated_year_on_year": None if stated.empty else round(1 + stated.iloc[0] / 100, 3),
        "same_segment": _same_segment(rows["country"].iloc[0], measure, year_ago, as_of),
    }


def implied_year_on_year(yoy_before: float, mom_now: float, mom_year_ago: float) -> float:
    """Year-on-year change (%) implied by last month's y/y and two month-on-month changes.

    y/y(t) = y/y(t−1) × m/m(t) / m/m(t−12): a second way to get the same figure, used to
    check that a month-on-month change derived from levels agrees with the stated y/y.
    """
    value = (1 + yoy_before / 100) * (1 + mom_now / 100) / (1 + mom_year_ago / 100)
    return round((value - 1) * 100, 1)


def split_rise(
    rents: pd.DataFrame,
    baseline: pd.Period,
    cutoff: pd.Timestamp = MOBILIZATION,
    horizon_days: int = 92,
    slack_days: int = 3,
) -> pd.DataFrame:
    """For each place and measure: the rise in the twelve months to the baseline month,
    and the rise from the end of that month to a date after the cut-off.

    The second part uses a stated change whose base is the end of the baseline month (give
    or take `slack_days`: Krisha measures from 1 September) and whose date falls within
    `horizon_days` after the cut-off; failing that, the change between two levels of the
    same series segment. The two parts join without a gap, so the share of the combined
    rise that came before is given, but only when both come from one measure.
    """
    base_end = baseline.end_time.normalize()
    before = rents[
        (rents["comparison"] == "year_on_year")
        & (rents["as_of"].dt.to_period("M") == baseline)
        & (rents["measure"].isin(AVERAGES))
    ]
    after = rents[
        rents["comparison"].isin(PERCENT_CHANGES)
        & (rents["measure"].isin(AVERAGES))
        & (rents["market"] == "long_term")
        & (rents["base"] >= base_end)
        & (rents["base"] <= min(cutoff, base_end + pd.Timedelta(days=slack_days)))
        & (rents["as_of"] > cutoff)
        & (rents["as_of"] <= cutoff + pd.Timedelta(days=horizon_days))
    ]
    rows = []
    keys = sorted(set(map(tuple, pd.concat([before, after])[["place", "measure"]].values)))
    keys += _derivable(rents, base_end, cutoff, horizon_days, exclude=keys)
    for place_, measure in sorted(set(keys)):
        rows += _split_rows(rents, place_, measure, before, after, base_end, cutoff, horizon_days)
    columns = [
        "place",
        "kind",
        "before",
        "after",
        "after_window",
        "after_derived",
        "combined",
        "share_before",
    ]
    return pd.DataFrame(rows, columns=columns)


def _derivable(rents, base_end, cutoff, horizon_days, exclude):
    """(place, measure) pairs with a level at the baseline and one after the cut-off."""
    levels = rents[rents["comparison"] == "level"]
    found = []
    for (place_, measure), group in levels.groupby(["place", "measure"]):
        if (place_, measure) in exclude or base_end not in set(group["as_of"]):
            continue
        later = group[
            (group["as_of"] > cutoff) & (group["as_of"] <= cutoff + pd.Timedelta(days=horizon_days))
        ]
        if not later.empty:
            found.append((place_, measure))
    return found


def _split_rows(rents, place_, measure, before, after, base_end, cutoff, horizon_days):
    ahead = before[(before["place"] == place_) & (before["measure"] == measure)]["value"]
    before_value = float(ahead.iloc[0]) if not ahead.empty else np.nan
    stated = after[(after["place"] == place_) & (after["measure"] == measure)]
    parts = [
        (float(r.value), _span_text(r.base, r.as_of), False)
        for r in stated.sort_values(["as_of", "value"]).itertuples()
    ]
    if not parts:
        derived = _derived_after(rents, place_, measure, base_end, cutoff, horizon_days)
        parts = [derived] if derived else [(np.nan, "", False)]
    rows = []
    for value, window, derived_flag in parts:
        combined = share = np.nan
        if not np.isnan(before_value) and not np.isnan(value):
            growth = (1 + before_value / 100) * (1 + value / 100)
            combined = round((growth - 1) * 100, 1)
            share = round(float(np.log1p(before_value / 100) / np.log(growth)), 2)
        rows.append(
            {
                "place": place_,
                "kind": MEASURE_LABELS[measure],
                "before": before_value,
                "after": value,
                "after_window": window,
                "after_derived": derived_flag,
                "combined": combined,
                "share_before": share,
            }
        )
    return rows


def _derived_after(rents, place_, measure, base_end, cutoff, horizon_days):
    levels = rents[
        (rents["place"] == place_)
        & (rents["measure"] == measure)
        & (rents["comparison"] == "level")
        & (rents["as_of"] > cutoff)
        & (rents["as_of"] <= cutoff + pd.Timedelta(days=horizon_days))
    ].sort_values("as_of")
    for end in levels["as_of"]:
        change = level_change(rents, place_, measure, base_end, end)
        if change is not None:
            return (change, _span_text(base_end, end), True)
    return None


EVIDENCE = {
    "city average": "city-wide average",
    "maximum": "largest city rise ('up to'; a maximum, not an average)",
    "report": "report or single case (long-term let)",
    "daily lets": "daily lets (not a relet)",
}


def guessed_fields(value: object) -> list[str]:
    """The dates a row's `guessed` column names ("base", "as_of", "published")."""
    if not isinstance(value, str) or not value.strip():
        return []
    heads = [part.split(":")[0] for part in value.split(" | ")]
    return [f.strip() for head in heads for f in head.split(",")]


def twice_price_evidence(
    rents: pd.DataFrame,
    countries: list[str],
    cutoff: pd.Timestamp = MOBILIZATION,
    max_days: int = 372,
) -> pd.DataFrame:
    """The figures that can test "relet for twice the price", each in one category.

    City averages: long-term rents from a survey, CPI component or asking-price index, over
    a window of at most `max_days` (about a year, the life of a lease) that starts on or
    before the cut-off and ends after it. Maxima: the same kind of figure stated as "up to",
    the largest rise among cities, never an average. Reports: realtors' estimates, local
    reports and single cases on long-term lets dated after the first wave of arrivals.
    Daily lets: short-term rents, which say nothing about reletting a tenant's flat.
    """
    rows = rents[rents["country"].isin(countries)].assign(multiple=multiples(rents))
    rows = rows[rows["multiple"].notna()]
    span = (rows["as_of"] - rows["base"]).dt.days
    window = (
        rows["measure"].isin(AVERAGES)
        & (rows["market"] == "long_term")
        & (rows["base"] <= cutoff)
        & (rows["as_of"] > cutoff)
        & (span <= max_days)
    )
    maximum = window & (rows["qualifier"] == "up_to")
    after = rows["as_of"] >= FIRST_WAVE
    report = rows["measure"].isin(ANECDOTES) & (rows["market"] == "long_term") & after
    daily = (rows["market"] == "short_term") & after
    category = np.select(
        [maximum, window, report, daily], ["maximum", "city average", "report", "daily lets"], ""
    )
    chosen = rows.assign(evidence=category)
    chosen = chosen[chosen["evidence"] != ""]
    kind = chosen["measure"].map(MEASURE_LABELS) + np.where(
        chosen["market"] == "short_term", " (daily lets)", ""
    )
    guessed = chosen["guessed"] if "guessed" in chosen else pd.Series("", index=chosen.index)
    chosen = chosen.assign(kind=kind, guessed=guessed.fillna(""))
    chosen = chosen.assign(label=_labels(chosen))
    order = {name: i for i, name in enumerate(EVIDENCE)}
    return (
        chosen.assign(order=chosen["evidence"].map(order))[
            [
                "evidence",
                "country",
                "place",
                "kind",
                "base",
                "as_of",
                "multiple",
                "label",
                "publisher",
                "source_url",
                "guessed",
                "order",
            ]
        ]
        .sort_values(["order", "multiple", "place"], ascending=[True, False, True])
        .drop(columns="order")
        .reset_index(drop=True)
    )


COMPARISON_WORDS = {
    "year_on_year": "y/y",
    "month_on_month": "m/m",
    "week_on_week": "w/w",
    "annual_average": "on the annual average",
    "calendar_year": "over the calendar year",
}


def _labels(rows: pd.DataFrame) -> list[str]:
    """One label per figure: place, figure, window and kind, and the outlet where two
    figures would otherwise read alike (two reports on one city from one page stay two)."""
    labels = []
    for r in rows.itertuples():
        words = COMPARISON_WORDS.get(r.comparison, "")
        figure = _figure_text(r) + (f" {words}" if words else "")
        guessed = [f for f in guessed_fields(getattr(r, "guessed", "")) if f != "published"]
        mark = f" [{', '.join(guessed)} guessed]" if guessed else ""
        labels.append(f"{r.place}: {figure}, {_window_text(r)} ({r.kind}){mark}")
    seen = pd.Series(labels).duplicated(keep=False).tolist()
    labels = [
        f"{lab} [{r.publisher}]" if dup else lab
        for lab, dup, r in zip(labels, seen, rows.itertuples(), strict=True)
    ]
    counts: dict[str, int] = {}
    unique = []
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
        unique.append(lab if counts[lab] == 1 else f"{lab} #{counts[lab]}")
    return unique


def _window_text(row) -> str:
    if pd.isna(row.base):
        return f"to {row.as_of:%b %Y}"
    return _span_text(row.base, row.as_of)


def _span_text(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """ "31 Aug–30 Sep 2022", or "30 Sep 2021–30 Sep 2022" across a year end."""
    head = f"{first:%-d %b}" if first.year == last.year else f"{first:%-d %b %Y}"
    return f"{head}–{last:%-d %b %Y}"


# ----------------------------------------------------------------------------- schools


def shortage_readings(schools: pd.DataFrame) -> pd.DataFrame:
    """One reading per statement: does it show a shortage of places?

    Deficits, three-shift schools and waiting lists show one when above zero; pupils set
    against the design capacity of the same schools show one when they exceed it.
    Pre-school coverage is context: a low coverage is not by itself a shortage of places.
    """
    direct = schools[
        schools["indicator"].isin(
            ["school_places_deficit", "three_shift_schools", "kindergarten_waiting_list"]
        )
    ].assign(
        reading=lambda f: f["value"].map(lambda v: f"{v:,.0f}"), shortage=lambda f: f["value"] > 0
    )
    pupils = schools[schools["indicator"] == "school_pupils"]
    capacity = schools[schools["indicator"] == "school_design_capacity"]
    key = ["country", "area", "as_of", "source_url"]
    paired = pupils.merge(capacity[[*key, "value"]], on=key, suffixes=("", "_capacity"))
    paired = paired.assign(
        indicator="pupils per school place",
        reading=(paired["value"] / paired["value_capacity"]).round(2).astype(str),
        shortage=paired["value"] > paired["value_capacity"],
    )
    columns = [
        "country",
        "area",
        "indicator",
        "reading",
        "as_of",
        "kind",
        "statement_by",
        "shortage",
        "publisher",
        "source_url",
    ]
    return (
        pd.concat([direct[columns], paired[columns]])
        .sort_values(["country", "as_of", "indicator"])
        .reset_index(drop=True)
    )


# ----------------------------------------------------------------------------- reports


CREDIBLE_BASES = ("press_report", "official_statement", "poll")


def sort_reports(
    reports: pd.DataFrame, topics: list[str], countries: list[str], since: pd.Timestamp = FIRST_WAVE
) -> pd.DataFrame:
    """Reports on `topics` in `countries` since `since`, each marked credible or weak.

    Credible: a press report, official statement or poll from a page of medium or high
    confidence. Weak: single cases, activists' claims, opinion pieces, low-confidence pages.
    """
    rows = reports[
        reports["topic"].isin(topics)
        & reports["country"].isin(countries)
        & (reports["as_of"] >= since)
    ]
    credible = rows["basis"].isin(CREDIBLE_BASES) & rows["confidence"].isin(["medium", "high"])
    return (
        rows.assign(strength=np.where(credible, "credible", "weak"))[
            [
                "strength",
                "topic",
                "country",
                "place",
                "as_of",
                "basis",
                "summary",
                "publisher",
                "confidence",
                "source_url",
            ]
        ]
        .sort_values(["strength", "country", "as_of"])
        .reset_index(drop=True)
    )


def poll_balance(reports: pd.DataFrame) -> pd.DataFrame:
    """For each poll on the arrivals: the shares positive and negative about them."""
    polls = reports[reports["topic"] == "poll_on_arrivals"]
    table = polls.pivot_table(
        index=["country", "as_of", "publisher", "source_url"],
        columns="stance",
        values="value",
        aggfunc="sum",
    ).reset_index()
    table.columns.name = None
    return table.sort_values(["country", "as_of"]).reset_index(drop=True)


# ----------------------------------------------------------------------------- ethnic balance


@dataclass(frozen=True)
class CensusBase:
    """The census figures a scenario starts from, and how they were put together."""

    area: str
    as_of: pd.Timestamp
    share: float  # percent
    population: float
    russians: float
    how: str


def census_areas(ethnic: pd.DataFrame) -> list[str]:
    """Areas with a census share or count of ethnic Russians."""
    rows = ethnic[(ethnic["basis"] == "census") & ethnic["metric"].isin(RUSSIAN_METRICS)]
    return sorted(rows["area"].unique())


def scenario_area(value: object, ethnic: pd.DataFrame, name: str = "scenario_region") -> str:
    """An area the scenario can be computed for, or a ParameterError saying why not."""
    valid = census_areas(ethnic)
    if value in valid:
        return str(value)
    if value in set(ethnic["area"]):
        raise ParameterError(
            f"Parameter `{name}` is {value!r}, which has no census count of ethnic Russians "
            f"in the data; choose one of: {', '.join(valid)}."
        )
    raise ParameterError(
        f"Parameter `{name}` is {value!r}, which is not an area in the data; choose one of: "
        f"{', '.join(valid)}."
    )


def census_base(ethnic: pd.DataFrame, area: str) -> CensusBase:
    """The latest census share, population and count of Russians for `area`.

    The count is used when the census gives one; otherwise share × population of the same
    census; failing a census population, the latest population figure of any kind, which
    the `how` text then names.
    """
    rows = ethnic[ethnic["area"] == area]
    census = rows[rows["basis"] == "census"]
    russians_rows = census[census["metric"].isin(RUSSIAN_METRICS)]
    if russians_rows.empty:
        raise ValueError(f"{area} has no census count of ethnic Russians in the data.")
    as_of = russians_rows["as_of"].max()
    same = census[census["as_of"] == as_of]
    share = _best(same, "russians_share")
    count = _best(same, "russians_count")
    population = _best(same, "population")
    how = f"census of {as_of:%Y}"
    if population is None and count is not None and share is not None:
        population, how = count / (share / 100), how + "; population = count ÷ share"
    if population is None:
        latest = rows[rows["metric"] == "population"].sort_values("as_of").iloc[-1]
        population = float(latest["value"])
        how += (
            f"; census share applied to the population {BASIS_LABELS[latest['basis']]} "
            f"of {latest['as_of']:%-d %b %Y}"
        )
    if count is None:
        count = share / 100 * population
    elif share is None or _best(same, "population") is not None:
        share = count / population * 100
    return CensusBase(area, as_of, float(share), float(population), float(count), how)


_CONFIDENCE = {"high": 0, "medium": 1, "low": 2}


def _best(rows: pd.DataFrame, metric: str) -> float | None:
    """The figure of `metric` from the most trusted page, preferring exact over rounded
    (then the lowest figure)."""
    found = rows[rows["metric"] == metric]
    if found.empty:
        return None
    ranked = zip(
        found["confidence"].map(_CONFIDENCE),
        found["qualifier"] != "exact",
        found["value"],
        strict=True,
    )
    return float(min(ranked)[-1])


def share_shift(russians: float, population: float, arrivals: float) -> float:
    """Percentage points by which the Russian share moves if `arrivals` Russians settle.

    Every arrival is counted as an ethnic Russian who stays: an upper bound, since
    Russian citizens include other nationalities and most arrivals moved on.
    """
    if population <= 0 or arrivals < 0:
        raise ValueError("population must be positive and arrivals not negative")
    return 100 * ((russians + arrivals) / (population + arrivals) - russians / population)


def scenario(ethnic: pd.DataFrame, area: str, arrivals: int) -> dict:
    """The Russian share of `area` before and after `arrivals` settle there."""
    base = census_base(ethnic, area)
    shift = share_shift(base.russians, base.population, arrivals)
    return {
        "area": area,
        "census": f"{base.as_of:%Y}",
        "population": round(base.population),
        "russians": round(base.russians),
        "share_before": round(base.share, 2),
        "arrivals": arrivals,
        "share_after": round(base.share + shift, 2),
        "change_pp": round(shift, 2),
        "arrivals_per_100_residents": round(100 * arrivals / base.population, 2),
        "how": base.how,
    }


def scenario_table(ethnic: pd.DataFrame, arrivals: int) -> pd.DataFrame:
    """The same number of arrivals settling in each area that has a census base."""
    rows = [scenario(ethnic, area, arrivals) for area in census_areas(ethnic)]
    return pd.DataFrame(rows).sort_values("change_pp", ascending=False).reset_index(drop=True)


def latest_shares(ethnic: pd.DataFrame) -> pd.DataFrame:
    """The most recent Russian share of every area (a census wins a tie), with its basis."""
    shares = ethnic[ethnic["metric"] == "russians_share"].assign(
        census_first=lambda f: (f["basis"] != "census").astype(int),
        c=lambda f: f["confidence"].map(_CONFIDENCE),
    )
    latest = (
        shares.sort_values(
            ["area_code", "as_of", "census_first", "c"], ascending=[True, False, True, True]
        )
        .groupby("area_code")
        .head(1)
    )
    return latest.assign(basis_label=latest["basis"].map(BASIS_LABELS))[
        [
            "country",
            "area",
            "area_code",
            "value",
            "basis",
            "basis_label",
            "as_of",
            "publisher",
            "source_url",
        ]
    ].reset_index(drop=True)


FITS = (
    0.5  # percentage points: a census share further than this from count ÷ population does not fit
)


def census_shares(ethnic: pd.DataFrame, country: str) -> pd.DataFrame:
    """The national Russian shares of the two latest censuses, each checked, where the data
    allow, against the census count of Russians divided by the census population.

    The population comes from a census population row, or from the titular nationality's
    count divided by its share (Kyrgyz in 2009: the statistics committee gave both). A
    share further than `FITS` points from count ÷ population does not fit the census and
    is not used; where no check is possible every share is kept.
    """
    national = ethnic[
        (ethnic["country"] == country)
        & (ethnic["area_code"] == country)
        & (ethnic["basis"] == "census")
    ]
    shares = national[national["metric"] == "russians_share"]
    dates = sorted(shares["as_of"].unique())[-2:]
    rows = []
    for day in dates:
        same = national[national["as_of"] == day]
        count = _best(same, "russians_count")
        population, how = _best(same, "population"), "census population"
        titular = (_best(same, "titular_count"), _best(same, "titular_share"))
        if population is None and None not in titular:
            population = titular[0] / (titular[1] / 100)
            how = f"{titular[0]:,.0f} of the titular nationality = {titular[1]:g} %"
        implied = None if count is None or population is None else 100 * count / population
        for r in shares[shares["as_of"] == day].itertuples():
            rows.append(
                {
                    "as_of": day,
                    "value": r.value,
                    "publisher": r.publisher,
                    "source_url": r.source_url,
                    "count": count,
                    "population": population,
                    "how": how if implied is not None else "",
                    "implied": implied,
                    "fits": implied is None or abs(r.value - implied) <= FITS,
                    "check_urls": tuple(
                        same.loc[
                            same["metric"].isin(["russians_count", "population", "titular_count"])
                            | (same["metric"] == "titular_share"),
                            "source_url",
                        ]
                    ),
                }
            )
    return pd.DataFrame(rows)


def national_decline(ethnic: pd.DataFrame, country: str) -> tuple[float, float]:
    """Yearly factor (low, high) by which the national Russian share fell between the two
    latest censuses. Only shares that fit the census counts are used (`census_shares`);
    two that both fit give a range, never an average."""
    checked = census_shares(ethnic, country)
    dates = sorted(checked["as_of"].unique())
    if len(dates) < 2:
        raise ValueError(f"{country} has fewer than two censuses with a Russian share.")
    used = checked[checked["fits"]]
    early = used[used["as_of"] == dates[0]]["value"]
    late = used[used["as_of"] == dates[1]]["value"].iloc[0]
    years = (dates[1] - dates[0]).days / 365.25
    factors = sorted(float((late / e) ** (1 / years)) for e in early)
    return factors[0], factors[-1]


def significance(
    ethnic: pd.DataFrame, areas: list[str], threshold: float, to_date: pd.Timestamp
) -> pd.DataFrame:
    """For each area: its latest Russian share, and that share carried forward to `to_date`
    at the national rate of decline, each tested against `threshold` (percent).

    The projection is an assumption, not a figure: it supposes the area's share fell as
    fast, relatively, as the country's between its last two censuses.
    """
    latest = latest_shares(ethnic).set_index("area")
    rows = []
    for area in areas:
        if area not in latest.index:
            rows.append({"area": area, "latest": np.nan})
            continue
        row = latest.loc[area]
        low, high = national_decline(ethnic, row["country"])
        years = max((to_date - row["as_of"]).days / 365.25, 0)
        rows.append(
            {
                "area": area,
                "latest": row["value"],
                "year": int(row["as_of"].year),
                "basis": row["basis_label"],
                "projected_low": round(row["value"] * low**years, 1),
                "projected_high": round(row["value"] * high**years, 1),
                "latest_significant": bool(row["value"] >= threshold),
                "projected_significant": bool(row["value"] * high**years >= threshold),
                "source_url": row["source_url"],
            }
        )
    return pd.DataFrame(rows)


def tile_grid(tiles: pd.DataFrame, ethnic: pd.DataFrame) -> pd.DataFrame:
    """Kazakhstan's tiles with each region's latest Russian share (NaN where none)."""
    latest = latest_shares(ethnic)[["area_code", "value", "basis", "as_of"]]
    return (
        tiles.merge(latest, on="area_code", how="left")
        .sort_values(["row", "col"])
        .reset_index(drop=True)
    )


# ----------------------------------------------------------------------------- verdicts
#
# One function per judged claim of notebook 05. Each takes loaded frames and the notebook's
# parameters, tests the claim part by part, and returns `claims.judge(...)`. Every sentence
# a part prints is built from the rows it used.

NORTH = (
    "North Kazakhstan",
    "Kostanay",
    "Pavlodar",
    "Akmola",
)  # the regions "northern Kazakhstan" means here
SHARE_PARAM = "significant_share"


def _names(codes) -> str:
    return ", ".join(countries.name(c) for c in codes)


def _urls(*frames: pd.DataFrame) -> list[str]:
    return [u for f in frames for u in f["source_url"].dropna()]


def _answers(rows: pd.DataFrame, stance: str) -> str:
    """ "welcome 47.8 % + mostly welcome 38.8 % = 86.6 %", from the poll's own answers."""
    picked = rows[rows["stance"] == stance]
    terms = " + ".join(f"{r.answer} {r.value:g} %" for r in picked.itertuples())
    total = picked["value"].sum()
    return terms if len(picked) == 1 else f"{terms} = {total:g} %"


def locals_sympathise(
    reports: pd.DataFrame, country_codes: list[str], known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """`locals_sympathise`: in each country, does the latest poll on the arrivals find more
    people positive than negative about them? A country without such a poll is not tested."""
    polls = reports[reports["topic"] == "poll_on_arrivals"]
    balance = poll_balance(reports)
    polled = _names(sorted(balance["country"].unique())) or "no country"
    parts, measured = [], []
    for code in country_codes:
        name = countries.name(code)
        what = f"{name}: the latest poll on the arrivals finds more people positive than negative"
        rows = balance[balance["country"] == code].sort_values("as_of")
        if rows.empty:
            because = (
                f"local_reports holds no poll on the arrivals in {name} "
                f"(it holds polls for {polled})."
            )
            parts.append(rules.part(what, None, because))
            continue
        last = rows.iloc[-1]
        poll = polls[(polls["country"] == code) & (polls["source_url"] == last["source_url"])]
        poll = poll[poll["as_of"] == last["as_of"]]
        because = (
            f"{poll['summary'].iloc[0]} Positive: {_answers(poll, 'positive')}; negative: "
            f"{_answers(poll, 'negative')} ({last['publisher']})."
        )
        holds = bool(last["positive"] > last["negative"])
        measured.append(f"{name} {last['positive']:g} % positive, {last['negative']:g} % negative")
        parts.append(rules.part(what, holds, because, [last["source_url"]]))
    fear = reports[
        (reports["topic"] == "poll_fear_of_russia") & reports["country"].isin(country_codes)
    ]
    others = balance[~balance["country"].isin(country_codes)].sort_values("as_of")
    accounts = reports[
        reports["topic"].isin(["reception_of_arrivals", "protest_against_influx"])
        & reports["country"].isin(country_codes)
    ].sort_values("as_of")
    evidence = " ".join(
        [
            "Press accounts (not a measure of how general the sympathy is): "
            + " ".join(f"{r.summary} ({r.publisher})" for r in accounts.itertuples())
        ]
        * (not accounts.empty)
        + [
            f"Outside the scope: {countries.name(r.country)}, {r.as_of:%b %Y}: "
            f"{r.positive:g} % positive, {r.negative:g} % negative ({r.publisher})."
            for r in others.itertuples()
        ]
        + [
            f"{r.summary} '{r.answer}': {r.value:g} %. {r.note}"
            for r in fear.sort_values("as_of").itertuples()
        ]
    )
    return claims.judge(
        "locals_sympathise",
        parts,
        measured="; ".join(measured) or None,
        question=as_known(
            (
                f"do the latest polls in {_names(country_codes)} find more people positive than "
                "negative about the Russian arrivals?"
            ),
            known_by,
        ),
        evidence=evidence,
        sources=_urls(accounts, others, fear),
    )


SECTORS = {
    "school places": ("school_places_deficit", "three_shift_schools", "pupils per school place"),
    "kindergarten places": ("kindergarten_waiting_list",),
}


def school_kindergarten_shortage_pre(
    schools: pd.DataFrame,
    reports: pd.DataFrame,
    country_codes: list[str],
    before: pd.Timestamp = FIRST_WAVE,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`school_kindergarten_shortage_pre`: for each country and for schools and kindergartens
    apart, does the latest official figure dated before `before` show a shortage?

    Forecasts do not count, and pre-school coverage is not by itself a shortage of places.
    """
    readings = shortage_readings(schools)
    day = f"{before:%-d %b %Y}"
    parts = []
    for code in country_codes:
        name = countries.name(code)
        for sector, indicators in SECTORS.items():
            what = f"{name}: the latest official figure on {sector} before {day} shows a shortage"
            rows = readings[
                (readings["country"] == code)
                & (readings["kind"] == "official")
                & (readings["as_of"] < before)
                & readings["indicator"].isin(indicators)
            ]
            if rows.empty:
                coverage = schools[
                    (schools["country"] == code)
                    & (schools["indicator"] == "preschool_coverage")
                    & (schools["as_of"] < before)
                ]
                because = (
                    f"school_places holds no official figure on {sector} in {name} "
                    f"dated before {day}"
                )
                if sector.startswith("kindergarten") and not coverage.empty:
                    because += (
                        "; only pre-school coverage ("
                        + ", ".join(
                            f"{r.area} {r.value:g} % in {when(r.as_of, r.as_of_precision)}"
                            for r in coverage.itertuples()
                        )
                        + "), which counts children in pre-school, not places short"
                    )
                parts.append(rules.part(what, None, because + ".", _urls(coverage)))
                continue
            latest = rows[rows["as_of"] == rows["as_of"].max()]
            because = "; ".join(
                f"{r.indicator.replace('_', ' ')}: {r.reading} ({r.as_of:%Y}, {r.statement_by})"
                for r in latest.itertuples()
            )
            parts.append(
                rules.part(what, bool(latest["shortage"].any()), because + ".", _urls(latest))
            )
    later = readings[readings["country"].isin(country_codes) & (readings["as_of"] >= before)]
    enrolment = reports[
        (reports["topic"] == "school_enrolment") & reports["country"].isin(country_codes)
    ]
    evidence = " ".join(
        [
            "Figures dated after "
            + day
            + ": "
            + "; ".join(
                f"{countries.name(r.country)} {r.indicator.replace('_', ' ')} {r.reading} "
                f"({r.as_of:%b %Y}, {r.kind})"
                for r in later.itertuples()
            )
            + "."
        ]
        * (not later.empty)
        + [f"{r.summary} ({r.publisher}, {r.as_of:%-d %b %Y})" for r in enrolment.itertuples()]
    )
    return claims.judge(
        "school_kindergarten_shortage_pre",
        parts,
        question=as_known(
            (
                "was there a shortage of school and kindergarten places in "
                f"{_names(country_codes)} before {day}?"
            ),
            known_by,
        ),
        evidence=evidence,
        sources=_urls(later, enrolment),
    )


def _reaches_part(
    name: str, rows: pd.DataFrame, claimed: float, tolerance: float, none: str, every: bool
):
    """Holds if the highest figure comes within `tolerance` of the claimed multiple or passes
    it: rents that tripled were also relet for twice the price, so a figure above the claim
    counts as reaching it (it is capped at the claim before the gap is measured). With
    `every`, the sentence names every figure, not only the highest."""
    if rows.empty:
        return rules.part(name, None, none)
    best = rows.loc[rows["multiple"].idxmax()]
    if every:
        listed = "; ".join(
            f"{r.label} ×{r.multiple:.2f} ({r.publisher})" for r in rows.itertuples()
        )
        because = f"{len(rows)} figure(s): {listed}."
    else:
        because = (
            f"highest: {best['label']}, ×{best['multiple']:.2f} ({best['publisher']}); "
            f"{len(rows)} figure(s) from ×{rows['multiple'].min():.2f} "
            f"to ×{rows['multiple'].max():.2f}."
        )
    because += f" A figure at or above ×{claimed:g} reaches it."
    reached = min(float(best["multiple"]), claimed)
    return rules.within(name, reached, claimed, tolerance, because=because, sources=_urls(rows))


def rent_relet_twice_price(
    rents: pd.DataFrame,
    country_codes: list[str],
    twice: float = 2.0,
    tolerance: float = 0.15,
    cutoff: pd.Timestamp = MOBILIZATION,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`rent_relet_twice_price`: did rents reach `twice` the price, within `tolerance`?

    Two parts, never merged. The reports: what the press and tenants reported for long-term
    lets after the arrivals (the kind of report the article repeats: NewTimes.kz and
    Tengrinews on Uralsk, JAMnews on a Yerevan tenant asked double and then evicted). The
    city-wide averages, over at most a year across the cut-off. Each holds if its highest
    figure reaches the claim, less the tolerance. "Up to" maxima and daily lets are shown,
    not tested: a maximum is not an average, and a daily let is not a relet.
    """
    evidence = twice_price_evidence(rents, country_codes, cutoff)
    averages = evidence[evidence["evidence"] == "city average"]
    reports = evidence[evidence["evidence"] == "report"]
    names = _names(country_codes)
    parts = [
        _reaches_part(
            f"a report or single case on a long-term let puts the rent at ×{twice:g} or more",
            reports,
            twice,
            tolerance,
            f"rents holds no report or single case on a long-term let in {names} dated after "
            f"{FIRST_WAVE:%-d %b %Y}.",
            every=True,
        ),
        _reaches_part(
            f"a city-wide average of long-term rents reached ×{twice:g} over at most a year "
            f"across {cutoff:%-d %b %Y}",
            averages,
            twice,
            tolerance,
            f"rents holds no long-term city-wide average for {names} over at most a year "
            f"across {cutoff:%-d %b %Y}.",
            every=False,
        ),
    ]
    spans = [
        f"{what} ×{rows['multiple'].min():.2f} to ×{rows['multiple'].max():.2f}"
        for what, rows in (("reports", reports), ("city averages", averages))
        if not rows.empty
    ]
    untested = evidence[evidence["evidence"].isin(["maximum", "daily lets"])]
    return claims.judge(
        "rent_relet_twice_price",
        parts,
        measured="; ".join(spans) or None,
        claimed=twice,
        question=as_known(
            (
                f"did rents in {names} reach ×{twice:g} (less {tolerance * 100:g} %) "
                f"around {cutoff:%-d %b %Y}?"
            ),
            known_by,
        ),
        evidence=(
            "Shown, not tested: "
            + "; ".join(
                f"{r.label} ×{r.multiple:.2f} ({EVIDENCE[r.evidence]})"
                for r in untested.itertuples()
            )
            + "."
        )
        if len(untested)
        else "",
        sources=_urls(untested),
    )


def _strength_count(found: pd.DataFrame) -> str:
    credible = int((found["strength"] == "credible").sum())
    return f"{credible} credible, {len(found) - credible} weak report(s)"


def _reports_parts(found: pd.DataFrame, what: str, searched: str) -> list[rules.Part]:
    """Two parts for "there are reports that ...": that any report was found, and that one
    of them is credible. An absence in a hand-compiled table proves nothing (not tested);
    reports that are all weak make the second part fail."""
    listing = " ".join(
        f"{r.publisher} ({r.place}, {r.as_of:%b %Y}; {r.basis.replace('_', ' ')}, "
        f"{r.confidence} confidence): {r.summary}"
        for r in found.itertuples()
    )
    none = f"none in {searched}; the table is compiled by hand, so an absence proves nothing."
    credible = found[found["strength"] == "credible"]
    first = rules.part(
        f"a report of {what}", True if len(found) else None, listing or none, _urls(found)
    )
    if found.empty:
        second = rules.part(f"a credible report of {what}", None, "no report to assess.")
    else:
        because = (
            f"{len(credible)} of {len(found)} credible (a press report, official statement or "
            "poll on a page of medium or high confidence)"
            + (
                ": " + "; ".join(f"{r.publisher} ({r.place})" for r in credible.itertuples())
                if len(credible)
                else ""
            )
            + "."
        )
        second = rules.part(
            f"a credible report of {what}", bool(len(credible)), because, _urls(credible)
        )
    return [first, second]


def evictions_relet_russians(
    reports: pd.DataFrame,
    country_codes: list[str],
    since: pd.Timestamp = FIRST_WAVE,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`evictions_relet_russians`: reports of tenants evicted so that landlords could relet
    to the arrivals, in the countries in scope since `since`, and whether one is credible."""
    found = sort_reports(reports, ["eviction_to_relet"], country_codes, since)
    context = sort_reports(
        reports, ["untaxed_letting", "rental_market_response"], country_codes, since
    )
    scope = f"{_names(country_codes)} since {since:%-d %b %Y}"
    parts = _reports_parts(
        found,
        "tenants evicted so that landlords could relet to the arrivals",
        f"local_reports (topic eviction_to_relet) for {scope}",
    )
    return claims.judge(
        "evictions_relet_russians",
        parts,
        measured=_strength_count(found),
        question=as_known(
            (
                "were there reports of tenants evicted so that landlords could relet to the "
                f"arrivals in {scope}?"
            ),
            known_by,
        ),
        evidence=(
            "Context: " + " ".join(f"{r.summary} ({r.publisher})" for r in context.itertuples())
        )
        if len(context)
        else "",
        sources=_urls(context),
    )


def nationalists_fear_ethnic_shift(
    reports: pd.DataFrame,
    ethnic: pd.DataFrame,
    statements: pd.DataFrame,
    arrivals: int,
    region: str,
    country_codes: tuple[str, ...] = ("KAZ", "KGZ"),
    since: pd.Timestamp = MOBILIZATION,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`nationalists_fear_ethnic_shift`: reports of locals fearing that the arrivals would
    change the ethnic balance, and whether one is credible. The scenario of `arrivals`
    settling (nationally, and in `region`) sizes the fear; it is evidence, not a part."""
    found = sort_reports(reports, ["fear_of_ethnic_shift"], list(country_codes), since)
    protests = sort_reports(reports, ["protest_against_influx"], list(country_codes), since)
    scope = f"{_names(country_codes)} since {since:%-d %b %Y}"
    parts = _reports_parts(
        found,
        "locals fearing that the arrivals would change the ethnic balance",
        f"local_reports (topic fear_of_ethnic_shift) for {scope}",
    )
    stayed = statements[
        (statements["metric"] == "remaining") & statements["destination"].isin(country_codes)
    ].sort_values("as_of")
    national = scenario(ethnic, "Kazakhstan", arrivals)
    local = scenario(ethnic, region, arrivals)
    evidence = " ".join(
        [
            f"Related: {r.summary} ({r.publisher}; not about the ethnic balance)."
            for r in protests.itertuples()
        ]
        + [
            f"Officially stated as still there: {r.value:,.0f}"
            + ("" if pd.isna(r.value_high) else f"–{r.value_high:,.0f}")
            + f" in {countries.name(r.destination)} ({r.statement_by}, {r.as_of:%-d %b %Y}, "
            f"{r.confidence} confidence)."
            for r in stayed.itertuples()
        ]
        + [
            f"Size of the possible effect: {arrivals:,} Russians staying would raise the "
            f"Russian share of Kazakhstan by {national['change_pp']:.2f} points "
            f"({national['share_before']:.2f} % to {national['share_after']:.2f} %), and of "
            f"{region} by {local['change_pp']:.2f} points if all settled there ({local['how']})."
        ]
    )
    census = ethnic[ethnic["area"].isin(["Kazakhstan", region]) & (ethnic["basis"] == "census")]
    return claims.judge(
        "nationalists_fear_ethnic_shift",
        parts,
        measured=_strength_count(found),
        question=as_known(
            f"were there reports of locals fearing an ethnic shift in {scope}?", known_by
        ),
        evidence=evidence,
        sources=_urls(protests, stayed, census),
    )


def _census_path(ethnic: pd.DataFrame, country: str) -> tuple[str, list[str]]:
    """ "7.8 % (2009) → 4.1 % (2022); 9 %, 9.1 % (2009) do not fit ...": the national census
    shares the projection uses, the ones it drops and why, and the pages behind them."""
    checked = census_shares(ethnic, country)
    used, dropped = checked[checked["fits"]], checked[~checked["fits"]]
    text = " → ".join(
        ", ".join(f"{v:g} %" for v in sorted(rows["value"])) + f" ({day:%Y})"
        for day, rows in used.groupby("as_of")
    )
    for day, rows in dropped.groupby("as_of"):
        r = rows.iloc[0]
        text += (
            f"; {', '.join(f'{v:g} %' for v in sorted(rows['value']))} ({day:%Y}) do not fit "
            f"that census: {r['count']:,.0f} Russians of {r['population']:,.0f} people "
            f"({r['how']}) is {r['implied']:.2f} %, so they are not used"
        )
    urls = list(checked["source_url"]) + [u for t in checked["check_urls"] for u in t]
    return text, urls


def _significant(
    ethnic: pd.DataFrame, areas: list[str], share: float, to_date: pd.Timestamp
) -> tuple[list[rules.Part], str]:
    """Two parts per area, each decided by the chosen share: the latest figure, and that
    figure carried forward at the national census-to-census rate of decline."""
    table = significance(ethnic, areas, share * 100, to_date)
    latest = latest_shares(ethnic).set_index("area")
    parts = []
    for r in table.itertuples():
        first = f"{r.area}: the latest Russian share is significant"
        second = f"{r.area}: that share carried forward to {to_date:%b %Y} is significant"
        if pd.isna(r.latest):
            none = f"ethnic_russians holds no Russian share for {r.area}."
            parts += [rules.part(first, None, none), rules.part(second, None, none)]
            continue
        row = latest.loc[r.area]
        path, national = _census_path(ethnic, row["country"])
        parts.append(
            rules.at_least(
                first,
                r.latest / 100,
                share,
                param=SHARE_PARAM,
                because=f"{r.latest:g} % ({r.basis}, {r.year}; {row['publisher']}).",
                sources=[r.source_url],
                fmt="{:.1%}",
            )
        )
        parts.append(
            rules.at_least(
                second,
                r.projected_high / 100,
                share,
                param=SHARE_PARAM,
                because=(
                    f"an assumption, not a figure: {r.latest:g} % in {r.year}, falling as fast as "
                    f"{countries.name(row['country'])}'s census share ({path}), gives "
                    f"{rules.span_text(r.projected_low, r.projected_high, 1)} % by "
                    f"{to_date:%b %Y}; the upper end is tested."
                ),
                sources=[r.source_url, *national],
                fmt="{:.1%}",
            )
        )
    measured = "; ".join(
        f"{r.area} {r.latest:g} % ({r.year})" for r in table.dropna(subset=["latest"]).itertuples()
    )
    return parts, measured


def ethnic_russians_north_kz(
    ethnic: pd.DataFrame,
    share: float,
    to_date: pd.Timestamp,
    areas: tuple[str, ...] = NORTH,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`ethnic_russians_north_kz`: is the Russian share of each northern region at least
    `share` (0.2 = one resident in five), as last measured and carried forward to `to_date`?"""
    parts, measured = _significant(ethnic, list(areas), share, to_date)
    others = latest_shares(ethnic).query("area == 'Astana'")
    almaty = ethnic[
        (ethnic["area"] == "Almaty") & (ethnic["metric"] == "russians_count")
    ].sort_values("as_of")
    census = ethnic[
        (ethnic["area_code"] == "KAZ")
        & (ethnic["basis"] == "census")
        & (ethnic["metric"] == "russians_share")
    ]
    evidence = (
        "National census shares: "
        + ", ".join(
            f"{r.value:g} % ({r.as_of:%Y})" for r in census.sort_values("as_of").itertuples()
        )
        + ". Elsewhere: "
        + "; ".join(
            f"{r.area} {r.value:g} % ({r.as_of:%Y}, {BASIS_LABELS[r.basis]})"
            for r in others.itertuples()
        )
        + "; Almaty city had "
        + ", ".join(
            f"{r.value:,.0f} Russians ({when(r.as_of, r.as_of_precision)}, {BASIS_LABELS[r.basis]})"
            for r in almaty.itertuples()
        )
        + "."
    )
    return claims.judge(
        "ethnic_russians_north_kz",
        parts,
        measured=measured,
        question=as_known(
            (
                f"are ethnic Russians at least {share * 100:g} % of the population of "
                f"{', '.join(areas)}?"
            ),
            known_by,
        ),
        evidence=evidence,
        sources=_urls(census, others, almaty),
    )


def ethnic_russians_bishkek(
    ethnic: pd.DataFrame, share: float, to_date: pd.Timestamp, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """`ethnic_russians_bishkek`: is Bishkek's Russian share at least `share`, as last
    measured (2009) and carried forward to `to_date` at Kyrgyzstan's rate of decline?"""
    parts, measured = _significant(ethnic, ["Bishkek"], share, to_date)
    shares = ethnic[ethnic["metric"] == "russians_share"]
    city = shares[shares["area"] == "Bishkek"].sort_values("as_of")
    chuy = shares[shares["area"] == "Chüy"]
    kgz = shares[(shares["area_code"] == "KGZ") & (shares["basis"] == "census")].sort_values(
        ["as_of", "value"]
    )
    evidence = (
        "Bishkek: "
        + ", ".join(f"{r.value:g} % ({r.as_of:%Y})" for r in city.itertuples())
        + f"; the latest figure for the city is from {city['as_of'].max():%Y}. "
        + "The surrounding Chüy region: "
        + ", ".join(f"{r.value:g} % ({r.as_of:%Y})" for r in chuy.itertuples())
        + ". Kyrgyzstan's census shares: "
        + ", ".join(f"{r.value:g} % ({r.as_of:%Y}, {r.publisher})" for r in kgz.itertuples())
        + "."
    )
    return claims.judge(
        "ethnic_russians_bishkek",
        parts,
        measured=measured,
        question=as_known(
            f"are ethnic Russians at least {share * 100:g} % of Bishkek's population?", known_by
        ),
        evidence=evidence,
        sources=_urls(city, chuy, kgz),
    )


# ----------------------------------------------------------------------------- summaries


def already_happening(rents: pd.DataFrame, cutoff: pd.Timestamp = MOBILIZATION) -> str:
    """What the BNS rent survey recorded up to the mobilization month, and how far Krisha's
    asking rents fell back from their peak: one line per month, from the rows."""
    month_end = cutoff + pd.offsets.MonthEnd(0)
    bns = rents[
        (rents["measure"] == "official_survey")
        & rents["comparison"].isin(["year_on_year", "month_on_month"])
        & (rents["as_of"] <= month_end)
    ]
    lines = []
    for as_of, rows in bns.groupby("as_of"):
        rows = rows.sort_values(["comparison", "place"], ascending=[False, True])
        figures = "; ".join(
            f"{r.place} {r.value:+.1f} % {COMPARISON_WORDS[r.comparison]}"
            for r in rows.itertuples()
        )
        after = " (the mobilization month)" if as_of > cutoff else ""
        lines.append(f"BNS, {as_of:%b %Y}{after}: {figures}.")
    start = month_end - pd.offsets.MonthEnd(1)
    derived = level_change(rents, "Kazakhstan", "official_survey", start, month_end)
    if derived is not None:
        lines.append(
            f"BNS, {month_end:%b %Y}: Kazakhstan {derived:+.1f} % m/m (derived from the levels of "
            f"{start:%-d %b} and {month_end:%-d %b %Y})."
        )
    peak = rents[rents["comparison"] == "since_peak"]
    if not peak.empty:
        lines.append(
            f"Krisha asking rents, {peak['as_of'].max():%-d %b %Y}: {peak['value'].max():+g} % to "
            f"{peak['value'].min():+g} % from their peak ("
            + ", ".join(f"{r.place} {r.value:+g} %" for r in peak.itertuples())
            + ")."
        )
    return "\n".join(lines)


def in_short(
    split: pd.DataFrame, evidence: pd.DataFrame, ethnic: pd.DataFrame, arrivals: int
) -> str:
    """The notebook's summary in figures, computed from the tables it showed."""
    lines = []
    bns = split[(split["place"] == "Kazakhstan") & (split["kind"] == "official price survey")]
    bns = bns.dropna(subset=["share_before"])
    if not bns.empty:
        r = bns.iloc[0]
        lines.append(
            f"Kazakhstan's statistics bureau: rents {r['before']:+.1f} % in the twelve months "
            f"to the baseline month, then {r['after']:+.1f} % ({r['after_window']}): "
            f"{r['share_before'] * 100:.0f} % of the combined {r['combined']:+.1f} % came first."
        )
    for what, rows in evidence.groupby("evidence"):
        top = rows.loc[rows["multiple"].idxmax()]
        lines.append(f"Highest {what}: ×{top['multiple']:.2f} ({top['label']}).")
    latest = latest_shares(ethnic).set_index("area")
    north = latest.loc[latest.index.isin(NORTH), "value"]
    lines.append(
        f"Ethnic Russians: {north.min():g}–{north.max():g} % of the four northern regions of "
        f"Kazakhstan (latest figures); Bishkek {latest.loc['Bishkek', 'value']:g} % "
        f"({latest.loc['Bishkek', 'as_of']:%Y})."
    )
    national = scenario(ethnic, "Kazakhstan", arrivals)
    lines.append(
        f"{arrivals:,} Russians staying would move Kazakhstan's Russian share by "
        f"{national['change_pp']:.2f} points ({national['share_before']:.2f} % to "
        f"{national['share_after']:.2f} %)."
    )
    return "\n".join(lines)


def census_vs_latest(table: pd.DataFrame, ethnic: pd.DataFrame) -> str:
    """Where the scenario's census share differs from the latest figure of any kind that the
    chart of shares shows (Pavlodar: 2009 census against a 2021 figure), say which is which."""
    latest = latest_shares(ethnic).set_index("area")
    lines = []
    for r in table.itertuples():
        if r.area not in latest.index:
            continue
        other = latest.loc[r.area]
        if abs(other["value"] - r.share_before) < 0.05:
            continue
        lines.append(
            f"{r.area}: the scenario starts from the {r.census} census, {r.share_before:g} %; "
            f"the chart of shares shows the latest figure of any kind, {other['value']:g} % "
            f"({other['as_of']:%Y}, {other['basis_label']})."
        )
    return "\n".join(lines)


def tables_known_by(known_by: object) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(TABLES, known_by)
