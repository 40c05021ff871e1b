"""The explicit rules that turn measured data into verdicts.

A verdict is never typed into a notebook: it is returned by one of these functions
together with the sentence describing the rule, so the rule is printed beside every
verdict and a change in the data changes the verdict.
"""

import calendar
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

SUPPORTED, PARTLY, CONTRADICTED, UNVERIFIABLE = (
    "supported",
    "partly supported",
    "contradicted",
    "unverifiable",
)
BORNE_OUT, NOT_BORNE_OUT, TOO_EARLY = "borne out", "not borne out", "too early"


@dataclass(frozen=True)
class Judgement:
    """A verdict, the rule that produced it, and the measurement it was applied to."""

    verdict: str
    rule: str
    measured: float | tuple[float, float] | str | None = None


def span_text(low: float, high: float, digits: int = 0) -> str:
    """ "53,000" for a single figure, "16,742–27,099" for a range."""
    low_text, high_text = f"{low:,.{digits}f}", f"{high:,.{digits}f}"
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def _span(values: Sequence[float]) -> float | tuple[float, float]:
    low, high = min(values), max(values)
    return float(low) if low == high else (float(low), float(high))


def figure_matches(values: Sequence[float], claimed: float, tolerance: float = 0.15) -> Judgement:
    """Compare a claimed figure with every independent official figure for the same thing.

    Several official figures stay separate: the verdict depends on how many of them agree.
    """
    band = f"±{tolerance:.0%}".replace("%", " %")
    rule = (
        f"supported if every official figure is within {band} of the claimed {claimed:,.0f}; "
        f"partly supported if some are; contradicted if none is; unverifiable if there is none"
    )
    values = [float(v) for v in values]
    if not values:
        return Judgement(UNVERIFIABLE, rule)
    close = [abs(v - claimed) <= tolerance * claimed for v in values]
    verdict = SUPPORTED if all(close) else PARTLY if any(close) else CONTRADICTED
    return Judgement(verdict, rule, _span(values))


def all_conditions(conditions: Mapping[str, bool | None], measured: str) -> Judgement:
    """A claim made of several parts: each part is a named condition that holds or not.

    None means the data cannot tell; such a part neither supports nor contradicts.
    """
    rule = (
        "supported if every part holds ("
        + "; ".join(conditions)
        + "); partly supported if some do; contradicted if none does; "
        "unverifiable if no part can be tested"
    )
    known = [v for v in conditions.values() if v is not None]
    if not known:
        return Judgement(UNVERIFIABLE, rule, measured)
    if all(known) and len(known) == len(conditions):
        verdict = SUPPORTED
    elif any(known):
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    return Judgement(verdict, rule, measured)


def forecast_share(shares: Mapping[str, float], threshold: float, what: str) -> Judgement:
    """A forecast judged by a share observed after the fact, in every place it was measured."""
    rule = (
        f"borne out if {what} is at least {threshold:.0%} in every official statement that "
        f"measures it; not borne out if it is below in any; too early if none measures it"
    ).replace("%", " %")
    if not shares:
        return Judgement(TOO_EARLY, rule)
    verdict = BORNE_OUT if all(s >= threshold for s in shares.values()) else NOT_BORNE_OUT
    return Judgement(verdict, rule, _span(list(shares.values())))


def range_in_band(low: float, high: float, band: tuple[float, float], wording: str) -> Judgement:
    """A vague quantity ("tens of thousands") tested as a numeric band against a measured range."""
    rule = (
        f"supported if the whole measured range lies within {band[0]:,.0f}–{band[1]:,.0f} "
        f'("{wording}"); partly supported if it overlaps that band; contradicted if it lies '
        "outside; unverifiable if nothing was measured"
    )
    if low != low or high != high:  # NaN: no measurement
        return Judgement(UNVERIFIABLE, rule)
    measured = _span([low, high])
    if band[0] <= low and high <= band[1]:
        return Judgement(SUPPORTED, rule, measured)
    if high < band[0] or low > band[1]:
        return Judgement(CONTRADICTED, rule, measured)
    return Judgement(PARTLY, rule, measured)


