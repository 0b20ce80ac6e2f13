# Two entry points for a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pywb's replay tools (wb-manager, wayback) for the interop tests, in a venv of their own:
# pywb pins redis-py 2.10.6 and civcas's scrapy-redis needs redis-py >= 4.2.
TOOLS := .venv-tools
# ReplayWeb.page (viewer ui.js + service worker sw.js) for `civcas serve`'s replay of
# captures, from the npm registry's package (npm checks the tarball's integrity).
REPLAYWEBPAGE := 2.5.3
REPLAY_DIR := $(VENV)/share/civcas/replaywebpage

.PHONY: install tools demo lint test chromium redis-server node clean

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

$(REPLAY_DIR)/.installed-$(REPLAYWEBPAGE): $(VENV)/.installed | node
	rm -rf $(REPLAY_DIR) && mkdir -p $(REPLAY_DIR)
	cd $(REPLAY_DIR) && npm pack --silent replaywebpage@$(REPLAYWEBPAGE) >/dev/null \
		&& tar -xzf replaywebpage-$(REPLAYWEBPAGE).tgz --strip-components=1 \
			package/ui.js package/sw.js package/LICENSE package/package.json \
		&& rm replaywebpage-$(REPLAYWEBPAGE).tgz
	touch $@

install: $(VENV)/.installed $(REPLAY_DIR)/.installed-$(REPLAYWEBPAGE)

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

# Debian's npm fetches ReplayWeb.page from the npm registry.
node:
	@if [ "$$(id -u)" = 0 ] && ! command -v npm >/dev/null 2>&1; then \
		echo "installing Debian's npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi

# Debian's redis-server: the distributed-crawl tests start their own on a free port.
redis-server:
	@if [ "$$(id -u)" = 0 ] && ! command -v redis-server >/dev/null 2>&1; then \
		echo "installing Debian's redis-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

# ruff and mypy, configured in pyproject.toml (mypy's files are listed there); both run,
# so one CI log shows every finding.
LINT_PATHS := crawler archive spiders scheduler tests bench
lint: install
	status=0; $(BIN)/ruff check $(LINT_PATHS) || status=1; $(BIN)/mypy || status=1; exit $$status

test: install tools chromium redis-server
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info
