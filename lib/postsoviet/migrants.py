"""Labour migrants between two passports: remittances, recruitment, warnings and what followed.

The figures come from three kinds of table: the World Bank's remittance and GDP series
(one producer, one vintage), official statements reported by the press (one row per
statement, disagreements kept), and the legal texts and warnings behind the article's
attribution. These helpers select and shape them for the notebook; where a figure is
computed from others rather than stated, its column or label says "derived".
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from postsoviet import countries

# The three states the article names ("foreign ministries in Uzbekistan, Tajikistan, and
# Kyrgyzstan"); the warnings and dual-citizenship claims are read for these.
NAMED = ("UZB", "TJK", "KGZ")
# Short names for chart labels, including the areas some reports count as one.
NAMES = {**countries.NAMES, "central_asia": "Central Asia", "all": "all citizenships"}
MINISTRY, MISSIONS = {"ministry_of_foreign_affairs"}, {"embassy", "consulate"}


def remittance_panel(
    remittances: pd.DataFrame, codes: Iterable[str], first: int, last: int
) -> pd.DataFrame:
    """Remittances as % of GDP, one row per year and one column per country, in given order."""
    codes = list(codes)
    rows = remittances[
        remittances["country"].isin(codes) & remittances["year"].between(first, last)
    ]
    panel = rows.pivot(index="year", columns="country", values="remittances_pct_gdp")
    return panel.reindex(columns=codes).sort_index()


def remittances_usd(remittances: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Remittances in US$ billion, derived as (% of GDP) x GDP / 100 for years with both.

    The World Bank publishes the US$ series itself (BX.TRF.PWKR.CD.DT) but it is not in
    the project's data; this derivation reproduces it up to rounding of the % figure.
    Years without a GDP figure are dropped rather than guessed.
    """
    both = remittances.merge(gdp, on=["country", "year"], how="inner", validate="one_to_one")
    both["remittances_usd_bn_derived"] = (
        both["remittances_pct_gdp"] * both["gdp_usd"] / 100 / 1e9
    ).round(2)
    return both[["country", "year", "remittances_usd_bn_derived"]].sort_values(
        ["country", "year"], ignore_index=True
    )


def dependence(panel: pd.DataFrame, highlight: int, usd: pd.DataFrame) -> pd.DataFrame:
    """Each country's remittance share in the highlight year, the year before, and its peak.

    Sorted by dependence in the highlight year, largest first; the US$ column is derived.
    """
    before = highlight - 1
    usd_in_year = usd[usd["year"] == highlight].set_index("country")["remittances_usd_bn_derived"]
    rows = []
    for code in panel.columns:
        series = panel[code].dropna()
        rows.append(
            {
                "country": code,
                "name": countries.name(code),
                f"% of GDP {before}": series.get(before, np.nan),
                f"% of GDP {highlight}": series.get(highlight, np.nan),
                "change, points": round(
                    series.get(highlight, np.nan) - series.get(before, np.nan), 2
                ),
                "peak year in range": int(series.idxmax()) if len(series) else pd.NA,
                f"US$ bn {highlight} (derived)": usd_in_year.get(code, np.nan),
            }
        )
    table = pd.DataFrame(rows).round(2)
    return table.sort_values(f"% of GDP {highlight}", ascending=False, ignore_index=True)


def spread_labels(values: Iterable[float], gap: float) -> list[float]:
    """Label heights for line ends, pushed apart so no two are closer than `gap`.

    Keeps the order of the values and moves labels as little as possible upwards, so eight
    lines ending near zero stay readable without a legend.
    """
    values = list(values)
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    floor = -np.inf
    for i in order:
        placed[i] = max(values[i], floor + gap)
        floor = placed[i]
    return placed


def growth_2022(flows: pd.DataFrame) -> pd.DataFrame:
    """Transfers from Russia in 2022 against 2021, per country: stated multiples and derived ones.

    A central bank's stated multiple is used as it is. Where only the two levels are
    stated (Georgia), the multiple is derived from them and labelled so. A country with
    both keeps both as a low-high range.
    """
    stated = flows[flows["metric"] == "transfers_from_russia_growth"]
    rows = [
        {
            "country": r.country,
            "period": f"{r.period_start:%b}–{r.as_of:%b %Y}",
            "times 2021": r.value,
            "how": "stated",
            "statement_by": r.statement_by,
            "publisher": r.publisher,
            "source_url": r.source_url,
        }
        for r in stated.itertuples()
    ]
    levels = flows[flows["metric"] == "transfers_from_russia"]
    for code, group in levels.groupby("country"):
        by_year = {
            (r.period_start.year, r.period_start.month, r.as_of.month): r
            for r in group.itertuples()
        }
        for (year, start_month, end_month), later in by_year.items():
            earlier = by_year.get((year - 1, start_month, end_month))
            if year == 2022 and earlier is not None:
                rows.append(
                    {
                        "country": code,
                        "period": f"{later.period_start:%b}–{later.as_of:%b %Y}",
                        "times 2021": round(later.value / earlier.value, 2),
                        "how": "derived from two stated levels",
                        "statement_by": later.statement_by,
                        "publisher": f"{later.publisher}; {earlier.publisher}",
                        "source_url": f"{later.source_url} {earlier.source_url}",
                    }
                )
    table = pd.DataFrame(rows)
    table.insert(1, "name", table["country"].map(countries.name))
    return table.sort_values(["times 2021", "country"], ascending=[False, True], ignore_index=True)


