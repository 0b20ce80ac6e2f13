"""Turn items into store rows: documents and versions, removals, error rows.

A page that cannot be read becomes a `fetch_errors` row and one log line with its URL;
the crawl goes on. Its capture is archived whatever happens here.
"""

from __future__ import annotations

import logging
import dataclasses
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from archive.store import Extracted, Recorded, Store
from crawler.runtime.diskfull import disk_full_message, stop_for
from crawler.reading.pool import (POOL, Outcome, budget_outcome, extract_outcome, failed_outcome,
                                  resolve_workers)
from crawler.items import FetchErrorItem, GoneItem, PageItem, StoredPage
from crawler.reading.kinds import classify
from crawler.tables import checks as parse_checks
from crawler.tables import handler_for, store_rows

if TYPE_CHECKING:
    from crawler.runtime.session import CrawlSession

logger = logging.getLogger("civcas.crawl")


_QUEUE: deque[_Pending] = deque()  # items of every crawl in the process, in arrival order
_IDLE: list[Deferred] = []  # fired when the queue is empty


def _drain() -> None:
    """Store every item at the head of the queue whose extraction is done."""
    while _QUEUE:
        head = _QUEUE[0]
        if head.future is not None and not head.future.done():
            return
        _QUEUE.popleft()
        try:
            head.pipeline.write(head.item, head.pipeline.outcome(head.future))
        except Exception:
            head.done.errback()
        else:
            head.done.callback(None)
    idle = list(_IDLE)
    _IDLE.clear()
    for waiter in idle:
        waiter.callback(None)


def record_live(store: Store, item: PageItem, page: Extracted) -> Recorded:
    """Store a live page's text as a version."""
    return store.record_page(
        source=item.source, kind=item.kind, url=item.url, capture_id=item.capture_id, page=page
    )


def store_page(
    store: Store, item: PageItem, page: Extracted, record: Callable = record_live,
    parsed: object = None,
) -> tuple[Recorded, int | None]:
    """A page's way through civcas, from its text on: the one path from a fetched page to
    store rows, shared by the crawl, backfills (which date a version by the archive's
    capture, through `record`) and `civcas reextract`. Returns what `record` did and the
    table rows written (None: parse failure).

    Before this: the spider fetched the page (spiders/site.py); the capture middleware
    archived the exchange as it crossed the wire, as WARC records, before anything read it
    (crawler/middlewares/warc_capture.py); its text was read, in a worker process
    (crawler/reading/extract.py, pagetext.py). Then, here, step by step:"""
    # 1. Kind: the source's kind is a hint; the page's own comes from its content.
    kind = classify(page.title, page.text, item.url, item.kind)
    if kind != item.kind:
        item = dataclasses.replace(item, kind=kind)
    # 2. Version: a new one only when the text changed; a change of a known document is a
    #    `document_changes` row and, in the same transaction, the watchers' notifications
    #    (archive/store.py record_page, archive/outbox.py).
    recorded = record(store, item, page)
    if not recorded.added_version:
        return recorded, 0
    store.set_document_kind(recorded.document_id, kind)
    # 3. Parse, tables and checks: the kind's parser reads the text (crawler/parsers/), its
    #    writer replaces the version's rows (crawler/tables/), the parse is checked against
    #    the figures the page prints (`parse_checks`), and a report's assessment changes are
    #    settled and notified (crawler/tables/civcas.py). A page no parser can read is a
    #    `parse_failures` row.
    written = store_rows(store, StoredPage(
        document_id=recorded.document_id,
        version_id=recorded.version_id,
        source=item.source,
        kind=kind,
        url=item.url,
        content_type=item.content_type,
        body=item.body,
        text=page.text,
        title=page.title,
        published=page.published,
        language=page.language,
        parsed=parsed,
    ))
    return recorded, written


def _job(item: PageItem) -> tuple:
    """extract_outcome's arguments for a page."""
    return item.body, item.content_type, item.url, item.kind, item.source


@dataclass
class _Pending:
    pipeline: StorePipeline
    item: object
    future: Future | None  # the page's extraction in a worker; None: nothing to wait for
    done: Deferred


