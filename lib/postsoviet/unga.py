"""UN General Assembly votes: the one table (`unga_votes`) and one way to read it.

`unga_votes` holds one row per resolution, country and source; `unga_resolutions` holds
what each resolution is about. `resolve` turns the rows into one vote per resolution and
country, the same for every notebook: sources that agree give that vote, sources that name
different votes give `disputed` (the spread is kept in `spread`), and rows marked `unknown`
give `unknown`. Nothing is inferred from a missing row.
"""

from collections.abc import Iterable

import pandas as pd

UNKNOWN, DISPUTED = "unknown", "disputed"
RANK = {"high": 0, "medium": 1, "low": 2}
COLUMNS = [
    "resolution",
    "country",
    "vote",
    "as_of",
    "spread",
    "sources",
    "publishers",
    "confidence",
    "source_urls",
    "quote_or_paraphrase",
    "publisher",
    "source_title",
    "source_url",
    "published",
    "published_precision",
]


def _order(row) -> tuple:
    """Sort key of the row shown for a vote: one with the page's words, highest confidence,
    earliest published (undated last), then by publisher."""
    words = row.quote_or_paraphrase
    undated = pd.isna(row.published)
    return (
        pd.isna(words) or words == "",
        RANK[row.confidence],
        undated,
        pd.Timestamp.min if undated else row.published,
        row.publisher,
    )


def resolve(
    votes: pd.DataFrame,
    resolutions: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One vote per resolution and country that has a row in `votes` (optionally restricted).

    `sources` counts the rows that state a vote, `publishers` names them, `spread` lists
    each vote named with its publishers (two entries when sources disagree), `confidence`
    is the best grade among the rows behind the vote, and the remaining columns come from
    the row shown for it (see `_order`). Plain rows, not a pandas filter per vote: three
    notebooks resolve a few hundred votes, several times per run.
    """
    rows = votes
    if resolutions is not None:
        rows = rows[rows["resolution"].isin(list(resolutions))]
    if codes is not None:
        rows = rows[rows["country"].isin(list(codes))]
    groups: dict[tuple[str, str], list] = {}
    for row in rows.itertuples(index=False):
        groups.setdefault((row.resolution, row.country), []).append(row)
    out = [_resolved(found) for found in groups.values()]
    return pd.DataFrame(out, columns=COLUMNS)


def _resolved(found: list) -> dict:
    """One vote from the rows that state it (in table order)."""
    definite = [r for r in found if r.vote != UNKNOWN]
    stated = sorted({r.vote for r in definite})
    behind = definite or found
    shown = min(behind, key=_order)
    by_vote: dict[str, list[str]] = {}
    for r in sorted(behind, key=lambda r: r.vote):
        by_vote.setdefault(r.vote, []).append(r.publisher)
    return {
        "resolution": shown.resolution,
        "country": shown.country,
        "vote": stated[0] if len(stated) == 1 else DISPUTED if stated else UNKNOWN,
        "as_of": min(r.as_of for r in found),
        "spread": "; ".join(
            f"{vote} ({', '.join(dict.fromkeys(names))})" for vote, names in by_vote.items()
        ),
        "sources": len(definite),
        "publishers": "; ".join(dict.fromkeys(r.publisher for r in definite)),
        "confidence": min((r.confidence for r in behind), key=RANK.__getitem__),
        "source_urls": list(dict.fromkeys(r.source_url for r in behind)),
        "quote_or_paraphrase": shown.quote_or_paraphrase,
        "publisher": shown.publisher,
        "source_title": shown.source_title,
        "source_url": shown.source_url,
        "published": shown.published,
        "published_precision": shown.published_precision,
    }


def with_resolutions(resolved: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """Resolved votes with the facts of their resolution: voted_on, title, war_text, ..."""
    facts = resolutions.rename(columns={"as_of": "voted_on"})[
        ["resolution", "voted_on", "title", "war_text", "condemns_russia", "text_about"]
    ]
    return resolved.merge(facts, on="resolution", how="left", validate="many_to_one")


def war_texts(resolutions: pd.DataFrame) -> pd.DataFrame:
    """Resolutions on Russia's war against Ukraine itself that condemn it (`war_text` and
    `condemns_russia` yes: a vote on them takes a side), by day of vote."""
    sided = (resolutions["war_text"] == "yes") & (resolutions["condemns_russia"] == "yes")
    return resolutions[sided].sort_values("as_of")
