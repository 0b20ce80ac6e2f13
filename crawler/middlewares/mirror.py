"""Download handler that sends each request to its mirror (see crawler.mirror).

It sits at the transport level rather than in a downloader middleware: a middleware
that returned a rewritten request would have it rescheduled, filtered as off-site and
checked against the mirror host's robots.txt instead of the real site's.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from crawler.mirror import mirrored_url

FETCHED_URL = "civcas_fetched_url"


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._mirrors: dict[str, str] = dict(crawler.settings.getdict("CIVCAS_MIRRORS"))

    async def download_request(self, request: Request) -> Response:
        target = mirrored_url(request.url, self._mirrors)
        # The capture middleware reads this to record what was really fetched.
        request.meta[FETCHED_URL] = target
        if target == request.url:
            return await super().download_request(request)
        response = await super().download_request(request.replace(url=target))
        # Links and redirects resolve against the original URL, as on the real site.
        return response.replace(url=request.url)
