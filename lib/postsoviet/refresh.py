"""Refresh a curated table from its official upstream: download, parse, diff, maybe write.

`python -m postsoviet.refresh NAME` downloads the dataset's upstream into a cache folder
outside the repository (one file per day, so earlier downloads stay as dated snapshots),
parses it into the project's schema and prints what changed against the shipped table.
Only `--write` replaces the shipped CSV, and only with a table that passes the catalog's
checks; the catalog's sha256 and date_accessed follow. Nothing here runs during
`make run` or `make test`: the collection itself never needs the network.
"""

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pooch
import requests

from postsoviet.data import DATA_DIR, DataError, catalog, load, sha256, validate

TIMEOUT_SECONDS = 60
WORLD_BANK_API = "https://api.worldbank.org"


class RefreshError(Exception):
    """A refresh that cannot go ahead; the message is one sentence and nothing was changed."""


def cache_dir() -> Path:
    """Downloads live outside the repository (override with POSTSOVIET_CACHE)."""
    return Path(os.environ.get("POSTSOVIET_CACHE") or pooch.os_cache("postsoviet"))


def download(url: str, fname: str, what: str) -> Path:
    """Fetch `url` into the cache with a timeout; refuse error pages and empty files.

    pooch writes to a temporary file and moves it into place only when the transfer
    completed, so an interrupted download never leaves a half-written file behind.
    """
    pooch.get_logger().setLevel("WARNING")  # the CLI prints its own summary
    try:
        path = pooch.retrieve(
            url,
            known_hash=None,
            fname=fname,
            path=cache_dir(),
            downloader=pooch.HTTPDownloader(progressbar=False, timeout=TIMEOUT_SECONDS),
        )
    except requests.HTTPError as exc:
        raise RefreshError(
            f"The {what} server answered {exc.response.status_code} for {url}."
        ) from None
    except requests.RequestException as exc:
        raise RefreshError(
            f"Could not download {url} ({type(exc).__name__}); check the connection."
        ) from None
    path = Path(path)
    head = path.read_bytes()[:512].lstrip().lower()
    if not head or head.startswith((b"<!doctype html", b"<html")):
        path.unlink()
        kind = "an empty file" if not head else "an HTML page"
        raise RefreshError(f"{url} returned {kind} instead of {what} data.")
    return path


def world_bank(entry: dict, shipped: pd.DataFrame, base_url: str, today: str) -> pd.DataFrame:
    """One World Bank indicator for the shipped table's countries and years, via the API."""
    upstream = entry["upstream"]
    value_field = upstream["value_field"]
    codes = sorted(shipped["country"].unique())
    first, last = int(shipped["year"].min()), int(shipped["year"].max())
    url = (
        f"{base_url}/v2/country/{';'.join(codes)}/indicator/{upstream['indicator']}"
        f"?format=json&per_page=20000&date={first}:{last}"
    )
    path = download(url, f"{upstream['indicator']}-{today}.json", "World Bank API")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        rows = payload[1]
        table = pd.DataFrame(
            {
                "country": [r["countryiso3code"] for r in rows],
                "year": [int(r["date"]) for r in rows],
                value_field: [r["value"] for r in rows],
            }
        )
    except (ValueError, KeyError, IndexError, TypeError):
        path.unlink()
        raise RefreshError(
            f"The World Bank API answer for {upstream['indicator']} is not the expected "
            "JSON (page metadata, then a list of observations); it may be truncated."
        ) from None
    missing = sorted(set(codes) - set(table["country"]))
    if missing:
        raise RefreshError(
            f"The World Bank API returned no {upstream['indicator']} rows for "
            f"{', '.join(missing)}, which the shipped table has."
        )
    return table.dropna(subset=[value_field])


PARSERS: dict[str, Callable[..., pd.DataFrame]] = {"world_bank": world_bank}
DEFAULT_BASES = {"world_bank": WORLD_BANK_API}


