"""The claim registry is complete and consistent, and verdicts obey its vocabulary."""

import json
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from postsoviet import claims
from postsoviet.rules import Judgement

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


def judgement(verdict="supported"):
    return Judgement(verdict, "a rule", 1.0)


def test_verdict_rejects_unknown_claim_and_foreign_vocabulary():
    with pytest.raises(claims.ClaimError, match="There is no claim `nope`"):
        claims.verdict("nope", judgement(), evidence="e", sources=["https://x"])
    with pytest.raises(claims.ClaimError, match="is a forecast, which takes one of: borne out"):
        claims.verdict(
            "arrivals_move_on", judgement("supported"), evidence="e", sources=["https://x"]
        )
    with pytest.raises(claims.ClaimError, match="is a opinion, which takes no verdict"):
        claims.verdict(
            "tokayev_maverick", judgement("supported"), evidence="e", sources=["https://x"]
        )
    with pytest.raises(claims.ClaimError, match="without naming a source"):
        claims.verdict("kz_100k_one_week", judgement(), evidence="e", sources=[])


def test_record_appends_and_replaces_per_claim_and_run(tmp_path, monkeypatch):
    path = tmp_path / "run" / "verdicts.json"
    monkeypatch.setenv(claims.RUN_ENV, "default")
    first = claims.verdict(
        "kz_100k_one_week", judgement(), evidence="e", sources=["https://b", "https://a"]
    )
    claims.record(first, path)
    again = claims.verdict(
        "kz_100k_one_week", judgement("contradicted"), evidence="e", sources=["https://a"]
    )
    claims.record(again, path)
    claims.record(
        claims.verdict("kz_biggest_influx", judgement(), evidence="e", sources=["https://a"]), path
    )
    stored = json.loads(path.read_text())["verdicts"]
    assert [(v["claim"], v["verdict"], v["run"]) for v in stored] == [
        ("kz_100k_one_week", "contradicted", "default"),
        ("kz_biggest_influx", "supported", "default"),
    ]
    assert stored[0]["notebook"] == "02_exodus" and stored[0]["rule"] == "a rule"


def test_check_writes_to_the_file_the_runner_names(tmp_path, monkeypatch):
    path = tmp_path / "verdicts.json"
    monkeypatch.setenv(claims.VERDICTS_ENV, str(path))
    monkeypatch.setenv(claims.NOTEBOOK_ENV, "02_exodus")
    monkeypatch.setenv(claims.RUN_ENV, "default")
    claims.check(
        "kz_100k_one_week", judgement(), evidence="e", sources=["https://a"], claimed=100000
    )
    assert json.loads(path.read_text())["verdicts"][0]["claimed"] == 100000


def test_verdict_text_names_claim_verdict_and_rule():
    text = repr(
        claims.verdict("kz_100k_one_week", judgement(), evidence="ev", sources=["https://a"])
    )
    assert text.splitlines()[:3] == [
        '[kz_100k_one_week] (figure) "100,000 arrived in Kazakhstan alone in just one week"',
        "Verdict: SUPPORTED",
        "Rule: a rule",
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
