"""Parses that check themselves: `parse_checks` holds, for every parsed version, what the
document prints against what its rows give; each run counts the parsed versions with a
mismatch; and a source whose parses stop reconciling can be `drifting` in
`source_health` (the state's CHECK is widened: SQLite rebuilds the table for that)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    # Statement by statement: executescript would commit the migration's transaction.
    for sql in (
        """CREATE TABLE parse_checks (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            [check] TEXT NOT NULL,
            printed INTEGER,
            found INTEGER,
            status TEXT NOT NULL CHECK (status IN ('ok', 'mismatch', 'missing')),
            detail TEXT
        )""",
        "CREATE INDEX parse_checks_version ON parse_checks(version_id)",
        "CREATE INDEX parse_checks_status ON parse_checks(status, document_id)",
        "ALTER TABLE crawl_runs ADD COLUMN parse_mismatches INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE source_health_new (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('broken', 'recovered', 'drifting')),
            reason TEXT NOT NULL,
            run_id INTEGER REFERENCES crawl_runs(id)
        )""",
        "INSERT INTO source_health_new SELECT id, source, at, state, reason, run_id FROM source_health",
        "DROP TABLE source_health",
        "ALTER TABLE source_health_new RENAME TO source_health",
        "CREATE INDEX source_health_source ON source_health(source, id)",
    ):
        db.execute(sql)
