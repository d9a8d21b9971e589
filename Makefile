# The two fresh-machine commands of the README: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test lint setup bench bench-scale bench-load bench-fidelity bench-site fuzz servers

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/kg

setup: $(BIN)/kg

build: setup
	$(BIN)/kg build --out output

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# The servers the tests start on loopback: Oxigraph comes with the package (pip);
# Virtuoso open source (a triple store), nginx (the site's content negotiation) and
# Chromium with its chromedriver (the site in a real browser) from Debian's packages,
# installed here if missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NGINX := $(shell command -v nginx || echo /usr/sbin/nginx)
servers:
	@{ command -v virtuoso-t && test -x $(NGINX) && command -v chromium && command -v chromedriver; } \
		>/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$(SUDO) apt-get install -y -qq virtuoso-opensource nginx chromium chromium-driver >/dev/null; }
	@command -v virtuoso-t >/dev/null && test -x $(NGINX) && command -v chromium >/dev/null \
		&& command -v chromedriver >/dev/null

test: lint servers
	$(BIN)/pytest

# The fuzz and fault suite at full size (make test runs it small): must print zeros.
FUZZ_PAGES ?= 3000
fuzz: setup
	$(BIN)/python benchmarks/fuzz.py --pages $(FUZZ_PAGES)

bench: setup
	$(BIN)/python benchmarks/benchmark.py

bench-site: setup
	$(BIN)/python benchmarks/site.py

bench-scale: setup
	$(BIN)/python benchmarks/scale.py

bench-load: setup servers
	$(BIN)/python benchmarks/load_stores.py

# Real pages (third-party: not in the repository; see benchmarks/fidelity/README.md).
PAGES ?= benchmarks/fidelity/pages
bench-fidelity: setup
	$(BIN)/python benchmarks/fidelity.py --pages $(PAGES)
