"""Time the batch runner: a cold run, its floor, and a rerun with nothing changed.

    .venv/bin/python benchmarks/batch.py [--jobs N]     (or `make benchmark`)

- cold: every run of notebooks/runs.yaml into an empty build folder;
- floor: as many runs of notebooks that only import the library, through the same runner
  (process pool, kernel start, HTML) — what any batch of that size costs before it does
  anything;
- no change: the same command as `cold` again, with nothing changed (everything cached).

Each is the wall time of `python -m postsoviet.run` as a user starts it, in a temporary
build folder, without writing back to notebooks/. A measurement, not a test: numbers
depend on the machine and what else runs on it; the README quotes one run of this script.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from postsoviet import run

IMPORTS = "from postsoviet import claims, countries, data, params, plot, rules  # noqa: F401"


def batch(matrix: Path, build: Path, jobs: int) -> float:
    """Wall seconds of one `python -m postsoviet.run` (without write-back)."""
    command = [sys.executable, "-m", "postsoviet.run", "--matrix", str(matrix)]
    command += ["--build", str(build), "--jobs", str(jobs), "--no-write-back"]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def floor_matrix(folder: Path, count: int) -> Path:
    """`count` notebooks that import the library and do nothing else, one default run each."""
    lines = ["runs:"]
    for number in range(1, count + 1):
        name = f"{number:02d}_floor"
        notebook = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(IMPORTS),
            ]
        )
        notebook.metadata["kernelspec"] = {"name": "python3", "language": "python"}
        nbformat.write(notebook, folder / f"{name}.ipynb")
        lines.append(f"  - {{notebook: {name}, name: default}}")
    path = folder / "runs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=run.default_jobs())
    jobs = parser.parse_args().jobs
    runs = run.load_runs()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "floor").mkdir()
        floor = batch(floor_matrix(scratch / "floor", len(runs)), scratch / "floor-build", jobs)
        cold = batch(run.NOTEBOOKS / "runs.yaml", scratch / "build", jobs)
        again = batch(run.NOTEBOOKS / "runs.yaml", scratch / "build", jobs)
    result = {
        "runs": len(runs),
        "jobs": jobs,
        "cores": os.cpu_count(),
        "cold_s": round(cold, 1),
        "floor_s": round(floor, 1),
        "cold_over_floor": round(cold / floor, 2),
        "no_change_s": round(again, 2),
        "no_change_share_of_cold": f"{again / cold:.1%}",
    }
    print(json.dumps(result, indent=1))
    print(
        f"\n| runs | jobs | cold | floor | cold / floor | no change | no change / cold |\n"
        f"|---|---|---|---|---|---|---|\n"
        f"| {len(runs)} | {jobs} | {cold:.1f} s | {floor:.1f} s | {cold / floor:.2f} | "
        f"{again:.2f} s | {again / cold:.1%} |"
    )


if __name__ == "__main__":
    main()
