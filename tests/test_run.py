"""The batch runner: the run matrix, the cache key, normal form, retries, and a real batch."""

import contextlib
import io
import json
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from postsoviet import data as data_module
from postsoviet import report, run

PARAMETERS = "value: int = 1  # a positive number\nlabel: str = 'x'  # any text"


def write_notebook(folder: Path, name: str, *code: str, parameters: str = PARAMETERS) -> Path:
    """A notebook with a `parameters` cell and the given code cells."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"# {name}"),
            nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
            *(nbformat.v4.new_code_cell(source) for source in code),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def write_matrix(folder: Path, text: str) -> Path:
    path = folder / "runs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the run matrix -----------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path):
    write_notebook(tmp_path, "01_demo", "print(value)")
    return tmp_path


def refused(folder: Path, runs: str) -> str:
    path = write_matrix(folder, "runs:\n  - {notebook: 01_demo, name: default}\n" + runs)
    with pytest.raises(run.RunError) as caught:
        run.load_runs(path)
    return str(caught.value)


def test_unknown_parameter_names_the_run_the_notebook_and_the_parameter(demo):
    assert refused(demo, "  - {notebook: 01_demo, name: x, parameters: {valeu: 2}}\n") == (
        "runs.yaml, run `01_demo-x`: 01_demo has no parameter `valeu`; it declares value, label."
    )


def test_parameter_of_the_wrong_type_is_refused(demo):
    assert refused(demo, "  - {notebook: 01_demo, name: x, parameters: {value: nine}}\n") == (
        "runs.yaml, run `01_demo-x`: parameter `value` of 01_demo is declared `int`, "
        "but the matrix gives 'nine' (str)."
    )
    assert "(bool)" in refused(demo, "  - {notebook: 01_demo, name: x, parameters: {value: yes}}\n")


def test_unquoted_date_for_a_text_parameter_says_to_quote_it(demo):
    message = refused(demo, "  - {notebook: 01_demo, name: x, parameters: {label: 2022-09-21}}\n")
    assert message.endswith("gives datetime.date(2022, 9, 21) (date); quote dates in YAML.")


def test_default_run_with_parameters_is_refused(tmp_path):
    write_notebook(tmp_path, "01_demo", "print(value)")
    path = write_matrix(
        tmp_path, "runs:\n  - {notebook: 01_demo, name: default, parameters: {value: 2}}\n"
    )
    with pytest.raises(run.RunError, match="a default run takes the notebook's own defaults"):
        run.load_runs(path)


def test_every_notebook_needs_a_default_run(demo):
    write_notebook(demo, "02_other", "pass")
    path = write_matrix(demo, "runs:\n  - {notebook: 01_demo, name: default}\n")
    with pytest.raises(run.RunError, match=r"runs.yaml has no `default` run for 02_other.ipynb\."):
        run.load_runs(path)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - {notebook: 09_none, name: x}\n",
            "run `09_none-x`: there is no notebook 09_none.ipynb",
        ),
        ("  - {notebook: 01_demo, name: default}\n", "lists the run `01_demo-default` twice"),
        ("  - {notebook: 01_demo, name: x, params: {}}\n", "entry 2 has the key `params`"),
        ("  - {notebook: 01_demo, name: Big Run}\n", "`name` must be lower-case letters"),
        ("  - {notebook: demo, name: x}\n", "`notebook` must name a notebook like 02_exodus"),
        ("  - {notebook: 01_demo, name: x, parameters: [1]}\n", "`parameters` must be a mapping"),
        ("  - just text\n", "entry 2 must be a mapping"),
    ],
)
def test_malformed_entries_are_refused_with_one_sentence(demo, entry, message):
    assert message in refused(demo, entry)


def test_shipped_matrix_is_valid_and_has_a_default_run_per_notebook():
    runs = run.load_runs()
    assert {r.notebook for r in runs if r.is_default} == {
        p.stem for p in run.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
    }


@pytest.mark.parametrize(
    ("annotation", "value", "ok"),
    [
        ("int", 3, True),
        ("int", 3.5, False),
        ("int", True, False),
        ("float", 3, True),
        ("float", "3", False),
        ("str", "GEO", True),
        ("str", 7, False),
        ("list", ["GEO"], True),
        ("list[str]", "GEO", False),
        ("bool", False, True),
        ("None", object(), True),  # not annotated: papermill cannot tell, nor can we
        ("str | None", None, True),
        ("str", None, False),
        ("SomeAlias", 1, True),
    ],
)
def test_accepts(annotation, value, ok):
    assert run.accepts(annotation, value) is ok


def test_declared_parameters_are_remembered_by_notebook_content(demo, tmp_path, monkeypatch):
    path = write_matrix(demo, "runs:\n  - {notebook: 01_demo, name: default}\n")
    memo = tmp_path / "memo" / "parameters.json"
    run.load_runs(path, memo=memo)
    assert memo.is_file()

    def unavailable(_):
        raise AssertionError("inspected again")

    monkeypatch.setattr(papermill, "inspect_notebook", unavailable)
    run.load_runs(path, memo=memo)  # same bytes: answered from the memo
    write_notebook(demo, "01_demo", "print(value + 1)")
    with pytest.raises(AssertionError, match="inspected again"):
        run.load_runs(path, memo=memo)


def test_select_by_run_id_or_notebook():
    runs = [run.Run("01_a", "default"), run.Run("01_a", "geo"), run.Run("02_b", "default")]
    assert [r.id for r in run.select(runs, ["*-default"])] == ["01_a-default", "02_b-default"]
    assert [r.id for r in run.select(runs, ["01_a"])] == ["01_a-default", "01_a-geo"]
    assert run.select(runs, []) == runs
    with pytest.raises(run.RunError, match="No run matches 03_"):
        run.select(runs, ["03_*"])


# --- the cache key ------------------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path):
    """Two notebooks, three runs, and their own data and library folders."""
    data, lib, notebooks = tmp_path / "data", tmp_path / "lib", tmp_path / "notebooks"
    for folder in (data / "theme", lib, notebooks):
        folder.mkdir(parents=True)
    (data / "catalog.yaml").write_text("datasets: {}\n")
    (data / "theme" / "a.csv").write_text("x\n1\n")
    (lib / "module.py").write_text("X = 1\n")
    write_notebook(notebooks, "01_a", "print(value)")
    write_notebook(notebooks, "02_b", "print(label)")
    runs = [
        run.Run("01_a", "default", {}, notebooks),
        run.Run("01_a", "two", {"value": 2, "label": "y"}, notebooks),
        run.Run("02_b", "default", {}, notebooks),
    ]

    def keys():
        library = run.library_fingerprint(lib)
        return {r.id: run.run_key(r, library) for r in runs}

    return data, lib, notebooks, runs, keys


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before if before[k] != after[k]}


def test_key_is_stable_and_ignores_parameter_order(inputs):
    *_, runs, keys = inputs
    first = keys()
    assert keys() == first
    swapped = run.Run("01_a", "two", {"label": "y", "value": 2}, runs[1].folder)
    library = run.library_fingerprint(inputs[1])
    assert run.run_key(swapped, library) == first["01_a-two"]


TWO_DATASETS = """\
datasets:
  a: {path: theme/a.csv, sha256: x, title: A}
  b: {path: theme/b.csv, sha256: y, title: B}
