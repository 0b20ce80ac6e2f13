"""The hook that turns a stored version into table rows, and how it records failures."""

import pytest

from archive.store import Extracted, Store
from crawler import tables as structured
from crawler.items import StoredPage
from crawler.parsers import ParseFailure
from crawler.tables import store_rows


def failing_handler(store, page):
    raise ParseFailure("no release date in the first paragraph")


def counting_handler(store, page):
    return len(page.text.split())


@pytest.fixture
def stored(tmp_path):
    store = Store.open(tmp_path)
    recorded = store.record_page(
        source="s", kind="strike_release", url="https://x.test/a", capture_id=None,
        page=Extracted(text="three words here", title="t"),
    )
    page = StoredPage(
        document_id=recorded.document_id, version_id=recorded.version_id, source="s",
        kind="strike_release", url="https://x.test/a", content_type="text/html",
        body=b"<p>three words here</p>", text="three words here", title="t",
        published=None, language="en",
    )
    yield store, page
    store.close()


def test_a_failing_parser_leaves_a_reason_row(stored, monkeypatch):
    store, page = stored
    monkeypatch.setitem(structured.HANDLERS, "strike_release", failing_handler)
    assert store_rows(store, page) is None
    row = next(store.db["parse_failures"].rows)
    assert (row["document_id"], row["version_id"], row["parser"]) == (
        page.document_id, page.version_id, "strike_release")
    assert "release date" in row["reason"]


def test_handler_result_is_passed_back(stored, monkeypatch):
    store, page = stored
    monkeypatch.setitem(structured.HANDLERS, "strike_release", counting_handler)
    assert store_rows(store, page) == 3
    assert store.count("parse_failures") == 0


def test_kinds_without_tables_write_nothing(stored):
    from dataclasses import replace

    store, page = stored
    assert store_rows(store, replace(page, kind="news_article")) == 0
