"""Hostile responses through one real crawl of the replica's /hostile/ routes: slow drips,
a body longer than declared, a reset mid-body, a gzip bomb, a body over the size limit,
429 with Retry-After, hostile XML feeds, invalid UTF-8. Each leaves what it must in the
WARCs and the store, nothing archived is lost, and the archive verifies clean."""

from __future__ import annotations

import gzip
import hashlib
import zlib

import brotli

import pytest
from support.battery import (CIVCAS, env_for, every_capture_reads_back, rows, run_measured,
                             verify, warcio_reads_every_record, warcio_record)
from support.net import CountingListener

from warcio.archiveiterator import ArchiveIterator

from archive.decoding import ACCEPT_ENCODING, decode_body, zstd
from support import faults, hostile

pytestmark = pytest.mark.battery

LIMIT = 1024 * 1024  # max_body_bytes of this crawl
ENCODERS = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
            "zstd": zstd.compress}
FEEDS = [p for p, k in hostile.ROUTES.items() if k.startswith("xml_")]
CONFIG = f"""
[crawl]
timeout = 3
max_body_bytes = {LIMIT}
max_retry_after = 5
[sources.hostile]
kind = "news_article"
start_urls = ["{faults.ORIGIN}/hostile/", "{faults.ORIGIN}{hostile.LONG_HEADER}"]
allowed_domains = ["{faults.HOST}"]
documents = ['.']
schedule = "0 0 * * *"
# The same feeds read by the news spider (defusedxml) rather than as pages.
[sources.hostile-news]
kind = "news_article"
spider = "news"
start_urls = {[faults.ORIGIN + p for p in FEEDS]!r}
allowed_domains = ["{faults.HOST}"]
documents = ['^/nothing-else$']
schedule = "0 0 * * *"
"""


BOMBS = {"/hostile/deflate-bomb": hostile.deflate_bomb, "/hostile/br-bomb": hostile.br_bomb,
         "/hostile/zstd-bomb": hostile.zstd_bomb, "/hostile/stacked-bomb": hostile.stacked_bomb}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    config = root / "hostile.toml"
    config.write_text(CONFIG)
    data = root / "data"
    for make in (hostile.gzip_bomb, *BOMBS.values()):
        make()  # built before the crawl: building one takes longer than its 3 s timeout
    listener = CountingListener()
    try:
        with faults.fault_server() as server:
            faults.fault_state(server).entity_url = f"http://127.0.0.1:{listener.port}/leak"
            mirror = f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"
            done, peak_mib = run_measured(
                [CIVCAS, "crawl", "hostile", "hostile-news", "--config", str(config), "--delay", "0",
                 "--data-dir", str(data), mirror], env_for(root))
            hits = list(faults.fault_state(server).rate_hits)
    finally:
        listener.close()
    return {"root": root, "data": data, "done": done, "peak_mib": peak_mib, "hits": hits,
            "connections": listener.accepted}


def _errors(data, path: str) -> dict[str, str]:
    return {k: m for k, m in rows(data, "SELECT kind, message FROM fetch_errors WHERE url = ?",
                                  [faults.ORIGIN + path])}


def _captures(data, path: str) -> list[tuple]:
    return rows(data, "SELECT status, warc_file, warc_offset, record_type FROM captures "
                      "WHERE url = ? ORDER BY id", [faults.ORIGIN + path])


def _stored_text(data, path: str) -> str | None:
    found = rows(data, "SELECT v.text FROM documents d JOIN versions v ON v.id = d.current_version_id "
                       "WHERE d.url = ?", [faults.ORIGIN + path])
    return found[0][0] if found else None


