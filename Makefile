# Two commands: `make play` and `make test`. Everything else is for writers and developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint check bench shots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/after-lenin play $(ARGS)

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest
	$(BIN)/codespell scenes docs README.md

lint: $(STAMP)
	$(BIN)/mypy --strict game
	$(BIN)/ruff check game

check: $(STAMP)
	$(BIN)/after-lenin check scenes --strict

bench: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m bench

shots: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/after-lenin shots --out shots

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis shots
