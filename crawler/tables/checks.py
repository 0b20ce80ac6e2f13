"""The `parse_checks` table: every parsed version's checks (`crawler.reading.checks`) against the
figures its document prints. This module owns the table's SQL; the handlers that write a
version's rows call `record` with the checks of what they parsed, so a crawl and
`civcas reextract` fill it alike."""

from __future__ import annotations

import logging
from collections.abc import Callable

from archive.store import Store
from crawler.reading.checks import Check, nothing_printed

logger = logging.getLogger("civcas.parse")

_INSERT = ("INSERT INTO parse_checks (version_id, document_id, [check], printed, found, status, detail)"
           " VALUES (?, ?, ?, ?, ?, ?, ?)")


def record(store: Store, page, check: Callable[..., list[Check]] | None, *inputs, rows: int,
           what: str) -> int:
    """Replace the checks of `page.version_id` by `check(*inputs)`; a version whose text
    prints nothing to compare (or `check` None) gets one `ok` row saying so (`rows`: the
    rows parsed, `what`: what they are). A check that breaks on odd input costs its rows
    and a log line, never the page's tables."""
    try:
        checks = check(*inputs) if check is not None else []
    except Exception:
        logger.exception("%s: the parse checks failed; the version has none", page.url)
        return 0
    checks = checks or [nothing_printed(rows, what)]
    with store.db.conn:
        store.db.conn.execute("DELETE FROM parse_checks WHERE version_id = ?", [page.version_id])
        store.db.conn.executemany(_INSERT, [
            [page.version_id, page.document_id, c.check, c.printed, c.found, c.status, c.detail]
            for c in checks])
    return len(checks)


def mismatched(store: Store, version_id: int) -> bool:
    """Whether a version has a check that does not reconcile."""
    return store.db.execute(
        "SELECT 1 FROM parse_checks WHERE version_id = ? AND status != 'ok' LIMIT 1",
        [version_id]).fetchone() is not None


def by_source(db) -> dict[str, tuple[int, int]]:
    """Per source, over its documents' current versions: (versions checked, versions with
    a mismatch or a missing figure)."""
    if "parse_checks" not in db.table_names():
        return {}
    rows = db.execute(
        "SELECT d.source, COUNT(DISTINCT c.version_id),"
        " COUNT(DISTINCT CASE WHEN c.status != 'ok' THEN c.version_id END)"
        " FROM parse_checks c JOIN documents d ON d.id = c.document_id"
        " WHERE c.version_id = d.current_version_id GROUP BY d.source").fetchall()
    return {source: (checked, bad) for source, checked, bad in rows}
