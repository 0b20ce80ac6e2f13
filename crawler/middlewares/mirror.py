"""The download handler: sends each request to its mirror (see crawler.net.mirror) and
enforces --max-pages at the moment a request would go out.

Both live at the transport level on purpose. A middleware that returned a rewritten
request would have it rescheduled, filtered as off-site and checked against the mirror
host's robots.txt instead of the real site's; and a middleware's process_request runs
when a request is queued, long before it is sent, so it cannot count responses in time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response

from archive.urls import origin_of
from crawler.net.mirror import mirrored_url
from crawler.net.guard import forbidden_reason, is_ip_literal
from crawler.net.policy import refusal
from crawler.runtime.wire import WireHeadsFactory, take_heads

FETCHED_URL = "civcas_fetched_url"
# The request and response heads as they crossed the wire (crawler.runtime.wire.WireHeads), when
# they could be kept; the capture middleware writes them instead of Scrapy's parsed view.
WIRE_HEADS = "civcas_wire_heads"
# Response flag: the body went over the size limit and was cut there (see _count_bytes).
TOO_LARGE = "too_large"


class PageBudgetSpent(IgnoreRequest):
    """--max-pages responses came back; further requests are not sent (not an error)."""


class CrawlStopping(IgnoreRequest):
    """A stop was asked (SIGTERM, Ctrl-C, the scheduler's time limit): a request still
    waiting for its turn is not sent (not an error); those already in flight finish."""


class RefusedAddress(IgnoreRequest):
    """The host resolves to an address a crawl must not connect to (see netguard)."""


class RefusedRequest(IgnoreRequest):
    """The request breaks the crawl's policy (crawler/net/policy.py): a scheme other than
    http(s), or a host outside the source's allowed domains. Checked here, where every
    request passes (start URLs, links, redirects, <meta> refreshes, retries), whatever
    `dont_filter` says."""


class RefusingDownloadHandler(BaseDownloadHandler):
    """Scrapy's handlers for file:, data:, ftp: and s3: replaced: nothing but http(s)
    is ever fetched (a page's link must not read the crawler's own files)."""

    async def download_request(self, request: Request) -> Response:
        raise RefusedRequest(f"refused: {refusal(request.url, ()) or request.url[:200]}")


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._mirrors: dict[str, str] = dict(crawler.settings.getdict("CIVCAS_MIRRORS"))
        self._crawler = crawler
        # Origins the user named on the command line (e.g. `backfill --archive URL`).
        self._trusted = set(crawler.settings.getlist("CIVCAS_TRUSTED_ORIGINS"))
        # Not CLOSESPIDER_PAGECOUNT: that counts robots.txt answers too and closes the spider
        # with pages still in flight, so a source could stop one page short.
        self._max_pages = crawler.settings.getint("CIVCAS_MAX_PAGES")
        self._started = 0
        # Scrapy cancels a body over DOWNLOAD_MAXSIZE and throws away what came; an
        # evidence archive keeps it. The transport limit is lifted here and the body is
        # cut at the limit instead (_count_bytes), archived marked `WARC-Truncated:
        # length`. Decompression keeps Scrapy's DOWNLOAD_MAXSIZE bound.
        self._body_limit = self._default_maxsize
        self._default_maxsize = 0
        self._received: dict[int, int] = {}  # id(request being sent) -> body bytes so far
        crawler.signals.connect(self._count_bytes, signal=signals.bytes_received)
        self._pool._factory = WireHeadsFactory
        self._heads: dict[int, object] = {}  # id(request being sent) -> its WireHeads
        crawler.signals.connect(self._keep_heads, signal=signals.headers_received)

    async def download_request(self, request: Request) -> Response:
        if self._stop_asked():
            raise CrawlStopping("the crawl is stopping")
        if self._max_pages and not _is_robots(request):
            if self._started >= self._max_pages:
                self._crawler.stats.set_value("civcas/max_pages_reached", True)
                raise PageBudgetSpent("max pages reached")
            self._started += 1
        self._check_policy(request)
        target = mirrored_url(request.url, self._mirrors)
        # The capture middleware reads this to record what was really fetched.
        request.meta[FETCHED_URL] = target
        if target == request.url:
            if not self._source_is_local() and origin_of(request.url) not in self._trusted:
                await self._refuse_special_addresses(request.url)
            return await self._download(request, request)
        response = await self._download(request.replace(url=target), request)
        # Links and redirects resolve against the original URL, as on the real site.
        return response.replace(url=request.url)

    async def _download(self, request: Request, original: Request) -> Response:
        original.meta.pop(WIRE_HEADS, None)  # a retry or redirect copies the meta
        self._heads[id(request)] = None
        try:
            return await self._download_limited(request)
        finally:
            heads = self._heads.pop(id(request), None)
            if heads is not None:
                original.meta[WIRE_HEADS] = heads

    async def _download_limited(self, request: Request) -> Response:
        if "download_maxsize" in request.meta or not self._body_limit:
            return await super().download_request(request)  # a limit of its own: Scrapy's
        self._received[id(request)] = 0
        try:
            response = await super().download_request(request)
        finally:
            received = self._received.pop(id(request), 0)
        if received > self._body_limit and "download_stopped" in response.flags:
            response = response.replace(body=response.body[: self._body_limit],
                                        flags=[*response.flags, TOO_LARGE])
        return response

    def _count_bytes(self, data: bytes, request: Request, spider=None) -> None:
        if id(request) not in self._received:
            return
        self._received[id(request)] += len(data)
        if self._received[id(request)] > self._body_limit:
            raise StopDownload(fail=False)  # the response ends with what came so far

    def _keep_heads(self, headers, body_length, request: Request, spider=None) -> None:
        # Sent in the same call chain as the wire protocol's hand-over (crawler.runtime.wire).
        heads = take_heads()
        if id(request) in self._heads and heads is not None and heads_match(heads, headers):
            self._heads[id(request)] = heads

    def _check_policy(self, request: Request) -> None:
        spider = getattr(self._crawler, "spider", None)
        allowed = getattr(spider, "allowed_domains", None)
        if allowed is None or origin_of(request.url) in self._trusted:
            return  # a spider without a domain list (none in civcas), a named archive
        reason = refusal(request.url, allowed)
        if reason:
            raise RefusedRequest(f"refused before any request: {reason}")

    def _stop_asked(self) -> bool:
        # Scrapy's graceful stop still downloads every request queued in the downloader
        # (up to CONCURRENT_REQUESTS, paced by the delay), which could take minutes.
        engine = self._crawler.engine
        if engine is None or engine.running:
            return False
        # Nothing is fetched any more: let the queue empty without waiting the delay.
        for slot in engine.downloader.slots.values():
            slot.delay = 0
        return True

    def _source_is_local(self) -> bool:
        # A source marked local (an intranet archive, a replica) may reach such addresses.
        source = getattr(getattr(self._crawler, "spider", None), "source", None)
        return bool(getattr(source, "local", False))

    async def _refuse_special_addresses(self, url: str) -> None:
        """Resolve the host (through Scrapy's caching resolver, which the connection then
        uses too) and refuse private, loopback and link-local answers before connecting.
        A --mirror target is exempt: the user named it."""
        from scrapy.utils.defer import deferred_to_future
        from twisted.internet import reactor

        host = urlsplit(url).hostname or ""
        reason = forbidden_reason(host)
        if reason is None and not is_ip_literal(host):
            try:
                # Twisted's IReactorCore declares resolve() without self (a zope Interface),
                # so mypy takes `host` for self and the timeout for the first argument.
                address = await deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001  the download itself reports a DNS failure
                return
            reason = forbidden_reason(address)
            host = f"{host} ({address})"
        if reason:
            raise RefusedAddress(f"refused before connecting: {host} is {reason}")


def heads_match(heads, headers) -> bool:
    """Whether the response head on the wire carries every header Scrapy parsed (names
    compared case-blind; Content-Length is Scrapy's own, from the parsed length)."""
    if heads.response is None:
        return False
    on_wire = set()
    for line in heads.response.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            on_wire.add((name.strip().lower(), value.strip()))
    return all((name.lower(), value.strip()) in on_wire
               for name, values in headers.items() if name.lower() != b"content-length"
               for value in values)


def _is_robots(request: Request) -> bool:
    # robots.txt is the price of asking politely, not one of the N pages.
    return request.url.split("?", 1)[0].endswith("/robots.txt")
