"""Monitors and news: casualty claims read from posts and articles, Airwars incidents, and
the Airwars military-claims pages with the coalition report each one republishes."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            claimant TEXT,
            event_date TEXT,
            event_date_end TEXT,
            cumulative INTEGER NOT NULL DEFAULT 0,
            location TEXT,
            place TEXT,
            country TEXT,
            attributed_to TEXT,
            killed_min INTEGER,
            killed_max INTEGER,
            children INTEGER,
            women INTEGER,
            injured INTEGER,
            language TEXT,
            quote TEXT NOT NULL
        );
        CREATE INDEX claims_version ON claims(version_id);
        CREATE INDEX claims_event_date ON claims(event_date);
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            code TEXT NOT NULL,
            incident_date TEXT,
            location TEXT,
            country TEXT,
            latitude REAL,
            longitude REAL,
            killed_min INTEGER,
            killed_max INTEGER,
            injured_min INTEGER,
            injured_max INTEGER,
            grading TEXT,
            belligerent TEXT,
            belligerent_position TEXT,
            civilian_deaths_conceded INTEGER,
            civilian_injuries_conceded INTEGER,
            stated_location TEXT,
            theme TEXT NOT NULL
        );
        CREATE INDEX incidents_version ON incidents(version_id);
        CREATE INDEX incidents_code ON incidents(code);
        CREATE TABLE military_claims (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            report_from TEXT,
            report_date TEXT,
            period_start TEXT,
            period_end TEXT,
            report_url TEXT
        );
        CREATE INDEX military_claims_version ON military_claims(version_id);
        CREATE INDEX military_claims_report_url ON military_claims(report_url);
        """
    )
