"""Tests for archive.reader, archive.decoding and archive.cdxj."""
from __future__ import annotations

import gzip
import io
import json
import zlib
from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter as WarcioWriter
from warcio.statusandheaders import StatusAndHeaders

from archive.cdxj import cdxj_lines, surt, write_index
from archive.decoding import decode_body
from archive.reader import (TruncatedWarc, WarcFormatError, iter_records, read_record, rehash,
                            verify_warc)
from archive.warc import HttpExchange, WarcWriter

BEGAN = datetime(2024, 5, 6, 7, 8, 10, tzinfo=timezone.utc)


def exchange(url="https://www.example.org/a?b=2&a=1", **kw) -> HttpExchange:
    values = dict(url=url, method="GET", request_headers=[], request_body=b"",
                  protocol="HTTP/1.1", status=200, reason="",
                  response_headers=[("Content-Type", "text/html; charset=utf-8")],
                  body=b"<p>hi</p>", began_at=BEGAN)
    values.update(kw)
    return HttpExchange(**values)


@pytest.fixture
def warc(tmp_path):
    """A file with an exchange, a DOM resource, a revisit and a 304 revisit."""
    with WarcWriter(tmp_path, info={"hostname": "h"}) as w:
        ex = exchange()
        req, resp = w.write_exchange(ex)
        dom = w.write_resource("urn:dom:" + ex.url, "text/html", b"<html>dom</html>",
                               concurrent_to=resp.record_id, began_at=BEGAN)
        _, rev = w.write_revisit(exchange(began_at=datetime(2024, 6, 1, tzinfo=timezone.utc)),
                                 refers_to_uri=ex.url, refers_to_date=resp.warc_date,
                                 refers_to_id=resp.record_id)
        w.write_exchange(exchange(url="http://Example.org:8080/Z", status=404, body=b"no"))
        path = w.current_file
    return path, dict(req=req, resp=resp, dom=dom, rev=rev)


# -- reading ---------------------------------------------------------------------------

def test_iter_records_matches_written(warc):
    path, recs = warc
    got = {rec.record_id: (off, length, rec) for off, length, rec in iter_records(path)}
    for w in recs.values():
        off, length, rec = got[w.record_id]
        assert (off, length) == (w.offset, w.length)
        assert rec.record_type == w.record_type and rec.date == w.warc_date
        assert rehash(rec).block == w.block_digest
        if w.record_type == "request" and not rec.payload:
            # a request without a body has no payload, hence no payload digest
            assert w.payload_digest is None and rec.header("WARC-Payload-Digest") is None
        elif w.record_type != "revisit":
            assert rehash(rec).payload == w.payload_digest
            assert rec.header("WARC-Payload-Digest") == w.payload_digest


def test_read_record_rejects_paths_outside_dir(warc, tmp_path):
    path, recs = warc
    with pytest.raises(ValueError):
        read_record(path.parent, "../" + path.parent.name + "/" + path.name, 0, 10)
    with pytest.raises(WarcFormatError):   # length cutting into the next member
        read_record(path.parent, path.name, recs["resp"].offset, recs["resp"].length - 1)
    with pytest.raises(WarcFormatError):   # length reaching into the next member
        read_record(path.parent, path.name, recs["resp"].offset, recs["resp"].length + 5)


def test_truncated_file_yields_complete_records_and_reports_tail(warc, tmp_path):
    path, recs = warc
    data = path.read_bytes()
    cut_at = recs["rev"].offset + recs["rev"].length // 2    # SIGKILL in mid-write
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:cut_at])
    seen = []
    with pytest.raises(TruncatedWarc) as err:
        for _off, _length, rec in iter_records(cut):
            seen.append(rec.record_id)
    assert err.value.offset == recs["rev"].offset
    complete = [rid for off, _, r in iter_records(path) if off < recs["rev"].offset
                for rid in [r.record_id]]
    assert seen == complete and len(seen) == 5       # warcinfo, req, resp, dom, request
    assert [r.record_id for _, _, r in iter_records(cut, stop_at_truncation=True)] == complete
    problems = verify_warc(cut)
    assert problems == [f"cut.warc.gz: offset {recs['rev'].offset}: truncated gzip member "
                        f"({cut_at - recs['rev'].offset} bytes to end of file)"]
    assert verify_warc(path) == []


def test_verify_detects_tampering(warc, tmp_path):
    path, recs = warc
    data = path.read_bytes()
    resp = recs["resp"]
    raw = zlib.decompress(data[resp.offset:resp.offset + resp.length], 31)
    forged = gzip.compress(raw.replace(b"<p>hi</p>", b"<p>HI</p>"))
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[:resp.offset] + forged + data[resp.offset + resp.length:])
    problems = verify_warc(bad)
    assert len(problems) == 2
    assert all(f"offset {resp.offset}:" in p for p in problems)
    assert any("WARC-Block-Digest mismatch" in p for p in problems)
    assert any("WARC-Payload-Digest mismatch" in p for p in problems)


