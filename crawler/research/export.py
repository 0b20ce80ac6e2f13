"""`civcas export`: one table as CSV or JSON, with the --source and --since filters.

Each table reaches its source and its time through the columns it has: a document's
source, a run's source, or the version a row was read from. Rows are streamed, so an
export of a large table does not hold it in memory.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import TextIO


class ExportError(Exception):
    """The export cannot be made; the message is one sentence for the user."""


# table -> (joins that reach documents `d` or runs `r`, source expression, time expression)
PATHS = {
    "crawl_runs": ("", "t.source", "t.started_at"),
    "captures": ("LEFT JOIN crawl_runs r ON r.id = t.run_id", "r.source", "t.fetched_at"),
    "fetch_errors": ("LEFT JOIN crawl_runs r ON r.id = t.run_id", "r.source", "t.at"),
    "documents": ("", "t.source", "t.last_seen"),
    "versions": ("JOIN documents d ON d.id = t.document_id", "d.source", "t.seen_at"),
    "document_changes": ("JOIN documents d ON d.id = t.document_id", "d.source", "t.detected_at"),
    "parse_failures": ("JOIN documents d ON d.id = t.document_id", "d.source", "t.at"),
    "strike_releases": (
        "JOIN documents d ON d.id = t.document_id JOIN versions v ON v.id = t.version_id",
        "d.source", "v.seen_at",
    ),
    "strikes": (
        "JOIN strike_releases p ON p.id = t.release_id JOIN documents d ON d.id = p.document_id"
        " JOIN versions v ON v.id = p.version_id",
        "d.source", "v.seen_at",
    ),
    "civcas_reports": (
        "JOIN documents d ON d.id = t.document_id JOIN versions v ON v.id = t.version_id",
        "d.source", "v.seen_at",
    ),
    "allegations": (
        "JOIN civcas_reports p ON p.id = t.report_id JOIN documents d ON d.id = p.document_id"
        " JOIN versions v ON v.id = p.version_id",
        "d.source", "v.seen_at",
    ),
    "assessment_changes": (
        "JOIN civcas_reports p ON p.id = t.to_report_id JOIN documents d ON d.id = p.document_id",
        "d.source", "t.detected_at",
    ),
    "claims": (
        "JOIN documents d ON d.id = t.document_id JOIN versions v ON v.id = t.version_id",
        "d.source", "v.seen_at",
    ),
    "incidents": ("JOIN documents d ON d.id = t.document_id", "d.source", "d.first_seen"),
    "notifications": ("", None, "t.created_at"),
}


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def export_query(table: str, source: str | None, since: str | None) -> tuple[str, list]:
    """The SELECT for one table with the filters, or ExportError when it cannot filter."""
    joins, source_expr, time_expr = PATHS.get(table, ("", None, None))
    where, params = [], []
    if source is not None:
        if source_expr is None:
            raise ExportError(f"{table} rows do not belong to a source; drop --source")
        where.append(f"{source_expr} = ?")
        params.append(source)
    if since is not None:
        if time_expr is None:
            raise ExportError(f"{table} rows have no time to compare --since with")
        where.append(f"{time_expr} >= ?")
        params.append(since)
    sql = f"SELECT t.* FROM [{table}] t {joins}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if table in PATHS:  # tables keep insertion order; views have no rowid
        sql += " ORDER BY t.rowid"
    return sql, params


def export_table(
    db_path: Path, table: str, fmt: str, out: TextIO, *, source: str | None = None,
    since: str | None = None,
) -> int:
    """Write the rows; return how many."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table):
        raise ExportError(f"{table!r} is not a table name")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        known = _tables(db)
        if table not in known:
            names = ", ".join(sorted(t for t in known if not t.startswith(("_", "sqlite_")) and "_fts" not in t))
            raise ExportError(f"no table {table} in the store (tables: {names})")
        if source is not None:
            _check_source(db, source)
        sql, params = export_query(table, source, since)
        cursor = db.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return _write_csv(cursor, columns, out) if fmt == "csv" else _write_json(cursor, columns, out)
    finally:
        db.close()


def _check_source(db: sqlite3.Connection, source: str) -> None:
    """A --source the store has never crawled is a mistake (a typo would export 0 rows)."""
    known = {r[0] for r in db.execute(
        "SELECT source FROM crawl_runs UNION SELECT source FROM documents")}
    if source not in known:
        names = ", ".join(sorted(known)) or "none yet"
        raise ExportError(f"no crawl of source {source} in the store (sources: {names})")


def _write_csv(cursor, columns, out) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in cursor:
        writer.writerow(row)
        count += 1
    return count


def _write_json(cursor, columns, out) -> int:
    count = 0
    out.write("[")
    for row in cursor:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
