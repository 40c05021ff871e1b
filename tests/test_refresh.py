"""Refreshing from upstream, against a local HTTP server serving fixture files.

Every failure must leave the shipped data byte-identical and say what went wrong in one
sentence; only --write changes the shipped table, and then the catalog follows.
"""

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import papermill
import pytest

from postsoviet import refresh
from postsoviet.data import DATA_DIR, load, sha256


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.asked.append(self.path)
        status, content_type, body = self.server.answer(self.path)
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", body.decode())
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.answer = lambda path: (404, "text/plain", b"not set")
    httpd.asked = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the shipped data, and an empty download cache."""
    monkeypatch.setenv("POSTSOVIET_CACHE", str(tmp_path / "cache"))
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def world_bank_json(population, overrides=None, drop=(), pages=None):
    rows = [
        {
            "indicator": {"id": "SP.POP.TOTL", "value": "Population, total"},
            "country": {"id": "XX", "value": "x"},
            "countryiso3code": r.country,
            "date": str(int(r.year)),
            "value": int((overrides or {}).get((r.country, r.year), r.population)),
        }
        for r in population.itertuples()
        if r.country not in drop
    ]
    if pages is not None:  # one page of `pages`: (number, count), rows split evenly
        number, count = pages
        size = -(-len(rows) // count)
        rows = rows[(number - 1) * size : number * size]
    meta = {"page": (pages or (1,))[0], "pages": (pages or (1, 1))[1], "per_page": 20000}
    return json.dumps([meta, rows]).encode()


def serve(server, status, content_type, body):
    server.answer = lambda path: (status, content_type, body)
    return f"http://127.0.0.1:{server.server_port}"


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_unchanged_upstream_reports_no_change(server, data):
    base = serve(server, 200, "application/json", world_bank_json(load("wb_population")))
    before = snapshot(data)
    assert refresh.refresh("wb_population", base_url=base, data_dir=data) == []
    assert snapshot(data) == before


def test_diff_lists_changed_added_and_removed_rows(server, data):
    shipped = load("wb_population")
    body = json.loads(world_bank_json(shipped, overrides={("KAZ", 2022): 20034700}))
    body[1] = [r for r in body[1] if not (r["countryiso3code"] == "GEO" and r["date"] == "2015")]
    body[1].append(dict(body[1][0], countryiso3code="ARM", date="2025", value=2990000))
    base = serve(server, 200, "application/json", json.dumps(body).encode())
    changes = refresh.refresh("wb_population", base_url=base, data_dir=data)
    assert "~ changed country=KAZ, year=2022: population 20034609 -> 20034700" in changes
    assert "- removed country=GEO, year=2015" in changes
    assert len(changes) == 3
    assert any(line.startswith("+ added country=ARM, year=2025") for line in changes)


def test_write_replaces_the_table_and_updates_the_catalog(server, data):
    shipped = load("wb_population")
    base = serve(
        server, 200, "application/json", world_bank_json(shipped, {("KAZ", 2022): 20034700})
    )
    refresh.refresh(
        "wb_population", write_changes=True, base_url=base, data_dir=data, today="2027-01-02"
    )
    fresh = load("wb_population", data_dir=data)  # checksum in the catalog matches
    assert fresh.set_index(["country", "year"]).loc[("KAZ", 2022), "population"] == 20034700
    catalog_text = (data / "catalog.yaml").read_text()
    assert sha256(data / "reference" / "wb_population.csv") in catalog_text
    assert "date_accessed: 2027-01-02" in catalog_text
    assert catalog_text.count("date_accessed: 2027-01-02") == 1
    assert load("border_statements", data_dir=data).equals(load("border_statements"))


@pytest.mark.parametrize(
    ("status", "content_type", "body", "message"),
    [
        (
            500,
            "text/plain",
            b"oops",
            "The World Bank API server answered 500 for http://127.0.0.1:",
        ),
        (200, "text/html", b"<!DOCTYPE html><html>error</html>", "returned an HTML page instead"),
        (200, "application/json", b"", "returned an empty file instead"),
        (
            200,
            "application/json",
            b'[{"page": 1}, [{"countryiso3code": "KAZ", "da',
            "may be truncated",
        ),
        (200, "application/json", b'[{"page": 1}, [{"iso": "KAZ"}]]', "is not the expected JSON"),
    ],
)
def test_each_failure_is_one_sentence_and_changes_nothing(
    server, data, status, content_type, body, message
):
    base = serve(server, status, content_type, body)
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert message in str(caught.value)
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)
    assert snapshot(data) == before


def test_missing_country_is_refused(server, data):
    base = serve(
        server, 200, "application/json", world_bank_json(load("wb_population"), drop={"TJK"})
    )
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError, match="returned no SP.POP.TOTL rows for TJK"):
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert snapshot(data) == before


def test_a_table_that_fails_the_catalog_is_not_written(server, data):
    base = serve(
        server, 200, "application/json", world_bank_json(load("wb_population"), {("KAZ", 2022): -1})
    )
    before = snapshot(data)
    with pytest.raises(
        refresh.RefreshError, match="fails the catalog's checks: .*is below the minimum 1"
    ):
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert snapshot(data) == before


def test_unreachable_server_is_one_sentence(data):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(refresh.RefreshError, match="Could not download .* check the connection."):
        refresh.refresh("wb_population", base_url=f"http://127.0.0.1:{port}", data_dir=data)


def test_hand_transcribed_tables_are_refused_with_the_reason(data):
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("border_statements", data_dir=data)
    assert str(caught.value) == (
        "Dataset `border_statements` cannot be refreshed automatically: it is transcribed by hand "
        "from news reports of official statements, which publish no machine-readable series."
    )


def test_the_test_suite_itself_is_offline():
    with pytest.raises(OSError, match="Network access is disabled"):
        urllib.request.urlopen("http://192.0.2.1/", timeout=5)


def test_notebook_kernels_are_offline_too(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from postsoviet import plot\nplot.setup()\n"
                "import urllib.request\nurllib.request.urlopen('http://192.0.2.1/', timeout=5)"
            )
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(notebook, tmp_path / "probe.ipynb")
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(tmp_path / "probe.ipynb"),
            str(tmp_path / "out.ipynb"),
            kernel_name="python3",
            progress_bar=False,
        )
    assert "Network access is disabled" in caught.value.evalue


def ucdp_zip(rows, columns=("country_id", "year", "type_of_violence", "low", "best", "high")):
    """A zipped GED-style event CSV, as UCDP publishes it."""
    import io
    import zipfile

    text = ",".join(columns) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("GEDEvent_v23_1.csv", text)
    return buffer.getvalue()


def ged_events_matching(shipped):
    """One type-1 event per shipped non-zero country-year, plus noise of other types."""
    rows = [(r.gwcode, r.year, 1, r.low, r.best, r.high) for r in shipped.itertuples() if r.best]
    rows.append((371, 2022, 3, 50, 50, 50))  # one-sided violence: not counted
    return rows


def test_ucdp_refresh_sums_state_based_events(server, data):
    shipped = load("ucdp_battle_deaths")
    rows = ged_events_matching(shipped)
    rows.append((372, 2021, 1, 2, 3, 4))  # Georgia 2021 gains three deaths
    base = serve(server, 200, "application/zip", ucdp_zip(rows))
    changes = refresh.refresh("ucdp_battle_deaths", base_url=base, data_dir=data)
    assert changes == [
        "~ changed country=GEO, year=2021: low 0 -> 2",
        "~ changed country=GEO, year=2021: best 0 -> 3",
        "~ changed country=GEO, year=2021: high 0 -> 4",
    ]


def test_ucdp_changed_header_and_truncated_zip(server, data):
    shipped = load("ucdp_battle_deaths")
    before = snapshot(data)
    renamed = ucdp_zip(
        ged_events_matching(shipped),
        columns=("gw", "year", "type_of_violence", "low", "best", "high"),
    )
    base = serve(server, 200, "application/zip", renamed)
    with pytest.raises(
        refresh.RefreshError, match="has no column country_id; the format may have changed"
    ):
        refresh.refresh("ucdp_battle_deaths", write_changes=True, base_url=base, data_dir=data)
    base = serve(server, 200, "application/zip", ucdp_zip(ged_events_matching(shipped))[:200])
    with pytest.raises(refresh.RefreshError, match="is not a complete zip archive"):
        refresh.refresh("ucdp_battle_deaths", write_changes=True, base_url=base, data_dir=data)
    assert snapshot(data) == before


def consulate_workbook(path, shipped, year, change=None):
    """A workbook in the Commission's layout whose sums reproduce the shipped rows of `year`."""
    from postsoviet.destinations import CONSULATE_NAMES, COUNTS, SCHENGEN_STATES
    from test_destinations import HEADER, workbook

    names = {code: name for name, code in SCHENGEN_STATES.items()}
    rows = []
    mine = shipped[(shipped["year"] == year) & (shipped["derivation"] == "summed_here")]
    for country, group in mine.groupby("consulate_country"):
        total = group[group["schengen_state"] == "ALL"].iloc[0]
        rest = {c: int(total[c]) for c in COUNTS}
        for row in group[group["schengen_state"] != "ALL"].itertuples():
            values = {c: int(getattr(row, c)) for c in COUNTS}
            rows.append(
                [names[row.schengen_state].title(), CONSULATE_NAMES[country][0], "X", None]
                + [values[c] for c in COUNTS]
                + [None]
            )
            rest = {c: rest[c] - values[c] for c in COUNTS}
        if change and change[0] == country:
            rest[change[1]] += change[2]
        rows.append(
            ["Germany", CONSULATE_NAMES[country][0], "Y", None] + [rest[c] for c in COUNTS] + [None]
        )
    return stating(workbook(path, header=HEADER, rows=rows), year)


