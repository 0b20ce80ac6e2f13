"""The CJTF-OIR monthly civilian-casualty reports: one row per stored version of a
report, its allegations, the links that tie an allegation across reports, and the
changes of assessment found between reports.

`civcas_reports.alternate_of` marks a copy published elsewhere (ReliefWeb, Airwars, ...)
of an original report; copies are never compared with originals for changes.
`allegation_candidates` keeps the links that were possible but not certain (same date and
place, another country, ...) instead of guessing one.
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE civcas_reports (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL UNIQUE REFERENCES versions(id),
            title TEXT,
            published TEXT,
            month_covered TEXT,
            carried_over INTEGER,
            received_new INTEGER,
            assessed_previously_received INTEGER,
            completed INTEGER,
            credible INTEGER,
            non_credible INTEGER,
            duplicate INTEGER,
            still_open INTEGER,
            reopened INTEGER,
            deaths_this_report INTEGER,
            injured_this_report INTEGER,
            cumulative_strikes INTEGER,
            cumulative_strikes_marked INTEGER NOT NULL DEFAULT 0,
            cumulative_engagements INTEGER,
            cumulative_reports_received INTEGER,
            cumulative_credible_reports INTEGER,
            cumulative_civilian_deaths INTEGER,
            alternate_of INTEGER REFERENCES civcas_reports(id)
        );
        CREATE INDEX civcas_reports_document ON civcas_reports(document_id);
        CREATE INDEX civcas_reports_published ON civcas_reports(published);

        CREATE TABLE allegations (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES civcas_reports(id) ON DELETE CASCADE,
            item INTEGER,
            allegation_date TEXT,
            location TEXT,
            place TEXT,
            country TEXT,
            reporting_source TEXT,
            assessment TEXT CHECK (assessment IN
                ('credible', 'non_credible', 'duplicate', 'open', 'reopened')),
            reason_category TEXT,
            reason_text TEXT,
            civilians_killed INTEGER,
            civilians_injured INTEGER,
            corrected_from_date TEXT,
            corrected_from_report TEXT,
            duplicate_of TEXT,
            duplicate_of_text TEXT,
            allegation_key TEXT NOT NULL,
            place_key TEXT,
            link TEXT NOT NULL DEFAULT 'new'
        );
        CREATE INDEX allegations_report ON allegations(report_id);
        CREATE INDEX allegations_key ON allegations(allegation_key);
        CREATE INDEX allegations_date ON allegations(allegation_date);

        CREATE TABLE allegation_candidates (
            id INTEGER PRIMARY KEY,
            allegation_id INTEGER NOT NULL REFERENCES allegations(id) ON DELETE CASCADE,
            candidate_key TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX allegation_candidates_allegation ON allegation_candidates(allegation_id);

        CREATE TABLE assessment_changes (
            id INTEGER PRIMARY KEY,
            allegation_key TEXT,
            from_report_id INTEGER REFERENCES civcas_reports(id),
            to_report_id INTEGER NOT NULL REFERENCES civcas_reports(id),
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            detected_at TEXT NOT NULL
        );
        CREATE INDEX assessment_changes_detected ON assessment_changes(detected_at);
        CREATE INDEX assessment_changes_key ON assessment_changes(allegation_key);
        """
    )