def attribution(
    issuers: Mapping[str, Collection[str]],
    claimed: Collection[str],
    equivalent: Collection[str] = (),
    who: str = "the body the article names",
) -> Judgement:
    """Who actually said it, place by place, against who the article says said it.

    `issuers` maps each place the article names to the kinds of body that made the
    statement there (empty: no statement found). A body in `equivalent` (an embassy for a
    foreign ministry) counts as the same institution speaking through another office.
    """
    rule = (
        f"supported if in every place named the statement came from {who}; partly supported "
        "if it came from that institution (or one of its offices) in some places and from "
        "other bodies, or nobody, elsewhere; contradicted if the statements came only from "
        "other bodies; unverifiable if no statement was found anywhere"
    )
    claimed, equivalent = set(claimed), set(equivalent)
    found = {place: set(kinds) for place, kinds in issuers.items()}
    measured = "; ".join(
        f"{place}: {', '.join(sorted(kinds)) or 'none found'}" for place, kinds in found.items()
    )
    if not any(found.values()):
        return Judgement(UNVERIFIABLE, rule, measured)
    if all(kinds & claimed for kinds in found.values()):
        return Judgement(SUPPORTED, rule, measured)
    if any(kinds & (claimed | equivalent) for kinds in found.values()):
        return Judgement(PARTLY, rule, measured)
    return Judgement(CONTRADICTED, rule, measured)


def direct_or_indirect(direct: Sequence[str], indirect: Sequence[str]) -> Judgement:
    """A claim about what statements said, by the strength of the evidence found.

    Direct evidence is the statement itself saying it; indirect evidence only implies it
    (a wording that covers the case without naming it, or a later statement naming it).
    """
    rule = (
        "supported if a statement of the time says it in so many words; partly supported if "
        "the evidence only implies it; unverifiable if nothing bears on it"
    )
    if direct:
        return Judgement(SUPPORTED, rule, "; ".join(direct))
    if indirect:
        return Judgement(PARTLY, rule, "; ".join(indirect))
    return Judgement(UNVERIFIABLE, rule)


def forecast_rising(series: Mapping[str, tuple[float, float]], what: str) -> Judgement:
    """A forecast that something keeps growing, judged on counts made at two dates or more.

    Each series is (earliest, latest) of one count by one source; series are not added up.
    """
    rule = (
        f"borne out if {what} rose between the first and the last report in every series "
        "counted at two dates or more; not borne out if any such series stayed level or fell; "
        "too early if no series was counted twice"
    )
    if not series:
        return Judgement(TOO_EARLY, rule)
    measured = "; ".join(f"{name}: {a:,.0f} → {b:,.0f}" for name, (a, b) in series.items())
    verdict = BORNE_OUT if all(b > a for a, b in series.values()) else NOT_BORNE_OUT
    return Judgement(verdict, rule, measured)


