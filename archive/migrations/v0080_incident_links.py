"""Links between accounts of the same event: coalition strike rows and allegations,
Airwars incidents and monitors' claims, matched by place and date."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE incident_links (
            id INTEGER PRIMARY KEY,
            left_kind TEXT NOT NULL,
            left_id INTEGER NOT NULL,
            right_kind TEXT NOT NULL,
            right_id INTEGER NOT NULL,
            place TEXT,
            left_date TEXT,
            right_date TEXT,
            days_apart INTEGER,
            distance_km REAL,
            score REAL NOT NULL,
            matched TEXT NOT NULL,
            built_at TEXT NOT NULL
        );
        CREATE INDEX incident_links_left ON incident_links(left_kind, left_id);
        CREATE INDEX incident_links_right ON incident_links(right_kind, right_id);
        """
    )