def test_the_crawl_goes_on_and_is_partial(crawled):
    done, data = crawled["done"], crawled["data"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(rows(data, "SELECT source, status FROM crawl_runs")) == [
        ("hostile", "partial"), ("hostile-news", "partial")]


def test_a_slow_drip_under_the_timeout_completes(crawled):
    data = crawled["data"]
    assert _errors(data, "/hostile/drip-fast") == {}
    assert "Slow drip" in (_stored_text(data, "/hostile/drip-fast") or "")


def test_a_drip_longer_than_the_timeout_is_a_timeout_row(crawled):
    data = crawled["data"]
    assert "timeout" in _errors(data, "/hostile/drip-slow")
    assert f"{faults.ORIGIN}/hostile/drip-slow" in crawled["done"].stderr  # one log line
    assert _stored_text(data, "/hostile/drip-slow") is None


def test_a_body_longer_than_its_content_length_is_archived_as_declared(crawled):
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/long-body")
    record, payload = warcio_record(data, name, offset)
    declared = int(record.http_headers.get_header("Content-Length"))
    assert status == 200 and rtype == "response"
    assert len(payload) == declared  # HTTP/1.1 ends the body there; the rest is not a body


def test_a_reset_mid_body_archives_the_part_received_marked_truncated(crawled):
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/reset")
    assert set(_errors(data, "/hostile/reset")) == {"truncated"}
    record, payload = warcio_record(data, name, offset)
    assert record.rec_headers.get_header("WARC-Truncated") == "disconnect"
    assert 0 < len(payload) < int(record.http_headers.get_header("Content-Length"))
    assert _stored_text(data, "/hostile/reset") is None


def test_a_gzip_bomb_is_archived_compressed_and_never_inflated(crawled):
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/gzip-bomb")
    record, payload = warcio_record(data, name, offset)
    assert payload == hostile.gzip_bomb()  # the raw bytes as received
    assert "too_large" in _errors(data, "/hostile/gzip-bomb")
    assert _stored_text(data, "/hostile/gzip-bomb") is None
    # 256 MiB of zeros were never held: the crawl's peak memory stays far below it.
    assert crawled["peak_mib"] < 200, crawled["peak_mib"]


@pytest.mark.parametrize("path", sorted(BOMBS))
def test_a_bomb_of_every_coding_is_archived_and_never_inflated(crawled, path):
    # Before: archive/decoding.py inflated brotli with no limit (1 GiB in this crawl),
    # and could not read zstd at all.
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, path)
    record, payload = warcio_record(data, name, offset)
    assert payload == BOMBS[path]()  # the raw bytes as received
    assert "too_large" in _errors(data, path)
    assert _stored_text(data, path) is None
    assert crawled["peak_mib"] < 200, crawled["peak_mib"]


def test_a_page_in_zstd_is_asked_for_decoded_and_stored(crawled):
    # Before: requests advertised zstd and the capture check could not read it, so the
    # page became a bad_encoding row and no document.
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/zstd-page")
    record, _ = warcio_record(data, name, offset)
    assert record.http_headers.get_header("Content-Encoding") == "zstd"
    assert _errors(data, "/hostile/zstd-page") == {}
    assert "Compressed with zstd" in (_stored_text(data, "/hostile/zstd-page") or "")


def test_every_coding_requested_is_one_the_decoder_reads(crawled):
    data = crawled["data"]
    asked = set()
    for path in sorted((data / "warcs").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    asked.add(record.http_headers.get_header("Accept-Encoding"))
    assert asked == {ACCEPT_ENCODING}
    page = b"<p>" + "قصف".encode() * 200 + b"</p>"
    for coding in ACCEPT_ENCODING.split(", "):
        decoded = decode_body(ENCODERS[coding](page), [("Content-Encoding", coding)])
        assert decoded.complete and decoded.data == page, coding


def test_an_unknown_coding_is_archived_as_received_and_an_error(crawled):
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/unknown-coding")
    record, payload = warcio_record(data, name, offset)
    assert b"Unknown coding" in payload  # kept byte for byte
    errors = _errors(data, "/hostile/unknown-coding")
    assert "x-civcas" in errors["bad_encoding"]
    assert _stored_text(data, "/hostile/unknown-coding") is None


def test_a_header_line_over_16_kb_is_archived_whole(crawled):
    # Before: Twisted dropped the response (a line over 16 KB) and nothing was archived.
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, hostile.LONG_HEADER)
    record, _ = warcio_record(data, name, offset)
    assert record.http_headers.get_header("X-Civcas-Padding") == "p" * hostile.LONG_HEADER_BYTES
    assert _errors(data, hostile.LONG_HEADER) == {}
    assert "Long header line" in (_stored_text(data, hostile.LONG_HEADER) or "")


