"""One knowledge cut-off for the whole collection: what could be known by a given day.

A fair fact-check asks two questions of each claim: was it right given what could be known
when the article appeared, and does it hold with what is known now? Every data row records
when it was published, so any table can be read as of any day. Every notebook takes the
same parameter, `known_by`, and filters its tables through `known_by()`, so the rule is the
same everywhere: a row counts if it was published on or before the cut-off. No report
precedes what it reports, so a row never counts before the day it describes either: a row
whose publication date is unknown counts from that day (its first possible date), and so does
one whose publication date, known only to the month or year and stored as the first day,
falls before it. The notebook says how many rows were dated by the day they describe.
"""

from dataclasses import dataclass

import pandas as pd

from postsoviet.params import ParameterError, date

PUBLICATION = "publication"  # the cut-off at the article's own publication day


@dataclass(frozen=True)
class Known:
    """The rows of a table known by the cut-off, and how many were dated only by `as_of`."""

    rows: pd.DataFrame
    undated: int
    dropped: int

    def note(self, what: str) -> str:
        """A sentence for the notebook: what the cut-off removed and what it dated by guess."""
        text = f"{what}: {len(self.rows)} rows known by the cut-off, {self.dropped} published later"
        if self.undated:
            text += f"; {self.undated} with no publication date, counted from the day they describe"
        return text + "."


def resolve(value: object, article: pd.DataFrame, name: str = "known_by") -> pd.Timestamp:
    """The cut-off day: a YYYY-MM-DD date, or "publication" for the article's first edition
    (read from the `article_editions` table, never typed)."""
    if value == PUBLICATION:
        return pd.Timestamp(article["published"].min())
    try:
        return date(value, name, earliest="2014-01-01")
    except ParameterError:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}: give a date like 2022-10-07, or "
            f'"{PUBLICATION}" for the day the article appeared.'
        ) from None


def known_by(
    frame: pd.DataFrame,
    cutoff: pd.Timestamp,
    *,
    published: str = "published",
    first_possible: str = "as_of",
) -> Known:
    """The rows known by `cutoff`: published on or before it, and never before the day they
    describe (`first_possible`); rows dated by that day instead are counted apart."""
    when = pd.to_datetime(frame[published])
    undated = when.isna()
    if first_possible in frame:
        describes = pd.to_datetime(frame[first_possible], errors="coerce")
        undated |= describes > when
        when = when.where(~(describes > when), describes).fillna(describes)
    keep = when.notna() & (when <= cutoff)
    return Known(frame[keep], int((keep & undated).sum()), int((~keep).sum()))
