"""The watchers' outbox: queue a change for every channel, inside the caller's transaction.

Change kinds: `document_change` (a `document_changes` row), `assessment_change` (an
`assessment_changes` row), `source_health` (a `source_health` row). Delivery reads the
pending rows later; the unique (kind, id, channel) key means a change is queued once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import sqlite_utils

CHANGE_KINDS = ("document_change", "assessment_change", "source_health")


def enqueue(
    db: sqlite_utils.Database, change_kind: str, change_id: int, channels: Iterable[str]
) -> int:
    """Queue one pending notification per channel; call it in the change's transaction."""
    if change_kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {change_kind!r}")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    queued = 0
    for channel in channels:
        cursor = db.execute(
            "INSERT OR IGNORE INTO notifications (change_kind, change_id, channel, status,"
            " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)",
            [change_kind, change_id, channel, now, now],
        )
        queued += cursor.rowcount
    return queued
