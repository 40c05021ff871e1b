"""The scorecard page, `build/index.html`, and its schema.org ClaimReview records.

The page is what most readers meet first, often on a phone and from a file sent to them,
so it is one self-contained file: a Jinja2 template with inline CSS, no scripts, no
external resources. Claims come first, each with its verdict, its parts and where a chosen
number would flip it; sweeps are folded under the claim they re-ask. Fact-checks travel on
the web as ClaimReview, so every judged claim is also published as JSON-LD, embedded in the
page and written to `build/claimreview.json`.
"""

import json
from pathlib import Path

import jinja2

from postsoviet.claims import COLOURS, _fmt
from postsoviet.rules import (
    BORNE_OUT,
    BORNE_OUT_WHERE_CHECKED,
    CONTRADICTED,
    NOT_BORNE_OUT,
    NOT_BORNE_OUT_SO_FAR,
    PARTLY,
    PARTLY_BORNE_OUT,
    SUPPORTED,
    SUPPORTED_WHERE_CHECKED,
)

TEMPLATES = Path(__file__).parent / "templates"
# The run of each notebook with the knowledge cut-off at the article's publication day:
# its verdicts are "as known then", beside the default runs' "as known today".
AT_PUBLICATION = "known-at-publication"
UNDECIDED = ("unverifiable", "too early")
FULL = (SUPPORTED, BORNE_OUT)
WHERE_CHECKED = (SUPPORTED_WHERE_CHECKED, BORNE_OUT_WHERE_CHECKED)
GREY = "#57606a"
MARKS = {"holds": "✓", "fails": "✗", "not tested": "·"}
PROJECT = "postsoviet: the claims of “Russia's Mass Exodus Is Forcing Its Neighbors…”, checked"
# ClaimReview's rating scale: 5 = the claim stands, 1 = it does not. Verdicts that say
# nothing about truth (unverifiable, too early) carry their words but no number.
RATINGS = {
    SUPPORTED: 5,
    BORNE_OUT: 5,
    SUPPORTED_WHERE_CHECKED: 4,
    BORNE_OUT_WHERE_CHECKED: 4,
    PARTLY: 3,
    PARTLY_BORNE_OUT: 3,
    NOT_BORNE_OUT_SO_FAR: 2,
    CONTRADICTED: 1,
    NOT_BORNE_OUT: 1,
}


def notebook_href(record: dict) -> str:
    """Where a recorded verdict's box sits in the rendered notebook of its run."""
    run = f"{record['notebook']}-{record['run']}"
    return f"runs/{run}/{record['notebook']}.html#{record['claim']}"


def _shown(value: object) -> str:
    return _fmt(tuple(value) if isinstance(value, list) else value)


def part_changes(then: dict, now: dict) -> list[str]:
    """Which parts moved between the two cut-offs: the rows that changed the verdict."""
    before, after = then.get("parts", []), now.get("parts", [])
    if len(before) != len(after):
        return [f"{len(before)} parts then, {len(after)} now"]
    return [
        f"{b['name']}: {b['outcome']} → {a['outcome']}"
        for b, a in zip(before, after, strict=True)
        if b["outcome"] != a["outcome"]
    ]


def hindsight(rows: list, then: dict[str, dict]) -> dict[str, int]:
    """How the verdicts known on the publication day fared with what came later.

    held: the same verdict then and now. confirmed: now supported or borne out, where then it
    could not be decided or held only where checked. settled: undecided then, decided now but
    not in the article's favour (partly, or not at all). overturned: a verdict given then is
    a different one now.
    """
    tally = {"held": 0, "confirmed": 0, "settled": 0, "overturned": 0}
    for row in rows:
        earlier = then.get(row.claim)
        if not row.record or earlier is None:
            continue
        before, now = earlier["verdict"], row.verdict
        if before == now:
            tally["held"] += 1
        elif now in FULL and (before in UNDECIDED or before in WHERE_CHECKED):
            tally["confirmed"] += 1
        elif before in UNDECIDED:
            tally["settled"] += 1
        else:
            tally["overturned"] += 1
    return tally


def _then_view(record: dict, earlier: dict | None) -> dict | None:
    if not record or earlier is None:
        return None
    return {
        "verdict": earlier["verdict"],
        "colour": COLOURS.get(earlier["verdict"], GREY),
        "changed": earlier["verdict"] != record["verdict"],
        "why": part_changes(earlier, record) if earlier["verdict"] != record["verdict"] else [],
    }


