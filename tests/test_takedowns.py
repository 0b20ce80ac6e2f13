"""Takedowns over real crawls of the replicas: a document deleted on the site and dropped
from the listing that carried it is recorded `removed`, with its 404 capture as evidence,
by `--recheck all` (incremental sources included, one process or distributed) and by the
next plain crawl, since its link vanished."""

from __future__ import annotations

import sqlite3
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from support import captures
import pytest
from support.distributed import RedisServer, civcas_popen, wait_all

from support.replicas import ReplicaServer

STRIKES = "cjtf-strikes"  # incremental: known documents are not asked for on a plain crawl
LISTING = "https://www.inherentresolve.mil/Releases/Strike-Releases/"


def query(data: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


def a_release(server: ReplicaServer, data: Path) -> str:
    """A strike release the first crawl stored, linked from the listing's first page."""
    stored = query(data, "SELECT url FROM documents WHERE source = ? ORDER BY url", [STRIKES])
    return next(url for (url,) in stored if linked_from_listing(server, url))


def linked_from_listing(server: ReplicaServer, url: str) -> bool:
    listing = urllib.request.urlopen(server.url(LISTING)).read().decode()
    return unquote(urlsplit(url).path) in unquote(listing)


def removal(data: Path, url: str) -> list[tuple]:
    """(change kind, document status, status and time of the URL's latest capture,
    detected_at) for each change recorded on the document."""
    return query(data, """
        SELECT c.kind, d.status, cap.status, cap.fetched_at, c.detected_at
        FROM document_changes c JOIN documents d ON d.id = c.document_id
        JOIN captures cap ON cap.id = (SELECT MAX(id) FROM captures  -- fetched as linked (?ver=)
                                       WHERE url IN (d.url, d.url || '/')
                                          OR url LIKE d.url || '?%')
        WHERE d.url = ?""", [url])


def assert_removed_with_404_evidence(data: Path, url: str) -> None:
    ((kind, status, capture_status, fetched_at, detected_at),) = removal(data, url)
    assert (kind, status, capture_status) == ("removed", "gone", 404)
    assert detected_at == fetched_at[:19] + "Z"  # dated by the 404 capture


@pytest.fixture()
def strikes(tmp_path):
    server = ReplicaServer(round=1).start()
    data = tmp_path / "data"
    result = captures.crawl(server, data, STRIKES, recheck_all=False)
    assert result.returncode == 0, result.stderr
    yield server, data
    server.stop()


def test_recheck_all_asks_an_incremental_source_for_every_known_document(strikes):
    server, data = strikes
    victim = a_release(server, data)
    assert linked_from_listing(server, victim)
    server.take_down(victim)
    assert not linked_from_listing(server, victim)
    result = captures.crawl(server, data, STRIKES, recheck_all=True)
    assert result.returncode == 0, result.stderr
    assert_removed_with_404_evidence(data, victim)
    # every other known document was asked for again, and is still there
    known = query(data, "SELECT COUNT(*) FROM documents WHERE source = ?", [STRIKES])[0][0]
    assert query(data, "SELECT COUNT(*) FROM documents WHERE source = ? AND status = 'live'",
                 [STRIKES])[0][0] == known - 1


def test_recheck_all_in_a_distributed_crawl_sees_the_takedown(strikes, tmp_path):
    server, data = strikes
    victim = a_release(server, data)
    server.take_down(victim)
    with RedisServer(tmp_path / "redis") as redis:
        worker = civcas_popen("worker", "--redis", redis.url, "--data-dir", str(data),
                              "--wait", "200", log=tmp_path / "worker.out")
        coordinator = civcas_popen(
            "crawl", STRIKES, "--delay", "0", "--recheck", "all", "--data-dir", str(data),
            "--redis", redis.url, *server.mirror_args(), log=tmp_path / "coordinator.out")
        assert wait_all([coordinator, worker], 240,
                        [tmp_path / "coordinator.out", tmp_path / "worker.out"]) == [0, 0]
    assert_removed_with_404_evidence(data, victim)


# -- a link that vanishes from its listing -----------------------------------------------

SNHR = "snhr"  # listing pages with pagination, reports published in 2016-2019
SNHR_LISTING = "https://snhr.org/blog/category/reports/"


def snhr_crawl(server: ReplicaServer, data: Path, config: Path | None = None) -> None:
    result = captures.crawl(server, data, SNHR, recheck_all=False, config=config)
    assert result.returncode == 0, result.stderr
    # A crawl that asked again for a vanished link's document went idle once more; that
    # second idle once raised in a signal handler (logged, the crawl went on).
    assert "Error caught on signal handler" not in result.stderr, result.stderr[-3000:]


def asked_for(server: ReplicaServer, url: str, since: int) -> int:
    path = "/" + url.split("://", 1)[1].rstrip("/")
    return sum(1 for _, p, _ in server.requests[since:]
               if unquote(p.split("?")[0]).rstrip("/") == path)


@pytest.fixture()
def snhr(tmp_path):
    server = ReplicaServer(round=1).start()
    data = tmp_path / "data"
    snhr_crawl(server, data)
    stored = query(data, "SELECT url FROM documents WHERE source = ? ORDER BY url", [SNHR])
    on_listing = [url for (url,) in stored
                  if unquote(urlsplit(url).path) in unquote(
                      urllib.request.urlopen(server.url(SNHR_LISTING)).read().decode())]
    assert len(on_listing) >= 2
    yield server, data, on_listing
    server.stop()


def test_a_document_whose_link_vanished_is_asked_for_in_the_same_crawl(snhr):
    server, data, (victim, survivor) = snhr[0], snhr[1], snhr[2][:2]
    server.take_down(victim)
    start = len(server.requests)
    snhr_crawl(server, data)  # seconds later: under the cadence, nothing is due
    assert asked_for(server, victim, start) == 1
    assert asked_for(server, survivor, start) == 0  # still linked: left alone
    assert_removed_with_404_evidence(data, victim)
    # the next crawl neither asks for it again nor reports it twice
    start = len(server.requests)
    snhr_crawl(server, data)
    assert asked_for(server, victim, start) == 0
    assert len(removal(data, victim)) == 1


def test_only_the_document_whose_link_vanished_is_asked_for(snhr):
    server, data, docs = snhr
    victim = docs[0]
    server.take_down(victim)
    start = len(server.requests)
    snhr_crawl(server, data)
    asked = {path.rstrip("/") for _, path, _ in server.requests[start:] if "/blog/20" in path}
    assert asked == {"/snhr.org" + urlsplit(victim).path.rstrip("/")}


def test_rechecking_vanished_links_can_be_turned_off(snhr, tmp_path):
    server, data, docs = snhr
    config = tmp_path / "civcas.toml"
    config.write_text("[recheck]\nunlinked = false\n")
    server.take_down(docs[0])
    start = len(server.requests)
    snhr_crawl(server, data, config)
    assert asked_for(server, docs[0], start) == 0
    assert removal(data, docs[0]) == []
