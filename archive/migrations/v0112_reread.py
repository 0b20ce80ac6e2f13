"""`document_changes.kind` may be `reread`: the archived bytes are the same as the earlier
version's, but civcas reads them into other text (its text extraction changed between the
two versions, e.g. after an upgrade). The page was not edited; the change is kept, with its
diff, so that every version of `versions.text` stays explained."""

from __future__ import annotations

import re

import sqlite_utils

_OLD_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed'))"
_NEW_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed', 'reread'))"


def apply(db: sqlite_utils.Database) -> None:
    # SQLite cannot alter a CHECK constraint: the table is copied, row for row, into one
    # that differs only there (no table refers to it by foreign key).
    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'document_changes'"
    ).fetchone()
    if _OLD_CHECK not in sql:
        raise RuntimeError("document_changes is not as the earlier migrations left it")
    # After v0111's rename SQLite keeps the name quoted: `CREATE TABLE "document_changes"`.
    create = re.sub(r'^CREATE TABLE\s+"?document_changes"?', "CREATE TABLE document_changes_v0112",
                    sql.replace(_OLD_CHECK, _NEW_CHECK), count=1)
    db.execute(create)
    db.execute("INSERT INTO document_changes_v0112 SELECT * FROM document_changes")
    db.execute("DROP TABLE document_changes")
    db.execute("ALTER TABLE document_changes_v0112 RENAME TO document_changes")
    db.execute("CREATE INDEX document_changes_detected ON document_changes(detected_at)")
