"""Conditional requests: a second crawl of an unchanged replica asks If-None-Match /
If-Modified-Since with the archived validators, and each 304 is archived as a
server-not-modified revisit of the response it revalidated; the documents stay as they
were (seen, not changed, not removed) and `civcas verify` stays clean."""

from __future__ import annotations

import pytest
from support.captures import crawl, rows, verify, warcio_check, warcio_records

from support.replicas import ReplicaServer

# snhr is served gzip-encoded; sohr-en sends two Set-Cookie headers and redirects.
SOURCES = ("snhr", "sohr-en")
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    data = tmp_path_factory.mktemp("conditional") / "data"
    with ReplicaServer(round=1) as server:
        first = crawl(server, data, *SOURCES)
        requests_1 = len(server.requests)
        docs_1 = {r["url"]: dict(r) for r in rows(data, "SELECT * FROM documents")}
        versions_1 = rows(data, "SELECT COUNT(*) FROM versions")[0][0]
        last_run_1 = rows(data, "SELECT MAX(id) FROM crawl_runs")[0][0]
        second = crawl(server, data, *SOURCES)
        second_requests = server.requests[requests_1:]
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    return {"data": data, "docs_1": docs_1, "versions_1": versions_1, "last_run_1": last_run_1,
            "second_requests": second_requests}


def test_second_crawl_sends_the_archived_validators(twice):
    data = twice["data"]
    # What run 1 archived for each replica path: the ETag and Last-Modified it was given.
    archived = {}
    records = warcio_records(data)
    for cap in rows(data, "SELECT * FROM captures WHERE run_id <= ? AND record_type = 'response'"
                          " AND status = 200", [twice["last_run_1"]]):
        http = {k.lower(): v for k, v in records[cap["warc_record_id"]]["http"].items()}
        archived[cap["fetched_url"].split("/", 3)[3]] = (http["etag"], http["last-modified"])
    assert len(archived) >= 8
    conditional = 0
    for _method, path, headers in twice["second_requests"]:
        key = path.lstrip("/")
        if key in archived:
            etag, modified = archived[key]
            assert headers.get("If-None-Match") == etag, path
            assert headers.get("If-Modified-Since") == modified, path
            conditional += 1
        else:  # never answered 200 before (a redirect): nothing to revalidate
            assert "If-None-Match" not in headers and "If-Modified-Since" not in headers, path
    assert conditional == len(archived)


def test_304_answers_are_server_not_modified_revisits(twice):
    data = twice["data"]
    second = rows(data, "SELECT * FROM captures WHERE run_id > ?", [twice["last_run_1"]])
    by_id = {r["id"]: r for r in rows(data, "SELECT * FROM captures")}
    records = warcio_records(data)
    not_modified = [c for c in second if c["status"] == 304]
    assert len(not_modified) >= 8
    assert not [c for c in second if c["status"] == 200]  # nothing came back in full
    for cap in not_modified:
        assert cap["record_type"] == "revisit"
        original = by_id[cap["revisit_of"]]
        # the revisit points at the response of the same URL whose validators were sent
        assert original["record_type"] == "response" and original["status"] == 200
        assert original["url"] == cap["url"] and original["run_id"] <= twice["last_run_1"]
        assert cap["payload_digest"] == original["payload_digest"]
        rec = records[cap["warc_record_id"]]
        assert rec["type"] == "revisit" and rec["status"] == "304"
        assert rec["warc"]["WARC-Profile"] == NOT_MODIFIED
        assert rec["warc"]["WARC-Refers-To-Target-URI"] == original["fetched_url"]
        assert rec["warc"]["WARC-Refers-To-Date"] == original["fetched_at"]
        assert rec["warc"]["WARC-Refers-To"] == original["warc_record_id"]
        assert rec["payload"] == b""  # headers only
        # the request record archived with it carries the conditional headers
        request = records[rec["warc"]["WARC-Concurrent-To"]]
        assert request["type"] == "request" and "If-None-Match" in request["http"]


def test_a_304_leaves_documents_seen_and_unchanged(twice):
    data = twice["data"]
    assert rows(data, "SELECT COUNT(*) FROM versions")[0][0] == twice["versions_1"]
    assert rows(data, "SELECT COUNT(*) FROM document_changes")[0][0] == 0
    assert rows(data, "SELECT COUNT(*) FROM fetch_errors")[0][0] == 0
    runs = rows(data, "SELECT * FROM crawl_runs WHERE id > ?", [twice["last_run_1"]])
    assert [r["status"] for r in runs] == ["ok"] * len(SOURCES)
    assert all(r["new_documents"] == r["changed_documents"] == 0 for r in runs)
    docs = {r["url"]: r for r in rows(data, "SELECT * FROM documents")}
    assert docs.keys() == twice["docs_1"].keys()
    for url, doc in docs.items():
        before = twice["docs_1"][url]
        assert doc["status"] == "live" and doc["current_version_id"] == before["current_version_id"]
        assert doc["last_seen"] >= before["last_seen"]


def test_verify_and_warcio_stay_clean(twice):
    result = verify(twice["data"])
    assert result.returncode == 0 and "0 problems, 0 warnings" in result.stdout, result.stdout
    check = warcio_check(twice["data"])
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_changed_page_answers_200_and_is_a_new_version(tmp_path):
    """The server decides: round 2 edits a report, its validators no longer match."""
    data = tmp_path / "data"
    with ReplicaServer(round=1) as server:
        assert crawl(server, data, "cjtf-civcas").returncode == 0
        server.set_round(2)
        again = crawl(server, data, "cjtf-civcas")
    assert again.returncode == 0, again.stderr
    kinds = [r["kind"] for r in rows(data, "SELECT kind FROM document_changes")]
    assert kinds == ["edited"]
    statuses = {r["status"] for r in rows(data, "SELECT status FROM captures WHERE run_id = 2")}
    assert {200, 304} <= statuses
    result = verify(data)
    assert result.returncode == 0, result.stdout
