"""Each run counts the documents it read (new, changed or unchanged), so a source whose
pages stopped yielding documents is seen even when nothing new was expected."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        ALTER TABLE crawl_runs ADD COLUMN documents_seen INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX crawl_runs_source ON crawl_runs(source, id);
        CREATE INDEX source_health_source ON source_health(source, id);
        """
    )
