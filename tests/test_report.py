"""The scorecard: every claim in article order, its verdict or why it has none, and counts."""

import json
import re

import nbformat
import pytest

from postsoviet import claims, report, rules, run, scorecard_page

CLAIMS = {
    "first": {"id": "first", "paragraph": 1, "quote": "A | B", "kind": "fact", "notebook": "01_a"},
    "view": {"id": "view", "paragraph": 1, "quote": "Q", "kind": "opinion", "notebook": "01_a"},
    "later": {"id": "later", "paragraph": 2, "quote": "L", "kind": "figure", "notebook": "02_b"},
    "soon": {"id": "soon", "paragraph": 3, "quote": "S", "kind": "forecast", "notebook": "03_c"},
}


ARTICLE = {
    "outlet": "The Moscow Times",
    "title": "T",
    "author": "A",
    "url": "https://example.org/a",
    "published": "2022-10-07",
    "published_text": "7 October 2022",
}


def record(claim, verdict, notebook="01_a", run_name="default", **extra):
    return {
        "claim": claim,
        "notebook": notebook,
        "run": run_name,
        "verdict": verdict,
        "rule": "a rule",
        "measured": extra.get("measured"),
        "claimed": extra.get("claimed"),
        "sources": extra.get("sources", ["https://example.org/b", "https://example.org/a"]),
        "scope": extra.get("scope"),
    }


def test_scorecard_lists_every_claim_in_article_order_with_its_state():
    rows = report.scorecard(
        CLAIMS, {"first": record("first", "supported")}, unavailable={"02_b": report.RUN_FAILED}
    )
    assert [(r.claim, r.verdict) for r in rows] == [
        ("first", "supported"),
        ("view", report.OPINION),
        ("later", report.RUN_FAILED),
        ("soon", report.NOT_CHECKED),
    ]


def test_counts_follow_the_vocabulary_order_and_skip_zeros():
    rows = report.scorecard(
        CLAIMS, {"first": record("first", "contradicted"), "soon": record("soon", "too early")}
    )
    assert report.counts(rows) == {
        "contradicted": 1,
        "too early": 1,
        report.NOT_CHECKED: 1,
        report.OPINION: 1,
    }
    assert report.counts_sentence(rows) == (
        "4 statements of the article: contradicted 1 · too early 1 · not yet checked 1 · "
        "opinion (not judged) 1."
    )


def test_findings_markdown_has_a_row_per_claim_and_escapes_pipes():
    rows = report.scorecard(CLAIMS, {"first": record("first", "supported")})
    table = report.findings_markdown(rows).splitlines()
    assert table[2] == "| ¶ | claim | the article says | kind | notebook | verdict | parts |"
    assert table[4] == "| 1 | `first` | “A \\| B” | fact | `01_a` | supported |  |"
    assert len(table) == 6 + len(CLAIMS)  # and a note on the parts column


README = f"""# Title

## Findings

Typed prose stays.

{report.START}
old table
{report.END}

In words: more typed prose.

## Data

{report.DATA_START}
{report.DATA_END}
"""


def committed_notebook(folder, name, *blocks):
    """A notebook whose outputs hold the given verdict blocks, as `claims.check` shows them."""
    outputs = [
        nbformat.v4.new_output("display_data", {"text/plain": text, "text/html": "<div/>"})
        for text in blocks
    ]
    cell = nbformat.v4.new_code_cell("claims.check(...)", outputs=outputs)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / f"{name}.ipynb")


def block(claim_id, verdict="supported"):
    holds = {"supported": True, "contradicted": False}[verdict]
    result = claims.judge(claim_id, [rules.part("p", holds, "b", ["u"])])
    return repr(result)


def test_stored_verdicts_are_read_from_the_notebook_outputs(tmp_path):
    committed_notebook(tmp_path, "02_exodus", block("kz_100k_one_week"), "unrelated output")
    committed_notebook(tmp_path, "09_other", block("kz_biggest_influx", "contradicted"))
    (tmp_path / "notes.ipynb").write_text("not a numbered notebook")
    assert report.stored_verdicts(tmp_path) == {
        "kz_100k_one_week": {
            "claim": "kz_100k_one_week",
            "notebook": "02_exodus",
            "verdict": "supported",
            "checked": "1 of 1 tested, 1 hold",
            "fragile": False,
        },
        "kz_biggest_influx": {
            "claim": "kz_biggest_influx",
            "notebook": "09_other",
            "verdict": "contradicted",
            "checked": "1 of 1 tested, 0 hold",
            "fragile": False,
        },
    }


