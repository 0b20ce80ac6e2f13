"""Events: the accounts of one strike or incident, every side beside the others.

`events` holds one row per event and `event_members` one row per account in it (a strike
row, an allegation row, an Airwars incident, a claim or a coalition statement), each
pointing at its own row and its evidence capture. `statements` holds the coalition's own
positions on an incident as printed in a page (strike count, "free of civilian
presence"); `claims.publisher` names who published the page a claim was read from,
beside `claimant` (who says it).
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    if "claims" in db.table_names() and "publisher" not in db["claims"].columns_dict:
        db.execute("ALTER TABLE claims ADD COLUMN publisher TEXT")
    db.executescript(
        """
        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            claimant TEXT NOT NULL,
            speaker TEXT,
            publisher TEXT,
            event_date TEXT,
            location TEXT,
            place TEXT,
            country TEXT,
            strikes INTEGER,
            civilians_killed INTEGER,
            denies_harm INTEGER NOT NULL DEFAULT 0,
            position TEXT,
            language TEXT,
            quote TEXT NOT NULL
        );
        CREATE INDEX statements_version ON statements(version_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            event_date TEXT NOT NULL,
            first_date TEXT,
            last_date TEXT,
            place TEXT,
            country TEXT,
            latitude REAL,
            longitude REAL,
            members INTEGER NOT NULL,
            accounts INTEGER NOT NULL,
            sides INTEGER NOT NULL,
            highest_claim INTEGER,
            coalition_acknowledged INTEGER,
            gap INTEGER,
            built_at TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(event_date);
        CREATE TABLE event_members (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            kind TEXT NOT NULL,
            member_table TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            member_key TEXT NOT NULL,
            account TEXT NOT NULL,
            side TEXT NOT NULL,
            claimant TEXT,
            publisher TEXT,
            joined TEXT NOT NULL,
            event_date TEXT,
            date_precision TEXT,
            place TEXT,
            location TEXT,
            days_apart INTEGER,
            distance_km REAL,
            killed_min INTEGER,
            killed_max INTEGER,
            children INTEGER,
            women INTEGER,
            injured INTEGER,
            strikes INTEGER,
            status TEXT,
            quote TEXT,
            document_id INTEGER,
            version_id INTEGER,
            capture_id INTEGER
        );
        CREATE INDEX event_members_event ON event_members(event_id);
        CREATE INDEX event_members_row ON event_members(member_table, row_id);
        """
    )
