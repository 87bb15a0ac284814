# Each target is one line; the venv is created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test bench lint clean

play: $(VENV)/.play-installed ; $(BIN)/backstop play

test: $(VENV)/.test-installed ; $(BIN)/ruff check . && $(BIN)/mypy && SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy MPLBACKEND=Agg $(BIN)/pytest -q

bench: $(VENV)/.test-installed ; for f in bench/*.py; do $(BIN)/python $$f || exit 1; done

lint: $(VENV)/.test-installed ; $(BIN)/ruff check . && $(BIN)/mypy

$(VENV)/.play-installed: pyproject.toml ; test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/pip install -q -e . && touch $@

$(VENV)/.test-installed: pyproject.toml ; test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/pip install -q -e '.[test]' && touch $@ $(VENV)/.play-installed

clean: ; rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
