"""Refresh a curated table from its official upstream: download, parse, diff, maybe write.

`python -m postsoviet.refresh NAME` downloads the dataset's upstream into a cache folder
outside the repository (one file per day, the latest of the day; earlier days stay as dated
snapshots),
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
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import pooch
import requests

from postsoviet.data import CATALOG_BLOCK, DATA_DIR, DataError, catalog, load, sha256, validate
from postsoviet.files import write_together

TIMEOUT_SECONDS = 60
WORLD_BANK_API = "https://api.worldbank.org"


class RefreshError(Exception):
    """A refresh that cannot go ahead; the message is one sentence and nothing was changed."""


def cache_dir() -> Path:
    """Downloads live outside the repository (override with POSTSOVIET_CACHE)."""
    chosen = os.environ.get("POSTSOVIET_CACHE")
    folder = Path(chosen or pooch.os_cache("postsoviet"))
    if folder.exists() and not folder.is_dir():
        where = "POSTSOVIET_CACHE points at" if chosen else "The download cache"
        raise RefreshError(f"{where} {folder}, which is a file, not a folder.")
    return folder


class CrossHostRedirect(RefreshError):
    """The server sent the download to another host; its table would be someone else's."""


def _same_host_only(url: str):
    """A requests response hook refusing a redirect that leaves the host of `url`."""
    host = urlsplit(url).hostname

    def check(response, *args, **kwargs):
        if response.is_redirect:
            target = response.headers.get("location", "")
            moved = urlsplit(requests.compat.urljoin(response.url, target)).hostname
            if moved != host:
                raise CrossHostRedirect(
                    f"{url} redirects to another host ({moved}); refused, because its table "
                    "would not come from the publisher the catalog names."
                )
        return response

    return check


def download(url: str, fname: str, what: str) -> Path:
    """Fetch `url` into the cache with a timeout; refuse error pages and empty files.

    pooch writes to a temporary file and moves it into place only when the transfer
    completed, so an interrupted download never leaves a half-written file behind.
    """
    pooch.get_logger().setLevel("WARNING")  # the CLI prints its own summary
    (cache_dir() / fname).unlink(missing_ok=True)  # a refresh always asks the publisher again
    try:
        path = pooch.retrieve(
            url,
            known_hash=None,
            fname=fname,
            path=cache_dir(),
            downloader=pooch.HTTPDownloader(
                progressbar=False, timeout=TIMEOUT_SECONDS, hooks={"response": _same_host_only(url)}
            ),
        )
    except RefreshError:
        raise
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


MAX_PAGES = 100


def world_bank(entry: dict, shipped: pd.DataFrame, base_url: str, today: str) -> pd.DataFrame:
    """One World Bank indicator for the shipped table's countries, via the API.

    The request asks for every year from the shipped table's first to the current one, so
    a year the publisher added shows up as an addition; every page of the answer is read.
    Rows without a value are dropped first; then every shipped country and every shipped
    year must still be there, or nothing is refreshed.
    """
    upstream = entry["upstream"]
    indicator, value_field = upstream["indicator"], upstream["value_field"]
    codes = sorted(shipped["country"].unique())
    first, this_year = int(shipped["year"].min()), int(today[:4])
    url = (
        f"{base_url}/v2/country/{';'.join(codes)}/indicator/{indicator}"
        f"?format=json&per_page=20000&date={first}:{max(this_year, int(shipped['year'].max()))}"
    )
    rows, pages, page = [], 1, 1
    while page <= pages:
        path = download(f"{url}&page={page}", f"{indicator}-{today}-p{page}.json", "World Bank API")
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            meta, observations = payload[0], payload[1]
            if page == 1:
                pages = int(meta.get("pages", 1) or 1)
            rows += [(r["countryiso3code"], int(r["date"]), r["value"]) for r in observations]
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            path.unlink()
            raise RefreshError(
                f"The World Bank API answer for {indicator} (page {page}) is not the expected "
                "JSON (page metadata, then a list of observations); it may be truncated."
            ) from None
        if not 1 <= pages <= MAX_PAGES:
            raise RefreshError(
                f"The World Bank API answer for {indicator} claims {pages} pages; "
                f"expected 1 to {MAX_PAGES}."
            )
        page += 1
    table = pd.DataFrame(rows, columns=["country", "year", value_field])
    table = table.dropna(subset=[value_field])
    numbers = pd.to_numeric(table[value_field], errors="coerce")
    bad = numbers.isna() | table[value_field].map(lambda v: isinstance(v, bool))
    if bad.any():
        row = table[bad].iloc[0]
        raise RefreshError(
            f"The World Bank API gives {indicator} for {row['country']} in {row['year']} as "
            f"{row[value_field]!r}, which is not a number."
        )
    table[value_field] = numbers
    missing = sorted(set(codes) - set(table["country"]))
    if missing:
        raise RefreshError(
            f"The World Bank API returned no {indicator} rows for "
            f"{', '.join(missing)}, which the shipped table has."
        )
    years = sorted(set(shipped["year"].astype(int)) - set(table["year"]))
    if years:
        raise RefreshError(
            f"The World Bank API returned no {indicator} values for "
            f"{', '.join(map(str, years))}, which the shipped table has."
        )
    return table


