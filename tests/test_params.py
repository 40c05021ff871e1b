"""Parameter validation: each bad value stops with one sentence naming the parameter."""

import pandas as pd
import pytest

from postsoviet import params
from postsoviet.params import ParameterError


def message(call, *args, **kwargs) -> str:
    with pytest.raises(ParameterError) as caught:
        call(*args, **kwargs)
    text = str(caught.value)
    assert text.endswith(".") and "\n" not in text
    return text


def test_country_accepts_codes_in_any_case():
    assert params.country("geo", "country", allowed=["GEO", "KAZ"]) == "GEO"


def test_unknown_country_lists_the_valid_values():
    assert message(params.country, "XX", "country", allowed=["KAZ", "GEO"]) == (
        "Parameter `country` is 'XX', which is not one of the available ISO alpha-3 codes: "
        "GEO (Georgia), KAZ (Kazakhstan)."
    )


def test_country_list():
    assert params.country_list("KAZ, geo", "countries") == ["KAZ", "GEO"]
    assert "lists KAZ more than once" in message(params.country_list, ["KAZ", "KAZ"], "countries")
    assert "must be a non-empty list" in message(params.country_list, [], "countries")


def test_dates():
    assert params.date("2022-09-21", "start") == pd.Timestamp("2022-09-21")
    assert message(params.date, "21/09/2022", "start") == (
        "Parameter `start` is '21/09/2022', which is not a date like 2022-09-21."
    )
    assert "before the earliest date 2022-01-01" in message(
        params.date, "2021-12-31", "start", earliest="2022-01-01"
    )
    assert "after the latest date" in message(
        params.date, "2030-01-01", "start", latest="2025-01-01"
    )


def test_inverted_date_range_names_both_parameters():
    assert message(params.date_range, "2022-10-01", "2022-09-01", ("start", "end")) == (
        "Parameters `start` (2022-10-01) and `end` (2022-09-01) are inverted: "
        "`start` must not be after `end`."
    )


def test_numbers():
    assert params.integer("7", "window_days", 1, 120) == 7
    assert params.integer(7.0, "window_days", 1, 120) == 7
    assert "not a whole number" in message(params.integer, 7.5, "window_days", 1, 120)
    assert "not a whole number" in message(params.integer, True, "window_days", 1, 120)
    assert "outside the accepted range 1 to 120" in message(
        params.integer, 0, "window_days", 1, 120
    )
    assert params.number("0.15", "tolerance", 0.01, 0.5) == 0.15
    assert "not a number" in message(params.number, "lots", "tolerance", 0.01, 0.5)
    assert "outside the accepted range 0.01 to 0.5" in message(
        params.number, 2, "tolerance", 0.01, 0.5
    )


def test_choice():
    assert params.choice("a", "mode", ["a", "b"]) == "a"
    assert (
        message(params.choice, "c", "mode", ["a", "b"])
        == "Parameter `mode` is 'c'; choose one of: a, b."
    )


def test_month():
    assert params.month("2022-08", "baseline_month", "2021-01", "2022-08") == pd.Period("2022-08")
    expected = (
        "Parameter `baseline_month` is '2022-09'; give a month as YYYY-MM from 2021-01 to 2022-08."
    )
    assert message(params.month, "2022-09", "baseline_month", "2021-01", "2022-08") == expected
    assert "is 'August'" in message(params.month, "August", "baseline_month", "2021-01", "2022-08")


# --- a misspelt parameter name (papermill only warns) ---------------------------------------

DECLARED_CELL = "country: str = 'KAZ'  # ISO code\nstart = '2022-09-21'\n"


def test_only_declared_refuses_a_misspelt_injected_name():
    history = ["", DECLARED_CELL, '# Parameters\ncountri = "GEO"\n', "params.only_declared(...)"]
    with pytest.raises(params.ParameterError) as caught:
        params.only_declared({"_ih": history})
    assert str(caught.value) == (
        "Parameter `countri` is not declared by this notebook; it declares country, start."
    )


def test_only_declared_accepts_declared_names_and_runs_without_papermill():
    history = ["", DECLARED_CELL, '# Parameters\ncountry = "GEO"\nstart = "2022-10-01"\n']
    params.only_declared({"_ih": history})
    params.only_declared({"_ih": ["", DECLARED_CELL, "x = 1"]})  # JupyterLab, nbval
    params.only_declared({"_ih": ["", "# Parameters\n" + DECLARED_CELL, "x = 1"]})
    params.only_declared(["country"], ["country", "start"])
    with pytest.raises(params.ParameterError, match="Parameters `a`, `b` are not declared"):
        params.only_declared(["a", "b", "country"], ["country"])


def test_a_notebook_refuses_a_misspelt_papermill_parameter(tmp_path):
    import nbformat
    import papermill

    cells = [
        nbformat.v4.new_code_cell(DECLARED_CELL, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from postsoviet import params\nparams.only_declared(globals())"),
        nbformat.v4.new_code_cell("print(country)"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(tmp_path / "nb.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"countri": "GEO"},
            kernel_name="python3",
            progress_bar=False,
        )
    assert (caught.value.ename, caught.value.evalue) == (
        "ParameterError",
        "Parameter `countri` is not declared by this notebook; it declares country, start.",
    )
