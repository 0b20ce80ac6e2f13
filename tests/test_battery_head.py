"""A response head over the HTTP client's cap (256 KB) through one real crawl of the
replica's /hostile/huge-head: the request fails, yet the bytes received up to the cap are
archived (a `response` record marked `WARC-Truncated: length`, with its capture row), the
failure is a `head_too_large` error row and one log line, the crawl goes on, and the
archive verifies clean."""

from __future__ import annotations

import pytest
from support.battery import (CIVCAS, env_for, every_capture_reads_back, rows, run_measured,
                             verify, warcio_reads_every_record, warcio_record)

from warcio.archiveiterator import ArchiveIterator

from crawler.runtime.wire import MAX_HEAD_BYTES
from support import faults, hostile

pytestmark = pytest.mark.battery

NEXT = hostile.NORMAL + "/1"  # fetched after the huge head: the crawl goes on
CONFIG = f"""
[crawl]
timeout = 5
[sources.hostile-head]
kind = "news_article"
start_urls = ["{faults.ORIGIN}{hostile.HUGE_HEAD}", "{faults.ORIGIN}{NEXT}",
              "{faults.ORIGIN}{hostile.MANY_HEADERS}"]
allowed_domains = ["{faults.HOST}"]
documents = ['.']
schedule = "0 0 * * *"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-head")
    config = root / "hostile.toml"
    config.write_text(CONFIG)
    data = root / "data"
    with faults.fault_server() as server:
        mirror = f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"
        done, _ = run_measured([CIVCAS, "crawl", "hostile-head", "--config", str(config),
                                "--delay", "0", "--data-dir", str(data), mirror], env_for(root))
    return {"root": root, "data": data, "done": done}


def test_a_head_over_the_cap_is_archived_truncated_with_a_capture_row(crawled):
    # Before: Twisted's parser dropped the connection and nothing of it was archived.
    data = crawled["data"]
    assert crawled["done"].returncode == 0, crawled["done"].stderr[-3000:]
    [(status, name, offset, rtype)] = rows(
        data, "SELECT status, warc_file, warc_offset, record_type FROM captures WHERE url = ?",
        [faults.ORIGIN + hostile.HUGE_HEAD])
    assert (status, rtype) == (200, "response")
    record, payload = warcio_record(data, name, offset)
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert record.http_headers.get_statuscode() == "200"
    padding = record.http_headers.get_header("X-Civcas-Padding")
    assert padding and set(padding) == {"p"}
    assert payload == b""  # the body never came through: only the head, cut at the cap
    with open(data / "warcs" / name, "rb") as fh:  # the block: the bytes as received
        fh.seek(offset)
        block = next(iter(ArchiveIterator(fh, no_record_parse=True))).raw_stream.read()
    assert len(block) == MAX_HEAD_BYTES
    assert block.split(b"\r\n", 1)[0] in (b"HTTP/1.0 200 OK", b"HTTP/1.1 200 OK")
    assert block.endswith(b"p" * 1000) and b"\r\n\r\n" not in block


def test_a_head_over_the_cap_is_an_error_row_and_one_log_line(crawled):
    data = crawled["data"]
    url = faults.ORIGIN + hostile.HUGE_HEAD
    errors = dict(rows(data, "SELECT kind, message FROM fetch_errors WHERE url = ?", [url]))
    assert set(errors) == {"head_too_large"}
    assert f"first {MAX_HEAD_BYTES} bytes are archived" in errors["head_too_large"]
    assert sum(url in line for line in crawled["done"].stderr.splitlines()) == 1


def test_the_crawl_goes_on_after_a_head_over_the_cap(crawled):
    data = crawled["data"]
    stored = rows(data, "SELECT d.url FROM documents d WHERE d.current_version_id IS NOT NULL")
    assert (faults.ORIGIN + NEXT,) in stored


def test_a_head_over_the_cap_in_many_short_lines_is_read_and_archived(crawled):
    # No line is over the cap, so the client reads the head; the record's head is then
    # rebuilt from the parsed response (the wire copy stops at the cap), headers all kept.
    data = crawled["data"]
    url = faults.ORIGIN + hostile.MANY_HEADERS
    [(status, name, offset)] = rows(
        data, "SELECT status, warc_file, warc_offset FROM captures WHERE url = ?", [url])
    record, payload = warcio_record(data, name, offset)
    assert status == 200 and record.rec_headers.get_header("WARC-Truncated") is None
    padding = [v for k, v in record.http_headers.headers if k.lower().startswith("x-civcas-padding")]
    assert len(padding) == hostile.MANY_HEADERS_COUNT
    assert b"Many headers" in payload
    assert rows(data, "SELECT kind FROM fetch_errors WHERE url = ?", [url]) == []


def test_everything_archived_reads_back_and_verifies(crawled):
    data, root = crawled["data"], crawled["root"]
    assert warcio_reads_every_record(data) >= 4
    assert every_capture_reads_back(data) >= 2
    done = verify(data, root)
    assert done.returncode == 0, done.stdout
    assert "FAIL" not in done.stdout