def test_update_readme_rewrites_only_the_generated_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    committed_notebook(tmp_path, "02_exodus", block("kz_100k_one_week"))
    assert report.update_readme(readme, tmp_path) is True
    text = readme.read_text()
    assert text.startswith("# Title\n\n## Findings\n\nTyped prose stays.\n\n")
    assert f"{report.END}\n\nIn words: more typed prose.\n\n## Data\n\n" in text
    assert "| `article_editions` | Where and when the article" in report.readme_data(text)
    table = report.readme_findings(text)
    assert "| `kz_100k_one_week` | “100,000 arrived in Kazakhstan alone in just one week” |" in (
        table
    )
    assert table.count("\n| ") == len(claims.registry()) + 1  # header, separator, claims
    assert report.update_readme(readme, tmp_path) is False  # nothing left to change


@pytest.mark.parametrize(
    "text",
    ["no markers at all", f"{report.END}\n{report.START}", f"{report.START}\n{report.START}"],
)
def test_readme_without_one_pair_of_markers_is_refused(text):
    with pytest.raises(report.ReportError, match="must hold one `<!-- findings:start` line"):
        report.readme_findings(text)


def test_csv_has_one_line_per_verdict_with_ranges_and_sources_spelt_out():
    lines = report.verdicts_csv(
        [record("later", "supported", measured=[56000.0, 63000.0], claimed=100000)]
    ).splitlines()
    assert lines == [
        "claim,notebook,run,verdict,measured,claimed,sources,rule,scope,checked,fragile",
        'later,01_a,default,supported,"[56000.0, 63000.0]",100000,'
        "https://example.org/b https://example.org/a,a rule,,,",
    ]


def test_scorecard_page_is_complete_ordered_and_self_contained():
    rows = report.scorecard(
        CLAIMS,
        {"first": record("first", "supported", measured=[1.0, 2.0], claimed=3)},
        unavailable={"02_b": report.RUN_FAILED},
    )
    runs = [
        {"run": "01_a-default", "notebook": "01_a", "name": "default", "parameters": {}},
        {"run": "01_a-geo", "notebook": "01_a", "name": "geo", "parameters": {"country": "GEO"}},
        {"run": "02_b-default", "notebook": "02_b", "name": "default", "parameters": {}},
    ]
    for listing, status in zip(runs, ("ok", "cached", "failed"), strict=True):
        listing |= {"status": status, "error": "ValueError: bad" if status == "failed" else None}
    sweep = record("first", "contradicted", run_name="geo", scope="Georgia")
    page = report.scorecard_html(rows, runs, [rows[0].record, sweep])
    assert re.findall(r'<section class="claim" id="([a-z]+)"', page) == list(CLAIMS)
    assert '<a href="runs/01_a-default/01_a.html#first">the verdict in 01_a</a>' in page
    assert "1 to 2 / 3" in page
    assert "A | B" in page and "not yet checked" in page and "opinion (not judged)" in page
    assert "not checked: its run failed" in page and "failed: ValueError: bad" in page
    assert '<a href="runs/01_a-geo/01_a.html#first">geo</a>: Georgia' in page  # under its claim
    assert page.index("runs/01_a-geo/") < page.index('id="view"')
    counts = re.search(r'<ul class="counts">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r">([a-z :()]+)</span> (\d+)<", counts) == [
        ("supported", "1"),
        ("not checked: its run failed", "1"),
        ("not yet checked", "1"),
        ("opinion (not judged)", "1"),
    ]
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert "http" not in re.sub(r'(href="|"url": "|"@context": ")https?://[^"]+', "", page)


def test_page_escapes_what_it_did_not_write():
    hostile = dict(CLAIMS["first"], quote="<script>alert(1)</script>", kind="<b>fact</b>")
    rows = report.scorecard({"first": hostile}, {})
    page = report.scorecard_html(rows, [], [])
    assert "<script>alert" not in page and "&lt;b&gt;fact&lt;/b&gt;" in page


