"""Takedowns over real crawls of the replicas: a document deleted on the site and dropped
from the listing that carried it is recorded `removed`, with its 404 capture as evidence,
by `--recheck all` (incremental sources included, one process or distributed) and by the
next plain crawl, since its link vanished."""

from __future__ import annotations

import sqlite3
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import capture_support
import pytest
from distributed_support import RedisServer, civcas_popen, wait_all

from crawler.replicas.server import ReplicaServer

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
                                       WHERE url = d.url OR url LIKE d.url || '?%')
        WHERE d.url = ?""", [url])


def assert_removed_with_404_evidence(data: Path, url: str) -> None:
    ((kind, status, capture_status, fetched_at, detected_at),) = removal(data, url)
    assert (kind, status, capture_status) == ("removed", "gone", 404)
    assert detected_at == fetched_at[:19] + "Z"  # dated by the 404 capture


@pytest.fixture()
def strikes(tmp_path):
    server = ReplicaServer(round=1).start()
    data = tmp_path / "data"
    result = capture_support.crawl(server, data, STRIKES, recheck_all=False)
    assert result.returncode == 0, result.stderr
    yield server, data
    server.stop()


def test_recheck_all_asks_an_incremental_source_for_every_known_document(strikes):
    server, data = strikes
    victim = a_release(server, data)
    assert linked_from_listing(server, victim)
    server.take_down(victim)
    assert not linked_from_listing(server, victim)
    result = capture_support.crawl(server, data, STRIKES, recheck_all=True)
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
