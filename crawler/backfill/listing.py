"""What a web archive holds of a source: listing queries, their answers, the captures kept.

Pure functions (no network, no store, no Scrapy), so the parsing is unit-tested alone.

Two kinds of archive are read:

- the Wayback Machine's CDX API (`--archive wayback`): one JSON query per URL prefix or
  domain, with server-side filters (only captures answered 200) and `collapse=digest`
  (adjacent captures of the same content count once), paged with a resume key;
- any Memento archive (`--archive URL`): the TimeMap at `URL/timemap/link/<url>*`
  (application/link-format), which lists each capture's URL and time but no digest.

Of the captures listed, one per page and content digest is kept (the earliest in the
range); each is fetched in its raw form (`<timestamp>id_`), as the page was served, without
the archive's rewriting or banner.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import UTC, date
from urllib.parse import urlencode, urlsplit, urlunsplit

from archive.history import ListedCapture, timestamp_to_iso
from archive.urls import canonical_url
from crawler.config import Source

WAYBACK = "https://web.archive.org"
CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
CDX_PAGE_SIZE = 5000
_TIMESTAMP_IN_URL = re.compile(r"/(\d{14})(?:[a-z]{2}_)?/")
_REGEX_META = set(".^$*+?{}[]\\|()")


class ListingError(Exception):
    """An archive's listing could not be read; the message says why in one sentence."""


@dataclass(frozen=True)
class Archive:
    """Where captures are listed and fetched: the Wayback CDX API or a Memento TimeMap."""

    name: str  # what `captures.archive` and `backfill_captures.archive` record
    kind: str  # 'cdx' or 'timemap'
    base: str

    @classmethod
    def parse(cls, value: str) -> Archive:
        """`wayback`, or the base URL of a Memento archive (its TimeMaps are at
        BASE/timemap/link/URL, e.g. https://web.archive.org/web or a pywb collection)."""
        if value.strip().lower() == "wayback":
            return cls(WAYBACK, "cdx", WAYBACK)
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--archive must be 'wayback' or an http(s) URL, not {value!r}")
        base = value.strip().rstrip("/")
        return cls(base, "timemap", base)

    def raw_url(self, timestamp: str, original: str) -> str:
        """The raw capture (`id_`: the archived bytes, no rewriting)."""
        return f"{self.base}/web/{timestamp}id_/{original}"


@dataclass(frozen=True)
class ArchivedFetch:
    """Carried in a request's meta on a fetch from an archive, so its `captures` row is
    marked third-party: the page's original URL (None for a listing) and the capture
    time the listing gave (the answer's Memento-Datetime wins when present)."""

    archive: str
    original: str | None = None
    archived_at: str | None = None

    def capture_time(self, memento_header: str | None) -> str | None:
        if self.original is None:
            return None
        return memento_datetime(memento_header) or self.archived_at


ARCHIVED_FETCH = "civcas_archived_fetch"


@dataclass(frozen=True)
class Target:
    """One listing query: every capture under `host` + `prefix` (a domain query when the
    prefix is just '/')."""

    scheme: str
    host: str
    prefix: str

    @property
    def match_type(self) -> str:
        return "domain" if self.prefix == "/" else "prefix"


@dataclass(frozen=True)
class CdxRow:
    urlkey: str
    timestamp: str
    original: str
    mimetype: str | None
    statuscode: str | None
    digest: str | None
    length: str | None


@dataclass(frozen=True)
class CdxPage:
    rows: list[CdxRow]
    resume_key: str | None = None


@dataclass(frozen=True)
class Memento:
    uri: str
    timestamp: str  # 14 digits
    original: str


# -- dates ------------------------------------------------------------------------------


def date_range(start: date, end: date) -> tuple[str, str, str, str]:
    """(from timestamp, to timestamp, from ISO, to ISO) covering whole days."""
    if end < start:
        raise ValueError("--to is before --from")
    lo, hi = start.strftime("%Y%m%d") + "000000", end.strftime("%Y%m%d") + "235959"
    return lo, hi, timestamp_to_iso(lo), timestamp_to_iso(hi)


