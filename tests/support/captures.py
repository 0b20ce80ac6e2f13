"""Helpers for the conditional-request and browser-capture tests: real crawls of the
replicas in subprocesses, store queries, WARC records read back with warcio."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from support.replicas import ReplicaServer


def crawl(server: ReplicaServer, data: Path, *sources: str, env: dict | None = None,
          config: Path | None = None, recheck_all: bool = True) -> subprocess.CompletedProcess:
    mirrors = server.mirror_args()
    extra = ["--config", str(config)] if config else []
    # Crawls come seconds apart: by default every known page is re-fetched (and
    # revalidated), not only the due ones (tests/test_recheck_crawl.py tests the cadence).
    if recheck_all:
        extra += ["--recheck", "all"]
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", *sources, "--delay", "0",
         "--data-dir", str(data), *extra, *mirrors],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "HOME": str(data.parent / "home"), **(env or {})},
    )


def verify(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "verify", "--data-dir", str(data)],
                          capture_output=True, text=True, timeout=300)


def warcio_check(data: Path) -> subprocess.CompletedProcess:
    files = sorted(str(p) for p in (data / "warcs").glob("*.warc.gz"))
    return subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *files],
                          capture_output=True, text=True, timeout=300)


def rows(data: Path, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(data / "civcas.db")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def warcio_records(data: Path) -> dict[str, dict]:
    """Every record of every WARC file, read by warcio, by WARC-Record-ID: type, WARC
    headers, HTTP status/headers if any, and the payload as warcio gives it."""
    out = {}
    for path in sorted((data / "warcs").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                out[rec.rec_headers.get_header("WARC-Record-ID")] = {
                    "type": rec.rec_type,
                    "warc": dict(rec.rec_headers.headers),
                    "status": rec.http_headers.get_statuscode() if rec.http_headers else None,
                    "http": dict(rec.http_headers.headers) if rec.http_headers else {},
                    "payload": rec.content_stream().read(),
                }
    return out


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature and every chunk's CRC up to
    IEND and that the image data inflates; raises AssertionError on anything else."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r} chunk"
        chunks.append(kind)
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
        if kind == b"IEND":
            break
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND" and pos == len(data), chunks
    assert zlib.decompress(idat), "empty image data"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
