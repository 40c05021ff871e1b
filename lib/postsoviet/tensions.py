"""The region's crises of 2022 as dated events and revised death tolls, read as known by a day.

Official tolls of unrest and border clashes are revised for days or months, and each side
counts its own dead. These helpers never merge or average figures: they select what had
been published by the knowledge cut-off (`known_by`, by the rule of `cutoff.known_by`), keep
every counter apart, and report the spread of the figures standing on the latest date as a
low–high range.
"""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from postsoviet import countries, cutoff, known, unga

# The tables of 06_tensions that the knowledge cut-off filters (every row carries the day it was
# published); the UCDP battle-death series (a yearly dataset with no per-row publication date)
# and the article's own edition are read whole.
TABLES = (
    "tension_events",
    "death_tolls",
    "kz_elections",
    "exodus_remarks",
    "unga_votes",
    "unga_resolutions",
    "clash_places",
)


def tables_known_by(known_by: object) -> known.Tables:
    """The notebook's tables with the rows published by the cut-off (`known.tables`)."""
    return known.tables(TABLES, known_by)


# Event kinds that are open tension in themselves; reforms, elections, votes and
# settlements are what happens around or after it.
TENSION_KINDS = (
    "invasion",
    "mobilization",
    "annexation",
    "unrest",
    "intervention",
    "armed_clash",
    "offensive",
    "protest",
)
SETTLEMENT_KINDS = ("settlement",)
EPISODES = {
    "kz_january_2022": "Kazakhstan, January 2022 unrest",
    "uz_karakalpakstan_2022": "Uzbekistan, Karakalpakstan, July 2022",
    "kg_tj_sep_2022": "Kyrgyzstan–Tajikistan border, September 2022",
    "am_az_sep_2022": "Armenia–Azerbaijan border, September 2022",
    "kg_tj_jan_2022": "Kyrgyzstan–Tajikistan border, January 2022",
    "kg_tj_apr_2021": "Kyrgyzstan–Tajikistan border, April 2021",
    "am_az_sep_2023": "Nagorno-Karabakh, September 2023",
}


def published_by(frame: pd.DataFrame, known_by: pd.Timestamp) -> pd.DataFrame:
    """Rows a reader could have seen on `known_by`: published on or before it, by the one rule
    of `cutoff.known_by` (a row without a publication date counts from the day it describes)."""
    return cutoff.known_by(frame, known_by).rows


