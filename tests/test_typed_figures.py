"""Figures typed into prose (README summary, notebook introductions) must match what the
notebooks compute, so a data update that changes them makes a test fail instead of leaving
stale text behind."""

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXODUS = ROOT / "notebooks" / "02_exodus.ipynb"


def figures(text: str) -> set[str]:
    """Thousands-separated counts and percentages, spaces before % removed; years skipped."""
    found = re.findall(r"\d{1,3}(?:,\d{3})+(?:–\d{1,3}(?:,\d{3})+)?|\d+(?:\.\d+)? ?%", text)
    return {f.replace(" %", "%") for f in found}


def stored_outputs(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    texts = [
        output.get("text", "") + output.get("data", {}).get("text/plain", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    ]
    return "\n".join(texts).replace(" %", "%")


def test_readme_summary_figures_are_computed_by_the_exodus_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    summary = readme.split("In words:", 1)[1].split("\n\n", 1)[0]
    outputs = stored_outputs(EXODUS)
    missing = sorted(f for f in figures(summary) if f not in outputs)
    assert figures(summary) and not missing, missing


def test_exodus_introduction_states_only_computed_figures():
    """The introduction types no figure the notebook does not compute; its short answer is
    printed by a code cell from the data."""
    notebook = nbformat.read(EXODUS, as_version=4)
    intro = notebook.cells[0].source
    outputs = stored_outputs(EXODUS)
    missing = sorted(f for f in figures(intro) if f not in outputs)
    assert not missing, missing
    assert "In short (" in outputs
