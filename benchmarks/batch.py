"""Time the batch runner: a cold run, its floor, a rerun with nothing changed, one dataset edited.

    .venv/bin/python benchmarks/batch.py [--jobs N] [--dataset NAME]   (or `make benchmark`)

- cold: every run of notebooks/runs.yaml into an empty build folder;
- floor: as many runs of notebooks that only import the library, through the same runner
  (process pool, kernel start, HTML) — what any batch of that size costs before it does
  anything;
- no change: the same command as `cold` again, with nothing changed (everything cached);
- one dataset edited: the same again after one dataset's CSV changed bytes (its line
  endings, so no figure changes) and was rehashed: only the runs that loaded it rerun.

Each is the wall time of `python -m postsoviet.run` as a user starts it, on a scratch copy
of lib/, data/ and notebooks/ (so the edit never touches the project), without writing
back. A measurement, not a test: numbers
depend on the machine and what else runs on it; the README quotes one run of this script.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

from postsoviet import run

IMPORTS = "from postsoviet import claims, countries, data, params, plot, rules  # noqa: F401"


def batch(matrix: Path, build: Path, jobs: int, project: Path) -> tuple[float, int]:
    """Wall seconds of one `python -m postsoviet.run` (without write-back), and runs that ran."""
    command = [sys.executable, "-m", "postsoviet.run", "--matrix", str(matrix)]
    command += ["--build", str(build), "--jobs", str(jobs), "--no-write-back"]
    started = time.perf_counter()
    done = subprocess.run(
        command, check=True, stdout=subprocess.PIPE, text=True, env=_env(project), cwd=project
    )
    seconds = time.perf_counter() - started
    summary = re.search(r"(\d+) ran,", done.stdout)
    return seconds, int(summary.group(1)) if summary else -1


def _env(project: Path) -> dict[str, str]:
    """The scratch copy's library first, so its ROOT (and data/) is the copy's."""
    return os.environ | {"PYTHONPATH": str(project / "lib")}


def copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for folder in ("lib", "data", "notebooks"):
        shutil.copytree(run.ROOT / folder, target / folder, ignore=ignore)
    return target


def edit_dataset(project: Path, name: str) -> None:
    """Change the dataset's bytes, not its figures (CRLF line endings), and rehash it."""
    entry = yaml.safe_load((project / "data" / "catalog.yaml").read_text())["datasets"][name]
    path = project / "data" / entry["path"]
    text = path.read_bytes().replace(b"\r\n", b"\n")
    path.write_bytes(text.replace(b"\n", b"\r\n"))
    command = [sys.executable, "-m", "postsoviet.data", "rehash", name]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_env(project), cwd=project)


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
    parser.add_argument(
        "--dataset", default="rents", help="the dataset to edit (default: rents, one notebook)"
    )
    args = parser.parse_args()
    jobs, dataset = args.jobs, args.dataset
    runs = run.load_runs()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        project = copy_project(scratch / "project")
        matrix = project / "notebooks" / "runs.yaml"
        (scratch / "floor").mkdir()
        floor_runs = floor_matrix(scratch / "floor", len(runs))
        floor, _ = batch(floor_runs, scratch / "floor-build", jobs, project)
        cold, _ = batch(matrix, scratch / "build", jobs, project)
        again, _ = batch(matrix, scratch / "build", jobs, project)
        edit_dataset(project, dataset)
        edited, reran = batch(matrix, scratch / "build", jobs, project)
    result = {
        "runs": len(runs),
        "jobs": jobs,
        "cores": os.cpu_count(),
        "cold_s": round(cold, 1),
        "floor_s": round(floor, 1),
        "cold_over_floor": round(cold / floor, 2),
        "no_change_s": round(again, 2),
        "no_change_share_of_cold": f"{again / cold:.1%}",
        "one_dataset_edited": {
            "dataset": dataset,
            "runs_rerun": reran,
            "seconds": round(edited, 1),
            "share_of_cold": f"{edited / cold:.1%}",
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=1))
    print(
        f"\n| runs | jobs | cold | floor | cold / floor | no change | no change / cold |\n"
        f"|---|---|---|---|---|---|---|\n"
        f"| {len(runs)} | {jobs} | {cold:.1f} s | {floor:.1f} s | {cold / floor:.2f} | "
        f"{again:.2f} s | {again / cold:.1%} |\n"
        f"\none dataset edited ({dataset}): {reran} of {len(runs)} runs reran in "
        f"{edited:.1f} s, {edited / cold:.1%} of cold"
    )


if __name__ == "__main__":
    main()
