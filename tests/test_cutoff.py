"""One rule for what could be known by a day, tested once for every notebook."""

import pandas as pd
import pytest

from postsoviet import cutoff
from postsoviet.data import load
from postsoviet.params import ParameterError

ROWS = pd.DataFrame(
    {
        "value": [1, 2, 3, 4],
        "published": pd.to_datetime(["2022-10-07", "2022-10-08", None, None]),
        "as_of": pd.to_datetime(["2022-10-01", "2022-10-01", "2022-09-30", "2023-01-01"]),
    }
)


def test_a_row_published_one_day_after_the_cut_off_is_not_known():
    known = cutoff.known_by(ROWS, pd.Timestamp("2022-10-07"))
    assert known.rows["value"].tolist() == [1, 3]
    assert (known.undated, known.dropped) == (1, 2)
    assert known.note("Border statements") == (
        "Border statements: 2 rows known by the cut-off, 2 published later; 1 with no "
        "publication date, counted from the day they describe."
    )
    assert cutoff.known_by(ROWS, pd.Timestamp("2022-10-08")).rows["value"].tolist() == [1, 2, 3]


def test_the_publication_cut_off_is_read_from_the_article_editions():
    article = load("article_editions")
    assert cutoff.resolve("publication", article) == pd.Timestamp("2022-10-07")
    assert cutoff.resolve("2023-06-01", article) == pd.Timestamp("2023-06-01")
    with pytest.raises(ParameterError, match='or "publication" for the day the article'):
        cutoff.resolve("yesterday", article)


def test_a_row_never_counts_before_the_day_it_describes():
    # "published Oct 2022", stored as 1 Oct, about an eviction on 15 Oct
    rows = pd.DataFrame(
        {"published": pd.to_datetime(["2022-10-01"]), "as_of": pd.to_datetime(["2022-10-15"])}
    )
    assert cutoff.known_by(rows, pd.Timestamp("2022-10-07")).rows.empty
    later = cutoff.known_by(rows, pd.Timestamp("2022-10-15"))
    assert (len(later.rows), later.undated) == (1, 1)