def stating(path, year):
    """The workbook with the Commission's Description sentence naming its year."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Description"].append([f'below ("Total visas in {year}") appear the general totals'])
    book.save(path)
    return path


def test_visa_refresh_re_sums_the_workbook_rows(server, data, tmp_path):
    shipped = load("schengen_visas")
    files = {
        "2019": consulate_workbook(tmp_path / "2019.xlsx", shipped, 2019),
        "2022": consulate_workbook(
            tmp_path / "2022.xlsx", shipped, 2022, change=("KAZ", "issued", 7)
        ),
    }
    # As in some official workbooks, a count stored as a formula (`=618`).
    from openpyxl import load_workbook

    issued = load_workbook(files["2019"])["Data for consulates"]["F2"].value
    with_formulas(files["2019"], {"F2": (f"={issued}", None)})
    server.answer = lambda path: (
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        files["2019" if "2019" in path else "2022"].read_bytes(),
    )
    base = f"http://127.0.0.1:{server.server_port}"
    changes = refresh.refresh("schengen_visas", base_url=base, data_dir=data)
    kaz = shipped[(shipped["consulate_country"] == "KAZ") & (shipped["year"] == 2022)].iloc[0]
    assert changes == [
        "~ changed consulate_country=KAZ, year=2022, schengen_state=ALL: "
        f"issued {kaz['issued']} -> {kaz['issued'] + 7}"
    ]


def test_visa_refresh_refuses_a_workbook_without_a_country(server, data, tmp_path):
    shipped = load("schengen_visas")
    smaller = shipped[shipped["consulate_country"] != "ARM"]
    book = consulate_workbook(tmp_path / "2019.xlsx", smaller, 2019)
    server.answer = lambda path: (200, "application/octet-stream", book.read_bytes())
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError, match="workbook has no consulates located in ARM"):
        refresh.refresh(
            "schengen_visas",
            write_changes=True,
            base_url=f"http://127.0.0.1:{server.server_port}",
            data_dir=data,
        )
    assert snapshot(data) == before


# --- faults: nothing lost, nothing silent -------------------------------------------------------


def test_ucdp_text_in_a_row_the_refresh_filters_out_is_one_sentence(server, data):
    """A text cell used to turn the column into strings: sum() concatenated digits."""
    shipped = load("ucdp_battle_deaths")
    rows = ged_events_matching(shipped)
    rows.insert(2, (371, 2022, 3, 1, "unknown", 1))  # one-sided violence: filtered out
    base = serve(server, 200, "application/zip", ucdp_zip(rows))
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("ucdp_battle_deaths", write_changes=True, base_url=base, data_dir=data)
    assert str(caught.value) == (
        "The UCDP events file GEDEvent_v23_1.csv, row 4, column `best`: 'unknown' is not a "
        "whole number."
    )
    assert snapshot(data) == before


def test_world_bank_nulls_for_a_whole_country_are_refused_not_deleted(server, data):
    shipped = load("wb_population")
    body = json.loads(world_bank_json(shipped))
    for row in body[1]:
        if row["countryiso3code"] == "TJK":
            row["value"] = None
    base = serve(server, 200, "application/json", json.dumps(body).encode())
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError, match="returned no SP.POP.TOTL rows for TJK"):
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert snapshot(data) == before


def test_world_bank_follows_every_page(server, data):
    shipped = load("wb_population")
    server.answer = lambda path: (
        200,
        "application/json",
        world_bank_json(shipped, pages=(2 if path.endswith("&page=2") else 1, 2)),
    )
    base = f"http://127.0.0.1:{server.server_port}"
    assert refresh.refresh("wb_population", base_url=base, data_dir=data) == []
    assert [p.rsplit("&page=", 1)[1] for p in server.asked] == ["1", "2"]


def test_world_bank_asks_for_the_publishers_span_and_shows_a_new_year(server, data):
    shipped = load("wb_population")
    body = json.loads(world_bank_json(shipped))
    body[1].append(dict(body[1][0], countryiso3code="KAZ", date="2026", value=20500000))
    base = serve(server, 200, "application/json", json.dumps(body).encode())
    changes = refresh.refresh("wb_population", base_url=base, data_dir=data, today="2027-01-02")
    assert f"date={shipped['year'].min()}:2027" in server.asked[0]
    assert changes == ["+ added country=KAZ, year=2026: population=20500000"]


def test_world_bank_year_missing_after_cleaning_is_refused(server, data):
    shipped = load("wb_population")
    first = int(shipped["year"].min())
    body = json.loads(world_bank_json(shipped))
    for row in body[1]:
        if row["date"] == str(first):
            row["value"] = None
    base = serve(server, 200, "application/json", json.dumps(body).encode())
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert str(caught.value) == (
        f"The World Bank API returned no SP.POP.TOTL values for {first}, which the shipped "
        "table has."
    )


def test_world_bank_non_numeric_value_is_one_sentence(server, data):
    body = json.loads(world_bank_json(load("wb_population")))
    body[1][0]["value"] = "n/a"
    base = serve(server, 200, "application/json", json.dumps(body).encode())
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("wb_population", base_url=base, data_dir=data)
    row = body[1][0]
    assert str(caught.value) == (
        f"The World Bank API gives SP.POP.TOTL for {row['countryiso3code']} in {row['date']} "
        "as 'n/a', which is not a number."
    )


def test_a_redirect_to_another_host_is_refused(server, data):
    other = f"http://localhost:{server.server_port}/elsewhere"
    base = serve(server, 302, "text/plain", other.encode())
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert "redirects to another host (localhost); refused" in str(caught.value)
    assert snapshot(data) == before
    assert len(server.asked) == 1  # the other host was never asked


def test_a_redirect_on_the_same_host_is_followed(server, data):
    shipped = load("wb_population")
    moved = f"http://127.0.0.1:{server.server_port}/moved"
    server.answer = lambda path: (
        (200, "application/json", world_bank_json(shipped))
        if path == "/moved"
        else (302, "text/plain", moved.encode())
    )
    base = f"http://127.0.0.1:{server.server_port}"
    assert refresh.refresh("wb_population", base_url=base, data_dir=data) == []


def test_cache_pointing_at_a_file_is_one_sentence(data, tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("")
    monkeypatch.setenv("POSTSOVIET_CACHE", str(tmp_path / "afile"))
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh("wb_population", base_url="http://127.0.0.1:9", data_dir=data)
    assert str(caught.value) == (
        f"POSTSOVIET_CACHE points at {tmp_path / 'afile'}, which is a file, not a folder."
    )


def test_refresh_writes_the_csv_and_the_catalog_both_or_neither(server, data, monkeypatch):
    shipped = load("wb_population")
    base = serve(server, 200, "application/json", world_bank_json(shipped, {("KAZ", 2022): 1}))
    before = snapshot(data)
    real = type(data).replace

    def failing(self, target):
        if type(data)(target).name == "catalog.yaml" and self.name.startswith(".tmp-catalog"):
            raise OSError(28, "No space left on device")
        return real(self, target)

    monkeypatch.setattr(type(data), "replace", failing)
    with pytest.raises(OSError):
        refresh.refresh("wb_population", write_changes=True, base_url=base, data_dir=data)
    assert snapshot(data) == before


def test_swapped_workbooks_are_refused_by_the_year_they_state(server, data, tmp_path):
    shipped = load("schengen_visas")
    files = {
        "2019": consulate_workbook(tmp_path / "a.xlsx", shipped, 2019),
        "2022": consulate_workbook(tmp_path / "b.xlsx", shipped, 2022),
    }
    server.answer = lambda path: (  # each address serves the other year's workbook
        200,
        "application/octet-stream",
        files["2022" if "2019" in path else "2019"].read_bytes(),
    )
    before = snapshot(data)
    with pytest.raises(refresh.RefreshError) as caught:
        refresh.refresh(
            "schengen_visas",
            write_changes=True,
            base_url=f"http://127.0.0.1:{server.server_port}",
            data_dir=data,
        )
    assert str(caught.value) == (
        "The workbook at the catalog's 2019 address states the year 2022 in its Description "
        "sheet, not 2019; check the catalog's addresses."
    )
    assert snapshot(data) == before


def with_formulas(path, cells):
    """Replace counts in the workbook with formula cells; `cached` values are written into
    the file's XML as Excel would have saved them (openpyxl writes formulas without them)."""
    import re
    import zipfile

    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Data for consulates"]
    for ref, (formula, _) in cells.items():
        sheet[ref] = formula
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/") and b"<f>" in parts[n])
    xml = parts[name].decode()
    for ref, (_, cached) in cells.items():
        if cached is not None:
            xml = re.sub(
                rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/>',
                rf"\g<1><f>\g<2></f><v>{cached}</v>",
                xml,
            )
            xml = re.sub(
                rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(?!<v>)',
                rf"\g<1><f>\g<2></f><v>{cached}</v>",
                xml,
            )
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return path


