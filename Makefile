# Two commands do everything: `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-pyproject

.PHONY: run test lint lab notebooks clean

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

## run: execute every notebook of notebooks/runs.yaml into build/ (offline)
run: $(STAMP)
	$(PYTHON) -m postsoviet.run

## test: lint, library tests, and nbval on the committed notebooks (offline)
test: $(STAMP) lint
	$(PYTHON) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check lib tests notebooks
	$(VENV)/bin/ruff format --check lib tests

## lab: open the notebooks in JupyterLab
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

## notebooks: re-execute the committed notebooks in place with their defaults
notebooks: $(STAMP)
	$(PYTHON) -m postsoviet.run --in-place

clean:
	rm -rf build $(VENV)
