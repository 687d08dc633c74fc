# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test bench clean

# What `wiretrace` needs to run; the test, evaluation and Spark extras come with `make test` only.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test,eval,spark]'
	touch $@

install: $(VENV)/.installed

# Into the default store (wiretrace.db here), so that the commands it prints work as printed.
demo: install
	$(BIN)/wiretrace demo

# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$rc

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV)
