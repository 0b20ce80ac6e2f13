"""Turn a failed request into a short error kind and one readable sentence."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed


def describe_failure(failure: Failure) -> tuple[str, str] | None:
    """(kind, message) for a failed request, or None when nothing went wrong (a request
    robots.txt forbids is a choice we made, not an error)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"the server answered HTTP {status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text:
            return None
        if "redirection" in text:
            return "redirect_loop", "too many redirects (a redirect loop)"
        return "ignored", text or "request ignored"
    if isinstance(exc, (TimeoutError, TCPTimedOutError)):
        return "timeout", "no answer before the download timeout"
    if isinstance(exc, CancelledError):
        return "too_large", "download cancelled: body over the size limit or timed out"
    if isinstance(exc, DNSLookupError):
        return "dns", "host name did not resolve"
    if isinstance(exc, ConnectionRefusedError):
        return "connection", "connection refused"
    if isinstance(exc, ResponseFailed):
        return "truncated", "the connection closed before the whole body arrived"
    return "fetch", f"{type(exc).__name__}: {exc}"
