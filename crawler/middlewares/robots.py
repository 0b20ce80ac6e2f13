"""Scrapy's RobotsTxtMiddleware, with every request waiting for robots.txt given the rules.

Scrapy (2.19) keeps one Deferred per host while robots.txt is being fetched, and each
request that arrives meanwhile awaits it through `maybe_deferred_to_future`. Under the
asyncio reactor that is `Deferred.asFuture`, which consumes the Deferred's result: the
first waiter gets the parser and every later waiter gets None, which the middleware reads
as "no robots.txt, everything allowed". So when two or more requests for a host reach the
downloader before its robots.txt has come back, all but the first skip the rules.

A single crawl rarely shows it (its first request per host is alone, the links come
after), but a distributed worker does: it starts with a queue the other workers already
filled, so many requests for one host, disallowed ones among them, wait together.

The fix reads the outcome from where the middleware settles it before firing the
Deferred: `_parsers[netloc]` holds the parser, or None after a failed fetch.

A robots.txt that cannot be fetched (a host or a mirror that is down) is one log line: the
error is named in it, and its traceback (60 lines) tells a user nothing more.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


def _one_line(record: logging.LogRecord) -> bool:
    record.exc_info = None
    record.exc_text = None
    return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_one_line)


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    async def robot_parser(self, request):
        parser = await super().robot_parser(request)
        settled = self._parsers.get(urlparse_cached(request).netloc, parser)
        # Still a Deferred would mean Scrapy changed how it settles; keep its answer then.
        return parser if isinstance(settled, Deferred) else settled
