"""Browser captures in tests: the scripted replica article, and Debian's chromium required."""

from __future__ import annotations

import os

import pytest

from crawler.runtime.browser import CHROMIUM
from crawler.replicas import scripted

ARTICLE_URL = scripted.ORIGIN + scripted.ARTICLE


def require_chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Debian's chromium is missing ({CHROMIUM}): browser captures cannot be tested. "
            "Install it with `apt-get install chromium` (or run `make test` as root).",
            pytrace=False,
        )
