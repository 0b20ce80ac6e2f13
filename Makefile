# Two entry points for a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pywb's replay tools (wb-manager, wayback) for the interop tests, in a venv of their own:
# pywb pins redis-py 2.10.6 and civcas's scrapy-redis needs redis-py >= 4.2.
TOOLS := .venv-tools

.PHONY: install tools demo test chromium redis-server clean

# The virtual environment is rebuilt when the package's requirements change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(TOOLS)/.installed: requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --upgrade pip
	$(TOOLS)/bin/pip install --quiet -r requirements-tools.txt
	touch $@

install: $(VENV)/.installed

# Only the tests need them; the demo does not wait for pywb.
tools: $(TOOLS)/.installed

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

test: install tools chromium redis-server
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info
