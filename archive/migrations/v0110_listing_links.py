"""Which documents each listing, feed or sitemap linked when it was last read: a link
that vanishes from the page that carried it gets its document fetched again in the
same crawl (archive/listings.py)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE listing_links (
            source TEXT NOT NULL,
            listing_url TEXT NOT NULL,
            document_url TEXT NOT NULL,
            linked_url TEXT NOT NULL,
            run_id INTEGER REFERENCES crawl_runs(id),
            PRIMARY KEY (source, listing_url, document_url)
        );
        """
    )
