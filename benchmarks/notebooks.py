"""Where a cold run's time goes, notebook by notebook: kernel, cells, HTML.

    .venv/bin/python benchmarks/notebooks.py [--only PATTERN ...] [--cells N]
    (or `make profile`)

Each selected run (default: every notebook's `default` run) is executed one at a time,
exactly as `make run` executes it (`run.execute`: same kernel, start-up lines, environment),
into a scratch folder; papermill's own cell timings are read before the runner strips them.
Prints, per run: the wall time of execution, the sum of its cells (the rest is kernel start
and papermill), the HTML rendering, the notebook's size and number of images, then its
slowest cells. A measurement, not a test: the README quotes one run of this script.
"""

import argparse
import copy
import tempfile
import time
from pathlib import Path

import papermill

from postsoviet import run


def profile(one: run.Run, folder: Path, slowest: int) -> dict:
    """Execute `one` into `folder` and return its timings."""
    kept: list = []

    def keep(*args, **kwargs):
        executed = papermill.execute_notebook(*args, **kwargs)
        kept.append(copy.deepcopy(executed))  # the runner strips the timings in place
        return executed

    output = folder / one.source.name
    started = time.perf_counter()
    run.execute(one, output, None, papermill_execute=keep)
    executed_s = time.perf_counter() - started
    started = time.perf_counter()
    run.render_html(output, output.with_suffix(".html"))
    html_s = time.perf_counter() - started
    cells = [
        (cell["metadata"].get("papermill", {}).get("duration") or 0.0, number, cell)
        for number, cell in enumerate(kept[0]["cells"], start=1)
        if cell["cell_type"] == "code"
    ]
    images = sum(
        "image/png" in shown.get("data", {}) for _, _, cell in cells for shown in cell["outputs"]
    )
    return {
        "run": one.id,
        "execute_s": round(executed_s, 2),
        "cells_s": round(sum(seconds for seconds, _, _ in cells), 2),
        "html_s": round(html_s, 2),
        "notebook_kb": round(output.stat().st_size / 1024),
        "images": images,
        "slowest": [
            {"cell": number, "s": round(seconds, 2), "first_line": _first_line(cell)}
            for seconds, number, cell in sorted(cells, key=lambda c: -c[0])[:slowest]
        ],
    }


def _first_line(cell: dict) -> str:
    lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
    return lines[0][:70] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=["*-default"], help="run ids or notebooks")
    parser.add_argument("--cells", type=int, default=5, help="slowest cells to list per run")
    args = parser.parse_args()
    runs = run.select(run.load_runs(), args.only)
    with tempfile.TemporaryDirectory() as scratch:
        for one in runs:
            result = profile(one, Path(scratch), args.cells)
            print(
                f"{result['run']}: executed {result['execute_s']} s "
                f"(cells {result['cells_s']} s), HTML {result['html_s']} s, "
                f"{result['notebook_kb']} KB, {result['images']} images",
                flush=True,
            )
            for cell in result["slowest"]:
                print(f"    cell {cell['cell']:>3}  {cell['s']:>5} s  {cell['first_line']}")


if __name__ == "__main__":
    main()
