# Two commands: `make play` and `make test`. Everything else is for writers and developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: playing needs the game and its dependencies only; the test tools
# (pytest, mypy, ruff, ...) come with `make test`. Both are editable installs, so the game
# reads the top-level scenes/ and assets/ and a writer's edit shows up at once.
PLAY_STAMP := $(VENV)/.installed-play
TEST_STAMP := $(VENV)/.installed-test
# The editor tests drive the real yaml-language-server, pinned in tools/editor/package-lock.json.
# `make test` installs it wherever node and npm are (CI installs them first); without them those
# tests skip on a writer's machine and fail under CI.
EDITOR_STAMP := tools/editor/node_modules/.installed

.PHONY: play test lint check bench shots web-shots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(PLAY_STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(PLAY_STAMP)

$(TEST_STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP) $(PLAY_STAMP)

$(EDITOR_STAMP): tools/editor/package.json tools/editor/package-lock.json
	@if command -v npm > /dev/null 2>&1; then \
		npm ci --prefix tools/editor --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the editor tests skip (install nodejs and npm to run them)"; fi

play: $(PLAY_STAMP)
	$(BIN)/after-lenin play $(ARGS)

test: $(TEST_STAMP) $(EDITOR_STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest
	$(BIN)/codespell scenes docs README.md

lint: $(TEST_STAMP)
	$(BIN)/mypy --strict game
	$(BIN)/ruff check game

check: $(PLAY_STAMP)
	$(BIN)/after-lenin check scenes --strict

bench: $(TEST_STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m bench

shots: $(PLAY_STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/after-lenin shots --out shots

web-shots: $(TEST_STAMP)
	$(BIN)/python -m game.web.shots --out shots/web

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis shots tools/editor/node_modules
