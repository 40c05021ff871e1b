"""The explicit rules that turn measured data into verdicts.

A verdict is never typed into a notebook: it is returned by one of these functions
together with the sentence describing the rule, so the rule is printed beside every
verdict and a change in the data changes the verdict.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

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
