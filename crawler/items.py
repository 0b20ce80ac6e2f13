"""What spiders hand to the pipeline: plain dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class PageItem:
    """A page kept as a document; its capture is already archived."""

    source: str
    kind: str  # the source's kind, a hint; the page's own is read from its content (crawler/reading/kinds.py)
    url: str  # canonical original URL: the document's identity
    capture_id: int | None
    status: int
    content_type: str
    body: bytes


# What a known document answers once it has been taken down: the crawl records it removed,
# and `civcas reextract` reads such an archived answer the same way.
GONE_STATUSES = (404, 410)


@dataclass
class GoneItem:
    """A known document that now answers 404 or 410."""

    source: str
    url: str
    status: int
    capture_id: int | None = None  # the 404/410 answer's capture: when it was seen


@dataclass
class FetchErrorItem:
    source: str
    url: str
    kind: str
    message: str


@dataclass
class ArchivedPageItem(PageItem):
    """A page fetched from a web archive (a backfill): dated by the archive's capture
    time, and tied to its row in `backfill_captures`."""

    archived_at: str = ""
    backfill_id: int = 0


@dataclass(frozen=True)
class StoredPage:
    """A page whose new version was just stored, with what a parser may need."""

    document_id: int
    version_id: int
    source: str
    kind: str
    url: str
    content_type: str | None
    body: bytes
    text: str
    title: str | None
    published: str | None
    language: str | None
    # what the kind's pure parser (crawler.tables.PARSERS) gave, in a worker: its own type per kind
    parsed: Any = None