def test_formula_cells_are_read_as_the_value_excel_shows(tmp_path):
    from openpyxl import load_workbook

    from postsoviet import destinations, workbooks
    from test_destinations import workbook

    path = stating(workbook(tmp_path / "book.xlsx"), 2022)
    plain = destinations.read_consulates(path, 2022)
    sheet = load_workbook(path)["Data for consulates"]
    issued = [sheet.cell(row, 6).value for row in (2, 3, 4)]
    with_formulas(
        path,
        {
            "F2": (f"={issued[0]}", None),  # =618: evaluated
            "F3": (f"={issued[1] - 18}+9*2", None),  # simple arithmetic: evaluated
            "F4": ("=SUM(Z1:Z9)", issued[2]),  # the value Excel cached
        },
    )
    resolved = workbooks.with_values(path, destinations.SHEET, tmp_path / "values.xlsx")
    assert destinations.read_consulates(resolved, 2022).equals(plain)


def test_a_formula_that_cannot_be_evaluated_is_one_sentence(tmp_path):
    from postsoviet import destinations, workbooks
    from postsoviet.data import DataError
    from test_destinations import workbook

    path = with_formulas(workbook(tmp_path / "book.xlsx"), {"F2": ("=SUM(Z1:Z9)", None)})
    resolved = workbooks.with_values(path, destinations.SHEET, tmp_path / "values.xlsx")
    with pytest.raises(DataError) as caught:
        destinations.read_consulates(resolved, 2022)
    assert str(caught.value) == (
        "values.xlsx, sheet 'Data for consulates', row 2, column `issued`: '=SUM(Z1:Z9)' is "
        "not a count."
    )


