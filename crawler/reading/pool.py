"""Text extraction in worker processes, so the crawl's reactor thread only captures and
stores, and so no page can hold the crawl hostage.

trafilatura and pypdf are pure CPU work on bytes; in the reactor thread they stall every
download and WARC write behind them. `extract_outcome` is the one function run for a
page, in a worker or inline: it never raises, so a crash in a parser becomes an error
row, like any page that cannot be read. The pool is shared by every crawl in the process
(`civcas crawl --all` runs one per source) and created on first use.

Each worker is a `python -m crawler.reading.worker` process of its own (never a fork of
the crawl, which holds SQLite connections, open WARC files and the reactor's threads; no
forkserver or resource tracker left behind), owned by one thread of the pool that hands
it one page at a time. Limits, per page:
- time: a worker still busy after `timeout` seconds (a PDF drawing one form thousands of
  times) is killed and replaced; that page alone gets an `extract_timeout` error row;
- death: a worker that dies (out of memory, killed) fails only the page it held;
- size: an HTML or text body over `max_html_bytes` is not extracted at all
  (`extract_too_large`; trafilatura needs minutes for tens of megabytes).
The capture of such a page stays archived; `civcas reextract` can read it later.
Workers die with the crawl, even when it is SIGKILLed (crawler/reading/worker.py).
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import Future

from crawler.reading.extract import ExtractionError, extract
from crawler.reading.kinds import classify
from crawler.tables import preparse

logger = logging.getLogger("civcas.crawl")

# ('page', Extracted, warning or None, the kind's pure parse) or ('error', kind, message, None)
Outcome = tuple[str, object, object, object]
HEADER = struct.Struct(">Q")
# After a SIGTERM (or Ctrl-C, or the scheduler's time limit), seconds left in all to the
# extraction of pages already fetched: well inside the scheduler's stop_grace (120 s).
STOP_BUDGET = 20.0  # a frame between the pool and a worker: its length, a pickle


def default_workers() -> int:
    """One core is left to the reactor (capture, storage); 0 (inline) on one core."""
    return max(0, (os.cpu_count() or 1) - 1)


def resolve_workers(setting: int | None) -> int:
    return default_workers() if setting is None or setting < 0 else setting


def extract_outcome(body: bytes, content_type: str, url: str, kind: str = "",
                    source: str = "") -> Outcome:
    """A page's text, and the rows of its kind's pure parser (crawler/tables/__init__.py)."""
    try:
        page, warning = extract(body, content_type, url)
    except ExtractionError as exc:
        return ("error", exc.kind, str(exc), None)
    except Exception as exc:  # a bug or a hostile page in a dependency: one error row
        return ("error", "extract", f"text extraction failed: {type(exc).__name__}: {exc}", None)
    decided = classify(page.title, page.text, url, kind)
    return ("page", page, warning, preparse(decided, source, url, page.text, page.published))


def failed_outcome(exc: BaseException) -> Outcome:
    """The outcome of a page whose worker died (killed, out of memory): that page only."""
    return ("error", "extract", f"extraction worker failed: {type(exc).__name__}: {exc};"
            " the capture is kept", None)


class _Worker:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.reading.worker", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
        )

    def run(self, page: tuple, timeout: float, hurry=lambda: None) -> Outcome:
        """The outcome of one page; TimeoutError past `timeout` (or past the monotonic
        time `hurry()` names, once the crawl is stopping), EOFError if it died."""
        job = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.proc.stdin.write(HEADER.pack(len(job)) + job)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise EOFError(f"the worker is gone ({exc})") from None
        deadline = time.monotonic() + timeout
        size = HEADER.unpack(self._read(HEADER.size, deadline, hurry))[0]
        return pickle.loads(self._read(size, deadline, hurry))

    def _read(self, size: int, deadline: float, hurry) -> bytes:
        fd, chunks, got = self.proc.stdout.fileno(), [], 0
        while got < size:
            left = min(deadline, hurry() or deadline) - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if not select.select([fd], [], [], min(left, 0.5))[0]:
                continue
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                code = self.proc.wait()
                raise EOFError(f"the worker died (exit status {code})")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()

    def close(self) -> None:
        """Let it finish: a closed stdin ends it between pages."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


