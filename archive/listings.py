"""The `listing_links` table: the documents each listing page, feed or sitemap of a source
linked when it was last read (canonical URL, and the link as printed).

A crawl reads it at the start and, once its listings are read, replaces the rows of every
listing it read; a document another crawl's listing linked that no listing of this one
links any more has lost its link (spiders/site.py asks for it again).
"""

from __future__ import annotations

import sqlite_utils


def carried(db: sqlite_utils.Database, source: str) -> dict[str, dict[str, str]]:
    """listing URL -> {document URL: link as printed} for the source's listings."""
    out: dict[str, dict[str, str]] = {}
    for listing, document, linked in db.execute(
        "SELECT listing_url, document_url, linked_url FROM listing_links WHERE source = ?",
        [source],
    ):
        out.setdefault(listing, {})[document] = linked
    return out


def replace(
    db: sqlite_utils.Database, source: str, run_id: int, now: dict[str, dict[str, str]]
) -> None:
    """What the listings read in run `run_id` link now, in place of what they linked."""
    with db.conn:
        for listing, documents in now.items():
            db.execute("DELETE FROM listing_links WHERE source = ? AND listing_url = ?",
                       [source, listing])
            db.conn.executemany(
                "INSERT INTO listing_links (source, listing_url, document_url, linked_url,"
                " run_id) VALUES (?, ?, ?, ?, ?)",
                [(source, listing, doc, linked, run_id) for doc, linked in documents.items()],
            )
