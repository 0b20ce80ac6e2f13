"""The local replica sites: reachability from sources.toml, validators, rounds, PDFs, faults."""
from __future__ import annotations

import gzip
import http.client
import io
import re
import socket
import tomllib
import urllib.error
import urllib.request
import urllib.robotparser
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest


from crawler.replicas import world
from support.replicas import ReplicaServer
from support import faults

SOURCES = tomllib.loads((Path(__file__).parents[1] / "crawler" / "sources.toml").read_text())["sources"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


@pytest.fixture(scope="module")
def srv():
    with faults.fault_server(round=1) as s:
        yield s


def fetch(url: str, headers: dict | None = None, timeout: float = 5):
    req = urllib.request.Request(quote(url, safe=":/?&=%#;,+"), headers=headers or {})
    try:
        with OPENER.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]


def links_of(body: bytes, base: str) -> list[str]:
    text = body.decode("utf-8")
    if text.lstrip().startswith("<?xml"):
        found = re.findall(r"<link>([^<]+)</link>", text)
    else:
        p = _Links()
        p.feed(text)
        found = p.links
    return [urljoin(base, h.replace("&amp;", "&")) for h in found]


def pathq(url: str) -> str:
    s = urlsplit(url)
    return s.path + ("?" + s.query if s.query else "")


def crawl_listings(srv, name: str, src: dict) -> tuple[set[str], set[str]]:
    """Follow `follow` links from the start URLs; return (listing URLs, document URLs), originals."""
    allowed = set(src["allowed_domains"])
    todo, seen, docs = list(src["start_urls"]), set(), set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, _, body = fetch(srv.url(url))
        assert status == 200, (name, url, status)
        for link in links_of(body, url):
            if urlsplit(link).hostname not in allowed:
                continue
            pq = pathq(link)
            if any(re.search(rx, pq) for rx in src["documents"]):
                docs.add(link)
            elif any(re.search(rx, pq) for rx in src["follow"]):
                todo.append(link)
    return seen, docs


def robots_for(srv, url: str) -> urllib.robotparser.RobotFileParser:
    s = urlsplit(url)
    rp = urllib.robotparser.RobotFileParser()
    _, _, body = fetch(srv.url(f"{s.scheme}://{s.netloc}/robots.txt"))
    rp.parse(body.decode().splitlines())
    return rp


def test_mirrors_cover_every_source_host(srv):
    m = srv.mirrors()
    for src in SOURCES.values():
        for d in src["allowed_domains"]:
            assert f"https://{d}" in m
    assert m["https://faults.civcas.test"].startswith(srv.base_url)
    assert "https://faults.civcas.test" not in srv.source_mirrors()  # an extra site: tests only


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_sources_reachable_and_documents_answer(srv, name):
    src = SOURCES[name]
    listings, docs = crawl_listings(srv, name, src)
    assert docs, name
    if name in ("cjtf-strikes", "cjtf-civcas", "airwars", "sohr-en"):
        assert any(re.search(r"[?/][Pp]age[=/]\d", u) for u in listings), (name, listings)
    disallowed = set(sum(world.disallowed().values(), []))
    for url in docs:
        rp = robots_for(srv, url)
        if url in disallowed:
            assert not rp.can_fetch("civcas", url), url
            continue
        assert rp.can_fetch("civcas", url), url
        status, headers, body = fetch(srv.url(url))
        assert status == 200, (url, status)
        assert 1000 < len(body) < 80_000, (url, len(body))
    # every source has a disallowed document somewhere on its hosts
    assert any(u in disallowed for u in docs), name