def involving(events: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Events that happened in, or were fought with, one of the `codes`."""
    return events[events["country"].isin(codes) | events["counterpart"].isin(codes)]


def timeline(
    events: pd.DataFrame,
    codes: list[str],
    known_by: pd.Timestamp,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """The events of `codes` that began between `start` and `end`, reported by `known_by`."""
    rows = published_by(involving(events, codes), known_by)
    rows = rows[rows["start"].between(start, end)]
    return rows.sort_values(["start", "event_id"]).reset_index(drop=True)


def tension_by_country(
    events: pd.DataFrame,
    codes: list[str],
    known_by: pd.Timestamp,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """For each country, the open-tension events it was part of between `start` and `end`.

    A country with no such event in the data gets a row with 0 events: the data are not an
    inventory of every country's politics, so 0 means "none found", not "calm".
    """
    rows = timeline(events, codes, known_by, start, end)
    rows = rows[rows["kind"].isin(TENSION_KINDS)]
    table = []
    for code in codes:
        mine = rows[(rows["country"] == code) | (rows["counterpart"] == code)]
        table.append(
            {
                "country": code,
                "name": countries.name(code),
                "events": len(mine),
                "first": mine["start"].min(),
                "kinds": ", ".join(sorted(set(mine["kind"]))),
                "examples": "; ".join(mine["event_id"]),
            }
        )
    order = pd.DataFrame(table).sort_values(["events", "country"], ascending=[False, True])
    return order.reset_index(drop=True)


def toll_revisions(tolls: pd.DataFrame, known_by: pd.Timestamp) -> pd.DataFrame:
    """Every toll published by `known_by`, as a series per episode, side and counter."""
    rows = published_by(tolls, known_by).assign(
        episode_name=lambda f: f["episode"].map(EPISODES),
        side_name=lambda f: f["side"].map(countries.NAMES).fillna("both sides"),
    )
    columns = [
        "episode_name",
        "side_name",
        "counter_kind",
        "counted_by",
        "as_of",
        "value",
        "qualifier",
        "metric",
        "publisher",
    ]
    order = ["episode", "side_name", "counter_kind", "as_of", "value", "counted_by"]
    return rows.sort_values(order)[columns].reset_index(drop=True)


def toll_spread(tolls: pd.DataFrame, known_by: pd.Timestamp) -> pd.DataFrame:
    """First and latest figures per episode, side and kind of counter, as known on `known_by`.

    Figures stated on the same day are kept as a range (low–high), so two ministries of one
    government that disagree show as a spread, not an average; `all_low`–`all_high` spans
    every figure of the series, revisions and differing definitions included.
    """
    rows = published_by(tolls, known_by).assign(side=lambda f: f["side"].fillna(""))
    out = []
    keys = ["episode", "side", "counter_kind", "metric"]
    for (episode, side, kind, metric), group in rows.groupby(keys):
        first_day, last_day = group["as_of"].min(), group["as_of"].max()
        first = group[group["as_of"] == first_day]["value"]
        last = group[group["as_of"] == last_day]["value"]
        out.append(
            {
                "episode": episode,
                "side": countries.NAMES.get(side, "both sides"),
                "counter_kind": kind,
                "metric": metric,
                "reports": len(group),
                "first_as_of": first_day,
                "first_low": int(first.min()),
                "first_high": int(first.max()),
                "latest_as_of": last_day,
                "latest_low": int(last.min()),
                "latest_high": int(last.max()),
                "all_low": int(group["value"].min()),
                "all_high": int(group["value"].max()),
                "counted_by": "; ".join(dict.fromkeys(group["counted_by"])),
            }
        )
    columns = [
        "episode",
        "side",
        "counter_kind",
        "metric",
        "reports",
        "first_as_of",
        "first_low",
        "first_high",
        "latest_as_of",
        "latest_low",
        "latest_high",
        "all_low",
        "all_high",
        "counted_by",
    ]
    order = ["episode", "side", "counter_kind", "metric"]
    return pd.DataFrame(out, columns=columns).sort_values(order).reset_index(drop=True)


def wording_elements(text: str, elements: dict[str, tuple[str, ...]]) -> dict[str, bool]:
    """Which elements of a quotation a rendering keeps: any of each element's phrasings."""
    lowered = text.lower()
    return {name: any(p in lowered for p in phrasings) for name, phrasings in elements.items()}


def war_votes(
    votes: pd.DataFrame, resolutions: pd.DataFrame, codes: list[str], known_by: pd.Timestamp
) -> pd.DataFrame:
    """The votes of `codes` cast by `known_by`: one per resolution and state, as `unga.resolve`
    reads unga_votes, with each resolution's day (`voted_on`), `war_text` and `text_about`."""
    rows = unga.with_resolutions(unga.resolve(votes, codes=codes), resolutions)
    return rows[rows["voted_on"] <= known_by].sort_values(["voted_on", "country"])


def vote_matrix(
    votes: pd.DataFrame, resolutions: pd.DataFrame, codes: list[str], known_by: pd.Timestamp
) -> pd.DataFrame:
    """States by resolution, the vote each cast (`disputed` where sources disagree; a dash
    where no source names it), resolutions in the order they were voted."""
    rows = war_votes(votes, resolutions, codes, known_by)
    order = list(dict.fromkeys(rows["resolution"]))
    matrix = rows.pivot(index="country", columns="resolution", values="vote").reindex(columns=order)
    matrix.index = matrix.index.map(countries.name)
    matrix.columns.name = None
    return matrix.sort_index().fillna("—")


def _vote_urls(rows: pd.DataFrame) -> pd.Series:
    """Every source behind resolved votes (the `source_urls` lists of `unga.resolve`)."""
    return pd.Series([u for urls in rows["source_urls"] for u in urls], dtype=object)


TIMELINE_COLOURS = {"open tension": "#a61c00", "politics": "#0b5394", "settlement": "#6aa84f"}
# One marker per kind of event, so the chart needs no labels beside the points.
KIND_MARKERS = {
    "invasion": "X",
    "mobilization": "P",
    "annexation": "s",
    "unrest": "o",
    "intervention": "^",
    "armed_clash": "D",
    "offensive": ">",
    "protest": "v",
    "reform": "o",
    "election": "s",
    "statement": "d",
    "un_vote": "^",
    "settlement": "*",
}
DATE_FORMAT = "%-d %b %Y"  # the one date format of this notebook's charts


def _group(kind: str) -> str:
    if kind in TENSION_KINDS:
        return "open tension"
    return "settlement" if kind in SETTLEMENT_KINDS else "politics"


def date_axis(ax, start: pd.Timestamp, end: pd.Timestamp, maxticks: int = 6) -> None:
    """Ticks on whole days or month starts only (never hours), all in `DATE_FORMAT`."""
    days = max((pd.Timestamp(end) - pd.Timestamp(start)).days, 1)
    if days <= 45:
        locator = mdates.DayLocator(interval=max(1, -(-days // maxticks)))
    else:
        months = max(1, -(-round(days / 30.4) // maxticks))
        locator = mdates.MonthLocator(interval=months)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(DATE_FORMAT))
    ax.tick_params(axis="x", labelsize=7)


def timeline_title(rows: pd.DataFrame, codes: list[str], until: pd.Timestamp) -> tuple[str, str]:
    """The chart's title and a note, both counted from the rows drawn.

    The title counts the states drawn with an event of open tension by `until`; the note
    names the chosen states that have no event in the rows, which the chart cannot show.
    """
    drawn = set(_lanes(rows)["code"]) if len(rows) else set()
    tension = rows[rows["kind"].isin(TENSION_KINDS) & (rows["start"] <= until)]
    hit = set(tension["country"]) | set(tension["counterpart"].dropna())
    hit &= set(codes)
    absent = sorted(set(codes) - drawn, key=countries.name)
    years = sorted(set(rows["start"].dt.year)) if len(rows) else []
    span = "–".join(str(y) for y in dict.fromkeys([years[0], years[-1]])) if years else ""
    title = (
        f"{len(hit)} post-Soviet state{'s' if len(hit) != 1 else ''} saw war, unrest, "
        "armed clashes or mass protest "
        f"in {span} before the article of {_day(until)}"
    )
    note = (
        "No event in the data for "
        + ", ".join(countries.name(c) for c in absent)
        + " (not searched; not drawn). "
        if absent
        else ""
    )
    return title, note


def timeline_chart(
    rows: pd.DataFrame,
    title: str,
    marks: dict[str, pd.Timestamp],
    height: float = 5.2,
):
    """One lane per country; a marker per event, its shape the kind of event (a bar for
    events lasting several days). Events with a counterpart are drawn in both lanes;
    `marks` are labelled vertical lines (the article's date, the knowledge cut-off)."""
    lanes = _lanes(rows)
    fig, ax = plt.subplots(figsize=(9.0, height), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    names = list(dict.fromkeys(lanes["lane"]))  # earliest first, drawn at the top
    position = {name: len(names) - 1 - i for i, name in enumerate(names)}
    for row in lanes.itertuples():
        y, colour = position[row.lane], TIMELINE_COLOURS[_group(row.kind)]
        if pd.notna(row.end) and row.end > row.start:
            ax.plot([row.start, row.end], [y, y], color=colour, linewidth=5, alpha=0.5)
        ax.plot(row.start, y, KIND_MARKERS[row.kind], color=colour, markersize=7, alpha=0.9)
    for label, day in marks.items():
        ax.axvline(day, color="#333333", linestyle="--", linewidth=1)
        ax.text(day, len(names) - 0.4, f" {label}", fontsize=8, va="bottom", ha="left")
    ax.set_yticks(range(len(names)), names[::-1])
    ax.set_ylim(-0.7, len(names) + 0.3)
    ax.set_xlabel("day the event began (bars: until it ended)")
    kinds = sorted(set(lanes["kind"]), key=list(KIND_MARKERS).index)
    handles = [
        plt.Line2D(
            [],
            [],
            marker=KIND_MARKERS[k],
            linestyle="",
            color=TIMELINE_COLOURS[_group(k)],
            label=k.replace("_", " "),
        )
        for k in kinds
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.1),
        ncols=min(len(handles), 7),
        fontsize=8,
        frameon=False,
        title="red: open tension · blue: politics · green: settlement",
        title_fontsize=8,
    )
    return fig, ax


def _lanes(rows: pd.DataFrame) -> pd.DataFrame:
    """Events repeated in the counterpart's lane, ordered by first appearance."""
    own = rows.assign(code=rows["country"])
    other = rows[rows["counterpart"].notna()].assign(code=lambda f: f["counterpart"])
    lanes = pd.concat([own, other]).sort_values(["start", "event_id", "code"])
    lanes["lane"] = lanes["code"].map(countries.name)
    first = lanes.groupby("lane")["start"].transform("min")
    return lanes.assign(first=first).sort_values(["first", "lane", "start"]).reset_index(drop=True)


COUNTER_MARKERS = {
    "official": "o",
    "adversary_claim": "x",
    "independent": "*",
    "unofficial": "s",
    "press_tally": "D",
}


def toll_chart(known: pd.DataFrame, episodes: list[str], title: str, palette: list[str]):
    """Small multiples, one per episode: each figure at the day it was stated.

    Every figure is a marker, not joined to the next (revisions came days or months apart);
    the marker's shape is the kind of counter, its colour the side whose dead are counted.
    Figures stated on the same day by two bodies stand one above the other. Figures whose own
    date is unknown (read in an encyclopedia snapshot) are not drawn: they stay in the table.
    """
    dated = known[known["as_of_kind"] == "stated"]
    ncols = 2
    nrows = -(-len(episodes) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(9.0, 3.4 * nrows + 0.6), layout="constrained", squeeze=False
    )
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    for ax, episode in zip(axes.flat, episodes, strict=False):
        _toll_panel(ax, dated[dated["episode"] == episode], palette)
        ax.set_title(EPISODES[episode], fontsize=9, loc="left")
    for ax in list(axes.flat)[len(episodes) :]:
        ax.set_visible(False)
    return fig, axes


def _toll_panel(ax, rows: pd.DataFrame, palette: list[str]) -> None:
    from matplotlib.ticker import MaxNLocator

    sides = list(dict.fromkeys(rows["side"].fillna("")))
    for number, (side, colour) in enumerate(zip(sides, palette, strict=False)):
        mine = rows[rows["side"].fillna("") == side]
        label_side = countries.NAMES.get(side, "both sides")
        for (kind, metric), group in mine.groupby(["counter_kind", "metric"]):
            what = kind.replace("_", " ") + ("" if metric == "deaths" else ", killed or missing")
            ax.plot(
                group["as_of"],
                group["value"],
                linestyle="",
                marker=COUNTER_MARKERS[kind],
                markerfacecolor=colour if metric == "deaths" else "none",
                # every other side smaller and on top, so equal figures stay visible
                markersize=9 - 3 * (number % 2),
                zorder=3 + number % 2,
                color=colour,
                label=f"{label_side}: {what}",
            )
    if rows.empty:
        ax.text(
            0.5,
            0.5,
            "no dated figure published by the cut-off",
            ha="center",
            transform=ax.transAxes,
            fontsize=8,
        )
        return
    ax.set_ylabel("deaths (persons)")
    ax.set_ylim(bottom=0, top=rows["value"].max() * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    start, end = rows["as_of"].min(), rows["as_of"].max()
    pad = max(pd.Timedelta(days=1), (end - start) * 0.08)
    ax.set_xlim(start - pad, end + pad)
    date_axis(ax, start - pad, end + pad, maxticks=4)
    ax.set_xlabel("day the figure was stated", fontsize=8)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.22), ncols=2, frameon=False)


def toll_title(rows: pd.DataFrame, known_by: pd.Timestamp) -> str:
    """The toll chart's title, from the dated official death figures it draws."""
    dated = rows[(rows["as_of_kind"] == "stated")]
    spread = toll_spread(dated, known_by)
    official = spread[(spread["counter_kind"] == "official") & (spread["metric"] == "deaths")]
    official = official.assign(rise=official["latest_high"] - official["first_low"])
    if official.empty or official["rise"].max() <= 0:
        return "Each side's official death toll, as stated and as revised, beside other counts"
    top = official.sort_values(["rise", "side"], ascending=[False, True]).iloc[0]
    days = (top["latest_as_of"] - top["first_as_of"]).days
    return (
        f"Official tolls grew as they were revised: {top['side']}'s from {top['first_low']} "
        f"to {top['latest_high']} in {days} days"
    )


def toll_source(rows: pd.DataFrame) -> str:
    """A short source line for a toll chart: how many figures, whose, and how many outlets.

    The full attribution of every figure is the table printed with the chart.
    """
    dated = rows[rows["as_of_kind"] == "stated"]
    undated = len(rows) - len(dated)
    sides = sorted({countries.name(c) for c in dated["side"].dropna()})
    others = sorted(set(dated.loc[dated["counter_kind"] == "independent", "counted_by"]))
    return (
        f"Source: {len(dated)} figures stated by the authorities of {', '.join(sides)}"
        + (f", and by {', '.join(others)}" if others else "")
        + f", as reported by {dated['publisher'].nunique()} outlets; "
        "each figure's counter and outlet are listed in the table below."
        + (
            f" Not drawn: {undated} figure(s) whose own date is unknown "
            "(read in an encyclopedia snapshot), listed in the table."
            if undated
            else ""
        )
    )


# --- the claims of paragraphs 1, 11, 12 and 16, part by part ---------------------------------

UNRESOLVED_DAYS = 365  # "remains unresolved": a clash within this many days before publication
# The elements of Tokayev's Russian sentence and the English phrasings that render each.
ELEMENTS = {
    "'most of them' (большинство из них)": ("most of them",),
    "'have to / are forced to leave' (вынуждены уезжать)": ("have to leave", "forced to leave"),
    "'because of' (из-за)": ("because of",),
    "'the current situation' (сложившейся ... ситуации)": ("situation",),
}
MOBILIZATION_WORDS = ("mobili", "мобилиз", "draft")


def _day(day: pd.Timestamp) -> str:
    return f"{pd.Timestamp(day):{DATE_FORMAT}}"


def _urls(*frames: pd.DataFrame | pd.Series) -> list[str]:
    found = []
    for frame in frames:
        column = frame["source_url"] if isinstance(frame, pd.DataFrame) else frame
        found += [u for u in column if isinstance(u, str) and u]
    return sorted(set(found))


def _article_url() -> str:
    from postsoviet.data import load

    return str(load("article_editions")["url"].iloc[0])


def searched(dataset: str, what: str | None = None) -> dict:
    """What was searched for in `dataset` (its catalog's `search`): countries, from, to, how.

    A part may read "none found" as a failure only inside this scope; outside it, the
    absence of a row is not evidence and the part is not tested.
    """
    from postsoviet.data import catalog

    scopes = catalog()[dataset].get("search") or []
    for scope in scopes:
        if what is None or scope["what"].startswith(what):
            return {
                **scope,
                "dataset": dataset,
                "from": pd.Timestamp(scope["from"]),
                "to": pd.Timestamp(scope["to"]),
            }
    raise KeyError(f"dataset `{dataset}` records no search for {what!r}")


def _covers(
    scope: dict, country: str, start: pd.Timestamp, end: pd.Timestamp, known_by: pd.Timestamp
) -> bool:
    """Whether an absence is evidence: the search covered the country and the whole window,
    and the cut-off comes after the window (a report could still have been pending)."""
    return (
        country in scope["countries"]
        and scope["from"] <= start
        and end <= scope["to"]
        and end <= known_by
    )


def _uncovered(
    scope: dict, country: str, start: pd.Timestamp, end: pd.Timestamp, known_by: pd.Timestamp
) -> str:
    """Why an absence is not evidence (the counterpart of `_covers`)."""
    if country not in scope["countries"]:
        return f"{countries.name(country)} was not searched ({_scope_text(scope)})"
    if start < scope["from"] or end > scope["to"]:
        return (
            f"the window {_day(start)}–{_day(end)} lies outside the search ({_scope_text(scope)})"
        )
    return f"reports up to {_day(end)} may not have been published by {_day(known_by)}"


def _scope_text(scope: dict) -> str:
    return (
        f"dataset `{scope['dataset']}`, searched for {scope['what']} in "
        f"{', '.join(countries.name(c) for c in scope['countries'])} from "
        f"{_day(scope['from'])} to {_day(scope['to'])}"
    )


def whole_months(start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, int]:
    """Whole calendar months from `start` to `end`, and the days left over."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    months = (end.year - start.year) * 12 + end.month - start.month
    if start + pd.DateOffset(months=months) > end:
        months -= 1
    return months, (end - (start + pd.DateOffset(months=months))).days


def seven_months_since_invasion(
    events: pd.DataFrame,
    publication_date: pd.Timestamp,
    claimed_months: int,
    known_by: pd.Timestamp | None = None,
):
    """ "In the seven months since Russia's invasion": the whole months from its first day.
    With a cut-off `known_by` (earlier than the day the sources were last consulted), only
    events published by it count, and the question says so."""
    from postsoviet import claims, rules

    if known_by is not None:
        events = published_by(events, known_by)
    invasion = events[events["kind"] == "invasion"].sort_values("start").head(1)
    question = known.as_known(
        f"did {claimed_months} whole months (and fewer than {claimed_months + 1}) separate the "
        f"invasion from {_day(publication_date)}?",
        known_by,
    )
    if invasion.empty:
        parts = [
            rules.part(
                "the invasion is dated",
                None,
                "dataset `tension_events` holds no event of kind invasion",
            )
        ]
        return claims.judge(
            "seven_months_since_invasion", parts, question=question, sources=[_article_url()]
        )
    row = invasion.iloc[0]
    months, days = whole_months(row["start"], publication_date)
    parts = [
        rules.part(
            f"{claimed_months} whole months separate the invasion from publication",
            months == claimed_months,
            f"the invasion began on {_day(row['start'])} ({row['publisher']}); "
            f"{months} whole months and {days} days passed by {_day(publication_date)}",
            [row["source_url"]],
        )
    ]
    return claims.judge(
        "seven_months_since_invasion",
        parts,
        measured=f"{months} months and {days} days",
        claimed=f"{claimed_months} months",
        question=question,
    )


def tensions_in_every_country(
    events: pd.DataFrame,
    codes: list[str],
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    scope: dict,
):
    """One part per country: an event of open tension in the publication year, before it.

    A country with such an event holds. A country without one fails only where `scope` (what
    the events table was searched for) covers that country and the whole window; elsewhere
    the absence is not evidence, and the part is not tested.
    """
    from postsoviet import claims, rules

    start = pd.Timestamp(year=publication_date.year, month=1, day=1)
    rows = timeline(events, codes, known_by, start, publication_date)
    rows = rows[rows["kind"].isin(TENSION_KINDS)]
    window = f"from {_day(start)} to {_day(publication_date)}"
    parts = []
    for code in codes:
        mine = rows[(rows["country"] == code) | (rows["counterpart"] == code)]
        name = countries.name(code)
        if len(mine):
            found = "; ".join(f"{_day(r.start)}: {r.event}" for r in mine.itertuples())
            holds, because = True, f"{found} (published by {_day(known_by)})"
        elif _covers(scope, code, start, publication_date, known_by):
            holds = False
            because = (
                f"none dated {window} and published by {_day(known_by)} in {_scope_text(scope)}"
            )
        else:
            holds = None
            because = "none found, but " + _uncovered(
                scope, code, start, publication_date, known_by
            )
        parts.append(rules.part(f"open tension in {name}", holds, because, _urls(mine)))
    found = sum(p.outcome == rules.HOLDS for p in parts)
    return claims.judge(
        "tensions_in_every_country",
        parts,
        measured=f"{found} of {len(codes)} countries with a dated event of open tension",
        question=(
            f"was a war, unrest, armed clash, intervention or mass protest dated {window} in each "
            f"of {', '.join(countries.name(c) for c in codes)}, as published by {_day(known_by)}?"
        ),
        evidence=f"Search behind a failing part: {scope['how']}.",
        sources=[] if found else [_article_url()],
    )


def _known_question(publication_date: pd.Timestamp, known_by: pd.Timestamp) -> str:
    return f"at publication on {_day(publication_date)}, as published by {_day(known_by)}"


def kz_january_unrest_transformation(
    events: pd.DataFrame,
    tolls: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    scope: dict,
):
    """Unrest in Kazakhstan in January, and constitutional change after it, before publication."""
    from postsoviet import claims, rules

    known = published_by(events, known_by)
    kz = known[known["country"] == "KAZ"]
    unrest = kz[(kz["kind"] == "unrest") & (kz["start"].dt.month == 1)]
    unrest = unrest[unrest["start"] <= publication_date].sort_values("start")
    covered = _covers(scope, "KAZ", scope["from"], publication_date, known_by)
    if len(unrest):
        first = unrest.iloc[0]
        unrest_part = rules.part(
            "unrest in Kazakhstan in January",
            True,
            f"{_day(first['start'])}: {first['event']} ({first['publisher']})",
            [first["source_url"]],
        )
        after = first["start"]
    else:
        unrest_part = rules.part(
            "unrest in Kazakhstan in January",
            False if covered else None,
            f"no January unrest in Kazakhstan published by {_day(known_by)} "
            f"in {_scope_text(scope)}",
        )
        after = None
    reforms = kz[(kz["kind"] == "reform") & (kz["start"] <= publication_date)]
    constitutional = reforms[reforms["event"].str.contains("onstitution")]
    if after is not None:
        constitutional = constitutional[constitutional["start"] > after]
    constitutional = constitutional.sort_values("start")
    if after is None:
        change_part = rules.part(
            "constitutional change adopted after the unrest, before publication",
            None,
            "there is no dated January unrest to follow",
        )
    else:
        change_part = rules.part(
            "constitutional change adopted after the unrest, before publication",
            True if len(constitutional) else (False if covered else None),
            "; ".join(f"{_day(r.start)}: {r.event}" for r in constitutional.itertuples())
            or f"no reform naming the constitution between {_day(after)} and "
            f"{_day(publication_date)}, published by {_day(known_by)}, in {_scope_text(scope)}",
            _urls(constitutional),
        )
    kz_tolls = published_by(tolls, known_by)
    kz_tolls = kz_tolls[
        (kz_tolls["episode"] == "kz_january_2022") & (kz_tolls["counter_kind"] == "official")
    ].sort_values("as_of")
    evidence = (
        "Official death tolls of the unrest as revised: "
        + (
            ", ".join(f"{r.value} ({_day(r.as_of)}, {r.counted_by})" for r in kz_tolls.itertuples())
            or "none published yet"
        )
        + "."
    )
    return claims.judge(
        "kz_january_unrest_transformation",
        [unrest_part, change_part],
        measured="; ".join(f"{r.event_id} {_day(r.start)}" for r in constitutional.itertuples())
        or None,
        question="January unrest, then constitutional change, in Kazakhstan "
        + _known_question(publication_date, known_by)
        + "?",
        evidence=evidence,
        sources=_urls(kz_tolls) or [_article_url()],
    )


def kz_snap_election_november(
    events: pd.DataFrame,
    elections: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    scope: dict,
):
    """A forecast: a snap presidential election in November, and nothing of the reform after it."""
    from postsoviet import claims, rules

    known = published_by(events, known_by)
    kz = known[(known["country"] == "KAZ") & (known["episode"] == "kz_reform")]
    votes = kz[kz["kind"] == "election"].sort_values("start")
    year = publication_date.year
    november_end = pd.Timestamp(year=year, month=11, day=30)
    held = votes[
        votes["event"].str.contains("presidential")
        & (votes["start"] > publication_date)
        & (votes["start"].dt.year == year)
        & (votes["start"].dt.month == 11)
    ]
    if len(held):
        row = held.iloc[0]
        held_part = rules.part(
            f"a snap presidential election is held in November {year}",
            True,
            f"held on {_day(row['start'])}: {row['event']} ({row['publisher']})",
            [row["source_url"]],
        )
    else:
        settled = _covers(scope, "KAZ", publication_date, november_end, known_by)
        held_part = rules.part(
            f"a snap presidential election is held in November {year}",
            False if settled else None,
            f"no presidential election in November {year} published by {_day(known_by)} in "
            f"{_scope_text(scope)}"
            + ("" if settled else "; November had not ended, or lies outside the search"),
        )
    after = votes[votes["start"] > november_end]
    if len(after):
        row = after.iloc[0]
        concludes = rules.part(
            "it concludes the transformation: no further early election of the reform follows",
            False,
            f"then {row['event']}, on {_day(row['start'])} ({row['publisher']})",
            [row["source_url"]],
        )
    else:
        settled = (
            known_by >= scope["to"] and scope["to"] > november_end and "KAZ" in scope["countries"]
        )
        concludes = rules.part(
            "it concludes the transformation: no further early election of the reform follows",
            True if settled else None,
            f"no election after November {year} published by {_day(known_by)} "
            f"in {_scope_text(scope)}"
            + ("" if settled else "; the search has not run its course by the cut-off"),
        )
    decree = kz[kz["event"].str.contains("[Dd]ecree sets")]
    plans = kz[(kz["kind"] == "statement") & (kz["start"] <= publication_date)]
    president = published_by(elections, known_by)
    president = president[president["election"] == f"kz_president_{year}"]
    result = president[president["item"].isin(["candidate", "against_all"])].sort_values(
        ["share_pct", "name"], ascending=[False, True]
    )
    evidence = " ".join(
        [f"The date was set by decree on {_day(r.start)}." for r in decree.itertuples()]
        + [
            f"Before the article, on {_day(r.start)}: {r.event} ({r.publisher})."
            for r in plans.itertuples()
        ]
        + (
            [
                "Result: "
                + "; ".join(f"{r.name} {r.share_pct:g} %" for r in result.itertuples())
                + "."
            ]
            if len(result)
            else []
        )
    )
    return claims.judge(
        "kz_snap_election_november",
        [held_part, concludes],
        measured=(f"held on {_day(held['start'].iloc[0])}" if len(held) else None),
        question=(
            f"after publication on {_day(publication_date)}, a snap presidential election in "
            f"November {year} that ends the reform's votes, as published by {_day(known_by)}?"
        ),
        evidence=evidence,
        sources=_urls(decree, plans, result) or [_article_url()],
    )


def uz_constitutional_reform_bloodshed(
    events: pd.DataFrame,
    tolls: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    scope: dict,
):
    """Unrest over the constitutional reform in Uzbekistan, with deaths by the official count."""
    from postsoviet import claims, rules

    known = published_by(events, known_by)
    uz = known[(known["country"] == "UZB") & (known["start"] <= publication_date)]
    protest = uz[uz["kind"].isin(TENSION_KINDS) & uz["event"].str.contains("onstitution")]
    covered = _covers(scope, "UZB", scope["from"], publication_date, known_by)
    protest_part = rules.part(
        "unrest against the constitutional reform before publication",
        True if len(protest) else (False if covered else None),
        "; ".join(f"{_day(r.start)}: {r.event} ({r.publisher})" for r in protest.itertuples())
        or f"no unrest naming the constitution published by {_day(known_by)} "
        f"in {_scope_text(scope)}",
        _urls(protest),
    )
    official = published_by(tolls, known_by)
    official = official[
        (official["episode"] == "uz_karakalpakstan_2022")
        & (official["counter_kind"] == "official")
        & (official["metric"] == "deaths")
    ].sort_values("as_of")
    latest = official[official["as_of"] == official["as_of"].max()] if len(official) else official
    died = rules.part(
        "people died, by the official count",
        (int(latest["value"].min()) > 0) if len(latest) else None,
        (
            "official deaths as revised: "
            + ", ".join(
                f"{r.value} ({_day(r.as_of)}, {r.counted_by})" for r in official.itertuples()
            )
        )
        if len(official)
        else f"no official toll published by {_day(known_by)}",
        _urls(official),
    )
    return claims.judge(
        "uz_constitutional_reform_bloodshed",
        [protest_part, died],
        measured=(
            "official deaths "
            + rules.span_text(latest["value"].min(), latest["value"].max())
            + " (latest)"
            if len(latest)
            else None
        ),
        question="bloodshed over Uzbekistan's constitutional reform "
        + _known_question(publication_date, known_by)
        + "?",
        sources=[] if len(protest) or len(official) else [_article_url()],
    )


def _qualified(row) -> str:
    """ "at least 55", "more than 100", "49": a toll with its qualifier."""
    qualifier = "" if row.qualifier == "exact" else row.qualifier.replace("_", " ") + " "
    return f"{qualifier}{row.value}"


def _pair(events: pd.DataFrame, one: str, other: str) -> pd.DataFrame:
    """Events between two states, whichever of them is the row's country."""
    return events[
        ((events["country"] == one) & (events["counterpart"] == other))
        | ((events["country"] == other) & (events["counterpart"] == one))
    ]


def _official_deaths(tolls: pd.DataFrame, episode: str, known_by: pd.Timestamp) -> pd.DataFrame:
    rows = published_by(tolls, known_by)
    return rows[
        (rows["episode"] == episode)
        & (rows["counter_kind"] == "official")
        & (rows["metric"] == "deaths")
    ]


def _both_sides_part(tolls, episode, sides, known_by, name):
    """Holds if each side's authorities stated deaths (the latest figure above 0)."""
    from postsoviet import rules

    rows = _official_deaths(tolls, episode, known_by)
    if rows.empty:
        return rules.part(name, None, f"no official toll published by {_day(known_by)}")
    reported, texts = {}, []
    for side in sides:
        mine = rows[rows["side"] == side]
        if mine.empty:
            continue
        latest = mine[mine["as_of"] == mine["as_of"].max()]
        reported[side] = int(latest["value"].min())
        when = (
            _day(latest["as_of"].iloc[0])
            if (latest["as_of_kind"] == "stated").all()
            else f"date unknown; {latest['publisher'].iloc[0]}, read "
            f"{latest['published'].iloc[0]:%b %Y}"
        )
        span = rules.span_text(latest["value"].min(), latest["value"].max())
        texts.append(f"{countries.name(side)}: {span} ({when})")
    missing = [countries.name(s) for s in sides if s not in reported]
    holds = not missing and all(low > 0 for low in reported.values())
    return rules.part(
        name,
        holds,
        "latest official deaths "
        + "; ".join(texts)
        + (f"; none from {', '.join(missing)}" if missing else ""),
        _urls(rows),
    )


def kg_tj_border_clashes(
    events: pd.DataFrame,
    tolls: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    recent_days: int,
    scope: dict,
):
    """A recent clash (within `recent_days`), an earlier round, deaths on both sides."""
    from postsoviet import claims, rules

    known = published_by(events, known_by)
    clashes = _pair(known, "KGZ", "TJK")
    clashes = clashes[(clashes["kind"] == "armed_clash") & (clashes["start"] <= publication_date)]
    clashes = clashes.sort_values("start")
    covered = _covers(scope, "KGZ", scope["from"], publication_date, known_by)
    name = "the latest clash began within `recent_days` of publication"
    if len(clashes):
        last = clashes.iloc[-1]
        gap = (publication_date - last["start"]).days
        recent = rules.at_most(
            name,
            gap,
            recent_days,
            param="recent_days",
            because=f"it began on {_day(last['start'])}, {gap} days before publication "
            f"({last['publisher']}); recent_days = {recent_days}",
            sources=[last["source_url"]],
            fmt="{:,.0f} days",
        )
        earlier = clashes.iloc[:-1]
    else:
        recent = rules.part(
            name,
            False if covered else None,
            f"no Kyrgyz–Tajik clash published by {_day(known_by)} in {_scope_text(scope)}",
        )
        earlier = clashes
    earlier_tolls = published_by(tolls, known_by)
    earlier_tolls = earlier_tolls[
        earlier_tolls["episode"].str.startswith("kg_tj")
        & (earlier_tolls["episode"] != "kg_tj_sep_2022")
    ]
    rounds = sorted(
        {f"{_day(r.start)} ({r.event})" for r in earlier.itertuples()}
        | {
            f"{EPISODES[r.episode]}: {_qualified(r)} killed ({r.publisher})"
            for r in earlier_tolls.itertuples()
        }
    )
    fresh = rules.part(
        "a fresh round: an earlier clash is on record",
        bool(rounds) if len(clashes) else None,
        "; ".join(rounds) or "no earlier clash or toll on record",
        _urls(earlier, earlier_tolls),
    )
    deaths = _both_sides_part(
        tolls, "kg_tj_sep_2022", ["KGZ", "TJK"], known_by, "both governments reported deaths"
    )
    independent = published_by(tolls, known_by)
    independent = independent[
        (independent["episode"] == "kg_tj_sep_2022")
        & (independent["counter_kind"] == "independent")
    ]
    return claims.judge(
        "kg_tj_border_clashes",
        [recent, fresh, deaths],
        measured=f"{gap} days" if len(clashes) else None,
        claimed=f"within {recent_days} days",
        question=(
            f"did a Kyrgyz–Tajik clash begin within {recent_days} days before "
            f"{_day(publication_date)}, after an earlier round, with deaths on both sides, "
            f"as published by {_day(known_by)}?"
        ),
        evidence=" ".join(
            f"{r.counted_by}: {_qualified(r)} killed on both sides ({_day(r.as_of)})."
            for r in independent.itertuples()
        ),
        sources=_urls(independent) or [_article_url()],
    )


def kg_tj_conflict_unresolved(
    events: pd.DataFrame, publication_date: pd.Timestamp, known_by: pd.Timestamp, scope: dict
):
    """No border treaty by publication, and a clash within `UNRESOLVED_DAYS` before it."""
    from postsoviet import claims, rules

    known = published_by(events, known_by)
    pair = _pair(known, "KGZ", "TJK")
    treaties = pair[pair["kind"] == "settlement"].sort_values("start")
    before = treaties[treaties["start"] <= publication_date]
    later = treaties[treaties["start"] > publication_date]
    no_treaty = rules.part(
        "no Kyrgyz–Tajik border treaty signed by publication",
        before.empty,
        "; ".join(f"{_day(r.start)}: {r.event}" for r in before.itertuples())
        or "the first settlement on record came on "
        + (f"{_day(later['start'].iloc[0])}" if len(later) else "no date yet")
        + f" (published by {_day(known_by)})",
        _urls(before if len(before) else later),
    )
    clashes = pair[(pair["kind"] == "armed_clash") & (pair["start"] <= publication_date)]
    name = f"a clash within {UNRESOLVED_DAYS} days before publication"
    if len(clashes):
        last = clashes.sort_values("start").iloc[-1]
        gap = (publication_date - last["start"]).days
        open_part = rules.at_most(
            name,
            gap,
            UNRESOLVED_DAYS,
            param="days a clash keeps the conflict open",
            because=f"the latest began on {_day(last['start'])}, {gap} days before publication",
            sources=[last["source_url"]],
            fmt="{:,.0f} days",
        )
    else:
        open_part = rules.part(
            name,
            False if _covers(scope, "KGZ", scope["from"], publication_date, known_by) else None,
            f"no clash published by {_day(known_by)} in {_scope_text(scope)}",
        )
    return claims.judge(
        "kg_tj_conflict_unresolved",
        [no_treaty, open_part],
        question=f"Kyrgyz–Tajik conflict unresolved {_known_question(publication_date, known_by)}?",
        evidence=(
            "Afterwards: "
            + "; ".join(
                f"{_day(r.start)}, {(r.start - publication_date).days} days after publication: "
                + r.event
                for r in later.itertuples()
            )
            + "."
            if len(later)
            else f"No settlement published by {_day(known_by)}."
        ),
        sources=_urls(treaties, clashes) or [_article_url()],
    )


def am_az_karabakh_fighting(
    tolls: pd.DataFrame,
    places: pd.DataFrame,
    ucdp: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
):
    """Fighting before publication with deaths on both sides; again; in the Karabakh region."""
    from postsoviet import claims, rules

    fought = _both_sides_part(
        tolls,
        "am_az_sep_2022",
        ["ARM", "AZE"],
        known_by,
        "they fought before publication, both sides reporting deaths",
    )
    prior = ucdp[ucdp["country"].isin(["ARM", "AZE"]) & (ucdp["year"] < publication_date.year)]
    worst = prior.sort_values(["best", "country"], ascending=[False, True]).head(1)
    url = ucdp.attrs.get("provenance", {}).get("url_main") or "https://ucdp.uu.se/downloads/"
    again = rules.part(
        "again: an earlier war between them is on record (UCDP battle deaths)",
        bool(len(worst) and worst["best"].iloc[0] > 0) if len(prior) else None,
        (
            f"UCDP counts {worst['best'].iloc[0]:,} battle deaths in "
            f"{countries.name(worst['country'].iloc[0])} in {worst['year'].iloc[0]}, "
            "its worst year "
            f"from {prior['year'].min()} to {prior['year'].max()}"
        )
        if len(prior)
        else "no UCDP year before publication in the data",
        [url],
    )
    accounts = published_by(places, known_by)
    accounts = accounts[
        (accounts["episode"] == "am_az_sep_2022") & (accounts["as_of"] <= publication_date)
    ]
    inside = accounts["in_karabakh"] == "yes"
    where = rules.part(
        "the fighting was in the Karabakh region",
        None if accounts.empty or (inside.any() and not inside.all()) else bool(inside.all()),
        " | ".join(
            f"{r.reported_by}: {r.places} (lies in {countries.name(r.lies_in)})"
            for r in accounts.itertuples()
        )
        + (" — the accounts disagree" if inside.any() and not inside.all() else "")
        if len(accounts)
        else f"no account of the places hit published by {_day(known_by)}",
        _urls(accounts),
    )
    aftermath = published_by(places, known_by)
    aftermath = aftermath[aftermath["episode"] == "am_az_sep_2023"]
    return claims.judge(
        "am_az_karabakh_fighting",
        [fought, again, where],
        measured=f"{len(accounts)} account(s) of the places hit, {int(inside.sum())} in Karabakh",
        question="Armenia–Azerbaijan fighting over Karabakh "
        + _known_question(publication_date, known_by)
        + "?",
        evidence=" ".join(
            f"Later ({_day(r.as_of)}): {r.reported_by}: {r.places}." for r in aftermath.itertuples()
        ),
        sources=_urls(aftermath),
    )


def kz_tokayev_only_veiled_comment(
    remarks: pd.DataFrame, publication_date: pd.Timestamp, known_by: pd.Timestamp, scope: dict
):
    """Tokayev gave a veiled cause; no other official in the searched remarks gave any cause.

    Both parts read the remarks searched (`scope`): a remark found decides a part either way,
    and a part fails on the absence of a remark only where the search covered the speakers'
    states and the whole time from the mobilization to publication.
    """
    from postsoviet import claims, rules

    known = published_by(remarks, known_by)
    before = known[known["said_on"] <= publication_date]
    covered = publication_date <= scope["to"] and publication_date <= known_by
    tokayev = before[before["speaker"] == "Kassym-Jomart Tokayev"]
    giving = tokayev[tokayev["names_cause"] == "yes"]
    veiled = giving[giving["mentions_mobilization"] == "no"]
    if len(veiled):
        first = veiled.sort_values(["said_on", "publisher"]).iloc[0]
        tokayev_part = rules.part(
            "Tokayev gave a cause for the departures without naming the mobilization",
            True,
            f'{_day(first["said_on"])}: "{first["cause_words"]}" ({first["publisher"]}); '
            f"{len(veiled)} printed version(s), none naming the mobilization",
            _urls(veiled),
        )
    elif len(giving):
        tokayev_part = rules.part(
            "Tokayev gave a cause for the departures without naming the mobilization",
            False,
            "his stated cause names the mobilization: "
            + "; ".join(f'"{r.cause_words}" ({r.publisher})' for r in giving.itertuples()),
            _urls(giving),
        )
    else:
        tokayev_part = rules.part(
            "Tokayev gave a cause for the departures without naming the mobilization",
            False if covered and "KAZ" in scope["countries"] else None,
            f"no remark of his giving a cause, said by {_day(publication_date)} and published by "
            f"{_day(known_by)}, in {_scope_text(scope)}",
        )
    others = before[(before["speaker"] != "Kassym-Jomart Tokayev")]
    searched_others = others[others["country"].isin(scope["countries"])]
    giving_others = others[others["names_cause"] == "yes"]
    who = sorted(set(searched_others["speaker"]))
    if len(giving_others):
        only_part = rules.part(
            "no other leader or minister gave a cause before publication",
            False,
            "; ".join(
                f'{r.speaker} ({countries.name(r.country)}, {_day(r.said_on)}): "{r.cause_words}"'
                for r in giving_others.itertuples()
            ),
            _urls(giving_others),
        )
    else:
        only_part = rules.part(
            "no other leader or minister gave a cause before publication",
            True if covered else None,
            f"{len(searched_others)} remark(s) by {len(who)} other official(s) "
            f"({', '.join(who) or 'none'}) "
            f"said by {_day(publication_date)}, none giving a cause, in {_scope_text(scope)}"
            + ("" if covered else "; the time before publication is not all searched"),
            _urls(searched_others),
        )
    later = known[(known["said_on"] > publication_date) & (known["names_cause"] == "yes")]
    return claims.judge(
        "kz_tokayev_only_veiled_comment",
        [tokayev_part, only_part],
        measured=f"{len(giving_others)} other official(s) giving a cause before publication",
        question=(
            f"did Tokayev alone, of the officials searched, give a veiled cause for the departures "
            f"by {_day(publication_date)}, as published by {_day(known_by)}?"
        ),
        evidence=f"How the remarks were searched: {scope['how']}. "
        + " ".join(
            f"Later: {r.speaker} ({countries.name(r.country)}), {_day(r.said_on)}: "
            f'"{r.cause_words}".'
            for r in later.drop_duplicates("speaker").itertuples()
        ),
        sources=_urls(later) or [_article_url()],
    )


def _element_text(quote: str, phrasings: tuple[str, ...], kept: bool) -> str:
    if kept:
        return f'the article says "{next(p for p in phrasings if p in quote.lower())}"'
    return "the article's words have none of " + ", ".join(f'"{p}"' for p in phrasings)


def kz_tokayev_desperate_situation(
    remarks: pd.DataFrame,
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    quote: str | None = None,
):
    """The remark is on record in Russian before publication, and the article keeps its elements."""
    from postsoviet import claims, rules

    if quote is None:
        quote = claims.registry()["kz_tokayev_desperate_situation"]["quote"]
    said = published_by(remarks, known_by)
    said = said[
        (said["speaker"] == "Kassym-Jomart Tokayev") & (said["said_on"] <= publication_date)
    ]
    original = said[(said["language"] == "ru") & (said["wording_kind"] == "quote")]
    on_record = rules.part(
        "the remark is on record in Russian, said before publication",
        True if len(original) else (False if publication_date <= known_by else None),
        (
            f'{_day(original["said_on"].min())}: "{original["wording"].iloc[0]}" '
            f"({', '.join(sorted(set(original['publisher'])))})"
        )
        if len(original)
        else f"no Russian original said by {_day(publication_date)} and published by "
        f"{_day(known_by)}",
        _urls(original),
    )
    kept = wording_elements(quote, ELEMENTS)
    parts = [on_record] + [
        rules.part(
            f"the article keeps {element}",
            value if len(original) else None,
            _element_text(quote, ELEMENTS[element], value) if len(original) else "no original",
            _urls(original),
        )
        for element, value in kept.items()
    ]
    renderings = said[said["language"] != "ru"].sort_values(["language", "publisher"])
    return claims.judge(
        "kz_tokayev_desperate_situation",
        parts,
        measured=f"the article keeps {sum(kept.values())} of {len(kept)} elements",
        question=(
            f"is the quoted remark on record in Russian by {_day(publication_date)}, "
            "as published by "
            f"{_day(known_by)}, and does the article keep its elements?"
        ),
        evidence="Renderings of the adjective: "
        + "; ".join(f'{r.publisher}: "{r.wording}"' for r in renderings.itertuples()),
        sources=_urls(renderings) or [_article_url()],
    )


def conflicts_force_positions(
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    codes: list[str],
    publication_date: pd.Timestamp,
    known_by: pd.Timestamp,
    soon_months: int,
):
    """A forecast with a cause and an outcome; only the outcome can be read from the votes.

    Outcome: within `soon_months` after publication, one of the states that had taken no side
    on the war texts (abstained or stayed away) casts a yes or a no on a text about the war
    itself. A yes on a text about something else that mentions the war is shown, not counted.
    """
    from postsoviet import claims, rules

    known = war_votes(votes, resolutions, codes, known_by)
    war = known[known["war_text"] == "yes"]
    before = war[war["voted_on"] <= publication_date]
    neutral = sorted(
        set(known["country"]) - set(before.loc[before["vote"].isin(["yes", "no"]), "country"])
    )
    deadline = publication_date + pd.DateOffset(months=soon_months)
    window = war[
        (war["voted_on"] > publication_date)
        & (war["voted_on"] <= deadline)
        & war["country"].isin(neutral)
    ].sort_values(["voted_on", "country"])
    sided = window[window["vote"].isin(["yes", "no"])]
    cause = rules.part(
        "conflicts between the newcomers and locals (the cause)",
        None,
        "no dataset of this notebook records conflicts between the arrivals and local people; "
        "the cause is not tested, only the outcome",
    )
    outcome_name = (
        f"a state that had taken no side votes yes or no on a war text within {soon_months} months"
    )
    texts = "; ".join(
        f"{r} ({_day(g['voted_on'].iloc[0])}, {g['text_about'].iloc[0]}): "
        + ", ".join(
            f"{countries.name(c)} {v}" for c, v in zip(g["country"], g["vote"], strict=True)
        )
        for r, g in window.groupby("resolution", sort=False)
    )
    if len(sided):
        first = sided.iloc[0]
        outcome = rules.part(
            outcome_name,
            True,
            f"{countries.name(first['country'])} voted {first['vote']} on {first['resolution']} on "
            f"{_day(first['voted_on'])}. All votes on war texts in the window: {texts}",
            _urls(_vote_urls(window)),
        )
    elif known_by < deadline:
        outcome = rules.part(
            outcome_name,
            None,
            f"none by {_day(known_by)}, before the window closes on {_day(deadline)}"
            + (f". Votes so far: {texts}" if texts else ""),
            _urls(_vote_urls(window)),
        )
    else:
        outcome = rules.part(
            outcome_name,
            False if len(window) else None,
            f"on every war text voted between {_day(publication_date)} and {_day(deadline)}, "
            f"they abstained or stayed away: {texts}"
            if len(window)
            else f"no vote on a war text by these states between {_day(publication_date)} and "
            f"{_day(deadline)} is in the data",
            _urls(_vote_urls(window)),
        )
    other = known[
        (known["war_text"] == "no")
        & (known["voted_on"] > publication_date)
        & (known["voted_on"] <= deadline)
    ]
    return claims.judge(
        "conflicts_force_positions",
        [cause, outcome],
        measured=f"{len(sided)} yes/no vote(s) on war texts by {len(neutral)} states "
        "that had taken no side",
        question=(
            f"did {', '.join(countries.name(c) for c in neutral) or 'none of the chosen states'} "
            f"vote yes or no on a UN text about the war within {soon_months} months of "
            f"{_day(publication_date)}, as known on {_day(known_by)}?"
        ),
        evidence=(
            "On a text that is not about the war itself: "
            + "; ".join(
                f"{countries.name(r.country)} {r.vote} on {r.resolution} "
                f"({_day(r.voted_on)}; {r.text_about})"
                for r in other.sort_values(["voted_on", "country"]).itertuples()
            )
            + ". Such votes are shown, not counted."
            if len(other)
            else ""
        ),
        sources=_urls(_vote_urls(before), _vote_urls(other)) or [_article_url()],
    )
