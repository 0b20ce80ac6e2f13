"""Reading and verifying gzip-per-record WARC files (pure Python; never imports scrapy).

* ``read_record(warcs_dir, warc_file, offset, length)`` reads one record from its gzip
  member, as located by a ``WrittenRecord`` or a CDXJ line.
* ``iter_records(path)`` yields ``(offset, length, WarcRecord)`` for every member; a file
  cut off inside a member (a killed writer) yields every complete record and then raises
  ``TruncatedWarc`` unless ``stop_at_truncation=True``.
* ``rehash(record)`` recomputes the sha256 block and payload digests.
* ``verify_warc(path)`` lists problems: bad gzip, truncated tail, malformed records,
  digest mismatches, missing warcinfo.
"""
from __future__ import annotations

import base64
import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .decoding import DEFAULT_LIMIT, DecodedBody, decode_body

HTTP_RECORD_TYPES = ("request", "response", "revisit")
REQUIRED_HEADERS = ("WARC-Record-ID", "WARC-Type", "WARC-Date", "Content-Length")
_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
_CHUNK = 1 << 16


class WarcFormatError(ValueError):
    """A member or record that is not well-formed."""


class TruncatedWarc(WarcFormatError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _parse_head(data: bytes) -> tuple[str, list[tuple[str, str]], int]:
    """Parse a start line and headers ending with an empty line; returns (start line,
    headers, length of the head including the empty line).  Accepts bare LF endings."""
    pos, lines = 0, []
    while True:
        nl = data.find(b"\n", pos)
        if nl < 0:
            raise WarcFormatError("headers not terminated by an empty line")
        line = data[pos:nl].rstrip(b"\r")
        pos = nl + 1
        if not line:
            break
        lines.append(_text(line))
    if not lines:
        raise WarcFormatError("empty head")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:   # obsolete continuation line
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise WarcFormatError(f"malformed header line {line!r}")
        headers.append((name.strip(), value.strip()))
    return lines[0], headers, pos


def _get(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


@dataclass
class HttpMessage:
    start_line: str
    headers: list[tuple[str, str]]
    protocol: str | None = None     # responses
    status: int | None = None
    reason: str | None = None
    method: str | None = None       # requests
    target: str | None = None

    def header(self, name: str) -> str | None:
        return _get(self.headers, name)

    def header_all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


@dataclass
class WarcRecord:
    version: str
    headers: list[tuple[str, str]]
    block: bytes
    http: HttpMessage | None = None
    payload: bytes = b""
    problems: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        return _get(self.headers, name)

    record_type = property(lambda self: self.header("WARC-Type"))
    record_id = property(lambda self: self.header("WARC-Record-ID"))
    target_uri = property(lambda self: self.header("WARC-Target-URI"))
    date = property(lambda self: self.header("WARC-Date"))
    content_type = property(lambda self: self.header("Content-Type"))
    status = property(lambda self: self.http.status if self.http else None)
    http_headers = property(lambda self: self.http.headers if self.http else [])

    def decoded_body(self, limit: int | None = DEFAULT_LIMIT) -> DecodedBody:
        """The payload with content-encoding removed (gzip, deflate, br, zstd), at most
        about `limit` bytes of it; a cut-off, corrupt or over-limit stream gives what
        decodes with ``complete=False``."""
        if self.http is None:
            return DecodedBody(self.payload, True, ())
        return decode_body(self.payload, self.http.headers, limit)


def parse_record(raw: bytes) -> WarcRecord:
    """Parse one uncompressed WARC record (the content of one gzip member)."""
    start, headers, head_len = _parse_head(raw)
    if not start.startswith("WARC/"):
        raise WarcFormatError(f"not a WARC record: {start[:40]!r}")
    missing = [h for h in REQUIRED_HEADERS if _get(headers, h) is None]
    if missing:
        raise WarcFormatError(f"missing WARC headers {missing}")
    try:
        length = int(_get(headers, "Content-Length"))
    except ValueError:
        raise WarcFormatError("bad Content-Length") from None
    block = raw[head_len:head_len + length]
    if len(block) < length:
        raise WarcFormatError(f"block shorter ({len(block)}) than Content-Length ({length})")
    rec = WarcRecord(start, headers, block, payload=block)
    if raw[head_len + length:] != b"\r\n\r\n":
        rec.problems.append("record not followed by exactly CRLF CRLF")
    if not _DATE_RE.match(rec.date):
        rec.problems.append(f"bad WARC-Date {rec.date!r}")
    ctype = (rec.content_type or "").lower()
    if rec.record_type in HTTP_RECORD_TYPES and ctype.startswith("application/http") and block:
        line, http_headers, http_len = _parse_head(block)
        msg = HttpMessage(line, http_headers)
        parts = line.split(" ", 2)
        if rec.record_type == "request":
            msg.method, msg.target = parts[0], parts[1] if len(parts) > 1 else None
            msg.protocol = parts[2] if len(parts) > 2 else None
        else:
            msg.protocol = parts[0]
            msg.reason = parts[2] if len(parts) > 2 else ""
            try:
                msg.status = int(parts[1])
            except (IndexError, ValueError):
                rec.problems.append(f"bad HTTP status line {line!r}")
        rec.http, rec.payload = msg, block[http_len:]
    return rec


def _digest_matches(declared: str, data: bytes) -> bool | None:
    """Compare a declared ``algo:value`` digest (hex, base32 or base64); None if unknown."""
    algo, _, value = declared.partition(":")
    try:
        raw = hashlib.new(algo.strip().lower().replace("-", ""), data).digest()
    except ValueError:
        return None
    value = value.strip()
    candidates = {raw.hex(), base64.b32encode(raw).decode(), base64.b64encode(raw).decode(),
                  base64.urlsafe_b64encode(raw).decode()}
    return value in candidates or value.lower() == raw.hex() or value.rstrip("=") in {
        c.rstrip("=") for c in candidates}


@dataclass(frozen=True)
class Digests:
    block: str
    payload: str | None   # None for records without an HTTP or resource payload


def rehash(record: WarcRecord) -> Digests:
    block = "sha256:" + hashlib.sha256(record.block).hexdigest()
    has_payload = record.http is not None or record.record_type in ("resource", "response")
    payload = "sha256:" + hashlib.sha256(record.payload).hexdigest() if has_payload else None
    return Digests(block, payload)


def read_record(warcs_dir: Path, warc_file: str, offset: int, length: int) -> WarcRecord:
    base = Path(warcs_dir).resolve()
    path = (base / warc_file).resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"{warc_file!r} is outside {base}")
    with open(path, "rb") as fh:
        fh.seek(offset)
        member = fh.read(length)
    if len(member) < length:
        raise TruncatedWarc(f"{warc_file}: file ends before offset {offset}+{length}", offset)
    dec = zlib.decompressobj(31)
    try:
        raw = dec.decompress(member)
    except zlib.error as e:
        raise WarcFormatError(f"{warc_file}@{offset}: not a gzip member: {e}") from None
    if not dec.eof:
        raise TruncatedWarc(f"{warc_file}@{offset}: gzip member incomplete", offset)
    if dec.unused_data:
        raise WarcFormatError(f"{warc_file}@{offset}: length {length} goes past the member")
    return parse_record(raw)


def iter_members(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """Yield (offset, length, decompressed bytes) per gzip member; raise TruncatedWarc on
    a member cut off at end of file, WarcFormatError on corrupt data."""
    with open(path, "rb") as fh:
        offset, buf = 0, b""
        while True:
            if not buf:
                buf = fh.read(_CHUNK)
                if not buf:
                    return
            dec, out, consumed = zlib.decompressobj(31), [], 0
            try:
                while True:
                    out.append(dec.decompress(buf))
                    if dec.eof:
                        consumed += len(buf) - len(dec.unused_data)
                        buf = dec.unused_data
                        break
                    consumed += len(buf)
                    buf = fh.read(_CHUNK)
                    if not buf:
                        raise TruncatedWarc(f"offset {offset}: truncated gzip member "
                                            f"({consumed} bytes to end of file)", offset)
            except zlib.error as e:
                raise WarcFormatError(f"offset {offset}: corrupt gzip data: {e}") from None
            yield offset, consumed, b"".join(out)
            offset += consumed


def iter_records(path: Path, *, stop_at_truncation: bool = False
                 ) -> Iterator[tuple[int, int, WarcRecord]]:
    try:
        for offset, length, raw in iter_members(path):
            try:
                yield offset, length, parse_record(raw)
            except WarcFormatError as e:
                raise WarcFormatError(f"offset {offset}: {e}") from None
    except TruncatedWarc:
        if not stop_at_truncation:
            raise


def verify_warc(path: Path) -> list[str]:
    """Problems found in a WARC file, each as ``<name>: offset <n>: <message>``."""
    name, problems, seen = Path(path).name, [], set()
    warcinfo_id = None

    def report(offset, message):
        problems.append(f"{name}: offset {offset}: {message}")

    try:
        for index, (offset, length, raw) in enumerate(iter_members(path)):
            try:
                rec = parse_record(raw)
            except WarcFormatError as e:
                report(offset, f"bad record: {e}")
                continue
            for p in rec.problems:
                report(offset, p)
            if rec.record_id in seen:
                report(offset, f"duplicate WARC-Record-ID {rec.record_id}")
            seen.add(rec.record_id)
            if index == 0:
                if rec.record_type != "warcinfo":
                    report(offset, "first record is not warcinfo")
                else:
                    warcinfo_id = rec.record_id
            elif rec.record_type != "warcinfo" and rec.header("WARC-Warcinfo-ID") != warcinfo_id:
                report(offset, "WARC-Warcinfo-ID does not name this file's warcinfo")
            for hname, data in (("WARC-Block-Digest", rec.block),
                                ("WARC-Payload-Digest", rec.payload)):
                declared = rec.header(hname)
                if declared is None or (hname == "WARC-Payload-Digest"
                                        and rec.record_type == "revisit"):
                    continue
                ok = _digest_matches(declared, data)
                if ok is False:
                    report(offset, f"{hname} mismatch ({rec.record_type} {rec.record_id})")
                elif ok is None:
                    report(offset, f"{hname} uses an unknown algorithm: {declared}")
    except TruncatedWarc as e:
        problems.append(f"{name}: {e}")
    except WarcFormatError as e:
        problems.append(f"{name}: {e}")
    return problems
