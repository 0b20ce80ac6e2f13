"""History from web archives in the store: versions dated by the archive's capture time,
and the progress of backfills.

A backfilled capture arrives out of order: a 2019 capture may be read after a live 2026
crawl. Its version is placed by capture time (`versions.seen_at` = when the archive
captured the page), so

- it never becomes a document's current version unless it is newer than every version
  already known;
- it is compared with the version just before it in time, never with the current one,
  so no edit diff runs backwards from 2026 to 2019;
- a capture whose content equals the version just before it adds nothing (that is what
  makes a second backfill add nothing).

Changes found between captures are `document_changes` rows with `from_archive = 1`; they
are history, not news, so no watcher is notified of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.diffs import text_diff
from archive.store import Extracted, Recorded, Store, inserted_id, utc_now


def timestamp_to_iso(timestamp: str) -> str:
    """A 14-digit archive timestamp (YYYYMMDDhhmmss, shorter ones padded) as ISO 8601."""
    t = timestamp + "00000101000000"[len(timestamp):] if len(timestamp) < 14 else timestamp
    if len(t) != 14 or not t.isdigit():
        raise ValueError(f"not an archive timestamp: {timestamp!r}")
    return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


@dataclass(frozen=True)
class ListedCapture:
    """One capture an archive listed and a backfill chose to fetch."""

    url: str  # the document's canonical URL
    original: str  # the URL as the archive recorded it
    timestamp: str  # 14 digits, the archive's capture time
    memento_url: str  # the raw (`id_`) capture on the archive
    digest: str | None = None  # the archive's content digest, when it gives one
    mimetype: str | None = None

    @property
    def archived_at(self) -> str:
        return timestamp_to_iso(self.timestamp)


# -- versions by capture time ---------------------------------------------------------


def _version_around(db, doc_id: int, at: str, before: bool) -> dict | None:
    sql = (
        "SELECT * FROM versions WHERE document_id = ? AND seen_at <= ? ORDER BY seen_at DESC, id DESC"
        if before
        else "SELECT * FROM versions WHERE document_id = ? AND seen_at > ? ORDER BY seen_at, id"
    )
    rows = list(db.query(sql + " LIMIT 1", [doc_id, at]))
    return rows[0] if rows else None


def record_archived_page(
    store: Store, *, source: str, kind: str, url: str, capture_id: int | None,
    page: Extracted, archived_at: str,
) -> Recorded:
    """Store what an archived capture of `url` says, as of `archived_at`.

    The outcome is 'new' (first sight of the document), 'unchanged' (the version in force
    at that time says the same), 'changed' (a newer content than any known: it becomes
    current) or 'earlier' (a version placed before the current one).
    """
    db = store.db
    doc = store.document(url)
    with db.conn:
        if doc is None:
            doc_id = inserted_id(db.table("documents").insert(
                {
                    "url": url, "source": source, "kind": kind, "title": page.title,
                    "published": page.published, "language": page.language,
                    "first_seen": archived_at, "last_seen": archived_at, "status": "live",
                }
            ).last_pk)
            version_id = _add_version(db, doc_id, capture_id, archived_at, page)
            db.table("documents").update(doc_id, {"current_version_id": version_id})
            return Recorded("new", doc_id, version_id)

        spans = {"first_seen": min(doc["first_seen"], archived_at),
                 "last_seen": max(doc["last_seen"], archived_at)}
        before = _version_around(db, doc["id"], archived_at, before=True)
        if before is not None and before["content_sha256"] == page.content_sha256:
            db.table("documents").update(doc["id"], spans)
            return Recorded("unchanged", doc["id"], before["id"])

        after = _version_around(db, doc["id"], archived_at, before=False)
        version_id = _add_version(db, doc["id"], capture_id, archived_at, page)
        if before is not None:
            _add_change(db, doc["id"], before, version_id, page.text, url)
        elif after is not None and after["content_sha256"] != page.content_sha256:
            # The new earliest version: the edit between it and the next one is history too.
            _add_change(db, doc["id"], {"id": version_id, "text": page.text}, after["id"],
                        after["text"], url)
        if after is None:
            spans.update(current_version_id=version_id, title=page.title,
                         published=page.published or doc["published"], language=page.language)
        db.table("documents").update(doc["id"], spans)
        return Recorded("changed" if after is None else "earlier", doc["id"], version_id)


def _add_version(db, doc_id: int, capture_id: int | None, seen_at: str, page: Extracted) -> int:
    return db["versions"].insert(
        {
            "document_id": doc_id, "capture_id": capture_id, "seen_at": seen_at,
            "content_sha256": page.content_sha256, "title": page.title, "author": page.author,
            "published": page.published, "language": page.language, "text": page.text,
        }
    ).last_pk


def _add_change(db, doc_id: int, old: dict, new_id: int, new_text: str, url: str) -> int:
    return db["document_changes"].insert(
        {
            "document_id": doc_id, "old_version_id": old["id"], "new_version_id": new_id,
            "detected_at": utc_now(), "kind": "edited",
            "diff": text_diff(old["text"], new_text, url), "from_archive": 1,
        }
    ).last_pk


# -- backfill progress ----------------------------------------------------------------


def add_listed(store: Store, source: str, archive: str, captures: list[ListedCapture]) -> int:
    """Remember the captures a listing chose (as pending); return how many were new."""
    now = utc_now()
    before = store.db["backfill_captures"].count
    with store.db.conn:
        store.db.table("backfill_captures").insert_all(
            (
                {
                    "source": source, "archive": archive, "url": c.url, "original": c.original,
                    "timestamp": c.timestamp, "archived_at": c.archived_at, "digest": c.digest,
                    "mimetype": c.mimetype, "memento_url": c.memento_url, "status": "pending",
                    "listed_at": now,
                }
                for c in captures
            ),
            ignore=True,
        )
    return store.db["backfill_captures"].count - before


def unfinished(store: Store, source: str, archive: str, start: str, end: str) -> list[dict]:
    """Captures of a source still to fetch (pending, or failed before), oldest first."""
    return list(
        store.db.query(
            "SELECT * FROM backfill_captures WHERE source = ? AND archive = ? AND status != 'done'"
            " AND archived_at >= ? AND archived_at <= ? ORDER BY archived_at, id",
            [source, archive, start, end],
        )
    )


def is_done(store: Store, archive: str, original: str, timestamp: str) -> bool:
    rows = list(store.db.query(
        "SELECT status FROM backfill_captures WHERE archive = ? AND original = ? AND timestamp = ?",
        [archive, original, timestamp],
    ))
    return bool(rows) and rows[0]["status"] == "done"


def mark_done(store: Store, backfill_id: int, *, outcome: str, capture_id: int | None,
              version_id: int | None) -> None:
    with store.db.conn:
        store.db.execute(
            "UPDATE backfill_captures SET status = 'done', attempts = attempts + 1, outcome = ?,"
            " capture_id = ?, version_id = ?, error = NULL, done_at = ? WHERE id = ?",
            [outcome, capture_id, version_id, utc_now(), backfill_id],
        )


def mark_failed(store: Store, backfill_id: int, error: str, *, final: bool = False) -> None:
    """A capture that could not be fetched or read: retried by the next backfill, unless
    `final` (the archive answered and the body is unreadable: done, with the error kept)."""
    with store.db.conn:
        store.db.execute(
            "UPDATE backfill_captures SET status = ?, outcome = ?, attempts = attempts + 1,"
            " error = ?, done_at = ? WHERE id = ?",
            ["done" if final else "failed", "error" if final else None, error, utc_now(),
             backfill_id],
        )