def test_publish_writes_the_three_files_from_current_runs_only(tmp_path):
    runs = [
        run.Run("02_exodus", "default", {}, tmp_path),
        run.Run("02_exodus", "geo", {"country": "GEO"}, tmp_path),
    ]
    outcomes = [run.Outcome(r.id, s) for r, s in zip(runs, ("cached", "skipped"), strict=True)]
    for r, verdict in zip(runs, ("supported", "contradicted"), strict=True):
        folder = tmp_path / "runs" / r.id
        folder.mkdir(parents=True)
        entry = record("kz_100k_one_week", verdict, notebook="02_exodus", run_name=r.name)
        (folder / "verdicts.json").write_text(json.dumps({"verdicts": [entry]}))
    rows = report.publish(runs, outcomes, tmp_path)
    assert {r.claim: r.verdict for r in rows}["kz_100k_one_week"] == "supported"
    document = json.loads((tmp_path / "verdicts.json").read_text())
    assert [v["run"] for v in document["verdicts"]] == ["default"]  # the skipped run is stale
    assert [r["status"] for r in document["runs"]] == ["ok", "not current (not selected)"]
    assert (tmp_path / "verdicts.csv").read_text().count("\n") == 2
    assert "kz_100k_one_week" in (tmp_path / "index.html").read_text()
    reviews = json.loads((tmp_path / "claimreview.json").read_text())
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["supported"]


def test_scorecard_shows_parts_flip_points_and_fragile_verdicts():
    from postsoviet import claims as registry_claims
    from postsoviet import rules

    parts = [
        rules.at_least("most are members", 3 / 6, 0.5, param="most", because="b", sources=["u"]),
        rules.part("asked in Bishkek", None, "no survey", ["u"]),
    ]
    verdict = registry_claims.judge("kz_100k_one_week", parts)
    record = registry_claims.as_record(verdict) | {"run": "default", "notebook": "02_exodus"}
    row = report.Row("kz_100k_one_week", 4, "figure", "q", "02_exodus", verdict.verdict, record)
    page = report.scorecard_html([row], [], [record])
    assert "supported where checked" in page and "1 of 2 tested, 1 hold" in page
    assert "✓ <strong>holds</strong>: most are members" in page
    assert "· <strong>not tested</strong>: asked in Bishkek" in page
    assert "⇄ most = 0.5: supported where checked for most up to 0.5" in page
    assert '<span class="fragile">fragile</span>' in page


REQUIRED = {
    "ClaimReview": {"url", "claimReviewed", "itemReviewed", "reviewRating", "author"},
    "Claim": {"appearance", "firstAppearance", "author", "datePublished"},
    "Rating": {"alternateName", "bestRating", "worstRating"},
}


def test_every_judged_claim_is_published_as_a_claimreview(tmp_path):
    verdicts = {
        "first": record("first", "supported where checked"),
        "later": record("later", "unverifiable", notebook="02_b"),
        "soon": record("soon", "not borne out", notebook="03_c"),
    }
    rows = report.scorecard(CLAIMS, verdicts)
    page = report.scorecard_html(rows, [], list(verdicts.values()))
    embedded = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert [r["claimReviewed"] for r in embedded] == ["A | B", "L", "S"]  # no opinion
    for review in embedded:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert REQUIRED["ClaimReview"] <= set(review)
        assert REQUIRED["Claim"] <= set(review["itemReviewed"])
        assert REQUIRED["Rating"] <= set(review["reviewRating"])
        appearance = review["itemReviewed"]["appearance"]
        assert appearance["author"]["name"] == "Kirill Krivosheev"
        assert appearance["datePublished"] == "2022-10-07"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
        assert review["url"].endswith(".html#" + review["url"].split("#")[1])
    ratings = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in embedded}
    assert ratings["supported where checked"]["ratingValue"] == 4
    assert ratings["not borne out"]["ratingValue"] == 1
    assert "ratingValue" not in ratings["unverifiable"]  # says nothing about truth


