"""One spider for every configured source: start URLs, link patterns, nothing else.

The source's `follow` patterns mark listing and pagination pages, its `documents`
patterns the pages kept as documents (scope only: each page's kind is read from its
content when it is stored, crawler/reading/kinds.py); a link matching neither is not requested.
Documents already in the store are asked for again when the recheck cadence says they are
due (`resting_urls` are those it says are not: they are skipped even where a listing links
them), so that edits and removals are seen even when no listing links them any more.

A document whose link vanished from the listing, feed or sitemap that carried it (read
again in this crawl; no page of this crawl links it any more) is asked for again once the
listings are read, when `recheck_unlinked`: the strongest hint of a takedown or an edit,
seen at once instead of when the cadence comes round.

A source marked `incremental` (once the store holds its documents) instead skips links
already archived exactly as printed (a changed file gets a new `?ver=`, so it is fetched)
and stops paging at a listing page that holds nothing new; its known documents are asked
for again only when the crawl asks for all of them (`recheck_all`, `--recheck all`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse

from archive import listings
from archive.urls import canonical_url
from crawler.config import Source
from crawler.runtime.diskfull import disk_full_message, raise_stop
from crawler.net.errors import describe_failure
from crawler.items import GONE_STATUSES, FetchErrorItem, GoneItem, PageItem
from crawler.middlewares.mirror import TOO_LARGE

if TYPE_CHECKING:
    from crawler.runtime.session import Session

logger = logging.getLogger("civcas.crawl")

_FEED_LINKS = (
    "//*[local-name()='item']/*[local-name()='link']/text()"
    " | //*[local-name()='entry']/*[local-name()='link']/@href"
)


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, source: Source, session: Session, recheck_urls=(), resting_urls=(),
                 recheck_all: bool = False, recheck_unlinked: bool = False, **kwargs):
        super().__init__(name=source.name, **kwargs)
        # Listing URL -> {document URL: link as printed}: what each listing read in this
        # crawl links (kept when `recheck_unlinked`, and then stored at the first idle).
        self._carried: dict[str, dict[str, str]] | None = {} if recheck_unlinked else None
        self.source = source
        # The crawl session (store, WARC writer, counters, the URLs asked for) for this
        # source's run; the middlewares and the pipelines reach it through the spider.
        self.session = session
        self.allowed_domains = list(source.allowed_domains)
        self.recheck_urls = list(recheck_urls)
        # Pages kept as documents whatever their path (see `take_as_document`).
        self._taken: set[str] = set()
        # Known documents not due under the recheck cadence count as asked for already,
        # so a listing's link to one is not followed (a start page is always fetched).
        self._resting: set[str] = {self._canonical(u) for u in resting_urls} - {
            self._canonical(u) for u in source.start_urls}
        # Incremental once the store knows the source's documents (not on a first crawl).
        # Asked of the store: `recheck_urls` holds only the documents due for a re-fetch,
        # none at all right after a crawl.
        self.incremental = source.incremental and bool(session.recheck_urls(None))
        self._archived: frozenset[str] = frozenset()
        if self.incremental:
            self._archived = frozenset(
                canonical_url(u) for u in session.store.archived_urls(source.name)
            )
            if not recheck_all:  # `--recheck all` means every known document, here too
                self.recheck_urls = []
            # Its own rule decides what to skip (a link archived exactly as printed), not
            # the cadence: a re-uploaded file (new `?ver=`) is the same document, not due.
            self._resting = set()
            self._archived_linked: set[str] = set()
        for key in self._resting:
            session.links.first_time(key)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider._carried is not None:
            crawler.signals.connect(spider._listings_read, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.session.starts_crawl:
            return  # a worker's: the coordinator queued the start requests
        for url in self.source.start_urls:
            if self._first_time(url):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)
        for url in self.recheck_urls:
            if self._first_time(url):
                yield scrapy.Request(
                    url,
                    callback=self.parse,
                    errback=self.failed,
                    meta={"handle_httpstatus_list": list(GONE_STATUSES)},
                )

    def parse(self, response: Response) -> Iterator:
        if response.status in GONE_STATUSES:
            yield GoneItem(
                self.source.name, self._canonical(response.url), response.status,
                response.meta.get("civcas_capture_id"),
            )
            return
        if "dataloss" in response.flags:
            # Archived (and marked truncated) by the capture; a cut body is no version.
            yield FetchErrorItem(
                self.source.name, response.url, "truncated",
                "the connection closed before the whole body arrived",
            )
            return
        if TOO_LARGE in response.flags:
            # Archived up to the limit (WARC-Truncated: length); a cut body is no version.
            yield FetchErrorItem(
                self.source.name, response.url, "too_large",
                f"the body went over the size limit: its first {len(response.body)} bytes"
                " are archived, marked truncated",
            )
            return
        if "bad_encoding" in response.flags:
            yield FetchErrorItem(
                self.source.name, response.url, "bad_encoding",
                "the compressed body is corrupt, cut short or in an unknown coding ("
                + str(response.meta.get("civcas_decode_error")) + "); kept as received",
            )
            return
        if self.is_document(response.url):
            yield PageItem(
                source=self.source.name,
                kind=self.source.kind,  # a hint: the stored kind is read from the content
                url=self._canonical(response.url),
                capture_id=response.meta.get("civcas_capture_id"),
                status=response.status,
                content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
                body=response.body,
            )
        elif self._carried is not None:
            self._note_carried(response.url, self._links(response))
        for url in self._to_follow(response):
            if self._first_time(url):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    # -- links that vanished -------------------------------------------------------------

    def _note_carried(self, listing_url: str, links: list[str]) -> None:
        """What a listing, feed or sitemap read in this crawl links as documents."""
        if self._carried is not None:
            documents = self._carried.setdefault(self._canonical(listing_url), {})
            for url in links:
                if self.is_document(url):
                    documents.setdefault(self._canonical(url), url)

    def _listings_read(self) -> None:
        """At the first idle (every listing read): ask again for each known document
        whose link vanished from a listing that carried it, then keep what the listings
        link now. Known documents only: a link that never gave a document is no news."""
        carried_now, self._carried = self._carried, None
        if carried_now is None:
            return  # a later idle, after the documents asked for here were fetched
        store = self.session.store
        before = listings.carried(store.db, self.source.name)
        linked_now = {doc for docs in carried_now.values() for doc in docs}
        # Pages of one listing (`?Page=2`, `?page=3`) shift as new items push old ones down:
        # a link is gone from a paged listing only when every page of it read before was
        # read again (an incremental crawl that stopped paging early knows nothing of the rest).
        pages_before, pages_now = _pages_by_listing(before), _pages_by_listing(carried_now)
        vanished = {doc: linked for listing in carried_now
                    if pages_before.get(_listing_of(listing), set()) <= pages_now.get(_listing_of(listing), set())
                    for doc, linked in before.get(listing, {}).items() if doc not in linked_now}
        listings.replace(store.db, self.source.name, self.session.run_id, carried_now)
        if not vanished:
            return
        known = {self._canonical(u): u for u in self.session.recheck_urls(None)}
        asked = 0
        for doc in sorted(vanished):
            if doc not in known:
                continue
            if doc in self._resting:  # not due under the cadence: due now
                self._resting.discard(doc)
                self.session.links.forget(doc)
            if self._first_time(known[doc]):
                logger.info("%s: the link to %s vanished from its listing; asking for it again",
                            self.source.name, doc)
                self.crawler.engine.crawl(scrapy.Request(
                    known[doc], callback=self.parse, errback=self.failed,
                    meta={"handle_httpstatus_list": list(GONE_STATUSES)}))
                asked += 1
        self.session.counters.documents_unlinked += asked
        if asked:
            raise DontCloseSpider("known documents whose links vanished are asked for")

    def _to_follow(self, response: Response) -> list[str]:
        links = self._links(response)
        if not self.incremental:
            return [u for u in links if self.is_document(u) or self._is_listing(u)]
        documents = [u for u in links if self.is_document(u)]
        new_documents = [u for u in documents if canonical_url(u) not in self._archived]
        # Known documents a listing links, left alone: the source still lists what it did.
        archived = {self._canonical(u) for u in documents} - {
            self._canonical(u) for u in new_documents} - self._archived_linked
        archived -= self.session.links.asked(archived)
        self._archived_linked |= archived
        self.session.counters.documents_resting += len(archived)
        if not new_documents:
            return []  # a listing page with nothing new: paging stops here
        listings = [u for u in links if self._is_listing(u)]
        if self.source.next_page and isinstance(response, TextResponse):
            nexts = {response.urljoin(h.strip())
                     for h in response.css(f"{self.source.next_page}::attr(href)").getall()}
            listings = [u for u in listings if u in nexts]
        return new_documents + listings

    def failed(self, failure) -> Iterator[FetchErrorItem]:
        full = disk_full_message(failure.value)
        if full is not None:
            raise_stop(self, full)  # no error row: the store cannot take one
        described = describe_failure(failure)
        if described is not None:
            kind, message = described
            yield FetchErrorItem(self.source.name, failure.request.url, kind, message)

    # -- link rules ----------------------------------------------------------------------

    def _links(self, response: Response) -> list[str]:
        if not isinstance(response, TextResponse) or _is_json(response):
            return []  # PDFs, binary and JSON bodies (GOV.UK's content API) link nowhere we follow
        if len(response.body) > self.settings.getint("CIVCAS_EXTRACT_MAX_HTML_BYTES") > 0:
            self.logger.warning("not read for links: %s (%d bytes, over extract_max_html_bytes)",
                                response.url, len(response.body))
            return []  # parsing tens of megabytes of HTML costs minutes and gigabytes
        hrefs = response.xpath(_FEED_LINKS).getall() if _is_feed(response) else []
        hrefs += response.css("a::attr(href)").getall()
        return [response.urljoin(h.strip()) for h in hrefs if h.strip()]

    def _first_time(self, url: str) -> bool:
        """Whether this run has not asked for the URL yet (asked of the session: in a
        distributed crawl every worker's spider of the source shares the answer)."""
        key = self._canonical(url)
        if self.session.links.first_time(key):
            return True
        if key in self._resting:  # found on a listing, left alone: counted once
            self._resting.discard(key)
            self.session.counters.documents_resting += 1
        return False

    def _canonical(self, url: str) -> str:
        return canonical_url(url, self.source.ignore_params)

    def is_document(self, url: str) -> bool:
        """Whether a page is kept as a document: its URL matches the source's `documents`
        patterns, or it was taken for one."""
        return self._canonical(url) in self._taken or self.source.is_document_url(url)

    def take_as_document(self, url: str) -> None:
        """Keep `url` as a document whatever its path: a news article a feed listed, a
        ReliefWeb report the API named, or (in a worker) a page another worker's spider
        took for one (crawler/distributed/worker.py passes that on with the request)."""
        self._taken.add(self._canonical(url))

    def _is_listing(self, url: str) -> bool:
        return self.source.is_listing_url(url)


def _listing_of(url: str) -> str:
    """A listing page's listing: its URL without query or fragment (the page number)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _pages_by_listing(carried: dict) -> dict[str, set[str]]:
    pages: dict[str, set[str]] = {}
    for url in carried:
        pages.setdefault(_listing_of(url), set()).add(url)
    return pages


def _is_json(response: Response) -> bool:
    return "json" in (response.headers.get("Content-Type") or b"").decode("latin-1").lower()


def _is_feed(response: Response) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    return "xml" in ctype or response.text.lstrip()[:200].startswith("<?xml")
