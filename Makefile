# Two commands do everything: `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-pyproject
# Extra options for the runner, e.g. `make run RUN="--only 02_exodus --jobs 1"`.
RUN    ?=
# Extra options for JupyterLab, e.g. `make lab LAB="--allow-root --port 8899"` in a container.
LAB    ?=
# Options for `make profile`, e.g. PROFILE="--only 01_unwritten_rules --cells 10".
PROFILE ?=

.PHONY: run test lint lab report notebooks benchmark profile clean distclean

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(PYTHON) -m postsoviet.lab install
	touch $(STAMP)

## run: execute notebooks/runs.yaml into build/ (parallel, cached), write build/index.html,
##      write the default runs back to notebooks/ and regenerate the README's Findings (offline)
run: $(STAMP)
	$(PYTHON) -m postsoviet.run $(RUN)

## test: lint, library tests, and nbval on the committed notebooks (offline).
## nbval re-executes each committed notebook and compares its outputs; a test checks that
## each is already in the normal form `make run` writes. Together they stand in for
## `make run && git diff --exit-code notebooks/` without executing every notebook twice.
test: $(STAMP) lint
	$(PYTHON) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check lib tests notebooks benchmarks
	$(VENV)/bin/ruff format --check lib tests benchmarks

## lab: open JupyterLab at the repository root (README, data/ and notebooks/ side by side);
##      its python3 kernel is this project's .venv
lab: $(STAMP)
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(LAB)

## report: regenerate the README's Findings (from the committed notebooks) and Data (from
##         data/catalog.yaml) tables, executing nothing
report: $(STAMP)
	$(PYTHON) -m postsoviet.report

## notebooks: re-execute every notebook's default run (even if cached) and write it back
notebooks: $(STAMP)
	$(PYTHON) -m postsoviet.run --in-place

## benchmark: time a cold batch, its floor, a no-change rerun and a one-dataset edit,
##            three rounds, medians reported (about six minutes)
benchmark: $(STAMP)
	$(PYTHON) benchmarks/batch.py

## profile: where each default run's time goes (kernel, cells, HTML), slowest cells first;
##          e.g. `make profile PROFILE="--only 05_pressure_at_home"` (a minute or two)
profile: $(STAMP)
	$(PYTHON) benchmarks/notebooks.py $(PROFILE)

## clean: remove build/ (executed notebooks, HTML, scorecard, caches)
clean:
	rm -rf build

## distclean: also remove .venv (the next make reinstalls, a few minutes)
distclean: clean
	rm -rf $(VENV)
