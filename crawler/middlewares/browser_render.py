"""Browser captures for sources with `render = "browser"`.

The page is fetched over HTTP like any other, and that response is archived as it came
(`response` record, by the capture middleware). Then this middleware renders the decoded
HTML in chromium (crawler.runtime.browser) and archives what the browser made of it as two
`resource` records joined to the HTTP record (WARC-Concurrent-To and WARC-Refers-To):

    urn:dom:<fetched URL>          text/html; charset=utf-8, the DOM after scripts ran
    urn:screenshot:<fetched URL>   image/png, the full page

and every subresource the page loaded from its allowed domains (scripts, the JSON a
script fetched) as `request` + `response` records as they went on the wire (see
crawler/runtime/browser.py), the response with a second WARC-Concurrent-To naming the page's HTTP
record and a `captures` row (render 'browser'); a payload archived before becomes an
identical-payload-digest revisit. Each DOM or screenshot has its `captures` row
(record_type 'resource', render 'browser'); a DOM or
screenshot byte-identical to the last one archived for the page is not written again
(scheduled recrawls of unchanged pages stay small). The spider then
gets the rendered DOM as the body, so text and links come from what a reader saw, and
the version it yields points at the DOM capture. A page that cannot be rendered gets an
error row and one log line, and goes on as plain HTTP.

Placed at 580, below HttpCompressionMiddleware (590) and RedirectMiddleware (600): it
sees final, decoded HTML answers only. One browser per crawl, launched on the first page
that needs it and closed when the spider closes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request, signals
from scrapy.http import HtmlResponse, Response

from archive.store import CaptureRow
from archive.warcfmt import sha256_digest
from crawler.runtime.browser import BrowserRenderer, RenderError
from crawler.middlewares.mirror import FETCHED_URL
from crawler.middlewares.warc_capture import CAPTURE_ID, RECORD_ID

if TYPE_CHECKING:
    from crawler.runtime.session import Session

RENDERED_FLAG = "rendered"
DOM_TYPE = "text/html; charset=utf-8"
logger = logging.getLogger("civcas.browser")


class BrowserRenderMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self._renderer: BrowserRenderer | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Response:
        session: Session = self.crawler.spider.session
        if not _wants_render(session.source, request, response):
            return response
        try:
            rendered = await self._browser(session).render(
                request.url, response.body, _header_pairs(response.headers)
            )
        except RenderError as exc:
            session.counters.errors += 1
            session.store.add_error(session.run_id, request.url, "render", str(exc))
            logger.warning("%s: %s (render)", request.url, exc)
            return response
        if rendered.blocked:
            logger.info("%s: blocked %d requests outside the allowed domains: %s",
                        request.url, len(rendered.blocked), ", ".join(rendered.blocked[:5]))
        fetched = request.meta.get(FETCHED_URL, request.url)
        joined = request.meta.get(RECORD_ID)
        for asked, exchange in rendered.exchanges:
            _archive_subresource(session, asked, exchange, joined)
        dom = rendered.dom.encode("utf-8")
        capture_ids = []
        for scheme, ctype, data in (
            ("urn:dom:", DOM_TYPE, dom),
            ("urn:screenshot:", "image/png", rendered.screenshot),
        ):
            uri = scheme + fetched
            last = session.store.last_resource(request.url, scheme)
            if last is not None and last["payload_digest"] == sha256_digest(data):
                # Byte-identical to the last render of this page: already archived.
                capture_ids.append(last["id"])
                logger.info("%s: %s unchanged since capture %s, not written again",
                            request.url, scheme.strip(":"), last["id"])
                continue
            record = session.warcs.write_resource(
                uri, ctype, data, concurrent_to=joined, refers_to=joined,
                began_at=rendered.began_at,
            )
            capture_ids.append(session.store.add_capture(CaptureRow(
                run_id=session.run_id, url=request.url, fetched_url=uri, method=request.method,
                status=None, content_type=ctype, fetched_at=record.warc_date,
                warc_file=record.warc_file, warc_offset=record.offset,
                warc_length=record.length, warc_record_id=record.record_id,
                payload_digest=record.payload_digest, record_type="resource", render="browser",
            )))
        # The version extracted from this page points at the DOM it was read from.
        request.meta[CAPTURE_ID] = capture_ids[0]
        headers = response.headers.copy()
        headers[b"Content-Type"] = DOM_TYPE.encode()
        headers.pop(b"Content-Length", None)
        return response.replace(body=dom, headers=headers, flags=[*response.flags, RENDERED_FLAG])

    def _browser(self, session: Session) -> BrowserRenderer:
        if self._renderer is None:
            settings = self.crawler.settings
            self._renderer = BrowserRenderer(
                allowed_domains=tuple(session.source.allowed_domains),
                mirrors=settings.getdict("CIVCAS_MIRRORS"),
                user_agent=settings.get("USER_AGENT"),
                timeout=settings.getfloat("DOWNLOAD_TIMEOUT"),
                home=session.data_dir / ".cache" / "chromium",
                max_body_bytes=settings.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024,
                guard_addresses=not session.source.local,
            )
        return self._renderer

    async def spider_closed(self, spider) -> None:
        if self._renderer is not None:
            await self._renderer.close()
            self._renderer = None


def _archive_subresource(session: Session, asked: str, exchange, page: str | None) -> int | str:
    """Request + response (or revisit) records of one subresource a render loaded, joined
    to the page's HTTP record, and its `captures` row."""
    digest = sha256_digest(exchange.body)
    original = session.store.original_response(digest, exchange.status) if exchange.body else None
    if original is not None:
        _, record = session.warcs.write_revisit(
            exchange, refers_to_uri=original["fetched_url"], refers_to_date=original["fetched_at"],
            refers_to_id=original["warc_record_id"], payload_digest=digest, page=page)
    else:
        _, record = session.warcs.write_exchange(exchange, payload_digest=digest, page=page)
    ctype = next((v for k, v in exchange.response_headers if k.lower() == "content-type"), None)
    return session.store.add_capture(CaptureRow(
        run_id=session.run_id, url=asked, fetched_url=exchange.url, method=exchange.method,
        status=exchange.status, content_type=ctype, fetched_at=record.warc_date,
        warc_file=record.warc_file, warc_offset=record.offset, warc_length=record.length,
        warc_record_id=record.record_id, payload_digest=record.payload_digest,
        record_type=record.record_type,
        revisit_of=original["id"] if original is not None and record.record_type == "revisit" else None,
        render="browser",
    ))


def _wants_render(source, request: Request, response: Response) -> bool:
    return (
        source.render == "browser"
        and response.status == 200
        and isinstance(response, HtmlResponse)
        and not request.url.split("?", 1)[0].endswith("/robots.txt")
        and not {"dataloss", "bad_encoding"} & set(response.flags)
        and RENDERED_FLAG not in response.flags
    )


def _header_pairs(headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