"""


def test_a_read_changes_the_key_only_when_what_was_read_changed(tmp_path):
    """Each run's key covers what it read: a dataset's CSV and catalog entry, or a file."""
    data = tmp_path / "data"
    (data / "theme").mkdir(parents=True)
    (data / "catalog.yaml").write_text(TWO_DATASETS)
    (data / "theme" / "a.csv").write_text("x\n1\n")
    (data / "theme" / "b.csv").write_text("x\n1\n")
    (data / "claims.yaml").write_text("claims: []\n")
    read = {
        "a": [["dataset", "a"]],
        "b": [["dataset", "b"]],
        "claims": [["file", "claims.yaml"]],
        "nothing": [],
    }

    def keys():
        inputs = run.snapshot(data)
        return {name: run.full_key("base", items, inputs) for name, items in read.items()}

    before = keys()
    assert keys() == before
    (data / "theme" / "a.csv").write_text("x\n2\n")
    assert changed(before, keys()) == {"a"}
    before = keys()
    (data / "catalog.yaml").write_text(TWO_DATASETS.replace("title: B", "title: Bee"))
    assert changed(before, keys()) == {"b"}  # its entry, not the rest of the catalog
    before = keys()
    (data / "theme" / "new.csv").write_text("y\n")  # a file nobody read
    assert changed(before, keys()) == set()
    (data / "claims.yaml").write_text("claims: [x]\n")
    assert changed(before, keys()) == {"claims"}
    before = keys()
    (data / "theme" / "b.csv").unlink()
    assert changed(before, keys()) == {"b"}


def test_a_library_edit_invalidates_every_run(inputs):
    _, lib, _, _, keys = inputs
    before = keys()
    (lib / "module.py").write_text("X = 2\n")
    assert changed(before, keys()) == set(before)
    before = keys()
    (lib / "notes.txt").write_text("not code\n")
    assert changed(before, keys()) == set()


def test_a_notebook_edit_invalidates_only_its_runs(inputs):
    _, _, notebooks, _, keys = inputs
    before = keys()
    write_notebook(notebooks, "01_a", "print(value * 2)")
    assert changed(before, keys()) == {"01_a-default", "01_a-two"}


def test_new_outputs_in_a_notebook_do_not_invalidate_it(inputs):
    """The default run writes its outputs back; that write must not cause a rerun."""
    _, _, notebooks, _, keys = inputs
    before = keys()
    path = notebooks / "01_a.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook.cells[2].execution_count = 2
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.write(notebook, path)
    assert changed(before, keys()) == set()


def test_a_parameter_change_invalidates_only_that_run(inputs):
    *_, runs, keys = inputs
    before = keys()
    runs[1] = run.Run("01_a", "two", {"value": 3, "label": "y"}, runs[1].folder)
    assert changed(before, keys()) == {"01_a-two"}


def test_data_folder_is_the_one_the_loader_reads():
    from postsoviet.data import DATA_DIR

    assert run.DATA_DIR == DATA_DIR


def test_only_a_successful_run_with_its_outputs_is_current(tmp_path):
    demo = run.Run("01_a", "default", {}, tmp_path)
    folder = tmp_path / "build"
    folder.mkdir()
    for name in ("01_a.ipynb", "01_a.html", "verdicts.json"):
        (folder / name).write_text("{}")
    digests = {p.name: run._file_digest(p) for p in run.outputs_of(demo, folder)}
    (tmp_path / "data").mkdir()
    inputs = run.snapshot(tmp_path / "data")
    record = {"key": run.full_key("k", [], inputs), "status": "ok", "outputs": digests}
    (folder / run.RECORD).write_text(json.dumps(record))
    assert not run.is_current(demo, folder, "k", inputs)  # no list of what it read: it runs
    (folder / run.RECORD).write_text(json.dumps({**record, "read": []}))
    assert run.is_current(demo, folder, "k", inputs)
    assert not run.is_current(demo, folder, "other", inputs)
    (folder / "01_a.html").unlink()
    assert not run.is_current(demo, folder, "k", inputs)


def test_unselected_runs_are_skipped_and_outputs_of_removed_runs_deleted(tmp_path):
    write_notebook(tmp_path, "01_a", "pass")
    runs = [run.Run("01_a", "default", {}, tmp_path)]
    orphan = tmp_path / "build" / "runs" / "01_a-gone"
    orphan.mkdir(parents=True)
    (orphan / run.MARKER).write_text("")  # a folder the runner created
    outcomes = run.run_all(runs, build=tmp_path / "build", selected=[], write_back=False)
    assert [(o.run, o.status) for o in outcomes] == [("01_a-default", "skipped")]
    assert not orphan.exists()
    assert (tmp_path / "build" / "index.html").is_file()


def test_nothing_is_republished_when_nothing_changed(tmp_path, monkeypatch):
    write_notebook(tmp_path, "01_a", "pass")
    runs, build = [run.Run("01_a", "default", {}, tmp_path)], tmp_path / "build"
    run.run_all(runs, build=build, selected=[], write_back=False)
    calls = []
    monkeypatch.setattr(report, "publish", lambda *args: calls.append(args))
    run.run_all(runs, build=build, selected=[], write_back=False)
    assert calls == []
    (build / "index.html").unlink()
    run.run_all(runs, build=build, selected=[], write_back=False)
    assert len(calls) == 1


def test_readme_is_regenerated_only_when_its_inputs_changed(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text("typed\n")
    calls = []
    monkeypatch.setattr(report, "update_readme", lambda path, notebooks: calls.append(path))
    run.update_readme(readme, tmp_path / "build")
    run.update_readme(readme, tmp_path / "build")
    assert calls == [readme]
    readme.write_text("edited by hand\n")
    run.update_readme(readme, tmp_path / "build")
    assert calls == [readme, readme]


# --- normal form and retries ----------------------------------------------------------------


def test_normalise_strips_what_changes_on_every_execution():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("1", execution_count=7),
            nbformat.v4.new_markdown_cell("x"),
            nbformat.v4.new_code_cell("2", execution_count=9),
        ]
    )
    notebook.cells[2].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    notebook.cells[2].outputs[0].execution_count = 9
    notebook.metadata["papermill"] = {"start_time": "now", "input_path": "/abs/path"}
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    notebook.cells[0].metadata["execution"] = {"iopub.execute_input": "now"}
    notebook.cells[0].metadata["papermill"] = {"duration": 1.5}
    cleaned = run.normalise(notebook)
    assert "papermill" not in cleaned.metadata
    assert cleaned.metadata["language_info"] == {"name": "python"}
    assert [c.get("execution_count") for c in cleaned.cells] == [1, None, 2]
    assert cleaned.cells[2].outputs[0].execution_count == 2
    assert cleaned.cells[0].metadata == {}
    assert cleaned.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize(
    "path", sorted(run.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem
)
def test_committed_notebook_is_in_normal_form(path):
    """With nbval (which re-executes and compares outputs) this stands in for CI running
    `make run && git diff --exit-code notebooks/`, without executing every notebook twice."""
    normal = nbformat.writes(run.normalise(nbformat.read(path, as_version=4))) + "\n"
    assert path.read_text(encoding="utf-8") == normal, "rerun `make run` and commit notebooks/"


def fake_papermill(*outcomes):
    """A stand-in for papermill.execute_notebook: each call plays the next outcome."""
    calls = []

    def execute(source, output, *, on_notebook_start, **_):
        step = outcomes[len(calls)]
        calls.append(step)
        if step != "no kernel":
            on_notebook_start(notebook=None)
        if step != "ok":
            raise RuntimeError(f"{step}")
        return nbformat.v4.new_notebook()

    return execute, calls


def test_a_kernel_that_does_not_start_is_retried_once(tmp_path):
    demo = run.Run("01_a", "default", {}, tmp_path)
    execute, calls = fake_papermill("no kernel", "ok")
    assert run.execute(demo, tmp_path / "out.ipynb", None, papermill_execute=execute) == 2
    assert calls == ["no kernel", "ok"]
    execute, calls = fake_papermill("no kernel", "no kernel", "ok")
    with pytest.raises(RuntimeError, match="no kernel"):
        run.execute(demo, tmp_path / "out.ipynb", None, papermill_execute=execute)
    assert len(calls) == 2


def test_an_error_in_a_running_notebook_is_not_retried(tmp_path):
    demo = run.Run("01_a", "default", {}, tmp_path)
    execute, calls = fake_papermill("cell failed", "ok")
    with pytest.raises(RuntimeError, match="cell failed"):
        run.execute(demo, tmp_path / "out.ipynb", None, papermill_execute=execute)
    assert calls == ["cell failed"]


def test_python3_kernel_is_this_environment():
    """`make run`, nbval and `make lab` all ask for `python3`; it must be the project's."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    command = KernelManager(kernel_name="python3").format_kernel_cmd()
    assert command[0] == sys.executable, spec.resource_dir


