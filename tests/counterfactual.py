"""Mark a test as the counterfactual of a judged claim.

A counterfactual test alters the rows that decide a claim (a figure, a date, a vote, a
statement removed or added) and asserts that the verdict changes. `test_claims.py` reads
these markers from the test files and fails when a judged claim in `data/claims.yaml` has
none, so a verdict that no data could move cannot slip in.

    @counterfactual("kz_100k_one_week")
    def test_kz_100k_fails_when_the_count_is_halved(...):
        before = exodus.kz_100k_one_week(statements, ...)
        after = exodus.kz_100k_one_week(halved, ...)
        assert_moves(before, after, "contradicted")
"""

from collections.abc import Callable


def counterfactual(*claim_ids: str) -> Callable:
    """Tag a test with the claims whose verdict it moves; the tag is read from the source."""

    def mark(test: Callable) -> Callable:
        test.counterfactual_of = claim_ids
        return test

    return mark


def assert_moves(before: object, after: object, expected: str | None = None) -> None:
    """The altered data changed the verdict (to `expected`, when given)."""
    assert after.claim == before.claim
    assert after.verdict != before.verdict, (
        f"`{before.claim}` stayed {before.verdict!r} after its decisive rows were altered"
    )
    if expected is not None:
        assert after.verdict == expected, f"`{before.claim}` became {after.verdict!r}"


def published_on(frame, rows, day):
    """`frame` with `rows` reported on `day`: published then, about something that had
    happened by then (a report never precedes what it reports, `cutoff.known_by`)."""
    import pandas as pd

    altered = frame.copy()
    altered.loc[rows, "published"] = day
    if "as_of" in altered:
        describes = pd.to_datetime(altered.loc[rows, "as_of"])
        altered.loc[rows, "as_of"] = describes.where(describes <= day, day)
    return altered


def at_cut_off(judge, frame, rows, day):
    """The verdicts at cut-off `day`: without `rows`, with them reported the day after, and
    with them reported on the day, each table read through `cutoff.known_by`."""
    import pandas as pd

    from postsoviet import cutoff

    def read(table):
        return judge(cutoff.known_by(table, day).rows)

    later = published_on(frame, rows, day + pd.Timedelta(days=1))
    return read(frame[~rows]), read(later), read(published_on(frame, rows, day))
