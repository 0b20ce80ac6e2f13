"""`document_changes.kind` may be `render_changed`: two versions of a page read through
different capture methods (a plain HTTP fetch, then a browser render, or back). Their
texts differ because the method did, not because the page was edited."""

from __future__ import annotations

import sqlite_utils

from archive.migrations import widen_check

_OLD_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored'))"
_NEW_CHECK = "CHECK (kind IN ('edited', 'removed', 'restored', 'render_changed'))"


def apply(db: sqlite_utils.Database) -> None:
    widen_check(db, "document_changes", _OLD_CHECK, _NEW_CHECK,
                ("CREATE INDEX document_changes_detected ON document_changes(detected_at)",))