def test_scorecard_opens_with_the_argument_chain():
    rows = report.scorecard(CLAIMS, {"first": record("first", "contradicted")})
    chain = [{"claim": "first", "link": "the first step"}, {"claim": "soon", "link": "then"}]
    page = scorecard_page.page(rows, [], [], report.counts(rows), ARTICLE, [], chain)
    steps = re.findall(
        r'<li><a href="#([a-z]+)">([a-z ]+)</a>\s*<span class="badge"[^>]*>([a-z ]+)<', page
    )
    assert steps == [
        ("first", "the first step", "contradicted"),
        ("soon", "then", "not yet checked"),
    ]
    assert page.index('id="argument"') < page.index('id="counts"') < page.index('id="claims"')


def test_scorecard_shows_each_verdict_as_known_then_and_now():
    def judged(claim, holds, run):
        part = rules.part("a later row", holds, "b", ["u"])
        verdict = claims.judge(claim, [part], question="q")
        return claims.as_record(verdict) | {"run": run, "notebook": "02_exodus"}

    now = {"kz_100k_one_week": judged("kz_100k_one_week", True, "default")}
    now["kz_biggest_influx"] = judged("kz_biggest_influx", True, "default")
    then = [
        judged("kz_100k_one_week", False, scorecard_page.AT_PUBLICATION),
        judged("kz_biggest_influx", True, scorecard_page.AT_PUBLICATION),
    ]
    claims_ = {k: v for k, v in claims.registry().items() if k in now}
    rows = report.scorecard(claims_, now)
    assert scorecard_page.hindsight(rows, {r["claim"]: r for r in then}) == {
        "held": 1,
        "confirmed": 0,
        "settled": 0,
        "overturned": 1,
    }
    page = report.scorecard_html(rows, [], [*now.values(), *then])
    assert "<strong>overturned 1</strong>" in " ".join(page.split())
    assert page.count("changed with hindsight") == 1
    assert "↻ a later row. : fails → holds" not in page and "↻ a later row: fails → holds" in page
    assert "what if" not in page  # the publication-day run is not a sweep


def test_the_publication_day_verdicts_are_kept_in_step_and_rewritten_only_on_change(tmp_path):
    build, notebooks = tmp_path / "build", tmp_path / "notebooks"
    build.mkdir()
    notebooks.mkdir()
    then = scorecard_page.AT_PUBLICATION
    records = [
        record("kz_100k_one_week", "supported", run_name=then),
        record("arrivals_move_on", "too early", run_name=then),
        record("kz_biggest_influx", "contradicted"),  # a default run: not "then"
    ]
    (build / "verdicts.json").write_text(json.dumps({"verdicts": records}))
    assert report.write_then(build, notebooks) is True
    assert report.then_verdicts(notebooks) == {
        "arrivals_move_on": "too early",
        "kz_100k_one_week": "supported",
    }
    assert report.write_then(build, notebooks) is False  # a rerun changes nothing
    (build / "verdicts.json").write_text(json.dumps({"verdicts": records[1:]}))
    report.write_then(build, notebooks)  # a run not current keeps its last verdict
    assert report.then_verdicts(notebooks)["kz_100k_one_week"] == "supported"
    rows = report.scorecard(
        claims.registry(), {"kz_100k_one_week": record("kz_100k_one_week", "contradicted")}
    )
    table = report.findings_markdown(rows, report.then_verdicts(notebooks))
    assert "settled 0 that could not be decided then, not in the article's favour, and " in table
    assert "overturned 1 (↻ marks a change)" in table
    assert "| contradicted |  | supported ↻ |" in table


@pytest.mark.parametrize(
    ("then", "now", "kind"),
    [
        ("supported", "supported", "held"),
        ("supported where checked", "supported", "confirmed"),
        ("too early", "borne out", "confirmed"),
        ("unverifiable", "supported", "confirmed"),
        ("too early", "partly borne out", "settled"),
        ("too early", "not borne out so far", "settled"),
        ("partly supported", "supported", "overturned"),
        ("supported", "contradicted", "overturned"),
    ],
)
def test_hindsight_sorts_each_change(then, now, kind):
    row = report.Row("c", 1, "fact", "q", "01_a", now, {"verdict": now})
    tally = scorecard_page.hindsight([row], {"c": {"verdict": then}})
    assert tally[kind] == 1 and sum(tally.values()) == 1
