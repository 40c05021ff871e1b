"""Positions of Russia's neighbours: memberships as of a day, UN votes, statements, charts.

Memberships are stored as dated events ("joined", "left", "suspended"), so a country's
status on any day is the status of its latest event on or before that day: Uzbekistan is
inside the CSTO in 2012 and outside it in 2022 without a second table. UN votes are
stored one row per source; a vote that no source settles stays `unknown` and is drawn as
unknown, never filled in.
"""

from collections.abc import Iterable

import matplotlib as mpl
import pandas as pd

from postsoviet import claims, countries, known, rules, unga
from postsoviet.params import ParameterError, choice

# Tables whose rows carry `published`, filtered by the knowledge cut-off; the article itself
# is used whole.
DATED = (
    "memberships",
    "unga_votes",
    "unga_resolutions",
    "recognition_statements",
    "aid_to_ukraine",
    "kz_arms_exports",
    "pro_ukraine_expression",
    "moscow_reactions",
    "opinion_polls",
)
WHOLE = ("article_editions",)


def tables_known_by(known_by: object, data_dir=None) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(DATED, known_by, whole=WHOLE, data_dir=data_dir)


# The fixed row order of every table and chart: Russia and its treaty allies, then the
# rest of Central Asia and the Caucasus, Moldova and Ukraine, the Baltic states, Mongolia.
ORDER: tuple[str, ...] = (
    "RUS",
    "BLR",
    "ARM",
    "KAZ",
    "KGZ",
    "TJK",
    "UZB",
    "TKM",
    "AZE",
    "GEO",
    "MDA",
    "UKR",
    "EST",
    "LVA",
    "LTU",
    "MNG",
)
ORGANISATIONS = ("CSTO", "EAEU", "CIS")
TREATY_ORGANISATIONS = ("CSTO", "EAEU")  # the two Russia-led alliances the article means
UNKNOWN, NONE, DISPUTED = "unknown", "none", "disputed"
NEUTRAL_VOTES = ("abstain", "absent")
# stances that openly refuse recognition (Ukraine's 1991 borders include the annexed regions)
REFUSALS = ("does_not_recognise", "rejects", "ukraine_1991_borders")
# stances that break the silence the article forecast: any public word against Moscow's line
CRITICAL = (*REFUSALS, "condemns", "rebukes_russia")
TOLERATED = ("permitted", "held_unhindered")

CELL_COLOURS = {
    "member": "#0b5394",
    "participant": "#6fa8dc",
    "observer": "#9fc5e8",
    "associate": "#9fc5e8",
    "suspended": "#e69138",
    "frozen": "#e69138",
    "inactive": "#e69138",
    NONE: "#ffffff",
    "yes": "#1a7f37",
    "no": "#cf222e",
    "abstain": "#f1c232",
    "absent": "#d9d9d9",
    DISPUTED: "#8e7cc3",
    UNKNOWN: "#ffffff",
}
DARK_CELLS = {"member", "yes", "no"}
STANCE_STYLE = {  # stance: (label, colour, marker)
    "recognises": ("recognises", "#cf222e", "s"),
    "supports_russia": ("backs Russia's actions (per the Kremlin)", "#cf222e", "v"),
    "joint_decision_with_russia": ("would decide jointly with Russia", "#e69138", "D"),
    "de_facto_only": ("recognises 'de facto' only", "#e69138", "s"),
    "not_on_agenda": ("recognition 'not on the agenda'", "#999999", "o"),
    "territorial_integrity": ("affirms territorial integrity", "#6fa8dc", "o"),
    "condemns": ("condemns", "#0b5394", "^"),
    "does_not_recognise": ("does not recognise", "#0b5394", "o"),
    "rejects": ("rejects", "#0b5394", "D"),
    "ukraine_1991_borders": ("says Ukraine's 1991 borders apply", "#0b5394", "P"),
    "rebukes_russia": ("rebukes Moscow in public", "#0b5394", "X"),
}


def in_order(codes: Iterable[str]) -> list[str]:
    """Country codes in the collection's fixed order (codes outside it go last, sorted)."""
    codes = set(codes)
    known = [c for c in ORDER if c in codes]
    return known + sorted(codes - set(ORDER))


def names(codes: Iterable[str]) -> str:
    """ "Georgia, Kazakhstan and Moldova" for a set of codes, in the fixed order."""
    labels = [countries.name(c) for c in in_order(codes)]
    if len(labels) <= 1:
        return "".join(labels) or "none"
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def resolution_list(values: object, name: str, allowed: Iterable[str]) -> list[str]:
    """A non-empty list of distinct resolution symbols, returned in the order of `allowed`."""
    options = list(allowed)
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").split() if v]
    if not isinstance(values, list | tuple) or not values:
        raise ParameterError(
            f"Parameter `{name}` must be a non-empty list of resolutions, "
            f"from: {', '.join(options)}."
        )
    chosen = [choice(str(v), name, options) for v in values]
    if len(set(chosen)) < len(chosen):
        raise ParameterError(f"Parameter `{name}` lists a resolution more than once.")
    return [o for o in options if o in chosen]


