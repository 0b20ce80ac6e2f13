"""`document_changes.kind` may be `render_changed`: two versions of a page read through
different capture methods (a plain HTTP fetch, then a browser render, or back). Their
texts differ because the method did, not because the page was edited."""

from __future__ import annotations

import sqlite_utils

_OLD_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored'))"
_NEW_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed'))"


def apply(db: sqlite_utils.Database) -> None:
    # SQLite cannot alter a CHECK constraint: the table is copied, row for row, into one
    # that differs only there (no table refers to it by foreign key).
    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'document_changes'"
    ).fetchone()
    if _OLD_CHECK not in sql:
        raise RuntimeError("document_changes is not as the earlier migrations left it")
    db.execute(sql.replace(_OLD_CHECK, _NEW_CHECK).replace(
        "CREATE TABLE document_changes", "CREATE TABLE document_changes_v0111", 1))
    db.execute("INSERT INTO document_changes_v0111 SELECT * FROM document_changes")
    db.execute("DROP TABLE document_changes")
    db.execute("ALTER TABLE document_changes_v0111 RENAME TO document_changes")
    db.execute("CREATE INDEX document_changes_detected ON document_changes(detected_at)")
