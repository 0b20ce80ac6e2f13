"""Backfill one source from a web archive: list its captures, fetch each raw capture once.

The listing (CDX or TimeMap answers) and the captures are fetched through the same
machinery as a live crawl (WARC capture, mirrors, politeness). Which captures are left is
kept in the store (`backfill_captures`), so a backfill stopped halfway continues where it
stopped; captures are fetched oldest first.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import scrapy
from scrapy.http import Response

from archive.history import add_listed, unfinished
from crawler.backfill.run import BackfillPlan, BackfillProgress
from crawler.backfill.listing import (
    ARCHIVED_FETCH,
    ArchivedFetch,
    ListingError,
    choose_cdx,
    choose_mementos,
    parse_cdx_json,
    parse_timemap,
)
from crawler.net.errors import describe_failure
from crawler.items import ArchivedPageItem, FetchErrorItem

if TYPE_CHECKING:
    from crawler.runtime.session import CrawlSession  # a backfill writes the store: not distributed

logger = logging.getLogger("civcas.backfill")
BACKFILL_ROW = "civcas_backfill_row"
LISTING_PRIORITY = 10**9  # listings before captures
ARCHIVED_STATUSES = (403, 404, 410, 451)


class BackfillSpider(scrapy.Spider):
    name = "backfill"

    def __init__(self, source, session: CrawlSession, plan: BackfillPlan, **kwargs):
        super().__init__(name=source.name, **kwargs)
        self.source = source
        self.session = session  # store, WARC writer and counters of this run
        self.plan = plan
        if plan.progress is None:
            raise ValueError("a backfill spider counts its captures: its plan needs a BackfillProgress")
        self.progress: BackfillProgress = plan.progress
        # Captures are fetched one after the other, oldest first, each requested when the
        # one before it is stored: every version then meets its predecessor in time
        # already stored, and the archive sees one request at a time.
        self._queue: list[dict] = []
        self._known: set[int] = set()
        self._in_flight = False
        self._sent = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.plan.listing_urls():
            yield self._listing(url)
        # Left over by an interrupted backfill of this range: fetched even if the
        # archive's listing fails this time.
        self._take_unfinished()
        for request in self._next():
            yield request

    def _listing(self, url: str) -> scrapy.Request:
        meta: dict[str, object] = {ARCHIVED_FETCH: ArchivedFetch(self.plan.archive.name)}
        if self.plan.archive.kind == "timemap":
            # A Memento archive answers 404 for a TimeMap with no mementos (RFC 7089):
            # nothing archived under that prefix, not a failure.
            meta["handle_httpstatus_list"] = [404]
        return scrapy.Request(url, callback=self.listed, errback=self.failed,
                              priority=LISTING_PRIORITY, meta=meta, dont_filter=True)

    def listed(self, response: Response) -> Iterator:
        plan, store = self.plan, self.session.store
        try:
            if plan.archive.kind == "cdx":
                page = parse_cdx_json(response.text)
                chosen = choose_cdx(page.rows, self.source, plan.archive, plan.lo, plan.hi)
                if page.resume_key:
                    yield self._listing(plan.next_cdx_page(response.url, page.resume_key))
                listed = len(page.rows)
            elif response.status == 404:
                logger.info("%s: the archive holds nothing under %s", self.source.name, response.url)
                chosen, listed = [], 0
            else:
                mementos = parse_timemap(response.text)
                chosen = choose_mementos(mementos, self.source, plan.lo, plan.hi)
                listed = len(mementos)
        except ListingError as exc:
            yield FetchErrorItem(self.source.name, response.url, "listing", str(exc))
            return
        added = add_listed(store, self.source.name, plan.archive.name, chosen)
        self.progress.listed(listed, len(chosen), added)
        self._take_unfinished()
        yield from self._next()

    def _take_unfinished(self) -> None:
        plan = self.plan
        for row in unfinished(self.session.store, self.source.name, plan.archive.name,
                              plan.start_iso, plan.end_iso):
            if row["id"] not in self._known:
                self._known.add(row["id"])
                self._queue.append(row)
                self.progress.scheduled += 1
        self._queue.sort(key=lambda r: (r["archived_at"], r["id"]))
        if plan.max_captures is not None:
            self.progress.scheduled = min(self.progress.scheduled, plan.max_captures)

    def _next(self) -> Iterator[scrapy.Request]:
        plan = self.plan
        if self._in_flight or not self._queue:
            return
        if plan.max_captures is not None and self._sent >= plan.max_captures:
            return
        row = self._queue.pop(0)
        self._in_flight = True
        self._sent += 1
        yield scrapy.Request(
            row["memento_url"], callback=self.fetched, errback=self.fetch_failed,
            dont_filter=True,
            meta={
                BACKFILL_ROW: row,
                # An archived 404 is an answer (the page was gone then), not a failure.
                "handle_httpstatus_list": list(ARCHIVED_STATUSES),
                ARCHIVED_FETCH: ArchivedFetch(plan.archive.name, row["original"],
                                              row["archived_at"]),
            },
        )

    def fetched(self, response: Response) -> Iterator:
        yield from self._store_capture(response)
        self._in_flight = False
        yield from self._next()

    def _store_capture(self, response: Response) -> Iterator:
        row = response.meta[BACKFILL_ROW]
        problem = None
        if "dataloss" in response.flags:
            problem = ("truncated", "the connection closed before the whole body arrived")
        elif "bad_encoding" in response.flags:
            problem = ("bad_encoding", "the compressed body is corrupt or cut short")
        if problem:
            # Archived (and marked) by the capture; a cut body is no version. Retried later.
            self.progress.failed(row, problem[1])
            yield FetchErrorItem(self.source.name, response.url, *problem)
            return
        archived = response.meta[ARCHIVED_FETCH]
        memento = response.headers.get("Memento-Datetime")
        if response.status != 200:
            if memento:
                # The archive holds this answer: the page said 'gone' then. Nothing to store.
                self.progress.finished(row, f"archived_{response.status}",
                                       response.meta.get("civcas_capture_id"), None)
                return
            self.progress.failed(row, f"the archive answered HTTP {response.status}")
            yield FetchErrorItem(self.source.name, response.url, f"http_{response.status}",
                                 f"the archive answered HTTP {response.status}")
            return
        yield ArchivedPageItem(
            source=self.source.name,
            kind=self.source.kind,
            url=row["url"],
            capture_id=response.meta.get("civcas_capture_id"),
            status=response.status,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
            body=response.body,
            archived_at=archived.capture_time(
                (response.headers.get("Memento-Datetime") or b"").decode("latin-1")
            ),
            backfill_id=row["id"],
        )

    def failed(self, failure) -> Iterator[FetchErrorItem]:
        described = describe_failure(failure)
        if described is not None:
            kind, message = described
            yield FetchErrorItem(self.source.name, failure.request.url, kind, message)

    def fetch_failed(self, failure) -> Iterator[FetchErrorItem | scrapy.Request]:
        row = failure.request.meta.get(BACKFILL_ROW)
        described = describe_failure(failure)
        if row is not None:
            self.progress.failed(row, described[1] if described else "not fetched")
        yield from self.failed(failure)
        self._in_flight = False
        yield from self._next()
