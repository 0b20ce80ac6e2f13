"""Real crawls of the replica world in subprocesses, read back from SQLite and the WARCs."""

from __future__ import annotations


import pytest

from archive.reader import read_record, rehash
from archive.urls import canonical_url
from crawler.config import load_config
from crawler.replicas import world
from support.replicas import ReplicaServer
from support.commands import civcas, crawl_all, query
from support import faults

BUNDLED = sorted(load_config().sources)


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """One data folder crawled in round 1 and again in round 2; the round-1 state is
    snapshotted in between so tests can compare."""
    data = tmp_path_factory.mktemp("rounds")
    with ReplicaServer(round=1) as server:
        first = crawl_all(server, data)
        counts_after_1 = {
            t: query(data, f"SELECT COUNT(*) FROM {t}")[0][0]
            for t in ("captures", "documents", "versions", "document_changes")
        }
        last_run_1 = query(data, "SELECT MAX(id) FROM crawl_runs")[0][0]
        server.set_round(2)
        second = crawl_all(server, data)
        requested = [path for _, path, _ in server.requests]
    return {
        "data": data, "first": first, "second": second, "after_1": counts_after_1,
        "last_run_1": last_run_1, "requested": requested,
    }


def test_no_request_leaves_for_anything_but_the_replicas(two_rounds):
    logs = "".join(p.read_text() for p in (two_rounds["data"] / "logs").glob("*.log"))
    assert "Public Suffix List" not in logs  # tldextract kept offline
    assert "Cookie" not in two_rounds["first"].stderr


def test_round_one_fills_the_store(two_rounds):
    data, first = two_rounds["data"], two_rounds["first"]
    assert first.returncode == 0, first.stderr
    runs = query(data, "SELECT source, status FROM crawl_runs WHERE id <= ?", [two_rounds["last_run_1"]])
    assert sorted(s for s, _ in runs) == BUNDLED
    assert {st for _, st in runs} == {"ok"}, runs
    # every bundled source yields documents, each with exactly one version in round 1
    per_source = dict(query(data, "SELECT source, COUNT(*) FROM documents GROUP BY source"))
    assert sorted(per_source) == BUNDLED
    assert two_rounds["after_1"]["versions"] == two_rounds["after_1"]["documents"]
    assert two_rounds["after_1"]["document_changes"] == 0
    # the summary table names every source
    for name in BUNDLED:
        assert name in first.stdout


def test_every_version_reaches_its_warc_record(two_rounds):
    data = two_rounds["data"]
    rows = query(
        data,
        """SELECT c.warc_file, c.warc_offset, c.warc_length, c.warc_record_id, c.payload_digest,
                  c.record_type, c.url, c.fetched_url
           FROM versions v JOIN captures c ON c.id = v.capture_id""",
    )
    assert rows
    for warc_file, offset, length, record_id, digest, rtype, url, fetched in rows:
        record = read_record(data / "warcs", warc_file, offset, length)
        assert record.record_id == record_id
        assert record.record_type == rtype
        assert record.target_uri == fetched  # what was really fetched, on the replica
        # a browser-rendered page's version points at its DOM (urn:dom:<fetched URL>)
        assert fetched.removeprefix("urn:dom:").startswith("http://127.0.0.1:")
        assert url.startswith("https://")
        if rtype in ("response", "resource"):
            assert rehash(record).payload == digest


def test_a_sorted_cdxj_index_beside_every_warc(two_rounds):
    data = two_rounds["data"]
    warcs = sorted(p.name for p in (data / "warcs").glob("*.warc.gz"))
    indexes = sorted(p.name for p in (data / "indexes").glob("*.cdxj"))
    assert indexes == [f"{w}.cdxj" for w in warcs]
    for index in (data / "indexes").glob("*.cdxj"):
        lines = index.read_bytes().splitlines()
        assert lines == sorted(lines)
        assert all(b' {"url": ' in line or b' {"' in line for line in lines)


