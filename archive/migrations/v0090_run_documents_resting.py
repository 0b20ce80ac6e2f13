"""Each run counts the known documents its listings still link but that were not due for
a re-fetch under the recheck cadence: a run that found only those found its documents
(its source is healthy), although it read none."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE crawl_runs ADD COLUMN documents_resting INTEGER NOT NULL DEFAULT 0")