def test_conditional_requests_and_headers(srv):
    url = srv.url("https://www.inherentresolve.mil/Releases/Strike-Releases/")
    status, h, body = fetch(url)
    assert status == 200 and h["Content-Type"] == "text/html; charset=utf-8"
    assert fetch(url, {"If-None-Match": h["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": h["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"other"'})[0] == 200
    s2, h2, gz = fetch(srv.url("https://airwars.org/civilian-casualties/"), {"Accept-Encoding": "gzip"})
    assert h2["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(gz)
    _, h3, _ = fetch(srv.url("https://www.syriahr.com/en/106359/"))
    assert len(h3.get_all("Set-Cookie")) == 2
    # WordPress-style slash redirect is root-relative
    s4, h4, _ = fetch(srv.url("https://airwars.org/civilian-casualties/cs1508-september-18-2017"))
    assert s4 == 301 and h4["Location"] == "/civilian-casualties/cs1508-september-18-2017/"


def test_pdfs_extract(srv):
    import pypdf
    _, _, listing = fetch(srv.url("https://www.inherentresolve.mil/Releases/Strike-Releases/"))
    _, _, listing2 = fetch(srv.url("https://www.inherentresolve.mil/Releases/Strike-Releases/?Page=2"))
    hrefs = re.findall(r'href="(/Portals/14/[^"]+)"', (listing + listing2).decode())
    assert len(hrefs) >= 7 and len(hrefs) > len(set(hrefs))  # one listed twice
    assert any(" " in h for h in hrefs) and any("%20%20" in h for h in hrefs)
    texts = []
    for h in set(hrefs) | {"https://www.amnesty.org/en/wp-content/uploads/2021/05/MDE2483672018ENGLISH.pdf"}:
        url = h if h.startswith("https") else "https://www.inherentresolve.mil" + h.replace("&amp;", "&")
        status, headers, body = fetch(srv.url(url).replace(" ", "%20"))
        assert status == 200 and headers["Content-Type"] == "application/pdf"
        texts.append("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages))
    joined = "\n".join(texts)
    assert "469 strikes" in joined and "Aswad" in joined


def test_arabic_pages(srv):
    _, _, listing = fetch(srv.url("https://www.syriahr.com/category/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"))
    href = re.search(r'href="(/%d[89][^"]+/288533/)"', listing.decode()).group(1)
    status, h, body = fetch(srv.url("https://www.syriahr.com" + href))
    text = body.decode("utf-8")
    assert status == 200 and '<html lang="ar" dir="rtl">' in text
    assert "هجين" in text and "| المرصد السوري لحقوق الإنسان</title>" in text
    # upper-case percent-encoding reaches the same page
    assert fetch(srv.url("https://www.syriahr.com" + href.upper().replace("/288533/", "/288533/")))[2] == body
    _, _, bil = fetch(srv.url("https://www.inherentresolve.mil/NEWSROOM/News-Articles/Stories-Display/Article/694557/operation-inherent-resolve-casualty/"))
    assert "HOME : NEWSROOM" in bil.decode() and "الحزب الصارم" in bil.decode()


def snapshot(s: ReplicaServer) -> dict[str, tuple[int, bytes, str | None]]:
    out = {}
    for host in world.HOSTS:
        keys = set(world.all_keys(host, 1)) | set(world.all_keys(host, 2))
        for path, q in keys:
            url = f"https://{host}{path}" + (f"?{q}" if q else "")
            status, h, body = fetch(s.url(url).replace(" ", "%20"))
            out[url] = (status, body, h.get("ETag"))
    return out


def test_round_two_changes_exactly_as_declared():
    with ReplicaServer(round=1) as s:
        one = snapshot(s)
        s.set_round(2)
        two = snapshot(s)
    ch = world.ROUND_CHANGES[2]
    changed = {u for u in one if one[u] != two[u]}
    expected = set(ch["added"]) | set(ch["edited"]) | set(ch["removed"]) | set(world.LISTINGS_CHANGED[2])
    assert {unquote(u) for u in changed} == {unquote(u) for u in expected}
    for u in map(unquote, ch["added"]):
        assert one[u][0] == 404 and two[u][0] == 200
    for u in map(unquote, ch["edited"]):
        assert one[u][0] == two[u][0] == 200
    assert b"three civilians were unintentionally killed" in two[ch["edited"][0]][1]
    for u in map(unquote, ch["removed"]):
        assert one[u][0] == 200 and two[u][0] in (404, 410)
    first = world.LISTINGS_CHANGED[2][0]
    assert urlsplit(ch["added"][0]).path.encode() in two[first][1]
    assert urlsplit(ch["removed"][0]).path.encode() not in b"".join(
        two[u][1] for u in world.LISTINGS_CHANGED[2])


def raw_get(srv, path: str, timeout: float = 5) -> bytes:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=timeout) as c:
        c.sendall(f"GET /{faults.HOST}{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := c.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize("path,kind", sorted(faults.FAULTS.items()))
def test_fault_routes(srv, path, kind):
    url = f"{srv.base_url}/{faults.HOST}{path}"
    if kind == "http_500":
        assert fetch(url)[0] == 500
    elif kind == "slow":
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            fetch(url + "?seconds=3", timeout=0.5)
    elif kind == "redirect_loop":
        status, h, _ = fetch(url)
        assert status == 302 and h["Location"].startswith("/redirect-loop/") and h["Location"] != path
    elif kind == "truncated":
        head, _, body = raw_get(srv, path).partition(b"\r\n\r\n")
        declared = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        assert len(body) < declared
        with pytest.raises(http.client.IncompleteRead):
            fetch(url)
    elif kind == "wrong_charset":
        status, h, body = fetch(url)
        assert "utf-8" in h["Content-Type"]
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert "هجين" in body.decode("windows-1256")
    elif kind == "binary":
        status, h, body = fetch(url)
        assert h["Content-Type"].startswith("text/html") and b"\x00" in body
    elif kind == "broken_pdf":
        status, h, body = fetch(url)
        assert h["Content-Type"] == "application/pdf" and body.startswith(b"%PDF") and b"%%EOF" not in body
    elif kind == "bad_gzip":
        status, h, body = fetch(url, {"Accept-Encoding": "gzip"})
        assert h["Content-Encoding"] == "gzip"
        with pytest.raises(EOFError):
            gzip.decompress(body)


def test_fault_index_links_every_fault(srv):
    _, _, body = fetch(srv.url("https://faults.civcas.test/"))
    for p in faults.FAULTS:
        assert f'href="{p}"'.encode() in body
