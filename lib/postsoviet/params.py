"""Validation of notebook parameters.

papermill injects whatever a user passes, as whatever type the command line produced.
Each helper turns one raw value into the type the notebook needs, or stops the notebook
with one sentence that names the parameter, the value and what would have been accepted.
"""

from collections.abc import Iterable, Mapping
from datetime import date as Date
from datetime import datetime

import pandas as pd

from postsoviet import countries as _countries


class ParameterError(ValueError):
    """A notebook parameter that cannot be used; the message is one sentence."""


def _listing(codes: Iterable[str]) -> str:
    return ", ".join(f"{c} ({_countries.NAMES.get(c, c)})" for c in codes)


def country(value: object, name: str, allowed: Iterable[str] | None = None) -> str:
    """An ISO alpha-3 code from `allowed` (default: every code the collection knows)."""
    options = sorted(allowed) if allowed is not None else sorted(_countries.NAMES)
    code = str(value).strip().upper()
    if code not in options:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}, which is not one of the available "
            f"ISO alpha-3 codes: {_listing(options)}."
        )
    return code


def country_list(values: object, name: str, allowed: Iterable[str] | None = None) -> list[str]:
    """A non-empty list of distinct codes, kept in the order the user gave."""
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").split() if v]
    if not isinstance(values, list | tuple) or not values:
        raise ParameterError(
            f"Parameter `{name}` must be a non-empty list of ISO alpha-3 codes, got {values!r}."
        )
    codes = [country(v, name, allowed) for v in values]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise ParameterError(f"Parameter `{name}` lists {', '.join(repeated)} more than once.")
    return codes


def date(
    value: object, name: str, earliest: str | None = None, latest: str | None = None
) -> pd.Timestamp:
    """A calendar date given as YYYY-MM-DD, optionally inside [earliest, latest]."""
    if isinstance(value, Date):
        value = value.isoformat()[:10]
    try:
        day = pd.Timestamp(datetime.strptime(str(value), "%Y-%m-%d"))
    except ValueError:
        day = None
    if day is None:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}, which is not a date like 2022-09-21."
        )
    if earliest is not None and day < pd.Timestamp(earliest):
        raise ParameterError(f"Parameter `{name}` is {value}, before the earliest date {earliest}.")
    if latest is not None and day > pd.Timestamp(latest):
        raise ParameterError(f"Parameter `{name}` is {value}, after the latest date {latest}.")
    return day


def date_range(
    start: object, end: object, names: tuple[str, str] = ("start", "end")
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Two dates in order; an inverted range names both parameters."""
    first, last = date(start, names[0]), date(end, names[1])
    if first > last:
        raise ParameterError(
            f"Parameters `{names[0]}` ({start}) and `{names[1]}` ({end}) are inverted: "
            f"`{names[0]}` must not be after `{names[1]}`."
        )
    return first, last


def integer(value: object, name: str, minimum: int, maximum: int) -> int:
    """A whole number inside [minimum, maximum]; bools and floats with a fraction are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = None
    else:
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not number.is_integer():
        raise ParameterError(f"Parameter `{name}` is {value!r}, which is not a whole number.")
    if not minimum <= number <= maximum:
        raise ParameterError(
            f"Parameter `{name}` is {value}, outside the accepted range {minimum} to {maximum}."
        )
    return int(number)


def number(value: object, name: str, minimum: float, maximum: float) -> float:
    """A number inside [minimum, maximum]."""
    try:
        result = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        result = None
    if result is None or result != result:
        raise ParameterError(f"Parameter `{name}` is {value!r}, which is not a number.")
    if not minimum <= result <= maximum:
        raise ParameterError(
            f"Parameter `{name}` is {value}, outside the accepted range {minimum:g} to {maximum:g}."
        )
    return result


def choice(value: object, name: str, options: Mapping[str, str] | Iterable[str]) -> str:
    """One of a fixed set of strings."""
    allowed = list(options)
    if value not in allowed:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}; choose one of: {', '.join(map(str, allowed))}."
        )
    return str(value)


def year(value: object, name: str, available: Iterable[int]) -> int:
    """A calendar year the data cover; outside them, the sentence names the available span."""
    years = sorted({int(y) for y in available})
    if not years:
        raise ParameterError(f"Parameter `{name}` cannot be checked: the data cover no years.")
    number = integer(value, name, minimum=-10_000, maximum=10_000)
    if not years[0] <= number <= years[-1]:
        raise ParameterError(
            f"Parameter `{name}` is {value}, outside the available years {years[0]} to {years[-1]}."
        )
    return number