def test_bad_country_stops_the_notebook_with_one_sentence(tmp_path):
    exodus = run.Run("02_exodus", "bad-country", {"country": "XX"})
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run.execute(exodus, tmp_path / "out.ipynb", None)
    assert caught.value.ename == "ParameterError"
    assert caught.value.evalue == (
        "Parameter `country` is 'XX', which is not one of the available ISO alpha-3 codes: "
        "EUU (European Union), FIN (Finland), GEO (Georgia), KAZ (Kazakhstan), MNG (Mongolia)."
    )


# --- a real batch: two notebooks, one broken sweep ---------------------------------------------

CHECK = """\
from postsoviet import claims, rules
if value < 0:
    raise ValueError("Parameter `value` must be positive.")
part = rules.within("an official count lies within ±15 % of it", 98000 * value, 100000, 0.15,
                    because="test", sources=["https://example.org/"])
claims.check(claims.judge("kz_100k_one_week", [part], claimed=100000,
                          question=f"100,000 with value {value}"))"""

MATRIX = """\
runs:
  - {notebook: 01_check, name: default}
  - {notebook: 01_check, name: broken, parameters: {value: -1}, asks: [kz_100k_one_week]}
  - {notebook: 01_check, name: double, parameters: {value: 2}, asks: [kz_100k_one_week]}
  - {notebook: 02_plain, name: default}
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Run the batch twice with two workers: once cold, once with nothing changed."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "notebooks"
    folder.mkdir()
    write_notebook(folder, "01_check", CHECK)
    write_notebook(folder, "02_plain", "print(label)")
    matrix = write_matrix(folder, MATRIX)
    argv = ["--matrix", str(matrix), "--build", str(root / "build"), "--jobs", "2"]
    results = []
    for _ in range(2):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = run.main(argv)
        results.append((code, out.getvalue()))
    return root, results


def test_a_failing_run_fails_alone_and_the_exit_code_says_so(batch, capsys):
    root, results = batch
    assert [code for code, _ in results] == [1, 1]
    build = root / "build" / "runs"
    for name in ("01_check-default", "01_check-double", "02_plain-default"):
        record = json.loads((build / name / run.RECORD).read_text())
        assert record["status"] == "ok" and record["key"], name
        # what it read under data/: claims.check reads the claim registry; print reads nothing
        assert record["read"] == ([["file", "claims.yaml"]] if "check" in name else []), name
        assert not (build / name / run.READS).exists()
        assert (build / name / f"{name.split('-')[0]}.html").is_file()
    failed = json.loads((build / "01_check-broken" / run.RECORD).read_text())
    assert failed == {"key": None, "status": "failed", "seconds": failed["seconds"]}
    assert (build / "01_check-broken" / "01_check.ipynb").is_file()  # with the traceback


def test_summary_names_each_failure_and_its_output_notebook(tmp_path):
    outcomes = [
        run.Outcome("01_a-default", "ok", 3.0),
        run.Outcome("01_a-bad", "failed", 2.0, "ValueError: bad", tmp_path / "01_a.ipynb"),
        run.Outcome("02_b-default", "cached"),
    ]
    line, failures = run.summarise(outcomes, 5.0, tmp_path)
    assert line.startswith("3 runs: 1 ran, 1 cached, 1 failed in 5.0 s; scorecard ")
    assert failures == [f"FAILED 01_a-bad: ValueError: bad\n  output: {tmp_path / '01_a.ipynb'}"]


def test_second_batch_reports_the_good_runs_as_cached(batch):
    root, results = batch
    cold, again = (out.splitlines() for _, out in results)
    assert cold[-1].startswith("4 runs: 3 ran, 0 cached, 1 failed in ")
    assert again[-1].startswith("4 runs: 0 ran, 3 cached, 1 failed in ")
    listing = json.loads((root / "build" / "verdicts.json").read_text())["runs"]
    assert {r["run"]: r["status"] for r in listing} == {
        "01_check-default": "ok",
        "01_check-broken": "failed",
        "01_check-double": "ok",
        "02_plain-default": "ok",
    }
    broken = next(r for r in listing if r["run"] == "01_check-broken")
    assert broken["error"] == "ValueError: Parameter `value` must be positive."


def test_a_log_gets_one_line_per_run_that_executed(batch):
    """Not a terminal (a log, CI): a line as each run finishes, none for cached runs."""
    _, results = batch
    cold, again = (out.splitlines()[:-1] for _, out in results)
    assert sorted(line.split()[-1] for line in cold) == [
        "01_check-broken",
        "01_check-default",
        "01_check-double",
        "02_plain-default",
    ]
    assert [line.split()[1] for line in cold].count("ok") == 3
    assert [line.split()[1:2] + line.split()[-1:] for line in again] == [
        ["failed", "01_check-broken"]
    ]


def test_each_run_records_its_own_verdicts(batch):
    """Separate processes: each kernel saw its own run's name and verdicts file."""
    root, _ = batch
    records = json.loads((root / "build" / "verdicts.json").read_text())["verdicts"]
    assert [(r["notebook"], r["run"], r["verdict"], r["scope"]) for r in records] == [
        ("01_check", "default", "supported", "100,000 with value 1"),
        ("01_check", "double", "contradicted", "100,000 with value 2"),
    ]
    assert records[1]["parts"][0]["outcome"] == "fails" and records[1]["checked"]


