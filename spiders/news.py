"""The news source: articles found through RSS/Atom feeds and XML sitemaps, kept only when
the entry speaks of the air war (a keyword in its title, summary or URL, English or
Arabic). Everything else is the generic site spider's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import scrapy

from crawler.reading.feeds import FeedError, entries
from crawler.items import FetchErrorItem
from spiders.site import SiteSpider, _is_feed

KEYWORDS = (
    "Hajin", "Raqqa", "Raqqah", "Deir ez-Zor", "Deir e-Zor", "Deir Ezzor", "Deir Ezzour", "Deir el-Zour",
    "Mayadeen", "Mayadin", "Baghuz", "Mosul", "coalition", "civilian", "airstrike", "air strike",
    "Islamic State", "ISIS", "Daesh",
    "هجين", "الرقة", "دير الزور", "الميادين", "الباغوز", "الموصل", "التحالف", "مدني", "غارات", "داعش",
)
_KEYWORD = re.compile("|".join(re.escape(k) for k in KEYWORDS), re.IGNORECASE)


def wanted(entry) -> bool:
    # The path only: a host such as civiliansinconflict.org says nothing about the story.
    return bool(_KEYWORD.search(f"{entry.title} {entry.summary} {unquote(urlsplit(entry.url).path)}"))


class NewsSpider(SiteSpider):
    name = "news"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Documents already known are documents whatever their path (as are the articles
        # a feed lists, below).
        for url in self.recheck_urls:
            self.take_as_document(url)

    def parse(self, response) -> Iterator:
        if response.status == 200 and _is_feed(response):
            yield from self._feed(response)
            return
        yield from super().parse(response)

    def _feed(self, response) -> Iterator:
        try:
            found = entries(response.body)
        except FeedError as exc:
            yield FetchErrorItem(self.source.name, response.url, "feed", str(exc))
            return
        for entry in found:
            url = response.urljoin(entry.url)
            if entry.is_sitemap:
                if self._first_time(url):
                    yield scrapy.Request(url, callback=self.parse, errback=self.failed)
            elif wanted(entry):
                self.take_as_document(url)
                self._note_carried(response.url, [url])
                if self._first_time(url):
                    yield scrapy.Request(url, callback=self.parse, errback=self.failed)
