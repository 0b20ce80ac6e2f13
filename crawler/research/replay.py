"""Replay of a capture in ReplayWeb.page, the web-archiving field's own viewer, offline.

`civcas serve` answers
  /-/capture/<id>/replay        a page with the capture's provenance above ReplayWeb.page
  /-/capture/<id>/capture.wacz  a WACZ of that capture, made on first use (archive/wacz.py)
  /-/replay/ui.js, /-/replay/sw.js  ReplayWeb.page's viewer and service worker

ReplayWeb.page is not vendored: `make install` takes its `ui.js` and `sw.js` from the npm
registry's `replaywebpage` package into `<venv>/share/civcas/replaywebpage/` (or set
CIVCAS_REPLAYWEBPAGE to a folder holding them). The service worker reads the WACZ in the
browser and rewrites the page so nothing it asks for goes to the live web.

The WACZ replays the capture under the URL and time it is evidence of (a stand-in record,
archive/standins.py): the real URL of a page crawled through a mirror, and for a page
backfilled from a web archive the archive's capture time, not the time we fetched it.
"""

from __future__ import annotations

import atexit
import html
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive.standins import stands_for
from archive.wacz import WaczError, select, write_wacz

ASSETS = ("ui.js", "sw.js")
ASSETS_ENV = "CIVCAS_REPLAYWEBPAGE"
REPLAY_BASE = "/-/replay/"


def assets_dir() -> Path | None:
    """The folder holding ReplayWeb.page's ui.js and sw.js, or None when not installed."""
    candidates = []
    if os.environ.get(ASSETS_ENV):
        candidates.append(Path(os.environ[ASSETS_ENV]))
    candidates.append(Path(sys.prefix) / "share" / "civcas" / "replaywebpage")
    for folder in candidates:
        if all((folder / name).is_file() for name in ASSETS):
            return folder
    return None


def missing_assets_message() -> str:
    return (
        "ReplayWeb.page is not installed: run `make install` (it takes ui.js and sw.js from"
        f" the npm package replaywebpage), or set {ASSETS_ENV} to a folder holding them."
    )


@dataclass(frozen=True)
class Evidence:
    """What a capture is evidence of, said the same way on every page and header."""

    capture_id: int
    url: str  # the original URL
    at: str  # ISO 8601: when the page was captured (by the archive, for a backfill)
    fetched_at: str  # when civcas fetched it
    archive: str | None  # the web archive a backfill read, or None

    @classmethod
    def of(cls, capture: dict) -> Evidence:
        url, at = stands_for(capture["url"], capture["fetched_url"] or capture["url"],
                             capture["fetched_at"], capture.get("archived_at"))
        return cls(capture["id"], url, at, capture["fetched_at"], capture.get("archive"))

    @property
    def timestamp(self) -> str:
        """The 14-digit timestamp replay tools address captures by."""
        return "".join(c for c in self.at.split(".")[0] if c.isdigit())[:14]

    def sentence(self) -> str:
        if self.archive:
            return (f"Captured {self.at} by {self.archive}; civcas fetched that capture from the"
                    f" archive on {self.fetched_at}.")
        return f"Captured {self.at} by civcas."


def http_date(iso: str) -> str:
    """An ISO 8601 UTC time as an HTTP date (Memento-Datetime's format)."""
    from datetime import UTC, datetime
    from email.utils import format_datetime

    text = iso.rstrip("Z").split(".")[0]
    when = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return format_datetime(when, usegmt=True)


def viewer_page(evidence: Evidence, *, paths) -> str:
    """The replay page: provenance in a bar, ReplayWeb.page below it."""
    e = html.escape
    cid = evidence.capture_id
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(evidence.url)} as captured {e(evidence.at)}</title>
<script src="{e(paths(REPLAY_BASE + 'ui.js'))}"></script>
<style>
  html, body {{ margin: 0; height: 100%; font-family: system-ui, sans-serif; }}
  body {{ display: flex; flex-direction: column; }}
  header {{ padding: 0.4em 1em; background: #fff8e1; border-bottom: 1px solid #d9c27a; }}
  header p {{ margin: 0.2em 0; }}
  replay-web-page {{ flex: 1; }}
</style></head>
<body>
<header>
<p><strong>Archived page</strong> <code id="original-url">{e(evidence.url)}</code>,
<span id="captured">{e(evidence.sentence())}</span></p>
<p>Capture {cid}: <a href="{e(paths(f'/-/capture/{cid}'))}">record details</a> ·
<a href="{e(paths(f'/-/capture/{cid}/raw'))}">the body as received</a> ·
<a href="{e(paths(f'/-/capture/{cid}/capture.wacz'))}">download as WACZ</a>.
Replayed offline by ReplayWeb.page: nothing is fetched from the live web.</p>
</header>
<replay-web-page source="{e(paths(f'/-/capture/{cid}/capture.wacz'))}"
  url="{e(evidence.url)}" ts="{e(evidence.timestamp)}"
  replayBase="{e(paths(REPLAY_BASE))}" embed="default"></replay-web-page>
</body></html>"""


class WaczCache:
    """One WACZ per capture, made on first use in a temporary folder removed at exit.
    Captures never change, so a package once made stays right."""

    def __init__(self):
        self._folder: Path | None = None

    def _dir(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="civcas-replay-"))
            atexit.register(shutil.rmtree, self._folder, True)
        return self._folder

    def get(self, db_path: Path, warcs_dir: Path, capture_id: int) -> Path:
        out = self._dir() / f"capture-{capture_id}.wacz"
        if not out.exists():
            with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
                selection = select(conn, capture_ids=[capture_id])
            if not selection.captures:
                raise WaczError(f"no capture {capture_id}")
            write_wacz(out, warcs_dir, selection.wanted, selection.pages,
                       title=f"civcas capture {capture_id}", stand_ins=selection.stand_ins)
        return out


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single `Range: bytes=a-b` header, None for the whole
    file; ValueError when it cannot be satisfied."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # a form we do not serve partially: the whole file
    first, last = match.groups()
    if first == "":  # the last N bytes
        n = int(last)
        return (max(size - n, 0), size - 1) if n else _unsatisfiable()
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        _unsatisfiable()
    return start, end


def _unsatisfiable():
    raise ValueError("range not satisfiable")
