"""The assessment history of a store by what it means, not by row ids: every report named
by its page, publication date, month covered and version number."""

from __future__ import annotations

import sqlite3


def report_names(conn: sqlite3.Connection) -> dict[int, tuple]:
    rows = conn.execute(
        "SELECT r.id, d.url, r.published, r.month_covered, "
        "(SELECT COUNT(*) FROM versions w WHERE w.document_id = r.document_id AND w.id <= r.version_id) "
        "FROM civcas_reports r JOIN documents d ON d.id = r.document_id")
    # a crawl keeps the URL as canonicalised (no trailing slash), a direct store as given
    return {rid: (url.rstrip("/"), published, month, number) for rid, url, published, month, number in rows}


def history(conn: sqlite3.Connection) -> list[tuple]:
    """Sorted (allegation_key, from report, to report, field, old, new)."""
    names = report_names(conn)
    rows = conn.execute("SELECT allegation_key, from_report_id, to_report_id, field, old_value,"
                        " new_value FROM assessment_changes")
    return sorted(((key, names.get(frm), names.get(to), field, old, new)
                   for key, frm, to, field, old, new in rows), key=repr)


def dangling(conn: sqlite3.Connection) -> list[tuple]:
    """Notifications of assessment changes that name no change."""
    return conn.execute(
        "SELECT n.id, n.change_id FROM notifications n WHERE n.change_kind = 'assessment_change'"
        " AND NOT EXISTS (SELECT 1 FROM assessment_changes c WHERE c.id = n.change_id)").fetchall()


def candidates(conn: sqlite3.Connection) -> list[tuple]:
    """Sorted (report, allegation key, candidate key) of the possible links not taken."""
    names = report_names(conn)
    rows = conn.execute("SELECT a.report_id, a.allegation_key, c.candidate_key FROM allegation_candidates c"
                        " JOIN allegations a ON a.id = c.allegation_id")
    return sorted(((names.get(r), k, ck) for r, k, ck in rows), key=repr)
