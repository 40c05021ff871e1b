"""What a batch run read under `data/`, so the runner reruns only the runs an edit concerns.

The batch runner names a file in POSTSOVIET_READS (and its data folder in
POSTSOVIET_READS_DATA) for each kernel it starts. Inside that kernel:

- `load()` records `dataset <name>` (the CSV and its catalog entry), `catalog()[name]`
  records `entry <name>`, and listing the catalog records `catalog` (the whole file);
- any other file opened under the data folder (`claims.yaml`, a file a notebook opens
  itself) is seen by an audit hook installed at kernel start and recorded as `file <path>`.

Each line is `kind<TAB>name<TAB>data folder`. Without POSTSOVIET_READS (an interactive
session, nbval, the tests) nothing is recorded. Light on purpose: no pandas, as it is
imported by every kernel the runner starts.
"""

import contextlib
import os
import sys
import threading
from pathlib import Path

ENV = "POSTSOVIET_READS"
DATA_ENV = "POSTSOVIET_READS_DATA"
_state = threading.local()
_seen: set[tuple[str, str, str]] = set()
_installed: list[bool] = []


def _target() -> str | None:
    return os.environ.get(ENV) or None


def record(kind: str, name: str, data_dir: Path | str) -> None:
    """Append one input of this run to the file the runner named (once per input)."""
    target = _target()
    if target is None:
        return
    item = (kind, str(name), str(Path(data_dir).resolve()))
    if item in _seen:
        return
    _seen.add(item)
    with quiet(), Path(target).open("a", encoding="utf-8") as handle:
        handle.write("\t".join(item) + "\n")


@contextlib.contextmanager
def quiet():
    """Reads inside this block are recorded by their caller (load, catalog), not as files."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1


def _hook(event: str, args: tuple) -> None:
    if event != "open" or getattr(_state, "depth", 0) or not args:
        return
    path = args[0]
    if isinstance(path, int) or path is None:
        return
    with quiet():  # resolving or recording must not be seen again
        try:
            path = os.fsdecode(path)
        except TypeError:
            return
        data_dir = os.environ.get(DATA_ENV)
        if not data_dir or (path.startswith(os.sep) and not path.startswith(data_dir)):
            return  # most opens (imports, fonts) are absolute paths elsewhere: no resolve()
        try:
            relative = Path(path).resolve().relative_to(data_dir)
        except (ValueError, OSError):
            return  # not under the data folder
        if relative.as_posix() == "catalog.yaml":
            record("catalog", "", data_dir)
        elif relative.parts:
            record("file", relative.as_posix(), data_dir)


def install() -> None:
    """At kernel start: watch the runner's data folder for reads, if the runner asks."""
    if _target() and os.environ.get(DATA_ENV) and not _installed:
        sys.addaudithook(_hook)  # an audit hook cannot be removed; the kernel ends with the run
        _installed.append(True)


def parse(path: Path) -> list[tuple[str, str, str]]:
    """The inputs a run recorded, in order, without repeats."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts not in items:
            items.append(parts)
    return [tuple(p) for p in items]
