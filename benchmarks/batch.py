"""Time the batch runner: a cold run, its floor, a rerun with nothing changed, one dataset edited.

    .venv/bin/python benchmarks/batch.py [--jobs N] [--dataset NAME] [--rounds N]
    (or `make benchmark`)

- cold: every run of notebooks/runs.yaml into an empty build folder;
- floor: as many runs of notebooks that only import the library, through the same runner
  (process pool, kernel start, HTML) — what any batch of that size costs before it does
  anything;
- no change: the same command as `cold` again, with nothing changed (everything cached);
- one dataset edited: the same again after one dataset's CSV changed bytes (its line
  endings, so no figure changes) and was rehashed: only the runs that loaded it rerun.

Each is the wall time of `python -m postsoviet.run` as a user starts it, on a scratch copy
of lib/, data/ and notebooks/ (so the edit never touches the project), without writing
back. The four are measured in rounds (default 3), each in fresh build folders, and the
medians reported: on a shared 2-core machine the same floor took 24 to 40 s in successive
tries, so one round proves little. A measurement, not a test: numbers depend on the machine
and what else runs on it; the README quotes runs of this script.
"""

import argparse
import json
import os
import re
import shutil
import statistics
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
    """Change the dataset's bytes, not its figures (its line endings, LF and CRLF in turn),
    and rehash it."""
    entry = yaml.safe_load((project / "data" / "catalog.yaml").read_text())["datasets"][name]
    path = project / "data" / entry["path"]
    text = path.read_bytes()
    if b"\r\n" in text:
        path.write_bytes(text.replace(b"\r\n", b"\n"))
    else:
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


def one_round(project: Path, floor_runs: Path, build: Path, jobs: int, dataset: str) -> dict:
    """Floor, cold, no change and one dataset edited, each into its own empty build folder."""
    matrix = project / "notebooks" / "runs.yaml"
    floor, _ = batch(floor_runs, build / "floor", jobs, project)
    cold, _ = batch(matrix, build / "runs", jobs, project)
    again, _ = batch(matrix, build / "runs", jobs, project)
    edit_dataset(project, dataset)
    edited, reran = batch(matrix, build / "runs", jobs, project)
    return {"floor": floor, "cold": cold, "again": again, "edited": edited, "reran": reran}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=run.default_jobs())
    parser.add_argument(
        "--dataset", default="rents", help="the dataset to edit (default: rents, one notebook)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="repetitions; medians are reported (default: 3)"
    )
    args = parser.parse_args()
    jobs, dataset = args.jobs, args.dataset
    runs = run.load_runs()
    rounds = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        project = copy_project(scratch / "project")
        (scratch / "floor").mkdir()
        floor_runs = floor_matrix(scratch / "floor", len(runs))
        for number in range(args.rounds):
            r = one_round(project, floor_runs, scratch / f"round-{number}", jobs, dataset)
            rounds.append(r)
            print(
                f"round {number + 1}: floor {r['floor']:.1f} s, cold {r['cold']:.1f} s "
                f"({r['cold'] / r['floor']:.2f}), no change {r['again']:.2f} s, {dataset} edited: "
                f"{r['reran']} reran in {r['edited']:.1f} s ({r['edited'] / r['cold']:.1%})",
                flush=True,
            )
    floor, cold, again, edited = (
        statistics.median(r[key] for r in rounds) for key in ("floor", "cold", "again", "edited")
    )
    ratio = statistics.median(r["cold"] / r["floor"] for r in rounds)
    share = statistics.median(r["edited"] / r["cold"] for r in rounds)
    reran = sorted({r["reran"] for r in rounds})
    result = {
        "runs": len(runs),
        "jobs": jobs,
        "cores": os.cpu_count(),
        "rounds": len(rounds),
        "median": {
            "cold_s": round(cold, 1),
            "floor_s": round(floor, 1),
            "cold_over_floor": round(ratio, 2),
            "no_change_s": round(again, 2),
            "one_dataset_edited_s": round(edited, 1),
            "one_dataset_edited_share_of_cold": f"{share:.1%}",
        },
        "dataset": dataset,
        "runs_rerun": reran,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=1))
    print(
        f"\nmedian of {len(rounds)} rounds:\n"
        f"| runs | jobs | cold | floor | cold / floor | no change | one dataset edited |\n"
        f"|---|---|---|---|---|---|---|\n"
        f"| {len(runs)} | {jobs} | {cold:.1f} s | {floor:.1f} s | {ratio:.2f} | "
        f"{again:.2f} s ({again / cold:.1%}) | `{dataset}`: {'/'.join(map(str, reran))} of "
        f"{len(runs)} reran, {edited:.1f} s ({share:.1%} of cold) |"
    )


if __name__ == "__main__":
    main()
