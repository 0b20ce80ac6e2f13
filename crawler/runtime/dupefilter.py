"""Scrapy's duplicate filter, except for redirect hops.

A redirect to a page already requested would otherwise be dropped without a word, and a
redirect loop would vanish instead of becoming an error row. Hops are let through;
RedirectLoopMiddleware stops loops and REDIRECT_MAX_TIMES stops endless chains.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter


class RedirectAwareDupeFilter(RFPDupeFilter):
    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        return super().request_seen(request)
