"""The README's Findings table is what the committed notebooks compute, claim by claim."""

from pathlib import Path

from postsoviet import claims, data, report

ROOT = Path(__file__).resolve().parents[1]


def test_readme_findings_are_generated_from_the_committed_notebooks():
    readme = report.readme_findings((ROOT / "README.md").read_text(encoding="utf-8"))
    stored = report.stored_verdicts(ROOT / "notebooks")
    then = report.then_verdicts(ROOT / "notebooks")
    expected = report.findings_markdown(report.scorecard(claims.registry(), stored), then)
    assert readme == expected, "README.md Findings are stale: run `make report` and commit"


def test_every_stored_verdict_reaches_the_readme():
    readme = report.readme_findings((ROOT / "README.md").read_text(encoding="utf-8"))
    for claim, stored in report.stored_verdicts(ROOT / "notebooks").items():
        assert f"| `{claim}` |" in readme
        assert any(
            line.startswith(f"| {claims.registry()[claim]['paragraph']} | `{claim}` |")
            and f"| {stored['verdict']}" in line
            and f"| {stored['checked']} |" in line
            for line in readme.splitlines()
        ), claim


def test_readme_data_table_is_generated_from_the_catalog():
    readme = report.readme_data((ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme == report.data_markdown(), "README.md Data is stale: run `make report`"
    assert readme.count("\n| `") == len(data.catalog())


def test_the_package_lists_its_commands_and_report_helps(capsys):
    from postsoviet import __main__ as package

    assert package.main() == 0
    assert "run      execute notebooks/runs.yaml" in capsys.readouterr().out
    assert report.main(["--help"]) == 0
    assert "executes nothing" in capsys.readouterr().out.replace("\n", " ").lower()
    assert report.main(["--nope"]) == 2


def test_every_judged_claim_has_its_verdict_as_known_at_publication():
    """`make run` writes them from each notebook's known-at-publication run."""
    then = report.then_verdicts(ROOT / "notebooks")
    judged = {c["id"] for c in claims.registry().values() if c["kind"] != "opinion"}
    assert set(then) == judged
    forecasts = [c["id"] for c in claims.registry().values() if c["kind"] == "forecast"]
    assert all(then[f] in ("too early", "not borne out so far") for f in forecasts)
