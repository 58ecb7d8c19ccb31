# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test lint postgres redis bench model names-model accuracy findings clean setup chromium

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  (apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV))
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask --app klarsprak db upgrade
	$(BIN)/flask --app klarsprak seed-demo
	@echo "Klarspråk körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl+C)"
	$(BIN)/flask --app klarsprak run --host $(HOST) --port $(PORT)

# Production: gunicorn with several workers (gunicorn.conf.py), migrations first, no demo data.
# Needs SECRET_KEY and PERSONAL_DATA_KEY in the environment (README, "Drift").
serve: $(STAMP)
	KLARSPRAK_ENV=production $(BIN)/flask --app klarsprak db upgrade
	KLARSPRAK_ENV=production HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Browser tests drive Debian's Chromium: Playwright cannot download its own browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# A throwaway PostgreSQL cluster on loopback (installs Debian's postgresql when missing).
postgres:
	@scripts/test-postgres.sh >/dev/null

# A throwaway Redis server on loopback, for the rate limits shared by workers (installs Debian's
# redis-server when missing).
redis:
	@scripts/test-redis.sh >/dev/null

test: $(STAMP) chromium postgres redis lint
	KLARSPRAK_TEST_POSTGRES=$$(scripts/test-postgres.sh) KLARSPRAK_TEST_REDIS=$$(scripts/test-redis.sh) \
	  $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r klarsprak -c pyproject.toml

bench: $(STAMP)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/web_bench.py
	$(BIN)/python bench/privacy_bench.py
	$(BIN)/python bench/memory_bench.py
	$(BIN)/python bench/overview_bench.py
	$(BIN)/python bench/rule_changes_bench.py
	$(BIN)/python bench/notifications_bench.py
	$(BIN)/python bench/diff_mail_bench.py
	$(BIN)/python bench/writer_actions_bench.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/ops_bench.py

# Retrain the Swedish pipeline from ../shared/data (fixed seed), then regenerate docs/accuracy.md.
model: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python training/train.py
	$(BIN)/python training/evaluate.py

# Retrain the name recogniser of personal-data detection (reads the pipeline's token vectors, so
# run it after `make model`), from the development part of ../shared/data/swedish-ner-corpus.
names-model: $(STAMP)
	$(BIN)/python training/train_names.py

# Precision, recall and suggestion quality of the findings on real text from ../shared
# (judgments in training/data/findings/); fails while a finding is unjudged.
findings: $(STAMP)
	$(BIN)/python training/findings_eval.py --write-docs --check

# Re-measure the pipeline's held-out accuracy (needs build/heldout from `make model`) and the findings.
accuracy: $(STAMP) findings
	$(BIN)/python training/evaluate.py

clean:
	rm -rf build .pytest_cache
