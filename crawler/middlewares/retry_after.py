"""Honour `Retry-After` on 429 and 503 answers: wait as asked (up to a cap), then retry.

Scrapy's RetryMiddleware retries 429/503 at once, which is exactly what a rate-limited
server asked us not to do. Placed at 560, just above it (550), this middleware sees the
answer first (after the capture at 950 archived it): when it carries a Retry-After of
at most `[crawl] max_retry_after` seconds, the request is retried after that wait, at
most MAX_WAITS times; a longer wait is not honoured by hammering: the request is not
retried at all. Either way a `retry_after` row says what happened, and a final refusal
still ends as an `http_429` row.

The wait pauses only this request (asynchronously); requests to other hosts go on.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

if TYPE_CHECKING:
    from crawler.runtime.session import Session

logger = logging.getLogger("civcas.retry_after")
STATUSES = (429, 503)
MAX_WAITS = 3  # retries after a honoured Retry-After, per request
WAITS = "civcas_retry_after_waits"


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """The delay a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler, cap: float):
        self.crawler = crawler
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("CIVCAS_MAX_RETRY_AFTER", 120.0))

    async def process_response(self, request: Request, response: Response, spider=None):
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        header = response.headers.get("Retry-After")
        if header is None:
            return response  # RetryMiddleware's ordinary retries
        asked = retry_after_seconds(header.decode("latin-1"))
        waits = request.meta.get(WAITS, 0)
        session: Session = self.crawler.spider.session
        if asked is None or asked > self.cap or waits >= MAX_WAITS:
            why = ("an unreadable Retry-After" if asked is None
                   else f"Retry-After {asked:g} s, over the {self.cap:g} s cap" if asked > self.cap
                   else f"still refused after {waits} polite waits")
            self._row(session, request.url, f"HTTP {response.status} with {why}: not retried")
            request.meta["dont_retry"] = True  # no immediate retries either
            return response
        self._row(session, request.url, f"HTTP {response.status}: waited {asked:g} s as "
                  "Retry-After asked, then retried")
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, asked, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta[WAITS] = waits + 1
        return retry

    @staticmethod
    def _row(session: Session, url: str, message: str) -> None:
        # A warning row, like `charset`: it does not make the run partial by itself.
        session.store.add_error(session.run_id, url, "retry_after", message)
        logger.warning("%s: %s (retry_after)", url, message)
