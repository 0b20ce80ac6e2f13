"""Reading and verifying gzip-per-record WARC files (pure Python; never imports scrapy).

* ``read_record(warcs_dir, warc_file, offset, length)`` reads one record from its gzip
  member, as located by a ``WrittenRecord`` or a CDXJ line.
* ``iter_records(path)`` yields ``(offset, length, WarcRecord)`` for every member; a file
  cut off inside a member (a killed writer) yields every complete record and then raises
  ``TruncatedWarc`` unless ``stop_at_truncation=True``.
* ``rehash(record)`` recomputes the sha256 block and payload digests.
* ``verify_warc(path)`` lists problems: bad gzip, truncated tail, malformed records,
  digest mismatches, missing warcinfo.

What is warcio's and what is ours (docs/archiving.md, "Reading the WARCs";
bench/warc_read.py measures both ways):

* warcio parses each record: the WARC head, the HTTP head (``WarcRecord.http`` is
  warcio's ``StatusAndHeaders``) and the payload, read from ``raw_stream`` exactly as
  stored (``content_stream()`` would undo chunking and content-encoding; the parsers get
  the stored bytes and decode them with ``archive.decoding``, which stops at a size limit).
* Ours: the gzip member framing (``iter_members``, ``read_record``). Given a member cut
  by the end of the file, warcio's iterator drops it, yields it as a shorter record or
  stops with an ``AttributeError``, by where the cut falls, never saying the file was
  cut; a ``length`` one byte short of its member reads as a whole record. Verify must
  tell a killed writer's cut tail (and its offset) from a whole file, and a wrong
  offset/length from a record.
* Ours: the rules warcio does not check (required headers, a block shorter than its
  Content-Length, CRLF CRLF after it, WARC-Date, the warcinfo rules) and the digest
  check: warcio's ``check_digests`` skips revisit records altogether, so a revisit whose
  block was altered would pass.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

# warcio ships no type information (no py.typed) and PyPI has no stub package for it.
from warcio.archiveiterator import WARCIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]

from .decoding import DEFAULT_LIMIT, DecodedBody, decode_body

REQUIRED_HEADERS = ("WARC-Record-ID", "WARC-Type", "WARC-Date", "Content-Length")
_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
_CHUNK = 1 << 16


class WarcFormatError(ValueError):
    """A member or record that is not well-formed."""


class TruncatedWarc(WarcFormatError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass
class WarcRecord:
    version: str
    headers: list[tuple[str, str]]
    block: bytes
    http: StatusAndHeaders | None = None   # warcio's parse of the HTTP head
    payload: bytes = b""
    problems: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    record_type = property(lambda self: self.header("WARC-Type"))
    record_id = property(lambda self: self.header("WARC-Record-ID"))
    target_uri = property(lambda self: self.header("WARC-Target-URI"))
    date = property(lambda self: self.header("WARC-Date"))
    content_type = property(lambda self: self.header("Content-Type"))
    http_headers = property(lambda self: self.http.headers if self.http else [])

    @property
    def status(self) -> int | None:
        """The HTTP status code of a response or revisit (None if there is none)."""
        code = self.http.get_statuscode() if self.http and self.record_type != "request" else ""
        return int(code) if code.isdigit() else None

    def decoded_body(self, limit: int | None = DEFAULT_LIMIT) -> DecodedBody:
        """The payload with content-encoding removed (gzip, deflate, br, zstd), at most
        about `limit` bytes of it; a cut-off, corrupt or over-limit stream gives what
        decodes with ``complete=False``."""
        if self.http is None:
            return DecodedBody(self.payload, True, ())
        return decode_body(self.payload, self.http.headers, limit)


def parse_record(raw: bytes) -> WarcRecord:
    """Parse one uncompressed WARC record (the content of one gzip member) with warcio."""
    try:
        parsed = next(WARCIterator(io.BytesIO(raw)), None)
    except ArchiveLoadFailed as e:
        raise WarcFormatError(f"not a WARC record: {e}") from None
    if parsed is None:
        raise WarcFormatError("empty record")
    warc = parsed.rec_headers
    missing = [h for h in REQUIRED_HEADERS if warc.get_header(h) is None]
    if missing:
        raise WarcFormatError(f"missing WARC headers {missing}")
    length = warc.get_header("Content-Length").strip()
    if not length.isdigit():
        raise WarcFormatError(f"bad Content-Length {length!r}")
    length, start = int(length), warc.total_len   # the head's bytes, its empty line included
    # warcio drops a head line that is not "name: value" (nor a folded continuation).
    dropped = [line for line in raw[:start].splitlines()[1:]
               if line.strip() and line[:1] not in b" \t" and b":" not in line]
    if dropped:
        raise WarcFormatError(f"malformed header line {dropped[0]!r}")
    block = raw[start:start + length]
    if len(block) < length:
        raise WarcFormatError(f"block shorter ({len(block)}) than Content-Length ({length})")
    payload = parsed.raw_stream.read()   # as stored: no de-chunking, no decoding
    rec = WarcRecord(warc.protocol, warc.headers, block, parsed.http_headers, payload)
    if raw[start + length:] != b"\r\n\r\n":
        rec.problems.append("record not followed by exactly CRLF CRLF")
    if not _DATE_RE.match(rec.date):
        rec.problems.append(f"bad WARC-Date {rec.date!r}")
    if rec.http is not None and rec.record_type != "request" and rec.status is None:
        rec.problems.append(f"bad HTTP status line {rec.http.protocol} {rec.http.statusline!r}")
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


def warc_path(warcs_dir: Path, warc_file: str) -> Path:
    """``warcs_dir / warc_file``, refused (ValueError) if it leads outside ``warcs_dir``."""
    base = Path(warcs_dir).resolve()
    path = (base / warc_file).resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"{warc_file!r} is outside {base}")
    return path


def read_record(warcs_dir: Path, warc_file: str, offset: int, length: int) -> WarcRecord:
    with open(warc_path(warcs_dir, warc_file), "rb") as fh:
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
        for index, (offset, _length, raw) in enumerate(iter_members(path)):
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
