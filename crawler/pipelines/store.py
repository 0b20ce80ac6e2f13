"""Turn items into store rows: documents and versions, removals, error rows.

A page that cannot be read becomes a `fetch_errors` row and one log line with its URL;
the crawl goes on. Its capture is archived whatever happens here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from archive.store import Extracted, Recorded, Store
from crawler.diskfull import disk_full_message, stop_for
from crawler.extract import ExtractionError, extract
from crawler.items import FetchErrorItem, GoneItem, PageItem
from crawler.structured import StoredPage, handler_for, store_rows

logger = logging.getLogger("civcas.crawl")


def record_live(store: Store, item: PageItem, page: Extracted) -> Recorded:
    """Store a live page's text as a version."""
    return store.record_page(
        source=item.source, kind=item.kind, url=item.url, capture_id=item.capture_id, page=page
    )


def store_page(
    store: Store, item: PageItem, page: Extracted, record: Callable = record_live
) -> tuple[Recorded, int | None]:
    """Record an extracted page and, when it is a new version, write its tables: the one
    path from a fetched page to store rows, shared by the crawl, backfills (which date a
    version by the archive's capture, through `record`) and `civcas reextract`.
    Returns what `record` did and the table rows written (None: parse failure)."""
    recorded = record(store, item, page)
    written: int | None = 0
    if recorded.added_version:
        stored = StoredPage(
            document_id=recorded.document_id,
            version_id=recorded.version_id,
            source=item.source,
            kind=item.kind,
            url=item.url,
            content_type=item.content_type,
            body=item.body,
            text=page.text,
            title=page.title,
            published=page.published,
            language=page.language,
        )
        written = store_rows(store, stored)
    return recorded, written


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        try:
            return self._process(item)
        except Exception as exc:
            full = disk_full_message(exc)
            if full is None:
                raise
            stop_for(self.crawler.spider, full)
            return item

    def _process(self, item):
        session = self.crawler.spider.session
        if isinstance(item, PageItem):
            self._page(session, item)
        elif isinstance(item, GoneItem):
            if session.store.record_gone(item.url, item.capture_id):
                session.counters.removed_documents += 1
                logger.info("removed: %s answers %s", item.url, item.status)
        elif isinstance(item, FetchErrorItem):
            self._error(session, item.url, item.kind, item.message)
        return item

    def _page(self, session, item: PageItem) -> Recorded | None:
        """Extract, store and parse one page; None when its text could not be read."""
        try:
            page, warning = extract(item.body, item.content_type, item.url)
        except ExtractionError as exc:
            self._error(session, item.url, exc.kind, str(exc))
            return None
        if warning:
            self._error(session, item.url, "charset", warning)
        recorded, written = store_page(
            session.store, item, page, lambda _store, i, p: self._record(session, i, p)
        )
        session.counters.documents_seen += 1
        if recorded.outcome == "new":
            session.counters.new_documents += 1
        elif recorded.outcome in ("changed", "restored", "earlier"):
            session.counters.changed_documents += 1
        if recorded.added_version:
            if written is None:
                session.counters.parse_failures += 1
            elif handler_for(item.kind) is not None:
                session.counters.parsed_pages += 1
        return recorded

    def _record(self, session, item: PageItem, page: Extracted) -> Recorded:
        """Store the page's text as a version (a live page; backfills override this)."""
        return record_live(session.store, item, page)

    @staticmethod
    def _error(session, url: str, kind: str, message: str) -> None:
        session.counters.errors += 1
        session.store.add_error(session.run_id, url, kind, message)
        logger.warning("%s: %s (%s)", url, message, kind)
