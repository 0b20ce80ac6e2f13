"""`document_changes.kind` may be `reread`: the archived bytes are the same as the earlier
version's, but civcas reads them into other text (its text extraction changed between the
two versions, e.g. after an upgrade). The page was not edited; the change is kept, with its
diff, so that every version of `versions.text` stays explained."""

from __future__ import annotations

import sqlite_utils

from archive.migrations import widen_check

_OLD_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed'))"
_NEW_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed', 'reread'))"


def apply(db: sqlite_utils.Database) -> None:
    widen_check(db, "document_changes", _OLD_CHECK, _NEW_CHECK,
                ("CREATE INDEX document_changes_detected ON document_changes(detected_at)",))