def _moved(url: str, base_url: str | None) -> str:
    """`url` served from `base_url` instead (same path), e.g. a local test server."""
    if not base_url:
        return url
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, *urlsplit(url)[2:]))


UCDP_COLUMNS = ("country_id", "year", "type_of_violence", "low", "best", "high")


def ucdp_ged(entry: dict, shipped: pd.DataFrame, base_url: str | None, today: str) -> pd.DataFrame:
    """State-based battle deaths per country-year, summed from UCDP's zipped GED event CSV.

    The same aggregation as the shipped table's intermediary: events of type 1
    (state-based conflict) summed by the Gleditsch–Ward code of the country where they
    happened, with 0 for a shipped country-year that has no event. Years after the shipped
    table's last one, up to the last year of the events file, are included (as additions).
    """
    url = _moved(entry["upstream"]["url"], base_url)
    path = download(url, f"{Path(urlsplit(url).path).stem}-{today}.zip", "UCDP")
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            with archive.open(members[0]) as stream:
                events = pd.read_csv(
                    stream, usecols=lambda c: c in UCDP_COLUMNS, dtype=str, keep_default_na=False
                )
    except (zipfile.BadZipFile, IndexError, EOFError, ValueError, UnicodeDecodeError):
        path.unlink()
        raise RefreshError(
            f"{url} is not a complete zip archive holding a CSV; it may be truncated."
        ) from None
    missing = [c for c in UCDP_COLUMNS if c not in events]
    if missing:
        raise RefreshError(
            f"The UCDP events file has no column {missing[0]}; the format may have changed."
        )
    events = _numbers(events, UCDP_COLUMNS, f"The UCDP events file {members[0]}")
    codes = shipped[["country", "gwcode"]].drop_duplicates()
    if events["year"].max() < shipped["year"].max():
        raise RefreshError(
            f"The UCDP events file ends in {events['year'].max()}, before the shipped "
            f"table's last year {shipped['year'].max()}."
        )
    state_based = events[events["type_of_violence"] == 1]
    sums = state_based.groupby(["country_id", "year"], as_index=False)[
        ["low", "best", "high"]
    ].sum()
    # The shipped years, and every later year the events file covers: a new year is an addition.
    years = set(shipped["year"].astype(int))
    years |= set(range(int(shipped["year"].max()) + 1, int(events["year"].max()) + 1))
    grid = codes.merge(pd.DataFrame({"year": sorted(years)}), how="cross")
    table = grid.merge(
        sums, left_on=["gwcode", "year"], right_on=["country_id", "year"], how="left"
    )
    return table.drop(columns="country_id").fillna({"low": 0, "best": 0, "high": 0})


