"""The region's crises of 2022 as dated events and revised death tolls, read "as of" a date.

Official tolls of unrest and border clashes are revised for days or months, and each side
counts its own dead. These helpers never merge or average figures: they select what had
been published by an as-of date, keep every counter apart, and report the spread of the
figures standing on the latest date as a low–high range.
"""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from postsoviet import countries

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


def known_by(frame: pd.DataFrame, as_of: pd.Timestamp, column: str = "published") -> pd.DataFrame:
    """Rows a reader could have seen on `as_of`: published on or before it."""
    return frame[frame[column] <= as_of]


def involving(events: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Events that happened in, or were fought with, one of the `codes`."""
    return events[events["country"].isin(codes) | events["counterpart"].isin(codes)]


def timeline(
    events: pd.DataFrame,
    codes: list[str],
    as_of: pd.Timestamp,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """The events of `codes` that began between `start` and `end` and were reported by `as_of`."""
    rows = known_by(involving(events, codes), as_of)
    rows = rows[rows["start"].between(start, end)]
    return rows.sort_values(["start", "event_id"]).reset_index(drop=True)


def tension_by_country(
    events: pd.DataFrame,
    codes: list[str],
    as_of: pd.Timestamp,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """For each country, the open-tension events it was part of between `start` and `end`.

    A country with no such event in the data gets a row with 0 events: the data are not an
    inventory of every country's politics, so 0 means "none found", not "calm".
    """
    rows = timeline(events, codes, as_of, start, end)
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


def toll_revisions(tolls: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Every toll published by `as_of`, as a series per episode, side and counter."""
    rows = known_by(tolls, as_of).assign(
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


def toll_spread(tolls: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """First and latest figures per episode, side and kind of counter, as known on `as_of`.

    Figures stated on the same day are kept as a range (low–high), so two ministries of one
    government that disagree show as a spread, not an average; `all_low`–`all_high` spans
    every figure of the series, revisions and differing definitions included.
    """
    rows = known_by(tolls, as_of).assign(side=lambda f: f["side"].fillna(""))
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


def latest_official(tolls: pd.DataFrame, episode: str, as_of: pd.Timestamp) -> dict[str, tuple]:
    """Each side's latest official (low, high) deaths for an episode, as known on `as_of`.

    Only figures of deaths: "killed or missing" counts something else and stays apart.
    """
    official = tolls[(tolls["counter_kind"] == "official") & (tolls["metric"] == "deaths")]
    spread = toll_spread(official, as_of)
    rows = spread[spread["episode"] == episode]
    return {r.side: (r.latest_low, r.latest_high) for r in rows.itertuples()}


def wording_elements(text: str, elements: dict[str, tuple[str, ...]]) -> dict[str, bool]:
    """Which elements of a quotation a rendering keeps: any of each element's phrasings."""
    lowered = text.lower()
    return {name: any(p in lowered for p in phrasings) for name, phrasings in elements.items()}


def first_side_taken(
    votes: pd.DataFrame, after: pd.Timestamp, as_of: pd.Timestamp
) -> tuple[pd.Timestamp | None, pd.DataFrame]:
    """The first roll call after `after` (and by `as_of`) in which one of the states voted
    yes or no, and the votes cast that day; (None, empty) if there is none."""
    rows = known_by(votes, as_of, "as_of")
    rows = rows[(rows["voted_on"] > after) & rows["vote"].isin(["yes", "no"])]
    if rows.empty:
        return None, rows
    day = rows["voted_on"].min()
    return day, rows[rows["voted_on"] == day].sort_values("country")


def vote_matrix(votes: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """States by resolution, the vote each cast (empty where no dated report was found)."""
    rows = known_by(votes, as_of, "as_of")
    matrix = rows.pivot_table(
        index="country", columns="resolution", values="vote", aggfunc="first"
    ).reindex(columns=sorted(rows["resolution"].unique(), key=_resolution_order(rows)))
    matrix.index = matrix.index.map(countries.name)
    matrix.columns.name = None
    return matrix.sort_index().fillna("—")


def _resolution_order(rows: pd.DataFrame):
    dates = rows.groupby("resolution")["voted_on"].min()
    return lambda resolution: dates[resolution]


TIMELINE_COLOURS = {"open tension": "#a61c00", "politics": "#0b5394", "settlement": "#6aa84f"}


def _group(kind: str) -> str:
    if kind in TENSION_KINDS:
        return "open tension"
    return "settlement" if kind in SETTLEMENT_KINDS else "politics"


def timeline_chart(
    rows: pd.DataFrame,
    title: str,
    marks: dict[str, pd.Timestamp],
    height: float = 5.2,
):
    """One lane per country; a dot per event (a bar for events lasting several days).

    Events with a counterpart are drawn in both countries' lanes. `marks` are labelled
    vertical lines (the article's publication date, the as-of date).
    """
    lanes = _lanes(rows)
    fig, ax = plt.subplots(figsize=(9.0, height), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    names = list(dict.fromkeys(lanes["lane"]))  # earliest first, drawn at the top
    position = {name: len(names) - 1 - i for i, name in enumerate(names)}
    labelled: dict[str, list] = {}  # lane -> [count, last kind, last date]
    for row in lanes.itertuples():
        y, colour = position[row.lane], TIMELINE_COLOURS[_group(row.kind)]
        if pd.notna(row.end) and row.end > row.start:
            ax.plot([row.start, row.end], [y, y], color=colour, linewidth=6, solid_capstyle="butt")
        ax.plot(row.start, y, "o", color=colour, markersize=6)
        count, kind, day = labelled.get(row.lane, [0, None, None])
        repeat = kind == row.kind and (row.start - day).days <= 30
        if row.kind in TENSION_KINDS and not repeat:  # name it, alternately above and below
            offset = 0.2 if count % 2 == 0 else -0.38
            ax.text(row.start, y + offset, row.kind.replace("_", " "), fontsize=6.5, color=colour)
            labelled[row.lane] = [count + 1, row.kind, row.start]
    for label, day in marks.items():
        ax.axvline(day, color="#333333", linestyle="--", linewidth=1)
        ax.text(day, len(names) - 0.4, f" {label}", fontsize=8, va="bottom", ha="left")
    ax.set_yticks(range(len(names)), names[::-1])
    ax.set_ylim(-0.7, len(names) + 0.3)
    ax.set_xlabel("date")
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=g)
        for g, c in TIMELINE_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1, -0.07), ncols=3, fontsize=8)
    return fig, ax


def _lanes(rows: pd.DataFrame) -> pd.DataFrame:
    """Events repeated in the counterpart's lane, ordered by first appearance."""
    own = rows.assign(lane=rows["country"])
    other = rows[rows["counterpart"].notna()].assign(lane=lambda f: f["counterpart"])
    lanes = pd.concat([own, other]).sort_values(["start", "event_id", "lane"])
    lanes["lane"] = lanes["lane"].map(countries.name)
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
    """Small multiples, one per episode: each side's figures by the date they describe.

    A line joins one side's official figures (its revisions); other counters are
    unjoined markers. Figures stated on the same day by two bodies stand one above the
    other, so the spread stays visible.
    """
    ncols = 2
    nrows = -(-len(episodes) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(9.0, 3.0 * nrows + 0.6), layout="constrained", squeeze=False
    )
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    for ax, episode in zip(axes.flat, episodes, strict=False):
        _toll_panel(ax, known[known["episode"] == episode], palette)
        ax.set_title(EPISODES[episode], fontsize=9, loc="left")
    for ax in list(axes.flat)[len(episodes) :]:
        ax.set_visible(False)
    return fig, axes


def _toll_panel(ax, rows: pd.DataFrame, palette: list[str]) -> None:
    sides = list(dict.fromkeys(rows["side"].fillna("")))
    for side, colour in zip(sides, palette, strict=False):
        mine = rows[rows["side"].fillna("") == side]
        label_side = countries.NAMES.get(side, "both sides")
        for (kind, metric), group in mine.groupby(["counter_kind", "metric"]):
            group = group.sort_values("as_of")
            style = ("-" if metric == "deaths" else "--") if kind == "official" else ""
            what = kind.replace("_", " ") + ("" if metric == "deaths" else ", killed or missing")
            ax.plot(
                group["as_of"],
                group["value"],
                linestyle=style,
                marker=COUNTER_MARKERS[kind],
                color=colour,
                label=f"{label_side}: {what}",
            )
    if rows.empty:
        ax.text(
            0.5,
            0.5,
            "no figure published by the as-of date",
            ha="center",
            transform=ax.transAxes,
            fontsize=8,
        )
    ax.set_ylabel("deaths (persons)")
    ax.set_ylim(bottom=0)
    locator = mdates.AutoDateLocator(maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=7)
    if not rows.empty:
        ax.legend(fontsize=7, loc="lower right")


def toll_source(rows: pd.DataFrame) -> str:
    """A short source line for a toll chart: how many figures, whose, and how many outlets.

    The full attribution of every figure is the table printed with the chart.
    """
    sides = sorted({countries.name(c) for c in rows["side"].dropna()})
    others = sorted(set(rows.loc[rows["counter_kind"] == "independent", "counted_by"]))
    return (
        f"Source: {len(rows)} figures stated by the authorities of {', '.join(sides)}"
        + (f", and by {', '.join(others)}" if others else "")
        + f", as reported by {rows['publisher'].nunique()} outlets; "
        "each figure's counter and outlet are listed in the table below."
    )


def source_urls(*parts: pd.Series | list[str], fallback: str) -> list[str]:
    """The distinct pages behind a verdict, or `fallback` (the article) when none was known.

    With an early as-of date a claim may rest on no published page at all; the verdict
    then cites the article whose claim it is, so the record still names where it stands.
    """
    urls = sorted({u for part in parts for u in list(part) if isinstance(u, str) and u})
    return urls or [fallback]
