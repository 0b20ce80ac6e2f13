"""The watchers' outbox, and the health events of sources.

A change (edited or removed page, changed assessment, broken or recovered source) queues
one `notifications` row per channel in the same transaction that records it, so no change
is lost between detection and delivery and none is sent twice.
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            change_kind TEXT NOT NULL,
            change_id INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            next_attempt_at TEXT,
            UNIQUE (change_kind, change_id, channel)
        );
        CREATE INDEX notifications_pending ON notifications(status, next_attempt_at);
        CREATE TABLE source_health (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('broken', 'recovered')),
            reason TEXT NOT NULL,
            run_id INTEGER REFERENCES crawl_runs(id)
        );
        """
    )