class WorkerPool:
    """`workers` threads, each owning one worker process, taking pages from one queue."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.timeout = timeout
        self.hurry_at: float | None = None  # once stopping: no page runs past this time
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        # A worker dies with the thread that started it (PR_SET_PDEATHSIG follows the
        # thread), so each is started, and only ever used, by its own long-lived thread.
        self._threads = [threading.Thread(target=self._serve, daemon=True, name=f"extract-{i}")
                         for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, page: tuple) -> Future:
        future: Future = Future()
        self._jobs.put((future, page))
        return future

    def hurry(self, budget: float) -> None:
        """The crawl is stopping: what is still queued gets `budget` seconds in all."""
        self.hurry_at = min(self.hurry_at or float("inf"), time.monotonic() + budget)

    def shutdown(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _serve(self) -> None:
        worker: _Worker | None = None
        while (job := self._jobs.get()) is not None:
            future, page = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if self.hurry_at is not None and time.monotonic() >= self.hurry_at:
                    raise TimeoutError
                if worker is None:
                    worker = _Worker()
                outcome = worker.run(page, self.timeout, lambda: self.hurry_at)
            except TimeoutError:
                if worker is not None:
                    worker.kill()
                worker = None
                outcome = (timeout_outcome(self.timeout) if self.hurry_at is None
                           else stopped_outcome())
            except EOFError as exc:
                worker.kill()
                worker = None
                outcome = failed_outcome(exc)
            except Exception as exc:  # noqa: BLE001  a broken pipe, a bad pickle: this page only
                if worker is not None:
                    worker.kill()
                worker = None
                outcome = failed_outcome(exc)
            future.set_result(outcome)
        if worker is not None:
            worker.close()


def timeout_outcome(timeout: float) -> Outcome:
    return ("error", "extract_timeout",
            f"text extraction took over {timeout:g} s: its worker was stopped and replaced;"
            " the capture is kept (civcas reextract can read it)", None)


def stopped_outcome() -> Outcome:
    return ("error", "extract_timeout",
            f"the crawl was stopping and gave text extraction {STOP_BUDGET:g} s in all; this"
            " page was not read in time; the capture is kept (civcas reextract can read it)", None)


def budget_outcome(body: bytes, content_type: str, max_html_bytes: int) -> Outcome | None:
    """An error outcome for a body too large to extract at all, or None to extract it."""
    if not max_html_bytes or len(body) <= max_html_bytes:
        return None
    if "pdf" in (content_type or "").lower() or body[:5] == b"%PDF-":
        return None  # PDFs are bounded by the time limit (and the body limit)
    return ("error", "extract_too_large",
            f"the page is {len(body)} bytes, over the {max_html_bytes}-byte limit of text"
            " extraction ([crawl] extract_max_html_bytes); the capture is kept", None)


class SharedPool:
    """A worker pool shared by the pipelines of one process, closed with the last."""

    def __init__(self) -> None:
        self._pool: WorkerPool | None = None
        self._users = 0

    def acquire(self) -> None:
        self._users += 1

    def submit(self, workers: int, timeout: float, *page) -> Future:
        """`page`: extract_outcome's arguments."""
        if self._pool is None:
            self._pool = WorkerPool(workers, timeout)
        return self._pool.submit(page)

    def hurry(self) -> None:
        """A stop was asked: pages still waiting get STOP_BUDGET seconds in all."""
        if self._pool is not None:
            self._pool.hurry(STOP_BUDGET)

    def release(self) -> None:
        self._users -= 1
        if self._users <= 0 and self._pool is not None:
            self._pool.shutdown()
            self._pool = None


POOL = SharedPool()
