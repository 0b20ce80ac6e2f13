"""CDXJ index lines for civcas WARC files (pure Python; never imports scrapy).

A line is ``<SURT> <YYYYMMDDhhmmss> <json>``; the JSON has ``url``, ``mime``, ``status``,
``digest``, ``length``, ``offset`` and ``filename`` (``status``, ``length`` and
``offset`` as strings, as pywb writes them).  Lines are sorted in byte order.  Only
``response``, ``revisit`` and ``resource`` records are indexed; revisits get
``mime: "warc/revisit"`` as in pywb indexes.
"""
from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .atomic import replacing
from .reader import iter_records, warc_path

INDEXED_TYPES = ("response", "revisit", "resource")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def surt(url: str) -> str:
    """SURT key: scheme dropped, host lowercased without ``www.``, its labels (or IPv4
    octets) reversed and joined by ``,``, a non-default port kept as ``:port``, then
    ``)``, the path without a trailing slash and the query with its parameters sorted,
    all lowercased: the keys pywb computes for its look-ups (its ``surt`` package).  Fragments are
    dropped.  URIs that are not http(s) (``urn:dom:...``) are only lowercased."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return url.strip().lower()
    host = (parts.hostname or "").rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if _is_ip(host) and ":" in host:
        key = host  # IPv6 literal: kept as it is
    else:  # labels (and IPv4 octets, as the `surt` package pywb uses does) reversed
        key = ",".join(reversed(host.split(".")))
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        key += f":{port}"
    path = _escape(parts.path) or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]  # pywb looks pages up without the trailing slash
    key += ")" + path
    if parts.query:
        key += "?" + "&".join(sorted(_escape(parts.query).split("&")))
    return key.lower()


# Percent-encoding as pywb's canonicaliser leaves it: decoded, then only characters
# outside this set (spaces, controls, non-ASCII) escaped again.
_SAFE = "!\"$&'()*+,-./:;<=>?@[\\]^_`{|}~"


def _escape(text: str) -> str:
    previous = None
    while previous != text:  # %252C -> %2C -> ,
        previous, text = text, unquote(text)
    return quote(text, safe=_SAFE)


def _timestamp(warc_date: str) -> str:
    digits = "".join(c for c in warc_date.split(".")[0] if c.isdigit())
    if len(digits) != 14:
        raise ValueError(f"bad WARC-Date {warc_date!r}")
    return digits


def _mime(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower() or "unk"


def cdxj_lines(warcs_dir: Path, warc_file: str) -> list[str]:
    lines = []
    for offset, length, rec in iter_records(warc_path(warcs_dir, warc_file)):
        if rec.record_type not in INDEXED_TYPES or not rec.target_uri:
            continue
        entry = {"url": rec.target_uri}
        if rec.record_type == "revisit":
            entry["mime"] = "warc/revisit"
        elif rec.record_type == "response" and rec.http:
            entry["mime"] = _mime(rec.http.get_header("Content-Type"))
        else:
            entry["mime"] = _mime(rec.content_type)
        if rec.status is not None:
            entry["status"] = str(rec.status)
        elif rec.record_type == "resource":
            entry["status"] = "200"
        digest = rec.header("WARC-Payload-Digest") or rec.header("WARC-Block-Digest")
        if digest:
            entry["digest"] = digest
        entry.update(length=str(length), offset=str(offset), filename=warc_file)
        lines.append(f"{surt(rec.target_uri)} {_timestamp(rec.date)} {json.dumps(entry)}")
    lines.sort(key=lambda line: line.encode("utf-8"))
    return lines


def write_index(warcs_dir: Path, warc_file: str, indexes_dir: Path) -> Path:
    """Write ``<indexes_dir>/<warc file name>.cdxj`` atomically; return its path."""
    lines = cdxj_lines(warcs_dir, warc_file)
    target = Path(indexes_dir) / (Path(warc_file).name + ".cdxj")
    with replacing(target) as tmp:
        tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
    return target
