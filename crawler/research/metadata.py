"""Datasette metadata for the store: table and column descriptions, facets, full-text
search and canned queries.

Descriptions come from the store's reference page (`store.md`, shipped in the package),
so the page users read and the hints Datasette shows cannot drift apart. Facets and
canned queries are only offered for tables and columns the database really has: a store
made by an older civcas, or one where a source was never crawled, still opens.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources
from pathlib import Path

TITLE = "civcas: the record of civilian harm in the air war against the Islamic State"

# Facets that make sense per table: the columns researchers filter by first.
FACETS = {
    "documents": ["source", "kind", "status", "language"],
    "captures": ["record_type", "render", "status"],
    "crawl_runs": ["source", "status"],
    "fetch_errors": ["kind"],
    "document_changes": ["kind"],
    "strike_releases": ["publisher"],
    "strikes": ["country", "place"],
    "civcas_reports": ["month_covered"],
    "allegations": ["assessment", "country", "place", "reason_category"],
    "assessment_changes": ["field"],
    "claims": ["claimant", "attributed_to", "place"],
    "incidents": ["grading", "belligerent"],
    "notifications": ["status", "channel", "change_kind"],
    "incident_links": ["left_kind", "right_kind", "place"],
    "parse_checks": ["status", "check"],
}
DATE_FACETS = {
    "strikes": "strike_date",
    "allegations": "allegation_date",
    "claims": "event_date",
    "incidents": "incident_date",
    "document_changes": "detected_at",
}

# Canned queries: name -> (title, tables needed, SQL). Named parameters become form fields.
CANNED = {
    "allegation_history": (
        "Assessment history of one allegation",
        ("allegations", "civcas_reports", "versions"),
        """
        SELECT r.month_covered AS report_month, r.published AS report_published,
               a.item, a.allegation_date, a.location, a.place, a.country, a.assessment,
               a.civilians_killed, a.civilians_injured, a.reason_text,
               a.corrected_from_date, v.capture_id
        FROM allegations a
        JOIN civcas_reports r ON r.id = a.report_id
        JOIN versions v ON v.id = r.version_id
        WHERE a.allegation_key = :allegation_key
        ORDER BY r.month_covered, r.published
        """,
    ),
    "assessment_changes_by_report": (
        "All assessment changes, by the report that made them",
        ("assessment_changes", "civcas_reports"),
        """
        SELECT t.month_covered AS report_month, c.allegation_key, c.field,
               c.old_value, c.new_value, f.month_covered AS previous_report_month,
               c.detected_at
        FROM assessment_changes c
        JOIN civcas_reports t ON t.id = c.to_report_id
        LEFT JOIN civcas_reports f ON f.id = c.from_report_id
        ORDER BY t.month_covered, c.allegation_key, c.field
        """,
    ),
    "strikes_per_place_per_month": (
        "Coalition strikes per place per month",
        ("strikes",),
        """
        SELECT substr(strike_date, 1, 7) AS month, country, place,
               SUM(strikes) AS strikes, COUNT(*) AS strike_lines
        FROM strikes
        WHERE strike_date IS NOT NULL
        GROUP BY month, country, place
        ORDER BY month, strikes DESC
        """,
    ),
    "allegations_by_assessment_per_report": (
        "Allegations by assessment, per monthly report",
        ("allegations", "civcas_reports"),
        """
        SELECT r.month_covered AS report_month, a.assessment, COUNT(*) AS allegations,
               SUM(a.civilians_killed) AS civilians_killed
        FROM allegations a JOIN civcas_reports r ON r.id = a.report_id
        GROUP BY r.month_covered, a.assessment
        ORDER BY r.month_covered, a.assessment
        """,
    ),
    "parse_mismatches": (
        "Parsed documents whose rows do not reconcile with the figures they print",
        ("parse_checks", "documents"),
        """
        SELECT d.source, d.url, c.[check], c.printed, c.found, c.status, c.detail, c.version_id
        FROM parse_checks c
        JOIN documents d ON d.id = c.document_id AND d.current_version_id = c.version_id
        WHERE c.status != 'ok'
        ORDER BY d.source, d.url, c.[check]
        """,
    ),
    "claims_beside_assessments": (
        "Monitors' claims beside coalition assessments for the same place within a day",
        ("claims", "allegations", "civcas_reports"),
        """
        SELECT c.event_date, c.place, c.claimant, c.killed_min, c.killed_max, c.quote,
               a.allegation_date, a.assessment, a.civilians_killed AS coalition_killed,
               r.month_covered AS report_month
        FROM claims c
        JOIN allegations a
          ON a.place = c.place
         AND abs(julianday(a.allegation_date) - julianday(c.event_date)) <= 1
        JOIN civcas_reports r ON r.id = a.report_id
        WHERE c.place IS NOT NULL AND c.event_date IS NOT NULL
        ORDER BY c.event_date, c.place, c.claimant
        """,
    ),
}


def store_reference() -> str:
    """The text of the store's reference page. `crawler/data/store.md` is a link to
    docs/store.md, so a wheel ships the page and a checkout reads the one users edit;
    without it, Datasette still opens, without descriptions."""
    shipped = resources.files("crawler").joinpath("data/store.md")
    try:
        return shipped.read_text(encoding="utf-8")
    except OSError:
        return ""


def table_docs(markdown: str) -> dict[str, dict]:
    """{table: {"description": str, "columns": {column: meaning}}} from the reference page.

    A table is a `### \\`name\\`` heading, its first paragraph the description, and the
    rows of its `| column | meaning |` table the columns; a row may name several columns
    (`| \\`a\\`, \\`b\\` | ... |`) sharing one meaning.
    """
    docs: dict[str, dict] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.match(r"^###\s+`([a-z_]+)`", line)
        if heading:
            current = docs.setdefault(heading.group(1), {"description": "", "columns": {}})
            continue
        if line.startswith("#"):
            current = None
            continue
        if current is None:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2:
                names = re.findall(r"`([a-z_0-9]+)`", cells[0])
                for name in names:
                    current["columns"][name] = cells[1]
        elif line.strip() and not current["columns"]:
            joined = f"{current['description']} {line.strip()}".strip()
            current["description"] = joined
    return docs


def _schema(db_path: Path) -> dict[str, set[str]]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {n: {r[1] for r in db.execute(f"PRAGMA table_info([{n}])")} for n in names}


def build_metadata(db_path: Path, warcs_dir: Path) -> dict:
    """Datasette metadata for one store, limited to what the database holds."""
    schema = _schema(db_path)
    docs = table_docs(store_reference())
    tables: dict[str, dict] = {}
    for table, columns in schema.items():
        entry: dict = {}
        doc = docs.get(table)
        if doc:
            entry["description"] = doc["description"]
            entry["columns"] = {c: m for c, m in doc["columns"].items() if c in columns}
        facets = [c for c in FACETS.get(table, []) if c in columns]
        if table in DATE_FACETS and DATE_FACETS[table] in columns:
            facets.append({"date": DATE_FACETS[table]})
        if facets:
            entry["facets"] = facets
        if table == "versions":
            entry["fts_table"] = "versions_fts"
            entry["fts_pk"] = "id"
        if entry:
            tables[table] = entry
    queries = {
        name: {"title": title, "sql": " ".join(sql.split())}
        for name, (title, needs, sql) in CANNED.items()
        if all(t in schema for t in needs)
    }
    return {
        "title": TITLE,
        "description": (
            "Every row traces back to the archived capture it came from: follow a "
            "capture_id or version_id link to see the record as it was received."
        ),
        "databases": {"civcas": {"tables": tables, "queries": queries}},
        "plugins": {"civcas": {"warcs_dir": str(warcs_dir)}},
    }