def test_default_runs_are_written_back_in_normal_form(batch):
    root, _ = batch
    for name in ("01_check", "02_plain"):
        committed = root / "notebooks" / f"{name}.ipynb"
        built = root / "build" / "runs" / f"{name}-default" / f"{name}.ipynb"
        assert committed.read_bytes() == built.read_bytes()
        notebook = nbformat.read(committed, as_version=4)
        assert "papermill" not in notebook.metadata
        assert [c.execution_count for c in notebook.cells if c.cell_type == "code"] == [1, 2]


def test_scorecard_of_the_batch(batch):
    root, _ = batch
    page = (root / "build" / "index.html").read_text()
    assert "<code>kz_100k_one_week</code>" in page
    assert '<a href="runs/01_check-default/01_check.html#kz_100k_one_week">' in page
    assert 'href="runs/01_check-double/01_check.html#kz_100k_one_week"' in page  # what if
    reviews = json.loads((root / "build" / "claimreview.json").read_text())
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["supported"]
    assert "ValueError: Parameter `value` must be positive." in page
    csv_lines = (root / "build" / "verdicts.csv").read_text().splitlines()
    assert csv_lines[0] == ",".join(report.CSV_FIELDS)
    assert len(csv_lines) == 3


def test_rendered_notebooks_load_nothing_from_the_network(batch):
    root, _ = batch
    page = (root / "build" / "runs" / "02_plain-default" / "02_plain.html").read_text()
    assert "<script src" not in page and "cdnjs" not in page and "mathjax" not in page.lower()
    assert "<pre>x\n</pre>" in page  # the output of print(label)


