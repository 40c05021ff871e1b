"""The batch runner: its checks of the run matrix, its cleaning, and a real failing run."""

import nbformat
import papermill
import pytest

from postsoviet import run


def write_matrix(folder, text):
    path = folder / "runs.yaml"
    path.write_text(text)
    return path


def test_unknown_parameter_in_the_matrix_is_refused(tmp_path):
    source = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("country = 'KAZ'", metadata={"tags": ["parameters"]})]
    )
    source.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nbformat.write(source, tmp_path / "01_demo.ipynb")
    path = write_matrix(
        tmp_path, "runs:\n  - {notebook: 01_demo, name: x, parameters: {contry: GEO}}\n"
    )
    with pytest.raises(
        run.RunError, match="01_demo has no parameter `contry`; it declares country."
    ):
        run.load_runs(path)


def test_missing_notebook_and_duplicate_run(tmp_path):
    path = write_matrix(tmp_path, "runs:\n  - {notebook: 09_none, name: default}\n")
    with pytest.raises(run.RunError, match="there is no notebook 09_none.ipynb"):
        run.load_runs(path)


def test_shipped_matrix_is_valid():
    runs = run.load_runs()
    assert {r.notebook for r in runs if r.name == "default"} == {
        p.stem for p in run.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
    }


def test_clean_strips_timestamps_and_renumbers():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("1", execution_count=7),
            nbformat.v4.new_markdown_cell("x"),
        ]
    )
    notebook.metadata["papermill"] = {"start_time": "now"}
    notebook.cells[0].metadata["execution"] = {"iopub.execute_input": "now"}
    cleaned = run.clean(notebook)
    assert "papermill" not in cleaned.metadata
    assert cleaned.cells[0].execution_count == 1
    assert "execution" not in cleaned.cells[0].metadata
    assert cleaned.metadata["kernelspec"]["name"] == "python3"


def test_bad_country_stops_the_notebook_with_one_sentence(tmp_path):
    exodus = run.Run("02_exodus", "bad-country", {"country": "XX"})
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run.execute(exodus, tmp_path / "out.ipynb", None)
    assert caught.value.ename == "ParameterError"
    assert caught.value.evalue == (
        "Parameter `country` is 'XX', which is not one of the available ISO alpha-3 codes: "
        "EUU (European Union), FIN (Finland), GEO (Georgia), KAZ (Kazakhstan), MNG (Mongolia)."
    )
