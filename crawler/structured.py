"""Tables from pages: after a new version is stored, the parser for its document kind
turns it into rows (strikes, allegations, claims, incidents).

Each kind has one handler, `handler(store, page) -> rows written`. A handler replaces the
rows of `page.version_id` (so re-extraction from the WARCs gives the same rows) and
raises `ParseFailure` when it cannot read the page: the failure becomes a
`parse_failures` row and a log line, and the crawl goes on.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from archive.store import Store
from crawler.parsers import ParseFailure

logger = logging.getLogger("civcas.parse")


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
    parsed: object = None  # what the kind's pure parser (PARSERS) gave, in a worker


Handler = Callable[[Store, StoredPage], int]

# Document kind -> "module:function". Loaded lazily so a kind without tables costs nothing.
HANDLERS: dict[str, str] = {
    "strike_release": "crawler.strike_rows:write_strike_release",
    "incident": "crawler.monitor_tables:incident_rows",
    "military_claim": "crawler.monitor_tables:military_claim_rows",
    "monitor_post": "crawler.monitor_tables:claim_rows",
    "news_article": "crawler.monitor_tables:claim_rows",
    "civcas_report": "crawler.civcas_reports:store_report",
}


# Kinds whose rows come from a pure parser of the extracted text, `parser(source, url,
# text, published)`: run beside the text extraction in a worker process, its result is
# handed to the handler as `page.parsed` (the handler parses itself when it is None).
PARSERS: dict[str, str] = {
    "monitor_post": "crawler.monitor_tables:page_claims",
    "news_article": "crawler.monitor_tables:page_claims",
}


def _load(target: str | None) -> Callable | None:
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def handler_for(kind: str) -> Handler | None:
    return _load(HANDLERS.get(kind))


def preparse(kind: str, source: str, url: str, text: str, published: str | None) -> object:
    """The kind's pure parse of a page, or None (no pure parser, or it failed: the handler
    then parses again in the store process and records the failure)."""
    parser = _load(PARSERS.get(kind))
    if parser is None:
        return None
    try:
        return parser(source, url, text, published)
    except Exception:
        return None


def store_rows(store: Store, page: StoredPage) -> int | None:
    """Write the tables of one stored version; None when it failed to parse."""
    handler = handler_for(page.kind)
    if handler is None:
        return 0
    try:
        return handler(store, page)
    except ParseFailure as exc:
        store.add_parse_failure(page.document_id, page.version_id, page.kind, str(exc))
        logger.warning("%s: tables not read: %s", page.url, exc)
        return None
