"""Batch execution of the collection: `python -m postsoviet.run` (what `make run` calls).

Each run of `notebooks/runs.yaml` executes one notebook with one set of parameters into
`build/runs/<run>/`, collecting its verdicts; then all verdicts go to
`build/verdicts.json`. A failing run does not stop the others. With `--in-place` the
committed notebooks are re-executed with their defaults and written back, which is how
their stored outputs (checked by nbval) are refreshed after a change.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
import yaml

from postsoviet import offline
from postsoviet.claims import NOTEBOOK_ENV, RUN_ENV, VERDICTS_ENV

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"


class RunError(Exception):
    """A run matrix that cannot be executed as written; the message is one sentence."""


@dataclass(frozen=True)
class Run:
    notebook: str
    name: str
    parameters: dict = field(default_factory=dict)
    folder: Path = NOTEBOOKS

    @property
    def id(self) -> str:
        return f"{self.notebook}-{self.name}"

    @property
    def source(self) -> Path:
        return self.folder / f"{self.notebook}.ipynb"


def load_runs(path: Path = NOTEBOOKS / "runs.yaml") -> list[Run]:
    """The run matrix, with every parameter name checked against its notebook.

    papermill only warns about a parameter the notebook does not declare and then runs
    with the default, which would publish a result for a question nobody asked.
    """
    if not path.is_file():
        raise RunError(f"The run matrix {path} is missing.")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]
    runs = [Run(**entry, folder=path.parent) for entry in entries]
    seen = set()
    for run in runs:
        if run.id in seen:
            raise RunError(f"{path.name} lists the run `{run.id}` twice.")
        seen.add(run.id)
        if not run.source.is_file():
            raise RunError(f"{path.name}, run `{run.id}`: there is no notebook {run.source.name}.")
        declared = papermill.inspect_notebook(run.source)
        unknown = sorted(set(run.parameters) - set(declared))
        if unknown:
            raise RunError(
                f"{path.name}, run `{run.id}`: {run.notebook} has no parameter "
                f"`{unknown[0]}`; it declares {', '.join(declared)}."
            )
    return runs


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every execution (timestamps, durations) so reruns diff cleanly."""
    notebook.metadata.pop("papermill", None)
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    count = 0
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
    return notebook


@contextmanager
def _environment(**values: str):
    """Variables the kernel inherits, so `claims.check` knows where to record verdicts."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def execute(run: Run, output: Path, verdicts: Path | None) -> None:
    """Execute one run with papermill and write the cleaned notebook to `output`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    env = {RUN_ENV: run.name, NOTEBOOK_ENV: run.notebook, offline.ENV: "1"}
    if verdicts is not None:
        verdicts.unlink(missing_ok=True)
        env[VERDICTS_ENV] = str(verdicts)
    with _environment(**env):
        executed = papermill.execute_notebook(
            str(run.source),
            str(output),
            parameters=run.parameters,
            kernel_name="python3",
            cwd=str(run.folder),
            progress_bar=False,
            start_timeout=120,
        )
    nbformat.write(clean(executed), output)


def _failure(exc: Exception) -> str:
    if isinstance(exc, papermill.PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def run_all(runs: list[Run], build: Path = BUILD) -> list[tuple[Run, str]]:
    """Execute every run into build/runs/, then gather all verdicts into build/verdicts.json."""
    failures = []
    for number, run in enumerate(runs, start=1):
        folder = build / "runs" / run.id
        started = time.monotonic()
        print(f"[{number}/{len(runs)}] {run.id} ...", end=" ", flush=True)
        try:
            execute(run, folder / f"{run.notebook}.ipynb", folder / "verdicts.json")
        except Exception as exc:  # one broken notebook must not stop the batch
            failures.append((run, _failure(exc)))
            print("FAILED")
            continue
        print(f"ok ({time.monotonic() - started:.0f} s)")
    verdicts = []
    for run in runs:
        path = build / "runs" / run.id / "verdicts.json"
        if path.exists():
            verdicts += json.loads(path.read_text(encoding="utf-8"))["verdicts"]
    (build / "verdicts.json").write_text(
        json.dumps({"verdicts": verdicts}, indent=2) + "\n", encoding="utf-8"
    )
    return failures


def refresh_committed(runs: list[Run]) -> list[tuple[Run, str]]:
    """Re-execute each notebook's default run and store its outputs in notebooks/."""
    failures = []
    for run in (r for r in runs if r.name == "default"):
        print(f"refreshing {run.source.name} ...", flush=True)
        with tempfile.TemporaryDirectory() as scratch:
            try:
                execute(run, Path(scratch) / run.source.name, None)
            except Exception as exc:
                failures.append((run, _failure(exc)))
                continue
            run.source.write_bytes((Path(scratch) / run.source.name).read_bytes())
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m postsoviet.run", description=__doc__)
    parser.add_argument(
        "--in-place", action="store_true", help="refresh the committed notebooks' outputs"
    )
    args = parser.parse_args(argv)
    try:
        runs = load_runs()
    except RunError as exc:
        print(f"RunError: {exc}", file=sys.stderr)
        return 2
    failures = refresh_committed(runs) if args.in_place else run_all(runs)
    for run, reason in failures:
        print(f"FAILED {run.id}: {reason}", file=sys.stderr)
    if not args.in_place and not failures:
        print(f"{len(runs)} runs ok; verdicts in {BUILD / 'verdicts.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
