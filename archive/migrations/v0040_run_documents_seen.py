"""Each run counts the documents it read (new, changed or unchanged), so a source whose
pages stopped yielding documents is seen even when nothing new was expected; and keeps
why it ended (a run stopped by a signal says nothing about the source's health)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        ALTER TABLE crawl_runs ADD COLUMN documents_seen INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawl_runs ADD COLUMN close_reason TEXT;
        CREATE INDEX crawl_runs_source ON crawl_runs(source, id);
        CREATE INDEX source_health_source ON source_health(source, id);
        """
    )