def memento_datetime(value: str | None) -> str | None:
    """An HTTP date (Memento-Datetime header, TimeMap `datetime`) as ISO 8601, or None."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_to_timestamp(iso: str) -> str:
    return re.sub(r"\D", "", iso)[:14]


# -- what to ask for --------------------------------------------------------------------


def literal_prefix(pattern: str) -> str:
    """The fixed start of an anchored path pattern ('^/Media/Article/\\d+/' -> '/Media/Article/'),
    or '/' when the pattern has none (a lookahead, an alternation, no anchor)."""
    if not pattern.startswith("^/") or "|" in pattern:
        return "/"
    out: list[str] = []
    i = 1
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            out.append(pattern[i + 1])
            i += 2
            continue
        if ch in _REGEX_META:
            if ch in "?*{" and out:
                out.pop()  # the last character is optional: not part of the prefix
            break
        out.append(ch)
        i += 1
    return "".join(out) or "/"


def targets(source: Source) -> list[Target]:
    """The listing queries of a source: each documents pattern's fixed prefix on each
    allowed host (start URLs when it has no documents patterns); a host-wide query
    replaces the prefix queries it covers."""
    schemes = {urlsplit(u).hostname: urlsplit(u).scheme for u in source.start_urls}
    default_scheme = urlsplit(source.start_urls[0]).scheme if source.start_urls else "https"
    found: dict[str, set[str]] = {}
    for host in source.allowed_domains:
        if source.documents:
            prefixes = {literal_prefix(p.pattern) for p in source.documents}
        else:
            prefixes = {urlsplit(u).path or "/" for u in source.start_urls
                        if urlsplit(u).hostname == host}
        found.setdefault(host, set()).update(prefixes)
    out = []
    for host, prefixes in found.items():
        kept = sorted(p for p in prefixes
                      if not any(o != p and p.startswith(o) for o in prefixes))
        if "/" in kept:
            kept = ["/"]
        out += [Target(schemes.get(host, default_scheme), host, p) for p in kept]
    return out


def cdx_query_url(archive: Archive, target: Target, lo: str, hi: str,
                  resume_key: str | None = None) -> str:
    params = [
        ("url", target.host + (target.prefix if target.match_type == "prefix" else "")),
        ("matchType", target.match_type),
        ("from", lo),
        ("to", hi),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("filter", "statuscode:200"),
        ("collapse", "digest"),
        ("limit", str(CDX_PAGE_SIZE)),
        ("showResumeKey", "true"),
    ]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{archive.base}/cdx/search/cdx?{urlencode(params)}"


def timemap_url(archive: Archive, target: Target) -> str:
    return f"{archive.base}/timemap/link/{target.scheme}://{target.host}{target.prefix}*"


# -- reading answers --------------------------------------------------------------------


def parse_cdx_json(text: str) -> CdxPage:
    """Rows of a CDX answer with output=json: a header row of field names, then one row
    per capture; with showResumeKey an empty row and a one-element row with the key end it."""
    if not text.strip():
        return CdxPage([])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListingError(f"the CDX answer is not JSON: {exc.msg}") from exc
    if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
        raise ListingError("the CDX answer is not a list of rows")
    if not data:
        return CdxPage([])
    header, body = data[0], data[1:]
    resume_key = None
    if len(body) >= 2 and body[-2] == [] and len(body[-1]) == 1:
        resume_key, body = str(body[-1][0]), body[:-2]
    missing = [f for f in ("timestamp", "original") if f not in header]
    if missing:
        raise ListingError(f"the CDX answer lacks the field(s) {', '.join(missing)}")
    rows = []
    for raw in body:
        if len(raw) != len(header):
            raise ListingError(f"a CDX row has {len(raw)} fields, the header {len(header)}")
        rec = dict(zip(header, raw, strict=True))
        rows.append(CdxRow(
            urlkey=rec.get("urlkey", ""), timestamp=str(rec["timestamp"]),
            original=rec["original"], mimetype=rec.get("mimetype"),
            statuscode=rec.get("statuscode"), digest=rec.get("digest"), length=rec.get("length"),
        ))
    return CdxPage(rows, resume_key)


def _link_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """application/link-format (RFC 6690): `<uri>; key="value"; key=value, <uri>; ...`.
    Commas inside quoted values (HTTP dates) do not end an entry."""
    entries: list[tuple[str, dict[str, str]]] = []
    i, n = 0, len(text)
    while i < n:
        start = text.find("<", i)
        if start < 0:
            break
        end = text.find(">", start)
        if end < 0:
            raise ListingError("a TimeMap link is not closed with '>'")
        uri, params, i = text[start + 1:end].strip(), {}, end + 1
        while i < n:
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i >= n or text[i] == ",":
                i += 1
                break
            if text[i] != ";":
                raise ListingError(f"unexpected {text[i]!r} in a TimeMap after <{uri}>")
            i += 1
            m = re.compile(r'\s*([A-Za-z0-9_*-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*))?').match(text, i)
            if not m or not m.group(1):
                raise ListingError(f"a TimeMap parameter after <{uri}> cannot be read")
            value = m.group(2) or ""
            if value.startswith('"'):
                value = value[1:-1].replace('\\"', '"')
            params[m.group(1).lower()] = value
            i = m.end()
        entries.append((uri, params))
    return entries


def parse_timemap(text: str) -> list[Memento]:
    """The mementos of a TimeMap. A memento's original URL is read from its own URI when
    the archive spells it `/<14-digit timestamp>/<original>` (Wayback, pywb), else it is
    the TimeMap's `rel="original"` link."""
    entries = _link_entries(text)
    original = next((u for u, p in entries if "original" in p.get("rel", "").split()), None)
    out = []
    for uri, params in entries:
        if "memento" not in params.get("rel", "").split():
            continue
        m = _TIMESTAMP_IN_URL.search(uri)
        iso = memento_datetime(params.get("datetime"))
        if m:
            timestamp = m.group(1)
            page = uri[m.end():]
        elif iso:
            timestamp, page = iso_to_timestamp(iso), original
        else:
            raise ListingError(f"the memento <{uri}> has no datetime")
        if not page:
            raise ListingError(f"the original URL of memento <{uri}> is unknown")
        out.append(Memento(uri, timestamp, page))
    return out


