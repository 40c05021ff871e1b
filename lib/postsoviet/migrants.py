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

from postsoviet import claims, countries, known, rules
from postsoviet.known import as_known

# Tables whose rows carry `published`, filtered by the knowledge cut-off, and the tables used
# whole: the World Bank series (one producer, one vintage) and the article itself.
DATED = (
    "remittance_flows",
    "migrants_in_russia",
    "recruitment_terms",
    "fighting_abroad_law",
    "fighting_abroad_warnings",
    "dual_citizenship",
    "fighters_reported",
    "pow_reports",
)
WHOLE = ("wb_remittances_pct_gdp", "wb_gdp_current_usd", "wb_population", "article_editions")


def tables_known_by(known_by: object, data_dir=None) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(DATED, known_by, whole=WHOLE, data_dir=data_dir)


def _known(known_by: pd.Timestamp | None) -> str:
    return "" if known_by is None else f" as known on {_day(known_by)}"


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
    columns = ["country", "period", "times 2021", "how", "statement_by", "publisher", "source_url"]
    table = pd.DataFrame(rows, columns=columns)
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


def other_readings(law: pd.DataFrame, dual: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """Where sources read the same thing differently: a penalty, or a state's dual citizenship.

    One row per source, for each state and article whose stated penalties differ, and for
    each state whose recognition of a second citizenship is reported more than one way.
    """
    codes = list(codes)
    rows = []
    stated = law[law["country"].isin(codes) & (law["status"] == "stated")].copy()
    stated["reading"] = stated.apply(penalty_text, axis=1)
    for (code, article), group in stated.groupby(["country", "article"]):
        if group["reading"].nunique() > 1:
            rows += [
                {
                    "state": countries.name(code),
                    "question": f"penalty for fighting abroad (article: {article})",
                    "reading": r.reading,
                    "who": r.stated_by,
                    "publisher": r.publisher,
                    "as_of": r.as_of,
                }
                for r in group.sort_values("as_of").itertuples()
            ]
    recognition = dual[dual["country"].isin(codes) & (dual["aspect"] == "home_recognition")]
    for code, group in recognition.groupby("country"):
        if group["status"].nunique() > 1:
            rows += [
                {
                    "state": countries.name(code),
                    "question": "does it recognise a Russian second citizenship?",
                    "reading": r.finding,
                    "who": r.statement_by,
                    "publisher": r.publisher,
                    "as_of": r.as_of,
                }
                for r in group.sort_values("as_of").itertuples()
            ]
    columns = ["state", "question", "reading", "who", "publisher", "as_of"]
    return pd.DataFrame(rows, columns=columns)


def warnings_table(warnings: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """The warnings table: country, body, date, what was said, source; in date order."""
    rows = warnings[warnings["country"].isin(list(codes))]
    columns = ["as_of", "country", "body", "body_type", "paraphrase", "publisher"]
    return rows[columns].sort_values(["as_of", "country", "body"], ignore_index=True)


# ---- tables in words ---------------------------------------------------------------------

RANK = {"low": 1, "medium": 2, "high": 3}
BODIES = {
    "ministry_of_foreign_affairs": "foreign ministry",
    "embassy": "embassy",
    "consulate": "consulate",
    "prosecutor": "prosecutor",
    "labour_migration_agency": "labour-migration agency",
    "religious_board": "religious board",
}
WORDS = {
    "item": {
        "duma_vote": "Duma passed the amendments",
        "min_contract_years": "shortest contract that opens the route (years)",
        "min_first_contract_years_before": "first contract of a foreign soldier before (years)",
        "recruitment_at_migrant_centre": "recruitment at a migrant centre announced",
        "law_signed": "law signed",
        "decree_signed": "presidential decree signed",
        "decree_amended": "decree amended",
        "citizenship_law_signed": "new citizenship law signed",
        "monthly_pay_offered": "monthly pay offered",
        "monthly_pay_reported": "monthly pay found in a court case",
        "migrant_earnings_benchmark": "what a Central Asian migrant typically earns",
        "wage_benchmark_average": "Russia's average wage",
        "wage_benchmark_median": "Russia's median wage",
    },
    "status": {
        "stated": "penalty stated",
        "not_stated": "no penalty stated",
        "not_retrieved": "penalty not retrieved",
        "recognised_by_treaty": "recognised by treaty",
        "recognised_with_non_neighbours": "recognised with states it does not border",
        "not_recognised": "not recognised (the holder stays a citizen)",
        "lost_on_acquiring": "lost on taking another citizenship",
        "called_up_by_russia": "called up by Russia",
        "prosecuted_at_home": "prosecuted at home",
        "exempted_reportedly": "reportedly exempted at home",
    },
    "aspect": {
        "home_recognition": "recognition at home",
        "russian_practice": "treatment in Russia",
        "home_practice": "treatment at home",
    },
    "finding": {
        "pow_exchanged_to_russia": "prisoner handed back to Russia in an exchange",
        "no_home_country_request": "no return home, no request from home governments",
        "dispute_with_moscow": "dispute with Moscow",
    },
    "metric": {
        "share_from_russia": "share from Russia (%)",
        "transfers_from_russia": "transfers from Russia",
        "transfers_from_russia_growth": "transfers from Russia, times the year before",
        "work_patents": "work patents",
        "entries_for_work": "entries for work",
        "criminal_cases_under_investigation": "criminal cases under investigation",
        "criminal_cases_opened_in_year": "criminal cases opened in the year",
        "convictions_reported": "convictions (one report)",
        "deaths_confirmed": "deaths confirmed",
        "pows_held_in_ukraine": "prisoners held in Ukraine",
    },
    "qualifier": {"exact": "exact", "about": "about", "more_than": "more than"},
    "body_type": BODIES,
    "sanction": {
        "imprisonment": "imprisonment",
        "restriction_or_imprisonment": "restriction of liberty or imprisonment",
        "fine_or_correctional_labour": "fine or correctional labour",
        "unspecified": "not specified",
    },
}
PLACES = ("country", "area", "citizenship")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with its codes in words: country names, kinds of body, statuses."""
    out = frame.copy()
    for column, words in WORDS.items():
        if column in out:
            out[column] = out[column].map(
                lambda v, w=words: w.get(v, v.replace("_", " ")) if isinstance(v, str) else v
            )
    for column in PLACES:
        if column in out:
            out[column] = out[column].map(lambda v: NAMES.get(v, v) if isinstance(v, str) else v)
    return out


# ---- the claims: each judged part by part from the rows --------------------------------

QUALIFIER = {"exact": "", "about": "about ", "more_than": "more than "}
# A home state that keeps the holder of a Russian passport as its own citizen.
KEEPS_CITIZENS = {"recognised_by_treaty", "recognised_with_non_neighbours", "not_recognised"}


def _day(day: pd.Timestamp) -> str:
    """21 Sep 2022 (no leading zero, on every platform)."""
    return f"{day.day} {day:%b %Y}"


def _urls(rows: pd.DataFrame) -> list[str]:
    return list(rows["source_url"]) if not rows.empty else []


def ru_recruits_migrants_good_pay(
    terms: pd.DataFrame,
    *,
    article_date: pd.Timestamp,
    good_pay_ratio: float,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Openly targeting migrants before the article, at pay well above what migrants earn.

    Good pay is judged on the offer made at the time (before the article), against what
    Central Asian migrants typically earned in Russia; pay found later in court cases and
    Russia's average wage are shown beside it, not used.
    """
    public = terms[terms["item"].isin(["recruitment_at_migrant_centre", "monthly_pay_offered"])]
    before = public[public["as_of"] <= article_date].sort_values("as_of")
    openly = rules.part(
        "a Russian authority publicly recruited foreigners among migrants before the article",
        not before.empty,
        "; ".join(
            f"{r.statement_by}, {_day(r.as_of)}: {r.note.rstrip('.')}" for r in before.itertuples()
        )
        or f"none of the {len(public)} announcements and offers in recruitment_terms"
        f"{_known(known_by)} is dated before {_day(article_date)}",
        _urls(public),
    )
    offers = before[before["item"] == "monthly_pay_offered"]
    earnings = terms[terms["item"] == "migrant_earnings_benchmark"].sort_values("as_of")
    average = terms[terms["item"] == "wage_benchmark_average"]
    if offers.empty or earnings.empty:
        ratio = None
        because = (
            f"recruitment_terms{_known(known_by)} holds no pay offered before the article"
            if offers.empty
            else f"recruitment_terms{_known(known_by)} holds no figure for what migrants earn"
        )
    else:
        offer, usual = offers.loc[offers["value"].idxmin()], earnings.iloc[-1]
        ratio = offer.value / usual.value
        because = (
            f"offered from {offer.value:,.0f} RUB a month ({offer.statement_by}, "
            f"{_day(offer.as_of)}); a Central Asian migrant typically earned {usual.value:,.0f} "
            f"({usual.statement_by}, reported {_day(usual.as_of)}): {ratio:.1f}×"
            + "".join(
                f"; Russia's average wage, {r.as_of.year}: {r.value:,.0f} "
                f"({offer.value / r.value:.1f}×)"
                for r in average.itertuples()
            )
        )
    good = rules.at_least(
        f"the pay offered is at least {good_pay_ratio:g}× what a migrant typically earns",
        ratio,
        good_pay_ratio,
        param="good_pay_ratio",
        because=because,
        sources=_urls(offers) + _urls(earnings) + _urls(average),
        fmt="{:.2f}",
    )
    later = terms[terms["item"] == "monthly_pay_reported"].sort_values("as_of")
    return claims.judge(
        "ru_recruits_migrants_good_pay",
        [openly, good],
        measured=None if ratio is None else round(ratio, 2),
        claimed=good_pay_ratio,
        question=as_known(
            f"did a Russian authority openly recruit migrants before {_day(article_date)}, "
            f"offering at least {good_pay_ratio:g}× what a migrant typically earns?",
            known_by,
        ),
        evidence="Pay found later in court cases (not used): "
        + "; ".join(
            f"{r.who}: {rules.span_text(r.value, r.value_high if r.value_high > 0 else r.value)}"
            f" RUB a month ({r.statement_by}, {_day(r.as_of)})"
            for r in later.itertuples()
        )
        + ".",
        sources=_urls(later),
    )


def _step(
    terms: pd.DataFrame,
    item: str,
    what: str,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
) -> rules.Part:
    rows = terms[terms["item"] == item].sort_values("as_of")
    if rows.empty:  # a table of legal steps, not a register of every act: absence is no proof
        return rules.part(
            what,
            None,
            f"recruitment_terms{_known(known_by)} holds no `{item}` row among its {len(terms)}",
            _urls(terms),
        )
    row = rows.iloc[0]
    when = "before" if row.as_of <= article_date else "after"
    return rules.part(
        what,
        row.as_of <= article_date,
        f"{row.statement_by}, {_day(row.as_of)} ({when} the article of {_day(article_date)}): "
        f"{row.note}",
        [row.source_url],
    )


def ru_recruits_migrants_citizenship(
    terms: pd.DataFrame, *, article_date: pd.Timestamp, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """A law and a decree opened a fast route to citizenship for a short army contract."""
    law = _step(
        terms,
        "law_signed",
        "a law opening citizenship to foreign contract soldiers was signed before the article",
        article_date,
        known_by,
    )
    decree = _step(
        terms,
        "decree_signed",
        "a presidential decree set the procedure before the article",
        article_date,
        known_by,
    )
    new = terms[terms["item"] == "min_contract_years"]
    old = terms[terms["item"] == "min_first_contract_years_before"]
    if new.empty or old.empty:
        shorter = rules.part(
            "the contract that qualifies was shortened",
            None,
            f"recruitment_terms{_known(known_by)} lacks the old or the new minimum contract",
            _urls(terms),
        )
    else:
        was, now = old["value"].max(), new["value"].min()
        shorter = rules.part(
            "the contract that qualifies was shortened",
            now < was,
            f"first contract of a foreign soldier: {was:g} years before the amendments, {now:g} "
            f"after ({new['statement_by'].iloc[0]}, {_day(new['as_of'].iloc[0])})",
            _urls(new) + _urls(old),
        )
    vote = terms[terms["item"] == "duma_vote"]
    return claims.judge(
        "ru_recruits_migrants_citizenship",
        [law, shorter, decree],
        question=as_known(
            "did a law and a decree open fast citizenship for a short army contract before "
            f"{_day(article_date)}?",
            known_by,
        )
        if known_by is not None
        else None,
        evidence=" ".join(
            f"{r.statement_by}, {_day(r.as_of)}: {r.note}"
            for r in terms[
                terms["item"].isin(["duma_vote", "decree_amended", "citizenship_law_signed"])
            ]
            .sort_values("as_of")
            .itertuples()
        ),
        sources=_urls(vote),
    )


def _government(warnings: pd.DataFrame) -> pd.DataFrame:
    return warnings[
        warnings["country"].isin(NAMED) & (warnings["body_type"] != "religious_board")
    ].sort_values(["as_of", "body"])


def first_reactions(warnings: pd.DataFrame, offer: pd.Timestamp) -> pd.DataFrame:
    """The first government warning of each named state on or after the offer, with its day.

    Day 1 is the day of the offer; religious boards are not government bodies.
    """
    government = _government(warnings)
    after = government[government["as_of"] >= offer]
    first = after.groupby("country", sort=False).head(1).copy()
    first["day"] = (first["as_of"] - offer).dt.days + 1
    first["body kind"] = first["body_type"].map(BODIES)
    return first.set_index("country").reindex([c for c in NAMED if c in set(first["country"])])


def reaction_reports(
    warnings: pd.DataFrame, offer: pd.Timestamp, article_date: pd.Timestamp
) -> pd.DataFrame:
    """Every government warning of the named states between the offer and the article.

    One row per report, so reports that disagree about who spoke stand side by side.
    """
    government = _government(warnings)
    rows = government[government["as_of"].between(offer, article_date)].copy()
    rows["state"] = rows["country"].map(countries.name)
    rows["body kind"] = rows["body_type"].map(BODIES)
    rows["foreign service"] = (
        rows["body_type"].isin(MINISTRY | MISSIONS).map({True: "yes", False: "no"})
    )
    columns = ["state", "as_of", "body", "body kind", "foreign service", "publisher"]
    return rows.sort_values(["country", "as_of", "body"])[
        [*columns, "confidence", "note"]
    ].reset_index(drop=True)


def ca_mfa_warn_criminal(
    warnings: pd.DataFrame,
    *,
    offer: pd.Timestamp,
    article_date: pd.Timestamp,
    swift_days: int,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Per named state: a warning within `swift_days`, and from the foreign ministry's service.

    An embassy or a consulate is the foreign ministry's office abroad, so it counts as the
    ministry. Where reports of the same days disagree about who spoke, the part follows the
    reports of the highest confidence and names the others.
    """
    government = _government(warnings)
    parts, measured = [], []
    for code in NAMED:
        name = countries.name(code)
        after = government[(government["country"] == code) & (government["as_of"] >= offer)]
        if after.empty:
            parts.append(
                rules.part(
                    f"{name} warned within {swift_days} days",
                    False,
                    f"fighting_abroad_warnings holds no warning by {name}'s government on or "
                    f"after {_day(offer)}",
                )
            )
        else:
            first = after.iloc[0]
            day = (first.as_of - offer).days + 1
            measured.append(f"{code}: day {day}")
            parts.append(
                rules.at_most(
                    f"{name} warned within {swift_days} days",
                    day,
                    swift_days,
                    param="swift_days",
                    because=(
                        f"first warning: {first.body}, {_day(first.as_of)}, day {day} counting "
                        f"{_day(offer)} as day 1"
                    ),
                    sources=[first.source_url],
                    fmt="{:.0f}",
                )
            )
        reaction = after[after["as_of"] <= article_date]
        what = f"{name}'s warning came from its foreign ministry, an embassy or a consulate"
        if reaction.empty:
            parts.append(
                rules.part(what, None, f"no warning by {name} between the offer and the article")
            )
            continue
        rank = reaction["confidence"].map(RANK)
        top, other = reaction[rank == rank.max()], reaction[rank < rank.max()]
        ministry = top["body_type"].isin(MINISTRY | MISSIONS)
        said = "; ".join(
            f"{r.body} ({BODIES[r.body_type]}), {_day(r.as_of)}, per {r.publisher} "
            f"({r.confidence} confidence)"
            for r in top.itertuples()
        )
        if not other.empty:
            said += "; reports of lower confidence: " + "; ".join(
                f"{r.body} ({BODIES[r.body_type]}), {_day(r.as_of)}, per {r.publisher} "
                f"({r.confidence} confidence)"
                for r in other.itertuples()
            )
        parts.append(rules.part(what, bool(ministry.any()), said, _urls(reaction)))
    return claims.judge(
        "ca_mfa_warn_criminal",
        parts,
        measured="; ".join(measured) or None,
        claimed=f"foreign ministries, within {swift_days} days",
        question=as_known(
            "did the foreign ministries of Uzbekistan, Tajikistan and Kyrgyzstan (or their "
            f"embassies and consulates) warn within {swift_days} days from {_day(offer)}?",
            known_by,
        ),
        evidence="Other warnings found: "
        + "; ".join(
            f"{countries.name(r.country)}, {r.body}, {_day(r.as_of)}"
            for r in warnings[
                (warnings["as_of"] < offer) | (warnings["as_of"] > article_date)
            ].itertuples()
            if r.body_type != "religious_board"
        )
        + ".",
    )


def ca_religious_warning(
    warnings: pd.DataFrame,
    *,
    offer: pd.Timestamp,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """A religious authority of the named states warned at the time, in the words quoted."""
    boards = warnings[
        (warnings["body_type"] == "religious_board") & warnings["country"].isin(NAMED)
    ]
    timely = boards[boards["as_of"].between(offer, article_date)]
    silent = [countries.name(c) for c in NAMED if c not in set(boards["country"])]
    window = f"between {_day(offer)} and {_day(article_date)}"
    warned = rules.part(
        "a religious authority of Uzbekistan, Tajikistan or Kyrgyzstan warned believers " + window,
        not timely.empty,
        (
            "; ".join(f"{r.body}, {_day(r.as_of)}: {r.paraphrase}" for r in timely.itertuples())
            or f"none of the {len(boards)} religious-board rows of fighting_abroad_warnings "
            f"falls {window}"
        )
        + (
            f" (no statement by the religious authorities of {' or '.join(silent)} in the data)"
            if silent
            else ""
        ),
        _urls(boards) or _urls(warnings[warnings["as_of"].between(offer, article_date)]),
    )
    quote = claims.registry()["ca_religious_warning"]["quote"]
    echoed = timely[timely["echoes_article_quote"] == "yes"]
    if timely.empty:
        words = rules.part(
            "its words are the ones the article quotes", None, "no statement of the time to compare"
        )
    else:
        words = rules.part(
            "its words are the ones the article quotes",
            not echoed.empty,
            "; ".join(f"{r.body}: {r.quote_words}" for r in echoed.itertuples())
            or f"none of the {len(timely)} statements of the time carries the quoted words",
            _urls(timely),
        )
    return claims.judge(
        "ca_religious_warning",
        [warned, words],
        question=as_known(
            f"did a religious authority of the three named states warn {window}?", known_by
        ),
        evidence=f"The article: {quote}",
    )


def ca_warnings_cover_dual_citizens(
    warnings: pd.DataFrame,
    dual: pd.DataFrame,
    *,
    offer: pd.Timestamp,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """The appeals of the time reached holders of a Russian passport, or named them outright."""
    government = _government(warnings)
    appeals = government[government["as_of"].between(offer, article_date)]
    window = f"between {_day(offer)} and {_day(article_date)}"
    recognition = dual[dual["aspect"] == "home_recognition"]
    keeps, lines = [], []
    for code in sorted(set(appeals["country"])):
        rows = recognition[recognition["country"] == code].sort_values("published")
        addressed = "; ".join(appeals.loc[appeals["country"] == code, "addressed_to"])
        if rows.empty:
            lines.append(
                f"{countries.name(code)} (to {addressed}): no finding on dual citizenship"
                f"{_known(known_by)}"
            )
            continue
        keeps.append(rows["status"].isin(KEEPS_CITIZENS).all())
        lines.append(
            f"{countries.name(code)} (to {addressed}): "
            + "; ".join(f"{r.finding} ({r.publisher}, {_day(r.as_of)})" for r in rows.itertuples())
        )
    covered = rules.part(
        "the appeals went to all citizens of states that keep a holder of a Russian passport as "
        "their citizen",
        all(keeps) if keeps else None,
        " ".join(lines) or f"no government appeal {window}",
        _urls(appeals) + _urls(recognition[recognition["country"].isin(appeals["country"])]),
    )
    naming = appeals[appeals["mentions_dual_citizens"] == "yes"]
    named = rules.part(
        "an appeal of the time named holders of a second passport",
        None if appeals.empty else not naming.empty,
        (
            "; ".join(f"{r.body}: {r.dual_citizens_words}" for r in naming.itertuples())
            if not naming.empty
            else f"searched the {len(appeals)} government appeals {window} in "
            "fighting_abroad_warnings; none names them. Their words: "
            + "; ".join(f"{r.body}: {r.dual_citizens_words}" for r in appeals.itertuples())
        ),
        _urls(appeals),
    )
    later = warnings[
        (warnings["as_of"] > article_date) & (warnings["mentions_dual_citizens"] == "yes")
    ]
    return claims.judge(
        "ca_warnings_cover_dual_citizens",
        [covered, named],
        question=as_known(
            f"did the appeals of Uzbekistan, Tajikistan and Kyrgyzstan {window} address "
            "holders of a Russian passport?",
            known_by,
        ),
        evidence="; ".join(
            f"Later: {r.body}, {_day(r.as_of)}: {r.dual_citizens_words}" for r in later.itertuples()
        ),
        sources=_urls(later),
    )


def ca_dual_citizens_ambiguity(
    law: pd.DataFrame, dual: pd.DataFrame, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """A crime at home, a soldier in Russia: the same man treated both ways."""
    named_law = law[law["country"].isin(NAMED)]
    missing = [countries.name(c) for c in NAMED if c not in set(named_law["country"])]
    crime = rules.part(
        "fighting abroad is a crime in each of Uzbekistan, Tajikistan and Kyrgyzstan",
        not missing,
        "; ".join(
            f"{countries.name(c)}: {' / '.join(sorted(set(rows['offence'])))}"
            for c, rows in named_law.groupby("country")
        )
        + (f"; fighting_abroad_law holds no row for {', '.join(missing)}" if missing else ""),
        _urls(named_law),
    )
    called = dual[dual["status"] == "called_up_by_russia"]
    # A table compiled from reports cannot show an absence: no row is "not tested", not "fails".
    enlisted = rules.part(
        "Russia calls up holders of both passports",
        True if not called.empty else None,
        "; ".join(
            f"{countries.name(r.country)}, {_day(r.published)}: {r.finding} ({r.statement_by})"
            for r in called.itertuples()
        )
        or f"none of the {len(dual)} rows of dual_citizenship{_known(known_by)} reports a call-up",
        _urls(called),
    )
    tried = dual[dual["status"] == "prosecuted_at_home"]
    spared = dual[dual["status"] == "exempted_reportedly"]
    prosecuted = rules.part(
        "a home state prosecuted a holder of both passports",
        True if not tried.empty else (False if not spared.empty else None),
        "; ".join(
            f"{countries.name(r.country)}, {_day(r.published)}: {r.finding} ({r.statement_by})"
            for r in tried.itertuples()
        )
        or f"none of the {len(dual)} rows of dual_citizenship{_known(known_by)} reports a "
        "prosecution"
        + (
            "; reported instead: "
            + "; ".join(f"{countries.name(r.country)}: {r.finding}" for r in spared.itertuples())
            if not spared.empty
            else ""
        ),
        _urls(tried) + _urls(spared),
    )
    return claims.judge(
        "ca_dual_citizens_ambiguity",
        [crime, enlisted, prosecuted],
        question=as_known(
            "is fighting abroad a crime at home, while Russia calls up holders of both passports "
            "and a home state prosecutes one?",
            known_by,
        )
        if known_by is not None
        else None,
        evidence="; ".join(
            f"Also: {countries.name(r.country)}, {_day(r.published)}: {r.finding} "
            f"({r.statement_by})"
            for r in spared.itertuples()
        ),
    )


def pow_return_tensions(
    pows: pd.DataFrame,
    fighters: pd.DataFrame,
    *,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
    article: pd.DataFrame | None = None,
) -> claims.Verdict:
    """An open-ended forecast: a dispute with Moscow over where prisoners of war should go."""
    after = pows[pows["as_of"] > article_date].sort_values("as_of")
    disputes = after[after["finding"] == "dispute_with_moscow"]
    if after.empty:
        outcome = None
        because = f"pow_reports{_known(known_by)} holds no report after {_day(article_date)}"
    elif not disputes.empty:
        outcome = True
        because = "; ".join(
            f"{NAMES.get(r.area, r.area)}, {_day(r.as_of)}: {r.paraphrase}"
            for r in disputes.itertuples()
        )
    else:
        outcome = False
        last = after.iloc[-1]
        because = (
            f"searched the {len(after)} reports in pow_reports from {_day(after['as_of'].iloc[0])} "
            f"to {_day(last.as_of)}; none reports such a dispute. Latest ({last.statement_by}): "
            f"{last.paraphrase}"
        )
    part = rules.part(
        "a dispute between Moscow and a Central Asian capital over where prisoners of war go "
        "was reported",
        outcome,
        because,
        _urls(after),
    )
    held = fighters[fighters["metric"] == "pows_held_in_ukraine"].sort_values("as_of")
    return claims.judge(
        "pow_return_tensions",
        [part],
        question=as_known("was a dispute over where prisoners of war go reported?", known_by)
        if known_by is not None
        else None,
        evidence="Central Asian prisoners held in Ukraine: "
        + "; ".join(
            f"{QUALIFIER[r.qualifier]}{r.value:,} ({_day(r.as_of)}, {r.statement_by})"
            for r in held.itertuples()
        )
        + ".",
        sources=_urls(held) + _article_url(pows, article),
    )


def _article_url(rows: pd.DataFrame, article: pd.DataFrame | None) -> list[str]:
    """The article's page, cited when the cut-off leaves no row to cite: then what is judged
    is that nothing after the article was known."""
    return list(article["url"]) if rows.empty and article is not None else []


def fighters_title(series: dict[str, pd.DataFrame]) -> str:
    """The fighters chart's title, from the running counts made twice after the article."""
    if not series:
        return "No running count of fighters was made twice after the article"
    rising = [
        label for label, rows in series.items() if rows["value"].iloc[-1] > rows["value"].iloc[0]
    ]
    return f"{len(rising)} of the {len(series)} running counts made twice after the article rose"


def draw_fighters(timeline: pd.DataFrame, article_date: pd.Timestamp):
    """One row per running count (and one for convictions), a dot per report, its figure above.

    Dots are not joined: reports came months apart and nothing is known in between. Returns
    None when the table holds no report (e.g. none published by the cut-off): an empty
    chart would say nothing.
    """
    if timeline.empty:
        return None
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    from postsoviet import plot
    from postsoviet.data import cite

    fig, ax = plot.figure(fighters_title(counted_twice(timeline, article_date)), height=4.8)
    plotted = sorted(timeline.groupby(["area", "metric"]).groups)
    for y, (area, metric) in enumerate(plotted):
        rows = timeline[(timeline["area"] == area) & (timeline["metric"] == metric)]
        colour = plot.PALETTE[7] if metric == "convictions_reported" else plot.PALETTE[0]
        ax.scatter(rows["as_of"], [y] * len(rows), s=40, color=colour, zorder=2)
        for r in rows.itertuples():
            ax.annotate(
                f"{QUALIFIER_MARK.get(r.qualifier, '')}{r.value:,}",
                (r.as_of, y),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    ax.set_yticks(range(len(plotted)), [series_label(a, m) for a, m in plotted], fontsize=8)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b %Y"))
    ax.set_ylim(-0.6, len(plotted) - 0.2)
    ax.axvline(article_date, color="#333333", linestyle=":", linewidth=1, label="the article")
    counts = "a running count (compared when counted twice after the article)"
    convictions = "convictions, one report each (not compared)"
    ax.legend(
        handles=[
            Patch(color=plot.PALETTE[0], label=counts),
            Patch(color=plot.PALETTE[7], label=convictions),
            *ax.get_legend_handles_labels()[0],
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=3,
        fontsize=8,
    )
    ax.set_xlabel(
        "date the count describes (numbers: cases, verdicts or persons; dots are separate reports)"
    )
    plot.source_line(fig, cite(timeline))
    return fig


QUALIFIER_MARK = {"more_than": ">", "about": "~"}


def series_label(area: str, metric: str) -> str:
    """ "Tajikistan: deaths confirmed"."""
    return f"{NAMES.get(area, area)}: {WORDS['metric'].get(metric, metric.replace('_', ' '))}"


def counted_twice(fighters: pd.DataFrame, after: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The readings after `after` of each running count (area, metric) made at two dates or more.

    Only counts of the same thing by the same metric are compared; convictions are events
    reported one report at a time, not a running count, and are left out.
    """
    rows = fighters[(fighters["as_of"] > after) & (fighters["metric"] != "convictions_reported")]
    return {
        series_label(area, metric): group.sort_values("as_of")
        for (area, metric), group in sorted(rows.groupby(["area", "metric"]))
        if group["as_of"].nunique() >= 2
    }


def more_citizens_join_fight(
    fighters: pd.DataFrame,
    *,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
    article: pd.DataFrame | None = None,
) -> claims.Verdict:
    """A forecast: each running count of the region's fighters made twice after the article rose."""
    parts = []
    for label, rows in counted_twice(fighters, article_date).items():
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            rules.part(
                f"{label} rose",
                bool(last.value > first.value),
                f"{QUALIFIER[first.qualifier]}{first.value:,} ({_day(first.as_of)}, "
                f"{first.statement_by}) → {QUALIFIER[last.qualifier]}{last.value:,} "
                f"({_day(last.as_of)}, {last.statement_by})",
                [first.source_url, last.source_url],
            )
        )
    if not parts:
        parts.append(
            rules.part(
                "a count of the region's fighters rose",
                None,
                f"fighters_reported{_known(known_by)} holds no running count made twice after "
                f"{_day(article_date)}",
                _urls(fighters),
            )
        )
    events = fighters[fighters["metric"] == "convictions_reported"].sort_values("as_of")
    compared = counted_twice(fighters, article_date)
    counts = fighters[fighters["metric"] != "convictions_reported"]
    single = [
        f"{series_label(a, m)}: "
        + ", ".join(
            f"{QUALIFIER[r.qualifier]}{r.value:,} ({_day(r.as_of)})" for r in g.itertuples()
        )
        for (a, m), g in sorted(counts.groupby(["area", "metric"]))
        if series_label(a, m) not in compared
    ]
    return claims.judge(
        "more_citizens_join_fight",
        parts,
        question=as_known("did the counts of the region's fighters rise?", known_by)
        if known_by is not None
        else None,
        evidence=("Counted once only (not compared): " + "; ".join(single) + ". " if single else "")
        + "Convictions, one report at a time: "
        + "; ".join(
            f"{NAMES.get(r.area, r.area)} {r.value} ({_day(r.as_of)})" for r in events.itertuples()
        )
        + ".",
        sources=_urls(events) + _article_url(fighters, article),
    )
