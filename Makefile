# Developer and CI entry points for the plivo.messaging collection.
# Only python3 and make are needed: everything else goes into .venv (the development
# toolchain) or, for `make demo`, into .venv-demo (only what the collection needs at run time).
# See docs/docsite/rst/guide_development.rst.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-dev.stamp
# ansible_collections tree whose plivo/messaging entry is a symlink to this checkout; the
# tests build the same link with tests/collection_tree.py
COLLECTIONS_DIR := $(CURDIR)/.build/collections
COLLECTION_LINK := .build/collections/ansible_collections/plivo/messaging
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (sanity runs on one while the rest use the other)
PYTEST_WORKERS ?= auto

# `make demo` runs on the collection's run-time requirements only, in a venv of its own: the
# ansible-core line of requirements-dev.txt (one version family for demo and tests) and
# requirements.txt (requests, urllib3). The venv gets no pip or setuptools of its own: pip
# installs into it from $(PYTHON) (pip --python, pip 22.3 or newer), or, when $(PYTHON) has no
# such pip, from a pip that ensurepip puts into the venv. --no-compile skips byte-compiling all
# of ansible-core up front; Python caches the bytecode of what the demo imports on first use.
DEMO_VENV ?= .venv-demo
DEMO_BIN := $(DEMO_VENV)/bin
DEMO_STAMP := $(DEMO_VENV)/.requirements-demo.stamp
DEMO_ANSIBLE_CORE := $(shell grep -m1 -E '^ansible-core[ <>=!~]' requirements-dev.txt)

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_ROOT_USER_ACTION := ignore

.PHONY: help venv demo-venv collection-tree demo test units emulator-tests integration quality \
        sanity lint changelog matrix perf mutation build clean distclean

help:
	@echo "make demo         run playbooks/demo.yml against the local Plivo emulator (runtime-only .venv-demo)"
	@echo "make test         the whole pytest suite (unit, emulator, integration, quality)"
	@echo "make units        unit tests only (tests/unit)"
	@echo "make integration  playbook integration tests against the emulator (tests/integration)"
	@echo "make sanity       ansible-test sanity (tests/quality/test_sanity.py)"
	@echo "make lint         ansible-lint, production profile"
	@echo "make changelog    antsibull-changelog lint"
	@echo "make matrix       unit + integration tests on ansible-core 2.17, 2.18, 2.19 (tox)"
	@echo "make perf         the fleet benchmark (tests/perf/benchmark.py)"
	@echo "make mutation     mutation testing of plugins/module_utils (mutmut; tens of minutes)"
	@echo "make build        build the collection tarball into .build/dist"
	@echo "make clean        remove .build, .cache and pytest caches (keeps .venv)"
	@echo "make distclean    clean, and remove .venv and .venv-demo too"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp makes re-runs fast: pip only runs again when requirements-dev.txt changes.
$(STAMP): requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(STAMP)

$(DEMO_BIN)/python:
	$(PYTHON) -m venv --without-pip $(DEMO_VENV)

$(DEMO_STAMP): requirements.txt requirements-dev.txt | $(DEMO_BIN)/python
	@if $(PYTHON) -m pip --python $(DEMO_BIN)/python --version >/dev/null 2>&1; then \
		pip="$(PYTHON) -m pip --python $(DEMO_BIN)/python"; \
	else \
		$(DEMO_BIN)/python -m ensurepip --default-pip >/dev/null && pip="$(DEMO_BIN)/python -m pip"; \
	fi && \
	echo "$$pip install --no-compile '$(DEMO_ANSIBLE_CORE)' -r requirements.txt" && \
	$$pip install --quiet --no-compile '$(DEMO_ANSIBLE_CORE)' -r requirements.txt
	@touch $@

demo-venv: $(DEMO_STAMP)

$(COLLECTION_LINK):
	@mkdir -p $(dir $@)
	@ln -sfn ../../../.. $@

collection-tree: $(COLLECTION_LINK)

demo: $(DEMO_STAMP) $(COLLECTION_LINK)
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) \
	ANSIBLE_LOCALHOST_WARNING=false \
	ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	$(DEMO_BIN)/python tests/emulator/plivo_emulator.py --port 0 -- \
		$(DEMO_BIN)/ansible-playbook playbooks/demo.yml

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS) tests

units: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests/unit

emulator-tests: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests/unit/emulator

integration: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests/integration

quality: $(STAMP)
	$(BIN)/python -m pytest -v $(PYTEST_ARGS) tests/quality

sanity: $(STAMP)
	$(BIN)/python -m pytest -v $(PYTEST_ARGS) tests/quality/test_sanity.py

lint: $(STAMP) $(COLLECTION_LINK)
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(BIN)/ansible-lint

changelog: $(STAMP)
	$(BIN)/antsibull-changelog lint

matrix: $(STAMP)
	$(BIN)/tox

perf: $(STAMP)
	$(BIN)/python tests/perf/benchmark.py

MUTATION_STAMP := $(VENV)/.requirements-mutation.stamp
# MUTATION_ARGS: e.g. --keep (re-run only what changed) or a mutant glob such as '*retry*'
MUTATION_ARGS ?=

$(MUTATION_STAMP): requirements-mutation.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-mutation.txt
	@touch $@

mutation: $(MUTATION_STAMP)
	$(BIN)/python tests/mutation/run_mutation.py $(MUTATION_ARGS)

build: $(STAMP)
	@mkdir -p .build/dist
	$(BIN)/ansible-galaxy collection build --force --output-path .build/dist .

clean:
	rm -rf .build .cache .pytest_cache tests/output
	find . \( -path ./$(VENV) -o -path ./$(DEMO_VENV) \) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(DEMO_VENV) .tox