# --- rerun only what changed ---------------------------------------------------------------


def _two_datasets(data: Path) -> None:
    from sample_data import CATALOG, GOOD_CSV

    (data / "theme").mkdir(parents=True)
    blocks = []
    for name in ("a", "b"):
        (data / "theme" / f"{name}.csv").write_text(GOOD_CSV)
        block = CATALOG.format(sha="unset").split("\n", 1)[1]
        blocks.append(block.replace("  sample:", f"  {name}:").replace("sample.csv", f"{name}.csv"))
    (data / "catalog.yaml").write_text("datasets:\n" + "".join(blocks))
    (data / "notes.txt").write_text("a file a notebook opens itself\n")
    data_module.rehash(["a", "b"], data)


class TestRerunOnlyWhatChanged:
    """Real kernels: a class, so that `--dist loadscope` may give it a worker of its own."""

    def test_an_edit_reruns_exactly_the_runs_that_read_it(self, tmp_path):
        data, folder, build = tmp_path / "data", tmp_path / "notebooks", tmp_path / "build"
        folder.mkdir()
        _two_datasets(data)
        load = "from postsoviet.data import load\n"
        write_notebook(folder, "01_a", f"{load}print(len(load('a', data_dir=r'{data}')))")
        write_notebook(folder, "02_b", f"{load}print(len(load('b', data_dir=r'{data}')))")
        write_notebook(folder, "03_notes", f"print(open(r'{data / 'notes.txt'}').read())")
        runs = [run.Run(name, "default", {}, folder) for name in ("01_a", "02_b", "03_notes")]

        def ran() -> set[str]:
            outcomes = run.run_all(runs, build=build, jobs=1, write_back=False, data_dir=data)
            assert all(o.status in ("ok", "cached") for o in outcomes), outcomes
            return {o.run.split("-")[0] for o in outcomes if o.status == "ok"}

        def edit(path: Path, old: str, new: str) -> None:
            path.write_text(path.read_text().replace(old, new, 1))

        assert ran() == {"01_a", "02_b", "03_notes"}
        record = json.loads((build / "runs" / "01_a-default" / run.RECORD).read_text())
        assert record["read"] == [["dataset", "a"]]
        assert ran() == set()
        edit(data / "theme" / "a.csv", "98000", "98001")
        data_module.rehash(["a"], data)  # the catalog changes too, in a's entry only
        assert ran() == {"01_a"}
        edit(data / "catalog.yaml", "title: A sample table\n    producer", "title: B\n    producer")
        assert ran() == {"01_a"}  # the first entry is a's: its catalog entry is its input too
        edit(data / "notes.txt", "file", "text file")
        assert ran() == {"03_notes"}  # seen by the audit hook, not by load()
        # A notebook that starts loading another dataset reruns, and depends on it from then on.
        write_notebook(
            folder,
            "01_a",
            f"{load}print(len(load('a', data_dir=r'{data}')), len(load('b', data_dir=r'{data}')))",
        )
        assert ran() == {"01_a"}
        edit(data / "theme" / "b.csv", "98000", "98001")
        data_module.rehash(["b"], data)
        assert ran() == {"01_a", "02_b"}


