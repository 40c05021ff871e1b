"""Where could the emigres go: Schengen visa statistics, stay rules and their arithmetic.

Three jobs, each small enough to check by hand:

- read the European Commission's consulate-level Schengen visa workbooks, whose header
  spellings change from year to year, and sum them to the consulates located in one
  country (the project ships its own curated yearly table; the reader is how that table's
  figures can be re-derived from the official files);
- answer "may a Russian citizen stay D days in X on date T, and must they register?" from
  the dated stay-rules table, saying "unknown" where no dated source covers the question
  and "sources disagree" where two do not agree;
- judge each claim of `04_destinations` part by part: one public function per claim
  (`eu_visa_limits`, `relocate_within_post_soviet`, ...) takes the loaded tables and the
  parameters and returns `claims.judge(...)`, with every sentence built from the rows used.
"""

import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from postsoviet import claims, countries, data, known, rules
from postsoviet.data import DataError
from postsoviet.known import as_known
from postsoviet.rules import Part

SHEET = "Data for consulates"

# Canonical column -> (regular expression the normalised header must match in full,
# a header as the Commission spells it, shown when the column is missing).
COLUMNS: dict[str, tuple[str, str]] = {
    "schengen_state": (r"schengen state", "Schengen State"),
    "consulate_country": (
        r"country where (the )?consulate is located",
        "Country where consulate is located",
    ),
    "consulate": (r"consulate", "Consulate"),
    "applications": (r"uniform visas applied for", "Uniform visas applied for"),
    "issued": (
        r"total uniform visas issued \(including mevs?\)",
        "Total uniform visas issued (including MEV)",
    ),
    "mev_issued": (
        r"multiple entry uniform visas \(mevs\) issued",
        "Multiple entry uniform visas (MEVs) issued",
    ),
    "ltv_issued": (r"total ltvs issued", "Total LTVs issued"),
    "not_issued": (r"uniform visas not issued", "Uniform visas not issued"),
}
COUNTS = ("applications", "issued", "mev_issued", "ltv_issued", "not_issued")
# How the workbooks spell the countries where consulates are located, by ISO alpha-3 code.
CONSULATE_NAMES: dict[str, tuple[str, ...]] = {
    "ARM": ("ARMENIA",),
    "AZE": ("AZERBAIJAN",),
    "BLR": ("BELARUS",),
    "GEO": ("GEORGIA",),
    "KAZ": ("KAZAKHSTAN",),
    "KGZ": ("KYRGYZSTAN",),
    "MDA": ("MOLDOVA",),
    "MNG": ("MONGOLIA",),
    "RUS": ("RUSSIAN FEDERATION", "RUSSIA"),
    "SRB": ("SERBIA",),
    "TJK": ("TAJIKISTAN",),
    "TKM": ("TURKMENISTAN",),
    "TUR": ("TURKEY", "TÜRKIYE", "TURKIYE"),
    "UKR": ("UKRAINE",),
    "UZB": ("UZBEKISTAN",),
}
# The Schengen States whose consulates in Russia the notebook follows one by one.
SCHENGEN_STATES: dict[str, str] = {
    "ESTONIA": "EST",
    "FINLAND": "FIN",
    "LATVIA": "LVA",
    "LITHUANIA": "LTU",
    "POLAND": "POL",
}

# The tables of 04_destinations that the knowledge cut-off filters (every row carries the day
# it was published); the article's own edition table is read whole.
TABLES = ("schengen_visas", "stay_rules", "policy_events", "extradition", "destination_figures")


def tables_known_by(known_by: object) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(TABLES, known_by)


def normalise_header(text: object) -> str:
    """Header text reduced to its meaning: lower case, single spaces, known typos fixed.

    The Commission's headers carry double spaces, trailing line breaks, non-breaking
    spaces and, in some years, "isued" for "issued"; none of that changes what the
    column holds.
    """
    words = re.sub(r"[\s\u00a0]+", " ", str(text or "")).strip().lower()
    words = re.sub(r"\bis+ued\b", "issued", words)
    return words.replace("multiple-entry", "multiple entry")


def _year_of(path: Path, year: int | None) -> int:
    if year is not None:
        return int(year)
    found = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", path.name))
    if len(found) != 1:
        raise DataError(
            f"{path.name}: cannot tell which year it covers from its name; pass `year=`."
        )
    return int(found.pop())


def _column_positions(header: tuple, shown: str) -> dict[str, int]:
    normalised = [normalise_header(h) for h in header]
    positions = {}
    for name, (pattern, example) in COLUMNS.items():
        matches = [i for i, h in enumerate(normalised) if re.fullmatch(pattern, h)]
        if not matches:
            raise DataError(
                f"{shown} has no column for `{name}` in sheet '{SHEET}' "
                f"(expected a header like '{example}')."
            )
        positions[name] = matches[0]
    return positions


