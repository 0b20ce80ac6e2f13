# Two entry points for a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test chromium redis-server clean

# The virtual environment is rebuilt when the package's requirements change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# pywb pulls in brotlipy, whose `brotli` package shadows Google's Brotli and breaks
	@# Scrapy's and our br decoding (no Decompressor.process); pywb works with Google's.
	-$(BIN)/pip uninstall --quiet --yes brotlipy
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/civcas demo

# Debian's chromium drives browser captures (Playwright cannot download its own here).
chromium:
	@if [ "$$(id -u)" = 0 ] && ! command -v chromium >/dev/null 2>&1; then \
		echo "installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's redis-server: the distributed-crawl tests start their own on a free port.
redis-server:
	@if [ "$$(id -u)" = 0 ] && ! command -v redis-server >/dev/null 2>&1; then \
		echo "installing Debian's redis-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

test: install chromium redis-server
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
