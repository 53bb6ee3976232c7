# Base Station Mapper — developer commands. `make demo` and `make test` are all you need.
SHELL := /bin/bash
PY := .venv/bin/python
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
PKG := basestation_mapper
ZIP := dist/$(PKG)-$(VERSION).zip
export QT_QPA_PLATFORM ?= offscreen
export PROJ_DATA ?= /usr/share/proj
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup demo test test-unit test-qgis lint qt6-check bench package repo-xml translations clean

setup:
	@bash .ci/setup.sh
	@$(MAKE) --no-print-directory translations-release

demo: setup
	$(PY) -m $(PKG).plugin.demo

test: setup
	$(PY) -m pytest tests

test-unit: setup
	$(PY) -m pytest tests/unit

test-qgis: setup
	$(PY) -m pytest tests/qgis

lint: setup
	.venv/bin/ruff check .
	$(PY) .ci/qt6_check.py

qt6-check: setup
	$(PY) .ci/qt6_check.py

bench: setup
	$(PY) bench/run.py

package: setup
	$(PY) .ci/package.py --output $(ZIP)

repo-xml: package
	$(PY) .ci/repo_xml.py --zip $(ZIP) --output dist/plugins.xml $(if $(REPO_URL),--base-url $(REPO_URL),)

# Update i18n/*.ts from the sources (pylupdate5) and build the .qm files (lrelease)
translations:
	pylupdate5 -noobsolete $$(git ls-files 'plugin/*.py' '__init__.py') -ts i18n/$(PKG)_ko.ts
	@$(MAKE) --no-print-directory translations-release

translations-release:
	@for ts in i18n/*.ts; do lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; done

clean:
	rm -rf dist build demo-output .pytest_cache .ruff_cache i18n/*.qm
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
