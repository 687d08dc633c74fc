# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test,eval,spark]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/wiretrace demo --db wiretrace-demo.db

# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
test: install
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$rc

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) wiretrace-demo.db*
