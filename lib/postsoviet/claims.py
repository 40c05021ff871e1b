"""The claim registry (`data/claims.yaml`), `judge()` and `check()`.

The registry is the spine of the collection: every checkable statement of the article,
in article order, with the notebook that checks it. A theme module tests a claim part by
part and hands the parts to `judge()`, which applies the one rule of `rules.combine` for the
claim's kind and works out where a chosen number would flip the verdict. `check()` shows
the result in the notebook and, when a batch run asks for that claim, appends it to the
run's verdicts.json: every claim in a default run, only the claims a sweep re-asks (under
the question it asks) in any other run, so a sweep never votes in the article's tally.
"""

import hashlib
import html
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from postsoviet.data import DATA_DIR, YAML_LOADER
from postsoviet.rules import (
    BORNE_OUT,
    BORNE_OUT_WHERE_CHECKED,
    CONTRADICTED,
    FACT_RULE,
    FACT_VERDICTS,
    FORECAST_RULE,
    FORECAST_VERDICTS,
    HOLDS,
    NOT_BORNE_OUT,
    NOT_BORNE_OUT_SO_FAR,
    NOT_TESTED,
    PARTLY,
    PARTLY_BORNE_OUT,
    SUPPORTED,
    SUPPORTED_WHERE_CHECKED,
    TOO_EARLY,
    UNVERIFIABLE,
    Flip,
    Part,
    combine,
    flips,
)

KINDS = ("figure", "fact", "attribution", "forecast", "opinion")
JUDGED = FACT_VERDICTS
VERDICTS: dict[str, tuple[str, ...]] = {
    "figure": FACT_VERDICTS,
    "fact": FACT_VERDICTS,
    "attribution": FACT_VERDICTS,
    "forecast": FORECAST_VERDICTS,
    "opinion": (),  # opinions are listed, not judged
}
# Set by the batch runner for the kernel it starts; unset in an interactive session.
# ASKS_ENV lists the claims a sweep re-asks (comma-separated); unset in a default run.
VERDICTS_ENV, RUN_ENV, NOTEBOOK_ENV, ASKS_ENV = (
    "POSTSOVIET_VERDICTS",
    "POSTSOVIET_RUN",
    "POSTSOVIET_NOTEBOOK",
    "POSTSOVIET_ASKS",
)
DEFAULT_RUN = "default"
COLOURS = {
    SUPPORTED: "#1a7f37",
    BORNE_OUT: "#1a7f37",
    SUPPORTED_WHERE_CHECKED: "#4d8f5c",
    BORNE_OUT_WHERE_CHECKED: "#4d8f5c",
    PARTLY: "#9a6700",
    PARTLY_BORNE_OUT: "#9a6700",
    TOO_EARLY: "#57606a",
    CONTRADICTED: "#cf222e",
    NOT_BORNE_OUT: "#cf222e",
    NOT_BORNE_OUT_SO_FAR: "#bc4c00",
    UNVERIFIABLE: "#57606a",
}


class ClaimError(ValueError):
    """A claim id, kind or verdict outside the registry's vocabulary."""


def argument(data_dir: Path | None = None) -> list[dict]:
    """The article's argument as a chain of claims, in the order the article makes it."""
    return _document(data_dir).get("argument", [])


def registry(data_dir: Path | None = None) -> dict[str, dict]:
    """Claims by id, in article order (shared: callers must not change them)."""
    return {entry["id"]: entry for entry in _document(data_dir)["claims"]}


# claims.yaml parsed once per content: every verdict looks up its claim, a dozen per run.
_parsed: dict[Path, tuple[str, dict]] = {}


def _document(data_dir: Path | None) -> dict:
    path = (Path(data_dir or DATA_DIR) / "claims.yaml").resolve()
    raw = path.read_bytes()  # read each time, so a run records it and an edit is seen
    digest = hashlib.sha256(raw).hexdigest()
    cached = _parsed.get(path)
    if cached is None or cached[0] != digest:
        cached = (digest, yaml.load(raw.decode("utf-8"), Loader=YAML_LOADER))
        _parsed[path] = cached
    return cached[1]


