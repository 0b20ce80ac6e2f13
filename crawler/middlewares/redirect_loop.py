"""Name redirect loops and off-site redirects as errors instead of letting them vanish.

RedirectMiddleware (600) follows a loop until the dupe filter silently drops the repeat,
and Scrapy's off-site filter silently drops a redirect to a host outside the source's
allowed domains, so nothing would say the page is unreachable. Sitting just above it
(610) this sees the 3xx first: it refuses a Location already visited in the same chain,
and one on a host the source does not allow, before any request is made to it.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.url import url_is_from_any_domain

from archive.urls import canonical_url


class RedirectLoop(IgnoreRequest):
    """A redirect chain came back to a URL it had already visited."""


class RefusedRedirect(IgnoreRequest):
    """A redirect pointed outside the source's allowed domains."""


class RedirectLoopMiddleware:
    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = canonical_url(response.urljoin(location.decode("latin-1")))
        chain = request.meta.get("redirect_urls", []) + [request.url]
        if target in {canonical_url(u) for u in chain}:
            raise RedirectLoop(f"redirect loop: {' -> '.join(chain)} -> {target}")
        allowed = getattr(getattr(self.crawler, "spider", None), "allowed_domains", None)
        if allowed and not url_is_from_any_domain(target, allowed):
            raise RefusedRedirect(
                f"redirect to a host outside the allowed domains refused: {request.url} -> {target}"
            )
        return response
