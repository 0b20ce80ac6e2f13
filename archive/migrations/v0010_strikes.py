"""Coalition strike summaries: one `strike_releases` row per release (a UK MoD entry is a
release too) and one `strikes` row per place and day it reports, per stored version."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE strike_releases (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            publisher TEXT NOT NULL,
            release_number TEXT,
            release_date TEXT,
            period_start TEXT,
            period_end TEXT,
            total_strikes INTEGER,
            total_engagements INTEGER
        );
        CREATE INDEX strike_releases_version ON strike_releases(version_id);
        CREATE INDEX strike_releases_document ON strike_releases(document_id);
        CREATE TABLE strikes (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES strike_releases(id) ON DELETE CASCADE,
            strike_date TEXT,
            country TEXT,
            location TEXT,
            place TEXT,
            strikes INTEGER,
            engagements INTEGER,
            effects TEXT,
            targets TEXT NOT NULL DEFAULT '[]',
            period_start TEXT,
            period_end TEXT,
            late_reported INTEGER NOT NULL DEFAULT 0,
            line TEXT
        );
        CREATE INDEX strikes_release ON strikes(release_id);
        CREATE INDEX strikes_place_date ON strikes(place, strike_date);
        """
    )
