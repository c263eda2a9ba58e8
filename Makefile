# Two commands matter: `make run` (set up, index the bundled corpus, start the app) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The CPU build of torch is installed first and pinned, so that no dependency pulls CUDA wheels.
TORCH_SPEC ?= torch==2.13.0
HOST ?= 127.0.0.1
PORT ?= 7860
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install index serve ask eval ablation retrieval-variants bench screenshots clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)" -c constraints.txt
	$(BIN)/python -m pip install --quiet -e ".[test]" -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

# Incremental: unchanged documents cost a hash each, so this is instant when nothing changed.
index: install
	$(BIN)/advisor ingest

run: index
	$(BIN)/advisor serve --host $(HOST) --port $(PORT)

ask: index
	$(BIN)/advisor ask

test: install
	$(BIN)/python -m pytest -q -ra

eval: index
	$(BIN)/advisor eval retrieval --dataset evals/datasets/retrieval.jsonl
	$(BIN)/advisor eval blocked --dataset evals/datasets/retrieval.jsonl --dataset evals/datasets/retrieval_holdout.jsonl

ablation: install
	$(BIN)/python evals/ablation.py

retrieval-variants: install
	$(BIN)/python evals/retrieval_variants.py

bench: index
	$(BIN)/python evals/bench_retrieval.py

# Refresh the README's pictures (docs/screenshots) from the browser tests.
screenshots: install
	ADVISOR_UPDATE_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser

clean:
	rm -rf .advisor-data test-artifacts
