"""Refreshing from upstream, against a local HTTP server serving fixture files.

Every failure must leave the shipped data byte-identical and say what went wrong in one
sentence; only --write changes the shipped table, and then the catalog follows.
"""

import json
import shutil
import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import nbformat
import papermill
import pytest

from postsoviet import refresh
from postsoviet.data import DATA_DIR, load, sha256


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        status, content_type, body = self.server.answer(self.path)
        self.send_response(status)
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


def world_bank_json(population, overrides=None, drop=()):
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
    meta = {"page": 1, "pages": 1, "per_page": 20000, "total": len(rows)}
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