def _claim_view(row, sweeps: list[dict], then: dict[str, dict]) -> dict:
    record = row.record or {}
    measured = ""
    if record.get("measured") is not None or record.get("claimed") is not None:
        measured = f"{_shown(record.get('measured'))} / {_shown(record.get('claimed'))}"
    return {
        "id": row.claim,
        "paragraph": row.paragraph,
        "kind": row.kind,
        "quote": row.quote,
        "notebook": record.get("notebook", row.notebook),
        "href": notebook_href(record) if record else None,
        "verdict": row.verdict,
        "colour": COLOURS.get(row.verdict, GREY),
        "fragile": bool(record.get("fragile")),
        "checked": record.get("checked", ""),
        "measured": measured,
        "parts": [
            {"mark": MARKS[p["outcome"]], "outcome": p["outcome"], "name": p["name"]}
            for p in record.get("parts", [])
        ],
        "flips": [f["text"] for f in record.get("flips", [])],
        "then": _then_view(record, then.get(row.claim)),
        "what_if": [
            {
                "run": s["run"],
                "href": notebook_href(s),
                "question": s.get("scope") or "",
                "verdict": s["verdict"],
                "colour": COLOURS.get(s["verdict"], GREY),
            }
            for s in sweeps
            if s["claim"] == row.claim
        ],
    }


def claim_reviews(rows: list, article: dict, reviewed_on: str) -> list[dict]:
    """One schema.org ClaimReview per judged claim with a current default verdict."""
    appearance = {
        "@type": "CreativeWork",
        "url": article["url"],
        "headline": article["title"],
        "datePublished": article["published"],
        "author": {"@type": "Person", "name": article["author"]},
        "publisher": {"@type": "Organization", "name": article["outlet"]},
    }
    reviews = []
    for row in rows:
        record = row.record
        if not record:
            continue
        rating = {
            "@type": "Rating",
            "alternateName": row.verdict,
            "bestRating": 5,
            "worstRating": 1,
        }
        if row.verdict in RATINGS:
            rating["ratingValue"] = RATINGS[row.verdict]
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": notebook_href(record),
                "claimReviewed": row.quote,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": appearance["author"],
                    "datePublished": article["published"],
                    "appearance": appearance,
                    "firstAppearance": appearance,
                },
                "reviewRating": rating,
                "author": {"@type": "Organization", "name": PROJECT},
                "datePublished": reviewed_on,
            }
        )
    return reviews


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def chain_view(chain: list[dict], rows: list) -> list[dict]:
    """The argument's links, each with the verdict its claim received."""
    by_id = {row.claim: row for row in rows}
    return [
        {
            "id": step["claim"],
            "link": step["link"],
            "quote": by_id[step["claim"]].quote,
            "verdict": by_id[step["claim"]].verdict,
            "colour": COLOURS.get(by_id[step["claim"]].verdict, GREY),
        }
        for step in chain
        if step["claim"] in by_id
    ]


def page(
    rows: list,
    runs: list[dict],
    records: list[dict],
    counts: dict,
    article: dict,
    reviews: list,
    chain: list[dict] = (),
) -> str:
    """The scorecard page, rendered from `templates/scorecard.html.j2`."""
    sweeps = [r for r in records if r["run"] not in ("default", AT_PUBLICATION)]
    then = {r["claim"]: r for r in records if r["run"] == AT_PUBLICATION}
    jsonld = json.dumps(reviews, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return (
        _environment()
        .get_template("scorecard.html.j2")
        .render(
            article=article,
            claims=[_claim_view(row, sweeps, then) for row in rows],
            hindsight=hindsight(rows, then) if then else None,
            published_text=article["published_text"],
            chain=chain_view(list(chain), rows),
            counts=[(label, n, COLOURS.get(label, GREY)) for label, n in counts.items()],
            total=len(rows),
            runs=[
                run | {"parameters_text": _parameters(run["parameters"]), "href": _run_href(run)}
                for run in runs
            ],
            jsonld=jsonld,
        )
    )


def _parameters(parameters: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in parameters.items()) or "defaults"


def _run_href(run: dict) -> str | None:
    if run["status"] not in ("ok", "failed"):
        return None
    return f"runs/{run['run']}/{run['notebook']}"