def test_verify_checks_the_block_digest_of_a_revisit(warc, tmp_path):
    """warcio's check_digests skips revisits; ours checks their block digest (the HTTP
    head they keep is evidence too)."""
    path, recs = warc
    data = path.read_bytes()
    rev = recs["rev"]
    raw = zlib.decompress(data[rev.offset:rev.offset + rev.length], 31)
    assert b"text/html; charset=utf-8" in raw
    forged = gzip.compress(raw.replace(b"charset=utf-8", b"charset=UTF-8"))
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[:rev.offset] + forged + data[rev.offset + rev.length:])
    assert verify_warc(bad) == [f"bad.warc.gz: offset {rev.offset}: WARC-Block-Digest mismatch "
                                f"(revisit {rev.record_id})"]


def test_payload_is_the_stored_bytes_not_dechunked_or_decoded(tmp_path):
    """The parser gets the payload as archived: warcio's content_stream() would undo
    chunking and gzip; the reader keeps them, and decoded_body() removes them."""
    path = tmp_path / "other.warc.gz"
    body = gzip.compress(b"<p>Wikipedia</p>", mtime=0)
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    with open(path, "wb") as fh:
        w = WarcioWriter(fh, gzip=True, warc_version="1.1")
        http = StatusAndHeaders("200 OK", [("Transfer-Encoding", "chunked"),
                                           ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://example.org/", "response",
                                            payload=io.BytesIO(chunked), http_headers=http))
    [(offset, length, rec)] = list(iter_records(path))
    assert rec.payload == chunked and rec.block.endswith(b"\r\n\r\n" + chunked)
    assert rec.status == 200 and rec.http.get_header("content-encoding") == "gzip"
    assert read_record(tmp_path, path.name, offset, length).payload == chunked
    assert rec.decoded_body().data == b"<p>Wikipedia</p>"


def test_verify_reports_garbage_and_missing_warcinfo(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not gzip")
    assert len(verify_warc(junk)) == 1 and "corrupt gzip" in verify_warc(junk)[0]
    odd = tmp_path / "odd.warc.gz"
    odd.write_bytes(gzip.compress(b"WARC/1.1\r\nWARC-Type: resource\r\n"
                                  b"WARC-Record-ID: <urn:x>\r\nWARC-Date: yesterday\r\n"
                                  b"Content-Length: 2\r\n\r\nab\r\n\r\n"))
    problems = verify_warc(odd)
    assert any("bad WARC-Date" in p for p in problems)
    assert any("first record is not warcinfo" in p for p in problems)
    for head, error in ((b"Content-Length: -2", "bad Content-Length"),
                        (b"Content-Length: 2\r\nWARC-Target-URI urn-x", "malformed header")):
        bad = tmp_path / "bad.warc.gz"
        bad.write_bytes(gzip.compress(b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:x>"
                                      b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n" + head
                                      + b"\r\n\r\nab\r\n\r\n"))
        assert any(p.startswith(f"bad.warc.gz: offset 0: bad record: {error}")
                   for p in verify_warc(bad)), verify_warc(bad)


def test_reads_and_verifies_warcio_written_files(tmp_path):
    """Files from other tools (sha1/base32 digests, chunked bodies) are readable too."""
    path = tmp_path / "other.warc.gz"
    chunked = b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"
    with open(path, "wb") as fh:
        w = WarcioWriter(fh, gzip=True, warc_version="1.1")
        http = StatusAndHeaders("200 OK", [("Transfer-Encoding", "chunked")],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://example.org/", "response",
                                            payload=io.BytesIO(chunked), http_headers=http))
    [(_, _, rec)] = list(iter_records(path))
    assert rec.decoded_body().data == b"Wikipedia"
    assert [p for p in verify_warc(path) if "mismatch" in p] == []


# -- decoding --------------------------------------------------------------------------

TEXT = " ".join(f"mot{(i * 7919) % 10007}" for i in range(3000)).encode()


