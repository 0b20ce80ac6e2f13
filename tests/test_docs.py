"""Docs that cannot drift: every command, source and table is named in them."""

from pathlib import Path

from crawler.cli.app import main
from crawler.config import load_config
from crawler.cli.docgen import cli_reference

ROOT = Path(__file__).resolve().parents[1]


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_cli_reference_is_generated_from_help():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `python -m crawler.cli.docgen > docs/cli.md`"
    )


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"civcas {name}" in readme, name


def test_every_source_is_documented():
    text = docs_text()
    for name in load_config().sources:
        assert f"`{name}`" in text, name


def test_every_table_is_documented():
    from archive.store import Store

    store = Store(":memory:")
    tables = [t for t in store.db.table_names() if not t.startswith(("_", "versions_fts"))]
    text = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for table in tables:
        assert f"`{table}`" in text, table
        for column in store.db[table].columns_dict:
            assert f"`{column}`" in text, f"{table}.{column}"


def test_readme_has_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_imports_go_one_way():
    """spiders -> crawler -> archive: archive imports neither, crawler never imports spiders."""
    import re

    for path in (ROOT / "archive").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (scrapy|twisted|crawler|spiders)\b", text, re.M), path
    for path in (ROOT / "crawler").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) spiders\b", text, re.M), path
