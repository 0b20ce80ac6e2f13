"""Delivering the outbox: each due notification to its channel, marked sent at once.

Guarantees and the one choice behind them:

- Nothing is lost: a row leaves `pending` only when its channel accepted the message
  (`sent`) or after the watcher's `max_attempts` (`failed`, kept with its last error).
- At-least-once: a row is marked sent in its own transaction right after the channel
  accepted it. A crash in between (the only gap) means the next run sends it again, so
  every message carries a stable id (the webhook's `id` and `Idempotency-Key`, the
  email's Message-ID) for the receiver to drop the repeat. Marking before sending
  (at-most-once) would instead lose the change on such a crash, and an evidence archive
  would rather say something twice than miss it.
- In order, per channel: a channel takes its pending rows oldest first and stops at the
  first failure; while its oldest row backs off, the later ones wait behind it, so a
  watcher never sees a removal before the edit that preceded it.
- One delivery at a time per data folder (a lock file), so two runs never send the same
  row concurrently.
"""

from __future__ import annotations

import fcntl
import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from archive import outbox
from crawler.notify.channels import Channel, ChannelError, Outgoing
from crawler.notify.messages import MissingChange, document_of, render, render_together
from crawler.notify.secrets import Secrets

logger = logging.getLogger("civcas.notify")

# Stable ids for receivers to dedupe on: derived from the row's identity, the same on
# every retry.
_ID_NAMESPACE = uuid.UUID("5f1c3f8e-2b7a-4d4e-9a52-6b0c1e9d7a31")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def idempotency_key(row: dict) -> str:
    name = f"{row['change_kind']}:{row['change_id']}:{row['channel']}:{row['created_at']}"
    return str(uuid.uuid5(_ID_NAMESPACE, name))


class DeliveryBusy(Exception):
    """Another `civcas notify` holds the data folder's delivery lock."""


@contextmanager
def delivery_lock(data_dir: Path):
    path = Path(data_dir) / "notify.lock"
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise DeliveryBusy(str(path)) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Summary:
    sent: int = 0  # notifications (rows) sent
    messages: int = 0  # messages they went out in (one per changed document)
    retrying: int = 0  # failed this time, will be retried
    given_up: int = 0  # failed for good this time
    waiting: int = 0  # not due yet (backing off, or behind a row that is)
    not_delivered_here: int = 0  # for watchers no longer configured (or not selected)
    down: dict[str, str] = field(default_factory=dict)  # channel -> its error

    def lines(self) -> list[str]:
        out = [
            f"Notifications: {self.sent} sent, {self.retrying} to retry,"
            f" {self.given_up} given up, {self.waiting} waiting"
            f" ({self.messages} message{'' if self.messages == 1 else 's'} sent)."
        ]
        for name, error in sorted(self.down.items()):
            out.append(f"  {name}: {error}")
        if self.not_delivered_here:
            out.append(
                f"  {self.not_delivered_here} pending for watchers not selected or no longer"
                " in the config (not delivered by this command)."
            )
        return out


def deliver(
    db: sqlite_utils.Database,
    channels: dict[str, Channel],
    secrets: Secrets | None = None,
    now: datetime | None = None,
) -> Summary:
    """Send every due pending notification of the given channels; return what happened."""
    secrets = secrets or Secrets()
    moment = now or datetime.now(UTC)
    summary = Summary()
    summary.not_delivered_here = outbox.pending_elsewhere(db, list(channels))
    for channel in channels.values():
        _deliver_channel(db, channel, moment, secrets, summary)
    return summary


def _deliver_channel(db, channel: Channel, moment: datetime, secrets: Secrets, summary) -> None:
    now = iso(moment)
    rows = [row for row in outbox.pending(db, channel.name) if _renderable(db, row, channel, summary)]
    groups = _by_document(db, rows)
    for position, group in enumerate(groups):
        row = group[0]  # the oldest: the message's identity and its place in the order
        if (row["next_attempt_at"] or "") > now:
            summary.waiting += sum(len(g) for g in groups[position:])
            return
        message = render_together(db, [(r["change_kind"], r["change_id"]) for r in group])
        out = Outgoing(
            notification_id=row["id"],
            idempotency_key=idempotency_key(row),
            change_kind=row["change_kind"],
            change_id=row["change_id"],
            channel=channel.name,
            created_at=row["created_at"],
            message=message,
        )
        try:
            channel.send(out)
        except ChannelError as exc:
            error = secrets.redact(str(exc))
            summary.down[channel.name] = error
            for member in group:
                _failed_attempt(db, member, channel, error, moment, summary)
            summary.waiting += sum(len(g) for g in groups[position + 1:])
            return
        outbox.mark_sent(db, [r["id"] for r in group], iso(datetime.now(UTC)))
        summary.sent += len(group)
        summary.messages += 1
        logger.info(
            "notification%s %s (%s) sent to %s in one message", "s" if len(group) > 1 else "",
            ", ".join(str(r["id"]) for r in group),
            ", ".join(f"{r['change_kind']} {r['change_id']}" for r in group), channel.name,
        )


def _renderable(db, row: dict, channel: Channel, summary: Summary) -> bool:
    """False (and the row given up) when its change cannot be rendered: nothing to say,
    ever, so retrying cannot help."""
    try:
        render(db, row["change_kind"], row["change_id"])
    except MissingChange as exc:
        outbox.give_up(db, row["id"], f"cannot render: {exc}")
        summary.given_up += 1
        logger.error("notification %s to %s given up: %s", row["id"], channel.name, exc)
        return False
    return True


def _by_document(db, rows: list[dict]) -> list[list[dict]]:
    """The rows in order, those about one document version (a document's edit and the
    assessment changes its reading caused; one crawl's) together, at the place of the
    oldest of them."""
    groups: list[list[dict]] = []
    by_key: dict[tuple, list[dict]] = {}
    for row in rows:
        key = document_of(db, row["change_kind"], row["change_id"])
        if key is not None and key in by_key:
            by_key[key].append(row)
            continue
        groups.append([row])
        if key is not None:
            by_key[key] = groups[-1]
    for group in groups:  # the document's own change leads its message
        group.sort(key=lambda r: (r["change_kind"] != "document_change", r["id"]))
    return groups


def _failed_attempt(db, row, channel: Channel, error: str, moment: datetime, summary) -> None:
    attempts = row["attempts"] + 1
    if attempts >= channel.retry.max_attempts:
        outbox.give_up(db, row["id"], error, attempts)
        summary.given_up += 1
        logger.error(
            "notification %s to %s given up after %s attempts: %s",
            row["id"], channel.name, attempts, error,
        )
        return
    retry_at = iso(moment + timedelta(seconds=channel.retry.delay(attempts)))
    outbox.retry_later(db, row["id"], attempts, error, retry_at)
    summary.retrying += 1
    logger.warning(
        "notification %s to %s failed (attempt %s, retry at %s): %s",
        row["id"], channel.name, attempts, retry_at, error,
    )
