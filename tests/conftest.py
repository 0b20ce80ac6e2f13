"""Fixtures every test file may use. Helpers that are not fixtures (servers, receivers,
crawl commands, corpora) live in the `support` package beside this file; test modules
never import each other (tests/test_layout.py)."""

from __future__ import annotations

import pytest

from archive.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty store in a fresh data folder, closed after the test."""
    opened = Store.open(tmp_path)
    yield opened
    opened.close()