def test_documents_are_canonical_and_unique(two_rounds):
    urls = [u for (u,) in query(two_rounds["data"], "SELECT url FROM documents")]
    assert len(urls) == len(set(urls))
    assert all(canonical_url(u) == u for u in urls)
    # the PDF listed twice (and with ?ver= cache-busters) is one document
    pdfs = [u for u in urls if u.endswith(".pdf")]
    assert pdfs and not any("ver=" in u for u in pdfs)


def test_pdf_and_arabic_documents_have_text(two_rounds):
    data = two_rounds["data"]
    pdf_texts = query(data, "SELECT v.text FROM versions v JOIN documents d ON d.id = v.document_id"
                            " WHERE d.url LIKE '%.pdf'")
    assert pdf_texts and all(len(t) > 100 for (t,) in pdf_texts)
    arabic = query(data, "SELECT d.url, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id"
                         " WHERE d.language = 'ar'")
    assert arabic
    assert any("دير الزور" in text for _, text in arabic)
    hits = query(data, "SELECT COUNT(*) FROM versions_fts WHERE versions_fts MATCH 'هجين'")[0][0]
    assert hits >= 1


def test_robots_txt_is_obeyed(two_rounds):
    requested = two_rounds["requested"]
    forbidden = [u for urls in world.disallowed().values() for u in urls]
    assert forbidden
    for url in forbidden:
        path = url.split("://", 1)[1]  # host/path as the replica server sees it
        assert not any(p.split("?")[0].lstrip("/") == path.split("?")[0] for p in requested), url
    assert any(p.endswith("/robots.txt") for p in requested)


def test_requests_identify_civcas_with_a_contact_url(tmp_path):
    config = tmp_path / "ua.toml"
    config.write_text('[crawl]\nuser_agent = "civcas-test/1"\ncontact_url = "mailto:archive@example.org"\n')
    with ReplicaServer() as server:
        mirror = f"--mirror=https://snhr.org={server.mirrors()['https://snhr.org']}"
        result = civcas("crawl", "snhr", "--config", str(config), "--delay", "0",
                        "--data-dir", str(tmp_path / "d"), mirror)
        agents = {h.get("User-Agent") for _, _, h in server.requests}
    assert result.returncode == 0, result.stderr
    assert agents == {"civcas-test/1 (+mailto:archive@example.org)"}


def test_round_two_finds_exactly_the_changes(two_rounds):
    data, second = two_rounds["data"], two_rounds["second"]
    assert second.returncode == 0, second.stderr
    expected = world.ROUND_CHANGES[2]
    changes = query(
        data,
        "SELECT c.kind, d.url, c.diff FROM document_changes c JOIN documents d ON d.id = c.document_id",
    )
    kinds = sorted((k, u) for k, u, _ in changes)
    assert kinds == sorted(
        [("edited", canonical_url(u)) for u in expected["edited"]]
        + [("removed", canonical_url(u)) for u in expected["removed"]]
    )
    civcas_url = canonical_url(expected["edited"][0])
    edited_diff = next(d for k, u, d in changes if k == "edited" and u == civcas_url)
    assert "-casualties. Twelve of these reports were assessed to be non-credible" in edited_diff
    assert "+casualties. Eleven of these reports were assessed to be non-credible" in edited_diff
    assert "three civilians" in edited_diff
    removed = query(data, "SELECT status FROM documents WHERE url = ?", [canonical_url(expected["removed"][0])])
    assert removed == [("gone",)]
    added = query(
        data, "SELECT COUNT(*) FROM versions v JOIN documents d ON d.id = v.document_id WHERE d.url = ?",
        [canonical_url(expected["added"][0])],
    )
    assert added == [(1,)]
    # one new version per edit and per new document, nothing else
    versions = query(data, "SELECT COUNT(*) FROM versions")[0][0]
    assert versions == two_rounds["after_1"]["versions"] + len(expected["edited"]) + len(expected["added"])


