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
