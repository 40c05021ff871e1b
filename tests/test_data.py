"""The data layer: every way a file can go wrong stops with one sentence naming where."""

import pandas as pd
import pytest
import yaml

from postsoviet import countries
from postsoviet.data import ROW_PROVENANCE, DataError, catalog, cite, load, rehash
from sample_data import GOOD_CSV


def one_sentence(message: str) -> bool:
    return message.count(". ") == 0 and message.endswith(".") and "\n" not in message


def error(folder, text: str | bytes, rehash_csv: bool = True) -> str:
    folder.write(text, rehash=rehash_csv)
    with pytest.raises(DataError) as caught:
        load("sample", data_dir=folder.root)
    assert one_sentence(str(caught.value)), str(caught.value)
    return str(caught.value)


def test_valid_file_loads_typed_with_provenance(folder):
    frame = load("sample", data_dir=folder.root)
    assert list(frame["value"]) == [98000, 69000, 147000]
    assert str(frame["value"].dtype) == "Int64"
    assert frame["as_of"].iloc[0] == pd.Timestamp("2022-09-27")
    assert pd.isna(frame["share"].iloc[1])
    provenance = frame.attrs["provenance"]
    assert provenance["producer"] == "Test producer"
    assert provenance["path"] == "data/theme/sample.csv"
    assert provenance["date_published"] == "2024-01-01"


def test_one_changed_digit_names_the_file(folder):
    message = error(folder, folder.csv.read_text().replace("98000", "98001"), rehash_csv=False)
    assert message.startswith("data/theme/sample.csv does not match the sha256")
    assert "python -m postsoviet.data rehash sample" in message


