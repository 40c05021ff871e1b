"""The verdict vocabulary: parts that hold or fail, and the one rule that turns them into a verdict.

A judged claim is split into named parts. Each part is tested against data rows and
`holds`, `fails` or is `not tested`; a part that was not tested says why. One rule,
`combine()`, turns the parts into the verdict for every claim of a kind, so "partly
supported" always means that the author was partly wrong, never that we could not look.

Where a chosen number (a tolerance, a share, a multiple) decides a part, the part carries a
`Threshold`; `flips()` then finds, by evaluating the same rule, the interval of that number
over which the verdict stands and what it becomes outside it.
"""

import calendar
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

HOLDS, FAILS, NOT_TESTED = "holds", "fails", "not tested"
OUTCOMES = (HOLDS, FAILS, NOT_TESTED)

SUPPORTED = "supported"
SUPPORTED_WHERE_CHECKED = "supported where checked"
PARTLY = "partly supported"
CONTRADICTED = "contradicted"
UNVERIFIABLE = "unverifiable"
BORNE_OUT = "borne out"
BORNE_OUT_WHERE_CHECKED = "borne out where checked"
PARTLY_BORNE_OUT = "partly borne out"
NOT_BORNE_OUT = "not borne out"
NOT_BORNE_OUT_SO_FAR = "not borne out so far"
TOO_EARLY = "too early"

FACT_VERDICTS = (SUPPORTED, SUPPORTED_WHERE_CHECKED, PARTLY, CONTRADICTED, UNVERIFIABLE)
FORECAST_VERDICTS = (
    BORNE_OUT,
    BORNE_OUT_WHERE_CHECKED,
    PARTLY_BORNE_OUT,
    NOT_BORNE_OUT,
    NOT_BORNE_OUT_SO_FAR,
    TOO_EARLY,
)
FACT_RULE = (
    "supported if every part was tested and holds; supported where checked if every tested "
    "part holds but some part could not be tested; partly supported if at least one part "
    "holds and at least one fails; contradicted if every tested part fails; unverifiable if "
    "no part could be tested"
)
FORECAST_RULE = (
    "borne out if every part was tested and holds; borne out where checked if every tested "
    "part holds but some part could not be tested; partly borne out if at least one part "
    "holds and at least one fails; not borne out if every tested part fails (not borne out "
    "so far, for a forecast the article gave no deadline); too early if no part can be "
    "tested yet"
)
FRAGILE = 0.25  # a verdict whose flip point lies within ±25 % of the chosen number is fragile


@dataclass(frozen=True)
class Threshold:
    """A chosen number that decides a part: the part holds on one side of `flips_at`.

    `holds_below` True: the part holds while the threshold is at most `flips_at`
    (a measured multiple of 1.8 passes any bar up to 1.8); False: while it is at least
    `flips_at` (a gap of 4 % passes any tolerance of 4 % or more).
    """

    name: str
    chosen: float
    flips_at: float
    holds_below: bool
    fmt: str = "{:,.3g}"

    def holds_at(self, value: float) -> bool:
        return value <= self.flips_at if self.holds_below else value >= self.flips_at

    def show(self, value: float) -> str:
        return self.fmt.format(value)


@dataclass(frozen=True)
class Part:
    """One named condition of a claim, its outcome, and the rows that decided it."""

    name: str
    outcome: str
    because: str
    sources: tuple[str, ...] = ()
    threshold: Threshold | None = None

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"A part's outcome is one of {OUTCOMES}; got {self.outcome!r}.")

    def line(self) -> str:
        mark = {HOLDS: "✓", FAILS: "✗", NOT_TESTED: "·"}[self.outcome]
        return f"{mark} {self.outcome}: {self.name}. {self.because}"


@dataclass(frozen=True)
class Flip:
    """Where a verdict decided by a chosen number stands, and what it becomes outside."""

    name: str
    chosen: float
    low: float | None  # the verdict stands for values from `low` (None: no lower edge)
    high: float | None  # ... up to `high` (None: no upper edge)
    below: str | None  # the verdict below `low`
    above: str | None  # the verdict above `high`
    fragile: bool
    text: str


def _sources(values: Iterable[object] | None) -> tuple[str, ...]:
    if values is None:
        return ()
    found = {str(v) for v in values if isinstance(v, str) and v.strip()}
    return tuple(sorted(found))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def part(name: str, holds: bool | None, because: str, sources: Iterable[str] | None = ()) -> Part:
    """A yes/no condition; None means the data could not test it (`because` says why)."""
    outcome = NOT_TESTED if holds is None else HOLDS if holds else FAILS
    return Part(name, outcome, because, _sources(sources))


def at_least(
    name: str,
    measured: float | None,
    threshold: float,
    *,
    param: str,
    because: str,
    sources: Iterable[str] | None = (),
    fmt: str = "{:,.3g}",
) -> Part:
    """Holds if `measured` reaches the chosen `threshold`; it flips where the two meet."""
    if _missing(measured):
        return Part(name, NOT_TESTED, because, _sources(sources))
    limit = Threshold(param, float(threshold), float(measured), holds_below=True, fmt=fmt)
    outcome = HOLDS if limit.holds_at(threshold) else FAILS
    return Part(name, outcome, because, _sources(sources), limit)


