"""Tables from pages: after a new version is stored, the parser for its document kind
turns it into rows (strikes, allegations, claims, incidents). One module per family of
tables writes them: `strikes`, `monitors`, `civcas`, and `checks` (`parse_checks`).

Each kind has one handler, `handler(store, page) -> rows written`. A handler replaces the
rows of `page.version_id` (so re-extraction from the WARCs gives the same rows) and
raises `ParseFailure` when it cannot read the page: the failure becomes a
`parse_failures` row and a log line, and the crawl goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from archive.store import Store
from crawler.items import StoredPage
from crawler.parsers import ParseFailure
from crawler.tables.civcas import store_report
from crawler.tables.monitors import claim_rows, incident_rows, military_claim_rows, page_claims
from crawler.tables.strikes import write_strike_release

logger = logging.getLogger("civcas.parse")


Handler = Callable[[Store, StoredPage], int]

# Document kind -> its handler; a kind not named here has no tables.
HANDLERS: dict[str, Handler] = {
    "strike_release": write_strike_release,
    "incident": incident_rows,
    "military_claim": military_claim_rows,
    "monitor_post": claim_rows,
    "news_article": claim_rows,
    "civcas_report": store_report,
}


# Kinds whose rows come from a pure parser of the extracted text, `parser(source, url,
# text, published)`: run beside the text extraction in a worker process, its result is
# handed to the handler as `page.parsed` (the handler parses itself when it is None).
PARSERS: dict[str, Callable[[str, str, str, str | None], object]] = {
    "monitor_post": page_claims,
    "news_article": page_claims,
}


def handler_for(kind: str) -> Handler | None:
    return HANDLERS.get(kind)


def preparse(kind: str, source: str, url: str, text: str, published: str | None) -> object:
    """The kind's pure parse of a page, or None (no pure parser, or it failed: the handler
    then parses again in the store process and records the failure)."""
    parser = PARSERS.get(kind)
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