def year_range(
    first: object,
    last: object,
    available: Iterable[int],
    names: tuple[str, str] = ("first_year", "last_year"),
) -> tuple[int, int]:
    """Two years the data cover, in order; an inverted pair names both parameters."""
    years = list(available)
    low, high = year(first, names[0], years), year(last, names[1], years)
    if low > high:
        raise ParameterError(
            f"Parameters `{names[0]}` ({first}) and `{names[1]}` ({last}) are inverted: "
            f"`{names[0]}` must not be after `{names[1]}`."
        )
    return low, high


def month(value: object, name: str, earliest: str, latest: str) -> pd.Period:
    """A calendar month given as YYYY-MM, inside [earliest, latest] (both YYYY-MM)."""
    text = str(value).strip()
    try:
        parsed = pd.Period(datetime.strptime(text, "%Y-%m"), freq="M")
    except ValueError:
        parsed = None
    low, high = pd.Period(earliest, freq="M"), pd.Period(latest, freq="M")
    if parsed is None or not low <= parsed <= high:
        raise ParameterError(
            f"Parameter `{name}` is {value!r}; give a month as YYYY-MM from {earliest} to {latest}."
        )
    return parsed


def _assigned(source: str) -> list[str]:
    """The names a cell assigns at top level (`x = 1`, `x: int = 1`), in order."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
    return names


INJECTED_HEADER = "# Parameters"  # the first line of the cell papermill injects


def only_declared(
    namespace: Mapping | Iterable[str], declared: Iterable[str] | None = None
) -> None:
    """Refuse a parameter name the notebook does not declare, naming it and the declared ones.

    papermill only warns about `-p countri GEO` and then answers the default question, so
    the first cell after the parameters calls `params.only_declared(globals())`. Given the
    kernel's globals, the names papermill injected are read from the kernel's input history
    (the cell papermill adds right after the `parameters` cell, headed "# Parameters"), and
    the declared ones from that `parameters` cell itself (or from `declared`). Without an
    injected cell (JupyterLab, nbval) there is nothing to check. Given plain names, they are
    checked against `declared`.
    """
    if isinstance(namespace, Mapping):
        one_sentence_errors()
        history = list(namespace.get("_ih") or namespace.get("In") or [])
        # papermill injects right after the `parameters` cell, so never as the first cell run
        # (a `parameters` cell that itself begins "# Parameters" is then not mistaken for it).
        cells = [i for i, s in enumerate(history) if str(s).startswith(INJECTED_HEADER) and i > 1]
        if not cells:
            return
        given = _assigned(str(history[cells[-1]]))
        if declared is None:
            declared = _assigned(str(history[cells[-1] - 1])) if cells[-1] > 0 else []
    else:
        given = [str(n) for n in namespace]
        if declared is None:
            raise TypeError("only_declared() needs `declared` when given plain names.")
    declared = list(declared)
    unknown = [n for n in given if n not in declared]
    if unknown:
        names = ", ".join(f"`{n}`" for n in unknown)
        raise ParameterError(
            f"Parameter{'s' if len(unknown) > 1 else ''} {names} "
            f"{'are' if len(unknown) > 1 else 'is'} not declared by this notebook; "
            f"it declares {', '.join(declared) or 'none'}."
        )


def one_sentence_errors(shell: object = None) -> None:
    """Show the collection's refusals in a notebook as their one sentence, not a traceback.

    ParameterError, DataError, ClaimError and NetworkDisabled carry a complete sentence by
    contract; IPython would put 20 to 40 lines of traceback before it, and papermill would
    quote them all. The batch runner calls this when each kernel starts, and
    `only_declared()` calls it too, so `papermill ... -p countri GEO` ends with the sentence
    alone. Other errors keep their full traceback.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - not in a kernel
            return
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    from postsoviet.claims import ClaimError
    from postsoviet.data import DataError
    from postsoviet.offline import NetworkDisabled

    def sentence(shell, etype, value, tb, tb_offset=None):
        lines = [f"{etype.__name__}: {value}"]
        shell._showtraceback(etype, value, lines)  # the kernel sends it as the cell's error
        return lines

    shell.set_custom_exc((ParameterError, DataError, ClaimError, NetworkDisabled), sentence)