def status_on(memberships: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Each country's status in each organisation on `day`, with the event it rests on.

    The status is that of the latest event on or before `day`; `none` if there is no
    event yet. If an event known only to the month falls in the month of `day`, the
    status that day cannot be told and is `unknown`; if two sources date different
    statuses to the same day, it is `disputed`. (One pass over plain rows: notebook 01
    asks this for many days, and a pandas filter per organisation and country cost
    a second per run.)
    """
    histories: dict[tuple[str, str], list] = {}
    ordered = memberships.sort_values("as_of", kind="stable")
    for row in ordered[list(_EVENT_FIELDS)].itertuples(index=False):
        histories.setdefault((row.organisation, row.country), []).append(row)
    rows = [
        {"organisation": organisation, "country": country}
        | _status_record(histories[(organisation, country)], day)
        for organisation, country in sorted(histories)
    ]
    return pd.DataFrame(
        rows, columns=["organisation", "country", "status", "since", "event", "source_url"]
    )


_EVENT_FIELDS = ("organisation", "country", "as_of", "precision", "status", "event", "source_url")


def _status_record(events: list, day: pd.Timestamp) -> dict:
    """The status on `day` of one country in one organisation, from its events oldest first."""
    if any(
        e.precision == "month" and (e.as_of.year, e.as_of.month) == (day.year, day.month)
        for e in events
    ):
        return {"status": UNKNOWN, "since": pd.NaT, "event": "", "source_url": ""}
    past = [e for e in events if e.as_of <= day]
    if not past:
        return {"status": NONE, "since": pd.NaT, "event": "", "source_url": ""}
    latest = [e for e in past if e.as_of == past[-1].as_of]
    statuses = set(e.status for e in latest)
    return {
        "status": latest[0].status if len(statuses) == 1 else DISPUTED,
        "since": _status_start(past),
        "event": latest[0].event,
        "source_url": latest[0].source_url,
    }


def _status_start(past: list) -> pd.Timestamp:
    """The day the current status began: later listings of the same status do not restart it."""
    current, start = past[-1].status, past[-1].as_of
    for event in reversed(past):
        if event.status != current:
            break
        start = event.as_of
    return start


def members(
    memberships: pd.DataFrame,
    day: pd.Timestamp,
    organisations: Iterable[str] = TREATY_ORGANISATIONS,
    statuses: Iterable[str] = ("member",),
) -> list[str]:
    """Countries holding one of `statuses` in any of `organisations` on `day`, in order."""
    now = status_on(memberships, day)
    chosen = now[now["organisation"].isin(list(organisations)) & now["status"].isin(list(statuses))]
    return in_order(chosen["country"])


def membership_grid(
    memberships: pd.DataFrame, day: pd.Timestamp, codes: Iterable[str]
) -> pd.DataFrame:
    """Country-by-organisation statuses on `day` (`none` where a country never joined)."""
    now = status_on(memberships, day).pivot(
        index="country", columns="organisation", values="status"
    )
    codes = in_order(codes)
    return (
        now.reindex(index=codes, columns=list(ORGANISATIONS))
        .fillna(NONE)
        .rename_axis(index="country", columns=None)
    )


def votes_resolved(
    votes: pd.DataFrame, resolutions: Iterable[str], codes: Iterable[str]
) -> pd.DataFrame:
    """One vote per country and resolution, as `unga.resolve` reads unga_votes.

    Sources that agree give that vote; sources that name different votes give `disputed`
    (`spread` shows who said what); rows marked `unknown`, or no row at all, give `unknown`.
    Nothing is inferred.
    """
    resolutions, codes = list(resolutions), in_order(codes)
    found = unga.resolve(votes, resolutions, codes).set_index(["resolution", "country"])
    rows = []
    for resolution in resolutions:
        for country in codes:
            if (resolution, country) in found.index:
                r = found.loc[(resolution, country)]
                vote, sources, publishers = r["vote"], r["sources"], r["publishers"]
                spread, confidence = r["spread"], r["confidence"]
            else:
                vote, sources, publishers, spread, confidence = UNKNOWN, 0, "", "", ""
            rows.append(
                {
                    "country": country,
                    "resolution": resolution,
                    "vote": vote,
                    "sources": sources,
                    "publishers": publishers,
                    "spread": spread,
                    "confidence": confidence,
                }
            )
    columns = ["country", "resolution", "vote", "sources", "publishers", "spread", "confidence"]
    return pd.DataFrame(rows, columns=columns)


def position_grid(
    memberships: pd.DataFrame,
    votes: pd.DataFrame,
    day: pd.Timestamp,
    codes: Iterable[str],
    resolutions: Iterable[str],
) -> pd.DataFrame:
    """Memberships on `day` and votes on `resolutions`, one row per country in fixed order."""
    codes = in_order(codes)
    resolutions = list(resolutions)
    voted = votes_resolved(votes, resolutions, codes).pivot(
        index="country", columns="resolution", values="vote"
    )
    grid = membership_grid(memberships, day, codes).join(voted.reindex(index=codes)[resolutions])
    grid.insert(0, "name", [countries.name(c) for c in grid.index])
    return grid


def statements_until(statements: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Statements made on or before `day`, oldest first."""
    kept = statements[statements["as_of"] <= day]
    return kept.sort_values(["as_of", "country", "publisher"]).reset_index(drop=True)


def refusals(
    statements: pd.DataFrame,
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    until: pd.Timestamp,
    after: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Open refusals to recognise the 2022 referendums, dated in (after, until].

    A refusal is a statement on the referendums with a refusing stance, or a vote for a
    resolution that declares them invalid (ES-11/4) or upholds Ukraine's territorial integrity.
    """
    start = after if after is not None else pd.Timestamp.min

    def window(frame: pd.DataFrame) -> pd.Series:
        return (frame["as_of"] > start) & (frame["as_of"] <= until)

    said = statements[
        (statements["topic"] == "referendums")
        & statements["stance"].isin(REFUSALS)
        & window(statements)
    ]
    rejecting = resolutions[refusing(resolutions) & window(resolutions)]
    settled = unga.resolve(votes, rejecting["resolution"])
    settled = settled.loc[settled["vote"] == "yes", ["resolution", "country"]]
    voted = votes.merge(settled, on=["resolution", "country"])
    voted = voted[voted["vote"] == "yes"]
    rows = [
        {
            "country": r.country,
            "as_of": r.as_of,
            "how": "statement",
            "detail": f"{r.speaker}: {r.stance.replace('_', ' ')}",
            "publisher": r.publisher,
            "source_url": r.source_url,
        }
        for r in said.itertuples()
    ] + [
        {
            "country": r.country,
            "as_of": r.as_of,
            "how": "UN vote",
            "detail": f"voted for {r.resolution}",
            "publisher": r.publisher,
            "source_url": r.source_url,
        }
        for r in voted.itertuples()
    ]
    frame = pd.DataFrame(
        rows, columns=["country", "as_of", "how", "detail", "publisher", "source_url"]
    )
    frame["order"] = frame["country"].map({c: i for i, c in enumerate(ORDER)})
    return (
        frame.sort_values(["order", "as_of", "publisher"])
        .drop(columns="order")
        .reset_index(drop=True)
    )


def refusing(resolutions: pd.DataFrame) -> pd.Series:
    """Resolutions a yes vote on which refuses the annexation (see `refusals`)."""
    return (resolutions["rejects_annexation"] == "yes") | (resolutions["affirms_borders"] == "yes")


def fence_sitters(votes: pd.DataFrame, resolution: str, codes: Iterable[str]) -> list[str]:
    """Countries that abstained or stayed away on `resolution` (unknown votes excluded)."""
    resolved = votes_resolved(votes, [resolution], codes)
    return in_order(resolved.loc[resolved["vote"].isin(NEUTRAL_VOTES), "country"])


def expression_cases(expression: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """One row per reported event up to `until`: what the authorities did, and if it tolerated."""
    rows = expression[expression["as_of"] <= until]
    events = (
        rows.sort_values(["as_of", "publisher"])
        .groupby(["country", "event"], as_index=False)
        .agg(
            first_reported=("as_of", "min"),
            response=("response", lambda r: "; ".join(dict.fromkeys(r))),
            description=("description", lambda d: " / ".join(dict.fromkeys(d))),
            outlets=("publisher", "nunique"),
        )
    )
    events["tolerated"] = events["response"].map(
        lambda r: all(part in TOLERATED for part in r.split("; "))
    )
    events["order"] = events["country"].map({c: i for i, c in enumerate(ORDER)})
    return (
        events.sort_values(["order", "first_reported"]).drop(columns="order").reset_index(drop=True)
    )


RECOGNITION_TOPICS = ("dnr_lnr", "referendums", "war")


def statement_tally(statements: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """Per country: distinct statements (speaker and day) and the reports of them, most first.

    Two outlets reporting one statement are two reports and one statement, so a country is
    never ranked by how often it was reported.
    """
    shown = statements[
        statements["country"].isin(list(codes)) & statements["topic"].isin(RECOGNITION_TOPICS)
    ]
    tally = pd.DataFrame(
        {
            "reports": shown.groupby("country").size(),
            "statements": shown.drop_duplicates(["country", "as_of", "speaker"])
            .groupby("country")
            .size(),
        }
    )
    return tally.sort_values(["statements", "reports"], ascending=False)


def timeline_title(tally: pd.DataFrame, day: pd.Timestamp) -> str:
    """The timeline's title, from the tally: who made the most distinct statements (ties named)."""
    if tally.empty:
        return f"No statement on recognition recorded by {_day(day)}"
    most = tally["statements"].max()
    top = tally[tally["statements"] == most]
    who = names(top.index)
    reports = int(top["reports"].sum())
    verb = "was" if len(top) == 1 else "were"
    return (
        f"Up to {_day(day)}, {who} {verb} on record most often on recognition "
        f"({most} distinct statement{'s' if most > 1 else ''}"
        + (" each" if len(top) > 1 else "")
        + f", {reports} reports)"
    )


def draw_grid(ax, grid: pd.DataFrame, labels: dict[str, str] | None = None) -> None:
    """Coloured cells with their text: memberships and votes side by side, one row per country.

    `grid` has country names in a `name` column and one column per organisation or vote;
    `labels` renames column headers (e.g. to add dates).
    """
    columns = [c for c in grid.columns if c != "name"]
    labels = labels or {}
    for y, (_, row) in enumerate(grid.iterrows()):
        for x, column in enumerate(columns):
            value = row[column]
            ax.add_patch(
                mpl.patches.Rectangle(
                    (x, y),
                    1,
                    1,
                    facecolor=CELL_COLOURS.get(value, "#ffffff"),
                    edgecolor="#bbbbbb",
                    hatch="///" if value == UNKNOWN else None,
                    linewidth=0.8,
                )
            )
            text = {NONE: "—", UNKNOWN: "unknown"}.get(value, value)
            ax.text(
                x + 0.5,
                y + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value in DARK_CELLS else "#222222",
            )
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(grid), 0)
    ax.set_xticks([x + 0.5 for x in range(len(columns))], [labels.get(c, c) for c in columns])
    ax.xaxis.tick_top()
    ax.set_yticks([y + 0.5 for y in range(len(grid))], list(grid["name"]))
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if len(columns) > len(ORGANISATIONS):
        ax.axvline(len(ORGANISATIONS), color="#222222", linewidth=1.5)


def draw_timeline(ax, statements: pd.DataFrame, codes: Iterable[str]) -> None:
    """One row per country, one marker per statement, coloured and shaped by stance."""
    codes = in_order(codes)
    row_of = {c: i for i, c in enumerate(codes)}
    shown = statements[
        statements["country"].isin(codes) & statements["topic"].isin(RECOGNITION_TOPICS)
    ].drop_duplicates(["country", "as_of", "speaker", "stance"])
    for stance, (label, colour, marker) in STANCE_STYLE.items():
        rows = shown[shown["stance"] == stance]
        if rows.empty:
            continue
        ax.scatter(
            rows["as_of"],
            rows["country"].map(row_of),
            color=colour,
            marker=marker,
            s=60,
            label=label,
            zorder=3,
        )
    ax.set_yticks(range(len(codes)), [countries.name(c) for c in codes])
    ax.set_ylim(len(codes) - 0.5, -0.5)
    _month_axis(ax)


def intervals(memberships: pd.DataFrame, country: str, until: pd.Timestamp) -> pd.DataFrame:
    """A country's statuses as periods (organisation, status, start, end), up to `until`.

    Consecutive events with the same status (a later listing of members) are one period.
    """
    rows = []
    for organisation in ORGANISATIONS:
        events = memberships[
            (memberships["country"] == country)
            & (memberships["organisation"] == organisation)
            & (memberships["as_of"] <= until)
        ].sort_values("as_of")
        periods: list[dict] = []
        for event in events.itertuples():
            if periods and periods[-1]["status"] == event.status:
                continue
            if periods:
                periods[-1]["end"] = event.as_of
            periods.append(
                {"organisation": organisation, "status": event.status, "start": event.as_of}
            )
        if periods:
            periods[-1]["end"] = until
        rows += [p for p in periods if p["status"] != NONE]
    return pd.DataFrame(rows, columns=["organisation", "status", "start", "end"])


def intervals_title(periods: pd.DataFrame, country: str, organisation: str = "CSTO") -> str:
    """ "Uzbekistan in the CSTO: member from 1992, member from 2006, suspended from 2012",
    from the periods drawn (a gap between two periods means the country was out)."""
    rows = periods[periods["organisation"] == organisation].sort_values("start")
    if rows.empty:
        return f"{countries.name(country)} was never in the {organisation}"
    spells, end = [], None
    for r in rows.itertuples():
        if end is not None and r.start > end:
            spells.append(f"out from {end:%Y}")
        spells.append(f"{r.status} from {r.start:%Y}")
        end = r.end
    return f"{countries.name(country)} in the {organisation}: " + ", ".join(spells)


def draw_intervals(ax, periods: pd.DataFrame) -> None:
    """One bar per organisation, coloured by status over time, labelled with the status."""
    for y, organisation in enumerate(ORGANISATIONS):
        for period in periods[periods["organisation"] == organisation].itertuples():
            width = period.end - period.start
            ax.barh(
                y,
                width,
                left=period.start,
                color=CELL_COLOURS[period.status],
                edgecolor="#555555",
                height=0.6,
            )
            ax.text(
                period.start + width / 2,
                y,
                period.status,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if period.status in DARK_CELLS else "#222222",
            )
    ax.set_yticks(range(len(ORGANISATIONS)), list(ORGANISATIONS))
    ax.set_ylim(len(ORGANISATIONS) - 0.5, -0.5)


def draw_aid(ax, aid: pd.DataFrame, codes: Iterable[str]) -> None:
    """Dated aid figures per donor: a marker per figure, labelled with amount and unit."""
    codes = in_order(codes)
    row_of = {c: i for i, c in enumerate(codes)}
    shown = aid[aid["country"].isin(codes)]
    markers = {"decision": "D", "shipment": "o", "cumulative": "s", "first_shipment": "^"}
    for metric, marker in markers.items():
        rows = shown[shown["metric"] == metric]
        if rows.empty:
            continue
        ax.scatter(
            rows["as_of"],
            rows["country"].map(row_of),
            marker=marker,
            s=50,
            color=CELL_COLOURS["member"],
            label=metric.replace("_", " "),
            zorder=3,
        )
    labelled = shown.dropna(subset=["value"]).sort_values(["country", "as_of", "unit", "value"])
    # Figures in the same country and month share a spot: stack their labels above and below.
    stack = labelled.groupby(["country", labelled["as_of"].dt.to_period("M")]).cumcount()
    for row, k in zip(labelled.itertuples(), stack, strict=True):
        label = f"{row.value:,.4g} {'t' if row.unit == 'tonnes' else row.unit}"
        offset = 6 + 11 * (k // 2) if k % 2 == 0 else -14 - 11 * (k // 2)
        ax.annotate(
            label,
            (row.as_of, row_of[row.country]),
            xytext=(4, offset),
            textcoords="offset points",
            fontsize=7,
        )
    ax.set_yticks(range(len(codes)), [countries.name(c) for c in codes])
    ax.set_ylim(len(codes) - 0.5, -0.5)
    _month_axis(ax)


def _month_axis(ax) -> None:
    """Date ticks that never crowd: about six, at whole months (or years for long spans)."""
    low, high = (mpl.dates.num2date(v) for v in ax.get_xlim())
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    if months > 48:
        locator = mpl.dates.YearLocator(base=max(1, round(months / 12 / 6)))
        formatter = mpl.dates.DateFormatter("%Y")
    else:
        locator = mpl.dates.MonthLocator(interval=max(1, -(-months // 6)))
        formatter = mpl.dates.DateFormatter("%b %Y")
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


# --- verdicts: one function per claim of 01_unwritten_rules ----------------------------------
#
# Each takes loaded frames and the notebook's parameters and returns `claims.judge(...)`.
# Every `because` is built from the rows used, and every "none found" names the table searched
# and the days it covers.

INVASION = pd.Timestamp("2022-02-24")  # the start of the months paragraphs 1-2 describe
REGION = tuple(c for c in ORDER if c in countries.POST_SOVIET and c not in ("RUS", "UKR"))
# "from Tajikistan to Kazakhstan, or from Uzbekistan to Georgia, Azerbaijan, or Armenia" (¶7)
NAMED_IN_PARAGRAPH_7 = ("TJK", "KAZ", "UZB", "GEO", "AZE", "ARM")
MOTIVE = "A motive is the author's reading, and no row records one"
NO_SANCTION = (
    "What Moscow asked of its partners, or held against them, is in no table; the "
    "one consequence recorded, a CSTO/EAEU seat, would be the same whether Moscow objected or not"
)


def _day(day: pd.Timestamp) -> str:
    return f"{day:%-d %b %Y}"


def _urls(*frames: pd.DataFrame) -> list[str]:
    return [u for frame in frames for u in frame["source_url"].dropna()]


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _span(frame: pd.DataFrame, column: str = "as_of") -> str:
    return f"{_day(frame[column].min())} to {_day(frame[column].max())}"


def partners_on(memberships: pd.DataFrame, day: pd.Timestamp) -> list[str]:
    """Russia's CSTO/EAEU partners (members, Russia itself aside) on `day`."""
    return [c for c in members(memberships, day) if c != "RUS"]


def _stance(row) -> str:
    return STANCE_STYLE[row.stance][0]


def _said(row) -> str:
    return f"{countries.name(row.country)}, {row.speaker}, {_day(row.as_of)}: “{row.paraphrase}”"


def _asked(asked_on: pd.Timestamp | None) -> str:
    """The knowledge cut-off a question states when it is not today's record."""
    return "" if asked_on is None else f"as known on {_day(asked_on)}: "


def no_recognition_required(
    statements: pd.DataFrame,
    memberships: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Nobody in the region recognised the republics, and a treaty partner said no openly."""
    upto = min(on_date, article_date)
    partners = partners_on(memberships, upto)
    topic = statements[statements["topic"] == "dnr_lnr"]
    said = topic[topic["as_of"] <= upto].sort_values(["as_of", "publisher"])
    names_ = (
        f"no post-Soviet state besides Russia recognised the republics by {_day(upto)}",
        f"a CSTO/EAEU partner of Russia said openly, by {_day(upto)}, "
        "that it would not recognise them",
        "no partner was required to recognise them, or penalised for refusing",
    )
    if said.empty:
        why = (
            f"The table recognition_statements holds no statement on the republics by "
            f"{_day(upto)} (its first is dated {_day(topic['as_of'].min())})"
        )
        parts = [rules.part(n, None, why, _urls(topic)) for n in names_[:2]]
    else:
        recognised = said[said["stance"] == "recognises"]
        inside = recognised[recognised["country"].isin(REGION)]
        latest = recognised.iloc[-1] if not recognised.empty else None
        searched = (
            f"Searched the {len(said)} reports on the republics in recognition_statements "
            f"({_span(said)}): states recognising them: {names(set(recognised['country']))}"
        )
        if latest is not None:
            searched += f"; the latest report ({latest.publisher}): “{latest.paraphrase}”"
        if not inside.empty:
            searched += f". Post-Soviet states among them: {names(set(inside['country']))}"
        declined = said[(said["stance"] == "does_not_recognise") & said["country"].isin(partners)]
        others = said[said["country"].isin(partners) & ~said["country"].isin(declined["country"])]
        silent = [c for c in partners if c not in set(said["country"])]
        because = (
            "; ".join(_said(r) for r in declined.drop_duplicates("country").itertuples())
            or "no partner's statement says it will not recognise them"
        )
        because += "".join(
            f"; {countries.name(r.country)}: {_stance(r)} ({r.speaker}, {_day(r.as_of)})"
            for r in others.drop_duplicates(["country", "stance"]).itertuples()
        )
        if silent:
            because += f"; no statement recorded for {names(silent)}"
        parts = [
            rules.part(names_[0], inside.empty, searched + ".", _urls(said)),
            rules.part(names_[1], not declined.empty, because + ".", _urls(declined, others)),
        ]
    parts.append(rules.part(names_[2], None, NO_SANCTION + "."))
    recognisers = set(said.loc[said["stance"] == "recognises", "country"])
    return claims.judge(
        "no_recognition_required",
        parts,
        measured=f"recognised by: {names(recognisers)}",
        question=_asked(asked_on)
        + f"did any post-Soviet state recognise the DNR/LNR by {_day(upto)}, "
        f"and did a treaty partner openly decline?",
    )


def neutrality_was_enough(
    votes: pd.DataFrame,
    memberships: pd.DataFrame,
    resolutions: pd.DataFrame,
    statements: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    most: float = 0.5,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Most of Russia's partners stayed neutral at the UN rather than back it."""
    upto = min(on_date, article_date)
    voted_on = resolutions.set_index("resolution").loc["ES-11/1", "as_of"]
    partners = partners_on(memberships, INVASION)
    name = (
        f"most of Russia's {len(partners)} CSTO/EAEU partners on {_day(INVASION)} abstained "
        f"or stayed away on ES-11/1 rather than vote with Russia"
    )
    rows = votes[(votes["resolution"] == "ES-11/1") & votes["country"].isin(partners)]
    resolved = votes_resolved(votes, ["ES-11/1"], partners)
    known = resolved[~resolved["vote"].isin([UNKNOWN, DISPUTED])]
    neutral = known[known["vote"].isin(NEUTRAL_VOTES)]
    if upto < voted_on or known.empty:
        share = None
        because = (
            f"ES-11/1 was voted on {_day(voted_on)}, after {_day(upto)}"
            if upto < voted_on
            else "No source settles a partner's vote on ES-11/1"
        )
    else:
        share = len(neutral) / len(known)
        because = f"{len(neutral)} of {len(known)} partners with a known vote: " + "; ".join(
            f"{countries.name(r.country)} {r.vote} ({r.publishers})" for r in known.itertuples()
        )
    readouts = statements[
        (statements["stance"] == "supports_russia") & statements["country"].isin(partners)
    ]
    readouts = readouts[readouts["as_of"] <= upto]
    parts = [
        rules.at_least(
            name,
            share,
            most,
            param="most",
            because=because + ".",
            sources=_urls(rows),
            fmt="{:.0%}",
        ),
        rules.part(
            "the neutral partners paid no price for staying neutral", None, NO_SANCTION + "."
        ),
    ]
    return claims.judge(
        "neutrality_was_enough",
        parts,
        measured=None if share is None else f"{len(neutral)} of {len(known)}",
        question=_asked(asked_on)
        + f"did at least {most:.0%} of Russia's partners stay neutral on ES-11/1 "
        f"(judged up to {_day(upto)})?",
        evidence="; ".join(f"{_said(r)} ({r.publisher}; {r.note})" for r in readouts.itertuples()),
        sources=_urls(readouts),
    )


def kz_arms_export_suspension(
    arms: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """An announced suspension, in force on the day, covering all military products."""
    upto = min(on_date, article_date)
    every = arms[arms["measure"] == "export_suspension"]
    found = every[every["as_of"] <= upto].sort_values("publisher")
    sipri = arms[arms["measure"] == "sipri_recorded_exports"]
    names_ = (
        f"Kazakhstan's government announced a suspension of arms exports by {_day(upto)}",
        f"the suspension was in force on {_day(upto)}",
        "every report says it covers all weapons, military equipment and military products",
    )
    reports = "; ".join(
        f"{r.publisher} ({_day(r.as_of)}): “{r.scope_text}”, "
        f"{_day(r.period_start)} to {_day(r.period_end)}"
        for r in found.itertuples()
    )
    if upto < INVASION:
        why = f"Paragraph 2 describes the months after {_day(INVASION)}"
        parts = [rules.part(n, None, f"{why}, and {_day(upto)} is before them.") for n in names_]
    elif found.empty:
        first = (
            f"its first report is dated {_day(every['as_of'].min())}"
            if not every.empty
            else "it holds none"
        )
        why = f"kz_arms_exports holds no report of a suspension by {_day(upto)} ({first})"
        parts = [
            rules.part(names_[0], False, why + ".", _urls(every)),
            rules.part(names_[1], None, why[0].upper() + why[1:] + "."),
            rules.part(names_[2], None, why[0].upper() + why[1:] + "."),
        ]
    else:
        in_force = (found["period_start"] <= upto) & (upto <= found["period_end"])
        parts = [
            rules.part(names_[0], True, f"{len(found)} reports: {reports}.", _urls(found)),
            rules.part(
                names_[1], bool(in_force.any()), f"Periods reported: {reports}.", _urls(found)
            ),
            rules.part(
                names_[2],
                bool((found["scope"] == "all").all()),
                "Scope as each report words it: "
                + "; ".join(f"{r.publisher}: “{r.scope_text}”" for r in found.itertuples())
                + ".",
                _urls(found),
            ),
        ]
    parts.append(rules.part("it was done “just to be on the safe side”", None, MOTIVE + "."))
    evidence = "; ".join(
        f"How much there was to suspend: {r.statement_by} recorded {r.value:,.0f} "
        f"{r.unit} ({r.scope_text}) from {r.period_start:%Y} to {r.period_end:%Y}. {r.note}"
        for r in sipri.itertuples()
    )
    return claims.judge(
        "kz_arms_export_suspension",
        parts,
        measured=f"{len(found)} reports" if not found.empty else None,
        question=_asked(asked_on) + f"had Kazakhstan suspended all arms exports by {_day(upto)}?",
        evidence=evidence,
        sources=_urls(sipri),
    )


def humanitarian_aid_allowed(
    aid: pd.DataFrame,
    memberships: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """A treaty partner of Russia sent government aid to Ukraine openly."""
    upto = min(on_date, article_date)
    partners = partners_on(memberships, INVASION)
    given = aid[(aid["as_of"] <= upto) & (aid["donor"] != "possibly_private")]
    from_partners = given[given["country"].isin(partners)].sort_values("as_of")
    name = f"a CSTO/EAEU partner of Russia sent government aid to Ukraine by {_day(upto)}"
    if upto < INVASION:
        part = rules.part(name, None, f"{_day(upto)} is before the invasion of {_day(INVASION)}.")
    else:
        without = [c for c in partners if c not in set(given["country"])]
        later = aid[aid["country"].isin(without) & (aid["as_of"] > upto)]
        because = (
            "; ".join(
                f"{countries.name(r.country)}, {_day(r.as_of)}: {r.metric.replace('_', ' ')} "
                f"{r.value:,.4g} {r.unit} ({r.statement_by}; {r.publisher})"
                for r in from_partners.itertuples()
            )
            or "no partner's aid is in aid_to_ukraine"
        )
        because += f". Searched aid_to_ukraine up to {_day(upto)}; no aid from {names(without)}"
        because += "".join(
            f"; {countries.name(r.country)}'s first row is dated {_day(r.as_of)}"
            for r in later.sort_values("as_of").drop_duplicates("country").itertuples()
        )
        part = rules.part(name, not from_partners.empty, because + ".", _urls(from_partners, later))
    donors = in_order(set(given["country"]))
    return claims.judge(
        "humanitarian_aid_allowed",
        [part, rules.part("the donors paid no price for it", None, NO_SANCTION + ".")],
        measured=f"donors: {names(donors)}",
        question=_asked(asked_on)
        + f"had a treaty partner of Russia sent aid to Ukraine by {_day(upto)}?",
        evidence=f"All government donors recorded by {_day(upto)}: {names(donors)}. Figures "
        "are as each source states them, in its own unit; nothing is summed.",
        sources=_urls(given) or _urls(aid),
    )


def pro_ukrainian_voices_tolerated(
    reactions: pd.DataFrame,
    expression: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Did Moscow put up with pro-Ukrainian voices in the neighbours, or demand they be silenced?

    The article lists what Moscow allowed, so each recorded reaction of a Russian official is a
    part: it holds if the official objected without asking the neighbour to act. What the
    neighbours' own authorities did is evidence, not a part.
    """
    upto = min(on_date, article_date)
    seen = reactions[reactions["as_of"] <= upto].sort_values("as_of")
    parts = [
        rules.part(
            f"{r.official} did not ask {countries.name(r.country)} to act against {r.voice}",
            r.demanded_action == "no",
            f"{r.reaction.replace('_', ' ')}, "
            + (f"{r.as_of:%b %Y}" if r.precision == "month" else _day(r.as_of))
            + f": {r.words}",
            [r.source_url],
        )
        for r in seen.itertuples()
    ] or [
        rules.part(
            "Moscow tolerated pro-Ukrainian voices in the neighbours",
            None,
            f"The table moscow_reactions holds no reaction by {_day(upto)}.",
            _urls(reactions),
        )
    ]
    cases = expression_cases(expression, upto)
    local = "; ".join(
        f"{countries.name(r.country)}, {r.event}: {r.response}" for r in cases.itertuples()
    )
    return claims.judge(
        "pro_ukrainian_voices_tolerated",
        parts,
        measured=f"{int((seen['demanded_action'] == 'yes').sum())} of {len(seen)} reactions "
        "demanded action",
        question=_asked(asked_on) + f"did Moscow tolerate pro-Ukrainian voices in the neighbours "
        f"up to {_day(upto)}?",
        evidence=(
            f"What the neighbours' own authorities did (context, not the test): {local}."
            if local
            else ""
        ),
        sources=_urls(expression[expression["as_of"] <= upto]),
    )


def csto_partners_many(
    memberships: pd.DataFrame,
    on_date: pd.Timestamp,
    named: Iterable[str] = NAMED_IN_PARAGRAPH_7,
    many: float = 0.5,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """The share of the states named in paragraph 7 that were CSTO members on `on_date`."""
    named = list(named)
    now = status_on(memberships, on_date).query("organisation == 'CSTO'").set_index("country")
    now = now.reindex(named)
    inside = [c for c in named if now.loc[c, "status"] == "member"]
    share = len(inside) / len(named)
    because = f"{len(inside)} of {len(named)}: " + "; ".join(
        f"{countries.name(c)} {now.loc[c, 'status']}"
        + (f" since {_day(now.loc[c, 'since'])}" if pd.notna(now.loc[c, "since"]) else "")
        for c in named
    )
    rows = memberships[
        memberships["country"].isin(named)
        & (memberships["organisation"] == "CSTO")
        & (memberships["as_of"] <= on_date)
    ]
    part = rules.at_least(
        f"“many” of the {len(named)} states named in paragraph 7 were CSTO members "
        f"on {_day(on_date)}",
        share,
        many,
        param="many",
        because=because + ".",
        sources=_urls(rows),
        fmt="{:.0%}",
    )
    return claims.judge(
        "csto_partners_many",
        [part],
        measured=f"{len(inside)} of {len(named)}",
        claimed=f"at least {many:.0%}",
        question=_asked(asked_on)
        + f"were at least {many:.0%} of the states named in paragraph 7 CSTO members "
        f"on {_day(on_date)}?",
    )


def uz_not_in_csto_eaeu(
    memberships: pd.DataFrame,
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    statements: pd.DataFrame,
    on_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Uzbekistan outside the CSTO and the EAEU on `on_date`, and not voting with Russia."""
    status = status_on(memberships, on_date).query("country == 'UZB'").set_index("organisation")
    rows = memberships[(memberships["country"] == "UZB") & (memberships["as_of"] <= on_date)]
    parts = []
    for organisation in ("CSTO", "EAEU"):
        s = status.loc[organisation]
        said = (
            f"Uzbekistan's {organisation} status on {_day(on_date)}: {s['status']}"
            + (f" since {_day(s['since'])} ({s['event']})" if pd.notna(s["since"]) else "")
            + "."
        )
        holds = None if s["status"] in (UNKNOWN, DISPUTED) else s["status"] != "member"
        used = rows[rows["organisation"] == organisation]
        parts.append(
            rules.part(f"not an {organisation} member", holds, said, _urls(used))
            if organisation == "EAEU"
            else rules.part(f"not a {organisation} member", holds, said, _urls(used))
        )
    texts = unga.war_texts(resolutions)
    adopted = texts.loc[texts["as_of"] <= on_date, "resolution"]
    cast = votes_resolved(votes, adopted, ["UZB"])
    cast = cast[~cast["vote"].isin([UNKNOWN, DISPUTED])]
    uz_votes = votes[votes["resolution"].isin(adopted) & (votes["country"] == "UZB")]
    said = statements[(statements["country"] == "UZB") & (statements["as_of"] <= on_date)]
    name = "keeps some distance: never voted with Russia on a UN resolution condemning the war"
    if cast.empty:
        because = f"No resolution condemning the war in unga_resolutions by {_day(on_date)}."
        parts.append(rules.part(name, None, because))
    else:
        because = "; ".join(f"{r.resolution}: {r.vote} ({r.publishers})" for r in cast.itertuples())
        because += "".join(f"; {_said(r)}" for r in said.itertuples())
        parts.append(
            rules.part(name, not (cast["vote"] == "no").any(), because + ".", _urls(uz_votes, said))
        )
    return claims.judge(
        "uz_not_in_csto_eaeu",
        parts,
        measured="; ".join(f"{o}: {status.loc[o, 'status']}" for o in ("CSTO", "EAEU")),
        question=_asked(asked_on)
        + f"was Uzbekistan outside the CSTO and the EAEU on {_day(on_date)}?",
    )


def neighbours_keep_distance(
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    statements: pd.DataFrame,
    memberships: pd.DataFrame,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """The neighbours neutral on ES-11/1: kept neutral at the UN, and kept quiet about Moscow?"""
    fence = fence_sitters(votes, "ES-11/1", REGION)
    texts = unga.war_texts(resolutions)
    later = texts[(texts["as_of"] > article_date) & (texts["as_of"] <= known_by)]
    resolved = votes_resolved(votes, later["resolution"], fence)
    window = (statements["as_of"] > article_date) & (statements["as_of"] <= known_by)
    said = statements[window & statements["stance"].isin(CRITICAL)]
    moved = memberships[(memberships["as_of"] > article_date) & (memberships["as_of"] <= known_by)]
    distance, quiet = [], []
    for code in fence:
        country = countries.name(code)
        mine = resolved[resolved["country"] == code]
        known = mine[~mine["vote"].isin([UNKNOWN, DISPUTED])]
        because = "; ".join(
            f"{r.resolution}: {r.vote}" + (f" ({r.publishers})" if r.publishers else " (no source)")
            for r in mine.itertuples()
        )
        left = moved[moved["country"] == code]
        because += "".join(
            f"; {r.organisation} {r.status} from {_day(r.as_of)} ({r.event})"
            for r in left.itertuples()
        )
        name = f"{country} kept its distance: it abstained or stayed away at the UN again"
        used = votes[votes["resolution"].isin(later["resolution"]) & (votes["country"] == code)]
        if known.empty:
            why = (
                because
                or f"no resolution condemning the war from {_day(article_date)} to {_day(known_by)}"
            )
            distance.append(rules.part(name, None, _first_up(f"{why}."), _urls(used)))
        else:
            holds = bool(known["vote"].isin(NEUTRAL_VOTES).all())
            distance.append(rules.part(name, holds, because + ".", _urls(used, left)))
        spoke = said[said["country"] == code]
        name = f"{country} refrained from public comment against Moscow"
        if not spoke.empty:
            because = "; ".join(
                f"{_said(r)} ({r.publisher})" for r in spoke.drop_duplicates("as_of").itertuples()
            )
            quiet.append(rules.part(name, False, because + ".", _urls(spoke)))
        else:
            quiet.append(
                rules.part(
                    name,
                    None,
                    f"No statement by {country} from {_day(article_date)} to "
                    f"{_day(known_by)} in recognition_statements, whose rows after the "
                    "article come from targeted searches: silence cannot be read from it.",
                )
            )
    return claims.judge(
        "neighbours_keep_distance",
        distance + quiet,
        question=_asked(asked_on)
        + f"did the neighbours neutral on ES-11/1 keep their distance and their silence "
        f"after {_day(article_date)}?",
        sources=_urls(votes[(votes["resolution"] == "ES-11/1") & votes["country"].isin(fence)]),
    )


def kz_only_country_refused_referendums(
    statements: pd.DataFrame,
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    memberships: pd.DataFrame,
    on_date: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Kazakhstan refused openly; no other treaty partner, and no other neighbour, did."""
    partners = partners_on(memberships, on_date)
    refused = refusals(statements, votes, resolutions, on_date)
    on_topic = statements[(statements["topic"] == "referendums") & (statements["as_of"] <= on_date)]
    rejecting = resolutions[refusing(resolutions) & (resolutions["as_of"] <= on_date)]
    names_ = (
        f"Kazakhstan openly refused to recognise the referendums by {_day(on_date)}",
        f"no other CSTO/EAEU partner of Russia did (partners on {_day(on_date)})",
        "no other post-Soviet state did (Russia and Ukraine aside)",
    )
    if on_topic.empty and rejecting.empty:
        why = (
            f"Neither recognition_statements nor unga_resolutions holds a statement "
            f"or vote on the referendums by {_day(on_date)}."
        )
        parts = [rules.part(n, None, why, _urls(statements)) for n in names_]
    else:
        searched = (
            f"Searched the {len(on_topic)} statements on the referendums in recognition_statements"
        )
        if not on_topic.empty:
            searched += f" ({_span(on_topic)})"
        if not rejecting.empty:
            searched += f" and the votes on {', '.join(rejecting['resolution'])}"
        kaz = refused[refused["country"] == "KAZ"]
        kaz_said = on_topic[(on_topic["country"] == "KAZ") & on_topic["stance"].isin(REFUSALS)]
        kaz_because = "; ".join(
            f"{r.publisher}: “{r.paraphrase}” ({r.note})"
            if isinstance(r.note, str)
            else f"{r.publisher}: “{r.paraphrase}”"
            for r in kaz_said.itertuples()
        )
        kaz_because = kaz_because or "; ".join(f"{r.how}: {r.detail}" for r in kaz.itertuples())
        others = refused[refused["country"].isin(REGION) & (refused["country"] != "KAZ")]
        in_partners = others[others["country"].isin(partners)]
        partner_records = "; ".join(
            f"{countries.name(c)}: "
            + (
                ", ".join(
                    f"{_stance(r)} ({_day(r.as_of)})"
                    for r in on_topic[on_topic["country"] == c]
                    .drop_duplicates("stance")
                    .itertuples()
                )
                or "no statement"
            )
            for c in partners
            if c != "KAZ"
        )
        parts = [
            rules.part(
                names_[0],
                not kaz.empty,
                (kaz_because or f"{searched}: no refusal by Kazakhstan") + ".",
                _urls(kaz),
            ),
            rules.part(
                names_[1],
                in_partners.empty,
                f"{searched}: {partner_records}.",
                _urls(on_topic[on_topic["country"].isin(partners)], in_partners),
            ),
            rules.part(
                names_[2],
                others.empty,
                f"{searched}: refusals by "
                + (
                    "; ".join(
                        f"{countries.name(r.country)} ({r.how}, {_day(r.as_of)}: {r.detail})"
                        for r in others.itertuples()
                    )
                    or "no one else"
                )
                + ".",
                _urls(others),
            ),
        ]
    uz = on_topic[(on_topic["country"] == "UZB")]
    other_words = statements[
        (statements["country"] == "UZB")
        & (statements["stance"] == "territorial_integrity")
        & (statements["as_of"] <= on_date)
        & (statements["as_of"] >= pd.Timestamp("2022-09-01"))
    ]
    return claims.judge(
        "kz_only_country_refused_referendums",
        parts,
        measured="others who refused: "
        + names(set(refused.loc[refused["country"].isin(REGION), "country"]) - {"KAZ"}),
        claimed="Kazakhstan alone",
        question=_asked(asked_on)
        + f"was Kazakhstan the only neighbour to refuse the referendums openly "
        f"by {_day(on_date)}?",
        evidence="; ".join(
            f"Not counted as a refusal: {_said(r)} ({r.note})" for r in other_words.itertuples()
        ),
        sources=_urls(other_words, uz),
    )


def kz_tokayev_quasi_states(
    statements: pd.DataFrame,
    on_date: pd.Timestamp,
    article_date: pd.Timestamp,
    outlets: int = 2,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Reports, dated before the article, of Tokayev calling the republics "quasi-states"."""
    upto = min(on_date, article_date)
    with_term = statements[
        statements["key_term"].fillna("").str.contains("quasi") & (statements["as_of"] <= upto)
    ]
    his = with_term[(with_term["country"] == "KAZ") & with_term["speaker"].str.contains("Tokayev")]
    name = f"a report dated by {_day(upto)} has Tokayev calling the DNR/LNR “quasi-states”"
    if not his.empty:
        first = his.sort_values("published").iloc[0]
        said = "; ".join(
            f"{r.publisher} ({_day(r.published)}): “{r.paraphrase}”" for r in his.itertuples()
        )
        term = rules.part(name, True, f"Said on {_day(first.as_of)}. {said}.", _urls(his))
    elif not with_term.empty:
        term = rules.part(
            name,
            False,
            "The term is attributed to "
            + "; ".join(f"{r.speaker} ({r.publisher})" for r in with_term.itertuples())
            + ", not to Tokayev.",
            _urls(with_term),
        )
    else:
        term = rules.part(
            name,
            None,
            f"No report in recognition_statements uses the term by {_day(upto)}.",
            _urls(statements[statements["country"] == "KAZ"]),
        )
    count = his["publisher"].nunique() if not his.empty else None
    corroborated = rules.at_least(
        "independent outlets report it",
        count,
        outlets,
        param="outlets",
        because=f"{count} outlets: {'; '.join(dict.fromkeys(his['publisher']))}."
        if count
        else "No report to count.",
        sources=_urls(his),
        fmt="{:,.0f}",
    )
    return claims.judge(
        "kz_tokayev_quasi_states",
        [term, corroborated],
        measured=count,
        claimed=f"at least {outlets} outlets",
        question=_asked(asked_on)
        + f"did at least {outlets} outlets report Tokayev's “quasi-states” "
        f"by {_day(upto)}?",
    )


def others_follow_suit(
    statements: pd.DataFrame,
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp,
    asked_on: pd.Timestamp | None = None,
) -> claims.Verdict:
    """Each other fence-sitter: an open refusal of the referendums after the article?"""
    fence = fence_sitters(votes, "ES-11/1", REGION)
    others = [c for c in fence if c != "KAZ"]
    found = refusals(statements, votes, resolutions, known_by, after=article_date)
    rejecting = resolutions[
        refusing(resolutions)
        & (resolutions["as_of"] > article_date)
        & (resolutions["as_of"] <= known_by)
    ]
    resolved = votes_resolved(votes, rejecting["resolution"], others)
    parts = []
    for code in others:
        name = f"{countries.name(code)} openly refused the referendums after the article"
        mine = found[found["country"] == code]
        cast = resolved[(resolved["country"] == code)]
        known = cast[~cast["vote"].isin([UNKNOWN, DISPUTED])]
        used = votes[votes["resolution"].isin(rejecting["resolution"]) & (votes["country"] == code)]
        votes_text = "; ".join(
            f"{r.resolution}: {r.vote}" + (f" ({r.publishers})" if r.publishers else "")
            for r in cast.itertuples()
        )
        search = (
            f"no refusal by {countries.name(code)} in recognition_statements after "
            f"{_day(article_date)} (its later rows come from targeted searches, not a census), "
            "so the part rests on the votes: no yes on a resolution upholding Ukraine's borders"
        )
        if not mine.empty:
            words = statements[
                (statements["country"] == code)
                & statements["source_url"].isin(mine["source_url"])
                & (statements["as_of"] > article_date)
            ]
            because = "; ".join(
                [f"{_said(r)} ({r.publisher})" for r in words.itertuples()]
                + [
                    f"{r.detail}, {_day(r.as_of)}"
                    for r in mine[mine["how"] == "UN vote"].itertuples()
                ]
            )
            parts.append(rules.part(name, True, because + ".", _urls(mine)))
        elif not known.empty:
            parts.append(rules.part(name, False, f"{votes_text}; {search}.", _urls(used)))
        else:
            why = votes_text or f"no resolution on the annexation by {_day(known_by)}"
            parts.append(rules.part(name, None, _first_up(f"{why}; {search}."), _urls(used)))
    return claims.judge(
        "others_follow_suit",
        parts,
        question=_asked(asked_on)
        + f"did another neighbour neutral on ES-11/1 refuse the referendums openly "
        f"after {_day(article_date)}?",
        sources=_urls(statements[statements["topic"] == "referendums"]),
    )


def public_supports_criticism(
    polls: pd.DataFrame,
    article_date: pd.Timestamp,
    known_by: pd.Timestamp,
    majority: float = 0.5,
    asked_on: pd.Timestamp | None = None,
    article: pd.DataFrame | None = None,
) -> claims.Verdict:
    """In each country polled after the article, does most of the public side against Moscow?

    The latest poll in the window decides a country's part: the largest share giving an answer
    against Moscow's line, against the chosen `majority`.
    """
    window = polls[(polls["as_of"] > article_date) & (polls["published"] <= known_by)]
    parts = []
    for code in in_order(set(window["country"])):
        mine = window[window["country"] == code]
        latest = mine[mine["as_of"] == mine["as_of"].max()]
        against = latest[latest["side"] == "against_moscow"]
        share = against["share"].max() / 100 if not against.empty else None
        because = (
            f"{latest['pollster'].iloc[0]}, fieldwork to {_day(latest['as_of'].iloc[0])}: "
            + "; ".join(
                f"“{question}” "
                + ", ".join(
                    f"{r.answer} {r.share:g} % ({r.side.replace('_', ' ')})"
                    for r in answers.itertuples()
                )
                for question, answers in latest.groupby("question", sort=False)
            )
        )
        earlier = mine[mine["as_of"] < latest["as_of"].iloc[0]]
        if not earlier.empty:
            because += ". Earlier in the window: " + "; ".join(
                f"{_day(r.as_of)}: {r.answer} {r.share:g} %"
                for r in earlier[earlier["side"] == "against_moscow"].itertuples()
            )
        parts.append(
            rules.at_least(
                f"most of {countries.name(code)}'s public sides against Moscow",
                share,
                majority,
                param="majority",
                because=because + ".",
                sources=_urls(mine),
                fmt="{:.0%}",
            )
        )
    if not parts:
        parts = [
            rules.part(
                "the public sides against Moscow",
                None,
                f"No poll in opinion_polls was fielded from {_day(article_date)} to "
                f"{_day(known_by)}.",
                # with no poll known by the cut-off, the article's page is what is cited
                _urls(polls) or ([] if article is None else list(article["url"])),
            )
        ]
    return claims.judge(
        "public_supports_criticism",
        parts,
        claimed=f"at least {majority:.0%}",
        question=_asked(asked_on)
        + f"did at least {majority:.0%} of the public side against Moscow in the polls "
        f"published after {_day(article_date)}?",
    )
