"""The article's thesis, measured: did Russia's neighbours get off the fence after the mobilization?

The record of acts (`acts`) holds one row per observable act of a neighbour: the UN votes
of unga_votes, one per resolution and country as `unga.resolve` reads them (the table the
notebooks on UN votes share), and the rows of positions (a statement on recognition, a
membership move, a leader's rebuke, a bank dropping Russia's Mir card). Each act is coded
`toward_kyiv` (away from Moscow), `toward_moscow` or `neutral`, with the source's words
behind the code. The stance of a country in a period is two numbers computed from those
counts (`STANCE_RULE`), and the thesis is judged by comparing each country's stance in the
months before a pivot date with the months after it.
"""

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from postsoviet import claims, countries, known, params, plot, rules, unga
from postsoviet.known import as_known
from postsoviet.params import ParameterError

KYIV, MOSCOW, NEUTRAL = "toward_kyiv", "toward_moscow", "neutral"
LEANS = (KYIV, MOSCOW, NEUTRAL)
SCORE = {KYIV: 1, NEUTRAL: 0, MOSCOW: -1}
# Listed in the tables and the chart but never counted among the neighbours on the fence.
NOT_TALLIED = {"MNG": "comparator, not a post-Soviet state", "UKR": "the country at war"}
STANCE_RULE = (
    "net lean = (acts toward Kyiv − acts toward Moscow) ÷ all acts in the window, from −1 "
    "(every act sides with Moscow) to +1 (every act takes distance from Moscow); "
    "decisiveness = acts that take a side (either side) ÷ all acts, from 0 to 1; a country "
    "with no act in a window counts as silent: neutral, net lean 0 and decisiveness 0"
)