def test_decoded_body_gzip_truncated():
    gz = gzip.compress(TEXT)
    partial = decode_body(gz[:len(gz) // 2], [("Content-Encoding", "gzip")])
    assert not partial.complete and partial.error
    assert partial.data and TEXT.startswith(partial.data)
    full = decode_body(gz, [("content-encoding", "GZIP")])
    assert full.complete and full.data == TEXT


def test_decoded_body_deflate_br_stacked_and_unknown():
    zl, raw = zlib.compress(TEXT), zlib.compress(TEXT)[2:-4]
    assert decode_body(zl, [("Content-Encoding", "deflate")]).data == TEXT
    assert decode_body(raw, [("Content-Encoding", "deflate")]).data == TEXT
    brotli = pytest.importorskip("brotli")
    br = brotli.compress(TEXT)
    assert decode_body(br, [("Content-Encoding", "br")]).data == TEXT
    stacked = decode_body(brotli.compress(gzip.compress(TEXT)),
                          [("Content-Encoding", "gzip"), ("Content-Encoding", "br")])
    assert stacked.complete and stacked.data == TEXT and stacked.encodings == ("gzip", "br")
    unknown = decode_body(b"abc", [("Content-Encoding", "zstd-ish")])
    assert (unknown.data, unknown.complete) == (b"abc", False)
    empty = decode_body(b"", [("Content-Encoding", "gzip")])     # HEAD, 304, revisit
    assert (empty.data, empty.complete) == (b"", True)
    lying = decode_body(b"<html>not gzip", [("Content-Encoding", "gzip")])
    assert (lying.data, lying.complete) == (b"<html>not gzip", False)


# -- revisit and resource records through warcio ----------------------------------------

def test_revisit_and_resource_readable_by_warcio(warc):
    path, recs = warc
    with open(path, "rb") as fh:
        records = {}
        for r in ArchiveIterator(fh, check_digests=True):
            r.content_stream().read()          # digests are checked while reading
            records[r.rec_headers.get_header("WARC-Record-ID")] = r
    rev = records[recs["rev"].record_id]
    assert rev.rec_type == "revisit" and rev.http_headers.get_statuscode() == "200"
    assert rev.rec_headers.get_header("WARC-Refers-To-Target-URI") == \
        "https://www.example.org/a?b=2&a=1"
    dom = records[recs["dom"].record_id]
    assert dom.rec_type == "resource" and dom.digest_checker.passed is not False
    assert dom.rec_headers.get_header("Content-Type") == "text/html"


# -- CDXJ ------------------------------------------------------------------------------

@pytest.mark.parametrize("url,key", [
    ("https://www.Example.org/A/b?z=1&a=2#frag", "org,example)/a/b?a=2&z=1"),
    ("http://example.org", "org,example)/"),
    ("http://example.org:80/x", "org,example)/x"),
    ("https://example.org:8443/x", "org,example:8443)/x"),
    ("http://sub.www.example.org./", "org,example,www,sub)/"),
    ("http://192.0.2.1/x", "1,2,0,192)/x"),
    ("http://127.0.0.1:8080/a/b/", "1,0,0,127:8080)/a/b"),
    ("urn:dom:https://Example.org/", "urn:dom:https://example.org/"),
])
def test_surt(url, key):
    assert surt(url) == key


def test_cdxj_lines_sorted_and_parseable(warc):
    path, recs = warc
    lines = cdxj_lines(path.parent, path.name)
    assert lines == sorted(lines, key=str.encode) and len(lines) == 4
    entries = []
    for line in lines:
        key, ts, js = line.split(" ", 2)
        entry = json.loads(js)
        assert len(ts) == 14 and ts.isdigit()
        assert set(entry) == {"url", "mime", "status", "digest", "length", "offset", "filename"}
        assert surt(entry["url"]) == key and entry["filename"] == path.name
        rec = read_record(path.parent, entry["filename"], int(entry["offset"]),
                          int(entry["length"]))
        assert rec.target_uri == entry["url"]
        entries.append((key, ts, entry, rec.record_type))
    assert [(e[0], e[1], e[3]) for e in entries] == [
        ("org,example)/a?a=1&b=2", "20240506070810", "response"),
        ("org,example)/a?a=1&b=2", "20240601000000", "revisit"),
        ("org,example:8080)/z", "20240506070810", "response"),
        ("urn:dom:https://www.example.org/a?b=2&a=1", "20240506070810", "resource"),
    ]
    assert entries[0][2]["mime"] == "text/html" and entries[0][2]["status"] == "200"
    assert entries[0][2]["digest"] == recs["resp"].payload_digest
    assert entries[1][2]["mime"] == "warc/revisit"
    assert entries[1][2]["digest"] == recs["resp"].payload_digest
    assert entries[2][2]["status"] == "404"


def test_write_index_atomic(warc, tmp_path):
    path, _ = warc
    out = write_index(path.parent, path.name, tmp_path / "indexes")
    assert out == tmp_path / "indexes" / (path.name + ".cdxj")
    assert out.read_text().splitlines() == cdxj_lines(path.parent, path.name)
    assert [p.name for p in out.parent.iterdir()] == [out.name]    # no temp file left
    write_index(path.parent, path.name, tmp_path / "indexes")          # replace in place
    assert [p.name for p in out.parent.iterdir()] == [out.name]
