"""The README's findings table says what the committed notebooks compute."""

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def stored_verdicts() -> dict[str, str]:
    verdicts = {}
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/plain", "")
                claim = re.search(r"^\[([a-z0-9_]+)\] \(", text, flags=re.MULTILINE)
                verdict = re.search(r"^Verdict: (.+)$", text, flags=re.MULTILINE)
                if claim and verdict:
                    verdicts[claim.group(1)] = verdict.group(1).lower()
    return verdicts


def readme_verdicts() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    findings = text.split("## Findings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+)` \|.*\| ([a-z ]+) \|$", findings, flags=re.MULTILINE)
    return dict(rows)


def test_readme_findings_match_the_notebooks():
    assert readme_verdicts() == stored_verdicts()
