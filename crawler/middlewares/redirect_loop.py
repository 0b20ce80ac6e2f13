"""Name redirect loops as errors instead of letting them vanish.

RedirectMiddleware (600) follows a loop until the dupe filter silently drops the repeat,
so nothing would say the page is unreachable. Sitting just above it (610) this sees the
3xx first and refuses a Location already visited in the same chain.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from archive.urls import canonical_url


class RedirectLoop(IgnoreRequest):
    """A redirect chain came back to a URL it had already visited."""


class RedirectLoopMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = canonical_url(response.urljoin(location.decode("latin-1")))
        chain = request.meta.get("redirect_urls", []) + [request.url]
        if target in {canonical_url(u) for u in chain}:
            raise RedirectLoop(f"redirect loop: {' -> '.join(chain)} -> {target}")
        return response
