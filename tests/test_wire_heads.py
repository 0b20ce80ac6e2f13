"""Heads as they crossed the wire: a crawl of a server that writes its answers byte by
byte (mixed-case names, its own reason phrase, repeated headers interleaved with others,
connection headers, a chunked body) archives the response head exactly as sent and the
request head exactly as the server received it. Only `Transfer-Encoding` is renamed
(the stored body is de-chunked, as the payload digest requires)."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading

import pytest
from support.captures import rows, verify, warcio_check

from archive.reader import iter_records

ORIGIN = "http://wire.civcas.test"
BODY = ('<html><head><title>Strike near Hajin</title></head><body><article><h1>Strike near '
        'Hajin</h1>' + '<p>Coalition aircraft struck an ISIS position near Hajin.</p>' * 40
        + '</article></body></html>').encode()
CHUNKED_BODY = BODY.replace(b"<h1>Strike", b"<h1>Second strike")
CHUNKS = [CHUNKED_BODY[:700], CHUNKED_BODY[700:1500], CHUNKED_BODY[1500:]]


def _head(reason: str, *extra: str) -> bytes:
    lines = [f"HTTP/1.1 200 {reason}", "Server: wire/1.0", "ETag: \"w-17\"",
             "set-cookie: a=1; Path=/", "X-Mixed-CASE: yes", "Set-Cookie: b=2; Path=/",
             "Content-Type: text/html; charset=utf-8", "Connection: keep-alive",
             "Keep-Alive: timeout=5, max=100", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


PLAIN_HEAD = _head("Fine, thanks", f"Content-Length: {len(BODY)}")
CHUNKED_HEAD = _head("OK", "Transfer-Encoding: chunked")
INDEX = b'<html><body><a href="/plain">plain</a> <a href="/chunked">chunked</a> <a href="/plain-again">again</a></body></html>'


def _answer(path: str) -> bytes:
    if path in ("/plain", "/plain-again"):  # the same payload twice: the second is a revisit
        return PLAIN_HEAD + BODY
    if path == "/chunked":
        return CHUNKED_HEAD + b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in CHUNKS) + b"0\r\n\r\n"
    if path == "/":
        return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
                % len(INDEX)) + INDEX
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class WireServer:
    """Answers keep-alive HTTP/1.1 GETs with hand-written bytes; keeps every request head."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received: dict[str, bytes] = {}
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                head += b"\r\n\r\n"
                path = head.split(b" ", 2)[1].decode()
                self.received[path] = head
                conn.sendall(_answer(path))

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("wire")
    config = root / "wire.toml"
    config.write_text(f"""
[sources.wire]
kind = "news_article"
start_urls = ["{ORIGIN}/"]
allowed_domains = ["wire.civcas.test"]
documents = ['^/(plain|chunked|plain-again)$']
schedule = "0 0 * * *"
""")
    data = root / "data"
    server = WireServer()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "wire", "--config", str(config),
             "--delay", "0", "--data-dir", str(data), f"--mirror={ORIGIN}=http://127.0.0.1:{server.port}"],
            capture_output=True, text=True, timeout=300, env=_env(root))
    finally:
        server.close()
    assert done.returncode == 0, done.stderr
    return {"data": data, "received": server.received, "port": server.port}


def _env(root):
    return {**os.environ, "HOME": str(root / "home")}


def _raw_block(data, path: str, record_type: str) -> bytes:
    """The block of the capture of `path` (`response`) or of its `request` record,
    exactly as stored, read with civcas's own reader."""
    cap = rows(data, "SELECT * FROM captures WHERE url = ?", [ORIGIN + path])[0]
    for _, _, record in iter_records(data / "warcs" / cap["warc_file"]):
        if record_type == "response" and record.record_id == cap["warc_record_id"]:
            return record.block
        if (record_type == "request" == record.record_type
                and record.header("WARC-Concurrent-To") == cap["warc_record_id"]):
            return record.block
    raise AssertionError(f"no {record_type} record for {path}")


def _same_payload_pair(crawled) -> tuple[str, str]:
    """(/plain or /plain-again, whichever came first and is the response; the other)."""
    kinds = {r["url"]: r["record_type"] for r in rows(crawled["data"], "SELECT url, record_type FROM captures")}
    pair = sorted(["/plain", "/plain-again"], key=lambda p: kinds[ORIGIN + p] != "response")
    assert [kinds[ORIGIN + p] for p in pair] == ["response", "revisit"]
    return pair[0], pair[1]


def test_response_head_is_stored_exactly_as_sent(crawled):
    first, _ = _same_payload_pair(crawled)
    assert _raw_block(crawled["data"], first, "response") == PLAIN_HEAD + BODY


def test_chunked_answer_keeps_its_head_with_the_chunking_renamed(crawled):
    block = _raw_block(crawled["data"], "/chunked", "response")
    head = CHUNKED_HEAD.replace(b"Transfer-Encoding: chunked", b"X-Archive-Orig-Transfer-Encoding: chunked")
    assert block == head + CHUNKED_BODY
    cap = rows(crawled["data"], "SELECT payload_digest FROM captures WHERE url = ?", [ORIGIN + "/chunked"])[0]
    assert cap["payload_digest"] == "sha256:" + hashlib.sha256(CHUNKED_BODY).hexdigest()


def test_a_revisit_keeps_the_head_as_sent(crawled):
    _, again = _same_payload_pair(crawled)
    assert _raw_block(crawled["data"], again, "response") == PLAIN_HEAD


@pytest.mark.parametrize("path", ["/plain", "/chunked", "/plain-again", "/"])
def test_request_head_is_stored_exactly_as_the_server_received_it(crawled, path):
    block = _raw_block(crawled["data"], path, "request")
    assert block == crawled["received"][path]
    assert f"Host: 127.0.0.1:{crawled['port']}".encode() in block


def test_the_pages_are_stored_and_the_archive_checks_clean(crawled):
    data = crawled["data"]
    texts = [r["text"] for r in rows(data, "SELECT v.text FROM versions v")]
    assert len(texts) == 3 and all("struck an ISIS position near Hajin" in t for t in texts)
    checked = warcio_check(data)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    verified = verify(data)
    assert verified.returncode == 0, verified.stdout + verified.stderr
