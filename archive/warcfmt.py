"""Byte-level pieces of civcas WARC records: dates, digests, HTTP heads, record framing.

See ``archive.warc`` for the format decisions (Transfer-Encoding renaming, header
encoding).  Pure Python; never imports scrapy.
"""
from __future__ import annotations

import hashlib
import http
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

WARC_VERSION = "WARC/1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
REVISIT_PROFILES = {
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
}
TRUNCATED_REASONS = ("length", "time", "disconnect", "unspecified")
CRLF = b"\r\n"


def civcas_version() -> str:
    try:
        from importlib.metadata import version
        return version("civcas")
    except Exception:  # not installed: read the checkout's pyproject.toml
        try:
            import tomllib
            pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except Exception:
            return "unknown"


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def warc_date(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware (UTC)")
    # isoformat is several times cheaper than strftime; same text for years 1000-9999.
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(
        timespec="microseconds") + "Z"


def _check_field(text: str, what: str) -> str:
    if "\r" in text or "\n" in text:
        raise ValueError(f"{what} contains CR or LF: {text!r}")
    return text


def _header_bytes(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _http_head(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    for name, _ in headers:
        if not name or ":" in name or name != name.strip():
            raise ValueError(f"invalid header name {name!r}")
    lines = [first_line, *[f"{name}: {value}" for name, value in headers]]
    text = "\r\n".join(lines)
    if text.count("\r") != len(lines) - 1 or "\n" in text.replace("\r\n", ""):
        _find_line_break(first_line, headers)  # raises, naming the field
    # One encode for the whole head; a value above U+00FF is written as UTF-8.
    try:
        return text.encode("latin-1") + CRLF + CRLF
    except UnicodeEncodeError:
        parts = [_header_bytes(first_line)]
        parts += [_header_bytes(name) + b": " + _header_bytes(value) for name, value in headers]
        return CRLF.join(parts) + CRLF + CRLF


def _find_line_break(first_line: str, headers: list[tuple[str, str]]) -> None:
    _check_field(first_line, "start line")
    for name, value in headers:
        _check_field(name, "header name")
        _check_field(value, "header value")


def http_protocol(protocol: str) -> str:
    """Map ALPN tokens to the HTTP-version form used in status lines."""
    alpn = {"h2": "HTTP/2", "h3": "HTTP/3", "http/1.1": "HTTP/1.1", "http/1.0": "HTTP/1.0"}
    protocol = protocol.strip()
    if not protocol or " " in protocol:
        raise ValueError(f"invalid protocol {protocol!r}")
    return alpn.get(protocol.lower(), protocol)


_REASONS = {status.value: status.phrase for status in http.HTTPStatus}


def _renamed_transfer_encoding(head: bytes) -> bytes:
    lines = head.split(CRLF)
    for i, line in enumerate(lines[1:], 1):
        name, sep, value = line.partition(b":")
        if sep and name.strip().lower() == b"transfer-encoding":
            lines[i] = b"X-Archive-Orig-Transfer-Encoding:" + value
    return CRLF.join(lines)


def response_head(ex) -> bytes:  # ex: HttpExchange
    """Status line and headers of the response, as we store them."""
    if ex.response_head_raw:
        # As received; only the chunking header is renamed (see below).
        return _renamed_transfer_encoding(ex.response_head_raw)
    reason = ex.reason or _REASONS.get(int(ex.status), "")
    headers = []
    for name, value in ex.response_headers:
        # The HTTP client already removed the chunking from the body we store; a kept
        # "Transfer-Encoding: chunked" would make readers de-chunk an unchunked body.
        # Keep the value, under a name readers ignore (see archive.warc's docstring).
        if name.strip().lower() == "transfer-encoding":
            name = "X-Archive-Orig-Transfer-Encoding"
        headers.append((name, value))
    return _http_head(f"{http_protocol(ex.protocol)} {int(ex.status):03d} {reason}", headers)


def request_head(ex) -> bytes:  # ex: HttpExchange
    """Request line (origin-form target, query kept) and headers; Host added if absent."""
    if ex.request_head_raw:
        return ex.request_head_raw  # as sent
    parts = urlsplit(ex.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    elif ex.url.split("#", 1)[0].endswith("?"):
        target += "?"
    version = http_protocol(ex.protocol)
    if not version.startswith("HTTP/2") and not version.startswith("HTTP/3"):
        version = "HTTP/1.1"
    headers = ex.request_headers
    for name, _ in headers:
        if name.strip().lower() == "host":
            break
    else:
        headers = [("Host", parts.netloc.rpartition("@")[2]), *headers]
    return _http_head(f"{ex.method.upper()} {target} {version}", headers)


def build_record_parts(headers: list[tuple[str, str]], block: bytes) -> tuple[bytes, bytes, bytes]:
    """An uncompressed WARC record as (head, block, trailer): the version line, headers
    and Content-Length, then the block, then CRLFCRLF."""
    lines = [WARC_VERSION, *[f"{name}: {value}" for name, value in headers],
             f"Content-Length: {len(block)}"]
    text = "\r\n".join(lines)
    if text.count("\r") != len(lines) - 1 or "\n" in text.replace("\r\n", ""):
        for name, value in headers:
            _check_field(value, name)  # raises, naming the field
    return text.encode("utf-8") + CRLF + CRLF, block, CRLF + CRLF


def build_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """Uncompressed WARC record: version line, headers, Content-Length, block, CRLFCRLF."""
    return b"".join(build_record_parts(headers, block))


_WHITESPACE = re.compile(r"\s")


def _check_uri(uri: str) -> str:
    _check_field(uri, "URI")
    if not uri or _WHITESPACE.search(uri):
        raise ValueError(f"URI must not be empty or contain whitespace: {uri!r}")
    return uri
