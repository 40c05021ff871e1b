"""A notebook's tables as known by the knowledge cut-off, and the question that says it.

`cutoff` holds the one rule (a row counts if published on or before the cut-off); this module
applies it to the tables a notebook reads, so each theme module only lists its table names.
"""

from dataclasses import dataclass

import pandas as pd

from postsoviet import cutoff, data


@dataclass(frozen=True)
class Tables:
    """The tables as known by the cut-off `day`, with one note per filtered table."""

    day: pd.Timestamp
    frames: dict[str, pd.DataFrame]
    notes: list[str]
    last_consulted: pd.Timestamp

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    @property
    def earlier(self) -> pd.Timestamp | None:
        """The cut-off if it is earlier than the day the sources were last consulted (claim
        questions then say it), else None: the default reads everything there is."""
        return self.day if self.day < self.last_consulted else None


def tables(names: tuple[str, ...], known_by: object) -> Tables:
    """Load `names` and keep the rows published by the cut-off (`cutoff.known_by`); `known_by`
    is a YYYY-MM-DD date or "publication" (the article's first edition, `article_editions`)."""
    article = data.load("article_editions")
    day = cutoff.resolve(known_by, article)
    entries = data.catalog()
    frames, notes = {}, []
    for name in names:
        rows = cutoff.known_by(data.load(name), day)
        frames[name] = rows.rows
        notes.append(rows.note(name))
    consulted = max(pd.Timestamp(entries[n]["date_accessed"]) for n in names)
    return Tables(day, frames, notes, consulted)


def as_known(question: str | None, known_by: pd.Timestamp | None) -> str | None:
    """The question a claim asks, prefixed with the knowledge cut-off when there is one."""
    if known_by is None:
        return question
    return f"as known on {known_by:%-d %b %Y}" + (f": {question}" if question else "")
