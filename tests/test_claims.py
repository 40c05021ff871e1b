"""The claim registry is complete and consistent, and verdicts obey its vocabulary."""

import ast
import json
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from postsoviet import claims, rules

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REGISTRY = claims.registry()


def test_ids_are_unique_slugs():
    ids = [c["id"] for c in claims.registry().values()]
    assert len(ids) == len(REGISTRY)
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def test_every_claim_has_kind_paragraph_quote_and_notebook():
    for claim in REGISTRY.values():
        assert claim["kind"] in claims.KINDS, claim["id"]
        assert re.fullmatch(r"\d\d_[a-z_]+", claim["notebook"]), claim["id"]
        assert isinstance(claim["paragraph"], int) and 0 <= claim["paragraph"] <= 17  # 0: title
        assert 1 <= len(claim["quote"].split()) <= 26, claim["id"]


def test_claims_are_in_article_order():
    paragraphs = [c["paragraph"] for c in REGISTRY.values()]
    assert paragraphs == sorted(paragraphs)


def test_registry_covers_every_kind_and_every_body_paragraph():
    assert set(Counter(c["kind"] for c in REGISTRY.values())) == set(claims.KINDS)
    assert {c["paragraph"] for c in REGISTRY.values()} == set(range(0, 18))  # 0: the title


def checked_in(notebook: Path) -> list[str]:
    """Claim ids whose verdict block appears in the notebook's stored outputs."""
    found = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "")
            found += re.findall(r"^\[([a-z0-9_]+)\] \(", text, flags=re.MULTILINE)
    return found


@pytest.mark.parametrize(
    "notebook", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem
)
def test_committed_notebook_checks_exactly_its_claims_once(notebook):
    expected = sorted(
        c["id"]
        for c in REGISTRY.values()
        if c["notebook"] == notebook.stem and c["kind"] != "opinion"
    )
    found = checked_in(notebook)
    assert sorted(found) == expected


def holding(holds=True):
    """A verdict of one part that holds (supported) or fails (contradicted)."""
    return [rules.part("the figure matches", holds, "because", ["https://a"])]


def test_judge_rejects_unknown_claims():
    with pytest.raises(claims.ClaimError, match="There is no claim `nope`"):
        claims.judge("nope", holding())


def test_record_appends_and_replaces_per_claim_and_run(tmp_path, monkeypatch):
    path = tmp_path / "run" / "verdicts.json"
    monkeypatch.setenv(claims.RUN_ENV, "default")
    claims.record(claims.judge("kz_100k_one_week", holding()), path)
    claims.record(claims.judge("kz_100k_one_week", holding(False)), path)
    claims.record(claims.judge("kz_biggest_influx", holding()), path)
    stored = json.loads(path.read_text())["verdicts"]
    assert [(v["claim"], v["verdict"], v["run"]) for v in stored] == [
        ("kz_100k_one_week", "contradicted", "default"),
        ("kz_biggest_influx", "supported", "default"),
    ]
    assert stored[0]["notebook"] == "02_exodus" and stored[0]["rule"] == rules.FACT_RULE
    assert stored[0]["parts"][0]["outcome"] == "fails" and stored[0]["checked"]


def test_check_writes_to_the_file_the_runner_names(tmp_path, monkeypatch):
    path = tmp_path / "verdicts.json"
    monkeypatch.setenv(claims.VERDICTS_ENV, str(path))
    monkeypatch.setenv(claims.NOTEBOOK_ENV, "02_exodus")
    monkeypatch.setenv(claims.RUN_ENV, "default")
    claims.check(claims.judge("kz_100k_one_week", holding(), claimed=100000))
    assert json.loads(path.read_text())["verdicts"][0]["claimed"] == 100000


def test_verdict_text_names_claim_verdict_parts_and_rule():
    text = repr(claims.judge("kz_100k_one_week", holding()))
    assert text.splitlines()[:5] == [
        '[kz_100k_one_week] (figure) "100,000 arrived in Kazakhstan alone in just one week"',
        "Verdict: SUPPORTED",
        "Parts: 1 of 1 tested, 1 hold",
        "  ✓ holds: the figure matches. because",
        f"Rule: {rules.FACT_RULE}",
    ]


def test_every_sweep_asks_only_claims_of_its_own_notebook():
    from postsoviet.run import load_runs

    for run in load_runs():
        if run.is_default:
            continue
        # a sweep that changes no claim's question (only a reader's question) asks nothing
        # and records no verdict (run.py); what it asks must be its own notebook's claims
        own = {c["id"] for c in REGISTRY.values() if c["notebook"] == run.notebook}
        assert set(run.asks) <= own, run.id


def test_the_argument_chain_names_judged_claims_in_article_order():
    chain = claims.argument()
    assert chain and all(set(step) == {"claim", "link"} for step in chain)
    ids = [step["claim"] for step in chain]
    assert all(REGISTRY[i]["kind"] != "opinion" for i in ids)
    order = list(REGISTRY)
    assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids)


def _counterfactuals() -> dict[str, list[str]]:
    """Claim id -> tests marked `@counterfactual(id)` that call `assert_moves`."""
    found: dict[str, list[str]] = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            moves = any(
                isinstance(call, ast.Call) and getattr(call.func, "id", "") == "assert_moves"
                for call in ast.walk(node)
            )
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", "") == "counterfactual"
                    and moves
                ):
                    for arg in decorator.args:
                        found.setdefault(arg.value, []).append(f"{path.name}::{node.name}")
    return found


def test_every_judged_claim_has_a_counterfactual_test():
    """A verdict that no data could move is a defect: each judged claim has a test that
    alters its decisive rows and sees the verdict change (tests/counterfactual.py)."""
    found = _counterfactuals()
    judged = [c["id"] for c in REGISTRY.values() if c["kind"] != "opinion"]
    missing = [c for c in judged if c not in found]
    assert not missing, f"judged claims without a counterfactual test: {', '.join(missing)}"
    assert not set(found) - set(REGISTRY), "a counterfactual names a claim not in claims.yaml"
