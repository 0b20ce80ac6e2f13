"""History backfilled from web archives: third-party captures, their capture time, and a
progress table so an interrupted backfill continues where it stopped.

- `captures.archive`: the archive a capture was fetched from (null for a live fetch);
  `captures.archived_at`: when the archive captured the page (its Memento-Datetime).
- `crawl_runs.archive`: the archive a backfill run read (null for a live crawl).
- `document_changes.from_archive`: 1 when the change lies between archived captures
  (found by a backfill, dated by capture time) rather than seen by a live crawl.
- `backfill_captures`: every archived capture a backfill chose, and how far it got.
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        ALTER TABLE captures ADD COLUMN archive TEXT;
        ALTER TABLE captures ADD COLUMN archived_at TEXT;
        ALTER TABLE crawl_runs ADD COLUMN archive TEXT;
        ALTER TABLE document_changes ADD COLUMN from_archive INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE backfill_captures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            archive TEXT NOT NULL,
            url TEXT NOT NULL,
            original TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            archived_at TEXT NOT NULL,
            digest TEXT,
            mimetype TEXT,
            memento_url TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            capture_id INTEGER REFERENCES captures(id),
            version_id INTEGER REFERENCES versions(id),
            error TEXT,
            listed_at TEXT NOT NULL,
            done_at TEXT,
            UNIQUE (archive, original, timestamp)
        );
        CREATE INDEX backfill_captures_source ON backfill_captures(source, archive, status);
        CREATE INDEX versions_document_seen ON versions(document_id, seen_at);
        """
    )