def test_changed_digit_in_a_shipped_file_is_caught(shipped):
    path = shipped / "exodus" / "border_statements.csv"
    path.write_text(path.read_text().replace("98000", "98001", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/exodus/border_statements\.csv does not match"):
        load("border_statements", data_dir=shipped)


def test_removed_column_is_named(folder):
    text = "\n".join(",".join(row.split(",")[:5]) for row in folder.csv.read_text().splitlines())
    assert error(folder, text + "\n") == (
        "data/theme/sample.csv lacks the column `share` that data/catalog.yaml lists."
    )


def test_unexpected_column_is_named(folder):
    lines = folder.csv.read_text().splitlines()
    text = "\n".join([lines[0] + ",extra"] + [line + ",1" for line in lines[1:]]) + "\n"
    assert "has a column `extra` that data/catalog.yaml does not list" in error(folder, text)


def test_duplicated_key_names_the_lines(folder):
    text = folder.csv.read_text() + "KAZ,2022-09-20,2022-09-27,exits,1,\n"
    assert error(folder, text) == (
        "data/theme/sample.csv repeats the primary key (country, as_of) on lines 2, 5."
    )


def test_non_numeric_value_names_line_and_column(folder):
    text = folder.csv.read_text().replace("69000", "69 thousand")
    assert error(folder, text) == (
        "data/theme/sample.csv, line 3, column `value`: '69 thousand' is not a whole number."
    )


def test_fractional_integer_is_refused(folder):
    assert "is not a whole number" in error(
        folder, folder.csv.read_text().replace("69000", "69000.5")
    )


def test_bad_date_names_line_and_column(folder):
    text = folder.csv.read_text().replace("2022-09-29", "29/09/2022")
    assert error(folder, text) == (
        "data/theme/sample.csv, line 3, column `as_of`: '29/09/2022' is not a date "
        "in YYYY-MM-DD form."
    )


def test_inverted_date_range_is_refused(folder):
    text = folder.csv.read_text().replace("2022-09-21,2022-09-29", "2022-09-30,2022-09-29")
    assert error(folder, text) == (
        "data/theme/sample.csv, line 3, column `as_of`: '2022-09-29' is before "
        "`period_start` on the same line."
    )


def test_unknown_country_code_is_refused(folder):
    text = folder.csv.read_text().replace("GEO,", "XYZ,")
    assert "line 3, column `country`: 'XYZ' is not a country code" in error(folder, text)


def test_value_outside_enum_minimum_and_maximum(folder):
    text = folder.csv.read_text()
    assert "'arrivals' is not one of entries, exits" in error(
        folder, text.replace("exits", "arrivals")
    )
    assert "is below the minimum 0" in error(folder, text.replace("69000", "-5"))
    assert "1.5 is above the maximum 1" in error(folder, text.replace("0.25", "1.5"))


def test_missing_required_value(folder):
    text = folder.csv.read_text().replace("69000", "")
    assert (
        error(folder, text)
        == "data/theme/sample.csv, line 3, column `value` is empty but required."
    )


def test_corrupt_row_names_the_line(folder):
    text = folder.csv.read_text() + "KAZ,2022-09-21\n"
    assert error(folder, text) == (
        "data/theme/sample.csv, line 5 has 2 values where the header has 6 columns."
    )


def test_binary_garbage_is_refused(folder):
    assert error(folder, b"\xff\xfe\x00garbage") == (
        "data/theme/sample.csv is not UTF-8 text (byte 0)."
    )


def test_missing_file_and_unknown_dataset(folder):
    folder.csv.unlink()
    with pytest.raises(
        DataError, match=r"^data/theme/sample\.csv \(dataset `sample`\) is missing\.$"
    ):
        load("sample", data_dir=folder.root)
    with pytest.raises(
        DataError,
        match="There is no dataset `nothing` in data/catalog.yaml; known datasets: sample.",
    ):
        load("nothing", data_dir=folder.root)


def test_catalog_entry_without_origin_fields(folder):
    path = folder.root / "catalog.yaml"
    path.write_text(path.read_text().replace("    licence: CC BY 4.0\n", ""))
    with pytest.raises(DataError, match="dataset `sample` lacks the required key\\(s\\) licence"):
        load("sample", data_dir=folder.root)


def test_rehash_records_a_deliberate_edit_and_keeps_comments(folder):
    path = folder.root / "catalog.yaml"
    path.write_text("# keep me\n" + path.read_text())
    folder.write(folder.csv.read_text().replace("98000", "98500"), rehash=False)
    assert rehash(["sample"], data_dir=folder.root) == ["sample: sha256 updated"]
    assert path.read_text().startswith("# keep me\n")
    assert load("sample", data_dir=folder.root)["value"].iloc[0] == 98500


def test_rehash_refuses_an_invalid_edit(folder):
    folder.write(folder.csv.read_text().replace("98000", "lots"), rehash=False)
    with pytest.raises(DataError, match="'lots' is not a whole number"):
        rehash(["sample"], data_dir=folder.root)


def test_every_shipped_dataset_loads_and_is_catalogued():
    entries = catalog()
    for name in entries:
        frame = load(name)
        assert len(frame) > 0, name
    from postsoviet.data import DATA_DIR

    listed = {entry["path"] for entry in entries.values()}
    on_disk = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.csv")}
    assert on_disk == listed


def test_row_provenance_is_filled_wherever_a_table_carries_it():
    for name, entry in catalog().items():
        frame = load(name)
        if entry["date_published"] is None:
            for column in ROW_PROVENANCE:
                filled = frame[column].notna()
                if column == "published" and "published_precision" in frame:
                    # A page that shows no date says so explicitly, rather than guessing one.
                    filled |= frame["published_precision"] == "none"
                    assert frame.loc[frame["published_precision"] == "none", column].isna().all()
                assert filled.all(), (name, column)
            assert frame["source_url"].str.startswith("http").all(), name


def test_country_codes_in_catalog_are_known():
    for name in catalog():
        frame = load(name)
        for column in ("destination", "country"):
            if column in frame:
                assert frame[column].map(countries.is_known).all(), (name, column)


def test_cite_names_official_bodies_and_outlets():
    statements = load("border_statements")
    rows = statements[statements["source_url"].str.contains("rferl.org")]
    assert cite(rows) == (
        "Source: Minister of Internal Affairs of Kazakhstan M. Akhmetzhanov "
        "(as reported by RFE/RL)."
    )
    assert cite(load("wb_population")) == "Source: World Bank, World Development Indicators."


def test_catalog_is_plain_yaml_with_unique_paths():
    from postsoviet.data import DATA_DIR

    entries = yaml.safe_load((DATA_DIR / "catalog.yaml").read_text())["datasets"]
    paths = [e["path"] for e in entries.values()]
    assert len(paths) == len(set(paths))


def test_optional_country_column_allows_empty_cells_but_not_unknown_codes(shipped):
    tolls = load("death_tolls", data_dir=shipped)
    assert tolls["side"].isna().any() and tolls["side"].dropna().map(countries.is_known).all()
    path = shipped / "tensions" / "death_tolls.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("kg_tj_sep_2022,,"))
    lines[number] = lines[number].replace("kg_tj_sep_2022,,", "kg_tj_sep_2022,XYZ,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    expected = rf"line {number + 1}, column `side`: 'XYZ' is not a country"
    with pytest.raises(DataError, match=expected):
        rehash(["death_tolls"], data_dir=shipped)


@pytest.mark.parametrize("name", ["catalog.yaml", "claims.yaml"])
def test_fast_yaml_loader_reads_the_shipped_files_as_the_safe_loader_does(name):
    from postsoviet.data import DATA_DIR, YAML_LOADER

    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert yaml.load(text, Loader=YAML_LOADER) == yaml.safe_load(text)


# --- faults: nothing silent, every refusal one sentence -------------------------------------


def test_rehash_finds_a_dataset_whose_name_has_a_hyphen(folder):
    text = (folder.root / "catalog.yaml").read_text().replace("  sample:", "  sample-set:")
    (folder.root / "catalog.yaml").write_text(text)
    folder.csv.write_text(GOOD_CSV.replace("98000", "98001"))
    assert rehash(["sample-set"], data_dir=folder.root) == ["sample-set: sha256 updated"]
    assert load("sample-set", data_dir=folder.root)["value"].iloc[0] == 98001


def test_line_separator_inside_a_quoted_field_is_kept(folder):
    folder.write(GOOD_CSV.replace(",entries,98000,", ',"entries\u2028",98000,'))
    text = (folder.root / "catalog.yaml").read_text().replace("enum: [entries, exits]", "")
    (folder.root / "catalog.yaml").write_text(text)
    frame = load("sample", data_dir=folder.root)
    assert frame["kind"].iloc[0] == "entries\u2028"


def test_a_byte_order_mark_is_accepted(folder):
    folder.write(b"\xef\xbb\xbf" + GOOD_CSV.encode())
    assert list(load("sample", data_dir=folder.root)["country"]) == ["KAZ", "GEO", "KAZ"]


def test_a_header_only_table_is_refused_by_load_and_rehash(folder):
    header = GOOD_CSV.splitlines()[0] + "\n"
    message = error(folder, header)
    assert (
        message
        == "data/theme/sample.csv has a header but no rows; a dataset needs at least one row."
    )
    with pytest.raises(DataError, match="has a header but no rows"):
        rehash(["sample"], data_dir=folder.root)


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity"])
def test_infinity_in_an_integer_or_number_column_is_refused(folder, value):
    assert error(folder, GOOD_CSV.replace("98000", value)) == (
        f"data/theme/sample.csv, line 2, column `value`: '{value}' is not a whole number."
    )
    assert error(folder, GOOD_CSV.replace("0.25", value)) == (
        f"data/theme/sample.csv, line 4, column `share`: '{value}' is not a finite number."
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  sample:\n", "  sample: just text\n  other:\n", "must be a mapping of keys"),
        ("    fields:\n", "    fields: 3\n    unused:\n", "must list its `fields` as mappings"),
        ("      - {name: share", "      - {nom: share", "must list its `fields` as mappings"),
        ("primary_key: [country, as_of]", "primary_key: country", "`primary_key` as a list"),
        ("upstream: {kind: none, reason: written by the tests}", "upstream: [none]", "mapping"),
        ("datasets:\n", "datasets: [1, 2]\nx:\n", "must hold a mapping under `datasets`"),
    ],
)
def test_malformed_catalog_entries_are_one_sentence(folder, old, new, message):
    path = folder.root / "catalog.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError) as caught:
        load("sample", data_dir=folder.root)
    assert message in str(caught.value) and one_sentence(str(caught.value))


# --- the catalog, parsed once per content; what a batch run read -------------------------------


def test_catalog_is_parsed_once_until_the_file_changes(folder, monkeypatch):
    from postsoviet import data

    parsed = []
    original = data._parse_catalog
    monkeypatch.setattr(data, "_parse_catalog", lambda *a: parsed.append(1) or original(*a))
    load("sample", folder.root)
    load("sample", folder.root)
    catalog(folder.root)
    assert len(parsed) == 1
    text = (folder.root / "catalog.yaml").read_text()
    (folder.root / "catalog.yaml").write_text(text.replace("A sample table", "Retitled"))
    assert load("sample", folder.root).attrs["provenance"]["title"] == "Retitled"
    assert catalog(folder.root)["sample"]["title"] == "Retitled"
    assert len(parsed) == 2


def test_a_changed_catalog_is_read_again_and_checked_again(folder):
    load("sample", folder.root)
    path = folder.root / "catalog.yaml"
    path.write_text(path.read_text().replace("primary_key: [country, as_of]", "primary_key: []"))
    with pytest.raises(DataError, match="must give `primary_key` as a list"):
        load("sample", folder.root)


def test_catalog_answers_a_copy_the_loader_does_not_see(folder):
    entries = catalog(folder.root)
    entries["sample"]["path"] = "elsewhere.csv"
    del entries["sample"]["fields"][0]
    assert list(load("sample", folder.root).columns)[0] == "country"


def test_a_batch_run_records_what_it_loaded_and_looked_up(folder, tmp_path, monkeypatch):
    from postsoviet import reads

    log = tmp_path / "reads.tsv"
    monkeypatch.setenv(reads.ENV, str(log))
    monkeypatch.setattr(reads, "_seen", set())
    load("sample", folder.root)
    load("sample", folder.root)  # once is enough
    entries = catalog(folder.root)
    assert entries["sample"]["title"] == "A sample table"
    assert "other" not in entries
    assert reads.parse(log) == [
        ("dataset", "sample", str(folder.root.resolve())),
        ("entry", "sample", str(folder.root.resolve())),
        ("entry", "other", str(folder.root.resolve())),
    ]
    sorted(entries)  # listing the catalog depends on all of it
    assert reads.parse(log)[-1] == ("catalog", "", str(folder.root.resolve()))


def test_nothing_is_recorded_outside_a_batch_run(folder, tmp_path, monkeypatch):
    from postsoviet import reads

    monkeypatch.delenv(reads.ENV, raising=False)
    monkeypatch.setattr(reads, "_seen", set())
    load("sample", folder.root)
    assert reads._seen == set()


def shared_catalog(folder, kind_line: str) -> None:
    """The sample catalog with its `kind` column named from a shared `columns` block."""
    text = (folder.root / "catalog.yaml").read_text(encoding="utf-8")
    kind = "      - {name: kind, type: string, constraints: {enum: [entries, exits]}}"
    assert kind in text
    shared = "columns:\n  kind: {name: kind, type: string, constraints: {enum: [entries, exits]}}\n"
    text = shared + text.replace(kind, kind_line)
    (folder.root / "catalog.yaml").write_text(text, encoding="utf-8")


def test_a_shared_column_is_checked_as_if_written_out(folder):
    shared_catalog(folder, "      - kind")
    field = catalog(folder.root)["sample"]["fields"][3]
    assert field == {
        "name": "kind",
        "type": "string",
        "constraints": {"enum": ["entries", "exits"]},
    }
    folder.write(GOOD_CSV.replace(",exits,", ",exit,"))  # rewrites the catalog, rehashed
    shared_catalog(folder, "      - kind")
    with pytest.raises(DataError, match="column `kind`"):
        load("sample", folder.root)


def test_an_unknown_shared_column_is_one_sentence(folder):
    shared_catalog(folder, "      - kinds")
    with pytest.raises(DataError) as error:
        catalog(folder.root)
    assert str(error.value) == (
        "data/catalog.yaml, dataset `sample` names the shared column `kinds`, which is not "
        "defined under `columns`."
    )
