"""The data catalog and `load()`: checksummed, typed, validated tables with provenance.

A number in this collection is only as good as its address. `data/catalog.yaml` records,
for every CSV under `data/`, where the figures come from and what each column may hold;
`load()` refuses a file that drifted from that record, with one sentence saying which
file, column and line, so an edited or corrupted table never reaches a chart silently.
"""

import copy
import csv
import hashlib
import io
import math
import re
import sys
from pathlib import Path

import pandas as pd
import yaml

from postsoviet import countries, reads
from postsoviet.files import write_atomic

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

ORIGIN_FIELDS = (
    "title",
    "producer",
    "citation",
    "url_main",
    "url_download",
    "date_published",
    "date_accessed",
    "licence",
    "description_processing",
)
ROW_PROVENANCE = ("source_url", "publisher", "published", "as_of")
TYPES = ("string", "integer", "number", "date")
# libyaml's safe loader where PyYAML ships it: the same safe subset, about 7x faster on the
# catalog, which every load() reads (a notebook's loads took seconds with the pure-Python one).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A dataset's block in the hand-written catalog: two spaces, its name (letters, digits,
# `_`, `-` or `.`), a colon. `rehash` and `refresh --write` edit lines inside that block.
CATALOG_BLOCK = re.compile(r"^  ([A-Za-z0-9_.-]+):\s*(#.*)?$")
BOM = "\ufeff"


class DataError(Exception):
    """A data file or catalog entry that cannot be trusted; the message is one sentence."""


def catalog(data_dir: Path | None = None) -> dict[str, dict]:
    """All catalog entries by dataset name, each checked for the fields `load()` relies on.

    A copy, safe to change; in a batch run, reading an entry records it as an input of the
    run and listing them records the whole catalog (see `postsoviet.reads`).
    """
    data_dir = Path(data_dir or DATA_DIR)
    return Catalog(copy.deepcopy(_entries(data_dir)), data_dir)


class Catalog(dict):
    """`catalog()`'s answer: what a run looks up in it is what the run depends on."""

    def __init__(self, entries: dict, data_dir: Path):
        super().__init__(entries)
        self.data_dir = data_dir

    def _all(self) -> None:
        reads.record("catalog", "", self.data_dir)

    def __getitem__(self, name):
        reads.record("entry", name, self.data_dir)
        return super().__getitem__(name)

    def get(self, name, default=None):
        reads.record("entry", name, self.data_dir)
        return super().get(name, default)

    def __contains__(self, name) -> bool:
        reads.record("entry", name, self.data_dir)
        return super().__contains__(name)

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def keys(self):
        self._all()
        return super().keys()

    def values(self):
        self._all()
        return super().values()

    def items(self):
        self._all()
        return super().items()


# Parsed catalogs by file, with the digest of the bytes they were parsed from: each load()
# reads the file (cheap) but parses it (about 0.1 s for the whole catalog) only when changed.
_parsed: dict[Path, tuple[str, dict[str, dict]]] = {}


def _entries(data_dir: Path) -> dict[str, dict]:
    """The checked catalog of `data_dir`, parsed once per content; callers must not change it."""
    path = data_dir / "catalog.yaml"
    try:
        with reads.quiet():  # a dataset's entry is recorded by whoever uses it
            raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"The data catalog {path} is missing.") from None
    digest = hashlib.sha256(raw).hexdigest()
    cached = _parsed.get(path.resolve())
    if cached is not None and cached[0] == digest:
        return cached[1]
    entries = _parse_catalog(raw, data_dir)
    _parsed[path.resolve()] = (digest, entries)
    return entries


def _parse_catalog(raw: bytes, data_dir: Path) -> dict[str, dict]:
    try:
        document = yaml.load(raw.decode("utf-8"), Loader=YAML_LOADER)
        entries, shared = document["datasets"], document.get("columns") or {}
    except UnicodeDecodeError as exc:
        raise DataError(f"{data_dir.name}/catalog.yaml is not UTF-8 (byte {exc.start}).") from None
    except (yaml.YAMLError, TypeError, KeyError) as exc:
        reason = " ".join(str(exc).split()) or "no `datasets` mapping"
        raise DataError(
            f"{data_dir.name}/catalog.yaml is not a valid catalog ({reason})."
        ) from None
    if not isinstance(entries, dict):
        raise DataError(f"{data_dir.name}/catalog.yaml must hold a mapping under `datasets`.")
    for name, entry in entries.items():
        _use_shared_columns(name, entry, shared)
        _check_entry(name, entry)
    return entries


