# Two entry points: `make run` opens the sample reviews, `make test` runs every check.
# Both create the virtual environment and install everything on first use. `make install`
# puts `reader` on the user's PATH (no root), for use outside this folder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# reader's compiled bytecode is kept (in the venv, so the source tree stays clean) even
# where PYTHONDONTWRITEBYTECODE is set, as an installed reader's is: compiling every
# module at every start took 0.15-0.3 s, and a quarter of the tests' CPU time.
CACHED := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache

.PHONY: run install test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "reader needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(CACHED) $(BIN)/reader sample_reviews/

# `reader` on the user's own path, no root: pipx when it is there, else pip's --user scheme.
install:
	@if command -v pipx >/dev/null 2>&1; then \
		echo 'pipx install --force .'; pipx install --force .; \
	else \
		echo '$(PYTHON) -m pip install --user .'; $(PYTHON) -m pip install --user .; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --platform win32 --cache-dir .mypy_cache/win32 reader
	$(BIN)/mypy --platform darwin --cache-dir .mypy_cache/darwin reader

# Tests that start their own sound server measure real time: they run one at a time, after
# the rest (which mostly wait on processes) have run four at once.
WORKERS ?= 4

test: lint
	$(CACHED) $(BIN)/pytest -n $(WORKERS) -m "not sound_server"
	$(CACHED) $(BIN)/pytest -m sound_server

bench: $(STAMP)
	$(BIN)/python bench/open_export.py
	$(BIN)/python bench/parse_throughput.py
	$(BIN)/python bench/sentence_split.py
	$(BIN)/python bench/speech_latency.py
	$(BIN)/python bench/stop_latency.py
	$(BIN)/python bench/stretch_speed.py
	$(BIN)/python bench/export_speed.py
	$(BIN)/python bench/tui_startup.py
	$(BIN)/python bench/key_to_speech.py
	$(BIN)/python bench/plain_first_line.py
	$(BIN)/python bench/real_audio.py
	$(BIN)/python bench/output_libraries.py
	$(BIN)/python bench/export_formats.py
	$(BIN)/python bench/piper_speed.py
	$(BIN)/python bench/piper_threads.py
	$(BIN)/python bench/look_ahead.py
	$(BIN)/python bench/verdicts.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