# --- the network guard, each route tried inside its own network namespace ------------------------
# Nothing can leave the machine even if the guard fails: the namespace has only loopback,
# and the addresses tried are loopback or TEST-NET-1 (192.0.2.0/24, never routed).

LIB = str(Path(refresh.__file__).resolve().parents[1])


def _namespace_prefix() -> list[str] | None:
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            probe = subprocess.run(
                [*prefix, "sh", "-c", "ip link set lo up"], capture_output=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if probe.returncode == 0:
            return prefix
    return None


NAMESPACE = _namespace_prefix()
isolated = pytest.mark.skipif(
    NAMESPACE is None, reason="needs `unshare -n` and `ip` (a network namespace with loopback)"
)


def in_namespace(code: str, tmp_path) -> str:
    """Run Python `code` with the guard's environment in a fresh network namespace."""
    script = tmp_path / "probe.py"
    script.write_text(code)
    command = f"ip link set lo up && exec {shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    env = {**os.environ, "POSTSOVIET_OFFLINE": "1", "PYTHONPATH": LIB}
    done = subprocess.run(
        [*NAMESPACE, "sh", "-c", command], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


ROUTES = {
    "connect": "s = socket.socket(); s.connect(('192.0.2.1', 80))",
    "connect_ex": "s = socket.socket(); s.connect_ex(('192.0.2.1', 80))",
    "create_connection": "socket.create_connection(('192.0.2.1', 80), timeout=5)",
    "udp_sendto": "s = socket.socket(type=socket.SOCK_DGRAM); s.sendto(b'x', ('192.0.2.1', 53))",
    "udp_sendmsg": (
        "s = socket.socket(type=socket.SOCK_DGRAM); s.sendmsg([b'x'], [], 0, ('192.0.2.1', 53))"
    ),
    "udp_connect": "s = socket.socket(type=socket.SOCK_DGRAM); s.connect(('192.0.2.1', 53))",
    "dns": "socket.getaddrinfo('example.invalid', 80)",
    "ipv6": "s = socket.socket(socket.AF_INET6); s.connect(('2001:db8::1', 80, 0, 0))",
    "curl": "subprocess.run(['curl', '-s', 'http://192.0.2.1/'])",
    "os_system": "os.system('curl -s http://192.0.2.1/')",
}
PROBE = """\
import os, socket, subprocess
from postsoviet import offline
offline.guard(children=True)
try:
    {route}
    print("through")
except offline.NetworkDisabled as exc:
    print(exc)
except OSError as exc:
    print("unguarded", exc)
"""


@isolated
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_guard_refuses_each_route(route, tmp_path):
    answer = in_namespace(PROBE.format(route=ROUTES[route]), tmp_path).strip()
    assert answer.startswith("Network access is disabled (POSTSOVIET_OFFLINE=1): refused "), answer
    assert answer.endswith("notebooks and tests must run from the shipped data.")


@isolated
def test_guard_lets_loopback_through(tmp_path):
    code = PROBE.format(
        route="server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()\n"
        "    s = socket.socket(); s.connect(server.getsockname())\n"
        "    u = socket.socket(type=socket.SOCK_DGRAM); u.sendto(b'x', ('127.0.0.1', 9))\n"
        "    socket.getaddrinfo('localhost', 80)"
    )
    assert in_namespace(code, tmp_path).strip() == "through"


KERNEL_PROBE = """\
import nbformat, papermill
from pathlib import Path
from postsoviet import run
folder = Path({folder!r})
cells = [nbformat.v4.new_code_cell("x = 1", metadata={{"tags": ["parameters"]}})]
cells += [nbformat.v4.new_code_cell(c) for c in {cells!r}]
notebook = nbformat.v4.new_notebook(cells=cells)
notebook.metadata["kernelspec"] = {{"name": "python3", "language": "python", "display_name": "P"}}
nbformat.write(notebook, folder / "01_probe.ipynb")
try:
    run.execute(run.Run("01_probe", "default", {{}}, folder), folder / "out.ipynb", None)
    print("through")
except papermill.PapermillExecutionError as exc:
    print(exc.ename, exc.evalue)
"""


@isolated
@pytest.mark.parametrize(
    "cell",
    [
        "import socket\nsocket.socket().connect_ex(('192.0.2.1', 80))",
        "import socket\nsocket.socket(type=socket.SOCK_DGRAM).sendto(b'x', ('192.0.2.1', 53))",
        "import subprocess\nsubprocess.run(['curl', '-s', 'http://192.0.2.1/'])",
    ],
    ids=["connect_ex", "udp", "curl"],
)
def test_batch_kernels_are_guarded_before_any_notebook_code(cell, tmp_path):
    """No plot.setup(): the guard is installed when the kernel starts in a batch run."""
    answer = in_namespace(KERNEL_PROBE.format(folder=str(tmp_path), cells=[cell]), tmp_path)
    assert answer.strip().startswith("NetworkDisabled Network access is disabled"), answer


@isolated
def test_kernels_the_test_suite_starts_are_guarded_from_their_first_line(tmp_path):
    """nbval's and papermill's kernels under pytest: no plot.setup(), no batch runner."""
    probe = (
        "import os, papermill, nbformat\n"
        f"os.environ['PYTHONSTARTUP'] = {os.environ['PYTHONSTARTUP']!r}\n"
        'cell = nbformat.v4.new_code_cell("import socket\\n'
        "socket.socket().connect_ex(('192.0.2.1', 80))\")\n"
        "nb = nbformat.v4.new_notebook(cells=[cell])\n"
        "nb.metadata['kernelspec'] = {'name': 'python3', 'language': 'python', "
        "'display_name': 'P'}\n"
        f"nbformat.write(nb, {str(tmp_path / 'k.ipynb')!r})\n"
        "try:\n"
        f"    papermill.execute_notebook({str(tmp_path / 'k.ipynb')!r}, "
        f"{str(tmp_path / 'o.ipynb')!r}, kernel_name='python3', progress_bar=False)\n"
        "    print('through')\n"
        "except papermill.PapermillExecutionError as exc:\n"
        "    print(exc.ename, exc.evalue)\n"
    )
    answer = in_namespace(probe, tmp_path)
    assert answer.strip().startswith("NetworkDisabled Network access is disabled"), answer


def test_ucdp_new_year_shows_as_additions(server, data):
    shipped = load("ucdp_battle_deaths")
    last = int(shipped["year"].max())
    rows = ged_events_matching(shipped)
    rows.append((372, last + 1, 1, 2, 3, 4))  # Georgia, a year the shipped table lacks
    base = serve(server, 200, "application/zip", ucdp_zip(rows))
    changes = refresh.refresh("ucdp_battle_deaths", base_url=base, data_dir=data)
    assert changes and all(c.startswith("+ added ") and f"year={last + 1}" in c for c in changes)
    assert f"+ added country=GEO, year={last + 1}: gwcode=372, low=2, best=3, high=4" in changes
    assert len(changes) == shipped["country"].nunique()
