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


def decode_body(payload: bytes, headers: list[tuple[str, str]]) -> DecodedBody:
    """Undo chunking (if a Transfer-Encoding header says so) and the content-codings."""
    def values(name):
        return [v for k, v in headers if k.strip().lower() == name]

    data = payload
    if any("chunked" in v.lower() for v in values("transfer-encoding")):
        data = _dechunk(data)           # other tools' files may keep chunking
    codings = [c.strip().lower() for v in values("content-encoding")
               for c in v.split(",") if c.strip()]
    done: list[str] = []
    for coding in reversed(codings):
        if coding == "identity":
            continue
        data, complete, error = _decode(coding, data)
        if error and not done and not data:
            return DecodedBody(payload, False, (), error)
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


def _decode(coding: str, data: bytes) -> tuple[bytes, bool, str | None]:
    if coding in ("gzip", "x-gzip", "deflate"):
        wbits = [47] if coding != "deflate" else [15, -15]   # deflate: zlib, else raw
        for bits in wbits:
            out, pending, dec = [], data, None
            try:
                while pending:
                    dec = zlib.decompressobj(bits)
                    out.append(dec.decompress(pending))
                    if not dec.eof:
                        break
                    pending = dec.unused_data.lstrip(b"\0")
                    if not pending.startswith(b"\x1f\x8b"):
                        break   # another gzip member may follow; ignore other trailing bytes
                if dec is not None and not dec.eof:
                    return b"".join(out), False, f"{coding} stream ends early"
                return b"".join(out), True, None
            except zlib.error as e:
                if out or bits == wbits[-1]:
                    return b"".join(out), False, f"{coding}: {e}"
        return b"", False, coding
    if coding == "br":
        try:
            import brotli
        except ImportError:
            return b"", False, "br decoder unavailable (pip install brotli)"
        dec = brotli.Decompressor()
        try:
            out = dec.process(data)
        except brotli.error as e:
            return b"", False, f"br: {e}"
        return out, dec.is_finished(), None if dec.is_finished() else "br stream ends early"
    return b"", False, f"unsupported content-encoding {coding!r}"
