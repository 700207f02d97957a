# Set-up, run and test the portal. `make run` and `make test` each do the whole set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := PORTAL_ENV=development $(BIN)/flask --app wsgi
SASS := node_modules/.bin/sass
VENDOR := portal/static/vendor
DIST := portal/static/dist

.PHONY: run test install assets translations db demo check-browser check-pdf extract-strings bench clean

run: install assets translations check-pdf
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo
	@echo "  The portal is at http://127.0.0.1:5000 (demo data: fictional people and services)."
	@echo "  Sign in as quiet-river-42 (participant) or barbershop-connector (community connector)"
	@echo "  with the password 'demo teapot river'. Staff demo accounts (first-contact-lead,"
	@echo "  safeguarding-lead, demo-admin, demo-commissioner) also ask for a code: get it with"
	@echo "  PORTAL_ENV=development .venv/bin/flask --app wsgi demo code demo-admin"
	@echo "  A demo continuity card (code printed above when the demo data was loaded) signs in"
	@echo "  at /sign-in/card with the PIN 4826."
	@echo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install assets translations check-browser check-pdf
	CI=$${CI:-} $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	mkdir -p $(VENDOR)/nhsuk $(DIST)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets $(VENDOR)/nhsuk/
	$(SASS) --load-path=node_modules --no-source-map --style=compressed --quiet-deps \
		portal/static/scss/portal.scss $(DIST)/portal.css

translations: $(VENV)/.installed
	$(FLASK) translations compile

extract-strings: $(VENV)/.installed
	$(FLASK) translations extract

check-browser:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
		else \
			echo "The browser tests need Debian's chromium and fonts-noto-core:"; \
			echo "  sudo apt-get install -y chromium fonts-noto-core"; \
			exit 1; \
		fi; \
	fi
	@dpkg -s fonts-noto-core >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; } || { echo "Install fonts-noto-core: sudo apt-get install -y fonts-noto-core"; exit 1; }

# The benchmark (not part of the tests): large dataset, gunicorn, wrk, Lighthouse; prints figures.
bench: install assets translations check-browser
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "The benchmark needs wrk: sudo apt-get install -y wrk"; exit 1; }
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Evidence packs as PDF: WeasyPrint lays text out with Debian's Pango (HarfBuzz shapes Bengali,
# Urdu and Arabic) in the Noto fonts.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
check-pdf:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; } || { echo "Evidence packs as PDF need: sudo apt-get install -y $(PDF_PACKAGES)"; exit 1; }

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(DIST)
