"""faults.civcas.test/hostile/: responses that attack the crawler rather than just fail.

Kept apart from the fault routes (faults.py) (the index `/hostile/` is not linked from the faults site's
home page) so the plain fault crawl stays as it is; the fault-injection battery
(tests/test_battery_responses.py) crawls these from `/hostile/`.

Every route is served on the handler `h`; `state` is the fault site's `HostileState`
(what a rate-limited client did, where the external-entity feed points).
"""
from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.replicas.common import HTML, doc

# Arabic text in windows-1256 and invalid UTF-8 pages (the Hajin strike of SOHR's posts)
ARABIC = ("قصفت طائرات التحالف الدولي بلدة هجين في ريف دير الزور الشرقي، ما أسفر عن مقتل 33 شخصاً "
          "بينهم 30 من الأطفال والنساء.")
PREFIX = "/hostile"
# path -> what the route does (the battery maps each to the row it must leave)
ROUTES = {
    "/hostile/drip-fast": "slow_drip",        # 20 chunks 0.05 s apart: done well under a 3 s timeout
    "/hostile/drip-slow": "slow_drip_timeout",  # chunks 0.4 s apart for ~8 s: the timeout cuts it
    "/hostile/long-body": "long_body",        # Content-Length says half of what is sent
    "/hostile/reset": "reset",                # half the body, then a TCP reset
    "/hostile/gzip-bomb": "gzip_bomb",        # 256 MiB of zeros gzipped to ~260 KB
    "/hostile/deflate-bomb": "deflate_bomb",  # 256 MiB of zeros in zlib's deflate, ~260 KB
    "/hostile/br-bomb": "br_bomb",            # 1 GiB of zeros in ~1.6 KB of brotli
    "/hostile/zstd-bomb": "zstd_bomb",        # 1 GiB of zeros in ~32 KB of zstd
    "/hostile/stacked-bomb": "stacked_bomb",  # "gzip, br": the gzip bomb, brotli'd again
    "/hostile/zstd-page": "zstd_page",        # a plain page in zstd when the request asks for it
    "/hostile/unknown-coding": "unknown_coding",  # Content-Encoding: x-civcas (no decoder knows it)
    "/hostile/too-large": "too_large",        # 3 MiB of HTML (the battery's limit is 1 MiB)
    "/hostile/rate-limited": "rate_limited",  # 429 Retry-After: 1, then the page
    "/hostile/rate-limited-long": "rate_limited_long",  # 429 Retry-After: 3600, always
    "/hostile/invalid-utf8": "invalid_utf8",  # labelled utf-8, holds bytes that are not
    "/hostile/feeds/laughs.xml": "xml_laughs",      # "billion laughs" entity expansion
    "/hostile/feeds/xxe-file.xml": "xml_xxe_file",  # an external entity naming /etc/passwd
    "/hostile/feeds/xxe-url.xml": "xml_xxe_url",    # an external entity naming a URL
}
# Not linked from the index (the battery crawl is not `local`): a page with every way out.
ESCAPES = "/hostile/escapes"
ESCAPE_LINKS = "/hostile/escape-links"  # the same without the refresh
# Pages that attack text extraction rather than the download (not linked from the index:
# the battery's size limit would cut them): a PDF drawing one form 100,000 times, 50 MB
# of HTML, and a page linking both among ordinary ones (tests/test_battery_extract.py).
PDF_BOMB = "/hostile/pdf-bomb.pdf"
LONG_HEADER = "/hostile/long-header"  # one header line of 20 KB (Twisted's limit: 16 KB)
LONG_HEADER_BYTES = 20 * 1024
HUGE_HEAD = "/hostile/huge-head"  # one header line of 300 KB (the client's cap: 256 KB)
HUGE_HEAD_BYTES = 300 * 1024
MANY_HEADERS = "/hostile/many-headers"  # 300 header lines of 1 KB: a 300 KB head
MANY_HEADERS_COUNT = 300
HUGE_PAGE = "/hostile/huge-page"
HUGE_PAGE_BYTES = 50 * 1000 * 1000
NORMAL = "/hostile/normal"
MIXED = "/hostile/mixed"
MIXED_NORMAL = 100  # ordinary pages MIXED links
BOMB_BYTES = 256 * 1024 * 1024
BIG_BOMB_BYTES = 1024 * 1024 * 1024  # brotli and zstd: a quarter of their size would do too
TOO_LARGE_BYTES = 3 * 1024 * 1024
RETRY_AFTER = 1  # seconds /hostile/rate-limited asks for
_PARA = ("Coalition aircraft struck an ISIS weapons cache near Hajin. An assessment of "
         "civilian casualty reports is under way. ")


