"""Turn a failed request into a short error kind and one readable sentence."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.middlewares.mirror import (CrawlStopping, PageBudgetSpent, RefusedAddress,
                                        RefusedRequest)
from crawler.middlewares.redirect_loop import RedirectLoop, RefusedRedirect
from crawler.runtime.wire import HeadTooLarge

# Exception types Scrapy's downloader raises, and how we name them.
_DOWNLOAD_ERRORS = (
    (DownloadTimeoutError, "timeout", "no answer before the download timeout"),
    (DownloadCancelledError, "too_large", "download cancelled: body over the size limit"),
    (CannotResolveHostError, "dns", "host name did not resolve"),
    (DownloadConnectionRefusedError, "connection", "connection refused"),
    (ResponseDataLossError, "truncated", "the connection closed before the whole body arrived"),
    (DownloadFailedError, "connection", "the connection failed"),
)


def describe_failure(failure: Failure) -> tuple[str, str] | None:
    """(kind, message) for a failed request, or None when nothing went wrong (a request
    robots.txt forbids, one past --max-pages, one left unsent by a stop, is a choice we
    made, not an error)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"the server answered HTTP {status}"
    if isinstance(exc, HeadTooLarge):
        return "head_too_large", str(exc)
    if isinstance(exc, (PageBudgetSpent, CrawlStopping)):
        return None
    if isinstance(exc, RedirectLoop):
        return "redirect_loop", str(exc)
    if isinstance(exc, (RefusedAddress, RefusedRedirect, RefusedRequest)):
        return "refused", str(exc)
    if isinstance(exc, IgnoreRequest):
        # Scrapy's own refusals are only told apart by their message.
        text = str(exc)
        if "robots.txt" in text:
            return None
        if "max redirections" in text:
            return "redirect_loop", "too many redirects"
        if "DOWNLOAD_MAXSIZE" in text:  # HttpCompressionMiddleware stopped a "bomb"
            return "too_large", "the body decompresses to more than the size limit; kept compressed as received"
        return "ignored", text or "request ignored"
    for cls, kind, message in _DOWNLOAD_ERRORS:
        if isinstance(exc, cls):
            detail = str(exc).strip()
            return kind, f"{message}: {detail}" if detail else message
    return "fetch", f"{type(exc).__name__}: {exc}"
