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


def _best(rows: pd.DataFrame) -> pd.Series:
    """The row shown for a vote: one with the page's words, highest confidence, earliest."""
    order = rows.assign(
        _words=rows["quote_or_paraphrase"].isna() | (rows["quote_or_paraphrase"] == ""),
        _rank=rows["confidence"].map(RANK),
    ).sort_values(["_words", "_rank", "published", "publisher"], na_position="last")
    return order.iloc[0]


def resolve(
    votes: pd.DataFrame,
    resolutions: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One vote per resolution and country that has a row in `votes` (optionally restricted).

    `sources` counts the rows that state a vote, `publishers` names them, `spread` lists
    each vote named with its publishers (two entries when sources disagree), `confidence`
    is the best grade among the rows behind the vote, and the remaining columns come from
    the row shown for it (see `_best`).
    """
    rows = votes
    if resolutions is not None:
        rows = rows[rows["resolution"].isin(list(resolutions))]
    if codes is not None:
        rows = rows[rows["country"].isin(list(codes))]
    out = []
    for (resolution, country), found in rows.groupby(["resolution", "country"], sort=False):
        definite = found[found["vote"] != UNKNOWN]
        stated = sorted(set(definite["vote"]))
        vote = stated[0] if len(stated) == 1 else DISPUTED if stated else UNKNOWN
        behind = definite if len(definite) else found
        shown = _best(behind)
        out.append(
            {
                "resolution": resolution,
                "country": country,
                "vote": vote,
                "as_of": found["as_of"].min(),
                "spread": "; ".join(
                    f"{v} ({', '.join(dict.fromkeys(g['publisher']))})"
                    for v, g in behind.groupby("vote", sort=True)
                ),
                "sources": len(definite),
                "publishers": "; ".join(dict.fromkeys(definite["publisher"])),
                "confidence": min(behind["confidence"], key=RANK.__getitem__),
                "source_urls": list(dict.fromkeys(behind["source_url"])),
                "quote_or_paraphrase": shown["quote_or_paraphrase"],
                "publisher": shown["publisher"],
                "source_title": shown["source_title"],
                "source_url": shown["source_url"],
                "published": shown["published"],
                "published_precision": shown["published_precision"],
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)


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