@dataclass
class HostileState:
    """Per-server state of the hostile routes."""

    # Where xxe-url.xml's external entity points (a test sets a listener of its own);
    # the default is the discard port, which nothing should ever connect to either.
    entity_url: str = "http://127.0.0.1:9/leak"
    # (path, monotonic time, status) of each request to a rate-limited route
    rate_hits: list[tuple[str, float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _index() -> str:
    links = "".join(f'<li><a href="{p}">{p} ({k})</a></li>' for p, k in ROUTES.items())
    return doc("civcas hostile routes", "", f"<h1>Hostile routes</h1><ul>{links}</ul>")


def _article(title: str, paragraphs: int) -> bytes:
    return doc(title, "", f"<main><h1>{title}</h1>" + f"<p>{_PARA}</p>" * paragraphs
               + "</main>").encode()


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    parts = [comp.compress(zeros) for _ in range(BOMB_BYTES >> 20)]
    return b"".join(parts) + comp.flush()


@lru_cache(maxsize=1)
def deflate_bomb() -> bytes:
    return zlib.compress(bytes(BOMB_BYTES), 9)


@lru_cache(maxsize=1)
def br_bomb() -> bytes:
    import brotli
    comp, zeros = brotli.Compressor(quality=4), bytes(1 << 20)
    return b"".join(comp.process(zeros) for _ in range(BIG_BOMB_BYTES >> 20)) + comp.finish()


@lru_cache(maxsize=1)
def zstd_bomb() -> bytes:
    from archive.decoding import zstd
    comp, zeros = zstd.ZstdCompressor(level=3), bytes(1 << 20)
    return b"".join(comp.compress(zeros) for _ in range(BIG_BOMB_BYTES >> 20)) + comp.flush()


@lru_cache(maxsize=1)
def stacked_bomb() -> bytes:
    import brotli
    return brotli.compress(gzip_bomb(), quality=4)


def _escapes(target: str, refresh: bool) -> str:
    """A page trying every way off the source's domains and off HTTP: a <meta> refresh
    (if `refresh`: the page is then not read for links) and a link to `target` (a
    loopback listener in the tests), ftp:, file: and data: links."""
    meta = f'<meta http-equiv="refresh" content="0; url={target}/meta">' if refresh else ""
    return doc("Ways out", meta,
               f'<main><h1>Ways out</h1><p><a href="{target}/link">off-site</a> '
               '<a href="ftp://faults.civcas.test/pub/strikes.txt">ftp</a> '
               '<a href="file:///etc/hostname">file</a> '
               '<a href="data:text/html,%3Cp%3Einline%3C/p%3E">data</a></p></main>')


@lru_cache(maxsize=1)
def pdf_bomb(uses: int = 4_999, pages: int = 60) -> bytes:
    """An 11 KB PDF of `pages` pages that each draw the same form XObject `uses` times: each
    drawing makes a text extractor walk the form again. The pages share one content stream,
    so the file stays small; the drawings stay under pypdf's cap per page (5,000), so the
    work is pages x uses walks (about 2 s a page here), whatever the machine's load."""
    form = b"BT /F1 9 Tf 0 0 Td (Coalition strike report) Tj ET"
    content = zlib.compress(b"/X0 Do\n" * uses, 9)
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
         b"/Resources << /XObject << /X0 4 0 R >> /Font << /F1 5 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@lru_cache(maxsize=1)
def huge_page() -> bytes:
    """HUGE_PAGE_BYTES of real-looking HTML (an article of many paragraphs)."""
    paragraph = f"<p>{_PARA}</p>\n"
    return _article("A very long page", HUGE_PAGE_BYTES // len(paragraph))


def _mixed() -> str:
    links = [f'<li><a href="{NORMAL}/{i}">report {i}</a></li>' for i in range(1, MIXED_NORMAL + 1)]
    links[10:10] = [f'<li><a href="{PDF_BOMB}">pdf</a></li>', f'<li><a href="{HUGE_PAGE}">long</a></li>',
                    '<li><a href="/hostile/br-bomb">br</a></li>']
    return doc("Mixed", "", f"<h1>Mixed</h1><ul>{''.join(links)}</ul>")


def _laughs() -> bytes:
    lols = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(lols) + ']>\n'
            '<rss version="2.0"><channel><title>Coalition news &lol9;</title>'
            '<item><title>Strike near Hajin &lol9;</title>'
            '<link>https://faults.civcas.test/hostile/laughs-article</link></item>'
            '</channel></rss>').encode()


def _external(target: str) -> bytes:
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM "' + target + '">]>\n'
            '<rss version="2.0"><channel><title>Coalition news</title>'
            '<item><title>Strike near Raqqa &leak;</title><description>&leak;</description>'
            '<link>https://faults.civcas.test/hostile/xxe-article</link></item>'
            '</channel></rss>').encode()


