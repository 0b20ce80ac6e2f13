"""Rows for pages whose tables could not be read: the page stays a document and version,
and the reason is kept here so a source's health can count failures. A run counts the pages
it parsed and those that failed."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE parse_failures (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            parser TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX parse_failures_version ON parse_failures(version_id);
        ALTER TABLE crawl_runs ADD COLUMN parsed_pages INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawl_runs ADD COLUMN parse_failures INTEGER NOT NULL DEFAULT 0;
        """
    )