def forecast_event(occurred: Sequence[str], contrary: Sequence[str], what: str) -> Judgement:
    """A forecast that something could happen, judged on reports of it or of its absence."""
    rule = (
        f"borne out if a dated report documents {what}; not borne out if none does while later "
        "reports describe the situation without it; too early if there are no reports either way"
    )
    if occurred:
        return Judgement(BORNE_OUT, rule, "; ".join(occurred))
    if contrary:
        return Judgement(NOT_BORNE_OUT, rule, "; ".join(contrary))
    return Judgement(TOO_EARLY, rule)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_and_days(start: date, end: date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end`, and the days left over."""
    start, end = _as_date(start), _as_date(end)
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    return months, (end - _add_months(start, months)).days


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def elapsed_months(start: date, end: date, claimed: int) -> Judgement:
    """ "In the seven months since X": at least seven whole months passed, and fewer than eight."""
    rule = (
        f"supported if at least {claimed} and fewer than {claimed + 1} whole calendar months "
        f"separate the two dates; partly supported if the gap is within one month of that; "
        "contradicted otherwise"
    )
    months, days = months_and_days(start, end)
    measured = f"{months} months and {days} days"
    if months == claimed:
        return Judgement(SUPPORTED, rule, measured)
    if months == claimed - 1 or (months == claimed + 1 and days == 0):
        return Judgement(PARTLY, rule, measured)
    return Judgement(CONTRADICTED, rule, measured)


def forecast_parts(parts: Mapping[str, bool | None], measured: str) -> Judgement:
    """A forecast of several outcomes, each settled (True or False) or still open (None).

    Open means the as-of date comes before anything could settle the part, so a forecast
    with an open part and no failed one is "too early", never "borne out".
    """
    rule = (
        "borne out if every predicted part happened ("
        + "; ".join(parts)
        + "); not borne out if any part is settled against it; too early if a part is "
        "still open on the as-of date"
    )
    settled = [v for v in parts.values() if v is not None]
    if settled and not all(settled):
        return Judgement(NOT_BORNE_OUT, rule, measured)
    if len(settled) < len(parts):
        return Judgement(TOO_EARLY, rule, measured)
    return Judgement(BORNE_OUT, rule, measured)


def forecast_by_deadline(
    occurred: date | None, made: date, deadline: date, as_of: date, what: str
) -> Judgement:
    """A forecast that something will happen "soon": between `made` and `deadline`.

    `occurred` is the first time it was seen after `made` (None if never, as of `as_of`).
    """
    made, deadline, as_of = _as_date(made), _as_date(deadline), _as_date(as_of)
    rule = (
        f"borne out if {what} came after {_day(made)} and by {_day(deadline)}; "
        f"not borne out if none had come by then; too early if that deadline falls after the "
        f"as-of date ({_day(as_of)}) and none has come yet"
    )
    occurred = _as_date(occurred) if occurred is not None else None
    if occurred is not None and made < occurred <= min(deadline, as_of):
        return Judgement(BORNE_OUT, rule, f"first seen on {_day(occurred)}")
    if deadline <= as_of:
        seen = f"first seen on {_day(occurred)}" if occurred else "not seen"
        return Judgement(NOT_BORNE_OUT, rule, seen + f" (deadline {_day(deadline)})")
    return Judgement(TOO_EARLY, rule, f"not seen by {_day(as_of)}")


def _day(day: date) -> str:
    """7 Oct 2022 (no leading zero, on every platform)."""
    return f"{day.day} {day:%b %Y}"


def every_case(cases: Mapping[str, bool | None], what: str) -> Judgement:
    """A general statement ("voices were tolerated") tested on each recorded case.

    None marks a case whose outcome the data cannot tell; it counts neither way.
    """
    rule = (
        f"supported if {what} in every recorded case; partly supported if in some; "
        "contradicted if in none; unverifiable if no case is recorded"
    )
    known = [v for v in cases.values() if v is not None]
    if not known:
        return Judgement(UNVERIFIABLE, rule)
    held = sum(bool(v) for v in known)
    verdict = SUPPORTED if held == len(known) else PARTLY if held else CONTRADICTED
    return Judgement(verdict, rule, f"{held} of {len(known)} cases")


def share_at_least(count: int, total: int, threshold: float, what: str) -> Judgement:
    """A vague quantifier ("many of these states") tested as a share of a named group."""
    rule = (
        f"supported if {what} make up at least {threshold:.0%} of the group; partly supported "
        "if at least one does but fewer than that; contradicted if none does; unverifiable "
        "if the group is empty"
    ).replace("%", " %")
    if total <= 0:
        return Judgement(UNVERIFIABLE, rule)
    enough = count >= threshold * total
    verdict = SUPPORTED if enough else PARTLY if count > 0 else CONTRADICTED
    return Judgement(verdict, rule, f"{count} of {total}")


def sole_actor(
    actor: str,
    doers: Collection[str] | None,
    *,
    narrow: Collection[str],
    narrow_name: str,
    wide_name: str,
) -> Judgement:
    """ "X is the only one to have done Y", judged in a narrow group and in a wide one.

    `doers` are all states of the wide group found doing Y (None: nothing was recorded at
    all); `narrow` is the narrow group, e.g. Russia's treaty partners.
    """
    rule = (
        f"supported if {actor} did it and no other state among {wide_name} did; partly "
        f"supported if {actor} did it and no other among {narrow_name} did, but others among "
        f"{wide_name} did; contradicted if {actor} did not, or another among {narrow_name} "
        "did too; unverifiable if no statement or vote was recorded"
    )
    if doers is None:
        return Judgement(UNVERIFIABLE, rule)
    doers = set(doers)
    others = sorted(doers - {actor})
    measured = "others who did: " + (", ".join(others) if others else "none")
    if actor not in doers or set(others) & set(narrow):
        return Judgement(CONTRADICTED, rule, measured)
    return Judgement(SUPPORTED if not others else PARTLY, rule, measured)


def attribution_reported(outlets: Collection[str], minimum: int = 2) -> Judgement:
    """Words attributed to a person, judged by how many independent outlets report them."""
    rule = (
        f"supported if at least {minimum} independent outlets report the words; partly "
        "supported if one does; unverifiable if none does (reports of what was said cannot "
        "contradict an attribution, only fail to confirm it)"
    )
    count = len(set(outlets))
    if count == 0:
        return Judgement(UNVERIFIABLE, rule, 0.0)
    verdict = SUPPORTED if count >= minimum else PARTLY
    return Judgement(verdict, rule, float(count))


def forecast_every(cases: Mapping[str, bool | None], what: str) -> Judgement:
    """A forecast that something continues: it must hold in every case observed afterwards."""
    rule = (
        f"borne out if {what} in every case observed after the article; not borne out if "
        "it fails in any; too early if no case has been observed"
    )
    known = [v for v in cases.values() if v is not None]
    if not known:
        return Judgement(TOO_EARLY, rule)
    held = sum(bool(v) for v in known)
    verdict = BORNE_OUT if held == len(known) else NOT_BORNE_OUT
    return Judgement(verdict, rule, f"{held} of {len(known)} cases")


def forecast_any(cases: Mapping[str, bool | None], what: str) -> Judgement:
    """A forecast that others will do something: one observed case is enough."""
    rule = (
        f"borne out if {what} in at least one case observed after the article; not borne "
        "out if cases were observed and it happened in none; too early if none was observed"
    )
    known = [v for v in cases.values() if v is not None]
    if not known:
        return Judgement(TOO_EARLY, rule)
    held = sum(bool(v) for v in known)
    return Judgement(BORNE_OUT if held else NOT_BORNE_OUT, rule, f"{held} of {len(known)} cases")


def averages_against_reports(
    averages: Mapping[str, float],
    reports: Mapping[str, float],
    claimed: float,
    tolerance: float = 0.15,
) -> Judgement:
    """A claimed multiple ("twice the price") tested on averages first, then on anecdotes.

    A city-wide average (a statistics survey, a price index) speaks for a market; a single
    tenant's case or a local report speaks only for itself. The claim is supported when an
    average reaches the multiple, and only partly when nothing but anecdotes do.
    """
    floor = claimed * (1 - tolerance)
    rule = (
        f"supported if a city-wide average (official survey, CPI rent or asking-price index) "
        f"reached at least ×{floor:.2f} (the claimed ×{claimed:g} less {tolerance:.0%}); "
        "partly supported if only single cases or local reports did; contradicted if neither "
        "did; unverifiable if nothing was measured"
    ).replace("%", " %")
    if not averages and not reports:
        return Judgement(UNVERIFIABLE, rule)
    top = max([*averages.values(), *reports.values()])
    measured = _span(list(averages.values())) if averages else float(top)
    if averages and max(averages.values()) >= floor:
        return Judgement(SUPPORTED, rule, measured)
    if reports and max(reports.values()) >= floor:
        return Judgement(PARTLY, rule, measured)
    return Judgement(CONTRADICTED, rule, measured)


def reports_found(credible: Sequence[str], weak: Sequence[str], what: str) -> Judgement:
    """An attribution ("there are reports that ...") judged by the reports that were found.

    Finding no report does not contradict an attribution, since reports may exist that
    were not found; it leaves the claim unverifiable.
    """
    rule = (
        f"supported if at least one credible report of {what} is found (a named outlet or "
        "official, medium or high confidence); partly supported if only weak ones are "
        "(single cases, activists' claims, opinion pieces, low-confidence copies); "
        "unverifiable if none is found"
    )
    measured = f"{len(credible)} credible, {len(weak)} weak report(s)"
    if credible:
        return Judgement(SUPPORTED, rule, measured)
    if weak:
        return Judgement(PARTLY, rule, measured)
    return Judgement(UNVERIFIABLE, rule, measured)
