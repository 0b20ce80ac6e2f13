"""The download handler: sends each request to its mirror (see crawler.mirror) and
enforces --max-pages at the moment a request would go out.

Both live at the transport level on purpose. A middleware that returned a rewritten
request would have it rescheduled, filtered as off-site and checked against the mirror
host's robots.txt instead of the real site's; and a middleware's process_request runs
when a request is queued, long before it is sent, so it cannot count responses in time.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.mirror import mirrored_url

FETCHED_URL = "civcas_fetched_url"


class PageBudgetSpent(IgnoreRequest):
    """--max-pages responses came back; further requests are not sent (not an error)."""


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._mirrors: dict[str, str] = dict(crawler.settings.getdict("CIVCAS_MIRRORS"))
        self._max_pages = crawler.settings.getint("CLOSESPIDER_PAGECOUNT")
        self._started = 0

    async def download_request(self, request: Request) -> Response:
        if self._max_pages and not _is_robots(request):
            if self._started >= self._max_pages:
                raise PageBudgetSpent("max pages reached")
            self._started += 1
        target = mirrored_url(request.url, self._mirrors)
        # The capture middleware reads this to record what was really fetched.
        request.meta[FETCHED_URL] = target
        if target == request.url:
            return await super().download_request(request)
        response = await super().download_request(request.replace(url=target))
        # Links and redirects resolve against the original URL, as on the real site.
        return response.replace(url=request.url)


def _is_robots(request: Request) -> bool:
    # robots.txt is the price of asking politely, not one of the N pages.
    return request.url.split("?", 1)[0].endswith("/robots.txt")
