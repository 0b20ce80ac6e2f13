"""Turn items into store rows: documents and versions, removals, error rows.

A page that cannot be read becomes a `fetch_errors` row and one log line with its URL;
the crawl goes on. Its capture is archived whatever happens here.
"""

from __future__ import annotations

import logging

from archive.store import Extracted, Recorded, Store
from crawler.extract import ExtractionError, extract
from crawler.items import FetchErrorItem, GoneItem, PageItem
from crawler.structured import StoredPage, handler_for, store_rows

logger = logging.getLogger("civcas.crawl")


def store_page(store: Store, item: PageItem, page: Extracted) -> tuple[Recorded, int | None]:
    """Record an extracted page and, when it is a new version, write its tables: the one
    path from a fetched page to store rows, shared by the crawl and `civcas reextract`.
    Returns what `record_page` did and the table rows written (None: parse failure)."""
    recorded = store.record_page(
        source=item.source, kind=item.kind, url=item.url, capture_id=item.capture_id, page=page
    )
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

    def _page(self, session, item: PageItem) -> None:
        try:
            page, warning = extract(item.body, item.content_type, item.url)
        except ExtractionError as exc:
            self._error(session, item.url, exc.kind, str(exc))
            return
        if warning:
            self._error(session, item.url, "charset", warning)
        recorded, written = store_page(session.store, item, page)
        if recorded.outcome == "new":
            session.counters.new_documents += 1
        elif recorded.outcome in ("changed", "restored"):
            session.counters.changed_documents += 1
        if recorded.added_version:
            if written is None:
                session.counters.parse_failures += 1
            elif handler_for(item.kind) is not None:
                session.counters.parsed_pages += 1

    @staticmethod
    def _error(session, url: str, kind: str, message: str) -> None:
        session.counters.errors += 1
        session.store.add_error(session.run_id, url, kind, message)
        logger.warning("%s: %s (%s)", url, message, kind)
