VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test test-fast lint bench demo screenshots

$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[test]'

install: $(PY)

test: $(PY)
	$(PY) -m pytest

test-fast: $(PY)
	$(PY) -m pytest -m "not slow and not browser"

lint: $(PY)
	VENV=$(VENV) scripts/lint.sh

bench: $(PY)
	for script in benchmarks/*.py; do $(PY) $$script; done

demo: $(PY)
	$(VENV)/bin/shiftwatch demo

# Screenshots of every dashboard page at 1280 px and 390 px (demo database, real Chromium, no
# network) into test-artifacts/dashboard/; not committed.
screenshots: $(PY)
	$(PY) -m pytest tests/test_dashboard.py -q -k "every_page or phone or compare or dyad_page_explains"
	@ls test-artifacts/dashboard/
