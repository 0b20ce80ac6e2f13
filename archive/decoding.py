"""Removing transfer- and content-encodings from stored HTTP payloads (pure Python).

Every decoder here stops at a size limit (a few kilobytes of gzip, brotli or zstd can
decode to gigabytes: a "bomb"), and the crawler advertises in Accept-Encoding exactly
the codings this module reads (`ACCEPT_ENCODING`), so nothing a server is invited to
send is left undecodable."""
from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass

try:
    import brotli
except ImportError:  # pragma: no cover - Scrapy depends on it
    brotli = None
try:
    if sys.version_info >= (3, 14):  # in the standard library
        from compression import zstd
    else:
        from backports import zstd
except ImportError:  # pragma: no cover - a declared dependency; _decode says what is missing
    zstd = None  # type: ignore[assignment]  # a module or None: read only after `if zstd is None`


@dataclass(frozen=True)
class DecodedBody:
    data: bytes
    complete: bool              # False if a compressed stream ended early or was corrupt
    encodings: tuple[str, ...]  # content-codings removed, outermost last as in the header
    error: str | None = None


# The error of a body that decodes to more than the `limit` asked for (a "gzip bomb").
OVER_LIMIT = "decoded body over the size limit"
# What a caller that names no limit gets: far above any page civcas keeps, far below
# what a bomb would take.
DEFAULT_LIMIT = 256 * 1024 * 1024
_STEP = 1 << 20  # decoded bytes asked of a decoder at a time
# The content-codings decoded here, in the order a request advertises them.
DECODABLE = ("gzip", "deflate") + (("br",) if brotli else ()) + (("zstd",) if zstd else ())
ACCEPT_ENCODING = ", ".join(DECODABLE)


def decode_body(payload: bytes, headers: list[tuple[str, str]],
                limit: int | None = DEFAULT_LIMIT) -> DecodedBody:
    """Undo chunking (if a Transfer-Encoding header says so) and the content-codings.

    Every coding (and each of stacked codings) stops after about `limit` decoded bytes
    (the result is then incomplete, with the error OVER_LIMIT); `None` means no limit,
    for callers that bound the input themselves."""
    def values(name):
        return [v for k, v in headers if k.strip().lower() == name]

    data = payload
    if any("chunked" in v.lower() for v in values("transfer-encoding")):
        data = _dechunk(data)           # other tools' files may keep chunking
    codings = [c.strip().lower() for v in values("content-encoding")
               for c in v.split(",") if c.strip()]
    done: list[str] = []
    if not data:    # revisit records, HEAD, 204/304: nothing was encoded
        return DecodedBody(b"", True, ())
    for coding in reversed(codings):
        if coding == "identity":
            continue
        decoded, complete, error, unusable = _decode(coding, data, limit)
        if unusable:
            return DecodedBody(data, False, tuple(reversed(done)), error)
        data = decoded
        done.append(coding)
        if not complete:
            return DecodedBody(data, False, tuple(reversed(done)), error)
    return DecodedBody(data, True, tuple(reversed(done)))


def _dechunk(data: bytes) -> bytes:
    """De-chunk; if the data is not valid chunking, return it unchanged (as pywb does)."""
    out: list[bytes] = []
    pos = 0
    try:
        while True:
            nl = data.index(b"\n", pos)
            size = int(data[pos:nl].split(b";")[0].strip(), 16)
            pos = nl + 1
            if size == 0:
                return b"".join(out)
            if pos + size > len(data):
                out.append(data[pos:])
                return b"".join(out)
            out.append(data[pos:pos + size])
            pos += size
            pos += 2 if data[pos:pos + 2] == b"\r\n" else 1
    except ValueError:
        return data