# --- faults: damage, silence, noise, interrupts -------------------------------------------------


@pytest.fixture
def one_run(tmp_path):
    """A notebook with one default run executed once (in this process), and its build/."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(folder, "01_a", "print(value)")
    runs, build = [run.Run("01_a", "default", {}, folder)], tmp_path / "build"
    [outcome] = run.run_all(runs, build=build, jobs=1)
    assert outcome.status == "ok"
    return runs, build, folder / "01_a.ipynb", build / "runs" / "01_a-default" / "01_a.ipynb"


def test_a_truncated_cached_notebook_is_run_again_not_written_back(one_run):
    runs, build, committed, cached = one_run
    whole = committed.read_bytes()
    cached.write_bytes(cached.read_bytes()[:200])  # run.json still says ok
    [outcome] = run.run_all(runs, build=build, jobs=1)
    assert (outcome.status, outcome.note) == (
        "ok",
        "its cached 01_a.ipynb changed since its run; ran again",
    )
    assert committed.read_bytes() == whole
    assert cached.read_bytes() == whole


def test_a_cached_notebook_edited_by_hand_is_run_again(one_run, capsys):
    runs, build, committed, cached = one_run
    notebook = json.loads(cached.read_text())
    notebook["cells"][-1]["outputs"][0]["text"] = ["999\n"]  # a verdict changed by hand
    cached.write_text(json.dumps(notebook))
    [outcome] = run.run_all(runs, build=build, jobs=1)
    assert outcome.status == "ok" and "changed since its run" in outcome.note
    assert "999" not in committed.read_text() and "999" not in cached.read_text()
    [outcome] = run.run_all(runs, build=build, jobs=1)
    assert (outcome.status, outcome.note) == ("cached", None)


def test_build_never_deletes_folders_the_runner_did_not_create(one_run):
    runs, build, *_ = one_run
    mine = build / "runs" / "01_a-gone"
    theirs = [build / "runs" / "01_a-photos", build / "runs" / "holiday", build / "runs" / "x"]
    (mine).mkdir()
    (mine / run.MARKER).write_text("")
    for folder in theirs:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine, not the runner's")
    run.run_all(runs, build=build, jobs=1)
    assert not mine.exists()
    assert all((folder / "keep.txt").is_file() for folder in theirs)


def test_runner_refuses_to_empty_a_run_folder_it_did_not_create(tmp_path):
    write_notebook(tmp_path, "01_a", "pass")
    runs = [run.Run("01_a", "default", {}, tmp_path)]
    theirs = tmp_path / "build" / "runs" / "01_a-default"
    theirs.mkdir(parents=True)
    (theirs / "thesis.tex").write_text("years of work")
    [outcome] = run.run_all(runs, build=tmp_path / "build", jobs=1, write_back=False)
    assert outcome.status == "failed" and "was not created by the runner" in outcome.error
    assert (theirs / "thesis.tex").read_text() == "years of work"


def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    import errno

    from postsoviet import files

    target = tmp_path / "verdicts.json"
    target.write_text("old\n")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        files.write_atomic(target, "new\n")
    with pytest.raises(OSError, match="No space left"):
        files.write_together([(tmp_path / "a.csv", "a"), (target, "new\n")])
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verdicts.json"]


def test_write_together_puts_back_the_first_file_when_the_second_fails(tmp_path, monkeypatch):
    from postsoviet import files

    first, second = tmp_path / "table.csv", tmp_path / "catalog.yaml"
    first.write_text("old table\n")
    second.write_text("old catalog\n")
    real = type(first).replace

    def failing(self, target):
        if Path(target) == second and self.name.startswith(files.PREFIX + "catalog"):
            raise OSError("disk removed")
        return real(self, target)

    monkeypatch.setattr(type(first), "replace", failing)
    with pytest.raises(OSError, match="disk removed"):
        files.write_together([(first, "new table\n"), (second, "new catalog\n")])
    assert (first.read_text(), second.read_text()) == ("old table\n", "old catalog\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.yaml", "table.csv"]


def test_an_unwritable_build_folder_is_one_sentence(demo, capsys, monkeypatch):
    import errno

    matrix = write_matrix(demo, "runs:\n  - {notebook: 01_demo, name: default}\n")

    def full(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(run, "write_atomic", full)
    code = run.main(["--matrix", str(matrix), "--build", str(demo / "build"), "--no-write-back"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("RunError: cannot write ") and "(No space left on device)" in err
    (demo / "file").write_text("")
    code = run.main(["--matrix", str(matrix), "--build", str(demo / "file")])
    assert code == 2 and capsys.readouterr().err == (
        f"RunError: --build {demo / 'file'} is a file, not a folder.\n"
    )


def test_a_committed_notebook_that_is_not_json_is_one_sentence(demo):
    path = demo / "01_demo.ipynb"
    text = path.read_text()
    path.write_text("<<<<<<< HEAD\n" + text + "=======\n{}\n>>>>>>> other\n")
    message = refused(demo, "")
    assert message == (
        f"{demo.name}/01_demo.ipynb is not a notebook: invalid JSON at line 1 (it holds "
        "merge-conflict markers); restore it, "
        f"e.g. `git checkout {demo.name}/01_demo.ipynb`."
    )
    path.write_text(text[:100])
    assert "is not a notebook: invalid JSON" in refused(demo, "")


def test_a_truncated_parameter_memo_is_rebuilt(demo, tmp_path):
    memo = tmp_path / "cache" / "parameters.json"
    matrix = write_matrix(demo, "runs:\n  - {notebook: 01_demo, name: default}\n")
    run.load_runs(matrix, memo=memo)
    memo.write_text(memo.read_text()[:30])
    assert [r.id for r in run.load_runs(matrix, memo=memo)] == ["01_demo-default"]
    assert json.loads(memo.read_text())  # rewritten whole


def test_a_yaml_alias_bomb_is_refused_before_it_expands(demo):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path = write_matrix(demo, "\n".join(levels) + "\nruns: [*a8]\n")
    with pytest.raises(run.RunError) as caught:
        run.load_runs(path)
    assert str(caught.value) == (
        "runs.yaml expands to more than 100,000 values through its aliases; "
        "refused before expanding it."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("claims: [{id: a, kind: fact\n", "data/claims.yaml is not valid YAML ("),
        ("claims: {a: 1}\n", "data/claims.yaml must be a mapping with a list of claims"),
        (
            "claims:\n  - {id: a, kind: '<script>alert(1)</script>'}\n",
            "data/claims.yaml, claim `a` has the kind '<script>alert(1)</script>'; use one of",
        ),
    ],
)
def test_a_broken_claims_file_is_one_sentence(demo, tmp_path, monkeypatch, text, message):
    from postsoviet import claims

    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.yaml").write_text(text)
    monkeypatch.setattr(claims, "DATA_DIR", data)
    assert refused(demo, "").startswith(message)


SLOW = """\
import os, pathlib, time
pathlib.Path(f"started-{value}").write_text(str(os.getpid()))
time.sleep(3600)"""

SLOW_MATRIX = """\
runs:
  - {notebook: 01_slow, name: default}
  - {notebook: 01_slow, name: two, parameters: {value: 2}}
  - {notebook: 01_slow, name: three, parameters: {value: 3}}
  - {notebook: 01_slow, name: four, parameters: {value: 4}}
