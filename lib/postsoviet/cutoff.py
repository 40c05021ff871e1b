"""One knowledge cut-off for the whole collection: what could be known by a given day.

A fair fact-check asks two questions of each claim: was it right given what could be known
when the article appeared, and does it hold with what is known now? Every data row records
when it was published, so any table can be read as of any day. Every notebook takes the
same parameter, `known_by`, and filters its tables through `known_by()`, so the rule is the
same everywhere: a row counts if it was published on or before the cut-off. A row whose
publication date is unknown cannot have been published before the day it describes, so it
counts only from that day (its first possible date); the notebook says how many such rows it
used.
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
    """The rows published on or before `cutoff`; rows without a publication date count from
    their `first_possible` date (the day the figure describes) and are counted apart."""
    when = pd.to_datetime(frame[published])
    undated = when.isna()
    if first_possible in frame:
        when = when.fillna(pd.to_datetime(frame[first_possible]))
    keep = when.notna() & (when <= cutoff)
    return Known(frame[keep], int((keep & undated).sum()), int((~keep).sum()))