def _use_shared_columns(name: str, entry: object, shared: dict) -> None:
    """Write out the columns an entry names from the catalog's `columns` (`- publisher`), so
    every check that follows sees the full definition, exactly as if it were repeated."""
    if not isinstance(entry, dict) or not isinstance(entry.get("fields"), list):
        return  # _check_entry says what is wrong
    fields = []
    for field in entry["fields"]:
        if isinstance(field, str):
            if not isinstance(shared.get(field), dict):
                raise DataError(
                    f"data/catalog.yaml, dataset `{name}` names the shared column `{field}`, "
                    "which is not defined under `columns`."
                )
            field = copy.deepcopy(shared[field])
        fields.append(field)
    entry["fields"] = fields


def _check_entry(name: str, entry: dict) -> None:
    where = f"data/catalog.yaml, dataset `{name}`"
    if not isinstance(entry, dict):
        raise DataError(f"{where} must be a mapping of keys, not {type(entry).__name__}.")
    required = (*ORIGIN_FIELDS, "upstream", "path", "sha256", "primary_key", "fields")
    missing = [k for k in required if k not in entry]
    if missing:
        raise DataError(f"{where} lacks the required key(s) {', '.join(missing)}.")
    if not isinstance(entry["path"], str) or not isinstance(entry["sha256"], str):
        raise DataError(f"{where} must give `path` and `sha256` as text.")
    if not isinstance(entry["fields"], list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) for f in entry["fields"]
    ):
        raise DataError(f"{where} must list its `fields` as mappings, each with a `name`.")
    if not isinstance(entry["primary_key"], list) or not entry["primary_key"]:
        raise DataError(f"{where} must give `primary_key` as a list of column names.")
    if not isinstance(entry["upstream"] or {}, dict):
        raise DataError(f"{where} must give `upstream` as a mapping with a `kind`.")
    for field in entry["fields"]:
        if not isinstance(field.get("constraints", {}), dict):
            raise DataError(
                f"{where}, field `{field['name']}` must give `constraints` as a mapping."
            )
    fields = {f["name"]: f for f in entry["fields"]}
    for field in entry["fields"]:
        if field.get("type") not in TYPES:
            raise DataError(
                f"{where}, field `{field['name']}` has type {field.get('type')!r}; "
                f"use one of {', '.join(TYPES)}."
            )
    upstream = entry["upstream"] or {}
    if upstream.get("kind") is None or (upstream["kind"] == "none" and not upstream.get("reason")):
        raise DataError(
            f"{where} must say in `upstream` how it can be refreshed "
            "(a kind such as world_bank, or kind none with a reason)."
        )
    unknown_keys = [k for k in entry["primary_key"] if k not in fields]
    if unknown_keys:
        raise DataError(f"{where} has primary-key column(s) not among its fields: {unknown_keys}.")
    if entry["date_published"] is None and not set(ROW_PROVENANCE) <= set(fields):
        raise DataError(
            f"{where} has no date_published, so its rows must carry "
            f"{', '.join(ROW_PROVENANCE)} columns."
        )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """The dataset `name`, validated against the catalog, with `attrs["provenance"]` set."""
    data_dir = Path(data_dir or DATA_DIR)
    reads.record("dataset", name, data_dir)  # in a batch run: an input of this run
    with reads.quiet():
        entries = _entries(data_dir)
        if name not in entries:
            raise DataError(
                f"There is no dataset `{name}` in data/catalog.yaml; "
                f"known datasets: {', '.join(sorted(entries))}."
            )
        entry = entries[name]
        path = data_dir / entry["path"]
        shown = f"{data_dir.name}/{entry['path']}"
        if not path.is_file():
            raise DataError(f"{shown} (dataset `{name}`) is missing.")
        if sha256(path) != entry["sha256"]:
            raise DataError(
                f"{shown} does not match the sha256 recorded in data/catalog.yaml, so it was "
                f"edited or corrupted; check the change, then record it with "
                f"`python -m postsoviet.data rehash {name}`."
            )
        frame = validate(path, entry, shown)
    frame.attrs["provenance"] = {
        "dataset": name,
        "path": shown,
        "sha256": entry["sha256"],
        **{k: _plain(entry[k]) for k in ORIGIN_FIELDS},
    }
    return frame


