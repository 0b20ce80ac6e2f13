"""`civcas events`: the events with their members, as CSV (one row per member, the
event's fields beside it) or JSON (one object per event, its members in a list), for
researchers who work in R or pandas."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import TextIO

EVENT_COLUMNS = ("id", "title", "event_date", "place", "country", "latitude", "longitude", "members",
                 "accounts", "sides", "highest_claim", "coalition_acknowledged", "gap")
MEMBER_COLUMNS = ("kind", "member_table", "row_id", "account", "side", "claimant", "publisher", "joined",
                  "event_date", "date_precision", "place", "location", "days_apart", "distance_km",
                  "killed_min", "killed_max", "children", "women", "injured", "strikes", "status", "quote",
                  "document_id", "version_id", "capture_id")


def _events(db: sqlite3.Connection, min_sides: int):
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE sides >= ? ORDER BY event_date, id"
    for row in db.execute(sql, [min_sides]).fetchall():
        event = dict(zip(EVENT_COLUMNS, row, strict=True))
        members = db.execute(
            f"SELECT {', '.join(MEMBER_COLUMNS)} FROM event_members WHERE event_id = ? ORDER BY id", [event["id"]])
        event["members"] = [dict(zip(MEMBER_COLUMNS, m, strict=True)) for m in members]
        yield event


def export_events(db_path: Path, fmt: str, out: TextIO, *, min_sides: int = 1) -> int:
    """Write the events; return how many."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
            raise LookupError("this store has no events table yet (run civcas link)")
        count = 0
        if fmt == "json":
            out.write("[")
            for event in _events(db, min_sides):
                out.write(",\n" if count else "\n")
                out.write(json.dumps(event, ensure_ascii=False))
                count += 1
            out.write("\n]\n" if count else "]\n")
            return count
        writer = csv.writer(out)
        writer.writerow([f"event_{c}" for c in EVENT_COLUMNS] + list(MEMBER_COLUMNS))
        for event in _events(db, min_sides):
            head = [len(event["members"]) if c == "members" else event[c] for c in EVENT_COLUMNS]
            for member in event["members"]:
                writer.writerow(head + [member[c] for c in MEMBER_COLUMNS])
            count += 1
        return count
    finally:
        db.close()
