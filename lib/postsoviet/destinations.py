"""Where could the emigres go: Schengen visa statistics, stay rules and their arithmetic.

Three jobs, each small enough to check by hand:

- read the European Commission's consulate-level Schengen visa workbooks, whose header
  spellings change from year to year, and sum them to the consulates located in one
  country (the project ships its own curated yearly table; the reader is how that table's
  figures can be re-derived from the official files);
- answer "may a Russian citizen stay D days in X on date T, and must they register?" from
  the dated stay-rules table, saying "unknown" where no dated source covers the question
  and "sources disagree" where two do not agree;
- small helpers the notebook uses to turn the curated tables into the measurements its
  verdicts are computed from.
"""

import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from postsoviet import countries
from postsoviet.data import DataError

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


def visa_limit_conditions(
    years: pd.DataFrame, measures: pd.DataFrame, article_date: pd.Timestamp
) -> tuple[dict[str, bool | None], str]:
    """The parts of "the EU is limiting the number of visas issued to Russian nationals".

    Four parts, each tested on data: an EU-level restriction on visas for Russians was in
    force before the article; in the article's year the refusal rate rose and fewer visas
    were issued than in the latest earlier year in the table; and in the year after,
    fewer visas were issued than in the article's year. A part the table cannot test is
    None.
    """
    year = article_date.year
    eu = measures[
        (measures["actor"] == "EUU")
        & (measures["kind"] == "visa_restriction")
        & (measures["in_force_from"] <= article_date)
    ]
    by_year = years.set_index("year")
    earlier = [y for y in by_year.index if y < year]
    before = max(earlier) if earlier else None
    now = by_year.loc[year] if year in by_year.index else None
    after = by_year.loc[year + 1] if year + 1 in by_year.index else None

    def compare(a, b, column):
        if a is None or b is None or pd.isna(a[column]) or pd.isna(b[column]):
            return None
        return bool(a[column] > b[column])

    prior = by_year.loc[before] if before is not None else None
    cutoff = f"{article_date:%-d %b %Y}"
    conditions = {
        f"an EU-level visa restriction for Russians was in force before {cutoff}": bool(len(eu)),
        f"the refusal rate in {year} was higher than in {before}": compare(
            now, prior, "refusal_rate"
        ),
        f"fewer visas were issued in {year} than in {before}": compare(prior, now, "issued"),
        f"fewer visas were issued in {year + 1} than in {year}": compare(now, after, "issued"),
    }
    parts = []
    for label, row in ((before, prior), (year, now), (year + 1, after)):
        if row is not None:
            parts.append(
                f"{label}: {row['issued']:,.0f} issued, refusal rate "
                + ("n/a" if pd.isna(row["refusal_rate"]) else f"{row['refusal_rate']:.1%}")
            )
    return conditions, "; ".join(parts)


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
