"""Conditional requests: ask the server whether a page changed since we archived it.

When a URL already has an archived `response` (status 200) carrying an ETag or a
Last-Modified header, the next request for it sends If-None-Match / If-Modified-Since.
A `304 Not Modified` answer is archived by the capture middleware as a
server-not-modified revisit pointing at that response; then, on its way to the spider,
the 304 is replaced by the archived response itself (status, headers and body read back
from the WARC), as a cache would do. The spider therefore sees the page it knows: links
are followed as before and the store records the document as seen unchanged, never as
changed or removed.

Placed at 940: its process_request runs after every built-in middleware has set its
headers and just before the capture middleware (950) archives the request, so the
conditional headers are in the `request` record; its process_response runs right after
the capture middleware archived the 304 and before decompression (590), which then
decodes the archived body like any other.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.http.response.html import HtmlResponse
from scrapy.responsetypes import responsetypes

from archive.reader import WarcFormatError, read_record

if TYPE_CHECKING:
    from crawler.runtime.session import Session

# request.meta: the captures row whose validators the request carries.
REVALIDATES = "civcas_revalidates"
NOT_MODIFIED_FLAG = "not_modified"
logger = logging.getLogger("civcas.capture")


class ConditionalRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or b"If-None-Match" in request.headers \
                or b"If-Modified-Since" in request.headers:
            return None
        session: Session = self.crawler.spider.session
        known = session.store.last_full_response(request.url)
        if known is None:
            return None
        record = _read(session, known)
        if record is None or record.http is None:
            return None
        etag, modified = record.http.get_header("ETag"), record.http.get_header("Last-Modified")
        if not etag and not modified:
            return None
        if etag:
            request.headers[b"If-None-Match"] = etag.encode("latin-1")
        if modified:
            request.headers[b"If-Modified-Since"] = modified.encode("latin-1")
        request.meta[REVALIDATES] = known["id"]
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304 or REVALIDATES not in request.meta:
            return response
        session: Session = self.crawler.spider.session
        known = session.store.capture(request.meta[REVALIDATES])
        record = _read(session, known) if known else None
        if record is None or record.http is None:
            # The archived copy is unreadable: the 304 stays a 304 (the spider drops it).
            logger.warning("%s: 304 for an archived copy that cannot be read back", request.url)
            return response
        headers = Headers()
        for name, value in record.http.headers:
            headers.appendlist(name, value.encode("latin-1"))
        cls = responsetypes.from_args(headers=headers, url=request.url, body=record.payload)
        if cls is Response and b"html" in (headers.get(b"Content-Type") or b""):
            cls = HtmlResponse
        return cls(
            url=response.url,
            status=record.status or 200,
            headers=headers,
            body=record.payload,
            flags=[*response.flags, NOT_MODIFIED_FLAG],
            request=request,
            protocol=response.protocol,
            ip_address=response.ip_address,
        )


def _read(session: Session, capture: dict):
    try:
        return read_record(
            session.data_dir / "warcs", capture["warc_file"], capture["warc_offset"],
            capture["warc_length"],
        )
    except (OSError, ValueError, WarcFormatError) as exc:
        logger.warning("capture %s cannot be read back: %s", capture["id"], exc)
        return None
