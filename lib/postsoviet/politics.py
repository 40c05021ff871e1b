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

from postsoviet import countries
from postsoviet.params import ParameterError, choice

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
REFUSALS = ("does_not_recognise", "rejects")  # stances that openly refuse recognition
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
    statuses to the same day, it is `disputed`.
    """
    rows = []
    for (organisation, country), events in memberships.groupby(["organisation", "country"]):
        events = events.sort_values("as_of")
        same_month = (events["precision"] == "month") & (
            events["as_of"].dt.to_period("M") == day.to_period("M")
        )
        past = events[events["as_of"] <= day]
        record = {"organisation": organisation, "country": country}
        if same_month.any():
            record |= {"status": UNKNOWN, "since": pd.NaT, "event": "", "source_url": ""}
        elif past.empty:
            record |= {"status": NONE, "since": pd.NaT, "event": "", "source_url": ""}
        else:
            latest = past[past["as_of"] == past["as_of"].max()]
            statuses = latest["status"].unique()
            first = latest.iloc[0]
            record |= {
                "status": statuses[0] if len(statuses) == 1 else DISPUTED,
                "since": _status_start(events, past),
                "event": first["event"],
                "source_url": first["source_url"],
            }
        rows.append(record)
    return pd.DataFrame(
        rows, columns=["organisation", "country", "status", "since", "event", "source_url"]
    )


def _status_start(events: pd.DataFrame, past: pd.DataFrame) -> pd.Timestamp:
    """The day the current status began: later listings of the same status do not restart it."""
    current = past["status"].iloc[-1]
    start = past["as_of"].iloc[-1]
    for _, row in past.iloc[::-1].iterrows():
        if row["status"] != current:
            break
        start = row["as_of"]
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
    """One vote per country and resolution, from every source that states it.

    Sources that agree give that vote; sources that name different votes give `disputed`;
    rows marked `unknown`, or no row at all, give `unknown`. Nothing is inferred.
    """
    rows = []
    for resolution in resolutions:
        for country in in_order(codes):
            found = votes[(votes["resolution"] == resolution) & (votes["country"] == country)]
            definite = found[found["vote"] != UNKNOWN]
            stated = sorted(set(definite["vote"]))
            vote = stated[0] if len(stated) == 1 else DISPUTED if stated else UNKNOWN
            rows.append(
                {
                    "country": country,
                    "resolution": resolution,
                    "vote": vote,
                    "sources": len(definite),
                    "publishers": "; ".join(dict.fromkeys(definite["publisher"])),
                }
            )
    return pd.DataFrame(rows, columns=["country", "resolution", "vote", "sources", "publishers"])


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
    resolution that declares them invalid (ES-11/4).
    """
    start = after if after is not None else pd.Timestamp.min

    def window(frame: pd.DataFrame) -> pd.Series:
        return (frame["as_of"] > start) & (frame["as_of"] <= until)

    said = statements[
        (statements["topic"] == "referendums")
        & statements["stance"].isin(REFUSALS)
        & window(statements)
    ]
    rejecting = resolutions[(resolutions["rejects_annexation"] == "yes") & window(resolutions)]
    voted = votes[votes["resolution"].isin(rejecting["resolution"]) & (votes["vote"] == "yes")]
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


def fence_sitters(votes: pd.DataFrame, resolution: str, codes: Iterable[str]) -> list[str]:
    """Countries that abstained or stayed away on `resolution` (unknown votes excluded)."""
    resolved = votes_resolved(votes, [resolution], codes)
    return in_order(resolved.loc[resolved["vote"].isin(NEUTRAL_VOTES), "country"])


def stayed_neutral(
    votes: pd.DataFrame, resolutions: Iterable[str], codes: Iterable[str]
) -> dict[str, bool | None]:
    """For each country and later resolution: did it again abstain or stay away? None: unknown."""
    resolved = votes_resolved(votes, resolutions, codes)
    return {
        f"{countries.name(r.country)} on {r.resolution}": (
            None if r.vote in (UNKNOWN, DISPUTED) else r.vote in NEUTRAL_VOTES
        )
        for r in resolved.itertuples()
    }


def followed_suit(
    statements: pd.DataFrame,
    votes: pd.DataFrame,
    resolutions: pd.DataFrame,
    codes: Iterable[str],
    after: pd.Timestamp,
    until: pd.Timestamp,
) -> dict[str, bool | None]:
    """For each country: did it openly refuse the referendums after `after`, up to `until`?

    True if a refusal is recorded in that window; False if the country's vote on a
    resolution rejecting the annexation in that window is known and was not a yes;
    None if the window holds no record for it.
    """
    found = refusals(statements, votes, resolutions, until, after=after)
    rejecting = resolutions[
        (resolutions["rejects_annexation"] == "yes")
        & (resolutions["as_of"] > after)
        & (resolutions["as_of"] <= until)
    ]
    resolved = votes_resolved(votes, rejecting["resolution"], codes)
    known_no = set(resolved.loc[~resolved["vote"].isin([UNKNOWN, DISPUTED]), "country"])
    cases: dict[str, bool | None] = {}
    for code in in_order(codes):
        if code in set(found["country"]):
            cases[countries.name(code)] = True
        else:
            cases[countries.name(code)] = False if code in known_no else None
    return cases


def status_kept(
    memberships: pd.DataFrame, codes: Iterable[str], start: pd.Timestamp, end: pd.Timestamp
) -> dict[str, bool]:
    """Whether each country held the same status in every organisation on `start` and `end`."""
    before = membership_grid(memberships, start, codes)
    after = membership_grid(memberships, end, codes)
    return {countries.name(c): bool((before.loc[c] == after.loc[c]).all()) for c in before.index}


def expression_cases(expression: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """One row per reported event up to `until`: what the authorities did, and if it tolerated."""
    rows = expression[expression["as_of"] <= until]
    events = (
        rows.sort_values(["as_of", "publisher"])
        .groupby(["country", "event"], as_index=False)
        .agg(
            first_reported=("as_of", "min"),
            response=("response", lambda r: "; ".join(dict.fromkeys(r))),
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
    shown = statements[statements["country"].isin(codes)].drop_duplicates(
        ["country", "as_of", "speaker", "stance"]
    )
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
