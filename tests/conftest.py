"""Shared fixtures: a small, valid data folder the tests can damage one way at a time."""

import os
import shutil
from pathlib import Path

import pytest

from postsoviet import offline
from postsoviet.data import DATA_DIR, sha256
from sample_data import CATALOG, GOOD_CSV

# Library tests, and any kernel they start, run with the network switched off; kernels
# (nbval's, papermill's) install the guard at startup, before any notebook cell runs.
os.environ[offline.ENV] = "1"
os.environ["PYTHONSTARTUP"] = str(Path(offline.__file__).with_name("kernel_startup.py"))
offline.guard()


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker per core this process may use (a container may allow fewer
    than the machine has, which is what xdist would count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Folder:
    """A data folder in tmp_path; `write()` replaces the CSV and, by default, its checksum."""

    def __init__(self, root: Path):
        self.root = root / "data"
        (self.root / "theme").mkdir(parents=True)
        self.csv = self.root / "theme" / "sample.csv"
        self.write(GOOD_CSV)

    def write(self, text: str | bytes, rehash: bool = True) -> None:
        if isinstance(text, bytes):
            self.csv.write_bytes(text)
        else:
            self.csv.write_text(text, encoding="utf-8")
        if rehash:
            catalog = CATALOG.format(sha=sha256(self.csv))
            (self.root / "catalog.yaml").write_text(catalog, encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return Folder(tmp_path)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the project's real data folder, safe to edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
