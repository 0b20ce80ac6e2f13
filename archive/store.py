"""The SQLite store: evidence (runs, captures, errors) and documents with their versions.

Every extracted row reaches its evidence: version -> capture -> WARC file and offset.
Nothing is ever updated in place except a document's summary columns (title, status,
last_seen, current version) and a run's counters; versions and captures are only added.
"""

from __future__ import annotations

import hashlib
import operator
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import sqlite_utils

from archive.diffs import text_diff
from archive.migrations import migrate
from archive.outbox import Recipient, enqueue
from archive.recheck import RecheckCadence
from archive.storefile import (StoreFileError, check_civcas_schema, check_store_file,
                               connect_read_only)

RUN_STATUSES = ("running", "ok", "partial", "failed")


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def inserted_id(row_id: int | None) -> int:
    """The id of the row an INSERT just wrote. sqlite3's `lastrowid` and sqlite-utils'
    `last_pk` are typed Optional (None before any insert), never None after one."""
    return cast(int, row_id)


@dataclass(frozen=True)
class Extracted:
    """What the text extractor found on a page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None

    @property
    def content_sha256(self) -> str:
        # Whitespace differences in the markup are not edits.
        normal = re.sub(r"\s+", " ", f"{self.title or ''}\n{self.text}").strip()
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Recorded:
    """What `record_page` did: 'new', 'changed', 'restored' or 'unchanged', and the
    version now current (a fresh one unless the outcome is 'unchanged')."""

    outcome: str
    document_id: int
    version_id: int

    @property
    def added_version(self) -> bool:
        return self.outcome != "unchanged" and self.version_id is not None


@dataclass(frozen=True)
class CaptureRow:
    run_id: int | None
    url: str
    fetched_url: str
    method: str
    status: int | None
    content_type: str | None
    fetched_at: str
    warc_file: str
    warc_offset: int
    warc_length: int
    warc_record_id: str
    payload_digest: str | None
    record_type: str = "response"
    revisit_of: int | None = None
    render: str = "http"
    # Third-party captures (a backfill from a web archive): the archive fetched from and
    # when it captured the page; both null for a live fetch.
    archive: str | None = None
    archived_at: str | None = None


_CAPTURE_COLUMNS = tuple(CaptureRow.__dataclass_fields__)
_capture_values = operator.attrgetter(*_CAPTURE_COLUMNS)  # a row's values in column order
_INSERT_CAPTURE = (f"INSERT INTO captures ({', '.join(_CAPTURE_COLUMNS)})"
                   f" VALUES ({', '.join('?' * len(_CAPTURE_COLUMNS))})")


class Store:
    """One SQLite database in WAL mode; open it with `Store.open(data_dir)`."""

    FILENAME = "civcas.db"
    db: sqlite_utils.Database  # declared for crawler/runtime/session.py:SessionStore

    def __init__(self, path: Path | str, channels: tuple[str | Recipient, ...] = ()):
        self.path = Path(path)
        # Watcher channels every change is queued for (the config's watchers, by name or as
        # Recipients with the sources and kinds they chose).
        self.channels = tuple(channels)
        check_store_file(self.path)  # never a silent new store over an empty or foreign file
        try:
            self.db = sqlite_utils.Database(self.path)
            check_civcas_schema(self.db.conn, self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            if "full" in str(exc):
                raise  # a full disk is reported as such (crawler/runtime/diskfull.py)
            raise StoreFileError(
                f"cannot open {self.path} for writing: {exc} (a read-only data folder? "
                "`verify`, `serve`, `export` and `changes` read such a store as it is)"
            ) from None
        # WAL with synchronous=NORMAL survives a killed process (the crash we guard
        # against) without an fsync on every commit, which would cap a crawl at a few
        # pages a second.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrate(self.db)

    @classmethod
    def open(cls, data_dir: Path | str, channels: tuple[str | Recipient, ...] = ()) -> Store:
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreFileError(
                f"cannot create the data folder {data_dir}: {exc.strerror}") from None
        return cls(data_dir / cls.FILENAME, channels)

    @classmethod
    def open_read_only(cls, data_dir: Path | str) -> Store:
        """The existing store, for reading only (no migrations; any write fails), also on
        read-only media; StoreFileError when there is none or it is not a civcas store."""
        store = cls.__new__(cls)
        store.path = Path(data_dir) / cls.FILENAME
        store.channels = ()
        store.db = sqlite_utils.Database(connect_read_only(store.path, timeout=30))
        return store

    def close(self) -> None:
        self.db.close()

    # -- runs and evidence -------------------------------------------------------------

    def start_run(self, source: str, archive: str | None = None) -> int:
        """A new run of `source`, `running`; `archive` names the web archive of a backfill."""
        row = {"source": source, "started_at": utc_now(), "status": "running"}
        if archive is not None:
            row["archive"] = archive
        with self.db.conn:
            return inserted_id(self.db.table("crawl_runs").insert(row).last_pk)

    def finish_run(self, run_id: int, status: str, **counters: int | str | None) -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        with self.db.conn:
            self.db.table("crawl_runs").update(
                run_id, {"status": status, "finished_at": utc_now(), **counters}
            )

    def close_abandoned_run(self, run_id: int) -> None:
        """A run whose process died without closing it: failed, closed `killed` (the
        words the scheduler uses for a run it had to kill)."""
        with self.db.conn:
            self.db.execute(
                "UPDATE crawl_runs SET status = 'failed', close_reason = 'killed',"
                " finished_at = ? WHERE id = ? AND status = 'running'", [utc_now(), run_id])

    def runs_since(self, source: str, after_id: int) -> list[dict]:
        """The runs of `source` with an id above `after_id`, oldest first."""
        return list(self.db.query("SELECT * FROM crawl_runs WHERE source = ? AND id > ? ORDER BY id",
                                  [source, after_id]))

    def last_run_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM crawl_runs").fetchone()[0]

    def mark_time_limit(self, run_id: int) -> None:
        """The scheduler stopped this run at its time limit (it counts for health)."""
        with self.db.conn:
            self.db.execute("UPDATE crawl_runs SET close_reason = 'time_limit' WHERE id = ?", [run_id])

    def add_capture(self, row: CaptureRow) -> int:
        # One row per exchange on the crawl's hot path: a plain prepared INSERT (sqlite-utils'
        # insert() re-reads the table's schema on every call).
        with self.db.conn:
            return inserted_id(self.db.conn.execute(_INSERT_CAPTURE, _capture_values(row)).lastrowid)

    def _insert(self, table: str, row: dict) -> int:
        """A plain INSERT of one row (the page path runs several per page; sqlite-utils'
        insert() reads the schema again on every call); returns its id."""
        columns = ", ".join(f"[{c}]" for c in row)
        return inserted_id(self.db.conn.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values())).lastrowid)

    def _update(self, table: str, row_id: int, values: dict) -> None:
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        self.db.conn.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?",
                             (*values.values(), row_id))

    def _one(self, sql: str, params) -> dict | None:
        cursor = self.db.conn.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip((c[0] for c in cursor.description), row, strict=True))

    def original_response(self, payload_digest: str, status: int) -> dict | None:
        """The first full `response` capture of this payload and status: what a revisit
        record points at (never at another revisit)."""
        return self._one(
            "SELECT id, fetched_url, fetched_at, warc_record_id FROM captures"
            " WHERE payload_digest = ? AND record_type = 'response' AND status = ?"
            " ORDER BY id LIMIT 1",
            [payload_digest, status],
        )

    def capture(self, capture_id: int) -> dict | None:
        rows = list(self.db["captures"].rows_where("id = ?", [capture_id], limit=1))
        return rows[0] if rows else None

    def last_resource(self, url: str, uri_scheme: str) -> dict | None:
        """The latest browser `resource` capture of a page whose record URI starts with
        `uri_scheme` (`urn:dom:`, `urn:screenshot:`)."""
        rows = list(
            self.db.query(
                "SELECT id, payload_digest FROM captures WHERE url = ? AND record_type ="
                " 'resource' AND substr(fetched_url, 1, ?) = ? ORDER BY id DESC LIMIT 1",
                [url, len(uri_scheme), uri_scheme],
            )
        )
        return rows[0] if rows else None

    def last_full_response(self, url: str) -> dict | None:
        """The latest `response` capture (status 200, with a payload) of this request
        URL: the copy a conditional request revalidates and a 304 answer refers to."""
        return self._one(
            "SELECT id, fetched_url, fetched_at, warc_file, warc_offset, warc_length,"
            " warc_record_id, payload_digest FROM captures"
            " WHERE url = ? AND record_type = 'response' AND status = 200"
            " ORDER BY id DESC LIMIT 1",
            [url],
        )

    def warc_files_of_run(self, run_id: int) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT warc_file FROM captures WHERE run_id = ? ORDER BY warc_file",
                [run_id],
            )
        ]

    def add_error(self, run_id: int | None, url: str, kind: str, message: str) -> int:
        with self.db.conn:
            return inserted_id(self.db.table("fetch_errors").insert(
                {"run_id": run_id, "url": url, "at": utc_now(), "kind": kind, "message": message}
            ).last_pk)

    # -- documents ---------------------------------------------------------------------

    def add_parse_failure(self, document_id: int, version_id: int, parser: str, reason: str) -> int:
        # Dated like the version (its capture), so re-extraction writes the same row.
        seen = self.db.execute("SELECT seen_at FROM versions WHERE id = ?", [version_id]).fetchone()
        with self.db.conn:
            return inserted_id(self.db.table("parse_failures").insert(
                {
                    "document_id": document_id,
                    "version_id": version_id,
                    "parser": parser,
                    "at": seen[0] if seen else utc_now(),
                    "reason": reason,
                }
            ).last_pk)

    def document(self, url: str) -> dict | None:
        return self._one("SELECT * FROM documents WHERE url = ? LIMIT 1", [url])

    def set_document_kind(self, document_id: int, kind: str) -> None:
        """A document's kind as its latest version's content decides it (crawler/reading/kinds.py)."""
        with self.db.conn:
            self.db.conn.execute("UPDATE documents SET kind = ? WHERE id = ? AND kind IS NOT ?",
                                 [kind, document_id, kind])

    def version_text(self, version_id: int | None) -> str:
        if version_id is None:
            return ""
        return self.db.table("versions").get(version_id)["text"]

    def recheck_urls(
        self, source: str, cadence: RecheckCadence | None = None, now: datetime | None = None
    ) -> list[str]:
        """URLs of a source's known documents that are due for a re-fetch under `cadence`
        (all of them when it is None), as they were last fetched (with the query string
        the site used, which the canonical URL may have dropped). A version from a web
        archive gives the document's own URL: the archive may have kept an old spelling
        (http://, :80) that must not be asked of the live site."""
        return self.recheck_plan(source, cadence, now)[0]

    def resting_urls(
        self, source: str, cadence: RecheckCadence, now: datetime | None = None
    ) -> list[str]:
        """URLs of a source's known documents that are not due under `cadence`: a crawl
        does not ask for them even where a listing links them (when `cadence.linked`)."""
        return self.recheck_plan(source, cadence, now)[1]

    def recheck_plan(
        self, source: str, cadence: RecheckCadence | None, now: datetime | None = None
    ) -> tuple[list[str], list[str]]:
        """(`recheck_urls`, `resting_urls`) from one query."""
        plan = self._recheck_plan(source, cadence, now)
        return [url for url, due in plan if due], [url for url, due in plan if not due]

    def next_due(
        self, source: str, cadence: RecheckCadence, now: datetime | None = None
    ) -> datetime | None:
        """When the first of a source's known documents not due now falls due under
        `cadence` (None when every one is due, or none is known)."""
        now = now or datetime.now(UTC)
        times = [cadence.due_at(published=published, first_seen=first_seen,
                                last_fetched=last_fetched, now=now, last_status=last_status)
                 for _url, published, first_seen, last_fetched, last_status
                 in self._plan_rows(source)]
        return min((t for t in times if t > now), default=None)

    def _recheck_plan(
        self, source: str, cadence: RecheckCadence | None, now: datetime | None
    ) -> list[tuple[str, bool]]:
        now = now or datetime.now(UTC)
        # The last fetch is the latest capture of the URL (an answer that was not a
        # readable page counts too: a page gone for good is not asked for every run);
        # the cadence decides what its status says.
        return [
            (url, cadence is None or cadence.due(
                published=published, first_seen=first_seen, last_fetched=last_fetched,
                now=now, last_status=last_status,
            ))
            for url, published, first_seen, last_fetched, last_status in self._plan_rows(source)
        ]

    def _plan_rows(self, source: str):
        """(URL to ask, published, first seen, last fetched, last status) of each known
        document of the source."""
        return self.db.execute(
            """
            SELECT url, published, first_seen,
                   MAX(last_seen, COALESCE(
                       (SELECT MAX(fetched_at) FROM captures WHERE captures.url = k.url), ''
                   )) AS last_fetched,
                   (SELECT status FROM captures WHERE captures.url = k.url
                    ORDER BY id DESC LIMIT 1) AS last_status
            FROM (
                SELECT CASE WHEN c.archive IS NULL THEN COALESCE(c.url, d.url) ELSE d.url END
                       AS url, d.id, d.published, d.first_seen,
                       d.last_seen
                FROM documents d
                LEFT JOIN versions v ON v.id = d.current_version_id
                LEFT JOIN captures c ON c.id = v.capture_id
                WHERE d.source = ?
            ) AS k
            ORDER BY id
            """,
            [source],
        ).fetchall()

    def document_urls(self, source: str) -> list[str]:
        """The canonical URLs of a source's known documents."""
        return [row[0] for row in self.db.execute(
            "SELECT url FROM documents WHERE source = ?", [source])]

    def fetched_urls(self, run_id: int) -> list[str]:
        """The URLs a run asked for and got an answer to (as requested)."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT url FROM captures WHERE run_id = ?", [run_id])]

    def archived_urls(self, source: str) -> list[str]:
        """Every URL a source's runs fetched with a 2xx answer, as it was linked (query
        string included): what an incremental crawl need not fetch again."""
        rows = self.db.execute(
            """
            SELECT DISTINCT c.url FROM captures c JOIN crawl_runs r ON r.id = c.run_id
            WHERE r.source = ? AND c.status BETWEEN 200 AND 299
            """,
            [source],
        )
        return [row[0] for row in rows]

    def record_page(
        self, *, source: str, kind: str, url: str, capture_id: int | None, page: Extracted
    ) -> Recorded:
        """Store what a live page says; the outcome is 'new', 'changed', 'restored' or
        'unchanged'.

        A version is added only when the extracted content differs from the current one;
        an edit is recorded with a unified diff, a page back after a removal as 'restored'.
        Times are those of the capture (when its exchange began), so re-extraction from
        the WARCs gives the same rows.
        """
        now = self._seen_at(capture_id)
        doc = self.document(url)
        with self.db.conn:
            if doc is None:
                doc_id = self._insert(
                    "documents",
                    {
                        "url": url,
                        "source": source,
                        "kind": kind,
                        "title": page.title,
                        "published": page.published,
                        "language": page.language,
                        "first_seen": now,
                        "last_seen": now,
                        "status": "live",
                    },
                )
                version_id = self._add_version(doc_id, capture_id, now, page)
                self._update("documents", doc_id, {"current_version_id": version_id})
                return Recorded("new", doc_id, version_id)

            old_version_id = doc["current_version_id"]
            old = self._one("SELECT content_sha256, text, capture_id FROM versions WHERE id = ?",
                            [old_version_id]) if old_version_id else None
            changed = old is None or old["content_sha256"] != page.content_sha256
            outcome = "unchanged"
            updates: dict = {"last_seen": now, "status": "live"}
            new_version_id = old_version_id
            if changed:
                new_version_id = self._add_version(doc["id"], capture_id, now, page)
                updates.update(
                    current_version_id=new_version_id,
                    title=page.title,
                    published=page.published or doc["published"],
                    language=page.language,
                )
                old_text = old["text"] if old else ""
                # Read through another capture method (HTTP fetch / browser render), the
                # text differs because the method did; the same bytes read into other text,
                # because civcas's extraction did. Either is labelled so, no watcher told.
                kind = "edited"
                if old is not None and self._renders_differ(old["capture_id"], capture_id):
                    kind = "render_changed"
                elif old is not None and self._same_payload(old["capture_id"], capture_id):
                    kind = "reread"
                self._add_change(
                    doc["id"], old_version_id, new_version_id, now, kind,
                    text_diff(old_text, page.text, url), notify=kind == "edited",
                )
                outcome = "changed"
            if doc["status"] == "gone":
                self._add_change(
                    doc["id"], old_version_id, new_version_id, now, "restored",
                    text_diff("", page.text, url) if changed else "",
                )
                outcome = "restored"
            self._update("documents", doc["id"], updates)
            return Recorded(outcome, doc["id"], new_version_id)

    def record_gone(self, url: str, capture_id: int | None = None) -> bool:
        """A known page answered 404/410: mark it gone once; return True if newly gone."""
        doc = self.document(url)
        if doc is None or doc["status"] == "gone":
            return False
        now = self._seen_at(capture_id)
        with self.db.conn:
            self._add_change(
                doc["id"], doc["current_version_id"], None, now, "removed",
                text_diff(self.version_text(doc["current_version_id"]), "", url),
            )
            self._update("documents", doc["id"], {"status": "gone", "last_seen": now})
        return True

    def _seen_at(self, capture_id: int | None) -> str:
        """When a page was seen: its capture's WARC-Date to the second, else now."""
        if capture_id is not None:
            row = self.db.execute(
                "SELECT fetched_at FROM captures WHERE id = ?", [capture_id]
            ).fetchone()
            if row and len(row[0]) >= 19:
                return row[0][:19] + "Z"
        return utc_now()

    def _add_version(self, doc_id: int, capture_id: int | None, now: str, page: Extracted) -> int:
        return self._insert(
            "versions",
            {
                "document_id": doc_id,
                "capture_id": capture_id,
                "seen_at": now,
                "content_sha256": page.content_sha256,
                "title": page.title,
                "author": page.author,
                "published": page.published,
                "language": page.language,
                "text": page.text,
            },
        )

    def _renders_differ(self, old_capture_id: int | None, new_capture_id: int | None) -> bool:
        """Whether two captures were made by different methods (`captures.render`); False
        when either is unknown."""
        if old_capture_id is None or new_capture_id is None:
            return False
        renders = dict(self.db.execute(
            "SELECT id, render FROM captures WHERE id IN (?, ?)", [old_capture_id, new_capture_id]))
        old, new = renders.get(old_capture_id), renders.get(new_capture_id)
        return old is not None and new is not None and old != new

    def _same_payload(self, old_capture_id: int | None, new_capture_id: int | None) -> bool:
        """Whether two plain HTTP captures hold the same payload (a revisit of the earlier
        one, or identical bytes); False when either is unknown. A browser capture's text
        also depends on what its scripts loaded, so the same page bytes prove nothing."""
        if old_capture_id is None or new_capture_id is None:
            return False
        found = {row[0]: row[1:] for row in self.db.execute(
            "SELECT id, payload_digest, render FROM captures WHERE id IN (?, ?)",
            [old_capture_id, new_capture_id])}
        old, new = found.get(old_capture_id), found.get(new_capture_id)
        if old is None or new is None or "browser" in (old[1], new[1]):
            return False
        return old[0] is not None and old[0] == new[0]

    def _add_change(self, doc_id, old_id, new_id, now, kind, diff, notify: bool = True) -> int:
        change_id = self._insert(
            "document_changes",
            {
                "document_id": doc_id,
                "old_version_id": old_id,
                "new_version_id": new_id,
                "detected_at": now,
                "kind": kind,
                "diff": diff,
            },
        )
        # Same transaction as the change: a crash cannot lose the notice or the change.
        if notify:
            enqueue(self.db, "document_change", change_id, self.channels)
        return change_id

    # -- reading -----------------------------------------------------------------------

    def changes(self, since: str | None = None) -> Iterator[dict]:
        sql = """
            SELECT c.id, c.kind, c.detected_at, c.diff, c.old_version_id, c.new_version_id,
                   d.url, d.source, d.title
            FROM document_changes c JOIN documents d ON d.id = c.document_id
            WHERE (:since IS NULL OR c.detected_at >= :since)
            ORDER BY c.detected_at, c.id
        """
        yield from self.db.query(sql, {"since": since})

    def count(self, table: str) -> int:
        return self.db[table].count
