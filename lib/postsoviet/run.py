"""Batch execution of the collection: `python -m postsoviet.run` (what `make run` calls).

Each run of `notebooks/runs.yaml` executes one notebook with one set of parameters through
papermill into `build/runs/<notebook>-<run>/`: the executed notebook, its HTML and the
verdicts it recorded. Runs go N at a time in separate processes (each kernel inherits its
own run's environment, which `claims.check` reads); a failing run does not stop the others;
a run whose inputs did not change since its last success is skipped as cached. The batch
ends with `build/verdicts.json`, `build/verdicts.csv` and `build/index.html` (the scorecard
of the article's claims), writes each notebook's default run back to `notebooks/` in
normal form, and regenerates the README's Findings table.

Cache rule: a run is cached when its notebook's content (sources and cell metadata, not
outputs), its parameters, the library source, the versions of the packages that shape
outputs, and what it read under `data/` last time all hash to what its last successful run
recorded. What it read is recorded by the kernel itself (`postsoviet.reads`): each dataset
it loaded (its CSV and its catalog entry, not the rest of the catalog) and any other file
it opened there (`claims.yaml`). An edit to one dataset therefore reruns only the runs that
loaded it; a run that never ran, or whose record lacks that list, runs.
"""

import argparse
import contextlib
import fnmatch
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from argparse import SUPPRESS
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import yaml

from postsoviet import reads
from postsoviet.files import write_atomic

ROOT = Path(__file__).resolve().parents[2]
# postsoviet.data.DATA_DIR, without importing pandas: a rerun with nothing to do needs neither.
DATA_DIR = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
LIB = Path(__file__).resolve().parent
RECORD = "run.json"  # per run folder: the input key and status of its last execution
READS = "reads.tsv"  # per run folder, while it runs: what the kernel read under data/
# Written into every run folder the runner creates: the runner deletes no folder without it.
MARKER = ".postsoviet-run"
MAX_YAML_NODES = 100_000  # a run matrix expanding beyond this is refused (YAML alias bombs)
MAX_JOBS = 4  # kernel-launch races grow with parallelism (STYLE.md); keep it modest
KERNEL = "python3"
START_TIMEOUT = 120
# Packages whose version changes what a notebook prints or draws, or how it is written.
DISTRIBUTIONS = (
    "pandas",
    "numpy",
    "matplotlib",
    "ipykernel",
    "ipython",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "pyyaml",
    "openpyxl",
)
_NOTEBOOK_NAME = re.compile(r"[0-9]{2}_[a-z0-9_]+")
_RUN_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ENTRY_KEYS = ("notebook", "name", "parameters", "asks")


class RunError(Exception):
    """A run matrix that cannot be executed as written; the message is one sentence."""


@dataclass(frozen=True)
class Run:
    notebook: str
    name: str
    parameters: dict = field(default_factory=dict)
    folder: Path = NOTEBOOKS
    asks: tuple[str, ...] = ()  # a sweep's claims: the questions its parameters change

    @property
    def id(self) -> str:
        return f"{self.notebook}-{self.name}"

    @property
    def source(self) -> Path:
        return self.folder / f"{self.notebook}.ipynb"

    @property
    def is_default(self) -> bool:
        return self.name == "default"


# --- the run matrix -----------------------------------------------------------------------


def load_runs(path: Path = NOTEBOOKS / "runs.yaml", memo: Path | None = None) -> list[Run]:
    """The run matrix, checked against the notebooks before anything runs.

    papermill only warns about a parameter the notebook does not declare and then runs with
    the default, which would publish an answer to a question nobody asked; a value of the
    wrong type fails late or, worse, not at all. Both stop the batch here, in one sentence.
    `memo` is a file that remembers each notebook's declared parameters by content hash, so
    a rerun with nothing changed does not pay for importing papermill.
    """
    runs = [_run(entry, number, path) for number, entry in enumerate(_entries(path), start=1)]
    claim_ids = _claim_ids()  # the scorecard reads claims.yaml too: a broken one stops here
    seen: set[str] = set()
    for run in runs:
        if run.id in seen:
            raise RunError(f"{path.name} lists the run `{run.id}` twice.")
        seen.add(run.id)
        if not run.source.is_file():
            raise RunError(f"{path.name}, run `{run.id}`: there is no notebook {run.source.name}.")
        _check_notebook(run.source)
        if run.is_default and run.parameters:
            raise RunError(
                f"{path.name}, run `{run.id}`: a default run takes the notebook's own "
                "defaults (they are what the committed notebook shows), so it has no parameters."
            )
        _check_asks(run, path.name, claim_ids)
    defaults = {run.notebook for run in runs if run.is_default}
    for notebook in sorted(path.parent.glob("[0-9][0-9]_*.ipynb")):
        if notebook.stem not in defaults:
            raise RunError(f"{path.name} has no `default` run for {notebook.name}.")
    declared = _Declarations(memo)
    for run in runs:
        _check_parameters(run, declared(run.source), path.name)
    declared.save()
    return runs


def _entries(path: Path) -> list:
    if not path.is_file():
        raise RunError(f"The run matrix {path} is missing.")
    try:
        text = path.read_text(encoding="utf-8")
        _check_expansion(text, path.name)
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RunError(f"{path.name} is not valid YAML ({' '.join(str(exc).split())}).") from None
    except UnicodeDecodeError as exc:
        raise RunError(f"{path.name} is not UTF-8 text (byte {exc.start}).") from None
    if not isinstance(document, dict) or not isinstance(document.get("runs"), list):
        raise RunError(f"{path.name} must be a mapping with a list under `runs`.")
    return document["runs"]