def test_round_two_dedups_unchanged_payloads(two_rounds):
    data = two_rounds["data"]
    last_1 = two_rounds["last_run_1"]
    by_type = dict(query(
        data, "SELECT record_type, COUNT(*) FROM captures WHERE run_id > ? GROUP BY record_type", [last_1]
    ))
    assert by_type.get("revisit", 0) > 5 * by_type.get("response", 0)
    # every revisit points at an original response with the same payload
    bad = query(
        data,
        """SELECT r.id FROM captures r LEFT JOIN captures o ON o.id = r.revisit_of
           WHERE r.record_type = 'revisit' AND (o.record_type IS NOT 'response'
                 OR o.payload_digest IS NOT r.payload_digest)""",
    )
    assert bad == []


FAULT_CONFIG = """
[crawl]
timeout = 3
[sources.faults]
kind = "news_article"
start_urls = ["https://faults.civcas.test/"]
allowed_domains = ["faults.civcas.test"]
documents = ['.']
schedule = "0 0 * * *"
"""
# What each fault route must leave in fetch_errors.
FAULT_KINDS = {
    "http_500": "http_500",
    "slow": "timeout",
    "redirect_loop": "redirect_loop",
    "truncated": "truncated",
    "wrong_charset": "charset",
    "binary": "binary",
    "broken_pdf": "pdf",
    "bad_gzip": "bad_encoding",
    "redirect_offsite": "refused",
}


@pytest.mark.battery
def test_bad_input_becomes_error_rows_and_the_crawl_goes_on(tmp_path):
    config = tmp_path / "faults.toml"
    config.write_text(FAULT_CONFIG)
    data = tmp_path / "data"
    with faults.fault_server() as server:
        mirror = f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"
        result = civcas("crawl", "faults", "--config", str(config), "--delay", "0",
                        "--data-dir", str(data), mirror)
    assert result.returncode == 0, result.stderr  # partial, not failed
    errors = {u.split(faults.HOST, 1)[1]: k for u, k in query(data, "SELECT url, kind FROM fetch_errors")}
    for path, fault in faults.FAULTS.items():
        assert errors.get(path) == FAULT_KINDS[fault], (path, errors)
        # one log line per bad page, naming its URL
        assert f"{faults.ORIGIN}{path}" in result.stderr
    # the good pages were stored, and the charset page too (recovered, with its error row)
    docs = {u.split(faults.HOST, 1)[1] for (u,) in query(data, "SELECT url FROM documents")}
    assert {"/good/coalition-strike-summary", "/good/monitor-report", "/wrong-charset"} <= docs
    assert query(data, "SELECT status FROM crawl_runs") == [("partial",)]
    # the truncated body was archived (as a response, not thrown away)
    assert query(data, "SELECT COUNT(*) FROM captures WHERE url LIKE '%/truncated'")[0][0] >= 1


@pytest.mark.battery
def test_unreachable_source_fails_with_exit_1(tmp_path):
    # a mirror to a closed port: nothing can be fetched
    result = civcas(
        "crawl", "snhr", "--delay", "0", "--data-dir", str(tmp_path),
        "--mirror", "https://snhr.org=http://127.0.0.1:9",
    )
    assert result.returncode == 1
    assert "failed" in result.stdout
    assert query(tmp_path, "SELECT status FROM crawl_runs") == [("failed",)]
    assert query(tmp_path, "SELECT COUNT(*) FROM fetch_errors")[0][0] >= 1


def test_max_pages_stops_a_source(tmp_path):
    with ReplicaServer() as server:
        result = crawl_all(server, tmp_path, "--max-pages", "3")
    assert result.returncode == 0, result.stderr
    rows = query(
        tmp_path,
        """SELECT r.source, COUNT(c.id) FROM crawl_runs r JOIN captures c ON c.run_id = r.id
           WHERE c.url NOT LIKE '%/robots.txt' AND c.render = 'http'
           GROUP BY r.source""",
    )
    assert len(rows) == len(BUNDLED)
    for source, responses in rows:  # pages the crawl fetched (not what a browser loaded)
        assert 1 <= responses <= 3, source
    assert sum(n == 3 for _, n in rows) >= 8, rows  # the small sites have fewer pages than that
