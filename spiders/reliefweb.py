"""ReliefWeb through its public JSON API (api.reliefweb.int/v1/reports): each result's
`url_alias` is a report page kept as a document; `links.next.href` is the next page of
results. HTML listings in the source's start URLs are crawled as by the site spider."""

from __future__ import annotations

import json
from collections.abc import Iterator

import scrapy

from crawler.items import FetchErrorItem
from spiders.site import SiteSpider


class ReliefWebSpider(SiteSpider):
    name = "reliefweb"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Reports already known, and those the API names (below): documents whatever their path.
        for url in self.recheck_urls:
            self.take_as_document(url)

    def parse(self, response) -> Iterator:
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if response.status == 200 and "json" in ctype:
            yield from self._api(response)
            return
        yield from super().parse(response)

    def _api(self, response) -> Iterator:
        try:
            answer = json.loads(response.body)
            results = answer["data"]
        except (ValueError, KeyError, TypeError) as exc:
            yield FetchErrorItem(self.source.name, response.url, "api", f"not a ReliefWeb API answer: {exc}")
            return
        for result in results:
            url = (result.get("fields") or {}).get("url_alias") or (result.get("fields") or {}).get("url")
            if not url:
                continue
            self.take_as_document(url)
            if self._first_time(url):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)
        following = ((answer.get("links") or {}).get("next") or {}).get("href")
        if following and self._first_time(following):
            yield scrapy.Request(following, callback=self.parse, errback=self.failed)
