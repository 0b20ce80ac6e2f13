"""Archive every HTTP exchange as WARC records and a `captures` row.

Placed at 950, above every built-in downloader middleware, so it sees each response
first on its way back: before HttpCompressionMiddleware (590) decodes the body, before
RedirectMiddleware (600) and RetryMiddleware (550) act on it. Redirects, errors and
retried attempts are therefore archived too, and bodies are kept as they came.

When the same payload was archived before, a `revisit` record pointing at the original
response replaces the full copy, so scheduled recrawls of unchanged pages stay small.
A 304 answer to a conditional request (see `conditional.py`) becomes a
server-not-modified revisit pointing at the response the request revalidated.

A response whose head is over the wire cap (crawler.runtime.wire.HeadTooLarge) never
becomes a Scrapy response; its first bytes are archived all the same, as a `response`
record marked `WARC-Truncated: length` (a head with no end, no body), with its capture
row; the spider's errback then records the `head_too_large` error.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response

from archive.decoding import decode_body
from archive.store import CaptureRow
from archive.warc import HttpExchange
from archive.warcfmt import sha256_digest
from crawler.backfill.listing import ARCHIVED_FETCH
from crawler.middlewares.conditional import REVALIDATES
from crawler.middlewares.mirror import FETCHED_URL, TOO_LARGE, WIRE_HEADS
from crawler.runtime.wire import HeadTooLarge

if TYPE_CHECKING:
    from crawler.runtime.session import Session

CAPTURE_ID = "civcas_capture_id"
RECORD_ID = "civcas_warc_record_id"  # the response or revisit record of this exchange
DECODE_ERROR = "civcas_decode_error"  # why a body flagged bad_encoding does not decode
logger = logging.getLogger("civcas.capture")


def _header_pairs(headers) -> list[tuple[str, str]]:
    # Scrapy's Headers is a dict of normalised names to lists of values; reading it as a
    # plain dict gives what its items() gives, without re-normalising every name.
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in dict.items(headers)
        for value in values
    ]


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        session: Session = self.crawler.spider.session
        exchange = self._exchange(request, response)
        payload_digest = sha256_of_body = sha256_digest(exchange.body)  # hashed once, here
        if response.status == 304 and REVALIDATES in request.meta:
            # The server confirmed the copy our conditional request named is current.
            original = session.store.capture(request.meta[REVALIDATES])
            profile = "server-not-modified"
            if original is not None:
                payload_digest = original["payload_digest"]
        else:
            original = session.store.original_response(payload_digest, response.status)
            profile = "identical-payload-digest"
        if original is not None and (exchange.body or profile == "server-not-modified"):
            written = session.warcs.write_revisit(
                exchange,
                refers_to_uri=original["fetched_url"],
                refers_to_date=original["fetched_at"],
                refers_to_id=original["warc_record_id"],
                profile=profile,
                payload_digest=payload_digest,  # hashed once, here
            )
        else:
            written = session.warcs.write_exchange(exchange, payload_digest=sha256_of_body)
        record = written[1]
        session.counters.responses += 1
        if response.status < 400 and not request.url.endswith("/robots.txt"):
            session.counters.ok_responses += 1
        # A fetch from a web archive (a backfill) is a third-party capture of the page.
        archived = request.meta.get(ARCHIVED_FETCH)
        try:
            capture_id = session.store.add_capture(_capture_row(
                session, request, exchange, record,
                url=(archived and archived.original) or request.url,
                status=response.status,
                content_type=(response.headers.get("Content-Type") or b"").decode("latin-1") or None,
                # A revisit record is written only with an original (above).
                revisit_of=original["id"] if original is not None and record.record_type == "revisit"
                else None,
                archive=archived.archive if archived else None,
                archived_at=archived.capture_time(
                    (response.headers.get("Memento-Datetime") or b"").decode("latin-1")
                ) if archived else None,
            ))
        except Exception:
            # The store could not take the row (a full disk): take the records back, so
            # no record is left that no capture row points at.
            session.warcs.discard(list(written))
            raise
        request.meta[CAPTURE_ID] = capture_id
        request.meta[RECORD_ID] = record.record_id
        if exchange.body and response.headers.get("Content-Encoding"):
            # A corrupt or cut compressed stream still decodes in part downstream; flag
            # it so the spider records an error instead of a truncated version.
            # Bounded: a few kilobytes of gzip can inflate to gigabytes (a "bomb").
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or None
            decoded = decode_body(exchange.body, exchange.response_headers, limit)
            if not decoded.complete:
                response.flags.append("bad_encoding")
                request.meta[DECODE_ERROR] = decoded.error
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if isinstance(exception, HeadTooLarge):
            self._archive_cut_head(request, exception)
        return None  # the failure goes on to the spider's errback (its error row)

    def _archive_cut_head(self, request: Request, cut: HeadTooLarge) -> None:
        session: Session = self.crawler.spider.session
        latency = request.meta.get("download_latency") or 0.0
        exchange = HttpExchange(
            url=request.meta.get(FETCHED_URL, request.url),
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body or b"",
            protocol="HTTP/1.1",
            status=0,  # unused: the head as received is written instead
            reason="",
            response_headers=[],
            body=b"",
            began_at=datetime.now(UTC) - timedelta(seconds=latency),
            truncated="length",
            request_head_raw=cut.request_head,
            response_head_raw=cut.received,
        )
        written = session.warcs.write_exchange(exchange)
        record = written[1]
        try:
            session.store.add_capture(_capture_row(
                session, request, exchange, record,
                url=request.url, status=_status_of(cut.received), content_type=None))
        except Exception:
            session.warcs.discard(list(written))
            raise

    @staticmethod
    def _exchange(request: Request, response: Response) -> HttpExchange:
        latency = request.meta.get("download_latency") or 0.0
        ip = getattr(response, "ip_address", None)
        heads = request.meta.pop(WIRE_HEADS, None)
        return HttpExchange(
            url=request.meta.get(FETCHED_URL, request.url),
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body or b"",
            protocol=response.protocol or "HTTP/1.1",
            status=response.status,
            reason="",
            response_headers=_header_pairs(response.headers),
            body=response.body,
            began_at=datetime.now(UTC) - timedelta(seconds=latency),
            ip_address=str(ip) if ip is not None else None,
            # Cut at the size limit by the download handler, or by a closed connection.
            truncated="length" if TOO_LARGE in response.flags
            else "disconnect" if "dataloss" in response.flags else None,
            request_head_raw=heads.request if heads else None,
            response_head_raw=heads.response if heads else None,
        )


def _capture_row(session, request: Request, exchange: HttpExchange, record, **fields) -> CaptureRow:
    """The `captures` row of a response record just written: where it is, what it holds;
    `fields` adds what depends on the answer (url, status, content type, revisit, archive)."""
    return CaptureRow(
        run_id=session.run_id, fetched_url=exchange.url, method=request.method,
        fetched_at=record.warc_date, warc_file=record.warc_file, warc_offset=record.offset,
        warc_length=record.length, warc_record_id=record.record_id,
        payload_digest=record.payload_digest, record_type=record.record_type, **fields)


def _status_of(head: bytes) -> int | None:
    """The status code of a status line (`HTTP/1.1 200 OK`), or None if it has none."""
    parts = head.split(b"\r\n", 1)[0].split(b" ", 2)
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and len(parts[1]) == 3 \
            and parts[1].isdigit():
        return int(parts[1])
    return None
