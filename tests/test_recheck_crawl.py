"""The recheck cadence in real crawls: a known document a listing links is asked for again
only when it is due; start pages and listings are fetched on every crawl."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support import captures
import pytest

from archive.urls import canonical_url
from support.replicas import ReplicaServer

SOURCE = "snhr"  # listing pages with pagination, reports published in 2016-2019
HOST = "/snhr.org/"


def crawl(server: ReplicaServer, data: Path, *, recheck_all: bool = False,
          config: Path | None = None) -> None:
    result = captures.crawl(server, data, SOURCE, config=config, recheck_all=recheck_all)
    assert result.returncode == 0, result.stderr


def document_urls(server: ReplicaServer, data: Path) -> set[str]:
    """The source's documents as canonical URLs."""
    with sqlite3.connect(data / "civcas.db") as db:
        return {canonical_url(row[0]) for row in db.execute(
            "SELECT url FROM documents WHERE source = ?", [SOURCE])}


def asked_during(server: ReplicaServer, action) -> set[str]:
    """Canonical URLs of the source's pages the server was asked for during `action`."""
    start = len(server.requests)
    action()
    return {canonical_url("https://snhr.org" + path[len(HOST) - 1:])
            for _, path, _ in server.requests[start:] if path.startswith(HOST)}


def last_run(data: Path) -> tuple:
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute("SELECT status, new_documents, documents_seen, documents_resting"
                          " FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()


def age_store(data: Path, days: int) -> None:
    """Move every fetch the store knows `days` into the past, as if it had been made then."""
    shift = f"-{days} days"
    with sqlite3.connect(data / "civcas.db") as db:
        db.execute("UPDATE captures SET fetched_at ="
                   " strftime('%Y-%m-%dT%H:%M:%SZ', fetched_at, ?)", [shift])
        db.execute("UPDATE documents SET last_seen = strftime('%Y-%m-%dT%H:%M:%SZ', last_seen, ?),"
                   " first_seen = strftime('%Y-%m-%dT%H:%M:%SZ', first_seen, ?)", [shift, shift])


@pytest.fixture()
def crawled(tmp_path):
    server = ReplicaServer(round=1).start()
    data = tmp_path / "data"
    crawl(server, data)
    docs = document_urls(server, data)
    assert len(docs) >= 3  # the listing pages link several reports
    yield server, data, docs
    server.stop()


def test_linked_documents_rest_until_due_listings_are_always_fetched(crawled):
    server, data, docs = crawled
    asked = asked_during(server, lambda: crawl(server, data))
    assert any("/blog/category/reports/" in url for url in asked)  # the listings
    assert not asked & docs  # none of the documents they link: all fetched seconds ago
    assert last_run(data) == ("ok", 0, 0, len(docs))  # found on the listings, left alone

    # --recheck all asks for every one of them
    assert asked_during(server, lambda: crawl(server, data, recheck_all=True)) >= docs

    # reports from 2016-2019 are rechecked monthly: 40 days later each is due again
    age_store(data, 40)
    assert asked_during(server, lambda: crawl(server, data)) >= docs
    assert last_run(data) == ("ok", 0, len(docs), 0)


def test_linked_false_fetches_every_linked_document_on_every_crawl(crawled, tmp_path):
    server, data, docs = crawled
    config = tmp_path / "civcas.toml"
    config.write_text("[recheck]\nlinked = false\n")
    asked = asked_during(server, lambda: crawl(server, data, config=config))
    assert asked >= docs


def test_a_document_whose_last_answer_was_a_server_error_is_asked_again(crawled):
    server, data, docs = crawled
    with sqlite3.connect(data / "civcas.db") as db:
        victim = db.execute("SELECT url FROM documents WHERE source = ? ORDER BY url LIMIT 1",
                            [SOURCE]).fetchone()[0]
        # its latest fetch answered 503 (as a site under load does): archived, no version
        db.execute("UPDATE captures SET status = 503 WHERE id = (SELECT MAX(c.id) FROM captures c"
                   " JOIN versions v ON v.capture_id = c.id JOIN documents d ON d.id ="
                   " v.document_id WHERE d.url = ?)", [victim])
        assert db.total_changes == 1
    asked = asked_during(server, lambda: crawl(server, data))
    assert asked & docs == {canonical_url(victim)}


def test_the_summary_says_how_many_documents_were_left_alone_and_when_one_is_next_due(crawled):
    server, data, docs = crawled
    result = captures.crawl(server, data, SOURCE, recheck_all=False)
    assert result.returncode == 0, result.stderr
    # every report is from 2016-2019: monthly, so due again 27 days (90%) after this fetch
    line = next(li for li in result.stdout.splitlines() if li.startswith(f"{SOURCE}: "))
    match = re.fullmatch(
        rf"{SOURCE}: (\d+) known documents left alone, not due under the recheck cadence;"
        r" the next falls due (\S+ \S+Z) \(`--recheck all` asks for every one\)\.", line)
    assert match, line
    assert int(match[1]) == len(docs)
    due = datetime.strptime(match[2], "%Y-%m-%d %H:%MZ").replace(tzinfo=UTC)
    assert abs(due - (datetime.now(UTC) + timedelta(days=27))) < timedelta(minutes=10)
    # --recheck all leaves nothing alone, and says nothing of it
    result = captures.crawl(server, data, SOURCE, recheck_all=True)
    assert "left alone" not in result.stdout
