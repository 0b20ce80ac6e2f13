"""Entries of RSS 2.0 and Atom feeds and of XML sitemaps (news sitemaps, sitemap indexes),
read with defusedxml: a feed that declares entities (the "billion laughs" expansion) or
points at external ones is refused, never expanded or fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring


class FeedError(ValueError):
    """The body is not a feed or sitemap we will read."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    summary: str = ""
    is_sitemap: bool = False  # a child sitemap of a sitemap index, not an article


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(node, name: str) -> str:
    for child in node.iter():
        if child is not node and _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def entries(body: bytes) -> list[Entry]:
    try:
        root = fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"feed refused: {type(exc).__name__}") from exc
    except ParseError as exc:
        raise FeedError(f"not well-formed XML: {exc}") from exc
    kind = _local(root.tag)
    out: list[Entry] = []
    if kind == "rss" or kind == "RDF":
        for item in root.iter():
            if _local(item.tag) == "item":
                url = _child_text(item, "link") or _child_text(item, "guid")
                if url:
                    out.append(Entry(url, _child_text(item, "title"), _child_text(item, "description")))
    elif kind == "feed":
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            links = [l for l in entry if _local(l.tag) == "link"]
            href = next((l.get("href") for l in links if l.get("rel", "alternate") == "alternate"), None)
            if href:
                out.append(Entry(href, _child_text(entry, "title"),
                                 _child_text(entry, "summary") or _child_text(entry, "content")))
    elif kind in ("urlset", "sitemapindex"):
        child = "url" if kind == "urlset" else "sitemap"
        for node in root:
            if _local(node.tag) == child:
                loc = _child_text(node, "loc")
                if loc:
                    text = " ".join(filter(None, (_child_text(node, "title"), _child_text(node, "keywords"))))
                    out.append(Entry(loc, text, "", is_sitemap=kind == "sitemapindex"))
    else:
        raise FeedError(f"not a feed or sitemap (root element <{kind}>)")
    return out