def _check_expansion(text: str, name: str) -> None:
    """Refuse a document whose aliases would expand past MAX_YAML_NODES (a "billion laughs").

    The composed node graph shares the node an alias points to, so its expanded size is
    counted here, with memory, before anything is expanded into Python objects.
    """
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int = 0) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > 100:
            raise RunError(f"{name} nests deeper than 100 levels; a run matrix is flat.")
        sizes[id(node)] = 0  # a recursive alias counts once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[id(node)] = min(total, MAX_YAML_NODES + 1)
        return sizes[id(node)]

    if root is not None and size(root) > MAX_YAML_NODES:
        raise RunError(
            f"{name} expands to more than {MAX_YAML_NODES:,} values through its aliases; "
            "refused before expanding it."
        )


def _check_notebook(path: Path) -> None:
    """A committed notebook must be a notebook: JSON with cells (not merge-conflict text)."""
    shown = f"{path.parent.name}/{path.name}"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RunError(f"{shown} is not UTF-8 text (byte {exc.start}).") from None
    except json.JSONDecodeError as exc:
        marked = re.search(r"^<<<<<<< ", exc.doc, flags=re.MULTILINE)
        conflict = " (it holds merge-conflict markers)" if marked else ""
        raise RunError(
            f"{shown} is not a notebook: invalid JSON at line {exc.lineno}{conflict}; "
            f"restore it, e.g. `git checkout {shown}`."
        ) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise RunError(f"{shown} is not a notebook: it has no list of cells.")


def _run(entry: object, number: int, path: Path) -> Run:
    where = f"{path.name}, entry {number}"
    if not isinstance(entry, dict):
        raise RunError(f"{where} must be a mapping with keys {', '.join(_ENTRY_KEYS)}.")
    unknown = sorted(set(entry) - set(_ENTRY_KEYS))
    if unknown:
        raise RunError(f"{where} has the key `{unknown[0]}`; allowed: {', '.join(_ENTRY_KEYS)}.")
    notebook, name = entry.get("notebook"), entry.get("name")
    if not isinstance(notebook, str) or not _NOTEBOOK_NAME.fullmatch(notebook):
        raise RunError(
            f"{where}: `notebook` must name a notebook like 02_exodus, not {notebook!r}."
        )
    if not isinstance(name, str) or not _RUN_NAME.fullmatch(name):
        raise RunError(
            f"{where}: `name` must be lower-case letters, digits and dashes, not {name!r}."
        )
    parameters = entry.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise RunError(f"{where}: `parameters` must be a mapping of name: value.")
    asks = entry.get("asks") or []
    if not isinstance(asks, list) or not all(isinstance(a, str) for a in asks):
        raise RunError(f"{where}: `asks` must be a list of claim ids.")
    return Run(notebook, name, parameters, path.parent, tuple(asks))


def _check_asks(run: Run, matrix: str, claim_ids: set[str]) -> None:
    """A sweep names the claims whose question its parameters change; a default run asks all.

    A sweep without `asks` records no verdict (its notebook still shows what it found).
    """
    if run.is_default and run.asks:
        raise RunError(f"{matrix}, run `{run.id}`: a default run asks every claim; drop `asks`.")
    unknown = [a for a in run.asks if a not in claim_ids]  # parsed once per batch, not per run
    if unknown:
        raise RunError(
            f"{matrix}, run `{run.id}` asks `{unknown[0]}`, which is not in data/claims.yaml."
        )


def _claim_ids() -> set[str]:
    """The claim ids of data/claims.yaml; a file that does not parse is one sentence."""
    from postsoviet.claims import KINDS, registry

    try:
        claims = registry()
        for claim_id, claim in claims.items():
            if claim.get("kind") not in KINDS:  # it is printed into index.html and the README
                raise RunError(
                    f"data/claims.yaml, claim `{claim_id}` has the kind {claim.get('kind')!r}; "
                    f"use one of {', '.join(KINDS)}."
                )
        return set(claims)
    except yaml.YAMLError as exc:
        raise RunError(
            f"data/claims.yaml is not valid YAML ({' '.join(str(exc).split())})."
        ) from None
    except (KeyError, TypeError, AttributeError):
        raise RunError(
            "data/claims.yaml must be a mapping with a list of claims, each with an `id`, "
            "under `claims`."
        ) from None


class _Declarations:
    """`papermill.inspect_notebook()` per notebook, remembered by the notebook's bytes."""

    def __init__(self, memo: Path | None):
        self.memo = memo
        self.known: dict[str, dict[str, str]] = {}
        self.changed = False
        if memo is not None and memo.is_file():
            try:
                known = json.loads(memo.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                known = None
            if isinstance(known, dict) and all(isinstance(v, dict) for v in known.values()):
                self.known = known
            else:  # a truncated or foreign memo is only a cache: rebuild it
                self.changed = True

    def __call__(self, notebook: Path) -> dict[str, str]:
        digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
        key = f"{digest} papermill {_version('papermill')}"
        if key not in self.known:
            _skip_slow_iri_checker()
            import papermill

            inspected = papermill.inspect_notebook(notebook)
            self.known[key] = {n: p["inferred_type_name"] for n, p in inspected.items()}
            self.changed = True
        return self.known[key]

    def save(self) -> None:
        if self.memo is not None and self.changed:
            self.memo.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.memo, json.dumps(self.known, indent=1, sort_keys=True) + "\n")


def _check_parameters(run: Run, declared: dict[str, str], matrix: str) -> None:
    where = f"{matrix}, run `{run.id}`"
    for name, value in run.parameters.items():
        if name not in declared:
            raise RunError(
                f"{where}: {run.notebook} has no parameter `{name}`; "
                f"it declares {', '.join(declared) or 'none'}."
            )
        annotation = declared[name]
        if not accepts(annotation, value):
            raise RunError(
                f"{where}: parameter `{name}` of {run.notebook} is declared `{annotation}`, "
                f"but the matrix gives {value!r} ({type(value).__name__})"
                + ("; quote dates in YAML." if type(value).__name__ == "date" else ".")
            )


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "tuple": (list,),
    "dict": (dict,),
}


