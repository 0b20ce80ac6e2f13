"""WARC/1.1 writer for civcas captures (pure Python; never imports scrapy).

Layout of what we write
-----------------------
* Every file is ``<prefix>-<YYYYMMDDhhmmssffffff>-<serial:05d>-<suffix>.warc.gz``; the
  timestamp is the writer clock (UTC) when the file is created, the serial counts the
  files of one writer from 00000, the suffix is 6 random hex digits.  Names never come
  from URLs.  Files are opened with ``"xb"``: a writer never appends to an existing file.
* Every file starts with a ``warcinfo`` record; all other records carry
  ``WARC-Warcinfo-ID`` pointing at it.
* Every record is its own gzip member (level ``gzip_level``), and the file is flushed
  after each ``write_*`` call, so a killed process leaves a file that is valid up to its
  last complete member and nothing already returned to the caller is lost.
* ``WARC-Date`` has microsecond precision, always ``YYYY-MM-DDThh:mm:ss.ffffffZ``.
* Digests are ``sha256:<hex>``.  A ``request`` record without a body (a GET) has no
  ``WARC-Payload-Digest``: there is no payload to digest.  The payload digest of a response is over the entity body
  exactly as given: content-encoding (gzip, br) kept, transfer-encoding already removed
  by the HTTP client.

Transfer-Encoding
-----------------
The HTTP client hands us a body with the transfer-encoding (chunking) already removed.
If we kept a ``Transfer-Encoding: chunked`` header in the response block, readers
(warcio, pywb) would try to de-chunk a body that is not chunked.  We therefore write any
``Transfer-Encoding`` response header renamed as ``X-Archive-Orig-Transfer-Encoding``
(same value, same position).  Every other header is kept exactly as given, repeated
headers included.  When the exchange carries the heads as they crossed the wire
(``request_head_raw``, ``response_head_raw``), they are written byte for byte, with the
same renaming of a ``Transfer-Encoding`` line.

HTTP header values are ``str``; each character must map to one byte in Latin-1 (decode
raw header bytes with ``latin-1`` to round-trip them exactly).  Values with characters
above U+00FF are written as UTF-8.

The byte-level helpers (heads, framing, dates, digests) live in ``archive.warcfmt``.
"""
from __future__ import annotations

import os
import re
import secrets
import socket
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable

from .warcfmt import (CONFORMS_TO, REVISIT_PROFILES, TRUNCATED_REASONS, WARC_VERSION,  # noqa: F401
                      _check_field, _check_uri, build_record, build_record_parts, civcas_version,
                      request_head,
                      response_head, sha256_digest, warc_date)

_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


@dataclass(frozen=True)
class HttpExchange:
    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    began_at: datetime
    ip_address: str | None = None
    truncated: str | None = None
    # The heads as they crossed the wire (request line or status line, headers, CRLF
    # CRLF), when the HTTP client could keep them; written instead of the heads built
    # from the fields above (see archive.warcfmt.request_head / response_head).
    request_head_raw: bytes | None = None
    response_head_raw: bytes | None = None


@dataclass(frozen=True)
class WrittenRecord:
    warc_file: str
    offset: int
    length: int
    record_id: str
    record_type: str
    warc_date: str
    payload_digest: str | None
    block_digest: str


def _check_date(value: str) -> str:
    if not _DATE_RE.match(value):
        raise ValueError(f"not a WARC date (YYYY-MM-DDThh:mm:ss[.f]Z): {value!r}")
    return value


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class _RandomPool:
    """os.urandom bytes fetched 4 KB at a time: one system call per 256 record ids
    instead of one per id. Emptied in a forked child, so no two processes ever hand
    out the same bytes."""

    SIZE = 4096

    def __init__(self):
        self._lock = threading.Lock()
        self._bytes = b""
        self._at = 0

    def take16(self) -> bytes:
        with self._lock:
            if self._at + 16 > len(self._bytes):
                self._bytes, self._at = os.urandom(self.SIZE), 0
            self._at += 16
            return self._bytes[self._at - 16:self._at]

    def empty(self) -> None:
        self._lock = threading.Lock()  # a lock held by another thread at fork is not ours
        self._bytes, self._at = b"", 0


