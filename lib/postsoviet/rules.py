"""The verdict vocabulary: parts that hold or fail, and the one rule that turns them into a verdict.

A judged claim is split into named parts. Each part is tested against data rows and
`holds`, `fails` or is `not tested`; a part that was not tested says why. One rule,
`combine()`, turns the parts into the verdict for every claim of a kind, so "partly
supported" always means that the author was partly wrong, never that we could not look.

Where a chosen number (a tolerance, a share, a multiple) decides a part, the part carries a
`Threshold`; `flips()` then finds, by evaluating the same rule, the interval of that number
over which the verdict stands and what it becomes outside it.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def _against(name: str, measured: float | None, limit: Threshold, because: str, sources) -> Part:
    """A part decided by comparing a measurement with a chosen number (see `Threshold`)."""
    if _missing(measured):
        return Part(name, NOT_TESTED, because, _sources(sources))
    outcome = HOLDS if limit.holds_at(limit.chosen) else FAILS
    return Part(name, outcome, because, _sources(sources), limit)


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
    limit = Threshold(param, float(threshold), _number(measured), holds_below=True, fmt=fmt)
    return _against(name, measured, limit, because, sources)


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
    """Holds if `measured` stays at or below the chosen `threshold` (a gap and a tolerance)."""
    limit = Threshold(param, float(threshold), _number(measured), holds_below=False, fmt=fmt)
    return _against(name, measured, limit, because, sources)


def _number(value: float | None) -> float:
    return math.nan if _missing(value) else float(value)


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