def accepts(annotation: str, value: object) -> bool:
    """Whether a YAML value fits a parameter's annotation as papermill reports it.

    Only the outer type is checked (`list[str]` accepts any list); an annotation this
    function does not know, or none at all ("None"), accepts anything rather than guess.
    """
    options = [part.strip() for part in annotation.split("|")]
    if value is None:
        return any(o in ("None", "Optional") or o.startswith("Optional[") for o in options)
    for option in options:
        base = option.split("[", 1)[0].strip().lower()
        if base in ("none", "any", "optional", ""):
            return True
        expected = _PYTHON_TYPES.get(base)
        if expected is None:
            return True
        if isinstance(value, bool) and bool not in expected:
            continue  # YAML `yes` is not a number
        if isinstance(value, expected):
            return True
    return False


def select(runs: list[Run], patterns: Iterable[str]) -> list[Run]:
    """Runs whose id (`02_exodus-default`) or notebook matches one of the glob patterns."""
    patterns = list(patterns)
    if not patterns:
        return runs
    chosen = [
        r
        for r in runs
        if any(fnmatch.fnmatchcase(r.id, p) or fnmatch.fnmatchcase(r.notebook, p) for p in patterns)
    ]
    if not chosen:
        raise RunError(f"No run matches {' or '.join(patterns)}; runs are named like {runs[0].id}.")
    return chosen


# --- the cache key ------------------------------------------------------------------------


