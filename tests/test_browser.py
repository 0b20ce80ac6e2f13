"""Browser captures: the El Dorar replica writes its article with a script. A plain HTTP
fetch does not have it; a crawl of the `eldorar` source (render = "browser") renders the
page in Debian's chromium, archives the DOM and a full-page screenshot as resource
records joined to the HTTP response, and stores the article text from the DOM.

These tests need /usr/bin/chromium (`make test` installs it when run as root). Without
it they fail, on purpose: a missing browser must not pass as a skipped feature.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from support.captures import crawl, png_size, rows, verify, warcio_check, warcio_records
from warcio.archiveiterator import ArchiveIterator

from crawler.runtime.browser import CHROMIUM_ENV
from crawler.reading.extract import ExtractionError, extract
from crawler.replicas import scripted
from support.replicas import ReplicaServer
from support.browser import ARTICLE_URL, require_chromium

# Sentences that exist only in the JSON the page's script loads.
ARTICLE_FACTS = ("383 children and 221 women", "killed 1,256 civilians in Syria")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    require_chromium()
    data = tmp_path_factory.mktemp("browser") / "data"
    with ReplicaServer(round=1) as server:
        result = crawl(server, data, "eldorar")
        requested = [path for _, path, _ in server.requests]
        assert result.returncode == 0, result.stdout + result.stderr
        captures_1 = rows(data, "SELECT MAX(id) FROM captures")[0][0]
        again = crawl(server, data, "eldorar")  # nothing changed on the site
    assert again.returncode == 0, again.stdout + again.stderr
    return {"data": data, "result": result, "requested": requested, "captures_1": captures_1}


def _first_crawl(caps) -> list:
    return [c for c in caps if c["run_id"] == 1]


def _article_captures(data: Path) -> list:
    return rows(data, "SELECT * FROM captures WHERE url = ? ORDER BY id", [ARTICLE_URL])


def test_plain_http_extraction_lacks_the_article():
    with ReplicaServer(round=1) as server:
        with urllib.request.urlopen(server.url(ARTICLE_URL), timeout=10) as answer:
            body, ctype = answer.read(), answer.headers["Content-Type"]
    assert answer.status == 200 and b'class="post-body"' in body
    try:
        page, _ = extract(body, ctype, ARTICLE_URL)
        text = page.text
    except ExtractionError:
        text = ""
    for fact in ARTICLE_FACTS:
        assert fact not in text and fact.encode() not in body


def test_browser_mode_stores_the_article_from_the_rendered_dom(rendered):
    data = rendered["data"]
    (version,) = rows(
        data,
        "SELECT v.text, v.title, c.record_type, c.render, c.fetched_url, c.content_type"
        " FROM documents d JOIN versions v ON v.id = d.current_version_id"
        " JOIN captures c ON c.id = v.capture_id WHERE d.url = ?", [ARTICLE_URL],
    )
    for fact in ARTICLE_FACTS:
        assert fact in version["text"]
    assert version["title"].startswith("1,256 Civilians Killed")
    # the version traces back to the DOM it was read from
    assert version["record_type"] == "resource" and version["render"] == "browser"
    assert version["fetched_url"].startswith("urn:dom:http://127.0.0.1:")
    assert version["content_type"] == "text/html; charset=utf-8"
    hits = rows(data, "SELECT COUNT(*) FROM versions_fts WHERE versions_fts MATCH '\"221 women\"'")
    assert hits[0][0] == 1


def test_warc_holds_the_response_and_resources_joined_to_it(rendered):
    data = rendered["data"]
    records = warcio_records(data)
    caps = _first_crawl(_article_captures(data))
    assert [(c["record_type"], c["render"]) for c in caps] == [
        ("response", "http"), ("resource", "browser"), ("resource", "browser")]
    response, dom, shot = (records[c["warc_record_id"]] for c in caps)
    # the HTTP response as received: the script-less shell
    assert response["type"] == "response" and response["status"] == "200"
    assert b'class="post-body"' in response["payload"]
    assert not any(f.encode() in response["payload"] for f in ARTICLE_FACTS)
    response_id = caps[0]["warc_record_id"]
    fetched = caps[0]["fetched_url"]
    for rec, uri, ctype in ((dom, f"urn:dom:{fetched}", "text/html; charset=utf-8"),
                            (shot, f"urn:screenshot:{fetched}", "image/png")):
        assert rec["type"] == "resource"
        assert rec["warc"]["WARC-Target-URI"] == uri
        assert rec["warc"]["Content-Type"] == ctype
        assert rec["warc"]["WARC-Concurrent-To"] == response_id
        assert rec["warc"]["WARC-Refers-To"] == response_id
    text = dom["payload"].decode("utf-8")
    assert all(fact in text for fact in ARTICLE_FACTS)
    assert '<h1 class="post-title">' in text
    width, height = png_size(shot["payload"])
    assert width == 1280 and height >= 900  # the viewport's width, the whole page's height
    assert caps[2]["payload_digest"] == shot["warc"]["WARC-Payload-Digest"]


def test_an_unchanged_page_rendered_again_adds_no_dom(rendered):
    data = rendered["data"]
    later = [c for c in _article_captures(data) if c["id"] > rendered["captures_1"]]
    # the page answered 304; the same DOM is not archived twice, the version stays
    assert later[0]["record_type"] == "revisit" and later[0]["status"] == 304
    assert not [c for c in later if c["fetched_url"].startswith("urn:dom:")]
    shots = [c for c in _article_captures(data) if c["fetched_url"].startswith("urn:screenshot:")]
    assert len({c["payload_digest"] for c in shots}) == len(shots)  # a new one only if it differs
    # both posts (the second one on the listing's page 2) have one version each
    assert rows(data, "SELECT COUNT(*) FROM versions")[0][0] == len(scripted.POSTS)
    assert rows(data, "SELECT COUNT(*) FROM document_changes")[0][0] == 0
    runs = rows(data, "SELECT status, new_documents, changed_documents FROM crawl_runs")
    assert [tuple(r) for r in runs] == [("ok", len(scripted.POSTS), 0), ("ok", 0, 0)]
    older = rows(data, "SELECT v.text FROM versions v JOIN documents d ON d.id = v.document_id"
                       " WHERE d.url = ?", [scripted.ORIGIN + scripted.OLDER])
    assert "among them 65 children and 37 women" in older[0]["text"]


def test_subresources_go_to_the_replica_and_nothing_else_leaves(rendered):
    requested = rendered["requested"]
    assert f"/{scripted.HOST}{scripted.SCRIPT}" in requested
    assert f"/{scripted.HOST}{scripted.API.format(id=scripted.POST_ID)}" in requested
    log = "".join(p.read_text() for p in (rendered["data"] / "logs").glob("*.log"))
    assert "blocked 1 requests outside the allowed domains" in log
    assert scripted.THIRD_PARTY in log


def test_browser_closes_with_the_crawl(rendered):
    home = str(rendered["data"] / ".cache" / "chromium")
    alive = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and f"HOME={home}".encode() in (proc / "environ").read_bytes():
                alive.append(proc.name)
        except OSError:
            continue
    assert alive == []
    assert (rendered["data"] / ".cache" / "chromium").is_dir()  # chromium's $HOME, not ours


def test_verify_and_warcio_check_are_clean(rendered):
    result = verify(rendered["data"])
    assert result.returncode == 0 and "0 problems, 0 warnings" in result.stdout, result.stdout
    check = warcio_check(rendered["data"])
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.battery
def test_without_a_browser_the_page_is_an_error_row_and_the_crawl_goes_on(tmp_path):
    data = tmp_path / "data"
    with ReplicaServer(round=1) as server:
        result = crawl(server, data, "eldorar", env={CHROMIUM_ENV: str(tmp_path / "no-chromium")})
    assert result.returncode == 0, result.stderr  # partial, not failed
    errors = rows(data, "SELECT url, kind, message FROM fetch_errors WHERE kind = 'render'")
    assert {e["url"] for e in errors} >= {ARTICLE_URL}
    assert all("no chromium at" in e["message"] for e in errors)
    assert f"{ARTICLE_URL}: no chromium at" in result.stderr
    assert rows(data, "SELECT status FROM crawl_runs")[0][0] == "partial"
    # the HTTP response is archived all the same, and nothing claims a browser render
    assert [c["record_type"] for c in _article_captures(data)] == ["response"]
    assert verify(data).returncode == 0


def test_subresources_are_archived_as_received_and_joined_to_the_page(rendered):
    """The script and the JSON that carries the article are in the WARC as request and
    response records, the response joined to the page's HTTP record, with captures rows;
    on the unchanged recrawl they are revisits of those responses."""
    data = rendered["data"]
    records = warcio_records(data)
    api_url = scripted.ORIGIN + scripted.API.format(id=scripted.POST_ID)
    script_url = scripted.ORIGIN + scripted.SCRIPT
    page = _first_crawl(_article_captures(data))[0]
    caps = rows(data, "SELECT * FROM captures WHERE url IN (?, ?) ORDER BY id",
                [api_url, script_url])
    first = [c for c in caps if c["id"] <= rendered["captures_1"]]
    api = next(c for c in first if c["url"] == api_url)
    assert api["record_type"] == "response" and api["render"] == "browser"
    assert api["status"] == 200 and api["content_type"].startswith("application/json")
    assert api["fetched_url"].startswith("http://127.0.0.1:") and api["fetched_url"].endswith(
        scripted.API.format(id=scripted.POST_ID))
    response = records[api["warc_record_id"]]
    assert response["type"] == "response" and response["status"] == "200"
    # the JSON as the server sent it, readable back, with the article's facts
    assert response["payload"] == scripted._post_json(scripted.POST_ID)
    assert all(fact.encode() in response["payload"] for fact in ARTICLE_FACTS)
    assert response["warc"]["WARC-Payload-Digest"] == api["payload_digest"]
    # header names as the server spelled them (Scrapy's own fetches would give "Etag")
    assert "ETag" in response["http"] and "Last-Modified" in response["http"]
    # joined: to its request record, and to the page's HTTP response record
    with open(data / "warcs" / api["warc_file"], "rb") as fh:
        fh.seek(api["warc_offset"])
        headers = next(iter(ArchiveIterator(fh))).rec_headers.headers
    joined = [value for name, value in headers if name == "WARC-Concurrent-To"]
    request_id, page_id = joined
    assert page_id == page["warc_record_id"]
    request = records[request_id]
    assert request["type"] == "request"
    assert request["warc"]["WARC-Target-URI"] == api["fetched_url"]
    # the script too
    assert any(c["url"] == script_url and c["record_type"] == "response" for c in first)
    # recrawl of the unchanged site: the same subresources, as revisits of the originals
    later = [c for c in caps if c["id"] > rendered["captures_1"]]
    assert later and {c["record_type"] for c in later} == {"revisit"}
    originals = {c["id"] for c in first if c["record_type"] == "response"}
    assert all(c["revisit_of"] in originals for c in later)
