"""The watchers' outbox: queue a change for every channel, inside the caller's transaction.

Change kinds: `document_change` (a `document_changes` row), `assessment_change` (an
`assessment_changes` row), `source_health` (a `source_health` row). Delivery reads the
pending rows later; the unique (kind, id, channel) key means a change is queued once.

A channel is a watcher's name, or a `Recipient` that only wants some sources or some
kinds of change (`WATCHED_KINDS`): a change it does not want is never queued for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

CHANGE_KINDS = ("document_change", "assessment_change", "source_health")
# What a watcher may choose among: a document edited, removed or restored; an assessment
# or a report's figures changed; a source broke or recovered.
WATCHED_KINDS = ("edited", "removed", "restored", "assessment", "health")


@dataclass(frozen=True)
class Recipient:
    """A watcher and what it wants (None: everything)."""

    name: str
    sources: frozenset[str] | None = None
    kinds: frozenset[str] | None = None

    @property
    def choosy(self) -> bool:
        return self.sources is not None or self.kinds is not None

    def wants(self, source: str | None, kind: str | None) -> bool:
        return ((self.sources is None or source in self.sources)
                and (self.kinds is None or kind in self.kinds))


def enqueue(
    db: sqlite_utils.Database, change_kind: str, change_id: int,
    channels: Iterable[str | Recipient],
) -> int:
    """Queue one pending notification per channel that wants the change; call it in the
    change's transaction."""
    if change_kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {change_kind!r}")
    recipients = [c if isinstance(c, Recipient) else Recipient(c) for c in channels]
    if any(r.choosy for r in recipients):
        source, kind = _about(db, change_kind, change_id)
        recipients = [r for r in recipients if r.wants(source, kind)]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    queued = 0
    for recipient in recipients:
        cursor = db.execute(
            "INSERT OR IGNORE INTO notifications (change_kind, change_id, channel, status,"
            " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)",
            [change_kind, change_id, recipient.name, now, now],
        )
        queued += cursor.rowcount
    return queued


def _about(db: sqlite_utils.Database, change_kind: str, change_id: int) -> tuple:
    """(source, watched kind) of a change, for the watchers' filters."""
    if change_kind == "document_change":
        row = db.execute("SELECT d.source, c.kind FROM document_changes c JOIN documents d"
                         " ON d.id = c.document_id WHERE c.id = ?", [change_id]).fetchone()
    elif change_kind == "assessment_change":
        row = db.execute("SELECT d.source, 'assessment' FROM assessment_changes a"
                         " JOIN civcas_reports r ON r.id = a.to_report_id"
                         " JOIN documents d ON d.id = r.document_id WHERE a.id = ?",
                         [change_id]).fetchone()
    else:
        row = db.execute("SELECT source, 'health' FROM source_health WHERE id = ?",
                         [change_id]).fetchone()
    return tuple(row) if row else (None, None)


def retry_failed(db: sqlite_utils.Database, channels: Iterable[str] = ()) -> int:
    """Put given-up notifications (of these channels; all when none are named) back in
    the queue with a fresh count of attempts (their last error kept until the next
    attempt); return how many."""
    names = list(channels)
    where = f" AND channel IN ({', '.join('?' * len(names))})" if names else ""
    with db.conn:
        return db.execute(
            "UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = NULL"
            f" WHERE status = 'failed'{where}", names,
        ).rowcount


def drop_notifications(conn, change_kind: str, change_ids: Iterable[int]) -> int:
    """Delete the notifications, delivered or not, of changes that no longer stand (a
    state a later report superseded, a change a rebuild no longer finds), so none dangles.
    `conn` is the caller's connection, so this joins its transaction; return the rows."""
    return sum(conn.execute("DELETE FROM notifications WHERE change_kind = ? AND change_id = ?",
                            [change_kind, change_id]).rowcount for change_id in change_ids)


def move_notifications(conn, change_kind: str, moves: Iterable[tuple[int, int]]) -> int:
    """Point the notifications of each change `old` at change `new` (a rebuild gave the
    same change another id), delivered or not, so nothing is sent again. The ids pass
    through their negatives, so a row moved is not moved again by a later pair whose old
    id is its new one. Return the rows moved."""
    moved = 0
    for old_id, new_id in moves:
        if old_id != new_id:
            moved += conn.execute("UPDATE notifications SET change_id = ? WHERE change_id = ? "
                                  "AND change_kind = ?", [-new_id, old_id, change_kind]).rowcount
    conn.execute("UPDATE notifications SET change_id = -change_id WHERE change_id < 0 "
                 "AND change_kind = ?", [change_kind])
    return moved


# -- delivery's side: what is pending, and what became of an attempt --------------------

def pending(db: sqlite_utils.Database, channel: str) -> list[dict]:
    """The channel's pending notifications, oldest first."""
    return list(db.query(
        "SELECT * FROM notifications WHERE channel = ? AND status = 'pending' ORDER BY id",
        [channel]))


def pending_elsewhere(db: sqlite_utils.Database, channels: list[str]) -> int:
    """Pending notifications of channels other than these (watchers no longer configured)."""
    where = f"AND channel NOT IN ({', '.join('?' * len(channels))})" if channels else ""
    return db.execute(f"SELECT COUNT(*) FROM notifications WHERE status = 'pending' {where}",
                      channels).fetchone()[0]


def mark_sent(db: sqlite_utils.Database, notification_ids: Iterable[int], at: str) -> None:
    """Every notification of one message sent, in one transaction."""
    with db.conn:
        for notification_id in notification_ids:
            db.execute("UPDATE notifications SET status = 'sent', sent_at = ?, attempts = attempts + 1"
                       " WHERE id = ? AND status = 'pending'", [at, notification_id])


def give_up(db: sqlite_utils.Database, notification_id: int, error: str,
            attempts: int | None = None) -> None:
    """No more attempts: the notification is `failed` with its last error (and its count
    of attempts, when one more was made)."""
    with db.conn:
        db.execute("UPDATE notifications SET status = 'failed', last_error = ?, next_attempt_at = NULL,"
                   " attempts = COALESCE(?, attempts) WHERE id = ? AND status = 'pending'",
                   [error, attempts, notification_id])


def retry_later(db: sqlite_utils.Database, notification_id: int, attempts: int, error: str,
                retry_at: str) -> None:
    """An attempt failed; the next one is due at `retry_at`."""
    with db.conn:
        db.execute("UPDATE notifications SET attempts = ?, last_error = ?, next_attempt_at = ?"
                   " WHERE id = ? AND status = 'pending'", [attempts, error, retry_at, notification_id])