def notebook_fingerprint(path: Path) -> str:
    """Hash of what execution reads from a notebook: cells and their metadata, no outputs.

    The default run writes its outputs back into the committed notebook; hashing outputs
    would make that write invalidate the run it came from. papermill adds an empty `tags`
    list to every cell, which changes nothing, so it does not count either.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        {
            "type": cell.get("cell_type"),
            "source": "".join(cell.get("source", "")),
            "metadata": {
                k: v
                for k, v in cell.get("metadata", {}).items()
                if k not in ("execution", "papermill") and not (k == "tags" and not v)
            },
            "id": cell.get("id"),
        }
        for cell in notebook.get("cells", [])
    ]
    return _digest(cells)


def shared_fingerprint(data_dir: Path = DATA_DIR, lib_dir: Path = LIB) -> str:
    """Hash of what every run shares: all files under data/, the library, package versions."""
    parts = []
    for base, pattern in ((data_dir, "**/*"), (lib_dir, "**/*.py")):
        for path in sorted(p for p in base.glob(pattern) if p.is_file()):
            relative = path.relative_to(base).as_posix()
            parts.append([base.name, relative, hashlib.sha256(path.read_bytes()).hexdigest()])
    parts.append(["python", ".".join(map(str, sys.version_info[:3]))])
    parts += [[name, _version(name)] for name in DISTRIBUTIONS]
    return _digest(parts)


def library_fingerprint(lib_dir: Path = LIB) -> str:
    """Hash of what every run shares whatever it reads: the library and package versions."""
    parts = []
    for path in sorted(p for p in lib_dir.glob("**/*.py") if p.is_file()):
        relative = path.relative_to(lib_dir).as_posix()
        parts.append([lib_dir.name, relative, hashlib.sha256(path.read_bytes()).hexdigest()])
    parts.append(["python", ".".join(map(str, sys.version_info[:3]))])
    parts += [[name, _version(name)] for name in DISTRIBUTIONS]
    return _digest(parts)


@dataclass(frozen=True)
class Inputs:
    """The data folder as a batch found it: every file's digest and each catalog entry's.

    `entries` maps a dataset to the digest of its catalog entry and its CSV's path; it is
    empty when the catalog does not parse (every run that loads a dataset then runs, and
    says why).
    """

    data_dir: Path
    files: dict[str, str]
    entries: dict[str, tuple[str, str]]
    elsewhere: dict[str, "Inputs"] = field(default_factory=dict, compare=False)


def snapshot(data_dir: Path = DATA_DIR) -> Inputs:
    """Digest every file under `data_dir` and every entry of its catalog, once per batch."""
    data_dir = data_dir.resolve()
    files = {
        path.relative_to(data_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.glob("**/*"))
        if path.is_file()
    }
    entries: dict[str, tuple[str, str]] = {}
    with contextlib.suppress(Exception):  # a broken catalog: load() says why, in the run
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        text = (data_dir / "catalog.yaml").read_text(encoding="utf-8")
        for name, entry in yaml.load(text, Loader=loader)["datasets"].items():
            entries[str(name)] = (_digest(entry), str(entry.get("path")))
    return Inputs(data_dir, files, entries)


def read_digest(item: list[str], inputs: Inputs) -> object:
    """The digest now of one recorded input (`[kind, name]`, or with a third element, the
    data folder when it is not the batch's); None when it is gone."""
    kind, name = item[0], item[1]
    if len(item) > 2:  # another data folder: digested once per batch, when first needed
        if item[2] not in inputs.elsewhere:
            folder = Path(item[2])
            other = snapshot(folder) if folder.is_dir() else Inputs(folder, {}, {})
            inputs.elsewhere[item[2]] = other
        inputs = inputs.elsewhere[item[2]]
    if kind == "dataset":
        entry = inputs.entries.get(name)
        return entry and [entry[0], inputs.files.get(entry[1])]
    if kind == "entry":
        entry = inputs.entries.get(name)
        return entry and entry[0]
    if kind == "catalog":
        return inputs.files.get("catalog.yaml")
    if kind == "file":
        return inputs.files.get(name)
    return None  # an input this runner does not know: never current


def full_key(base: str, read: list[list[str]], inputs: Inputs) -> str:
    """The key of a run that read `read`: its own inputs and the digests of what it read."""
    return _digest({"run": base, "read": [[*item, read_digest(item, inputs)] for item in read]})


def recorded_reads(path: Path, data_dir: Path) -> list[list[str]]:
    """What the kernel recorded, relative to the batch's data folder where it read there."""
    mine = str(data_dir.resolve())
    items = []
    for kind, name, folder in reads.parse(path) if path.is_file() else []:
        item = [kind, name] if folder == mine else [kind, name, folder]
        if item not in items:
            items.append(item)
    return sorted(items)


def run_key(run: Run, shared: str) -> str:
    """The input key of one run before what it reads: its notebook, parameters, the library."""
    return _digest(
        {
            "run": run.id,
            "notebook": notebook_fingerprint(run.source),
            "parameters": run.parameters,
            "asks": run.asks,
            "shared": shared,
        }
    )


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


# --- executing one run ----------------------------------------------------------------------


def normalise(notebook: dict) -> dict:
    """The committed form of an executed notebook, the same on every machine and every run.

    Drops what papermill and the kernel stamp on each execution (timestamps, durations,
    absolute paths, the Python patch version), numbers the code cells 1..n and names the
    kernel `python3`, so writing a rerun back to notebooks/ changes nothing when nothing
    changed. No nbstripout: it nulls execution counts, and nbval then fails every cell.
    """
    metadata_ = notebook.setdefault("metadata", {})
    metadata_.pop("papermill", None)
    metadata_.get("language_info", {}).pop("version", None)
    metadata_["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": KERNEL,
    }
    count = 0
    for cell in notebook.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "code":
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
    return notebook


# Run by each batch kernel at start, after the network guard: record reads under data/.
READS_STARTUP = "import postsoviet.reads as _reads; _reads.install(); del _reads"


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


def execute(
    run: Run,
    output: Path,
    verdicts: Path | None,
    *,
    papermill_execute: Callable | None = None,
    read_log: Path | None = None,
    data_dir: Path = DATA_DIR,
) -> int:
    """Execute one run with papermill, write the normalised notebook to `output`.

    Returns the number of attempts. A second attempt is made only when the kernel never
    became ready (a launch race or a slow start on a busy machine); an error once the
    notebook runs is the notebook's answer and is not retried.
    """
    _skip_slow_iri_checker()
    import nbformat
    import papermill

    from postsoviet import offline
    from postsoviet.claims import ASKS_ENV, NOTEBOOK_ENV, RUN_ENV, VERDICTS_ENV

    papermill_execute = papermill_execute or papermill.execute_notebook
    output.parent.mkdir(parents=True, exist_ok=True)
    env = {RUN_ENV: run.name, NOTEBOOK_ENV: run.notebook, offline.ENV: "1"}
    env[ASKS_ENV] = ",".join(run.asks)
    if verdicts is not None:
        env[VERDICTS_ENV] = str(verdicts)
    if read_log is not None:  # the kernel records what it reads under data/ there
        env[reads.ENV], env[reads.DATA_ENV] = str(read_log), str(data_dir.resolve())
    started: list[bool] = []  # set by nbclient once the kernel answered
    for attempt in (1, 2):
        started.clear()
        try:
            with _environment(**env):
                executed = papermill_execute(
                    str(run.source),
                    str(output),
                    parameters=run.parameters,
                    kernel_name=KERNEL,
                    cwd=str(run.folder),
                    progress_bar=False,
                    start_timeout=START_TIMEOUT,
                    on_notebook_start=lambda **_: started.append(True),
                    config=_kernel_config(),
                    # The kernel's own log (not the notebook's output) would interleave on
                    # stderr, e.g. the harmless interrupt jupyter_client sends before shutdown.
                    # The network guard is in place before any notebook code runs.
                    extra_arguments=[
                        "--IPKernelApp.log_level=CRITICAL",
                        f"--IPKernelApp.exec_lines={offline.KERNEL_STARTUP}; {READS_STARTUP}",
                    ],
                )
        except Exception:
            if started or attempt == 2:
                if output.is_file():  # papermill saved it with the error; keep it readable
                    failed = nbformat.read(output, as_version=4)
                    _sentence_first(failed, sys.exc_info()[1])
                    nbformat.write(normalise(failed), output)
                raise
            continue
        nbformat.write(normalise(executed), output)
        return attempt
    raise AssertionError("unreachable")  # pragma: no cover


def _sentence_first(notebook, exc: BaseException | None) -> None:
    """Put the error's sentence into papermill's red banner at the top of a failed notebook,
    so a reader sees what went wrong before the traceback further down."""
    if exc is None or not hasattr(exc, "ename"):
        return
    import html

    for cell in notebook.get("cells", [])[:3]:
        if "An Exception was encountered at" in "".join(cell.get("source", "")):
            cell["source"] = (
                "".join(cell["source"]).rstrip()
                + f"\n\n<b>{html.escape(_failure(exc), quote=False)}</b>\n"
            )
            return


def _kernel_config():
    """Encrypt kernel traffic when pyzmq can: safer, and ipykernel stops warning on stderr."""
    import zmq
    from traitlets.config import Config

    policy = "auto" if zmq.has("curve") else "disabled"
    return Config({"KernelManager": {"transport_encryption": policy}})


def render_html(notebook: Path, target: Path) -> None:
    """The executed notebook as HTML a browser shows offline (no CDN scripts)."""
    _skip_slow_iri_checker()
    import jinja2
    import nbconvert
    import nbformat

    offline = (
        "{%- extends 'lab/index.html.j2' -%}\n"
        "{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}\n"
        "{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}\n"
        "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
        # Charts carry alt text (plot.describe) in their output metadata.
        "{% block data_png scoped %}<div class='jp-RenderedImage jp-OutputArea-output'>"
        "<img src='data:image/png;base64,{{ output.data['image/png'] | escape_html }}' "
        "alt='{{ output | get_metadata('alt', 'image/png') | escape_html }}'></div>"
        "{% endblock data_png %}\n"
        # The lab template passes each code cell's pygments markup through bleach as well,
        # a third of the rendering time; the markup is pygments' escaped rendering of our
        # own source, so there is nothing to sanitize.
        "{% block input %}\n<div class='jp-CodeMirrorEditor jp-Editor jp-InputArea-editor' "
        "data-type='inline'>\n<div class='cm-editor cm-s-jupyter'>\n"
        "{{ cell.source | highlight_code(metadata=cell.metadata) }}\n"
        "</div>\n</div>\n{%- endblock input %}\n"
    )
    exporter = nbconvert.HTMLExporter(
        template_name="lab", extra_loaders=[jinja2.DictLoader({"offline.html.j2": offline})]
    )
    exporter.template_file = "offline.html.j2"
    body, _ = exporter.from_notebook_node(
        nbformat.read(notebook, as_version=4), resources={"metadata": {"name": notebook.stem}}
    )
    target.write_text(body, encoding="utf-8")


def _skip_slow_iri_checker() -> None:
    """Keep jsonschema from importing `rfc3987_syntax`, which costs 2-3 s per process.

    nbformat imports jsonschema, and jsonschema 4.26 builds a lark grammar for its optional
    `iri` format checker at import (python-jsonschema/jsonschema#1428); notebooks have no
    IRI fields, so without it validation is unchanged and every worker starts 2 s sooner.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


@dataclass(frozen=True)
class Outcome:
    """What happened to one run: `ok`, `cached`, `failed`, `skipped` (not selected),
    `interrupted` (stopped by Ctrl-C or SIGTERM) or `cancelled` (queued, never started)."""

    run: str
    status: str
    seconds: float = 0.0
    error: str | None = None
    output: Path | None = None
    attempts: int = 0
    note: str | None = None  # e.g. why a run that looked cached ran again
    key: str | None = None  # the input key of its last success (what it read included)


def _failure(exc: BaseException) -> str:
    name, value = type(exc).__name__, str(exc)
    if hasattr(exc, "ename") and hasattr(exc, "evalue"):  # PapermillExecutionError
        name, value = exc.ename, exc.evalue
    first = value.strip().splitlines()[0] if value.strip() else ""
    return f"{name}: {first}" if first else name


def outputs_of(run: Run, folder: Path) -> list[Path]:
    """The files a successful run leaves, which the cache hands back."""
    return [folder / run.source.name, folder / f"{run.notebook}.html", folder / "verdicts.json"]


def _file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _prepare(folder: Path) -> None:
    """An empty run folder, marked as the runner's; refuse to empty one it did not create."""
    if folder.exists():
        if not is_ours(folder):
            raise RunError(
                f"{folder} exists but was not created by the runner (it has no {MARKER}); "
                "move it away or choose another --build folder."
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("created by python -m postsoviet.run\n", encoding="utf-8")


def is_ours(folder: Path) -> bool:
    """Whether `folder` is a run folder the runner created (its marker, or a record of ours)."""
    if (folder / MARKER).is_file():
        return True
    record = _previous(folder)  # run folders written before the marker existed
    return {"key", "status", "seconds"} <= set(record)


# Set in worker processes: a SIGTERM there stops the current run (see _stop_worker).
_worker = {"in_pool": False, "busy": False, "stopping": False}


def execute_into(run: Run, folder: Path, base: str, inputs: Inputs) -> Outcome:
    """One job of the batch (runs in a worker process): execute, render, record.

    The record with the input key (`base` and the digests in `inputs`, the data folder as
    the batch found it, of what the run read), the list of what it read and the digests of
    the outputs is written last, so an interrupted or failed run is never mistaken for a
    cached one, and a cached output that changed afterwards (truncated, edited by hand) is
    noticed before it is reused.
    """
    if _worker["stopping"]:
        return Outcome(run.id, "cancelled", output=folder / run.source.name)
    started = time.monotonic()
    _worker["busy"] = True
    try:
        try:
            _prepare(folder)
        except (RunError, OSError) as exc:
            return Outcome(run.id, "failed", 0.0, _one_line(exc), folder / run.source.name)
        output = folder / run.source.name
        verdicts = folder / "verdicts.json"
        verdicts.write_text('{"verdicts": []}\n', encoding="utf-8")
        read_log = folder / READS
        status, error, attempts = "ok", None, 0
        try:
            attempts = execute(run, output, verdicts, read_log=read_log, data_dir=inputs.data_dir)
        except Exception as exc:  # one broken notebook must not stop the batch
            status, error = "failed", _failure(exc)
        read = recorded_reads(read_log, inputs.data_dir)
        read_log.unlink(missing_ok=True)
        if status == "ok":
            error = missing_numbers(verdicts)
            status = "failed" if error else status
        if output.is_file():
            try:
                render_html(output, output.with_suffix(".html"))
            except Exception as exc:
                status, error = "failed", error or f"rendering HTML: {_failure(exc)}"
        seconds = time.monotonic() - started
        key = full_key(base, read, inputs) if status == "ok" else None
        record = {"key": key, "status": status, "seconds": seconds}
        if status == "ok":
            record["read"] = read
            record["outputs"] = {p.name: _file_digest(p) for p in outputs_of(run, folder)}
        write_atomic(folder / RECORD, json.dumps(record, indent=1) + "\n")
        return Outcome(run.id, status, seconds, error, output, attempts, key=key)
    except KeyboardInterrupt:
        # The interrupted client logs that its kernel died, with tracebacks; the batch
        # reports the interrupt in one line instead.
        logging.disable(logging.CRITICAL)
        if _worker["in_pool"]:
            sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - for the rest of this worker
        _stop_kernels()
        seconds = time.monotonic() - started
        record = {"key": None, "status": "interrupted", "seconds": seconds}
        if folder.is_dir():
            write_atomic(folder / RECORD, json.dumps(record, indent=1) + "\n")
        if not _worker["in_pool"]:
            raise
        return Outcome(run.id, "interrupted", seconds, "interrupted", folder / run.source.name)
    finally:
        _worker["busy"] = False


_MISSING = re.compile(r"(?<![A-Za-z])(nan|NaN|NaT|<NA>)(?![A-Za-z])")


def missing_numbers(verdicts: Path) -> str | None:
    """The sentence for a recorded verdict whose text shows a missing number, else None.

    A verdict reading "within nan–nan" or "measured NaN" was computed from a value that
    was not there; it must fail the run, not reach the scorecard.
    """
    try:
        records = json.loads(verdicts.read_text(encoding="utf-8")).get("verdicts", [])
    except (OSError, ValueError, AttributeError):
        return f"{verdicts.name} is not readable JSON after the run."

    def texts(value: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, float) and value != value:
            yield where, "NaN"
        elif isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from texts(item, key)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from texts(item, where)

    for record in records if isinstance(records, list) else []:
        fields = {k: v for k, v in record.items() if k not in ("sources", "claim", "notebook")}
        for where, text in texts(fields, "verdict"):
            if _MISSING.search(text):
                shown = text if len(text) <= 80 else text[:77] + "..."
                return (
                    f"the verdict on `{record.get('claim')}` shows a missing number in its "
                    f"{where} ({shown!r}); the data it needs were empty or absent."
                )
    return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _stop_kernels() -> None:
    """Stop the kernels this process started (they run in their own session, so a Ctrl-C
    at the terminal does not reach them, and an interrupted papermill cannot shut them)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - ipykernel depends on psutil
        return
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(Exception):  # already gone
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        with contextlib.suppress(Exception):  # already gone
            child.kill()


def _stop_worker(signum, frame) -> None:
    """SIGTERM in a worker: stop the run in progress; later jobs return `cancelled`."""
    if _worker["stopping"]:
        return
    _worker["stopping"] = True
    logging.disable(logging.CRITICAL)  # the interrupted client's complaints are not news
    if _worker["busy"]:
        raise KeyboardInterrupt


def _warm_worker() -> None:
    """Import the heavy modules once per worker, not once per run; stop on SIGTERM only.

    A Ctrl-C at the terminal reaches every process of the group; the workers ignore it
    and let the main process decide, which stops them with SIGTERM.
    """
    _worker["in_pool"] = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _skip_slow_iri_checker()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


# --- the batch --------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may use (a container may allow fewer than the machine has)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_JOBS, cores or 1))


def _previous(folder: Path) -> dict:
    path = folder / RECORD
    if not path.is_file():
        return {}
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return record if isinstance(record, dict) else {}


def is_current(run: Run, folder: Path, base: str, inputs: Inputs) -> bool:
    """Whether the last run in `folder` succeeded with these inputs and left its outputs."""
    return cache_state(run, folder, base, inputs)[0]


def cache_state(run: Run, folder: Path, base: str, inputs: Inputs) -> tuple[bool, str | None]:
    """Whether the cache may hand back this run, and if not for a damaged output, why.

    A run is current when its record lists what it read and its key is the one `base` and
    the current digests of those reads give, and every output still has the digest
    recorded at the run's success. An output that is missing or differs (truncated, edited
    by hand) is reported, and the run executes again.
    """
    record = _previous(folder)
    read = record.get("read")
    if not isinstance(read, list) or not all(
        isinstance(i, list) and len(i) in (2, 3) and all(isinstance(p, str) for p in i)
        for i in read
    ):
        return False, None  # never ran, failed, or recorded before reads were tracked
    if record.get("key") != full_key(base, read, inputs):
        return False, None
    if not isinstance(record.get("outputs"), dict):
        return False, None
    for path in outputs_of(run, folder):
        digest = _file_digest(path)
        if digest is None:
            return False, f"its cached {path.name} is missing; ran again"
        if digest != record["outputs"].get(path.name):
            return False, f"its cached {path.name} changed since its run; ran again"
    return True, None


def run_all(
    runs: list[Run],
    *,
    build: Path = BUILD,
    selected: list[Run] | None = None,
    jobs: int | None = None,
    force: bool = False,
    write_back: bool = True,
    on_done: Callable[[Outcome, int, int], None] | None = None,
    data_dir: Path = DATA_DIR,
) -> list[Outcome]:
    """Execute the selected runs (all by default), then publish build/ from every run.

    Returns one outcome per run of the matrix, in matrix order; runs left out by `selected`
    are `cached` when their last output is still current and `skipped` otherwise.
    """
    selected = runs if selected is None else selected
    inputs = snapshot(data_dir)
    library = library_fingerprint()
    shared = _digest([library, inputs.files])
    keys = {run.id: run_key(run, library) for run in runs}
    folders = {run.id: build / "runs" / run.id for run in runs}
    outcomes: dict[str, Outcome] = {}
    todo, notes = [], {}
    for run in runs:
        output = folders[run.id] / run.source.name
        current, notes[run.id] = cache_state(run, folders[run.id], keys[run.id], inputs)
        if current and (run not in selected or not force):
            key = _previous(folders[run.id]).get("key")
            outcomes[run.id] = Outcome(run.id, "cached", output=output, key=key)
        elif run not in selected:
            outcomes[run.id] = Outcome(run.id, "skipped", output=output, note=notes[run.id])
        else:
            todo.append(run)
    done = 0
    for run in runs:
        if run in selected and run.id in outcomes:
            done += 1
            if on_done:
                on_done(outcomes[run.id], done, len(selected))
    # Longest first, by the last recorded duration, so the slowest run does not start last.
    todo.sort(key=lambda r: -_number(_previous(folders[r.id]).get("seconds"), float("inf")))
    stopped: list[Outcome] = []
    executing = _execute(todo, folders, keys, inputs, jobs or default_jobs(), stopped)
    try:
        for outcome in executing:
            if notes.get(outcome.run) and outcome.note is None:
                outcome = replace(outcome, note=notes[outcome.run])
            if outcome.status in ("interrupted", "cancelled"):  # a worker stopped from outside
                outcome = replace(outcome, status="failed", error="its worker was stopped")
            outcomes[outcome.run] = outcome
            done += 1
            if on_done:
                on_done(outcome, done, len(selected))
    except KeyboardInterrupt:
        executing.close()  # stops the pool if the interrupt arrived outside the generator
        finished = [outcomes[r.id] for r in runs if r in selected and r.id in outcomes]
        raise Interrupted(finished, stopped, len(selected)) from None
    ordered = [outcomes[run.id] for run in runs]
    _remove_orphans(build / "runs", set(folders.values()))
    if write_back:  # only what was asked for: --only 02_exodus-geo leaves 02_exodus alone
        chosen = [r for r in runs if r in selected]
        _write_back(chosen, [outcomes[r.id] for r in chosen])
    # The scorecard depends only on which runs are current, their keys and errors (claims.yaml
    # and the report code are in `shared`): when a rerun changed none, build/ already holds
    # what it would write, and the rerun skips importing the report's dependencies (pandas).
    state = [[o.run, o.key, o.status in ("ok", "cached"), o.error] for o in ordered]
    published = [build / name for name in ("verdicts.json", "verdicts.csv", "index.html")]
    marker = build / "cache" / "published"
    if not (_recalled(marker) == _digest([shared, state]) and all(p.is_file() for p in published)):
        from postsoviet import report

        report.publish(runs, ordered, build)
        _remember(marker, _digest([shared, state]))
    return ordered


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) else default


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a batch: what finished, what was stopped, what never ran."""

    def __init__(self, finished: list[Outcome], stopped: list[Outcome], total: int):
        self.finished, self.stopped, self.total = finished, stopped, total
        super().__init__(self.sentence())

    def sentence(self) -> str:
        done = sum(o.status in ("ok", "cached") for o in self.finished)
        failed = sum(o.status == "failed" for o in self.finished)
        names = ", ".join(o.run for o in self.stopped) or "none"
        queued = self.total - len(self.finished) - len(self.stopped)
        return (
            f"Interrupted: {done} of {self.total} runs finished"
            + (f" ({failed} more failed)" if failed else "")
            + f", {len(self.stopped)} stopped ({names}), {queued} not started; "
            "build/ keeps only the runs that finished, and nothing was written back."
        )


def _recalled(marker: Path) -> str | None:
    try:
        return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
    except UnicodeDecodeError:
        return None


def _remember(marker: Path, digest: str) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(marker, digest + "\n")


def update_readme(readme: Path = ROOT / "README.md", build: Path = BUILD) -> None:
    """Regenerate the README's Findings from the committed notebooks, unless nothing changed."""
    marker = build / "cache" / "readme"

    def state() -> str:
        files = [readme, *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
        files += [NOTEBOOKS / "known_at_publication.json"] * (
            NOTEBOOKS / "known_at_publication.json"
        ).is_file()
        hashes = [[p.name, hashlib.sha256(p.read_bytes()).hexdigest()] for p in files]
        return _digest([shared_fingerprint(), hashes])

    if _recalled(marker) != state():
        from postsoviet import report

        report.update_readme(readme, NOTEBOOKS)
        _remember(marker, state())


def _execute(
    todo: list[Run],
    folders: dict[str, Path],
    keys: dict[str, str],
    inputs: Inputs,
    jobs: int,
    stopped: list[Outcome] | None = None,
) -> Iterator[Outcome]:
    """Yield outcomes as runs finish; separate processes when more than one runs at once.

    On Ctrl-C (KeyboardInterrupt, also raised for SIGTERM by `main`), queued runs are
    cancelled, running ones are stopped with their kernels and appended to `stopped`, and
    the KeyboardInterrupt goes on to the caller.
    """
    stopped = [] if stopped is None else stopped
    workers = min(jobs, len(todo))
    if workers <= 1:
        for run in todo:
            try:
                yield execute_into(run, folders[run.id], keys[run.id], inputs)
            except KeyboardInterrupt:
                stopped.append(Outcome(run.id, "interrupted", output=folders[run.id]))
                raise
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding zmq sockets
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker)
    futures = {
        pool.submit(execute_into, run, folders[run.id], keys[run.id], inputs): run for run in todo
    }
    try:
        for future in as_completed(futures):
            run = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died
                output = folders[run.id] / run.source.name
                yield Outcome(run.id, "failed", error=_failure(exc), output=output)
    except BaseException:
        stopped += _stop_pool(pool, futures)
        raise
    pool.shutdown()


def _stop_pool(pool: ProcessPoolExecutor, futures: dict) -> list[Outcome]:
    """Cancel what is queued, stop what runs (each worker stops its kernel), wait briefly."""
    from concurrent.futures import wait

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
    try:
        for future in futures:
            future.cancel()
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(Exception):  # already gone
                process.terminate()  # SIGTERM: the worker's handler stops its run
        running = [f for f in futures if not f.cancelled() and not f.done()]
        wait(running, timeout=30)
        stopped = []
        for future in running:
            outcome = None
            if future.done() and future.exception() is None:
                outcome = future.result()
            if outcome is None or outcome.status != "cancelled":
                stopped.append(Outcome(futures[future].id, "interrupted"))
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        return stopped
    finally:
        signal.signal(signal.SIGINT, previous)


def _remove_orphans(runs_folder: Path, kept: set[Path]) -> None:
    """Drop the outputs of runs no longer in the matrix, so build/ shows only what it lists.

    Only folders the runner created (named like a run and marked as its own) are removed:
    `--build` may point anywhere, and whatever else lives there is not ours to delete.
    """
    if runs_folder.is_dir():
        for folder in runs_folder.iterdir():
            if (
                folder.is_dir()
                and not folder.is_symlink()
                and folder not in kept
                and re.fullmatch(r"[0-9]{2}_[a-z0-9_]+-[a-z0-9][a-z0-9_-]*", folder.name)
                and is_ours(folder)
            ):
                shutil.rmtree(folder)


def _write_back(runs: list[Run], outcomes: list[Outcome]) -> list[Path]:
    """Copy each successful default run over its committed notebook when they differ."""
    written = []
    for run, outcome in zip(runs, outcomes, strict=True):
        if not run.is_default or outcome.status not in ("ok", "cached"):
            continue
        fresh = outcome.output.read_bytes()
        if not run.source.is_file() or run.source.read_bytes() != fresh:
            write_atomic(run.source, fresh)
            written.append(run.source)
    return written


# --- the command line ---------------------------------------------------------------------------


def _shown(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _progress_line(outcome: Outcome, done: int, total: int) -> None:
    width = len(str(total))
    seconds = f"{outcome.seconds:6.1f} s" if outcome.status != "cached" else " " * 8
    retry = " (kernel restarted once)" if outcome.attempts > 1 else ""
    retry += f" ({outcome.note})" if outcome.note else ""
    print(f"[{done:>{width}}/{total}] {outcome.status:<7} {seconds}  {outcome.run}{retry}")
    sys.stdout.flush()


def _ran_line(outcome: Outcome, done: int, total: int) -> None:
    if outcome.status != "cached":
        _progress_line(outcome, done, total)


def summarise(outcomes: list[Outcome], seconds: float, build: Path) -> tuple[str, list[str]]:
    """One line for the batch, and one line per failure naming its output notebook."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "cached", "failed")}
    skipped = sum(o.status == "skipped" for o in outcomes)
    line = (
        f"{len(outcomes)} runs: {counts['ok']} ran, {counts['cached']} cached, "
        f"{counts['failed']} failed"
        + (f", {skipped} not selected" if skipped else "")
        + f" in {seconds:.1f} s; scorecard {_shown(build / 'index.html')}"
    )
    failures = [
        f"FAILED {o.run}: {o.error}\n  output: {_shown(o.output)}"
        for o in outcomes
        if o.status == "failed"
    ]
    return line, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m postsoviet.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="runs at once (default: cores, max 4)"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="run only runs whose id or notebook matches this glob, e.g. '02_*' or '*-default'",
    )
    parser.add_argument("--force", action="store_true", help="rerun even cached runs")
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="re-execute every notebook's default run and write it back (= --only '*-default' "
        "--force)",
    )
    # For tests and the benchmark: another matrix, another build folder, no write-back.
    parser.add_argument("--matrix", type=Path, default=NOTEBOOKS / "runs.yaml", help=SUPPRESS)
    parser.add_argument("--build", type=Path, default=BUILD, help=SUPPRESS)
    parser.add_argument("--no-write-back", action="store_true", help=SUPPRESS)
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.in_place:
        args.only, args.force = [*args.only, "*-default"], True
    started = time.monotonic()
    previous = signal.signal(signal.SIGTERM, _interrupt), signal.signal(signal.SIGINT, _interrupt)
    try:
        return _main(args, started)
    except RunError as exc:
        print(f"RunError: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(exc.sentence(), file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(
            "Interrupted outside the runs (checking the matrix, writing back or publishing); "
            "every file written is whole, and a rerun finishes the work.",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:
        print(f"RunError: {_unwritable(exc, args.build)}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
        logging.disable(logging.NOTSET)


def _interrupt(signum, frame) -> None:
    """Ctrl-C or SIGTERM: stop the batch once (a second signal changes nothing).

    Logging stops first: papermill and nbclient, unwinding, would log that the kernel died,
    with tracebacks, while the batch reports the interrupt in one line.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


def _unwritable(exc: OSError, build: Path) -> str:
    where = exc.filename or build
    reason = exc.strerror or str(exc)
    return (
        f"cannot write {where} ({reason}); free space or make it writable, then run again "
        "(the files already there are whole)."
    )


def _main(args: argparse.Namespace, started: float) -> int:
    if args.build.exists() and not args.build.is_dir():
        raise RunError(f"--build {args.build} is a file, not a folder.")
    runs = load_runs(args.matrix, memo=args.build / "cache" / "parameters.json")
    selected = select(runs, args.only)
    progress = sys.stdout.isatty()
    if progress:
        print(f"{len(selected)} runs, up to {args.jobs} at a time, into {_shown(args.build)}/")
    outcomes = run_all(
        runs,
        build=args.build,
        selected=selected,
        jobs=args.jobs,
        force=args.force,
        write_back=not args.no_write_back,
        # A log or CI is not a terminal: there, one line per run that executed (a cold batch
        # is otherwise silent for minutes), none for the cached ones.
        on_done=_progress_line if progress else _ran_line,
    )
    if not args.no_write_back and args.matrix.parent == NOTEBOOKS:
        from postsoviet import report

        report.write_then(args.build, NOTEBOOKS)
        update_readme(build=args.build)
    line, failures = summarise(outcomes, time.monotonic() - started, args.build)
    print(line)
    for outcome in outcomes:
        if outcome.note:
            print(f"NOTE {outcome.run}: {outcome.note}.", file=sys.stderr)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
