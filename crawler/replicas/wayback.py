"""web.archive.org: a small Wayback Machine holding historic captures of replica pages.

Served under /web.archive.org/ like every replica host:

- `/cdx/search/cdx?url=...`: the CDX API (matchType exact/prefix/host/domain or a
  trailing `*`, from/to, filter=[!]field:regex, collapse=field, fl, output=json or text,
  limit with showResumeKey/resumeKey);
- `/web/<timestamp>id_/<url>`: a raw capture, bytes as archived, with Memento-Datetime and
  Link headers; another timestamp redirects (302) to the nearest capture;
- `/web/<timestamp>/<url>`: the same capture rewritten for browsing (links into the
  archive, a toolbar), which a backfill must never store;
- `/web/timemap/link/<url>[*]`: a Memento TimeMap (application/link-format).

The captures are the replica's own pages as they stood at each time: the October 2016
civilian-casualty report as first published (captured twice) and as revised in April 2020,
the February 2020 report, a 2018 report captured after the tests' range, a SOHR post the
live site has removed (round 2), SOHR's March 2015 tally post under its old http:// URL,
and captures the CDX filters must drop (a listing page, a redirect, a 404).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from . import civcas, dod, sohr, world
from .common import HTML, TEXT, http_date

HOST = "web.archive.org"
ORIGIN = "https://" + HOST
LINK_FORMAT = "application/link-format"
TOOLBAR = ('<div id="wm-ipp-base" style="display:block"><div id="wm-ipp">'
           '<a href="/web/">INTERNET ARCHIVE Wayback Machine</a> captured this page</div></div>')


@dataclass(frozen=True)
class Capture:
    timestamp: str  # 14 digits
    original: str  # as the archive recorded it (scheme, port and all)
    status: int
    mimetype: str
    body: bytes
    location: str | None = None

    @property
    def urlkey(self) -> str:
        return surt(self.original)

    @property
    def digest(self) -> str:
        # The Wayback's digest: base32 of the SHA-1 of the payload.
        return base64.b32encode(hashlib.sha1(self.body).digest()).decode()

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def surt(url: str) -> str:
    """Sort-friendly URI key: 'https://www.Example.org:443/A?b=1' -> 'org,example)/a?b=1'."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    labels = (parts.hostname or "").lower().split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    key = ",".join(reversed(labels)) + ")" + (parts.path or "/").lower()
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.lower().split("&")))
    return key


def _report_bytes(report_id: str, revised: bool = False) -> bytes:
    r = next(x for x in civcas.reports() if x["id"] == report_id)
    return dod.report_page(r, revised).encode("utf-8")


def _report_url(report_id: str, origin: str = dod.IR) -> str:
    r = next(x for x in civcas.reports() if x["id"] == report_id)
    return origin + dod.report_path(r)


def _sohr_bytes(path: str) -> bytes:
    path_, date, title, ps = next(e for e in sohr.EN if e[0] == path)
    return sohr._en_page(path_, date, title, ps).encode("utf-8")