class StorePipeline:
    """Stores items in the order they come, extracting page text in worker processes.

    With `CIVCAS_EXTRACT_WORKERS` > 0 a page's text is extracted in the shared pool
    (crawler/reading/pool.py) while the reactor goes on downloading and capturing; every
    SQLite write still happens here, in the reactor thread, in the order the items came
    (a document's versions, its removal, error rows), one queue for every crawl of the
    process, so rows shared between sources (strike releases) get ids in the order the
    pages came, as `civcas reextract` replays them. 0 extracts inline. The spider
    closes only once every pending item is stored (Scrapy waits for the items of its
    responses; `close_spider` waits for the rest), so nothing is lost on shutdown.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.workers = resolve_workers(crawler.settings.get("CIVCAS_EXTRACT_WORKERS"))
        # Per page: seconds a worker may take, bytes of HTML or text extracted at all.
        # (`settings` may be a plain dict: the distributed coordinator's.)
        self.timeout = float(crawler.settings.get("CIVCAS_EXTRACT_TIMEOUT") or 60.0)
        self.max_html_bytes = int(crawler.settings.get("CIVCAS_EXTRACT_MAX_HTML_BYTES") or 0)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        if self.workers:
            POOL.acquire()
            from twisted.internet import task

            # Scrapy waits for the items of fetched pages before it closes the spider:
            # once a stop is asked, their extraction gets STOP_BUDGET seconds in all.
            self._stop_watch = task.LoopingCall(self._hurry_if_stopping)
            self._stop_watch.start(0.5, now=False)

    def _hurry_if_stopping(self) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        if engine.running:
            self._seen_running = True
        elif getattr(self, "_seen_running", False):  # it ran, and a stop was asked
            POOL.hurry()
            self._stop_watch.stop()

    async def close_spider(self):
        watch = getattr(self, "_stop_watch", None)
        if watch is not None and watch.running:
            watch.stop()
        if any(p.pipeline is self for p in _QUEUE):
            waiter: Deferred = Deferred()
            _IDLE.append(waiter)
            await maybe_deferred_to_future(waiter)
        if self.workers:
            POOL.release()

    async def process_item(self, item):
        future = None
        if isinstance(item, PageItem):
            refused = budget_outcome(item.body, item.content_type, self.max_html_bytes)
            if refused is not None:
                future = Future()
                future.set_result(refused)
            elif self.workers:
                future = POOL.submit(self.workers, self.timeout, *_job(item))
        if future is None and not _QUEUE:
            self.write(item, None)  # nothing ahead of it: stored now
            return item
        pending = _Pending(self, item, future, Deferred())
        _QUEUE.append(pending)
        if future is not None:
            from twisted.internet import reactor  # the one Scrapy installed

            future.add_done_callback(lambda _f: reactor.callFromThread(_drain))
        await maybe_deferred_to_future(pending.done)
        return item

    @staticmethod
    def outcome(future: Future | None) -> Outcome | None:
        if future is None:
            return None
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001  the pool failed this page: an error row
            return failed_outcome(exc)

    def write(self, item, outcome: Outcome | None) -> None:
        """Store one item; `outcome` is a page's extraction, None to extract it here. A
        full disk stops the crawl with one clear line instead of failing item by item."""
        try:
            self._write(item, outcome)
        except Exception as exc:
            full = disk_full_message(exc)
            if full is None:
                raise
            stop_for(self.crawler.spider, full)

    def _write(self, item, outcome: Outcome | None) -> None:
        # A CrawlSession: the store pipeline runs where the store is written (one
        # process, or the coordinator); a worker relays its items instead.
        session: CrawlSession = self.crawler.spider.session
        if isinstance(item, PageItem):
            self._page(session, item, outcome)
        elif isinstance(item, GoneItem):
            if session.store.record_gone(item.url, item.capture_id):
                session.counters.removed_documents += 1
                logger.info("removed: %s answers %s", item.url, item.status)
        elif isinstance(item, FetchErrorItem):
            self._error(session, item.url, item.kind, item.message)

    def _page(self, session: CrawlSession, item: PageItem, outcome: Outcome | None = None) -> Recorded | None:
        """Store and parse one extracted page; None when its text could not be read."""
        if outcome is None:
            outcome = extract_outcome(*_job(item))
        # An outcome may come back pickled from an extraction worker: its parts are
        # checked here, where they get their types (crawler/reading/pool.py's comment).
        status, page, detail, parsed = outcome
        if status == "error":
            self._error(session, item.url, str(page), str(detail))
            return None
        if not isinstance(page, Extracted):
            raise TypeError(f"an extraction outcome without its page: {page!r}")
        if detail:
            self._error(session, item.url, "charset", str(detail))
        recorded, written = store_page(
            session.store, item, page, lambda _store, i, p: self._record(session, i, p), parsed
        )
        session.counters.documents_seen += 1
        if recorded.outcome == "new":
            session.counters.new_documents += 1
        elif recorded.outcome in ("changed", "restored", "earlier"):
            session.counters.changed_documents += 1
        if recorded.added_version:
            if written is None:
                session.counters.parse_failures += 1
            elif handler_for(classify(page.title, page.text, item.url, item.kind)) is not None:
                session.counters.parsed_pages += 1
                if parse_checks.mismatched(session.store, recorded.version_id):
                    session.counters.parse_mismatches += 1
        return recorded

    def _record(self, session: CrawlSession, item: PageItem, page: Extracted) -> Recorded:
        """Store the page's text as a version (a live page; backfills override this)."""
        return record_live(session.store, item, page)

    @staticmethod
    def _error(session: CrawlSession, url: str, kind: str, message: str) -> None:
        session.counters.errors += 1
        session.store.add_error(session.run_id, url, kind, message)
        logger.warning("%s: %s (%s)", url, message, kind)
