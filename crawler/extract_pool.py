"""Text extraction in worker processes, so the crawl's reactor thread only captures and
stores.

trafilatura and pypdf are pure CPU work on bytes; in the reactor thread they stall every
download and WARC write behind them. `extract_outcome` is the one function run for a
page, in a worker or inline: it never raises, so a crash in a parser becomes an error
row, like any page that cannot be read. The pool is shared by every crawl in the process
(`civcas crawl --all` runs one per source) and created on first use.

Workers are started with "forkserver", never by forking the crawl itself: the crawl
process holds SQLite connections, open WARC files and the reactor's threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from crawler.extract import ExtractionError, extract
from crawler.kinds import classify
from crawler.structured import preparse

logger = logging.getLogger("civcas.crawl")

# ('page', Extracted, warning or None, the kind's pure parse) or ('error', kind, message, None)
Outcome = tuple[str, object, object, object]


def default_workers() -> int:
    """One core is left to the reactor (capture, storage); 0 (inline) on one core."""
    return max(0, (os.cpu_count() or 1) - 1)


def resolve_workers(setting: int | None) -> int:
    return default_workers() if setting is None or setting < 0 else setting


def extract_outcome(body: bytes, content_type: str, url: str, kind: str = "",
                    source: str = "") -> Outcome:
    """A page's text, and the rows of its kind's pure parser (crawler/structured.py)."""
    try:
        page, warning = extract(body, content_type, url)
    except ExtractionError as exc:
        return ("error", exc.kind, str(exc), None)
    except Exception as exc:  # a bug or a hostile page in a dependency: one error row
        return ("error", "extract", f"text extraction failed: {type(exc).__name__}: {exc}", None)
    decided = classify(page.title, page.text, url, kind)
    return ("page", page, warning, preparse(decided, source, url, page.text, page.published))


def failed_outcome(exc: BaseException) -> Outcome:
    """The outcome of a page whose worker died (killed, out of memory)."""
    return ("error", "extract", f"extraction worker failed: {type(exc).__name__}: {exc}", None)


class SharedPool:
    """A process pool shared by the pipelines of one process, closed with the last."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._users = 0

    def acquire(self) -> None:
        self._users += 1

    def submit(self, workers: int, *page) -> Future:
        """`page`: extract_outcome's arguments."""
        if self._pool is None:
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        return self._pool.submit(extract_outcome, *page)

    def renew(self) -> None:
        """Drop a broken pool (a worker was killed); the next page starts a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def release(self) -> None:
        self._users -= 1
        if self._users <= 0 and self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


POOL = SharedPool()
