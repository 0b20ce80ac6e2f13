"""Datasette's metadata is data (crawler/research/metadata.yaml), and it says what the
store's reference page (docs/store.md) says: same tables, same columns, same meanings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archive.store import Store
from crawler.research.metadata import PLUMBING_PREFIXES, build_metadata

ROOT = Path(__file__).resolve().parent.parent
YAML = ROOT / "crawler" / "research" / "metadata.yaml"


def store_md_tables() -> dict[str, dict[str, str]]:
    """{table: {column: meaning}} from docs/store.md's `### \\`table\\`` sections; a row
    naming several columns gives each the same meaning; `\\|` is a pipe inside a cell."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in (ROOT / "docs" / "store.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+`([a-z_]+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
        elif line.startswith("#"):
            current = None
        elif current is not None and line.startswith("|"):
            cells = [c.strip().replace("\\|", "|")
                     for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if len(cells) == 2 and cells[0] != "column" and set(cells[0]) != {"-"}:
                for name in re.findall(r"`([a-z_0-9]+)`", cells[0]):
                    current.setdefault(name, cells[1])
    return tables


@pytest.fixture(scope="module")
def metadata_yaml() -> dict:
    return yaml.safe_load(YAML.read_text(encoding="utf-8"))


def test_store_md_and_the_metadata_file_agree(metadata_yaml):
    documented = store_md_tables()
    described = {t: e.get("columns", {}) for t, e in metadata_yaml["tables"].items()}
    assert set(described) == set(documented)
    for table, columns in documented.items():
        assert described[table] == columns, table


def test_every_table_and_view_of_a_new_store_is_described(metadata_yaml, tmp_path):
    store = Store.open(tmp_path)
    try:
        names = {r[0]: r[1] for r in store.db.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")}
        for name in names:
            if name.startswith(PLUMBING_PREFIXES):
                continue
            assert name in metadata_yaml["tables"], f"{name} is not in metadata.yaml"
            columns = {r[1] for r in store.db.execute(f"PRAGMA table_info([{name}])")}
            assert columns == set(metadata_yaml["tables"][name]["columns"]), name
    finally:
        store.close()


def test_descriptions_are_markdown_short_with_details_a_click_away(tmp_path):
    store = Store.open(tmp_path)
    store.close()
    meta = build_metadata(tmp_path / "civcas.db", tmp_path / "warcs")
    tables = meta["databases"]["civcas"]["tables"]
    allegations = tables["allegations"]["description_html"]
    summary, details = allegations.split("<details", 1)
    assert "`" not in allegations  # Markdown rendered, not shown raw
    assert "<dt><code>allegation_key</code></dt>" in details
    assert "<code>date|place|country</code> with the first known date" in details  # not cut at |
    assert len(re.sub(r"<[^>]+>", "", summary)) < 300  # the summary above the table is short
    assert "columns" not in tables["allegations"]  # no 2,000 px of column notes above the rows
    for plumbing in ("_migrations", "captures", "crawl_runs", "notifications", "fetch_errors"):
        assert tables[plumbing]["hidden"] is True, plumbing
    for research in ("allegations", "allegation_evidence", "civcas_reports", "strikes", "claims",
                     "incidents", "assessment_changes"):
        assert not tables[research].get("hidden"), research
    assert tables["civcas_reports"]["label_column"] == "month_covered"
    assert tables["documents"]["label_column"] == "title"
    home = meta["description_html"]
    assert home.index("allegation_evidence") < home.index("civcas_reports") < home.index("strikes")