def _invalid_utf8() -> bytes:
    # Mostly good UTF-8 (English and Arabic), broken by a stray continuation byte, an
    # overlong encoding, a cut multi-byte sequence and bytes never valid in UTF-8.
    good = doc("Strike report", "", "<main><h1>Strike report</h1><p>" + _PARA * 6
               + f"</p><p>{ARABIC}</p></main>").encode()
    cut = good.index(b"</main>")
    return good[:cut] + b"<p>broken: \x80 \xc0\xaf \xe2\x82 \xff\xfe end.</p>" + good[cut:]


def _head(h, status: int, headers) -> None:
    h.send_response(status)
    for name, value in headers:
        h.send_header(name, value)
    h.end_headers()


def _drip(h, body: bytes, pieces: int, pause: float, stopping) -> None:
    _head(h, 200, [("Content-Type", HTML), ("Content-Length", str(len(body)))])
    step = -(-len(body) // pieces)
    try:
        for start in range(0, len(body), step):
            if stopping.is_set():
                return
            h.wfile.write(body[start:start + step])
            h.wfile.flush()
            time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (its timeout): expected
    h.close_connection = True


def _rate_limited(h, path: str, state: HostileState, head: bool, always: bool) -> None:
    now = time.monotonic()
    with state.lock:
        earlier = [t for p, t, s in state.rate_hits if p == path and s == 429]
        # A page asked to wait RETRY_AFTER seconds answers once the client has waited.
        ok = not always and bool(earlier) and now - earlier[-1] >= RETRY_AFTER
        state.rate_hits.append((path, now, 200 if ok else 429))
    if ok:
        h._send(200, _article("Rate-limited page", 8), HTML, head)
    else:
        wait = "3600" if always else str(RETRY_AFTER)
        h._send(429, doc("Too Many Requests", "", "<h1>429</h1>").encode(), HTML, head,
                [("Retry-After", wait)])


def handle(h, path: str, query: str, state: HostileState, stopping, head: bool) -> bool:
    """Serve a hostile route on handler h; False if path is not one."""
    if path in (PREFIX, PREFIX + "/"):
        h._send(200, _index().encode(), HTML, head)
        return True
    if path == LONG_HEADER:
        body = _article("Long header line", 6)
        _head(h, 200, [("Content-Type", HTML), ("Content-Length", str(len(body))),
                       ("X-Civcas-Padding", "p" * LONG_HEADER_BYTES)])
        if not head:
            h.wfile.write(body)
        return True
    if path == MANY_HEADERS:
        h._send(200, _article("Many headers", 6), HTML, head,
                [(f"X-Civcas-Padding-{i}", "p" * 1024) for i in range(MANY_HEADERS_COUNT)])
        return True
    if path == HUGE_HEAD:
        body = _article("Huge head", 6)
        _head(h, 200, [("Content-Type", HTML), ("Content-Length", str(len(body))),
                       ("X-Civcas-Padding", "p" * HUGE_HEAD_BYTES)])
        try:
            if not head:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on the head: expected
        h.close_connection = True
        return True
    if path == PDF_BOMB:
        h._send(200, pdf_bomb(), "application/pdf", head)
        return True
    if path == HUGE_PAGE:
        h._send(200, huge_page(), HTML, head)
        return True
    if path == MIXED:
        h._send(200, _mixed().encode(), HTML, head)
        return True
    if path.startswith(NORMAL + "/") and path[len(NORMAL) + 1:].isdigit():
        h._send(200, _article(f"Ordinary report {path[len(NORMAL) + 1:]}", 6), HTML, head)
        return True
    if path in (ESCAPES, ESCAPE_LINKS):
        h._send(200, _escapes(state.entity_url, path == ESCAPES).encode(), HTML, head)
        return True
    kind = ROUTES.get(path)
    if kind is None:
        return False
    if kind == "slow_drip":
        _drip(h, _article("Slow drip", 20), 20, 0.05, stopping)
    elif kind == "slow_drip_timeout":
        _drip(h, _article("Slow drip, too slow", 20), 20, 0.4, stopping)
    elif kind == "long_body":
        body = _article("Longer than declared", 20)
        _head(h, 200, [("Content-Type", HTML), ("Content-Length", str(len(body) // 2)),
                       ("Connection", "close")])
        if not head:
            h.wfile.write(body)
            h.wfile.flush()
        h.close_connection = True
    elif kind == "reset":
        body = _article("Reset", 40)
        _head(h, 200, [("Content-Type", HTML), ("Content-Length", str(len(body)))])
        if not head:
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()
        h.close_connection = True
    elif kind == "gzip_bomb":
        h._send(200, gzip_bomb(), HTML, head, [("Content-Encoding", "gzip")])
    elif kind == "deflate_bomb":
        h._send(200, deflate_bomb(), HTML, head, [("Content-Encoding", "deflate")])
    elif kind == "br_bomb":
        h._send(200, br_bomb(), HTML, head, [("Content-Encoding", "br")])
    elif kind == "zstd_bomb":
        h._send(200, zstd_bomb(), HTML, head, [("Content-Encoding", "zstd")])
    elif kind == "stacked_bomb":
        h._send(200, stacked_bomb(), HTML, head, [("Content-Encoding", "gzip, br")])
    elif kind == "zstd_page":
        body = _article("Compressed with zstd", 8)
        asked = h.headers.get("Accept-Encoding", "")
        if "zstd" in [c.split(";")[0].strip().lower() for c in asked.split(",")]:
            from archive.decoding import zstd
            h._send(200, zstd.compress(body), HTML, head, [("Content-Encoding", "zstd")])
        else:
            h._send(200, body, HTML, head)
    elif kind == "unknown_coding":
        h._send(200, _article("Unknown coding", 8), HTML, head, [("Content-Encoding", "x-civcas")])
    elif kind == "too_large":
        filler = f"<p>{_PARA}</p>"
        body = _article("Very long page", TOO_LARGE_BYTES // len(filler))
        h._send(200, body, HTML, head)
    elif kind == "rate_limited":
        _rate_limited(h, path, state, head, always=False)
    elif kind == "rate_limited_long":
        _rate_limited(h, path, state, head, always=True)
    elif kind == "invalid_utf8":
        h._send(200, _invalid_utf8(), "text/html; charset=utf-8", head)
    elif kind == "xml_laughs":
        h._send(200, _laughs(), "application/rss+xml", head)
    elif kind == "xml_xxe_file":
        h._send(200, _external("file:///etc/passwd"), "application/rss+xml", head)
    elif kind == "xml_xxe_url":
        h._send(200, _external(state.entity_url), "application/rss+xml", head)
    return True