@dataclass(frozen=True)
class Verdict:
    """One judged claim: its verdict, the parts behind it, and where a chosen number flips it."""

    claim: str
    kind: str
    quote: str
    notebook: str
    run: str
    verdict: str
    rule: str
    measured: object
    claimed: object
    evidence: str
    sources: list[str] = field(default_factory=list)
    scope: str | None = None
    parts: tuple[Part, ...] = ()
    flips: tuple[Flip, ...] = ()

    @property
    def checked(self) -> str:
        tested = [p for p in self.parts if p.outcome != NOT_TESTED]
        held = sum(p.outcome == HOLDS for p in tested)
        return f"{len(tested)} of {len(self.parts)} tested, {held} hold"

    @property
    def fragile(self) -> bool:
        return any(f.fragile for f in self.flips)

    def _lines(self) -> list[tuple[str, str]]:
        lines = [("Checked for", self.scope)] if self.scope else []
        lines.append(("Verdict", self.verdict.upper()))
        if self.parts:
            lines.append(("Parts", self.checked))
            lines += [("", p.line()) for p in self.parts]
        lines += [("Flip point", f.text) for f in self.flips]
        lines.append(("Rule", self.rule))
        if self.claimed is not None or self.measured is not None:
            lines.append(("Claimed / measured", f"{_fmt(self.claimed)} / {_fmt(self.measured)}"))
        if self.evidence:
            lines.append(("Evidence", self.evidence))
        lines.append(("Sources", "; ".join(self.sources)))
        return lines

    def __repr__(self) -> str:
        head = f'[{self.claim}] ({self.kind}) "{self.quote}"'
        body = [f"{k}: {v}" if k else f"  {v}" for k, v in self._lines()]
        return "\n".join([head, *body])

    def _repr_html_(self) -> str:
        """The verdict box: anchored by the claim id, sources as links, and in a batch run a
        link back to the claim on the scorecard (build/index.html)."""
        colour = COLOURS[self.verdict]
        rows = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._lines()
            if k != "Sources"
        )
        links = " · ".join(
            f"<a href='{html.escape(url)}'>{html.escape(_readable(url))}</a>"
            for url in self.sources
        )
        rows += f"<tr><th style='text-align:left'>Sources</th><td>{links}</td></tr>"
        back = ""
        if self.run != "interactive":
            back = f" · <a href='../../index.html#{html.escape(self.claim)}'>on the scorecard</a>"
        return (
            f"<div id='{html.escape(self.claim)}' "
            f"style='border-left:6px solid {colour};padding:0.4em 0.8em;margin:0.5em 0'>"
            f"<p><code>{html.escape(self.claim)}</code> ({html.escape(self.kind)}): "
            f"<em>“{html.escape(self.quote)}”</em>{back}</p><table>{rows}</table></div>"
        )


