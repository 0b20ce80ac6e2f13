"""Changes a test makes to the replica sites between crawls, beyond the fixed rounds:
a page taken down (it answers 404 and every link to it is gone from the listings, feeds
and sitemaps that carried it) or edited in place (a piece of its text replaced).

    srv.take_down("https://snhr.org/blog/2019/01/02/some-report/")
    srv.edit("https://snhr.org/blog/2019/01/03/other/", "12 civilians", "14 civilians")
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import threading
from urllib.parse import urljoin, urlsplit

from crawler.replicas import world
from crawler.replicas.common import Resource

_Key = tuple[str, str, str | None]  # host, normalised path, normalised query
_LINK = re.compile(r"""(?:href=["']([^"']+)["']|<(?:link|loc)>\s*([^<\s]+)\s*</(?:link|loc)>)""")
# The element a link lives in: an anchor, a feed entry, a sitemap entry.
_BLOCKS = ("a", "item", "entry", "url")


def _key(url: str) -> _Key:
    parts = urlsplit(url)
    path, query = world.split_key(parts.path + (f"?{parts.query}" if parts.query else ""))
    # With or without its trailing slash (a canonical URL drops it): the same page.
    return parts.hostname or "", path.rstrip("/") or "/", query


class Alterations:
    def __init__(self):
        self._lock = threading.Lock()
        self._gone: set[_Key] = set()  # answer 404
        self._unlinked: set[_Key] = set()  # links to them dropped
        self._edits: dict[_Key, list[tuple[bytes, bytes]]] = {}

    def take_down(self, *originals: str, drop_links: bool = True) -> None:
        with self._lock:
            self._gone |= {_key(u) for u in originals}
            if drop_links:
                self._unlinked |= {_key(u) for u in originals}

    def edit(self, original: str, old: str, new: str) -> None:
        with self._lock:
            self._edits.setdefault(_key(original), []).append((old.encode(), new.encode()))

    def apply(self, host: str, path: str, query: str, res: Resource | None) -> Resource | None:
        """The answer to serve for this request, given the round's `res` (None: no page)."""
        key = _key(f"https://{host}{path}" + (f"?{query}" if query else ""))
        with self._lock:
            gone, unlinked = set(self._gone), set(self._unlinked)
            edits = list(self._edits.get(key, ()))
        if _is_gone(key, gone):
            return Resource(b"", status=404)  # the server sends its "page not found" body
        if res is None or res.status != 200:
            return res
        body = res.body
        for old, new in edits:
            if old not in body:
                raise ValueError(f"edit of {host}{path}: {old!r} is not on the page")
            body = body.replace(old, new)
        if unlinked and not res.content_type.startswith("application/pdf"):
            body = _without_links(body, f"https://{host}{path}" + (f"?{query}" if query else ""),
                                  unlinked)
        if body == res.body:
            return res
        return dataclasses.replace(res, body=body, modified=dt.datetime.now(dt.timezone.utc))


def _without_links(body: bytes, page_url: str, gone: set[_Key]) -> bytes:
    text = body.decode("utf-8", errors="surrogateescape")
    for tag in _BLOCKS:
        pattern = re.compile(rf"<{tag}\b[^>]*>.*?</{tag}>" if tag != "a" else r"<a\b[^>]*>.*?</a>",
                             re.DOTALL | re.IGNORECASE)
        text = pattern.sub(lambda m: "" if _links_to(m.group(0), page_url, gone) else m.group(0),
                           text)
    return text.encode("utf-8", errors="surrogateescape")


def _links_to(block: str, page_url: str, gone: set[_Key]) -> bool:
    if block[:2].lower() == "<a":  # an anchor: its own href only
        m = re.match(r"""<a\b[^>]*href=["']([^"']+)["']""", block, re.IGNORECASE)
        hrefs = [m.group(1)] if m else []
    else:
        hrefs = [a or b for a, b in _LINK.findall(block)]
    return any(_is_gone(_key(urljoin(page_url, html.unescape(h))), gone) for h in hrefs)


def _is_gone(key: _Key, gone: set[_Key]) -> bool:
    """A page taken down without a query string is gone with any query (`?ver=`)."""
    return key in gone or key[:2] + (None,) in gone