def _count(value: object, shown: str, row: int, column: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(
            f"{shown}, sheet '{SHEET}', row {row}, column `{column}`: {value!r} is not a count."
        )
    if value != int(value) or value < 0:
        raise DataError(
            f"{shown}, sheet '{SHEET}', row {row}, column `{column}`: {value!r} is not a count."
        )
    return int(value)


def read_consulates(path: Path | str, year: int | None = None) -> pd.DataFrame:
    """One row per consulate from an official workbook, with canonical column names.

    Rows without a consulate country (blank lines, the sheet's own total rows) are left
    out; an empty count cell counts as zero, as in the Commission's own sums.
    """
    path = Path(path)
    shown = path.name
    year = _year_of(path, year)
    with warnings.catch_warnings():  # the workbooks' print headers are not ours to parse
        warnings.simplefilter("ignore", UserWarning)
        return _read_sheet(path, shown, year)


def _read_sheet(path: Path, shown: str, year: int) -> pd.DataFrame:
    from openpyxl import load_workbook  # here, not at import: only refresh and tests read workbooks

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise DataError(f"{shown} does not exist.") from None
    except Exception as exc:  # openpyxl raises several types for a file it cannot read
        raise DataError(f"{shown} is not a readable Excel workbook ({exc}).") from None
    try:
        if SHEET not in book.sheetnames:
            raise DataError(f"{shown} has no sheet '{SHEET}'.")
        rows = book[SHEET].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise DataError(f"{shown}, sheet '{SHEET}' is empty.")
        at = _column_positions(header, shown)
        records = []
        for number, row in enumerate(rows, start=2):
            cells = list(row) + [None] * (len(header) - len(row))
            country = cells[at["consulate_country"]]
            if country is None or not str(country).strip():
                continue
            record = {
                "year": year,
                "schengen_state": str(cells[at["schengen_state"]] or "").strip(),
                "consulate_country": str(country).strip().upper(),
                "consulate": str(cells[at["consulate"]] or "").strip(),
            }
            for column in COUNTS:
                record[column] = _count(cells[at[column]], shown, number, column)
            records.append(record)
    finally:
        book.close()
    return pd.DataFrame(
        records, columns=["year", "schengen_state", "consulate_country", "consulate", *COUNTS]
    )


def refusal_rate(not_issued: float, issued: float, ltv_issued: float) -> float:
    """The Commission's "not issued rate": not issued / (uniform + LTV issued + not issued)."""
    decided = issued + ltv_issued + not_issued
    return float("nan") if decided == 0 else not_issued / decided


def _names_for(country: str) -> tuple[str, ...]:
    code = country.strip().upper()
    if code in CONSULATE_NAMES:
        return CONSULATE_NAMES[code]
    return (code,)


def consulate_totals(
    consulates: pd.DataFrame, country: str, by_state: bool = False
) -> pd.DataFrame:
    """Sum the consulates located in `country` (ISO alpha-3 or the workbook's spelling) per year.

    With `by_state`, one row per Schengen State as well, coded with ISO alpha-3 where the
    notebook follows that state (`SCHENGEN_STATES`) and "ALL" for the total.
    """
    names = _names_for(country)
    rows = consulates[consulates["consulate_country"].isin(names)]
    if rows.empty:
        raise DataError(
            f"There are no consulates located in {country} ({' or '.join(names)}) in the "
            "workbook rows given."
        )
    total = rows.groupby("year", as_index=False)[list(COUNTS)].sum().assign(schengen_state="ALL")
    parts = [total]
    if by_state:
        states = rows.assign(
            schengen_state=rows["schengen_state"].str.upper().map(SCHENGEN_STATES)
        ).dropna(subset=["schengen_state"])
        parts.append(states.groupby(["year", "schengen_state"], as_index=False)[list(COUNTS)].sum())
    result = pd.concat(parts, ignore_index=True)
    result["refusal_rate"] = [
        refusal_rate(r.not_issued, r.issued, r.ltv_issued) for r in result.itertuples()
    ]
    return result[["year", "schengen_state", *COUNTS, "refusal_rate"]].sort_values(
        ["year", "schengen_state"], ignore_index=True
    )


# --- The curated yearly table -----------------------------------------------------------


def visa_years(visas: pd.DataFrame, country: str, state: str = "ALL") -> pd.DataFrame:
    """The curated yearly figures for consulates in `country`, with the refusal rate computed.

    The rate is left empty where the table lacks a count it needs (LTVs are recorded only
    for rows summed from the workbooks).
    """
    rows = visas[(visas["consulate_country"] == country) & (visas["schengen_state"] == state)]
    rows = rows.sort_values("year").reset_index(drop=True)
    rate = [
        refusal_rate(r.not_issued, r.issued, r.ltv_issued)
        if not any(pd.isna(v) for v in (r.not_issued, r.issued, r.ltv_issued))
        else float("nan")
        for r in rows.itertuples()
    ]
    mev_share = rows["mev_issued"] / rows["issued"]
    return rows.assign(
        refusal_rate=pd.Series(rate, dtype="float64").round(4),
        mev_share=mev_share.astype("float64").round(4),
    )


# --- Stay rules ---------------------------------------------------------------------------

# Who a rule is written for, most specific first: a rule for Russians overrides one for
# all citizens of the Eurasian Economic Union, which overrides one for all foreigners.
SPECIFICITY = ("russian_citizens", "eaeu_citizens", "visa_free_foreigners", "all_foreigners")
UNKNOWN, DISAGREE = "unknown", "sources disagree"


def rules_in_force(rules: pd.DataFrame, destination: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """The dated rules for `destination` that applied to a Russian citizen on `as_of`.

    A rule applies from `valid_from` to `valid_to` (open when empty). Rules without a
    `valid_from` (undated pages) are shown in tables but never answer a dated question.
    Of several groups a rule may be written for, only the most specific one present is kept.
    """
    rows = rules[
        (rules["destination"] == destination)
        & rules["valid_from"].notna()
        & (rules["valid_from"] <= as_of)
        & (rules["valid_to"].isna() | (rules["valid_to"] >= as_of))
    ]
    kept = []
    for _, group in rows.groupby("rule"):
        rank = group["applies_to"].map(SPECIFICITY.index)
        kept.append(group[rank == rank.min()])
    if not kept:
        return rows.iloc[0:0]
    return pd.concat(kept).sort_values(["rule", "valid_from", "source_url"]).reset_index(drop=True)


def _calendar_span(working_days: int) -> int:
    """The most calendar days that `working_days` working days can span (weekends only)."""
    return working_days + 2 * math.ceil(working_days / 5) + 2


def _register_verdict(row, days: int) -> str:
    limit = int(row.days)
    if days <= limit:
        return "no"
    if row.day_unit == "working" and days <= _calendar_span(limit):
        return "depends on weekends and holidays"
    return "yes"


def _stay_verdict(row, days: int) -> bool:
    return pd.isna(row.days) or days <= int(row.days)


def _per_source(rows: pd.DataFrame, days: int) -> list[bool]:
    """Whether each source allows the stay: all limits one source states hold together
    (60 days per visit and 90 in any 180), while different sources are alternatives."""
    return [
        all(_stay_verdict(r, days) for r in group.itertuples())
        for _, group in rows.groupby("source_url")
    ]


def _combine(verdicts: list[str]) -> str:
    distinct = set(verdicts)
    if not distinct:
        return UNKNOWN
    if len(distinct) == 1:
        return distinct.pop()
    return DISAGREE


def _describe(row) -> str:
    if pd.notna(row.days):
        limit = f"{int(row.days)} {row.day_unit} days"
        if pd.notna(row.window_days):
            limit += f" in any {int(row.window_days)}"
        limit += "; "
    else:
        limit = "no limit; " if row.rule == "stay_limit" else ""
    dated = "undated page" if pd.isna(row.published) else f"{row.published:%-d %b %Y}"
    until = (
        f"until {row.valid_to:%-d %b %Y}"
        if pd.notna(row.valid_to)
        else "no end known to the sources"
    )
    return (
        f"{row.rule.replace('_', ' ')} ({row.applies_to.replace('_', ' ')}): {limit}"
        f"{row.text} [from {row.valid_from:%-d %b %Y}, {until}; "
        f"{row.statement_by} via {row.publisher}, {dated}; confidence {row.confidence}]"
    )


@dataclass(frozen=True)
class StayAnswer:
    """The answer to "may a Russian stay `days` days in `destination` on `as_of`?"."""

    destination: str
    days: int
    as_of: pd.Timestamp
    may_stay: str
    must_register: str
    entry: str
    reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        lines = [
            f"Question: may a Russian citizen stay {self.days} days in "
            f"{countries.name(self.destination)}, arriving on {self.as_of:%-d %b %Y}?",
            f"May stay: {self.may_stay}",
            f"Must register: {self.must_register}",
            f"Entry: {self.entry}",
            "Rules applied:" if self.reasons else "Rules applied: none dated for this day",
        ]
        lines += [f"  - {r}" for r in self.reasons]
        lines.append("Sources: " + ("; ".join(self.sources) if self.sources else "none"))
        return "\n".join(lines)


def _may_stay(limits: pd.DataFrame, days: int) -> str:
    plain_ok = _per_source(limits[limits["requires"] == "nothing"], days)
    if plain_ok and all(plain_ok):
        return "yes"
    if plain_ok and any(plain_ok):
        return DISAGREE
    conditional = limits[limits["requires"] != "nothing"]
    cond_ok = _per_source(conditional, days)
    if cond_ok and all(cond_ok):
        return "yes, if extended" if set(conditional["requires"]) == {"extension"} else "yes"
    if cond_ok and any(cond_ok):
        return DISAGREE
    return "no" if plain_ok or cond_ok else UNKNOWN


def answer_stay(
    rules: pd.DataFrame, destination: str, days: int, as_of: pd.Timestamp
) -> StayAnswer:
    """Apply the dated rules: may a Russian citizen stay `days` days, and must they register?

    Stay: "yes" when every source of a limit that needs nothing allows the stay (all the
    limits one source states must hold together); otherwise "yes, if extended", or "yes"
    with registration, when every source of a conditional limit allows it; "no" when
    none does; "sources disagree" when sources give different answers; "unknown" when
    no dated rule covers the day. Registration works the same way with the
    registration-free periods; a limit in working days gives "depends on weekends and
    holidays" for stays it may or may not cover.
    """
    applied = rules_in_force(rules, destination, as_of)
    free = applied[applied["rule"] == "registration_free"]
    entry = applied[applied["rule"].isin(["entry_document", "land_border"])]
    return StayAnswer(
        destination=destination,
        days=days,
        as_of=as_of,
        may_stay=_may_stay(applied[applied["rule"] == "stay_limit"], days),
        must_register=_combine([_register_verdict(r, days) for r in free.itertuples()]),
        entry="; ".join(entry["text"]) if len(entry) else UNKNOWN,
        reasons=[_describe(r) for r in applied.itertuples()],
        sources=sorted(set(applied["source_url"])),
    )


def stay_limits_on(rules: pd.DataFrame, destination: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """The maximum-stay rules (rows) in force on `as_of`, for checking a claimed limit."""
    applied = rules_in_force(rules, destination, as_of)
    return applied[applied["rule"] == "stay_limit"].reset_index(drop=True)


def rule_table(rules: pd.DataFrame, destinations: list[str] | None = None) -> pd.DataFrame:
    """The stay rules as a reader scans them: one line per rule and source, sorted.

    `limit` reads "30", "90 in 180" or "no limit"; it is empty for rules that are not a
    number of days (entry documents, closed borders, re-entry).
    """
    rows = rules if destinations is None else rules[rules["destination"].isin(destinations)]
    days = rows["days"].astype("string")
    window = rows["window_days"].astype("string")
    limit = days.where(window.isna(), days + " in " + window.fillna(""))
    limit = limit.mask(days.isna() & (rows["rule"] == "stay_limit"), "no limit").fillna("")
    columns = [
        "destination",
        "rule",
        "applies_to",
        "limit",
        "day_unit",
        "requires",
        "valid_from",
        "valid_to",
        "publisher",
        "published",
        "confidence",
    ]
    return (
        rows.assign(limit=limit)[columns]
        .sort_values(["destination", "rule", "valid_from", "publisher"])
        .reset_index(drop=True)
    )


def stay_overview(rules: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per destination, what the rules in force on `as_of` allow: days without registering
    (lowest to highest where sources differ) and the longest single stay a source allows,
    with registration or an extension where it requires one.

    Empty where no dated rule covers the day: unknown is shown as unknown.
    """
    rows = []
    for destination in sorted(rules["destination"].unique()):
        applied = rules_in_force(rules, destination, as_of)
        free = applied.loc[applied["rule"] == "registration_free", "days"]
        limits = applied[applied["rule"] == "stay_limit"]
        # limits one source states for the same condition hold together (60 per visit and
        # 90 in 180 allow 60); different sources or conditions are alternatives
        allowed = (
            limits.assign(days=limits["days"].astype("float64").fillna(math.inf))
            .groupby(["source_url", "requires"])["days"]
            .min()
        )
        if allowed.empty:
            longest = "unknown"
        elif math.isinf(allowed.max()):
            longest = "no limit"
        else:
            longest = str(int(allowed.max()))
        rows.append(
            {
                "destination": destination,
                "name": countries.name(destination),
                "registration_free_low": free.min() if len(free) else pd.NA,
                "registration_free_high": free.max() if len(free) else pd.NA,
                "longest_stay_days": longest,
                "rules_in_force": len(applied),
            }
        )
    overview = pd.DataFrame(rows)
    for column in ("registration_free_low", "registration_free_high"):
        overview[column] = overview[column].astype("Int64")
    return overview


# --- Shares and ratios for the remaining claims ---------------------------------------------


def figure(figures: pd.DataFrame, metric: str, country: str | None = None) -> pd.DataFrame:
    """The rows of one metric (optionally one country) from the figures table."""
    rows = figures[figures["metric"] == metric]
    if country is not None:
        rows = rows[rows["country"] == country]
    return rows.reset_index(drop=True)


def bounds(rows: pd.DataFrame) -> tuple[float, float]:
    """Lowest and highest value over rows, a stated range counting with both ends."""
    if rows.empty:
        return float("nan"), float("nan")
    high = rows["value_high"].fillna(rows["value"])
    return float(rows["value"].min()), float(high.max())


# --- The claims of 04_destinations -------------------------------------------------------
#
# One function per judged claim: it takes the loaded tables and the parameters, tests the
# claim part by part on rows, and returns `claims.judge(...)`. Every sentence a part prints
# is built from the rows it used.

BORDERING = ("EST", "FIN", "LTU", "LVA", "POL")  # Schengen States with a land border with Russia
SURVEYS = ("it_share_of_emigrants_surveyed", "emigrants_remaining_abroad")


def _day(when: object) -> str:
    return f"{pd.Timestamp(when):%-d %b %Y}"


def _urls(*frames: pd.DataFrame) -> list[str]:
    return sorted({u for frame in frames for u in frame["source_url"].dropna()})


def _measures_part(name: str, rows: pd.DataFrame, day: pd.Timestamp, what: str) -> Part:
    """Holds if a measure of this kind was in force by `day`; fails if the ones found came
    only later; not tested if the table holds none (it is compiled, not a complete search)."""
    if rows.empty:
        return rules.part(name, None, f"policy_events holds no {what}; it is not a complete search")
    before = rows[rows["in_force_from"] <= day]
    shown = before if len(before) else rows
    groups = shown.groupby(["in_force_from", "event"], sort=True)["actor"]
    because = "; ".join(
        f"{', '.join(countries.name(a) for a in sorted(set(actors)))}, in force from "
        f"{_day(start)}: {event}"
        for (start, event), actors in groups
    )
    if before.empty:
        because = f"the {what} found took effect only after {_day(day)}: {because}"
    return rules.part(name, bool(len(before)), because, shown["source_url"])


def eu_visa_limits(
    visas: pd.DataFrame,
    events: pd.DataFrame,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`eu_visa_limits`: were Schengen visas for Russians being limited, and did it show?

    Judged on the measures and their effect, always at the consulates located in Russia
    (whatever consulate country the notebook shows): the EU's visa measures and the member
    states' entry bans in force by the article date; a rise of the refusal rate in the
    article's year larger than any earlier year-on-year rise in the table; and, in the first
    full year under the measures, fewer visas issued than in the article's year and the year
    before it, and fewer applications at the consulates of the states bordering Russia.
    Comparing the article's year with the year before alone would test nothing: the year
    before was a COVID low, and most of the article's year came before any measure.
    """
    year, cutoff = article_date.year, _day(article_date)
    measures = events[events["in_force_from"].notna()]
    eu = measures[(measures["actor"] == "EUU") & (measures["kind"] == "visa_restriction")]
    bans = measures[measures["kind"] == "entry_restriction"]
    rows = visas[(visas["consulate_country"] == "RUS") & (visas["schengen_state"] == "ALL")]
    table = visa_years(visas, "RUS").set_index("year")
    parts = [
        _measures_part(
            f"the EU made Schengen visas harder for Russians to obtain before {cutoff}",
            eu,
            article_date,
            "EU visa measure",
        ),
        _measures_part(
            f"Schengen States turned back Russians holding Schengen visas before {cutoff}",
            bans,
            article_date,
            "national entry ban",
        ),
        _refusal_rise(table, rows, year, known_by),
        _fewer_issued(table, rows, year, known_by),
        _bordering_applications(visas, year, known_by),
    ]
    issued = table["issued"]
    peak = int(issued.idxmax())
    evidence = "Uniform visas issued at Schengen consulates in Russia: " + "; ".join(
        f"{y} {v:,.0f}" for y, v in issued.items()
    )
    if {year - 1, year} <= set(issued.index):
        evidence += (
            f". {year - 1} issued {issued[year - 1] / issued[peak]:.0%} of {peak}'s "
            f"{issued[peak]:,.0f}, so more visas in {year} ({issued[year]:,.0f}) than in "
            f"{year - 1} ({issued[year - 1]:,.0f}) cannot show measures taken in September {year}."
        )
    rate = table["refusal_rate"]
    return claims.judge(
        "eu_visa_limits",
        parts,
        measured=", ".join(
            f"refusal rate {rate[y]:.1%} in {y}" for y in (year - 1, year) if pd.notna(rate.get(y))
        )
        or None,
        question=as_known(None, known_by),
        evidence=evidence,
        sources=_urls(rows),
    )


def _year_urls(rows: pd.DataFrame, years: list[int]) -> list[str]:
    return list(rows.loc[rows["year"].isin(years), "source_url"])


def _lacks(what: str, known_by: pd.Timestamp | None) -> str:
    """Why a part is not tested: a table cut off at `known_by` lacks what was not yet out."""
    if known_by is None:
        return f"the table lacks {what}"
    return f"the table, cut off at {_day(known_by)}, lacks {what}"


def _refusal_rise(
    table: pd.DataFrame, rows: pd.DataFrame, year: int, known_by: pd.Timestamp | None
) -> Part:
    name = f"the refusal rate at consulates in Russia rose more in {year} than in any earlier year"
    rate = table["refusal_rate"].dropna()
    earlier = rate[rate.index < year]
    rises = (earlier / earlier.shift(1)).dropna()
    if year not in rate.index or year - 1 not in rate.index or rises.empty:
        return rules.part(name, None, _lacks(f"the refusal rates of {year - 1}–{year}", known_by))
    multiple = float(rate[year] / rate[year - 1])
    usual, when = float(rises.max()), int(rises.idxmax())
    because = (
        f"{rate[year - 1]:.1%} in {year - 1} → {rate[year]:.1%} in {year} (×{multiple:.2f}); "
        f"the largest rise before was ×{usual:.2f} ({when - 1}→{when}, "
        f"{rate[when - 1]:.1%} → {rate[when]:.1%})"
    )
    return rules.at_least(
        name,
        multiple,
        usual,
        param="rise to beat",
        because=because,
        sources=_year_urls(rows, list(rate.index)),
        fmt="×{:.2f}",
    )


def _fewer_issued(
    table: pd.DataFrame, rows: pd.DataFrame, year: int, known_by: pd.Timestamp | None
) -> Part:
    after = year + 1
    name = (
        f"fewer visas were issued at consulates in Russia in {after}, the first full year "
        f"under the measures, than in {year} and in {year - 1}"
    )
    if not {year - 1, year, after} <= set(table.index):
        return rules.part(name, None, _lacks(f"one of the years {year - 1}–{after}", known_by))
    issued = table["issued"]
    because = "; ".join(f"{y}: {issued[y]:,.0f} issued" for y in (year - 1, year, after))
    holds = bool(issued[after] < min(issued[year], issued[year - 1]))
    return rules.part(name, holds, because, _year_urls(rows, [year - 1, year, after]))


def _bordering_applications(visas: pd.DataFrame, year: int, known_by: pd.Timestamp | None) -> Part:
    after = year + 1
    names = ", ".join(countries.name(c) for c in BORDERING)
    name = (
        f"applications at the consulates in Russia of the Schengen States bordering Russia "
        f"({names}) fell in {after}, below {year}"
    )
    rows = visas[(visas["consulate_country"] == "RUS") & visas["schengen_state"].isin(BORDERING)]
    rows = rows[rows["year"].isin([year, after])]
    found = rows.groupby("year")["schengen_state"].nunique()
    if any(found.get(y, 0) < len(BORDERING) for y in (year, after)):
        return rules.part(
            name, None, _lacks(f"a state's applications for {year}–{after}", known_by)
        )
    total = rows.groupby("year")["applications"].sum()
    by_state = rows.pivot(index="schengen_state", columns="year", values="applications")
    because = (
        f"{total[year]:,.0f} in {year} → {total[after]:,.0f} in {after} ("
        + "; ".join(
            f"{countries.name(s)} {by_state.loc[s, year]:,.0f} → {by_state.loc[s, after]:,.0f}"
            for s in BORDERING
        )
        + ")"
    )
    return rules.part(name, bool(total[after] < total[year]), because, rows["source_url"])


def relocate_within_post_soviet(
    figures: pd.DataFrame, most: float = 0.5, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """`relocate_within_post_soviet`: did most emigrants end up in former Soviet countries?

    Judged with the later estimates (ZOiS via Re:Russia): the share of the former Soviet
    countries against the total still abroad, against the five main destinations, and on the
    report's own floor ("at least two-thirds live in the five"), which implies a smaller
    share. `most` is the chosen bar for "more likely"; each part carries its flip point.
    """
    present = figure(figures, "russian_emigrants_present").sort_values("value", ascending=False)
    abroad = figure(figures, "emigrants_remaining_abroad")
    floor = figure(figures, "share_of_diaspora_in_five_countries")
    if present.empty or abroad.empty:
        # Nothing on where the emigrants settled was known by the cut-off: what followed the
        # article cannot be tested yet (the forecast is then "too early").
        shown = figures[
            figures["metric"].isin(["russian_emigrants_present", "emigrants_remaining_abroad"])
        ]
        part = rules.part(
            "most emigrants ended up in former Soviet countries",
            None,
            "destination_figures holds no estimate of the emigrants still abroad by country"
            + (f" published by {_day(known_by)}" if known_by is not None else ""),
            shown["source_url"],
        )
        article = data.load("article_editions")
        return claims.judge(
            "relocate_within_post_soviet",
            [part],
            claimed=f"at least {most:.0%}",
            question=as_known(None, known_by),
            sources=article["url"],
        )
    soviet = present[present["country"].isin(countries.POST_SOVIET)]
    in_soviet, in_five = float(soviet["value"].sum()), float(present["value"].sum())
    listed = " + ".join(f"{countries.name(r.country)} {r.value:,.0f}" for r in soviet.itertuples())
    others = ", ".join(
        f"{countries.name(r.country)} {r.value:,.0f}"
        for r in present[~present["country"].isin(countries.POST_SOVIET)].itertuples()
    )
    within_five = in_soviet / in_five if in_five else float("nan")
    parts = []
    for r in abroad.itertuples():
        parts.append(
            rules.at_least(
                f"most of the about {r.value:,.0f} still abroad lived in former Soviet countries",
                in_soviet / r.value,
                most,
                param="most",
                because=f"{listed} = {in_soviet:,.0f}, {in_soviet / r.value:.1%} of the "
                f"{r.value:,.0f} {r.statement_by} counts as still abroad",
                sources=[*soviet["source_url"], r.source_url],
                fmt="{:.1%}",
            )
        )
    parts.append(
        rules.at_least(
            "most of those in the five main destinations lived in the former Soviet ones",
            within_five,
            most,
            param="most",
            because=f"{in_soviet:,.0f} of {in_five:,.0f} ({within_five:.1%}); the other: {others}",
            sources=present["source_url"],
            fmt="{:.1%}",
        )
    )
    for r in floor.itertuples():
        reading = r.value / 100 * within_five
        parts.append(
            rules.at_least(
                f"most lived in former Soviet countries on the report's own floor (the five "
                f"main destinations hold {r.qualifier.replace('_', ' ')} {r.value:.1f}% of "
                "the diaspora)",
                reading,
                most,
                param="most",
                because=f"{r.value:.1f}% in the five × {within_five:.1%} of the five in "
                f"former Soviet countries = {reading:.1%}; the country estimates add up to "
                f"{in_five:,.0f}, "
                + ", ".join(f"{in_five / a:.0%} of the {a:,.0f}" for a in abroad["value"])
                + ", more than that floor",
                sources=[r.source_url, *present["source_url"]],
                fmt="{:.1%}",
            )
        )
    return claims.judge(
        "relocate_within_post_soviet",
        parts,
        measured=", ".join(f"{p.threshold.flips_at:.1%}" for p in parts if p.threshold),
        claimed=f"at least {most:.0%}",
        question=as_known(None, known_by),
    )


def kz_uz_extradite_only_wanted(
    extradition: pd.DataFrame, article_date: pd.Timestamp, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """`kz_uz_extradite_only_wanted`: did each government tie extradition to a wanted notice?

    One part per country, from its statements dated up to the article: holds if every one
    makes an international wanted notice the condition (`conditions_on_wanted_list`), shown
    with the statement's own words; not tested if the table holds no statement.
    """
    said = extradition[(extradition["kind"] == "statement") & (extradition["date"] <= article_date)]
    parts = []
    for code in ("KAZ", "UZB"):
        rows = said[said["country"] == code]
        name = (
            f"{countries.name(code)}'s authorities tied extradition to an international "
            "wanted notice"
        )
        if rows.empty:
            parts.append(
                rules.part(
                    name,
                    None,
                    f"the extradition table holds no statement by {countries.name(code)}'s "
                    f"authorities dated up to {_day(article_date)}",
                )
            )
            continue
        because = "; ".join(
            f"{r.statement_by}, {_day(r.date)}: {r.wanted_list_words} "
            f"(coded {r.conditions_on_wanted_list})"
            for r in rows.itertuples()
        )
        holds = bool((rows["conditions_on_wanted_list"] == "yes").all())
        parts.append(rules.part(name, holds, because, rows["source_url"]))
    later = extradition[(extradition["kind"] == "case") & (extradition["date"] > article_date)]
    return claims.judge(
        "kz_uz_extradite_only_wanted",
        parts,
        evidence="Later cases: "
        + "; ".join(
            f"{_day(r.date)}, {countries.name(r.country)}: {r.summary}" for r in later.itertuples()
        )
        + ".",
        question=as_known(None, known_by),
        sources=later["source_url"],
    )


def kz_residency_draft(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    article_date: pd.Timestamp,
    most: float = 0.5,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kz_residency_draft`: a draft adding documents, which most Russians lacked.

    Two parts: a draft adding documents for a residence permit was published before the
    article; and most Russians lacked the foreign passport it requires, by the highest share
    holding one in any dated survey (medium confidence or better) published up to the article.
    """
    cutoff = _day(article_date)
    changes = events[(events["actor"] == "KAZ") & (events["kind"] == "residence_rules")]
    changes = changes.sort_values("date")
    draft = changes[(changes["date"] <= article_date) & changes["new_requirement"].notna()]
    name = f"a draft adding documents for a residence permit was published before {cutoff}"
    if len(draft):
        first = rules.part(
            name,
            True,
            "; ".join(
                f"{_day(r.date)}: {r.event}; new: {r.new_requirement}" for r in draft.itertuples()
            ),
            draft["source_url"],
        )
    elif len(changes):
        first = rules.part(
            name,
            False,
            f"the first change found dates from {_day(changes['date'].iloc[0])}",
            changes["source_url"].iloc[:1],
        )
    else:
        first = rules.part(
            name, None, "policy_events holds no change of Kazakhstan's residence rules"
        )
    asks_passport = draft["new_requirement"].str.contains("foreign passport", case=False)
    surveys = figure(figures, "share_with_foreign_passport")
    surveys = surveys[
        surveys["confidence"].isin(["high", "medium"]) & (surveys["published"] <= article_date)
    ]
    name = "most Russians lacked the foreign passport the draft requires"
    if not asks_passport.any():
        second = rules.part(name, None, "the draft found asks for no foreign passport")
    elif surveys.empty:
        second = rules.part(name, None, f"no dated survey up to {cutoff} counts foreign passports")
    else:
        held = float(surveys["value"].max()) / 100
        second = rules.at_least(
            name,
            1 - held,
            most,
            param="most",
            because="; ".join(
                f"{r.value:.0f} % held one ({r.statement_by}, {_day(r.as_of)})"
                for r in surveys.sort_values("as_of").itertuples()
            )
            + f": at least {1 - held:.0%} did not",
            sources=surveys["source_url"],
            fmt="{:.0%}",
        )
    adopted = changes[changes["date"] > article_date]
    notes = "; ".join(n.rstrip(".") for n in draft["note"].dropna())
    evidence = (f"{notes}. " if notes else "") + "; ".join(
        f"In force by {_day(r.date)}: {r.new_requirement}" for r in adopted.itertuples()
    )
    return claims.judge(
        "kz_residency_draft",
        [first, second],
        question=as_known(None, known_by),
        evidence=evidence,
        sources=adopted["source_url"],
    )


def _limit_text(row) -> str:
    if pd.isna(row.days):
        return "no limit"
    window = f" in any {int(row.window_days)}" if pd.notna(row.window_days) else ""
    return f"{int(row.days)} {row.day_unit} days{window}"


def kz_90_days(
    stay_rules: pd.DataFrame,
    on: pd.Timestamp,
    claimed: int = 90,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kz_90_days`: the longest stay in Kazakhstan under the rules in force on `on`.

    One part per dated source of a stay limit in force that day: holds if its limit is the
    claimed number of days; not tested if no dated source covers the day.
    """
    limits = stay_limits_on(stay_rules, "KAZ", on)
    question = as_known(
        f"could Russians stay in Kazakhstan only up to {claimed} consecutive days under the "
        f"rules in force on {_day(on)}?",
        known_by,
    )
    if limits.empty:
        parts = [
            rules.part(
                f"the stay limit in force on {_day(on)} is {claimed} days",
                None,
                f"no dated stay limit for Kazakhstan covers {_day(on)}"
                + (f" among the rules published by {_day(known_by)}" if known_by else ""),
            )
        ]
        return claims.judge(
            "kz_90_days",
            parts,
            question=question,
            sources=_urls(stay_rules[stay_rules["destination"] == "KAZ"]),
        )
    parts = [
        rules.part(
            f"{source.iloc[0]['publisher']} ({source.iloc[0]['statement_by']}) puts the limit at "
            f"{claimed} days",
            _all_equal(source["days"], claimed),
            "; ".join(f"{_limit_text(r)}: {r.text}" for r in source.itertuples()),
            source["source_url"],
        )
        for _, source in limits.groupby("source_url", sort=True)
    ]
    later = stay_rules[
        (stay_rules["destination"] == "KAZ")
        & (stay_rules["rule"] == "reentry_resets_limit")
        & (stay_rules["valid_from"] <= on)
        & (stay_rules["valid_to"].isna() | (stay_rules["valid_to"] >= on))
    ]
    return claims.judge(
        "kz_90_days",
        parts,
        measured=_span_days(limits),
        claimed=claimed,
        question=question,
        evidence="; ".join(
            f"Leaving and re-entering: {r.text} ({r.publisher})" for r in later.itertuples()
        ),
        sources=later["source_url"],
    )


def _all_equal(days: pd.Series, claimed: int) -> bool:
    """Every limit is the claimed number of days ("no limit" is not)."""
    return bool(days.notna().all() and (days.astype("float64") == claimed).all())


def _span_days(rows: pd.DataFrame) -> object:
    days = rows["days"].dropna()
    if days.empty:
        return "no limit"
    low, high = int(days.min()), int(days.max())
    return low if low == high else (low, high)


def uz_15_60_days(
    stay_rules: pd.DataFrame, on: pd.Timestamp, known_by: pd.Timestamp | None = None
) -> claims.Verdict:
    """`uz_15_60_days`: 15 days without registration, at most 60 with it, on `on`.

    The 15 days: the registration-free period for Russians in force (the most specific
    rule wins). The 60 days: the stay limits in force for a stay with registration, or, where
    no limit is specific to registered stays, every stay limit in force (a stay that needs
    no visa and has no limit has no 60-day cap with registration either).
    """
    applied = rules_in_force(stay_rules, "UZB", on)
    free = applied[applied["rule"] == "registration_free"]
    limits = applied[applied["rule"] == "stay_limit"]
    registered = limits[limits["requires"] == "registration"]
    caps = registered if len(registered) else limits
    day = _day(on)
    if free.empty:
        first = rules.part(
            "the registration-free period is 15 days", None, f"no dated rule covers {day}"
        )
    else:
        first = rules.part(
            "the registration-free period is 15 days",
            _all_equal(free["days"], 15),
            "; ".join(
                f"{_limit_text(r)} (for {r.applies_to.replace('_', ' ')}): {r.text}"
                for r in free.itertuples()
            ),
            free["source_url"],
        )
    if caps.empty:
        second = rules.part(
            "the longest stay with registration is 60 days",
            None,
            f"no dated stay limit for Uzbekistan covers {day}",
        )
    else:
        second = rules.part(
            "the longest stay with registration is 60 days",
            _all_equal(caps["days"], 60),
            "; ".join(
                f"{_limit_text(r)} ({r.statement_by} via {r.publisher}, "
                f"{_day(r.published)}): {r.text}"
                for r in caps.itertuples()
            ),
            caps["source_url"],
        )
    return claims.judge(
        "uz_15_60_days",
        [first, second],
        measured=f"{_span_days(free)} days without registration; longest stay: {_span_days(caps)}",
        claimed="15 days without registration; 60 with it",
        question=as_known(
            f"were Russians limited to 15 days in Uzbekistan without registration and 60 "
            f"with it under the rules in force on {day}?",
            known_by,
        ),
    )


def registration_free_days(
    stay_rules: pd.DataFrame, destination: str, on: pd.Timestamp
) -> pd.DataFrame:
    """The registration-free rules in force for `destination` on `on` (most specific group)."""
    applied = rules_in_force(stay_rules, destination, on)
    return applied[applied["rule"] == "registration_free"].reset_index(drop=True)


def kg_am_it_hubs(
    events: pd.DataFrame,
    stay_rules: pd.DataFrame,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`kg_am_it_hubs`: did Kyrgyzstan and Armenia court IT specialists, and welcome Russians
    more warmly than Uzbekistan, the article's point of comparison?

    Per country: courting holds on a dated official programme or statement before the
    article, fails if the ones found came only later, and is not tested without one
    (policy_events is compiled, not a complete search). Welcome is measured on the dated
    rules in force on the article date, in two ways that can each fail: a longer stay
    without registration than Uzbekistan's, and entry on the internal passport where
    Uzbekistan asks for a foreign one. A country without a dated rule is not tested on it.
    """
    day = _day(article_date)
    uz_free = registration_free_days(stay_rules, "UZB", article_date)
    uz_entry = _entry_rules(stay_rules, "UZB", article_date)
    parts = []
    for code in ("KGZ", "ARM"):
        place = countries.name(code)
        moves = events[(events["kind"] == "it_programme") & (events["actor"] == code)]
        parts.append(
            _dated_part(
                f"{place}'s authorities courted IT specialists before {day}",
                moves,
                article_date,
                "date",
                lambda r: r.event,
                f"IT programme or statement of {place}",
            )
        )
    for code in ("KGZ", "ARM"):
        parts.append(_free_days_part(stay_rules, code, uz_free, article_date))
        parts.append(_entry_part(stay_rules, code, uz_entry, article_date))
    return claims.judge("kg_am_it_hubs", parts, question=as_known(None, known_by))


def _dated_part(name, rows, day, column, describe, what) -> Part:
    """Holds if a row is dated up to `day`; fails if the rows found all come later; not
    tested if there is none (a compiled table is not a complete search)."""
    if rows.empty:
        return rules.part(name, None, f"policy_events holds no {what}; it is not a complete search")
    before = rows[rows[column] <= day]
    shown = before if len(before) else rows
    because = "; ".join(f"{_day(getattr(r, column))}: {describe(r)}" for r in shown.itertuples())
    if before.empty:
        because = f"the only ones found came after {_day(day)}: {because}"
    return rules.part(name, bool(len(before)), because, shown["source_url"])


def _rule_text(rows: pd.DataFrame, place: str) -> str:
    return f"{place}: " + "; ".join(
        f"{_limit_text(r) if r.rule != 'entry_document' else r.text} "
        f"(known in force since {_day(r.valid_from)}, per {r.publisher})"
        for r in rows.itertuples()
    )


def _free_days_part(stay_rules, code, uz_free, on) -> Part:
    place = countries.name(code)
    free = registration_free_days(stay_rules, code, on)
    name = f"{place} let Russians stay longer without registering than Uzbekistan"
    if free.empty or uz_free.empty:
        missing = " or ".join(
            countries.name(c) for c, f in ((code, free), ("UZB", uz_free)) if f.empty
        )
        return rules.part(name, None, f"no dated registration rule for {missing} covers {_day(on)}")
    because = _rule_text(free, place) + "; " + _rule_text(uz_free, "Uzbekistan")
    holds = bool(free["days"].min() > uz_free["days"].max())
    return rules.part(name, holds, because, [*free["source_url"], *uz_free["source_url"]])


def _entry_rules(stay_rules: pd.DataFrame, destination: str, on: pd.Timestamp) -> pd.DataFrame:
    applied = rules_in_force(stay_rules, destination, on)
    return applied[applied["rule"] == "entry_document"].reset_index(drop=True)


def _entry_part(stay_rules, code, uz_entry, on) -> Part:
    place = countries.name(code)
    entry = _entry_rules(stay_rules, code, on)
    name = (
        f"{place} let Russians in on the internal passport where Uzbekistan asked for a foreign one"
    )
    if entry.empty or uz_entry.empty:
        missing = " or ".join(
            countries.name(c) for c, f in ((code, entry), ("UZB", uz_entry)) if f.empty
        )
        return rules.part(name, None, f"no dated entry rule for {missing} covers {_day(on)}")
    internal = bool((entry["requires"] == "nothing").all())
    uz_foreign = bool((uz_entry["requires"] == "foreign_passport").all())
    because = _rule_text(entry, place) + "; " + _rule_text(uz_entry, "Uzbekistan")
    return rules.part(
        name, internal and uz_foreign, because, [*entry["source_url"], *uz_entry["source_url"]]
    )


def it_stereotype_outdated(
    figures: pd.DataFrame,
    large: float = 1 / 3,
    most: float = 0.5,
    known_by: pd.Timestamp | None = None,
) -> claims.Verdict:
    """`it_stereotype_outdated`: the stereotype had a basis, and no longer held.

    Basis: a spring–summer 2022 survey put IT at a large share (at least `large`) of those
    who had left. Outdated: IT specialists were under `most` of those who left after the
    mobilization, on figures taken to overstate IT (all IT specialists who left in 2022 and
    had not returned, divided by the lowest estimate of departures in the two weeks after).
    """
    surveys = figure(figures, "it_share_of_emigrants_surveyed")
    it_after = figure(figures, "it_specialists_left_in_2022")
    departures = figure(figures, "departures_after_mobilization")
    top = surveys.sort_values("value").iloc[-1] if len(surveys) else None
    basis = rules.at_least(
        "a spring–summer 2022 survey put IT at a large share of those who had left",
        None if top is None else top["value"] / 100,
        large,
        param="a large share",
        because="; ".join(
            f"{r.statement_by}, {_day(r.period_start)}–{_day(r.period_end)}: "
            f"{r.qualifier.replace('_', ' ')} {r.value:.0f} %"
            for r in surveys.itertuples()
        )
        or "no survey row",
        sources=surveys["source_url"],
        fmt="{:.0%}",
    )
    (it_low, it_high), (dep_low, dep_high) = bounds(it_after), bounds(departures)
    share = it_high / dep_low if dep_low else float("nan")
    missing = [
        what
        for what, rows in (
            ("IT specialists who left in 2022", it_after),
            ("departures after the mobilization", departures),
        )
        if rows.empty
    ]
    if missing:
        outdated = rules.part(
            "IT specialists were under half of those who left after the mobilization",
            None,
            "destination_figures holds no count of "
            + " or of ".join(missing)
            + (f" published by {_day(known_by)}" if known_by is not None else ""),
            [*it_after["source_url"], *departures["source_url"]],
        )
        return claims.judge(
            "it_stereotype_outdated",
            [basis, outdated],
            claimed=f"under {most:.0%}",
            question=as_known(None, known_by),
        )
    outdated = rules.at_most(
        "IT specialists were under half of those who left after the mobilization",
        share,
        most,
        param="most",
        because=f"at most {rules.span_text(it_low, it_high)} IT specialists who left in 2022 "
        f"({', '.join(it_after['statement_by'])}) ÷ at least {dep_low:,.0f} departures "
        f"{_day(departures['period_start'].min())}–{_day(departures['period_end'].max())} "
        f"({rules.span_text(dep_low, dep_high)}, {', '.join(departures['statement_by'])}) "
        f"= {share:.0%}",
        sources=[*it_after["source_url"], *departures["source_url"]],
        fmt="{:.0%}",
    )
    return claims.judge(
        "it_stereotype_outdated",
        [basis, outdated],
        measured=round(share, 3),
        claimed=f"under {most:.0%}",
        question=as_known(None, known_by),
    )


def some_not_working(figures: pd.DataFrame, known_by: pd.Timestamp | None = None) -> claims.Verdict:
    """`some_not_working`: did some newcomers not intend to work?

    Tested only by a row measuring the share of newcomers who do not intend to work
    (metric `share_not_intending_to_work`); without one the claim is unverifiable, and the
    part names the surveys in the data and what they measure instead.
    """
    rows = figure(figures, "share_not_intending_to_work")
    surveys = figures[figures["metric"].isin(SURVEYS)]
    name = "a survey found newcomers who do not intend to work"
    if rows.empty:
        part = rules.part(
            name,
            None,
            "no row of destination_figures measures it; the surveys there measure other "
            "things: "
            + "; ".join(
                f"{r.statement_by} ({_day(r.published)}): {r.metric.replace('_', ' ')}"
                for r in surveys.itertuples()
            ),
            surveys["source_url"],
        )
    else:
        part = rules.part(
            name,
            bool((rows["value"] > 0).any()),
            "; ".join(
                f"{r.statement_by}, {_day(r.as_of)}: {r.value:g} {r.unit}"
                for r in rows.itertuples()
            ),
            rows["source_url"],
        )
    return claims.judge(
        "some_not_working",
        [part],
        question=as_known(None, known_by),
        sources=surveys["source_url"],
    )


def welcome_table(stay_rules: pd.DataFrame, codes: list[str], on: pd.Timestamp) -> pd.DataFrame:
    """Per country, the two welcome measures of `kg_am_it_hubs` on `on`, for a chart.

    `registration_free_days`: the dated rule in force, else an undated rule (`dated` False,
    shown but never used by the verdict); `entry`: the document the dated entry rule asks of
    a Russian ("internal passport", "foreign passport", or "no dated rule").
    """
    rows = []
    for code in codes:
        free = registration_free_days(stay_rules, code, on)
        undated = stay_rules[
            (stay_rules["destination"] == code)
            & (stay_rules["rule"] == "registration_free")
            & stay_rules["valid_from"].isna()
        ]
        entry = _entry_rules(stay_rules, code, on)
        days = free["days"] if len(free) else undated["days"]
        rows.append(
            {
                "destination": code,
                "name": countries.name(code),
                "registration_free_days": days.min() if len(days) else pd.NA,
                "dated": bool(len(free)),
                "entry": "no dated rule"
                if entry.empty
                else "internal passport"
                if (entry["requires"] == "nothing").all()
                else "foreign passport",
                "source_url": "; ".join(
                    sorted({*free["source_url"], *undated["source_url"], *entry["source_url"]})
                ),
            }
        )
    table = pd.DataFrame(rows)
    table["registration_free_days"] = table["registration_free_days"].astype("Int64")
    return table
