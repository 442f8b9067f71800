# The two commands of README.md (and test-fast, for development). Each sets itself up on a
# fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO := $(VENV)/bin/hoso --data-dir .data/demo

.PHONY: demo test test-fast setup

$(VENV)/.installed: pyproject.toml
	bash scripts/setup.sh $(VENV)
	touch $@

setup: $(VENV)/.installed

demo: $(VENV)/.installed
	$(DEMO) ingest samples
	$(DEMO) search "hội đồng nhân dân" --limit 3
	$(DEMO) search "hoi dong nhan dan" --limit 3
	$(DEMO) search '"chương trình giám sát"' --limit 3
	$(DEMO) status

test: $(VENV)/.installed
	bash scripts/test.sh $(VENV)

# Optional, for development: the same without the tests marked slow (see README.md).
test-fast: $(VENV)/.installed
	bash scripts/test.sh $(VENV) fast