def raw_memento_url(uri: str) -> str:
    """A memento URI in its raw form: `id_` after the timestamp, when the archive spells
    its URIs that way; otherwise unchanged."""
    return _TIMESTAMP_IN_URL.sub(lambda m: f"/{m.group(1)}id_/", uri, count=1)


# -- choosing captures ------------------------------------------------------------------


def _host_allowed(host: str, source: Source) -> bool:
    return any(host == d or host.endswith("." + d) for d in source.allowed_domains)


def is_document(original: str, source: Source) -> bool:
    parts = urlsplit(original)
    if not _host_allowed((parts.hostname or "").lower(), source):
        return False
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return any(p.search(target) for p in source.documents)


def document_url(original: str, source: Source) -> str:
    """The document URL of an archived original: canonical, and in the scheme the source
    uses for that host today (archives hold many pages under http://, often with :80)."""
    parts = urlsplit(original)
    host = (parts.hostname or "").lower()
    schemes = {urlsplit(u).hostname: urlsplit(u).scheme for u in source.start_urls}
    scheme = schemes.get(host) or (urlsplit(source.start_urls[0]).scheme if source.start_urls
                                   else parts.scheme)
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    return canonical_url(urlunsplit((scheme, netloc, parts.path, parts.query, "")),
                         source.ignore_params)


def choose_cdx(rows: list[CdxRow], source: Source, archive: Archive, lo: str, hi: str
               ) -> list[ListedCapture]:
    """One capture per document and content digest, the earliest in [lo, hi]; only pages
    the source keeps as documents, only captures the archive got a 200 for."""
    chosen: dict[tuple[str, str], ListedCapture] = {}
    for row in rows:
        if row.statuscode not in (None, "200") or not (lo <= row.timestamp <= hi):
            continue
        if not is_document(row.original, source):
            continue
        url = document_url(row.original, source)
        key = (url, row.digest or row.timestamp)
        capture = ListedCapture(url, row.original, row.timestamp,
                                archive.raw_url(row.timestamp, row.original), row.digest,
                                row.mimetype)
        if key not in chosen or capture.timestamp < chosen[key].timestamp:
            chosen[key] = capture
    return sorted(chosen.values(), key=lambda c: (c.timestamp, c.url))


def choose_mementos(mementos: list[Memento], source: Source, lo: str, hi: str
                    ) -> list[ListedCapture]:
    """A TimeMap gives no digests: every capture in range of a document page is kept, and
    captures with the same content become one version when stored."""
    chosen: dict[tuple[str, str], ListedCapture] = {}
    for m in mementos:
        if not (lo <= m.timestamp <= hi) or not is_document(m.original, source):
            continue
        url = document_url(m.original, source)
        chosen.setdefault((url, m.timestamp),
                          ListedCapture(url, m.original, m.timestamp, raw_memento_url(m.uri)))
    return sorted(chosen.values(), key=lambda c: (c.timestamp, c.url))
