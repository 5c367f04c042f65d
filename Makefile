# Two commands do everything: `make run` and `make test`. The rest are their steps.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
GEO_ASSETS := assets/geo/manifest.json

.PHONY: run test lint typecheck pytest assets glyphs serve bench plotlyjs clean

run: $(INSTALLED) $(GEO_ASSETS)
	$(BIN)/python -m dashboard run

test: $(INSTALLED) $(GEO_ASSETS) lint typecheck pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

pytest: $(INSTALLED) $(GEO_ASSETS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

assets: $(GEO_ASSETS)

# The boundary web assets are built from the copied sources, never downloaded.
$(GEO_ASSETS): $(INSTALLED) geodata/build.py geodata/assets.py geodata/labels.py geodata/reference.py $(wildcard geodata/sources/*)
	$(BIN)/python -m geodata.build

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The map labels' glyphs (assets/glyphs/, committed): signed distance fields of Noto Sans Bold
# (Debian: fonts-noto-core) for the Unicode ranges Vietnamese names use. Needs Node and npm;
# `make run` and `make test` never do.
GLYPH_FONT ?= /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf
GLYPH_RANGES := 0-255 256-511 768-1023 7680-7935 8192-8447
glyphs:
	cd tools/glyphs && npm ci --no-audit --no-fund
	rm -rf assets/glyphs/NotoSans-Bold
	node tools/glyphs/build.mjs $(GLYPH_FONT) NotoSans-Bold assets/glyphs $(GLYPH_RANGES)
	$(BIN)/python -m dashboard.glyphs assets  # the glyphs' fingerprint into the style's URL

# Production: gunicorn with DIEMTUA_WORKERS workers on DIEMTUA_HOST:DIEMTUA_PORT (docs/deploy.md).
serve: $(INSTALLED) $(GEO_ASSETS)
	$(BIN)/gunicorn --config python:dashboard.server.gunicorn_conf dashboard.wsgi:server

# The partial plotly.js build that is committed in dashboard/vendor/ (only the traces the
# dashboard draws). Needs Node and npm; `make run` and `make test` never do.
plotlyjs:
	cd vendor/plotly && npm ci --no-audit --no-fund && node build.mjs

bench: $(INSTALLED) $(GEO_ASSETS)
	for script in bench/*_bench.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) assets/geo instance artifacts *.egg-info
