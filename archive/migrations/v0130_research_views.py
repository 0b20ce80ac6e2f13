"""Views for researchers: allegations, assessment changes and monitors' claims joined to
the report month (or document) they come from and to their evidence, the capture a
reader can replay (`civcas serve`: /-/capture/<capture_id>/replay).

`captured_at` is when the page was captured: our fetch, or for a page backfilled from a
web archive the archive's capture time. Views hold no data; they read the tables.
"""

from __future__ import annotations

import sqlite_utils

VIEWS = {
    "allegation_evidence": """
        SELECT a.id AS allegation_id, r.month_covered AS report_month,
               r.published AS report_published, a.item, a.allegation_date, a.location,
               a.place, a.country, a.reporting_source, a.assessment, a.reason_category,
               a.civilians_killed, a.civilians_injured, a.allegation_key, a.report_id,
               d.url AS report_url, v.capture_id,
               COALESCE(c.archived_at, c.fetched_at) AS captured_at, c.archive
        FROM allegations a
        JOIN civcas_reports r ON r.id = a.report_id
        JOIN documents d ON d.id = r.document_id
        JOIN versions v ON v.id = r.version_id
        LEFT JOIN captures c ON c.id = v.capture_id
    """,
    "assessment_change_evidence": """
        SELECT ch.id AS change_id, t.month_covered AS report_month,
               f.month_covered AS previous_report_month, ch.allegation_key, ch.field,
               ch.old_value, ch.new_value, ch.detected_at, ch.to_report_id,
               ch.from_report_id, v.capture_id,
               COALESCE(c.archived_at, c.fetched_at) AS captured_at
        FROM assessment_changes ch
        JOIN civcas_reports t ON t.id = ch.to_report_id
        LEFT JOIN civcas_reports f ON f.id = ch.from_report_id
        JOIN versions v ON v.id = t.version_id
        LEFT JOIN captures c ON c.id = v.capture_id
    """,
    "claim_evidence": """
        SELECT cl.id AS claim_id, cl.claimant, cl.event_date, cl.event_date_end,
               cl.location, cl.place, cl.country, cl.attributed_to, cl.killed_min,
               cl.killed_max, cl.children, cl.women, cl.injured, cl.quote, d.source,
               d.url AS document_url, v.title AS document_title, v.capture_id,
               COALESCE(c.archived_at, c.fetched_at) AS captured_at
        FROM claims cl
        JOIN documents d ON d.id = cl.document_id
        JOIN versions v ON v.id = cl.version_id
        LEFT JOIN captures c ON c.id = v.capture_id
    """,
}


def apply(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {' '.join(sql.split())}")