def test_a_body_over_the_size_limit_is_archived_truncated_and_marked(crawled):
    data = crawled["data"]
    [(status, name, offset, rtype)] = _captures(data, "/hostile/too-large")
    record, payload = warcio_record(data, name, offset)
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert len(payload) == LIMIT
    assert int(record.http_headers.get_header("Content-Length")) > LIMIT
    assert payload.startswith(b"<!DOCTYPE html>") and b"Very long page" in payload
    errors = _errors(data, "/hostile/too-large")
    assert "too_large" in errors and f"first {LIMIT} bytes" in errors["too_large"]
    assert _stored_text(data, "/hostile/too-large") is None


def test_retry_after_is_honoured_then_the_page_is_fetched(crawled):
    data = crawled["data"]
    hits = [(t, s) for p, t, s in crawled["hits"] if p == "/hostile/rate-limited"]
    assert [s for _, s in hits] == [429, 200]
    assert hits[1][0] - hits[0][0] >= hostile.RETRY_AFTER  # it waited as asked
    assert [c[0] for c in _captures(data, "/hostile/rate-limited")] == [429, 200]  # both archived
    errors = _errors(data, "/hostile/rate-limited")
    assert set(errors) == {"retry_after"} and "waited 1 s" in errors["retry_after"]
    assert "Rate-limited page" in (_stored_text(data, "/hostile/rate-limited") or "")


def test_a_retry_after_over_the_cap_is_not_retried(crawled):
    data = crawled["data"]
    hits = [s for p, _, s in crawled["hits"] if p == "/hostile/rate-limited-long"]
    assert hits == [429]  # no hammering: one request, not retried at once
    errors = _errors(data, "/hostile/rate-limited-long")
    assert "over the 5 s cap" in errors["retry_after"]
    assert "http_429" in errors


def test_invalid_utf8_is_read_as_utf8_with_a_warning(crawled):
    data = crawled["data"]
    text = _stored_text(data, "/hostile/invalid-utf8") or ""
    assert "هجين" in text and "\ufffd" in text  # the Arabic intact, the bad bytes replaced
    assert "not valid utf-8" in _errors(data, "/hostile/invalid-utf8").get("charset", "")


def test_hostile_feeds_expand_and_fetch_nothing(crawled):
    data = crawled["data"]
    assert crawled["connections"] == 0  # the external entity's URL was never fetched
    for path in FEEDS:
        # The news spider refuses each feed with a `feed` row ...
        news = rows(data, "SELECT e.kind FROM fetch_errors e JOIN crawl_runs r ON r.id = e.run_id "
                          "WHERE r.source = 'hostile-news' AND e.url = ?", [faults.ORIGIN + path])
        assert ("feed",) in news, path
        # ... and both spiders archived it as received.
        assert len(_captures(data, path)) == 2
    everything = "\n".join(t or "" for (t,) in rows(data, "SELECT text FROM versions"))
    everything += "\n".join(m for (m,) in rows(data, "SELECT message FROM fetch_errors"))
    assert "root:x:0:0" not in everything  # /etc/passwd never read into the store
    assert "lollollol" not in everything  # no entity expanded
    # the articles the feeds name are not requested through the news spider (refused
    # feeds give no entries); the site spider reads links without expanding entities
    assert crawled["peak_mib"] < 200


def test_everything_archived_reads_back_and_verifies(crawled):
    data, root = crawled["data"], crawled["root"]
    assert warcio_reads_every_record(data) > 20
    assert every_capture_reads_back(data) > 10
    done = verify(data, root)
    assert done.returncode == 0, done.stdout
    assert "FAIL" not in done.stdout


def test_gzip_bomb_is_what_it_claims():
    # The route really is a bomb: ~260 KB that inflate to 256 MiB of zeros.
    bomb = hostile.gzip_bomb()
    assert len(bomb) < 300_000
    assert hashlib.sha256(gzip.decompress(bomb)).digest() == hashlib.sha256(bytes(hostile.BOMB_BYTES)).digest()
