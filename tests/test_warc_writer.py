"""Tests for archive.warc: golden bytes, header fidelity, rollover, crash safety, warcio."""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import itertools
import os
import re
import subprocess
import sys
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive.reader import iter_members, iter_records, read_record, rehash, verify_warc
from archive.warc import HttpExchange, WarcWriter

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "data" / "warc"
WARCIO = Path(sys.executable).parent / "warcio"  # the warcio of the venv running the tests
BEGAN = datetime(2024, 5, 6, 7, 8, 10, tzinfo=timezone.utc)


def _load_make_golden():
    spec = importlib.util.spec_from_file_location("civcas_make_golden",
                                                  GOLDEN_DIR / "make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)      # not registered in sys.modules
    return module


def _members(path: Path) -> list[bytes]:
    return [raw for _, _, raw in iter_members(path)]


def _ids():
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def _writer(directory, **kw):
    kw.setdefault("clock", lambda: datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc))
    kw.setdefault("new_id", _ids())
    kw.setdefault("info", {"operator": "tests", "hostname": "h"})
    return WarcWriter(directory, **kw)


def exchange(**kw) -> HttpExchange:
    values = dict(url="https://example.org/page?q=1", method="GET",
                  request_headers=[("User-Agent", "civcas-test")], request_body=b"",
                  protocol="HTTP/1.1", status=200, reason="",
                  response_headers=[("Content-Type", "text/plain")], body=b"hello",
                  began_at=BEGAN)
    values.update(kw)
    return HttpExchange(**values)


# -- golden bytes ----------------------------------------------------------------------

def test_golden_file_bytes(tmp_path):
    golden = sorted(GOLDEN_DIR.glob("*.warc.gz"))
    assert len(golden) == 1
    written = _load_make_golden().write_golden(tmp_path)
    assert written.name == golden[0].name == "civcas-20240506070809123456-00000-golden.warc.gz"
    assert _members(written) == _members(golden[0])


EXPECTED_RESPONSE_HEAD = (
    b"WARC/1.1\r\n"
    b"WARC-Type: response\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000003>\r\n"
    b"WARC-Date: 2024-05-06T07:08:10.000000Z\r\n"
    b"WARC-Warcinfo-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
    b"WARC-Target-URI: https://www.example.org/reports/2017?id=42&lang=en\r\n"
    b"WARC-Concurrent-To: <urn:uuid:00000000-0000-4000-8000-000000000002>\r\n"
    b"WARC-IP-Address: 192.0.2.10\r\n"
    b"WARC-Block-Digest: sha256:%s\r\n"
    b"WARC-Payload-Digest: sha256:%s\r\n"
    b"Content-Type: application/http;msgtype=response\r\n"
    b"Content-Length: %d\r\n"
    b"\r\n"
    b"HTTP/1.1 200 OK\r\n"
    b"Date: Mon, 06 May 2024 07:08:10 GMT\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"Content-Encoding: gzip\r\n"
    b"X-Archive-Orig-Transfer-Encoding: chunked\r\n"
    b"Set-Cookie: session=abc; Path=/; HttpOnly\r\n"
    b"Set-Cookie: lang=en; Path=/\r\n"
    b"\r\n"
)


