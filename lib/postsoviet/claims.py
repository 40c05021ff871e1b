"""The claim registry (`data/claims.yaml`) and `check()`, which records one verdict.

The registry is the spine of the collection: every checkable statement of the article,
in article order, with the notebook that checks it. `check()` shows the verdict in the
notebook and, when a batch run asked for it, appends it to that run's verdicts.json.
"""

import html
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from postsoviet.data import DATA_DIR, YAML_LOADER
from postsoviet.rules import (
    BORNE_OUT,
    CONTRADICTED,
    NOT_BORNE_OUT,
    PARTLY,
    SUPPORTED,
    TOO_EARLY,
    UNVERIFIABLE,
    Judgement,
)

KINDS = ("figure", "fact", "attribution", "forecast", "opinion")
JUDGED = (SUPPORTED, PARTLY, CONTRADICTED, UNVERIFIABLE)
VERDICTS: dict[str, tuple[str, ...]] = {
    "figure": JUDGED,
    "fact": JUDGED,
    "attribution": JUDGED,
    "forecast": (BORNE_OUT, NOT_BORNE_OUT, TOO_EARLY),
    "opinion": (),  # opinions are listed, not judged
}
# Set by the batch runner for the kernel it starts; unset in an interactive session.
VERDICTS_ENV, RUN_ENV, NOTEBOOK_ENV = (
    "POSTSOVIET_VERDICTS",
    "POSTSOVIET_RUN",
    "POSTSOVIET_NOTEBOOK",
)
COLOURS = {
    SUPPORTED: "#1a7f37",
    BORNE_OUT: "#1a7f37",
    PARTLY: "#9a6700",
    TOO_EARLY: "#9a6700",
    CONTRADICTED: "#cf222e",
    NOT_BORNE_OUT: "#cf222e",
    UNVERIFIABLE: "#57606a",
}


class ClaimError(ValueError):
    """A claim id, kind or verdict outside the registry's vocabulary."""


def registry(data_dir: Path | None = None) -> dict[str, dict]:
    """Claims by id, in article order."""
    path = Path(data_dir or DATA_DIR) / "claims.yaml"
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)["claims"]
    return {entry["id"]: entry for entry in entries}


@dataclass(frozen=True)
class Verdict:
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

    def _lines(self) -> list[tuple[str, str]]:
        lines = [("Verdict", self.verdict.upper()), ("Rule", self.rule)]
        if self.scope:
            lines.insert(0, ("Checked for", self.scope))
        if self.claimed is not None or self.measured is not None:
            lines.append(("Claimed / measured", f"{_fmt(self.claimed)} / {_fmt(self.measured)}"))
        lines += [("Evidence", self.evidence), ("Sources", "; ".join(self.sources))]
        return lines

    def __repr__(self) -> str:
        head = f'[{self.claim}] ({self.kind}) "{self.quote}"'
        return "\n".join([head] + [f"{k}: {v}" for k, v in self._lines()])

    def _repr_html_(self) -> str:
        colour = COLOURS[self.verdict]
        rows = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._lines()
        )
        return (
            f"<div style='border-left:6px solid {colour};padding:0.4em 0.8em;margin:0.5em 0'>"
            f"<p><code>{html.escape(self.claim)}</code> ({self.kind}): "
            f"<em>“{html.escape(self.quote)}”</em></p><table>{rows}</table></div>"
        )


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


def verdict(
    claim_id: str,
    judgement: Judgement,
    *,
    evidence: str,
    sources: Iterable[str],
    claimed: object = None,
    scope: str | None = None,
    data_dir: Path | None = None,
) -> Verdict:
    """Validate a judgement against the registry and build the record `check()` shows."""
    claims = registry(data_dir)
    if claim_id not in claims:
        raise ClaimError(f"There is no claim `{claim_id}` in data/claims.yaml.")
    claim = claims[claim_id]
    allowed = VERDICTS[claim["kind"]]
    if judgement.verdict not in allowed:
        raise ClaimError(
            f"Claim `{claim_id}` is a {claim['kind']}, which takes "
            + (f"one of: {', '.join(allowed)}" if allowed else "no verdict")
            + f"; got {judgement.verdict!r}."
        )
    sources = sorted(set(sources))
    if not sources:
        raise ClaimError(f"Claim `{claim_id}` was checked without naming a source.")
    return Verdict(
        claim=claim_id,
        kind=claim["kind"],
        quote=claim["quote"],
        notebook=os.environ.get(NOTEBOOK_ENV, claim["notebook"]),
        run=os.environ.get(RUN_ENV, "interactive"),
        verdict=judgement.verdict,
        rule=judgement.rule,
        measured=judgement.measured,
        claimed=claimed,
        evidence=evidence,
        sources=sources,
        scope=scope,
    )


def record(result: Verdict, path: Path) -> None:
    """Add a verdict to a run's verdicts.json, replacing an earlier one for the same claim."""
    existing = json.loads(path.read_text(encoding="utf-8"))["verdicts"] if path.exists() else []
    kept = [v for v in existing if (v["claim"], v["run"]) != (result.claim, result.run)]
    kept.append(asdict(result))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"verdicts": kept}, indent=2, default=str) + "\n", encoding="utf-8")


_SESSION: dict[str, Verdict] = {}  # verdicts shown in this kernel, for summary()


def check(
    claim_id: str,
    judgement: Judgement,
    *,
    evidence: str,
    sources: Iterable[str],
    claimed: object = None,
    scope: str | None = None,
) -> None:
    """Show the verdict for one claim and record it for the batch run, if there is one."""
    from IPython.display import display

    result = verdict(
        claim_id, judgement, evidence=evidence, sources=sources, claimed=claimed, scope=scope
    )
    _SESSION[claim_id] = result
    target = os.environ.get(VERDICTS_ENV)
    if target:
        record(result, Path(target))
    display(result)


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
