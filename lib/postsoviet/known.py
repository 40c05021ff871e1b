"""A notebook's tables as known by the knowledge cut-off, and the question that says it.

`cutoff` holds the one rule (a row counts if published on or before the cut-off, never
before the day it describes); this module applies it to the tables a notebook reads, so each
theme module only lists its table names.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from postsoviet import cutoff, data


@dataclass(frozen=True)
class Tables:
    """The tables as known by the cut-off `day`, with one note per filtered table."""

    day: pd.Timestamp
    tables: dict[str, pd.DataFrame]
    notes: tuple[str, ...]
    consulted: pd.Timestamp  # the day the sources were last consulted (catalog)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def asked_on(self) -> pd.Timestamp | None:
        """The cut-off if it is earlier than the day the sources were last consulted (claim
        questions then say it), else None: the default reads everything there is."""
        return self.day if self.day < self.consulted else None


def tables(
    dated: tuple[str, ...],
    known_by: object,
    *,
    whole: tuple[str, ...] = (),
    data_dir: Path | None = None,
) -> Tables:
    """Load `dated` and keep the rows published by the cut-off (`cutoff.known_by`); tables in
    `whole` (no publication date per row) are used whole. `known_by` is a YYYY-MM-DD date or
    "publication" (the article's first edition, `article_editions`)."""
    day = cutoff.resolve(known_by, data.load("article_editions", data_dir))
    entries = data.catalog(data_dir)
    frames, notes = {}, []
    for name in dated:
        rows = cutoff.known_by(data.load(name, data_dir), day)
        frames[name] = rows.rows
        notes.append(rows.note(name))
    frames |= {name: data.load(name, data_dir) for name in whole}
    consulted = max(pd.Timestamp(entries[n]["date_accessed"]) for n in (*dated, *whole))
    return Tables(day, frames, tuple(notes), consulted)


def as_known(question: str | None, known_by: pd.Timestamp | None) -> str | None:
    """The question a claim asks, prefixed with the knowledge cut-off when there is one."""
    if known_by is None:
        return question
    return f"as known on {known_by:%-d %b %Y}" + (f": {question}" if question else "")