def _readable(url: str) -> str:
    """A link text a reader can take in: the host and the start of the path."""
    rest = url.split("://", 1)[-1].removeprefix("www.")
    return rest if len(rest) <= 60 else rest[:57] + "…"


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return " to ".join(_fmt(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3g}"
    return str(value)


def _claim(claim_id: str, data_dir: Path | None = None) -> dict:
    claims = registry(data_dir)
    if claim_id not in claims:
        raise ClaimError(f"There is no claim `{claim_id}` in data/claims.yaml.")
    return claims[claim_id]


def judge(
    claim_id: str,
    parts: Sequence[Part],
    *,
    measured: object = None,
    claimed: object = None,
    question: str | None = None,
    evidence: str = "",
    sources: Iterable[str] = (),
    data_dir: Path | None = None,
) -> Verdict:
    """Turn a claim's tested parts into its verdict, by the one rule for the claim's kind.

    `question` states what these parameters ask ("100,000 entries in Finland in 7 days");
    a sweep records the verdict under it. `evidence` adds context generated from rows;
    `sources` adds the pages behind it to those of the parts.
    """
    claim = _claim(claim_id, data_dir)
    kind = claim["kind"]
    if kind == "opinion":
        raise ClaimError(f"Claim `{claim_id}` is an opinion, which is listed, not judged.")
    if not parts:
        raise ClaimError(f"Claim `{claim_id}` was judged without any part.")
    forecast, open_ended = kind == "forecast", bool(claim.get("open_ended"))
    cited = {s for p in parts for s in p.sources} | {s for s in sources if isinstance(s, str)}
    if not cited:
        raise ClaimError(f"Claim `{claim_id}` was checked without naming a source.")
    return Verdict(
        claim=claim_id,
        kind=kind,
        quote=claim["quote"],
        notebook=os.environ.get(NOTEBOOK_ENV, claim["notebook"]),
        run=os.environ.get(RUN_ENV, "interactive"),
        verdict=combine([p.outcome for p in parts], forecast, open_ended),
        rule=FORECAST_RULE if forecast else FACT_RULE,
        measured=measured,
        claimed=claimed,
        evidence=evidence,
        sources=sorted(cited),
        scope=question,
        parts=tuple(parts),
        flips=tuple(flips(parts, forecast, open_ended)),
    )


def as_record(result: Verdict) -> dict:
    """The verdict as verdicts.json stores it: parts, flip points and the tally of parts."""
    return asdict(result) | {"checked": result.checked, "fragile": result.fragile}


def record(result: Verdict, path: Path) -> None:
    """Add a verdict to a run's verdicts.json, replacing an earlier one for the same claim."""
    existing = json.loads(path.read_text(encoding="utf-8"))["verdicts"] if path.exists() else []
    kept = [v for v in existing if (v["claim"], v["run"]) != (result.claim, result.run)]
    kept.append(as_record(result))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"verdicts": kept}, indent=2, default=str) + "\n", encoding="utf-8")


_SESSION: dict[str, Verdict] = {}  # verdicts shown in this kernel, for summary()


def asked(result: Verdict) -> bool:
    """Whether this run records the verdict: every claim in a default run; in a sweep, only
    the claims `runs.yaml` says it re-asks, and only with the question stated."""
    if result.run == DEFAULT_RUN:
        return True
    asks = [c for c in os.environ.get(ASKS_ENV, "").split(",") if c]
    if result.claim not in asks:
        return False
    if not result.scope:
        raise ClaimError(
            f"The run `{result.run}` re-asks `{result.claim}`, but its check states no question."
        )
    return True


def check(result: Verdict) -> None:
    """Show the verdict for one claim and record it for the batch run, if the run asks it."""
    from IPython.display import display

    _SESSION[result.claim] = result
    target = os.environ.get(VERDICTS_ENV)
    if target and asked(result):
        record(result, Path(target))
    display(result)


def table(notebook: str) -> object:
    """The claims a notebook covers, straight from the registry, so no quote is copied by hand."""
    from IPython.display import Markdown

    lines = ["| claim | ¶ | kind | the article says |", "|---|---|---|---|"]
    lines += [
        f"| `{c['id']}` | {c['paragraph']} | {c['kind']} | “{c['quote']}” |"
        for c in registry().values()
        if c["notebook"] == notebook
    ]
    return Markdown("\n".join(lines))


def summary() -> pd.DataFrame:
    """The verdicts shown so far in this session, in article order."""
    order = list(registry())
    rows = sorted(_SESSION.values(), key=lambda v: order.index(v.claim))
    return pd.DataFrame(
        [{"claim": v.claim, "kind": v.kind, "verdict": v.verdict, "quote": v.quote} for v in rows]
    )


def opinions(notebook: str) -> pd.DataFrame:
    """The article's opinions this notebook lists without judging them."""
    rows = [
        {"claim": c["id"], "paragraph": c["paragraph"], "quote": c["quote"]}
        for c in registry().values()
        if c["notebook"] == notebook and c["kind"] == "opinion"
    ]
    return pd.DataFrame(rows, columns=["claim", "paragraph", "quote"])