"""


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class TestInterrupts:
    """Real kernels: a class, so that `--dist loadscope` may give it a worker of its own."""

    @pytest.mark.parametrize(
        ("signal_name", "jobs"), [("SIGINT", 2), ("SIGTERM", 2), ("SIGINT", 1)], ids=str
    )
    def test_an_interrupt_stops_the_batch_its_kernels_and_the_queue(
        self, tmp_path, signal_name, jobs
    ):
        """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM (to the
        runner alone): queued runs never start, kernels stop, no run is recorded as current."""
        import os
        import signal
        import subprocess
        import time

        folder = tmp_path / "notebooks"
        folder.mkdir()
        write_notebook(folder, "01_slow", SLOW)
        matrix = write_matrix(folder, SLOW_MATRIX)
        build = tmp_path / "build"
        command = [sys.executable, "-m", "postsoviet.run", "--matrix", str(matrix)]
        command += ["--build", str(build), "--jobs", str(jobs), "--no-write-back"]
        env = {**os.environ, "PYTHONPATH": str(Path(run.__file__).resolve().parents[1])}
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 600  # a guard against a hang, not an assertion
            while len(list(folder.glob("started-*"))) < jobs and time.monotonic() < deadline:
                assert process.poll() is None, process.communicate()
                time.sleep(0.2)
            kernels = [int(p.read_text()) for p in folder.glob("started-*")]
            assert len(kernels) == jobs
            if signal_name == "SIGINT":
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=600)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        assert process.returncode == 130
        assert err.count("\n") == 1, err
        assert err.startswith(f"Interrupted: 0 of 4 runs finished, {jobs} stopped (01_slow-")
        assert err.endswith(
            f"{4 - jobs} not started; build/ keeps only the runs that finished, and nothing was "
            "written back.\n"
        )
        assert len(list(folder.glob("started-*"))) == jobs  # the queue was cancelled
        for pid in kernels:
            for _ in range(600):  # a stopped kernel may take a moment to be reaped (a guard)
                if not _alive(pid):
                    break
                time.sleep(0.1)
            assert not _alive(pid), f"kernel {pid} still running"
        for record in build.glob("runs/*/run.json"):
            assert json.loads(record.read_text())["key"] is None


def test_a_refusal_in_a_notebook_is_its_sentence_first_not_a_traceback(tmp_path):
    deep = (
        "from postsoviet import params\n"
        "def window(days):\n"
        "    return params.integer(days, 'window_days', 1, 120)\n"
        "window('x')"
    )
    write_notebook(tmp_path, "01_a", deep)
    output = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run.execute(run.Run("01_a", "default", {}, tmp_path), output, None)
    sentence = "ParameterError: Parameter `window_days` is 'x', which is not a whole number."
    lines = str(caught.value).strip().splitlines()
    assert lines[-1] == sentence and len(lines) <= 3, lines
    failed = nbformat.read(output, as_version=4)
    assert sentence in failed.cells[0].source  # papermill's banner, at the top
    [error] = [
        o for c in failed.cells if c.cell_type == "code" for o in c.outputs if o.get("ename")
    ]
    assert error.traceback == [sentence]


NAN_CHECK = """\
from postsoviet import claims, rules
part = rules.within("an official count lies within ±15 % of it", 98000, float("nan"), 0.15,
                    because="test", sources=["https://example.org/"])
claims.check(claims.judge("kz_100k_one_week", [part], claimed=float("nan"), question="q"))"""


def test_a_verdict_showing_a_missing_number_fails_its_run(tmp_path):
    """`within nan–nan` must never reach the scorecard."""
    write_notebook(tmp_path, "01_a", NAN_CHECK)
    runs, build = [run.Run("01_a", "default", {}, tmp_path)], tmp_path / "build"
    [outcome] = run.run_all(runs, build=build, jobs=1, write_back=False)
    assert outcome.status == "failed"
    assert outcome.error.startswith("the verdict on `kz_100k_one_week` shows a missing number")
    assert "the data it needs were empty or absent." in outcome.error
    assert json.loads((build / "verdicts.json").read_text())["verdicts"] == []