def test_golden_response_record_is_what_the_spec_asks_for():
    """Hand-checked expectations, so the golden file cannot drift unnoticed."""
    mg = _load_make_golden()
    members = _members(next(GOLDEN_DIR.glob("*.warc.gz")))
    body = gzip.compress(mg.HTML, mtime=0)
    http_head = EXPECTED_RESPONSE_HEAD.split(b"\r\n\r\n", 1)[1]
    block = http_head + body
    expected = EXPECTED_RESPONSE_HEAD.split(b"\r\n\r\nHTTP/1.1", 1)[0] % (
        hashlib.sha256(block).hexdigest().encode(), hashlib.sha256(body).hexdigest().encode(),
        len(block)) + b"\r\n\r\n" + block + b"\r\n\r\n"
    assert members[2] == expected
    assert members[0].startswith(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"
                                 b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n")
    for field in (b"software: civcas/golden", b"format: WARC File Format 1.1", b"conformsTo: ",
                  b"operator: ", b"hostname: golden-host", b"http-header-user-agent: ",
                  b"robots: obey"):
        assert b"\r\n" + field in members[0]
    assert members[1].split(b"\r\n\r\n")[1] == (
        b"GET /reports/2017?id=42&lang=en HTTP/1.1\r\nHost: www.example.org\r\n"
        b"User-Agent: civcas/golden (+https://example.org/civcas)\r\nAccept: text/html\r\n"
        b"Accept-Encoding: gzip, br")
    assert all(b"\r\nWARC-Warcinfo-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n" in m
               for m in members[1:])


def test_deterministic_output(tmp_path):
    mg = _load_make_golden()
    a = mg.write_golden(tmp_path / "a")
    b = mg.write_golden(tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()


# -- headers and bodies ----------------------------------------------------------------

def test_gzip_body_kept_with_its_digest(tmp_path):
    html = "<p>Café</p>".encode()
    gz = gzip.compress(html, mtime=0)
    ex = exchange(response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                  body=gz)
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(ex)
    rec = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rec.payload == gz
    assert resp.payload_digest == "sha256:" + hashlib.sha256(gz).hexdigest()
    assert rec.header("WARC-Payload-Digest") == resp.payload_digest
    assert rehash(rec).payload == resp.payload_digest
    assert rehash(rec).block == resp.block_digest == rec.header("WARC-Block-Digest")
    decoded = rec.decoded_body()
    assert decoded.complete and decoded.encodings == ("gzip",)
    assert decoded.data.decode() == "<p>Café</p>"


def test_chunked_transfer_encoding_is_renamed(tmp_path):
    ex = exchange(response_headers=[("Content-Type", "text/plain"),
                                    ("Transfer-Encoding", "chunked")], body=b"dechunked")
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(ex)
    rec = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rec.http.get_header("Transfer-Encoding") is None
    assert rec.http.headers == [("Content-Type", "text/plain"),
                                ("X-Archive-Orig-Transfer-Encoding", "chunked")]
    assert rec.payload == b"dechunked" and rec.decoded_body().data == b"dechunked"


def test_repeated_headers_and_order_kept(tmp_path):
    headers = [("Set-Cookie", "a=1; Path=/"), ("Content-Type", "text/plain"),
               ("Set-Cookie", "b=2; Secure"), ("x-lower", "Value  with  spaces")]
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(exchange(response_headers=headers))
    rec = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rec.http.headers == headers
    assert [v for k, v in rec.http.headers if k.lower() == "set-cookie"] == ["a=1; Path=/", "b=2; Secure"]


def test_request_line_host_and_exchange_linking(tmp_path):
    ex = exchange(url="https://user@example.org:8443/a%20b/?x=1&y=%C3%A9#frag",
                  ip_address="2001:db8::1", reason="Fine", status=203)
    with _writer(tmp_path) as w:
        req, resp = w.write_exchange(ex)
    rq = read_record(tmp_path, req.warc_file, req.offset, req.length)
    rs = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rq.block.startswith(b"GET /a%20b/?x=1&y=%C3%A9 HTTP/1.1\r\n")
    assert rq.http.headers[0] == ("Host", "example.org:8443")
    assert rs.block.startswith(b"HTTP/1.1 203 Fine\r\n") and rs.status == 203
    assert rq.target_uri == rs.target_uri == ex.url
    assert rq.date == rs.date == req.warc_date == "2024-05-06T07:08:10.000000Z"
    assert rq.header("WARC-Concurrent-To") == resp.record_id
    assert rs.header("WARC-Concurrent-To") == req.record_id
    assert rs.header("WARC-IP-Address") == "2001:db8::1"
    assert rq.content_type == "application/http;msgtype=request"
    assert rs.content_type == "application/http;msgtype=response"


def test_host_header_not_duplicated_and_reason_defaults(tmp_path):
    ex = exchange(request_headers=[("host", "example.org")], status=404, reason="",
                  protocol="h2")
    with _writer(tmp_path) as w:
        req, resp = w.write_exchange(ex)
    rq = read_record(tmp_path, req.warc_file, req.offset, req.length)
    rs = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rq.http.headers == [("host", "example.org")]
    assert rs.block.startswith(b"HTTP/2 404 Not Found\r\n") and rs.status == 404


def test_truncated_marker(tmp_path):
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(exchange(truncated="time"))
        with pytest.raises(ValueError):
            w.write_exchange(exchange(truncated="because"))
    rec = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    assert rec.header("WARC-Truncated") == "time"


@pytest.mark.parametrize("bad", [
    dict(began_at=datetime(2024, 1, 1)),
    dict(url="https://example.org/a b"),
    dict(response_headers=[("X-Evil", "a\r\nSet-Cookie: injected")]),
    dict(request_headers=[("Bad:Name", "v")]),
    # A line break anywhere in a head, alone or at the end of a value, is refused too
    # (each head is checked once, as a whole, then per field to name the culprit).
    dict(response_headers=[("X-A", "ok"), ("X-B", "a\nb")]),
    dict(response_headers=[("X-A", "trailing\r")]),
    dict(request_headers=[("X-A", "\n")]),
    dict(url="https://example.org/a\u00a0b"),   # Unicode whitespace in the URI
])
def test_invalid_input_rejected(tmp_path, bad):
    with _writer(tmp_path) as w, pytest.raises(ValueError):
        w.write_exchange(exchange(**bad))
    assert list(tmp_path.glob("warcs/*.warc.gz")) == [] or all(
        len(list(iter_records(p))) == 1 for p in tmp_path.glob("warcs/*.warc.gz"))  # warcinfo only


def test_line_break_in_a_revisit_field_rejected(tmp_path):
    with _writer(tmp_path) as w, pytest.raises(ValueError, match="refers_to_id"):
        w.write_revisit(exchange(), refers_to_uri="https://example.org/page?q=1",
                        refers_to_date="2024-05-06T07:08:09Z", refers_to_id="<urn:x>\r\nX: y")


def test_header_values_above_latin1_are_utf8_and_the_rest_latin1(tmp_path):
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(exchange(response_headers=[
            ("X-Latin", "caf\u00e9"), ("X-Wide", "\u20ac 5")]))
    rec = read_record(tmp_path, resp.warc_file, resp.offset, resp.length)
    head = rec.block[:rec.block.index(b"\r\n\r\n")]
    assert b"\r\nX-Latin: caf\xe9\r\n" in head + b"\r\n"
    assert b"\r\nX-Wide: \xe2\x82\xac 5" in head


def test_default_record_ids_are_random_uuids(tmp_path):
    import uuid
    with WarcWriter(tmp_path) as w:
        records = [r for _ in range(50) for r in w.write_exchange(exchange())]
    ids = [r.record_id for r in records]
    assert len(set(ids)) == len(ids)
    for rid in ids:
        assert rid.startswith("<urn:uuid:") and rid.endswith(">")
        parsed = uuid.UUID(rid[len("<urn:uuid:"):-1])
        assert str(parsed) == rid[len("<urn:uuid:"):-1]
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_record_ids_of_a_forked_child_are_its_own():
    """Ids come from a pool of random bytes; a child forked while the pool is half used
    (as a distributed worker or an extraction process may be) must not hand out the
    parent's next ids."""
    from archive.warc import _new_uuid
    _new_uuid()  # the pool now holds bytes for the next 255 ids
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next 255 ids, to the parent; never back into pytest
        try:
            os.close(read_end)
            os.write(write_end, "\n".join(_new_uuid() for _ in range(255)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    parent = {_new_uuid() for _ in range(255)}
    with os.fdopen(read_end, "rb") as pipe:
        child = set(pipe.read().decode().split("\n"))
    os.waitpid(pid, 0)
    assert len(child) == len(parent) == 255
    assert not parent & child


def test_non_utc_date_converted(tmp_path):
    plus2 = timezone(timedelta(hours=2))
    with _writer(tmp_path) as w:
        req, _ = w.write_exchange(exchange(began_at=datetime(2024, 5, 6, 9, 8, 10, 5, plus2)))
    assert req.warc_date == "2024-05-06T07:08:10.000005Z"


def test_revisit_and_resource_records(tmp_path):
    ex = exchange()
    with _writer(tmp_path) as w:
        _, resp = w.write_exchange(ex)
        res = w.write_resource("urn:screenshot:" + ex.url, "image/png", b"\x89PNG...",
                               concurrent_to=resp.record_id, began_at=BEGAN)
        _, rev = w.write_revisit(ex, refers_to_uri=ex.url, refers_to_date=resp.warc_date,
                                 refers_to_id=resp.record_id)
        _, nm = w.write_revisit(exchange(status=304, body=b""), refers_to_uri=ex.url,
                                refers_to_date=resp.warc_date, refers_to_id=None,
                                profile="server-not-modified")
        with pytest.raises(ValueError):
            w.write_revisit(ex, refers_to_uri=ex.url, refers_to_date=resp.warc_date,
                            refers_to_id=None, profile="whatever")
        with pytest.raises(ValueError):
            w.write_revisit(ex, refers_to_uri=ex.url, refers_to_date="2024-05-06 07:08:10",
                            refers_to_id=None)
    r = read_record(tmp_path, res.warc_file, res.offset, res.length)
    assert (r.record_type, r.block, r.http) == ("resource", b"\x89PNG...", None)
    assert r.header("WARC-Concurrent-To") == resp.record_id
    assert res.payload_digest == "sha256:" + hashlib.sha256(b"\x89PNG...").hexdigest()
    v = read_record(tmp_path, rev.warc_file, rev.offset, rev.length)
    assert v.header("WARC-Profile") == \
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    assert v.header("WARC-Refers-To") == resp.record_id
    assert v.header("WARC-Refers-To-Target-URI") == ex.url
    assert v.header("WARC-Refers-To-Date") == resp.warc_date
    assert v.header("WARC-Payload-Digest") == resp.payload_digest
    assert v.payload == b"" and v.status == 200
    assert v.decoded_body().data == b"" and v.decoded_body().complete
    assert v.block == b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
    n = read_record(tmp_path, nm.warc_file, nm.offset, nm.length)
    assert n.header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert n.header("WARC-Refers-To") is None and n.header("WARC-Payload-Digest") is None
    assert n.status == 304


# -- files: naming, laziness, rollover, crash safety ------------------------------------

NAME_RE = re.compile(r"^civcas-\d{20}-\d{5}-[0-9a-f]{6}\.warc\.gz$")


def test_lazy_creation_and_naming(tmp_path):
    w = WarcWriter(tmp_path / "warcs")
    assert w.current_file is None and not (tmp_path / "warcs").exists()
    req, resp = w.write_exchange(exchange())
    assert NAME_RE.match(req.warc_file) and req.warc_file == resp.warc_file
    assert w.current_file == tmp_path / "warcs" / req.warc_file
    w.close()
    with pytest.raises(ValueError):
        w.write_exchange(exchange())
    assert [p.name for p in (tmp_path / "warcs").iterdir()] == [req.warc_file]


def test_records_on_disk_as_soon_as_written(tmp_path):
    w = _writer(tmp_path)
    req, resp = w.write_exchange(exchange())
    # not closed: everything returned must already be in the file
    assert resp.offset + resp.length == (tmp_path / resp.warc_file).stat().st_size
    assert read_record(tmp_path, resp.warc_file, resp.offset, resp.length).payload == b"hello"
    w.close()


def test_never_appends_to_existing_file(tmp_path):
    kw = dict(file_suffix=lambda: "fixed")
    with _writer(tmp_path, **kw) as w1:
        a, _ = w1.write_exchange(exchange())
    size = (tmp_path / a.warc_file).stat().st_size
    with _writer(tmp_path, **kw) as w2:
        b, _ = w2.write_exchange(exchange())
    assert a.warc_file != b.warc_file
    assert a.warc_file.endswith("-00000-fixed.warc.gz") and b.warc_file.endswith("-00001-fixed.warc.gz")
    assert (tmp_path / a.warc_file).stat().st_size == size


def test_rollover(tmp_path):
    written = []
    with _writer(tmp_path, max_bytes=2500, gzip_level=1) as w:
        for i in range(12):
            written += w.write_exchange(exchange(url=f"https://example.org/{i}",
                                                 body=bytes(range(256)) * 2))
    files = sorted({r.warc_file for r in written})
    assert len(files) > 2
    assert [f.split("-")[2] for f in files] == [f"{i:05d}" for i in range(len(files))]
    for name in files:
        path = tmp_path / name
        assert path.stat().st_size <= 2500
        records = list(iter_records(path))
        assert records[0][2].record_type == "warcinfo"
        assert records[0][2].header("WARC-Filename") == name
        info_id = records[0][2].record_id
        assert all(r.header("WARC-Warcinfo-ID") == info_id for _, _, r in records[1:])
        assert verify_warc(path) == []
    # request and response of one exchange always land in the same file
    for req, resp in zip(written[::2], written[1::2], strict=False):
        assert req.warc_file == resp.warc_file


def test_oversized_record_gets_its_own_file(tmp_path):
    with _writer(tmp_path, max_bytes=100) as w:
        a = w.write_exchange(exchange())
        b = w.write_exchange(exchange())
    assert a[0].warc_file == a[1].warc_file != b[0].warc_file


def test_gzip_member_per_record(tmp_path):
    with _writer(tmp_path) as w:
        recs = [*w.write_exchange(exchange()), *w.write_exchange(exchange(body=b"x" * 10000))]
    data = (tmp_path / recs[0].warc_file).read_bytes()
    for r in recs:
        member = data[r.offset:r.offset + r.length]
        d = zlib.decompressobj(31)
        d.decompress(member)
        assert d.eof and not d.unused_data
    assert recs[-1].offset + recs[-1].length == len(data)


def test_killed_writer_leaves_valid_prefix(tmp_path):
    """A writer process killed with SIGKILL loses nothing write_exchange returned."""
    code = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from datetime import datetime, timezone
from archive.warc import WarcWriter, HttpExchange
w = WarcWriter({str(tmp_path)!r})
ex = HttpExchange("https://example.org/", "GET", [], b"", "HTTP/1.1", 200, "", [], b"x" * 5000,
                  datetime(2024, 1, 1, tzinfo=timezone.utc))
for _ in range(3):
    req, resp = w.write_exchange(ex)
print(resp.warc_file, resp.offset, resp.length, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == -9
    name, offset, length = out.stdout.split()
    rec = read_record(tmp_path, name, int(offset), int(length))
    assert rec.payload == b"x" * 5000
    assert verify_warc(tmp_path / name) == []


# -- interoperability with warcio ------------------------------------------------------

def _warcio(*args):
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=120)


def test_warcio_check_and_index(tmp_path):
    golden = next(GOLDEN_DIR.glob("*.warc.gz"))
    with _writer(tmp_path) as w:
        w.write_exchange(exchange(response_headers=[("Content-Encoding", "gzip"),
                                                    ("Transfer-Encoding", "chunked")],
                                  body=gzip.compress(b"zip" * 100, mtime=0)))
        f = w.current_file
    for path in (golden, f):
        check = _warcio("check", "-v", str(path))
        assert check.returncode == 0, check.stdout + check.stderr
        assert "digest pass" in check.stdout and "failed" not in check.stdout
        index = _warcio("index", "-f", "warc-type,warc-target-uri,http:status,offset,length",
                        str(path))
        assert index.returncode == 0, index.stderr
        assert '"warc-type": "warcinfo"' in index.stdout.splitlines()[0]
        assert '"http:status": "200"' in index.stdout


def test_library_never_imports_scrapy():
    code = ("import sys; import archive.warc, archive.warcfmt, archive.reader, "
            "archive.decoding, archive.cdxj; "
            "sys.exit(1 if [m for m in sys.modules if m.split('.')[0] in "
            "('scrapy', 'twisted')] else 0)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
