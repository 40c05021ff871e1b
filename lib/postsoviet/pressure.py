"""Rents, school places and the ethnic balance: the arithmetic behind notebook 05.

The article blames the Russian arrivals for "more mundane" strains at home. Each helper
here answers one part of a fairer question: what had already been happening before the
arrivals, and how large could their effect have been? Rents are split at a baseline
month, so that a rise that came before 21 September 2022 is not counted as the influx's;
"twice the price" is tested on city-wide averages before anecdotes; the ethnic scenario
uses census counts and says plainly when a region has none.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from postsoviet.params import ParameterError

MOBILIZATION = pd.Timestamp("2022-09-21")  # Russia's partial mobilization was announced
FIRST_WAVE = pd.Timestamp("2022-02-24")  # the invasion of Ukraine, and the first wave of arrivals

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


def twice_price_evidence(
    rents: pd.DataFrame,
    countries: list[str],
    cutoff: pd.Timestamp = MOBILIZATION,
    max_days: int = 372,
) -> pd.DataFrame:
    """The figures that can test "relet for twice the price", labelled average or report.

    Averages: long-term rents from a survey, CPI component or asking-price index, over a
    window of at most `max_days` (about a year, the life of a lease) that starts on or
    before the cut-off and ends after it. Reports: realtors' estimates, local reports,
    single cases and short-term lets dated after the first wave of arrivals.
    """
    rows = rents[rents["country"].isin(countries)].assign(multiple=multiples(rents))
    rows = rows[rows["multiple"].notna()]
    span = (rows["as_of"] - rows["base"]).dt.days
    is_average = (
        rows["measure"].isin(AVERAGES)
        & (rows["market"] == "long_term")
        & (rows["base"] <= cutoff)
        & (rows["as_of"] > cutoff)
        & (span <= max_days)
    )
    is_report = (rows["measure"].isin(ANECDOTES) | (rows["market"] == "short_term")) & (
        rows["as_of"] >= FIRST_WAVE
    )
    chosen = rows[is_average | is_report].assign(
        evidence=np.where(is_average[is_average | is_report], "city average", "report")
    )
    kind = chosen["measure"].map(MEASURE_LABELS) + np.where(
        chosen["market"] == "short_term", " (daily lets)", ""
    )
    chosen = chosen.assign(kind=kind)
    chosen = chosen.assign(
        label=[f"{r.place}: {_window_text(r)} ({r.kind})" for r in chosen.itertuples()]
    )
    return (
        chosen[
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
            ]
        ]
        .sort_values(["evidence", "multiple", "place"], ascending=[True, False, True])
        .reset_index(drop=True)
    )


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


def shortage_before(
    readings: pd.DataFrame, countries: list[str], before: pd.Timestamp = FIRST_WAVE
) -> dict[str, bool | None]:
    """Per country: did an official figure dated before `before` show a shortage?

    None when no official figure from before that date exists for the country.
    """
    result: dict[str, bool | None] = {}
    for country in countries:
        rows = readings[
            (readings["country"] == country)
            & (readings["kind"] == "official")
            & (readings["as_of"] < before)
        ]
        result[country] = None if rows.empty else bool(rows["shortage"].any())
    return result


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


def sympathy(balance: pd.DataFrame, countries: list[str]) -> dict[str, bool | None]:
    """Per country: does the latest poll on the arrivals find more positive than negative?"""
    result: dict[str, bool | None] = {}
    for country in countries:
        rows = balance[balance["country"] == country].sort_values("as_of")
        result[country] = (
            None if rows.empty else bool(rows.iloc[-1]["positive"] > rows.iloc[-1]["negative"])
        )
    return result


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
    rows = ethnic[(ethnic["basis"] == "census") & (ethnic["metric"] != "population")]
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
    russians_rows = census[census["metric"] != "population"]
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
    """The figure of `metric` from the most trusted page, preferring exact over rounded."""
    found = rows[rows["metric"] == metric]
    if found.empty:
        return None
    ranked = found.assign(
        c=found["confidence"].map(_CONFIDENCE), q=(found["qualifier"] != "exact").astype(int)
    ).sort_values(["c", "q", "value"])
    return float(ranked.iloc[0]["value"])


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


def national_decline(ethnic: pd.DataFrame, country: str) -> tuple[float, float]:
    """Yearly factor (low, high) by which the national Russian share fell between the two
    latest censuses; two figures for the earlier census give a range, never an average."""
    census = ethnic[
        (ethnic["country"] == country)
        & (ethnic["area_code"] == country)
        & (ethnic["basis"] == "census")
        & (ethnic["metric"] == "russians_share")
    ]
    dates = sorted(census["as_of"].unique())[-2:]
    if len(dates) < 2:
        raise ValueError(f"{country} has fewer than two censuses with a Russian share.")
    early = census[census["as_of"] == dates[0]]["value"]
    late = census[census["as_of"] == dates[1]]["value"].iloc[0]
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
