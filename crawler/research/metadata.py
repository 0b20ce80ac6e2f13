"""Datasette metadata for the store: descriptions, order, labels, facets, full-text search
and canned queries, from `metadata.yaml` beside this module (data, shipped in the package).

The YAML's column meanings repeat docs/store.md; tests/test_datasette_metadata.py keeps
the two in step. Text is Markdown, rendered here to HTML: a short summary above a table,
the details and the columns' meanings in a <details> element a click away. Facets, sorts,
labels and canned queries are only offered for the tables and columns the database really
has: a store made by an older civcas, or one where a source was never crawled, still opens.
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from pathlib import Path

import markdown
import yaml

from archive.storefile import connect_read_only


@cache
def metadata_file() -> dict:
    text = resources.files("crawler.research").joinpath("metadata.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _md(text: str) -> str:
    return markdown.markdown(text or "", output_format="html")


def _inline_md(text: str) -> str:
    """Markdown of one phrase, without the paragraph around it."""
    rendered = _md(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


def description_html(entry: dict, columns: set[str]) -> str:
    """The summary, then the details and the meaning of each column the table has."""
    parts = [_md(entry.get("summary", ""))]
    meanings = {c: m for c, m in (entry.get("columns") or {}).items() if c in columns}
    if entry.get("details") or meanings:
        body = _md(entry.get("details", ""))
        if meanings:
            rows = "".join(
                f"<dt><code>{html.escape(c)}</code></dt><dd>{_inline_md(m)}</dd>"
                for c, m in meanings.items()
            )
            body += f'<dl class="civcas-columns">{rows}</dl>'
        parts.append(
            '<details class="civcas-details"><summary>More about this table and its columns'
            f"</summary>{body}</details>"
        )
    return "".join(parts)


def _schema(db_path: Path) -> dict[str, set[str]]:
    with connect_read_only(db_path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {n: {r[1] for r in db.execute(f"PRAGMA table_info([{n}])")} for n in names}


def _table_entry(entry: dict, columns: set[str]) -> dict:
    out: dict = {"description_html": description_html(entry, columns)}
    if entry.get("hidden"):
        out["hidden"] = True
    for key in ("label_column", "sort", "sort_desc"):
        if entry.get(key) in columns:
            out[key] = entry[key]
    facets: list = [c for c in entry.get("facets", []) if c in columns]
    if entry.get("date_facet") in columns:
        facets.append({"date": entry["date_facet"]})
    if facets:
        out["facets"] = facets
    if entry.get("fts_table"):
        out["fts_table"], out["fts_pk"] = entry["fts_table"], entry.get("fts_pk", "id")
    return out


# SQLite's and the full-text index's own tables: never a place to start.
PLUMBING_PREFIXES = ("_", "sqlite_", "versions_fts")


def build_metadata(db_path: Path, warcs_dir: Path) -> dict:
    """Datasette metadata for one store, limited to what the database holds."""
    meta = metadata_file()
    schema = _schema(db_path)
    tables: dict[str, dict] = {}
    for table, columns in schema.items():
        entry = meta["tables"].get(table)
        if entry is not None:
            tables[table] = _table_entry(entry, columns)
        elif table.startswith(PLUMBING_PREFIXES):
            tables[table] = {"hidden": True}
    queries = {
        name: {
            "title": q["title"],
            **({"description_html": _md(q["description"])} if q.get("description") else {}),
            "sql": q["sql"].strip(),
        }
        for name, q in meta["queries"].items()
        if all(t in schema for t in q.get("needs", ()))
    }
    start_here = _md(meta["start_here"])
    return {
        "title": meta["title"],
        "description_html": _md(meta["about"]) + start_here,
        "databases": {
            "civcas": {
                "description_html": start_here,
                "tables": tables,
                "queries": queries,
            }
        },
        "plugins": {"civcas": {"warcs_dir": str(warcs_dir)}},
    }