_POOL = _RandomPool()
os.register_at_fork(after_in_child=_POOL.empty)


def _new_uuid() -> str:
    # A version 4 (random) UUID, as uuid.uuid4() makes it, without building a UUID object.
    raw = bytearray(_POOL.take16())
    raw[6] = raw[6] & 0x0F | 0x40   # version 4
    raw[8] = raw[8] & 0x3F | 0x80   # RFC 4122 variant
    h = raw.hex()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}>"


@dataclass
class _Pending:
    record_type: str
    record_id: str
    date: str
    headers: list[tuple[str, str]]    # everything after WARC-Date except Warcinfo-ID
    block: bytes
    payload_digest: str | None
    block_digest: str = ""            # computed once, even if a roll-over rebuilds the member


def _request_record(ex: HttpExchange, record_id: str, date: str,
                    headers: list[tuple[str, str]]) -> _Pending:
    # WARC-Payload-Digest is optional; a request without a body has no payload, and the
    # digest of zero bytes would add ~70 incompressible bytes to every exchange.
    digest = sha256_digest(ex.request_body) if ex.request_body else None
    return _Pending("request", record_id, date, headers, request_head(ex) + ex.request_body, digest)


class WarcWriter:
    """Writes gzip-per-record WARC/1.1 files into ``directory``; see the module docstring."""

    def __init__(self, directory: Path, *, prefix: str = "civcas", max_bytes: int = 1_000_000_000,
                 gzip_level: int = 6, info: dict[str, str] | None = None,
                 clock: Callable[[], datetime] = _utcnow, new_id: Callable[[], str] = _new_uuid,
                 file_suffix: Callable[[], str] | None = None, fsync: bool = False):
        if not prefix or any(c in prefix for c in "/\\\0") or prefix.startswith("."):
            raise ValueError(f"invalid prefix {prefix!r}")
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.gzip_level = gzip_level
        self.info = dict(info or {})
        self.clock = clock
        self.new_id = new_id
        self.file_suffix = file_suffix or (lambda: secrets.token_hex(3))
        self.fsync = fsync
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._name: str | None = None
        self._size = 0
        self._serial = 0
        self._warcinfo_id: str | None = None
        self._closed = False

    # -- public API -------------------------------------------------------------------
    @property
    def current_file(self) -> Path | None:
        return self.directory / self._name if self._name else None

    def write_exchange(self, ex: HttpExchange, *, payload_digest: str | None = None,
                       page: str | None = None) -> tuple[WrittenRecord, WrittenRecord]:
        """Request + response record.  ``payload_digest``: the digest of ``ex.body`` if
        the caller already computed it (so a large body is hashed once).  ``page``: the
        record id of the page this exchange was made for (a browser's subresource),
        written as a second ``WARC-Concurrent-To`` on the response record (WARC 1.1
        lets that field repeat)."""
        if ex.truncated is not None and ex.truncated not in TRUNCATED_REASONS:
            raise ValueError(f"invalid WARC-Truncated reason {ex.truncated!r}")
        date = warc_date(ex.began_at)
        self._ensure_open()   # the warcinfo record gets the first id of a new file
        req_id, resp_id = self.new_id(), self.new_id()
        common = [("WARC-Target-URI", _check_uri(ex.url))]
        resp_extra = list(common)
        req_extra = list(common)
        req_extra.append(("WARC-Concurrent-To", resp_id))
        resp_extra.append(("WARC-Concurrent-To", req_id))
        if ex.ip_address:
            req_extra.append(("WARC-IP-Address", ex.ip_address))
            resp_extra.append(("WARC-IP-Address", ex.ip_address))
        if ex.truncated:
            resp_extra.append(("WARC-Truncated", ex.truncated))
        if page:
            resp_extra.insert(2, ("WARC-Concurrent-To", _check_field(page, "page")))
        request = _request_record(ex, req_id, date, req_extra)
        response = _Pending("response", resp_id, date, resp_extra, response_head(ex) + ex.body,
                            payload_digest or sha256_digest(ex.body))
        req, resp = self._write([request, response], "application/http;msgtype=request",
                                "application/http;msgtype=response")
        return req, resp

    def write_revisit(self, ex: HttpExchange, *, refers_to_uri: str, refers_to_date: str,
                      refers_to_id: str | None,
                      profile: str = "identical-payload-digest",
                      payload_digest: str | None = None,
                      page: str | None = None) -> tuple[WrittenRecord, WrittenRecord]:
        """Request + revisit record (response status line and headers kept, no body).

        ``payload_digest`` is the original response's digest; for the
        identical-payload-digest profile it defaults to the digest of ``ex.body``.
        ``page`` as for ``write_exchange``.
        """
        profile_uri = REVISIT_PROFILES.get(profile, profile)
        if profile_uri not in REVISIT_PROFILES.values():
            raise ValueError(f"unknown revisit profile {profile!r}")
        if payload_digest is None and profile_uri.endswith("identical-payload-digest"):
            payload_digest = sha256_digest(ex.body)
        date = warc_date(ex.began_at)
        self._ensure_open()
        req_id, rev_id = self.new_id(), self.new_id()
        req_extra = [("WARC-Target-URI", _check_uri(ex.url)), ("WARC-Concurrent-To", rev_id)]
        rev_extra = [("WARC-Target-URI", _check_uri(ex.url)), ("WARC-Concurrent-To", req_id)]
        if page:
            rev_extra.append(("WARC-Concurrent-To", _check_field(page, "page")))
        if ex.ip_address:
            req_extra.append(("WARC-IP-Address", ex.ip_address))
            rev_extra.append(("WARC-IP-Address", ex.ip_address))
        rev_extra += [("WARC-Profile", profile_uri),
                      ("WARC-Refers-To-Target-URI", _check_uri(refers_to_uri)),
                      ("WARC-Refers-To-Date", _check_date(refers_to_date))]
        if refers_to_id:
            rev_extra.append(("WARC-Refers-To", _check_field(refers_to_id, "refers_to_id")))
        request = _request_record(ex, req_id, date, req_extra)
        revisit = _Pending("revisit", rev_id, date, rev_extra, response_head(ex), payload_digest)
        req, rev = self._write([request, revisit], "application/http;msgtype=request",
                               "application/http;msgtype=response")
        return req, rev

    def write_resource(self, uri: str, content_type: str, data: bytes, *,
                       concurrent_to: str | None, began_at: datetime,
                       refers_to: str | None = None) -> WrittenRecord:
        """One ``resource`` record (a rendered DOM, a screenshot).  ``refers_to`` names
        the record it was made from (the HTTP response a browser rendered)."""
        self._ensure_open()
        extra = [("WARC-Target-URI", _check_uri(uri))]
        if concurrent_to:
            extra.append(("WARC-Concurrent-To", _check_field(concurrent_to, "concurrent_to")))
        if refers_to:
            extra.append(("WARC-Refers-To", _check_field(refers_to, "refers_to")))
        rec = _Pending("resource", self.new_id(), warc_date(began_at), extra, data,
                       sha256_digest(data))
        return self._write([rec], _check_field(content_type, "content_type"))[0]

    def discard(self, records: list[WrittenRecord]) -> bool:
        """Take back `records`, the group written last, when what should point at them
        (their store row) could not be written: no record is left without its row.
        Shrinking a file needs no free space. False if they are not the last group."""
        with self._lock:
            if not records or self._file is None or records[0].warc_file != self._name:
                return False
            start, end = records[0].offset, records[-1].offset + records[-1].length
            if end != self._size:
                return False
            self._file.flush()
            os.ftruncate(self._file.fileno(), start)
            self._file.seek(start)
            self._size = start
            self._records_in_file -= len(records)
            return True

    def close(self) -> None:
        with self._lock:
            self._close_file()
            self._closed = True

    def __enter__(self) -> "WarcWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------
    def _ensure_open(self) -> None:
        with self._lock:
            if self._closed:
                raise ValueError("WarcWriter is closed")
            if self._file is None:
                self._open_file()

    def _compress(self, *parts: bytes) -> bytes:
        comp = zlib.compressobj(self.gzip_level, zlib.DEFLATED, 31)
        return b"".join([*map(comp.compress, parts), comp.flush()])

    def _open_state(self) -> tuple[BinaryIO, str, str]:
        """The open file, its name and its warcinfo record id (set together by _open_file)."""
        if self._file is None or self._name is None or self._warcinfo_id is None:
            raise ValueError("no WARC file is open")
        return self._file, self._name, self._warcinfo_id

    def _members(self, pending: list[_Pending], content_types: tuple[str, ...]) -> list[bytes]:
        warcinfo_id = self._open_state()[2]
        members = []
        for rec, ctype in zip(pending, content_types, strict=True):
            headers = [("WARC-Type", rec.record_type), ("WARC-Record-ID", rec.record_id),
                       ("WARC-Date", rec.date), ("WARC-Warcinfo-ID", warcinfo_id)]
            headers += rec.headers
            if not rec.block_digest:
                rec.block_digest = sha256_digest(rec.block)
            headers.append(("WARC-Block-Digest", rec.block_digest))
            if rec.payload_digest:
                headers.append(("WARC-Payload-Digest", rec.payload_digest))
            headers.append(("Content-Type", ctype))
            # The block is compressed where it lies, not copied into one record string.
            members.append(self._compress(*build_record_parts(headers, rec.block)))
        return members

    def _write(self, pending: list[_Pending], *content_types: str) -> list[WrittenRecord]:
        with self._lock:
            if self._closed:
                raise ValueError("WarcWriter is closed")
            if self._file is None:
                self._open_file()
            members = self._members(pending, content_types)
            total = sum(map(len, members))
            if self._size + total > self.max_bytes and self._records_in_file > 1:
                # Roll over before writing records that would exceed the limit; the
                # records are rebuilt because they name the new file's warcinfo.
                self._close_file()
                self._open_file()
                members = self._members(pending, content_types)
            start = self._size
            out, name, _ = self._open_state()
            try:
                for member in members:
                    out.write(member)
                self._flush(out)  # once per group: the exchange is on disk whole, or cut below
            except BaseException:
                # Part of the group may be on disk (a full disk): cut the file back to
                # before the group (no request record without its response) and never
                # write to it again.
                self._abandon_file(start)
                raise
            written = []
            for rec, member in zip(pending, members, strict=True):
                written.append(WrittenRecord(
                    name, self._size, len(member), rec.record_id, rec.record_type,
                    rec.date, rec.payload_digest, rec.block_digest))
                self._size += len(member)
                self._records_in_file += 1
            return written

    def _flush(self, out: BinaryIO) -> None:
        out.flush()
        if self.fsync:
            os.fsync(out.fileno())

    def _open_file(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = self.clock()
        stamp = now.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        while True:
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.file_suffix()}.warc.gz"
            self._serial += 1
            try:
                out = open(self.directory / name, "xb")
                break
            except FileExistsError:
                continue
        self._file, self._name, self._size, self._records_in_file = out, name, 0, 0
        self._warcinfo_id = self.new_id()
        fields = {"software": f"civcas/{civcas_version()}", "format": "WARC File Format 1.1",
                  "conformsTo": CONFORMS_TO, "hostname": socket.gethostname()}
        fields.update(self.info)
        block = b"".join(f"{_check_field(k, 'info key')}: {_check_field(v, k)}\r\n".encode()
                         for k, v in fields.items())
        headers = [("WARC-Type", "warcinfo"), ("WARC-Record-ID", self._warcinfo_id),
                   ("WARC-Date", warc_date(now)), ("WARC-Filename", name),
                   ("WARC-Block-Digest", sha256_digest(block)),
                   ("Content-Type", "application/warc-fields")]
        member = self._compress(build_record(headers, block))
        try:
            out.write(member)
            self._flush(out)
        except BaseException:
            self._abandon_file(0)
            raise
        self._size += len(member)
        self._records_in_file += 1

    def _abandon_file(self, size: int) -> None:
        """Close the current file after a failed write and cut it back to `size`, the end
        of its last whole record (shrinking a file needs no free space); a file left
        without even its warcinfo record is removed."""
        if self._file is None or self._name is None:
            return
        path = self.directory / self._name
        try:
            self._file.close()
        except OSError:
            pass  # what was buffered could not be written: the truncate undoes any part of it
        try:
            if size:
                os.truncate(path, size)
            else:
                path.unlink()
        except OSError:
            pass
        self._file, self._name, self._warcinfo_id = None, None, None

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file, self._name, self._warcinfo_id = None, None, None
