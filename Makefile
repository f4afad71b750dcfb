VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test test-fast lint bench demo

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