def typed_like(new: pd.DataFrame, entry: dict) -> pd.DataFrame:
    """The upstream table in the shipped column order and types, sorted by primary key."""
    columns = [f["name"] for f in entry["fields"]]
    missing = [c for c in columns if c not in new]
    if missing:
        raise RefreshError(f"The upstream table lacks the column(s) {', '.join(missing)}.")
    new = new[columns].copy()
    for field in entry["fields"]:
        if field["type"] == "integer":
            new[field["name"]] = pd.to_numeric(new[field["name"]]).round().astype("Int64")
    return new.sort_values(entry["primary_key"]).reset_index(drop=True)


def diff(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> list[str]:
    """Rows added, removed and changed (with old and new values), by primary key."""
    merged = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator="side")
    values = [c for c in old.columns if c not in key]
    lines = []
    for row in merged.sort_values(key).itertuples(index=False):
        record = row._asdict()
        label = ", ".join(f"{k}={record[k]}" for k in key)
        if record["side"] == "left_only":
            lines.append(f"- removed {label}")
        elif record["side"] == "right_only":
            shown = ", ".join(f"{c}={record[c + '_new']}" for c in values)
            lines.append(f"+ added {label}: {shown}")
        else:
            for column in values:
                before, after = record[column + "_old"], record[column + "_new"]
                if not (pd.isna(before) and pd.isna(after)) and before != after:
                    lines.append(f"~ changed {label}: {column} {before} -> {after}")
    return lines


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    Path(temporary).replace(path)


def write(name: str, table: pd.DataFrame, entry: dict, data_dir: Path, today: str) -> None:
    """Replace the shipped CSV and record its new checksum and access date.

    The new table is validated against the catalog before anything is replaced.
    """
    text = table.to_csv(index=False, lineterminator="\n")
    path = data_dir / entry["path"]
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(text, encoding="utf-8")
        try:
            validate(candidate, entry, f"data/{entry['path']}")
        except DataError as exc:
            raise RefreshError(f"The refreshed table fails the catalog's checks: {exc}") from None
        new_sha = sha256(candidate)
    catalog_path = data_dir / "catalog.yaml"
    lines, current = [], None
    for line in catalog_path.read_text(encoding="utf-8").splitlines(keepends=True):
        block = re.match(r"^  (\w+):\s*$", line)
        if block:
            current = block.group(1)
        if current == name:
            line = re.sub(r"^(\s+sha256:\s*)\S+", rf"\g<1>{new_sha}", line)
            line = re.sub(r"^(\s+date_accessed:\s*)\S+", rf"\g<1>{today}", line)
        lines.append(line)
    _write_atomically(path, text)
    _write_atomically(catalog_path, "".join(lines))


def refresh(
    name: str,
    *,
    write_changes: bool = False,
    base_url: str | None = None,
    data_dir: Path | None = None,
    today: str | None = None,
) -> list[str]:
    """Download, parse and diff one dataset; with `write_changes`, replace the shipped file."""
    data_dir = Path(data_dir or DATA_DIR)
    today = today or dt.date.today().isoformat()
    entries = catalog(data_dir)
    if name not in entries:
        raise RefreshError(f"There is no dataset `{name}` in data/catalog.yaml.")
    entry = entries[name]
    upstream = entry.get("upstream") or {}
    if upstream.get("kind") not in PARSERS:
        reason = upstream.get("reason", "its catalog entry names no machine-readable upstream")
        raise RefreshError(f"Dataset `{name}` cannot be refreshed automatically: {reason}.")
    shipped = load(name, data_dir=data_dir)
    parser = PARSERS[upstream["kind"]]
    fresh = parser(entry, shipped, base_url or DEFAULT_BASES[upstream["kind"]], today)
    table = typed_like(fresh, entry)
    changes = diff(shipped, table, entry["primary_key"])
    if write_changes and changes:
        write(name, table, entry, data_dir, today)
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m postsoviet.refresh", description=__doc__)
    parser.add_argument("name", help="dataset name in data/catalog.yaml")
    parser.add_argument("--write", action="store_true", help="replace the shipped CSV")
    args = parser.parse_args(argv)
    try:
        changes = refresh(args.name, write_changes=args.write)
    except (RefreshError, DataError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("\n".join(changes) if changes else f"{args.name}: no change upstream.")
    if changes:
        print(
            f"{len(changes)} change(s); "
            + ("written." if args.write else "nothing written (add --write to apply).")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