def at_most(
    name: str,
    measured: float | None,
    threshold: float,
    *,
    param: str,
    because: str,
    sources: Iterable[str] | None = (),
    fmt: str = "{:,.3g}",
) -> Part:
    """Holds if `measured` stays at or below the chosen `threshold` (e.g. a gap and a tolerance)."""
    if _missing(measured):
        return Part(name, NOT_TESTED, because, _sources(sources))
    limit = Threshold(param, float(threshold), float(measured), holds_below=False, fmt=fmt)
    outcome = HOLDS if limit.holds_at(threshold) else FAILS
    return Part(name, outcome, because, _sources(sources), limit)


def within(
    name: str,
    measured: float | None,
    claimed: float,
    tolerance: float,
    *,
    because: str,
    sources: Iterable[str] | None = (),
    param: str = "tolerance",
) -> Part:
    """Holds if `measured` lies within ±tolerance (a fraction) of `claimed`."""
    gap = None if _missing(measured) else abs(float(measured) - claimed) / claimed
    return at_most(
        name, gap, tolerance, param=param, because=because, sources=sources, fmt="{:.1%}"
    )


def combine(outcomes: Sequence[str], forecast: bool = False, open_ended: bool = False) -> str:
    """The one rule from parts to a verdict (`FACT_RULE`, `FORECAST_RULE`)."""
    held = sum(o == HOLDS for o in outcomes)
    failed = sum(o == FAILS for o in outcomes)
    untested = len(outcomes) - held - failed
    if held == failed == 0:
        return TOO_EARLY if forecast else UNVERIFIABLE
    if held and failed:
        return PARTLY_BORNE_OUT if forecast else PARTLY
    if failed:
        if forecast:
            return NOT_BORNE_OUT_SO_FAR if open_ended else NOT_BORNE_OUT
        return CONTRADICTED
    if untested:
        return BORNE_OUT_WHERE_CHECKED if forecast else SUPPORTED_WHERE_CHECKED
    return BORNE_OUT if forecast else SUPPORTED


def _verdict_at(parts: Sequence[Part], name: str, value: float, **how: bool) -> str:
    outcomes = [
        (HOLDS if p.threshold.holds_at(value) else FAILS)
        if p.threshold is not None and p.threshold.name == name
        else p.outcome
        for p in parts
    ]
    return combine(outcomes, **how)


def flips(parts: Sequence[Part], forecast: bool = False, open_ended: bool = False) -> list[Flip]:
    """For each chosen number that decides a part, the interval over which the verdict stands.

    The verdict only changes where the number crosses a part's `flips_at`, so the rule is
    evaluated just below and just above each such point, walking out from the chosen value.
    """
    how = {"forecast": forecast, "open_ended": open_ended}
    result = []
    names = sorted({p.threshold.name for p in parts if p.threshold is not None})
    for name in names:
        limits = [p.threshold for p in parts if p.threshold and p.threshold.name == name]
        chosen, show = limits[0].chosen, limits[0].show
        verdict = _verdict_at(parts, name, chosen, **how)
        points = sorted({t.flips_at for t in limits})
        # Every chosen number here (tolerance, share, multiple) is non-negative: no probe below 0.
        probes = sorted(
            {
                x
                for f in points
                for x in (math.nextafter(f, -math.inf), f, math.nextafter(f, math.inf))
                if x >= 0
            }
        )
        high = above = low = below = None
        previous = chosen
        for x in (p for p in probes if p > chosen):
            changed = _verdict_at(parts, name, x, **how)
            if changed != verdict:
                high, above = previous, changed
                break
            previous = x
        previous = chosen
        for x in (p for p in reversed(probes) if p < chosen):
            changed = _verdict_at(parts, name, x, **how)
            if changed != verdict:
                low, below = previous, changed
                break
            previous = x
        fragile = (low is not None and low >= chosen * (1 - FRAGILE)) or (
            high is not None and high <= chosen * (1 + FRAGILE)
        )
        result.append(
            Flip(
                name,
                chosen,
                low,
                high,
                below,
                above,
                fragile,
                _flip_text(name, chosen, verdict, low, high, below, above, fragile, show),
            )
        )
    return result


def _flip_text(name, chosen, verdict, low, high, below, above, fragile, show) -> str:
    if low is None and high is None:
        return f"{name} = {show(chosen)}: {verdict} whatever its value."
    span = (
        f"from {show(low)} to {show(high)}"
        if low is not None and high is not None
        else f"from {show(low)} up"
        if low is not None
        else f"up to {show(high)}"
    )
    outside = [f"{below} below {show(low)}"] if low is not None else []
    outside += [f"{above} above {show(high)}"] if high is not None else []
    text = f"{name} = {show(chosen)}: {verdict} for {name} {span}; " + "; ".join(outside) + "."
    return text + (" Fragile: it flips within ±25 % of the chosen value." if fragile else "")


def span_text(low: float, high: float, digits: int = 0) -> str:
    """ "53,000" for a single figure, "16,742–27,099" for a range."""
    low_text, high_text = f"{low:,.{digits}f}", f"{high:,.{digits}f}"
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def _span(values: Sequence[float]) -> float | tuple[float, float]:
    low, high = min(values), max(values)
    return float(low) if low == high else (float(low), float(high))


# --- legacy rule functions: replaced by parts notebook by notebook, then removed -------------


@dataclass(frozen=True)
class Judgement:
    """A verdict, the rule that produced it, and the measurement it was applied to."""

    verdict: str
    rule: str
    measured: float | tuple[float, float] | str | None = None


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