def _inflate(data: bytes, bits: int, limit: int | None = None) -> tuple[list[bytes], bool, str | None]:
    """Inflate in slices so a corrupt middle keeps what came before; follow gzip members;
    never hold much more than `limit` decoded bytes."""
    out: list[bytes] = []
    pending, size = data, 0
    while True:
        dec = zlib.decompressobj(bits)
        rest = b""
        for start in range(0, len(pending), 1 << 16):
            chunk = pending[start:start + (1 << 16)]
            rest = pending[start + (1 << 16):]
            while chunk:
                try:
                    piece = dec.decompress(chunk, 1 << 20)  # at most 1 MiB out per step
                except zlib.error as e:
                    return out, False, str(e)
                out.append(piece)
                size += len(piece)
                if limit is not None and size > limit:
                    return out, False, OVER_LIMIT
                chunk = dec.unconsumed_tail
            if dec.eof:
                break
        if not dec.eof:
            return out, False, "stream ends early"
        pending = (dec.unused_data + rest).lstrip(b"\0")  # the next member, if any
        if not pending.startswith(b"\x1f\x8b"):
            return out, True, None   # another gzip member may follow; ignore other bytes


def _decode(coding: str, data: bytes, limit: int | None = None) -> tuple[bytes, bool, str | None, bool]:
    """(decoded, complete, error, unusable); unusable means the data is not in that coding
    at all (nothing decoded and not merely cut off), so the caller keeps the raw bytes."""
    if coding in ("gzip", "x-gzip", "deflate"):
        wbits = [47] if coding != "deflate" else [15, -15]   # deflate: zlib, else raw
        for bits in wbits:
            out, complete, error = _inflate(data, bits, limit)
            result = b"".join(out)
            if complete or result or error == "stream ends early" or bits == wbits[-1]:
                unusable = not result and error not in (None, "stream ends early")
                return result, complete, error and f"{coding}: {error}", unusable
    if coding == "br":
        if brotli is None:
            return b"", False, "br decoder unavailable (pip install brotli)", True
        return _unbrotli(data, limit)
    if coding == "zstd":
        if zstd is None:
            return b"", False, "zstd decoder unavailable (pip install backports.zstd)", True
        return _unzstd(data, limit)
    return b"", False, f"unsupported content-encoding {coding!r}", True


def _unbrotli(data: bytes, limit: int | None) -> tuple[bytes, bool, str | None, bool]:
    """Brotli, never holding much more than `limit` decoded bytes."""
    dec, out, size, pos = brotli.Decompressor(), [], 0, 0
    try:
        while not dec.is_finished():
            if dec.can_accept_more_data():
                if pos >= len(data):
                    break
                chunk, pos = data[pos:pos + (1 << 16)], pos + (1 << 16)
            else:
                chunk = b""  # the decoder still holds output from earlier input
            piece = dec.process(chunk, output_buffer_limit=_STEP)
            out.append(piece)
            size += len(piece)
            if limit is not None and size > limit:
                return b"".join(out), False, f"br: {OVER_LIMIT}", False
    except brotli.error as e:
        return b"".join(out), False, f"br: {e}", not size
    done = dec.is_finished()
    return b"".join(out), done, None if done else "br: stream ends early", False


def _unzstd(data: bytes, limit: int | None) -> tuple[bytes, bool, str | None, bool]:
    """Zstandard, frame after frame, never holding much more than `limit` decoded bytes."""
    out, size, pending = [], 0, data
    try:
        while pending:
            dec, chunk = zstd.ZstdDecompressor(), pending
            while not dec.eof:
                piece = dec.decompress(chunk, _STEP)
                chunk = b""
                out.append(piece)
                size += len(piece)
                if limit is not None and size > limit:
                    return b"".join(out), False, f"zstd: {OVER_LIMIT}", False
                if dec.needs_input and not dec.eof:
                    return b"".join(out), False, "zstd: stream ends early", False
            pending = dec.unused_data
            if not pending.startswith(b"\x28\xb5\x2f\xfd"):
                break  # another frame may follow; ignore other bytes (as for gzip)
    except zstd.ZstdError as e:
        return b"".join(out), False, f"zstd: {e}", not size
    return b"".join(out), True, None, False