@functools.cache
def captures() -> tuple[Capture, ...]:
    listing = world.lookup("www.inherentresolve.mil", dod.NEWS, "", 1)
    if listing is None:
        raise LookupError(f"the replica world has no {dod.NEWS}")
    removed = sohr.REMOVED
    tally = next(e[0] for e in sohr.EN if e[0].startswith("/en/2015/03/"))
    found = [
        # The October 2016 report as first published, twice (one content), then revised.
        Capture("20161210093012", _report_url("R2016-10", "http://www.inherentresolve.mil:80"),
                200, "text/html", _report_bytes("R2016-10")),
        Capture("20170301120455", _report_url("R2016-10"), 200, "text/html",
                _report_bytes("R2016-10")),
        Capture("20200415083000", _report_url("R2016-10"), 200, "text/html",
                _report_bytes("R2016-10", revised=True)),
        Capture("20200410164512", _report_url("R2020-02"), 200, "text/html",
                _report_bytes("R2020-02")),
        Capture("20210301000000", _report_url("R2018-10"), 200, "text/html",
                _report_bytes("R2018-10")),
        # A report page withdrawn by 2018: the archive kept its 404. CDX queries filter it
        # out (statuscode:200); a TimeMap lists it, so a Memento backfill fetches it. Its
        # slug is a monthly report's, so the source's documents patterns keep it.
        Capture("20180601000000", dod.IR + dod.NEWS + "Article/9999999/"
                "withdrawn-monthly-civilian-casualty-report/", 404,
                "text/html", b"<html><body><h1>404 - Page not found</h1></body></html>"),
        # Not documents of any source: never fetched by a backfill.
        Capture("20170105110000", dod.IR + dod.NEWS, 200, "text/html", listing.body),
        Capture("20190101000000", "http://www.inherentresolve.mil/News/Strike-Releases/", 301,
                "text/html", b"", location=dod.IR + dod.STRIKES),
        # SOHR: a post the live site removes in round 2, and the 2015 tally post.
        Capture("20181113101500", sohr.S + removed, 200, "text/html", _sohr_bytes(removed)),
        Capture("20150325080000", "http://www.syriahr.com" + tally, 200, "text/html",
                _sohr_bytes(tally)),
    ]
    return tuple(sorted(found, key=lambda c: (c.urlkey, c.timestamp)))


# -- CDX API ------------------------------------------------------------------------------


def _url_match(url: str, match_type: str):
    if url.endswith("*"):
        url, match_type = url[:-1], "prefix"
    key = surt(url)
    host_key = key.split(")", 1)[0]
    if match_type == "prefix":
        return lambda c: c.urlkey.startswith(key)
    if match_type == "host":
        return lambda c: c.urlkey.startswith(host_key + ")")
    if match_type == "domain":
        return lambda c: c.urlkey.split(")", 1)[0] == host_key or c.urlkey.startswith(host_key + ",")
    return lambda c: c.urlkey == key


def _field(c: Capture, name: str) -> str:
    return {"urlkey": c.urlkey, "timestamp": c.timestamp, "original": c.original,
            "mimetype": c.mimetype, "statuscode": str(c.status), "digest": c.digest,
            "length": str(len(c.body) + 400), "redirect": c.location or "-"}.get(name, "-")


def cdx(query: str) -> tuple[int, bytes, str]:
    params = parse_qsl(query, keep_blank_values=True)
    one = dict(params)
    if not one.get("url"):
        return 400, b"url parameter is required\n", TEXT
    match = _url_match(one["url"], one.get("matchType", "exact"))
    lo = one.get("from", "").ljust(14, "0")
    hi = one.get("to", "").ljust(14, "9") if one.get("to") else "9" * 14
    rows = [c for c in captures() if match(c) and lo <= c.timestamp <= hi]
    for _, spec in (p for p in params if p[0] == "filter"):
        negate, spec = spec.startswith("!"), spec.lstrip("!")
        name, _, pattern = spec.partition(":")
        rx = re.compile(pattern)
        rows = [c for c in rows if bool(rx.fullmatch(_field(c, name))) != negate]
    for _, name in (p for p in params if p[0] == "collapse"):
        kept, last = [], None
        for c in rows:  # adjacent rows with the same value count once
            if _field(c, name) != last:
                kept.append(c)
            last = _field(c, name)
        rows = kept
    if one.get("resumeKey"):
        after = tuple(unquote(one["resumeKey"]).split(" ", 1))
        rows = [c for c in rows if (c.urlkey, c.timestamp) > after]
    resume = None
    limit = int(one["limit"]) if one.get("limit", "").isdigit() else None
    if limit is not None and len(rows) > limit:
        rows = rows[:limit]
        if one.get("showResumeKey") == "true":
            resume = quote(f"{rows[-1].urlkey} {rows[-1].timestamp}")
    fields = [f for f in one.get("fl", "").split(",") if f] or \
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    table = [[_field(c, f) for f in fields] for c in rows]
    if one.get("output") == "json":
        out = [fields] + table if table else []
        if resume:
            out += [[], [resume]]
        return 200, json.dumps(out).encode(), "application/json"
    lines = [" ".join(r) for r in table] + (["", resume] if resume else [])
    return 200, ("\n".join(lines) + "\n").encode() if lines else b"", TEXT