@dataclass(frozen=True)
class Setup:
    """Validated parameters and the two windows they define."""

    codes: tuple[str, ...]
    window_months: int
    pivot: pd.Timestamp
    until: pd.Timestamp
    known_by: pd.Timestamp | None = None  # knowledge cut-off, when earlier than today's

    @property
    def last(self) -> pd.Timestamp:
        """The last day of acts used: `until`, or the knowledge cut-off if earlier."""
        return self.until if self.known_by is None else min(self.until, self.known_by)

    @property
    def before(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """[start, end): the months before the pivot."""
        return self.pivot - pd.DateOffset(months=self.window_months), self.pivot

    @property
    def after(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """[start, end): the months from the pivot, cut at `until` or the knowledge cut-off
        (inclusive)."""
        end = min(
            self.pivot + pd.DateOffset(months=self.window_months), self.last + pd.Timedelta(days=1)
        )
        return self.pivot, end

    @property
    def tallied(self) -> list[str]:
        return [c for c in self.codes if c not in NOT_TALLIED]

    def describe(self) -> str:
        return (
            f"the {self.window_months} months before and after {day(self.pivot)}, "
            f"acts until {day(self.until)}"
            + (f", as known by {day(self.known_by)}" if self.known_by is not None else "")
        )


def day(stamp: pd.Timestamp) -> str:
    """One date format for the whole notebook: 21 Sep 2022."""
    return f"{stamp.day} {stamp:%b %Y}"


ACT_COLUMNS = [
    "country",
    "date",
    "date_precision",
    "act",
    "kind",
    "vote",
    "lean",
    "quote_or_paraphrase",
    "publisher",
    "source_title",
    "source_url",
    "published",
    "published_precision",
    "as_of",
    "confidence",
    "note",
]
CAST = ("yes", "no", "abstain", "absent")


def vote_lean(vote: str, condemns_russia: str) -> str:
    """The coding rule for a UN vote (catalog, positions): on a text that condemns Russia's
    war or occupation, yes is toward Kyiv and no toward Moscow; otherwise the vote is neutral."""
    if condemns_russia == "yes" and vote in ("yes", "no"):
        return KYIV if vote == "yes" else MOSCOW
    return NEUTRAL


def vote_acts(votes: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """One act per resolution and neighbour whose vote unga_votes settles (Russia left out).

    A vote that is `unknown` or `disputed` is no act: `missing_votes` lists it.
    """
    rows = unga.with_resolutions(unga.resolve(votes), resolutions)
    rows = rows[(rows["country"] != "RUS") & rows["vote"].isin(CAST)]
    titles = rows["title"].str.replace(r"\s*\[.*\]$", "", regex=True)
    return pd.DataFrame(
        {
            "country": rows["country"],
            "date": rows["voted_on"],
            "date_precision": "day",
            "act": "UN General Assembly vote: " + rows["resolution"] + ", " + titles,
            "kind": "un_vote",
            "vote": rows["vote"],
            "lean": [
                vote_lean(v, c) for v, c in zip(rows["vote"], rows["condemns_russia"], strict=True)
            ],
            "quote_or_paraphrase": rows["quote_or_paraphrase"],
            "publisher": rows["publisher"],
            "source_title": rows["source_title"],
            "source_url": rows["source_url"],
            "published": rows["published"],
            "published_precision": rows["published_precision"],
            "as_of": rows["voted_on"],
            "confidence": rows["confidence"],
            "note": "unga_votes: " + rows["spread"],
        },
        columns=ACT_COLUMNS,
    )


def acts(positions: pd.DataFrame, votes: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """The record of acts the notebook measures: the UN votes from unga_votes (`vote_acts`)
    and the other acts of positions, in one frame sorted by country and date."""
    both = pd.concat([vote_acts(votes, resolutions), positions.assign(vote=pd.NA)[ACT_COLUMNS]])
    return both.sort_values(["country", "date", "act"], kind="stable").reset_index(drop=True)


# The tables of 07_off_the_fence that the knowledge cut-off filters (every row carries the day it
# was published, or, for a few votes, only the day they describe).
TABLES = ("positions", "unga_votes", "unga_resolutions")


def tables_known_by(known_by: object) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(TABLES, known_by)


def _acts_in(positions: pd.DataFrame, codes: Iterable[str], start, end) -> pd.DataFrame:
    rows = positions[positions["country"].isin(list(codes))]
    return rows[(rows["date"] >= start) & (rows["date"] < end)]


def setup(
    positions: pd.DataFrame,
    countries_: object,
    window_months: object,
    pivot_date: object,
    until: object,
    known_by: pd.Timestamp | None = None,
) -> Setup:
    """Check the notebook's parameters; each problem stops with one sentence. `known_by` is
    the knowledge cut-off when it is earlier than the day the sources were last consulted
    (`positions` is then already filtered to the acts published by it)."""
    codes = params.country_list(countries_, "countries", allowed=sorted(set(positions["country"])))
    window = params.integer(window_months, "window_months", minimum=1, maximum=60)
    pivot = params.date(pivot_date, "pivot_date", earliest="2021-01-01", latest="2026-12-31")
    last = params.date(until, "until", earliest="2021-01-01", latest="2026-12-31")
    if last < pivot:
        raise ParameterError(
            f"Parameter `until` ({day(last)}) is before `pivot_date` ({day(pivot)}), "
            "so there is no period after the pivot to compare."
        )
    if all(c in NOT_TALLIED for c in codes):
        raise ParameterError(
            f"Parameter `countries` lists only {', '.join(codes)}, which the verdicts never count "
            "among the neighbours; add at least one post-Soviet neighbour."
        )
    if known_by is not None and known_by < pivot:
        raise ParameterError(
            f"Parameter `known_by` ({day(known_by)}) is before `pivot_date` ({day(pivot)}), "
            "so nothing after the pivot was known yet."
        )
    result = Setup(tuple(codes), window, pivot, last, known_by)
    for label, (start, end) in (("before", result.before), ("after", result.after)):
        if _acts_in(positions, codes, start, end).empty:
            raise ParameterError(
                f"With `window_months` = {window}, the window {label} {day(pivot)} "
                f"({day(start)} to {day(end - pd.Timedelta(days=1))}) holds no act of "
                f"{', '.join(codes)}; widen the window or move the pivot."
            )
    return result


def stance(acts: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Counts per country and the two numbers of `STANCE_RULE` (silence counts as neutral)."""
    counts = (
        acts.groupby(["country", "lean"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(codes), columns=list(LEANS), fill_value=0)
    )
    counts["acts"] = counts[list(LEANS)].sum(axis=1)
    sided = counts[KYIV] + counts[MOSCOW]
    counts["net_lean"] = ((counts[KYIV] - counts[MOSCOW]) / counts["acts"]).where(
        counts["acts"] > 0, 0.0
    )
    counts["decisiveness"] = (sided / counts["acts"]).where(counts["acts"] > 0, 0.0)
    counts.index.name = "country"
    counts.columns.name = None
    return counts


def before_after(positions: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """Each country's stance in the window before the pivot and in the window after it."""
    before = stance(_acts_in(positions, s.codes, *s.before), s.codes)
    after = stance(_acts_in(positions, s.codes, *s.after), s.codes)
    table = pd.concat({"before": before, "after": after}, axis=1)
    table[("change", "net_lean")] = after["net_lean"] - before["net_lean"]
    table[("change", "decisiveness")] = after["decisiveness"] - before["decisiveness"]
    return table


def whole_span(positions: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """Each country's stance over every act in the data up to `until` (or the cut-off)."""
    start = positions["date"].min()
    return stance(_acts_in(positions, s.codes, start, s.last + pd.Timedelta(days=1)), s.codes)


def counts_table(positions: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """The counts behind the stance measure, one line per country, for display."""
    table = before_after(positions, s)
    span = whole_span(positions, s)
    shown = pd.DataFrame(index=table.index)
    for label in ("before", "after"):
        part = table[label]
        shown[f"{label}: Kyiv/Moscow/neutral"] = (
            part[KYIV].astype(str)
            + "/"
            + part[MOSCOW].astype(str)
            + "/"
            + part[NEUTRAL].astype(str)
        )
        shown[f"{label}: net lean"] = part["net_lean"].round(2)
        shown[f"{label}: decisiveness"] = part["decisiveness"].round(2)
    shown["whole span: Kyiv/Moscow/neutral"] = (
        span[KYIV].astype(str) + "/" + span[MOSCOW].astype(str) + "/" + span[NEUTRAL].astype(str)
    )
    shown["whole span: net lean"] = span["net_lean"].round(2)
    shown.index = [f"{c} {countries.name(c)}" for c in shown.index]
    return shown


def first_sides(positions: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """Each country's first act that took a side, up to `until`, and whether it came first."""
    rows = positions[
        positions["country"].isin(s.codes)
        & (positions["lean"] != NEUTRAL)
        & (positions["date"] <= s.last)
    ].sort_values(["date", "act"])
    first = rows.groupby("country").head(1).set_index("country")
    table = first.reindex(list(s.codes))[["date", "lean", "act"]]
    table["when"] = [
        "never" if pd.isna(d) else "before the pivot" if d < s.pivot else "after the pivot"
        for d in table["date"]
    ]
    table["date"] = [("" if pd.isna(d) else day(d)) for d in table["date"]]
    table.index = [f"{c} {countries.name(c)}" for c in table.index]
    return table.fillna("")


def missing_votes(positions: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """For every UN vote in the acts, the selected countries whose vote no source settles."""
    votes = positions[positions["kind"] == "un_vote"]
    codes = list(codes)
    lines = []
    for (when, act), group in votes.groupby(["date", "act"]):
        absent = [c for c in codes if c not in set(group["country"])]
        if absent:
            lines.append(
                {
                    "date": day(when),
                    "vote": act.split(": ", 1)[-1],
                    "no source for": ", ".join(absent),
                }
            )
    return pd.DataFrame(lines, columns=["date", "vote", "no source for"])


def toward_moscow(positions: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """Every act coded toward Moscow up to `until`, with the source's words."""
    rows = positions[
        positions["country"].isin(s.codes)
        & (positions["lean"] == MOSCOW)
        & (positions["date"] <= s.last)
    ].sort_values(["date", "country"])
    table = rows[["country", "date", "act", "quote_or_paraphrase", "publisher"]].copy()
    table["date"] = table["date"].map(day)
    return table.reset_index(drop=True)


def findings(positions: pd.DataFrame, s: Setup) -> list[str]:
    """Plain-language sentences about the selected countries, each computed from the rows."""
    table = before_after(positions, s).loc[s.tallied]
    firsts = first_sides(positions, s)
    firsts = firsts[[c.split()[0] in s.tallied for c in firsts.index]]
    moscow = {
        label: sorted(set(_acts_in(positions, s.tallied, *w).query("lean == @MOSCOW")["country"]))
        for label, w in (("before", s.before), ("after", s.after))
    }
    n_before = int(table[("before", MOSCOW)].sum())
    n_after = int(table[("after", MOSCOW)].sum())
    toward = table[("change", "net_lean")] < 0
    early = (firsts["when"] == "before the pivot").sum()
    late = (firsts["when"] == "after the pivot").sum()
    never = (firsts["when"] == "never").sum()
    return [
        f"Acts toward Moscow: {n_before} in the {s.window_months} months before {day(s.pivot)} "
        f"({_names(moscow['before'])}) and {n_after} in the months after "
        f"({_names(moscow['after'])}).",
        f"Net lean fell across {day(s.pivot)} for {_names(table.index[toward])} (a fall can "
        "come from more neutral acts as well as from acts toward Moscow).",
        f"Of {len(firsts)} neighbours, {early} had taken a side (either side) before "
        f"{day(s.pivot)}, {late} took their first side after it, and {never} took none "
        f"up to {day(s.last)}.",
    ]


# --- claims -------------------------------------------------------------------------------


def _share(flags: pd.Series) -> float | None:
    return None if flags.empty else float(flags.mean())


def _names(codes: Iterable[str]) -> str:
    codes = list(codes)
    return ", ".join(codes) if codes else "none"


def _sources(positions: pd.DataFrame, s: Setup, windows: Sequence[tuple]) -> list[str]:
    frames = [_acts_in(positions, s.tallied, *w) for w in windows]
    return sorted({u for f in frames for u in f["source_url"]})


def rises(table: pd.DataFrame, s: Setup, column: str) -> tuple[pd.Series, list[str]]:
    """Whether `column` rose across the pivot, for each neighbour that had room to rise.

    A neighbour already at the top of the scale before the pivot (every act took a side, or
    every act took distance from Moscow) cannot rise further; it is left out of the count
    and named, so that it neither supports nor contradicts the thesis.
    """
    tallied = table.loc[s.tallied]
    topped = tallied[("before", column)] >= 1
    rose = tallied.loc[~topped, ("change", column)] > 0
    return rose, list(tallied.index[topped])


def _trend(table: pd.DataFrame, codes: Iterable[str], column: str, fmt: str) -> str:
    return "; ".join(
        f"{c} {table.loc[c, ('before', column)]:{fmt}} → {table.loc[c, ('after', column)]:{fmt}}"
        for c in codes
    )


def _decisive_part(table: pd.DataFrame, s: Setup, most: float, sources: list[str]) -> rules.Part:
    rose, topped = rises(table, s, "decisiveness")
    because = (
        f"Decisiveness rose across {day(s.pivot)} for {int(rose.sum())} of the {len(rose)} "
        f"neighbours that had room to rise ({_names(rose[rose].index)}); it fell or stayed for "
        f"{_names(rose[~rose].index)}. Already taking a side in every act before, so left out: "
        f"{_names(topped)}. Before → after: {_trend(table, rose.index, 'decisiveness', '.2f')}."
    )
    return rules.at_least(
        f"at least half of the neighbours took sides more often after {day(s.pivot)} than before",
        _share(rose),
        most,
        param="most",
        because=because,
        sources=sources,
        fmt="{:.0%}",
    )


def _question(s: Setup, what: str) -> str:
    return as_known(
        f"{what}, comparing the {s.window_months} months before {day(s.pivot)} with the "
        f"{s.window_months} months after it (pivot {day(s.pivot)}; acts until {day(s.until)}; "
        f"neighbours {', '.join(s.tallied)})?",
        s.known_by,
    )


def off_the_fence(positions: pd.DataFrame, s: Setup, most: float = 0.5) -> claims.Verdict:
    """The title: the neighbours took sides, away from Moscow, because of the exodus."""
    table = before_after(positions, s)
    sources = _sources(positions, s, [s.before, s.after])
    away, topped = rises(table, s, "net_lean")
    fell = table.loc[away.index, ("change", "net_lean")] < 0
    after_acts = _acts_in(positions, s.tallied, *s.after)
    parts = [
        _decisive_part(table, s, most, sources),
        rules.at_least(
            f"at least half of them leaned further from Moscow after {day(s.pivot)}",
            _share(away),
            most,
            param="most",
            because=(
                f"Net lean moved away from Moscow for {int(away.sum())} of the {len(away)} "
                f"neighbours that had room to move ({_names(away[away].index)}); it fell for "
                f"{_names(fell[fell].index)} and stayed for the rest. Already taking distance "
                f"from Moscow in every act before, so left out: {_names(topped)}. "
                f"Before → after: {_trend(table, away.index, 'net_lean', '+.2f')}."
            ),
            sources=sources,
            fmt="{:.0%}",
        ),
        rules.part(
            "the exodus of Russians is what moved them",
            None,
            because=(
                f"Not tested: the positions dataset records what each of the {len(after_acts)} "
                f"acts after {day(s.pivot)} did and the source's words for its side, but has no "
                "column for an act's cause, so it cannot tie a move to the arrival of Russians."
            ),
        ),
    ]
    return claims.judge(
        "off_the_fence_title",
        parts,
        measured=f"{int(away.sum())} of {len(away)} neighbours with room to move leaned further "
        "from Moscow",
        question=_question(
            s, "Did at least half of the neighbours take sides more often, and further from Moscow"
        ),
        evidence=f"Stance rule: {STANCE_RULE}.",
        sources=sources,
    )


def decisive_stance(positions: pd.DataFrame, s: Setup, most: float = 0.5) -> claims.Verdict:
    """¶3: the mobilization ended a neutral status quo and forced a more decisive stance."""
    table = before_after(positions, s)
    sources = _sources(positions, s, [s.before, s.after])
    before = table.loc[s.tallied, "before"]
    neutral = before["decisiveness"] == 0
    silent = before["acts"] == 0
    parts = [
        rules.at_least(
            f"before {day(s.pivot)} at least half of the neighbours took no side (the status quo)",
            _share(neutral),
            most,
            param="most",
            because=(
                f"In the {s.window_months} months before {day(s.pivot)}, {int(neutral.sum())} "
                f"of {len(neutral)} neighbours took no side ({_names(neutral[neutral].index)}; "
                f"silent, with no act at all: {_names(silent[silent].index)}); "
                f"{_names(neutral[~neutral].index)} had already taken one."
            ),
            sources=sources,
            fmt="{:.0%}",
        ),
        _decisive_part(table, s, most, sources),
    ]
    return claims.judge(
        "mobilization_forced_decisive_stance",
        parts,
        measured=f"{int(neutral.sum())} of {len(neutral)} neutral before the pivot",
        question=_question(
            s,
            "Were at least half of the neighbours neutral before the pivot, "
            "and more decisive after it",
        ),
        evidence=f"Stance rule: {STANCE_RULE}.",
        sources=sources,
    )


# --- chart ----------------------------------------------------------------------------------


def headline(positions: pd.DataFrame, s: Setup) -> str:
    """The chart's title, computed from the plotted data."""
    table = before_after(positions, s)
    rose, _ = rises(table, s, "decisiveness")
    away, _ = rises(table, s, "net_lean")
    return (
        f"In the {s.window_months} months after {day(s.pivot)}, {int(rose.sum())} of "
        f"{len(rose)} neighbours took sides more often than before and {int(away.sum())} of "
        f"{len(away)} leaned further from Moscow (of those with room to move)"
    )


def draw(positions: pd.DataFrame, s: Setup) -> plt.Figure:
    """Small multiples: one panel per country, one point per act, at -1/0/+1 by its side."""
    acts = positions[positions["country"].isin(s.codes) & (positions["date"] <= s.last)]
    ncols = 4
    nrows = -(-len(s.codes) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(plot.FIGSIZE[0], 1.9 * nrows + 0.8),
        sharex=True,
        sharey=True,
        layout="constrained",
        squeeze=False,
    )
    title = "\n".join(textwrap.wrap(headline(positions, s), 95))
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    colours = {KYIV: plot.PALETTE[0], NEUTRAL: "#999999", MOSCOW: plot.PALETTE[3]}
    start = min(acts["date"].min(), s.before[0])
    first, last = start - pd.Timedelta(days=30), s.last + pd.Timedelta(days=30)
    years = pd.date_range(first, last, freq="YS")
    for ax, code in zip(axes.flat, s.codes, strict=False):
        mine = acts[acts["country"] == code]
        for lean, group in mine.groupby("lean"):
            ax.scatter(group["date"], group["lean"].map(SCORE), s=18, color=colours[lean], zorder=3)
        ax.axvspan(*s.before, color="#f2f2f2", zorder=0)
        ax.axvspan(*s.after, color="#e8eef7", zorder=0)
        ax.axvline(s.pivot, color="#333333", linewidth=0.8)
        tag = f" ({NOT_TALLIED[code].split(',')[0]})" if code in NOT_TALLIED else ""
        ax.set_title(f"{countries.name(code)}{tag}: {len(mine)} acts", fontsize=9)
        ax.set_yticks([-1, 0, 1], ["Moscow", "neutral", "away"])
        ax.set_ylim(-1.5, 1.5)
        ax.set_xlim(first, last)
        # 1 January of each year, as a fixed list: a YearLocator per panel recomputed its
        # ticks at every layout pass and was most of this chart's drawing time.
        ax.set_xticks(years)
        ax.xaxis.set_major_formatter(plt.matplotlib.dates.DateFormatter("%Y"))
    for index, ax in enumerate(axes.flat):
        if index >= len(s.codes):
            ax.set_visible(False)
        elif index + ncols >= len(s.codes):  # nothing below it: show its years
            ax.xaxis.set_tick_params(labelbottom=True)
    publishers = sorted(set(acts["publisher"]))
    plot.source_line(
        fig,
        f"One point per act (not joined: acts are sparse). Grey band: the {s.window_months} months "
        f"before {day(s.pivot)}; blue band: the months after, "
        f"to {day(s.after[1] - pd.Timedelta(days=1))}. "
        f"Sides coded by the project from the source's words (data/politics/positions.csv). "
        f"Source: {len(set(acts['source_url']))} pages by " + "; ".join(publishers) + ".",
        width=150,
    )
    return fig
