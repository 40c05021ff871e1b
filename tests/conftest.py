"""Shared fixtures: a small, valid data folder the tests can damage one way at a time."""

import os
import shutil
from pathlib import Path

import pytest

from postsoviet import offline
from postsoviet.data import DATA_DIR, sha256

# Library tests, and any kernel they start, run with the network switched off; kernels
# (nbval's, papermill's) install the guard at startup, before any notebook cell runs.
os.environ[offline.ENV] = "1"
os.environ["PYTHONSTARTUP"] = str(Path(offline.__file__).with_name("kernel_startup.py"))
offline.guard()

CATALOG = """\
datasets:
  sample:
    path: theme/sample.csv
    title: A sample table
    producer: Test producer
    citation: Test citation
    url_main: https://example.org/
    url_download: null
    date_published: 2024-01-01
    date_accessed: 2026-11-26
    licence: CC BY 4.0
    description_processing: Written by the tests.
    upstream: {{kind: none, reason: written by the tests}}
    sha256: {sha}
    primary_key: [country, as_of]
    fields:
      - {{name: country, type: string, constraints: {{required: true, country: true}}}}
      - {{name: period_start, type: date}}
      - {{name: as_of, type: date, constraints: {{required: true, not_before: period_start}}}}
      - {{name: kind, type: string, constraints: {{enum: [entries, exits]}}}}
      - {{name: value, type: integer, unit: persons, constraints: {{required: true, minimum: 0}}}}
      - {{name: share, type: number, constraints: {{maximum: 1}}}}
"""

GOOD_CSV = """\
country,period_start,as_of,kind,value,share
KAZ,2022-09-21,2022-09-27,entries,98000,0.5
GEO,2022-09-21,2022-09-29,entries,69000,
KAZ,2022-09-21,2022-10-03,exits,147000,0.25
"""


class Folder:
    """A data folder in tmp_path; `write()` replaces the CSV and, by default, its checksum."""

    good = GOOD_CSV  # the valid table, for tests that damage it one way

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