# -- captures and TimeMaps ----------------------------------------------------------------


_WEB = re.compile(r"^/web/(\d{1,14})(id_|[a-z]{2}_)?/(.+)$")


def _find(timestamp: str, original: str) -> Capture | None:
    key = surt(original)
    same = [c for c in captures() if c.urlkey == key]
    if not same:
        return None
    wanted = int(timestamp.ljust(14, "0"))
    return min(same, key=lambda c: abs(int(c.timestamp) - wanted))


def _links(base: str, c: Capture) -> str:
    return (f'<{c.original}>; rel="original", '
            f'<{base}/web/timemap/link/{c.original}>; rel="timemap"; type="{LINK_FORMAT}", '
            f'<{base}/web/{c.timestamp}/{c.original}>; rel="memento"; datetime="{http_date(c.when)}"')


def _rewrite(c: Capture, base: str) -> bytes:
    """The browsing view: links into the archive and the toolbar (what `id_` avoids)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(c.original))
    text = c.body.decode("utf-8", "replace")
    text = re.sub(r'(href|src)="/(?!/)', lambda m: f'{m.group(1)}="{base}/web/{c.timestamp}/{origin}/', text)
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + TOOLBAR, text, count=1)
    return text.encode("utf-8")


def timemap(base: str, url: str) -> tuple[int, bytes]:
    """(how many mementos, the TimeMap) for a URL, or for every URL under it with `*`."""
    prefix = url.endswith("*")
    match = _url_match(url, "prefix" if prefix else "exact")
    found = sorted((c for c in captures() if match(c)), key=lambda c: c.timestamp)
    lines = [f'<{url.rstrip("*")}>; rel="original"',
             f'<{base}/web/timemap/link/{url}>; rel="self"; type="{LINK_FORMAT}"']
    for i, c in enumerate(found):
        rel = "first memento" if i == 0 else "last memento" if i == len(found) - 1 else "memento"
        lines.append(f'<{base}/web/{c.timestamp}/{c.original}>; rel="{rel}"; '
                     f'datetime="{http_date(c.when)}"')
    return len(found), (",\n".join(lines) + "\n").encode()


def handle(h, path: str, query: str, head: bool) -> None:
    """Serve one request for web.archive.org on handler h."""
    base = f"http://{h.headers.get('Host', '127.0.0.1')}/{HOST}"
    if path == "/robots.txt":
        return h._send(200, b"User-agent: *\nDisallow: /_static/\nAllow: /\n", TEXT, head)
    if path == "/cdx/search/cdx":
        status, body, ctype = cdx(query)
        return h._send(status, body, ctype, head)
    raw = path + (f"?{query}" if query else "")
    if raw.startswith("/web/timemap/link/"):
        url = raw[len("/web/timemap/link/"):]
        count, body = timemap(base, url)
        if not count:
            return h._send(404, b"no captures\n", TEXT, head)
        return h._send(200, body, LINK_FORMAT, head)
    m = _WEB.match(raw)
    if not m:
        return h._send(404, b"<html><body>Not in the archive.</body></html>", HTML, head)
    timestamp, mode, original = m.groups()
    c = _find(timestamp, original)
    if c is None:
        return h._send(404, b"<html><body>Wayback Machine has not archived that URL.</body></html>",
                       HTML, head)
    if c.timestamp != timestamp:
        return h._send(302, b"", HTML, head,
                       [("Location", f"{base}/web/{c.timestamp}{mode or ''}/{c.original}")])
    headers = [("Memento-Datetime", http_date(c.when)), ("Link", _links(base, c)),
               ("X-Archive-Src", "civcas-replica-00000.warc.gz")]
    if c.location:
        headers.append(("Location", f"{base}/web/{c.timestamp}{mode or ''}/{c.location}"))
    ctype = "text/html; charset=utf-8" if c.mimetype == "text/html" else c.mimetype
    body = c.body if mode == "id_" else _rewrite(c, base)
    return h._send(c.status, body, ctype, head, headers)
