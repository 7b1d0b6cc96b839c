# renja-analytics: run `make help` for the targets.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report extract audit test test-fast lab bench clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create the virtual environment from pyproject.toml (done on first use)

report: $(STAMP) ## main job: extract the bundled document into data/processed/ and run every notebook into reports/
	$(BIN)/renja extract
	$(BIN)/renja report

extract: $(STAMP) ## extract a document: make extract SOURCE=path/to/renja.txt
	$(BIN)/renja extract $(SOURCE)

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## run the tests that need no notebook kernel or browser
	$(BIN)/python -m pytest -q -m "not slow"

audit: $(STAMP) ## check the bundled document's figures against each other (findings.csv)
	$(BIN)/renja audit

# JupyterLab's own options: make lab JUPYTER_ARGS="--no-browser --port=8899". JupyterLab refuses to start as
# root (containers, WSL) without --allow-root: `make lab` adds it when run as root (id -u is 0).
JUPYTER_ARGS ?=
LAB_ROOT_ARG = $(if $(filter 0,$(shell id -u 2>/dev/null)),$(if $(findstring --allow-root,$(JUPYTER_ARGS)),,--allow-root))

lab: $(STAMP) ## open JupyterLab on notebooks/ (options: JUPYTER_ARGS="..."; --allow-root added as root)
	$(BIN)/jupyter lab $(strip $(LAB_ROOT_ARG) $(JUPYTER_ARGS) notebooks/)

bench: $(STAMP) ## run the benchmarks and print their figures
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_report.py

clean: ## remove the virtual environment and generated outputs
	rm -rf $(VENV) reports/* data/processed/*.csv data/processed/*.xlsx data/processed/.renja-outputs.json