def validate(path: Path, entry: dict, shown: str) -> pd.DataFrame:
    """Parse and check one CSV against its catalog entry (everything but the checksum)."""
    return _validated(_read(path, shown), entry, shown)


def _plain(value: object) -> object:
    """YAML turns bare dates into date objects; provenance should stay JSON-friendly."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _read(path: Path, shown: str) -> pd.DataFrame:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{shown} is not UTF-8 text (byte {exc.start}).") from None
    # A byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
    text = text.removeprefix(BOM)
    # newline="": only \n and \r end a row, so U+2028 and the like inside a field stay.
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError(f"{shown} is not a readable CSV ({exc}).") from None
    if not rows:
        raise DataError(f"{shown} is empty.")
    header, body = rows[0], rows[1:]
    if not body:
        raise DataError(f"{shown} has a header but no rows; a dataset needs at least one row.")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(
                f"{shown}, line {number} has {len(row)} values where the header has "
                f"{len(header)} columns."
            )
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(2, len(body) + 2, name="line")
    return frame.replace("", None)


def _validated(raw: pd.DataFrame, entry: dict, shown: str) -> pd.DataFrame:
    fields = entry["fields"]
    expected = [f["name"] for f in fields]
    duplicated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if duplicated:
        raise DataError(f"{shown} has the column `{duplicated[0]}` more than once.")
    for column in expected:
        if column not in raw.columns:
            raise DataError(f"{shown} lacks the column `{column}` that data/catalog.yaml lists.")
    for column in raw.columns:
        if column not in expected:
            raise DataError(
                f"{shown} has a column `{column}` that data/catalog.yaml does not list."
            )
    frame = pd.DataFrame(
        {f["name"]: _parse(raw[f["name"]], f, shown) for f in fields}, index=raw.index
    )
    for field in fields:
        _check_constraints(frame, field, shown)
    _check_primary_key(frame, entry["primary_key"], shown)
    return frame.reset_index(drop=True)


def _first_bad(mask: pd.Series) -> int:
    return int(mask[mask].index[0])


def _parse(column: pd.Series, field: dict, shown: str) -> pd.Series:
    kind, name = field["type"], field["name"]
    present = column.notna()
    if kind == "string":
        return column.astype("string")
    if kind == "date":
        parsed = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        what = "a date in YYYY-MM-DD form"
    else:
        parsed = pd.to_numeric(column, errors="coerce")
        parsed = parsed.where(parsed.isna() | parsed.abs().lt(math.inf))  # inf is not a count
        what = "a finite number"
        if kind == "integer":
            whole = parsed.isna() | (parsed == parsed.round())
            parsed = parsed.where(whole)
            what = "a whole number"
    bad = present & parsed.isna()
    if bad.any():
        line = _first_bad(bad)
        raise DataError(f"{shown}, line {line}, column `{name}`: {column[line]!r} is not {what}.")
    return parsed.astype("Int64") if kind == "integer" else parsed


def _check_constraints(frame: pd.DataFrame, field: dict, shown: str) -> None:
    name, rules = field["name"], field.get("constraints", {})
    column = frame[name]
    where = f"{shown}, line {{line}}, column `{name}`"
    if rules.get("required") and column.isna().any():
        line = _first_bad(column.isna())
        raise DataError(f"{where.format(line=line)} is empty but required.")
    present = column.notna()
    checks = []
    if "enum" in rules:
        checks.append((~column.isin(rules["enum"]), f"is not one of {', '.join(rules['enum'])}"))
    if rules.get("country"):
        checks.append(
            (
                # an empty optional cell is not an unknown code (it is skipped below)
                ~column.map(countries.is_known, na_action="ignore").fillna(True).astype(bool),
                "is not a country code known to postsoviet.countries",
            )
        )
    if "minimum" in rules:
        checks.append((column < rules["minimum"], f"is below the minimum {rules['minimum']}"))
    if "maximum" in rules:
        checks.append((column > rules["maximum"], f"is above the maximum {rules['maximum']}"))
    if "not_before" in rules:
        other = rules["not_before"]
        checks.append((column < frame[other], f"is before `{other}` on the same line"))
    for failed, message in checks:
        failed = present & failed.fillna(False).astype(bool)
        if failed.any():
            line = _first_bad(failed)
            value = column[line]
            if hasattr(value, "date"):
                value = value.date().isoformat()
            elif hasattr(value, "item"):  # numpy scalar: show 1.5, not np.float64(1.5)
                value = value.item()
            raise DataError(f"{where.format(line=line)}: {value!r} {message}.")


def _check_primary_key(frame: pd.DataFrame, key: list[str], shown: str) -> None:
    repeated = frame.duplicated(subset=key, keep=False)
    if repeated.any():
        lines = [str(i) for i in frame.index[repeated]]
        raise DataError(
            f"{shown} repeats the primary key ({', '.join(key)}) on lines {', '.join(lines)}."
        )


def cite(*frames: pd.DataFrame) -> str:
    """The source line for a chart: who stated the figures and who published them.

    Tables of official statements name the official body per row (`statement_by`) and the
    outlet that carried it (`publisher`); other tables name their producer once.
    """
    bodies: list[str] = []
    outlets: list[str] = []
    for frame in frames:
        if "statement_by" in frame:
            bodies += list(frame["statement_by"].dropna())
            outlets += list(frame["publisher"].dropna())
        else:
            bodies.append(frame.attrs["provenance"]["producer"])
    bodies, outlets = list(dict.fromkeys(bodies)), list(dict.fromkeys(outlets))
    line = "Source: " + "; ".join(bodies)
    if outlets:
        line += " (as reported by " + ", ".join(outlets) + ")"
    return line + "."


def rehash(names: list[str], data_dir: Path | None = None) -> list[str]:
    """Record the current checksum of each named dataset after validating its content.

    Only the `sha256:` line inside each dataset's block changes, so comments and layout
    of the hand-written catalog survive.
    """
    data_dir = Path(data_dir or DATA_DIR)
    entries = catalog(data_dir)
    unknown = [n for n in names if n not in entries]
    if unknown:
        raise DataError(f"There is no dataset `{unknown[0]}` in data/catalog.yaml.")
    new_hashes = {}
    for name in names or sorted(entries):
        entry = entries[name]
        path = data_dir / entry["path"]
        shown = f"{data_dir.name}/{entry['path']}"
        if not path.is_file():
            raise DataError(f"{shown} (dataset `{name}`) is missing.")
        validate(path, entry, shown)
        new_hashes[name] = sha256(path)
    catalog_path = data_dir / "catalog.yaml"
    lines, current, messages = [], None, []
    for line in catalog_path.read_text(encoding="utf-8").splitlines(keepends=True):
        block = CATALOG_BLOCK.match(line)
        if block:
            current = block.group(1)
        field = re.match(r"^(\s+sha256:\s*)(\S*)(.*)$", line, flags=re.DOTALL)
        if field and current in new_hashes and field.group(2) != new_hashes[current]:
            line = field.group(1) + new_hashes[current] + field.group(3)
            messages.append(f"{current}: sha256 updated")
        lines.append(line)
    if messages:
        write_atomic(catalog_path, "".join(lines))
    return messages


def main(argv: list[str]) -> int:
    """`python -m postsoviet.data check|rehash [name ...]`."""
    command, names = (argv[0] if argv else "check"), argv[1:]
    try:
        if command == "rehash":
            print("\n".join(rehash(names)) or "all checksums already current")
        elif command == "check":
            for name in names or sorted(catalog()):
                load(name)
                print(f"{name}: ok")
        elif command in ("-h", "--help"):
            print(
                "usage: python -m postsoviet.data check|rehash [dataset ...]\n\n"
                "check   validate datasets against data/catalog.yaml (default: all)\n"
                "rehash  record the sha256 of a CSV after a deliberate edit"
            )
        else:
            print("usage: python -m postsoviet.data check|rehash [dataset ...]")
            return 2
    except DataError as exc:
        print(f"DataError: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
