"""Removing transfer- and content-encodings from stored HTTP payloads (pure Python)."""
from __future__ import annotations

import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class DecodedBody:
    data: bytes
    complete: bool              # False if a compressed stream ended early or was corrupt
    encodings: tuple[str, ...]  # content-codings removed, outermost last as in the header
    error: str | None = None


# The error of a body that decodes to more than the `limit` asked for (a "gzip bomb").
OVER_LIMIT = "decoded body over the size limit"


def decode_body(payload: bytes, headers: list[tuple[str, str]],
                limit: int | None = None) -> DecodedBody:
    """Undo chunking (if a Transfer-Encoding header says so) and the content-codings.

    With a `limit`, gzip and deflate stop after about that many decoded bytes (the
    result is then incomplete, with the error OVER_LIMIT): a few kilobytes can inflate
    to gigabytes."""
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
    out, pos = [], 0
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
    out, pending, size = [], data, 0
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
        try:
            import brotli
        except ImportError:
            return b"", False, "br decoder unavailable (pip install brotli)", True
        dec = brotli.Decompressor()
        try:
            out = dec.process(data)
        except brotli.error as e:
            return b"", False, f"br: {e}", True
        done = dec.is_finished()
        return out, done, None if done else "br: stream ends early", False
    return b"", False, f"unsupported content-encoding {coding!r}", True
