"""The evidence tables (runs, captures, fetch errors) and documents with their versions."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')),
            requests INTEGER NOT NULL DEFAULT 0,
            responses INTEGER NOT NULL DEFAULT 0,
            new_documents INTEGER NOT NULL DEFAULT 0,
            changed_documents INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES crawl_runs(id),
            url TEXT NOT NULL,
            fetched_url TEXT NOT NULL,
            method TEXT NOT NULL,
            status INTEGER,
            content_type TEXT,
            fetched_at TEXT NOT NULL,
            warc_file TEXT NOT NULL,
            warc_offset INTEGER NOT NULL,
            warc_length INTEGER NOT NULL,
            warc_record_id TEXT NOT NULL,
            payload_digest TEXT,
            record_type TEXT NOT NULL CHECK (record_type IN ('response', 'revisit', 'resource')),
            revisit_of INTEGER REFERENCES captures(id),
            render TEXT NOT NULL DEFAULT 'http' CHECK (render IN ('http', 'browser'))
        );
        CREATE INDEX captures_url ON captures(url);
        CREATE INDEX captures_payload_digest ON captures(payload_digest);
        CREATE TABLE fetch_errors (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES crawl_runs(id),
            url TEXT NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT,
            published TEXT,
            language TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('live', 'gone')),
            current_version_id INTEGER
        );
        CREATE INDEX documents_source ON documents(source);
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            capture_id INTEGER REFERENCES captures(id),
            seen_at TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            title TEXT,
            author TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL
        );
        CREATE INDEX versions_document ON versions(document_id);
        CREATE TABLE document_changes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            old_version_id INTEGER REFERENCES versions(id),
            new_version_id INTEGER REFERENCES versions(id),
            detected_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('edited', 'removed', 'restored')),
            diff TEXT NOT NULL
        );
        CREATE INDEX document_changes_detected ON document_changes(detected_at);
        """
    )
    # Full-text search over what a page said, kept in step by triggers.
    db.table("versions").enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