def migrants_by_citizenship(migrants: pd.DataFrame) -> pd.DataFrame:
    """Patents and entries for work per citizenship and period, as a low-high range of reports."""
    frame = migrants.assign(
        period=migrants["period_start"].dt.strftime("%Y-%m")
        + "/"
        + migrants["as_of"].dt.strftime("%Y-%m")
    )
    table = frame.groupby(["metric", "period", "citizenship"], as_index=False).agg(
        low=("value", "min"),
        high=("value", "max"),
        reports=("source_url", "nunique"),
        publishers=("publisher", lambda s: "; ".join(sorted(set(s)))),
    )
    return table.sort_values(
        ["metric", "period", "high"], ascending=[True, True, False], ignore_index=True
    )


def per_thousand_residents(
    table: pd.DataFrame, population: pd.DataFrame, year: int
) -> pd.DataFrame:
    """Add a derived column: the high figure per 1,000 residents of the citizenship's country."""
    residents = population[population["year"] == year].set_index("country")["population"]
    out = table.copy()
    out[f"per 1,000 residents {year} (derived)"] = [
        round(h / residents[c] * 1000, 1) if c in residents.index else np.nan
        for c, h in zip(out["citizenship"], out["high"], strict=True)
    ]
    return out


def penalty_text(row: pd.Series) -> str:
    """ "5–10 years", "up to 10 years", or why no penalty is shown (never a filled-in guess)."""
    if row["status"] == "not_stated":
        return "not stated by the source"
    if row["status"] == "not_retrieved":
        return "not retrieved (unverified)"
    low, high = row["penalty_min_years"], row["penalty_max_years"]
    unit = {
        "imprisonment": "years' imprisonment",
        "restriction_or_imprisonment": "years' restriction of liberty or imprisonment",
        "fine_or_correctional_labour": "years' correctional labour, or a fine",
    }.get(row["sanction"], "years")
    if pd.isna(low):
        return f"up to {high:g} {unit}"
    return f"{low:g}–{high:g} {unit}"


def law_table(law: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """The legal table: country, article, offence, penalty as stated, who stated it."""
    rows = law[law["country"].isin(list(codes))].copy()
    rows["penalty"] = rows.apply(penalty_text, axis=1)
    columns = ["country", "article", "offence", "penalty", "stated_by", "as_of", "publisher"]
    return rows[columns].sort_values(["country", "article", "as_of"], ignore_index=True)


def warnings_table(warnings: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """The warnings table: country, body, date, what was said, source; in date order."""
    rows = warnings[warnings["country"].isin(list(codes))]
    columns = ["as_of", "country", "body", "body_type", "paraphrase", "publisher"]
    return rows[columns].sort_values(["as_of", "country", "body"], ignore_index=True)


def issuers_in_window(
    warnings: pd.DataFrame, places: Iterable[str], start: pd.Timestamp, days: int
) -> dict[str, set[str]]:
    """The kinds of government body that warned in each place within `days` from `start`.

    Religious boards are not government bodies and are left out here.
    """
    window = warnings[
        warnings["as_of"].between(start, start + pd.Timedelta(days=days - 1))
        & (warnings["body_type"] != "religious_board")
    ]
    return {place: set(window.loc[window["country"] == place, "body_type"]) for place in places}


def first_last(series_rows: pd.DataFrame, after: pd.Timestamp) -> dict[str, tuple[float, float]]:
    """Earliest and latest reading of each (area, metric) counted at two dates or more.

    Readings describe different dates; only counts of the same thing by the same metric
    are compared, and only readings made after `after` (the article) count.
    """
    rows = series_rows[series_rows["as_of"] > after]
    out = {}
    for (area, metric), group in rows.groupby(["area", "metric"]):
        group = group.sort_values("as_of")
        if group["as_of"].nunique() < 2 or metric == "convictions_reported":
            continue  # verdicts per report are events, not a running count
        first, last = group.iloc[0], group.iloc[-1]
        label = NAMES[area]
        out[f"{label}, {metric.replace('_', ' ')} ({first.as_of:%b %Y}–{last.as_of:%b %Y})"] = (
            float(first.value),
            float(last.value),
        )
    return dict(sorted(out.items()))