def _numbers(table: pd.DataFrame, columns: tuple[str, ...], shown: str) -> pd.DataFrame:
    """The columns as whole numbers before any arithmetic; the first bad cell is one sentence.

    Read as text, a column with one word in it would be summed as strings (digits
    concatenated), so every cell is parsed, and one that is not a whole number stops the
    refresh, naming the file, its row (the CSV line) and the column.
    """
    table = table.copy()
    for column in columns:
        text = table[column].astype(str).str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() | ~numbers.abs().lt(float("inf")) | (numbers != numbers.round())
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            value = text[bad].iloc[0]
            raise RefreshError(
                f"{shown}, row {line}, column `{column}`: {value!r} is not a whole number."
            )
        table[column] = numbers.astype("int64")
    return table


def commission_visas(
    entry: dict, shipped: pd.DataFrame, base_url: str | None, today: str
) -> pd.DataFrame:
    """The shipped table with its workbook-derived rows summed again from the workbooks.

    Only rows the project summed itself (`derivation: summed_here`) for the years whose
    workbook the catalog names are recomputed; every other row is kept as shipped.
    """
    from postsoviet import destinations, workbooks

    table = shipped.copy()
    for year, url in entry["upstream"]["workbooks"].items():
        url = _moved(url, base_url)
        path = download(url, f"consulates-{year}-{today}.xlsx", "Commission workbook")
        try:
            stated = workbooks.stated_years(path)
            if int(year) not in stated:
                raise RefreshError(
                    f"The workbook at the catalog's {year} address states "
                    + (f"the year {', '.join(map(str, sorted(stated)))}" if stated else "no year")
                    + f" in its Description sheet, not {year}; check the catalog's addresses."
                )
            values = workbooks.with_values(
                path, destinations.SHEET, path.with_name(f"{path.stem}-values.xlsx")
            )
            consulates = destinations.read_consulates(values, int(year))
        except DataError as exc:
            raise RefreshError(f"The workbook for {year} cannot be used: {exc}") from None
        except (zipfile.BadZipFile, OSError, KeyError):
            path.unlink()
            raise RefreshError(f"{url} is not a readable workbook; it may be truncated.") from None
        mine = (table["year"] == int(year)) & (table["derivation"] == "summed_here")
        for country in sorted(table.loc[mine, "consulate_country"].unique()):
            try:
                sums = destinations.consulate_totals(consulates, country, by_state=True)
            except DataError:
                raise RefreshError(
                    f"The {year} workbook has no consulates located in {country}, which the "
                    "shipped table has."
                ) from None
            sums = sums.set_index("schengen_state")
            rows = mine & (table["consulate_country"] == country)
            for index in table.index[rows]:
                state = table.at[index, "schengen_state"]
                if state not in sums.index:
                    raise RefreshError(
                        f"The {year} workbook has no consulates of {state} in {country}."
                    )
                for column in destinations.COUNTS:
                    table.at[index, column] = sums.at[state, column]
    return table


PARSERS: dict[str, Callable[..., pd.DataFrame]] = {
    "world_bank": world_bank,
    "ucdp_ged": ucdp_ged,
    "commission_visas": commission_visas,
}
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
        block = CATALOG_BLOCK.match(line)
        if block:
            current = block.group(1)
        if current == name:
            line = re.sub(r"^(\s+sha256:\s*)\S+", rf"\g<1>{new_sha}", line)
            line = re.sub(r"^(\s+date_accessed:\s*)\S+", rf"\g<1>{today}", line)
        lines.append(line)
    write_together([(path, text), (catalog_path, "".join(lines))])  # both or neither


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
    fresh = parser(entry, shipped, base_url or DEFAULT_BASES.get(upstream["kind"]), today)
    try:
        table = typed_like(fresh, entry)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RefreshError(
            f"The upstream table for `{name}` does not fit the catalog's types "
            f"({' '.join(str(exc).split())})."
        ) from None
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
