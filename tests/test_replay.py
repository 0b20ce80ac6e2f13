"""Evidence that replays: `civcas serve` opens a capture in ReplayWeb.page (its npm
package's ui.js and sw.js, installed by `make install`), offline, under the page's real
URL and the time it was captured; for a page backfilled from the Wayback Machine, the
archive's capture time, said by the page, the replay and Memento-Datetime.

A store crawled through the replica sites (`--mirror`: records hold the mirror's URL) and
backfilled from the replica Wayback Machine is served; headless Debian chromium opens an
allegation's evidence link and reads the replayed page. Screenshots go to the test's
tmp folder and, when CIVCAS_ARTEFACTS names a folder, there too.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.reader import read_record
from support.replicas import ReplicaServer
from crawler.research.replay import assets_dir
from support.commands import backfill, crawl_all, serving

CHROMIUM = "/usr/bin/chromium"


def query(data: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("replay") / "data"
    with ReplicaServer(round=1) as server:
        crawled = crawl_all(server, data)
        assert crawled.returncode == 0, crawled.stderr[-2000:]
        backfilled = backfill(server, data)
        assert backfilled.returncode == 0, backfilled.stderr[-2000:]
    return data


@pytest.fixture(scope="module")
def served(store, tmp_path_factory):
    if assets_dir() is None:
        pytest.fail("ReplayWeb.page is not installed: run `make install` (npm package"
                    " replaywebpage into <venv>/share/civcas/replaywebpage)", pytrace=False)
    with serving(store, tmp_path_factory.mktemp("home")) as base:
        yield base


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as resp:
        return resp.status, dict(resp.headers), resp.read()


def keep_artefact(path: Path) -> None:
    folder = os.environ.get("CIVCAS_ARTEFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


def _timestamp(iso: str) -> str:
    return "".join(c for c in iso.split(".")[0] if c.isdigit())[:14]


class Browser:
    """Headless chromium that cannot reach any host but 127.0.0.1: a replay that tried the
    live web would fail to resolve it, and every request is recorded."""

    def __init__(self, pw):
        self.browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        self.context = self.browser.new_context(viewport={"width": 1400, "height": 900},
                                                timezone_id="UTC", locale="en-GB")
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))

    def close(self):
        self.browser.close()


def viewer_bar(page) -> str:
    """The text of ReplayWeb.page's own location bar (URL and capture date), read through
    its shadow DOM in the viewer's frame."""
    for frame in page.frames:
        if "/-/replay/?" in frame.url:
            return frame.evaluate("""() => {
                const text = [];
                const walk = (root) => root.querySelectorAll('*').forEach((el) => {
                    if (el.shadowRoot) walk(el.shadowRoot);
                    if (el.tagName === 'INPUT') text.push(el.value);
                    else if (!el.children.length && el.textContent.trim()) text.push(el.textContent.trim());
                });
                walk(document);
                return text.join(' | ');
            }""")
    raise AssertionError("no ReplayWeb.page viewer frame")


def archived_heading(store: Path, warc_file: str, offset: int, length: int) -> str:
    """The archived page's first heading, read from its WARC record."""
    body = read_record(store / "warcs", warc_file, offset, length).decoded_body().data
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body.decode("utf-8", "replace"), re.S)
    assert match, "the archived page has no <h1>"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def replayed_frame(page, original_url: str, timeout: float = 60):
    """The frame ReplayWeb.page shows the archived page in, once its body has text."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if f"mp_/{original_url}" in frame.url:
                try:
                    if frame.inner_text("body", timeout=1000).strip():
                        return frame
                except Exception:  # the frame navigated meanwhile
                    pass
        page.wait_for_timeout(250)
    raise AssertionError(f"no replay of {original_url}; frames: {[f.url for f in page.frames]}")


def test_an_allegations_evidence_link_replays_the_page_under_its_real_url(served, store, tmp_path):
    from playwright.sync_api import sync_playwright

    (capture_id, report_url, fetched_url, fetched_at, warc_file, offset, length) = query(store, """
        SELECT e.capture_id, e.report_url, c.fetched_url, c.fetched_at, c.warc_file,
               c.warc_offset, c.warc_length
        FROM allegation_evidence e JOIN captures c ON c.id = e.capture_id
        WHERE c.archive IS NULL ORDER BY e.allegation_id LIMIT 1""")[0]
    assert fetched_url.startswith("http://127.0.0.1:")  # archived as fetched, from the mirror
    heading = archived_heading(store, warc_file, offset, length)
    shot = tmp_path / "replay-allegation-evidence.png"
    with sync_playwright() as pw:
        browser = Browser(pw)
        try:
            page = browser.context.new_page()
            page.goto(served + f"/civcas/allegation_evidence?capture_id={capture_id}",
                      wait_until="load")
            page.click(f'table.rows-and-columns td.col-capture_id a[href$="/-/capture/{capture_id}/replay"] >> nth=0')
            frame = replayed_frame(page, report_url)
            replayed_text = frame.inner_text("body")
            replayed_at = frame.evaluate("() => window.wbinfo && window.wbinfo.timestamp")
            header = page.inner_text("header")
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    keep_artefact(shot)
    assert heading and heading in replayed_text  # the archived page itself
    assert f"/{_timestamp(fetched_at)}mp_/{report_url}" in frame.url  # real URL, capture time
    assert replayed_at == _timestamp(fetched_at)
    assert report_url in header and fetched_at in header and "by civcas" in header
    outside = [u for u in browser.requests if not u.startswith(served)]
    assert not outside, outside  # nothing from the live web, nor from the mirror
    assert not any(fetched_url in u for u in browser.requests)


def test_a_backfilled_capture_replays_at_the_archives_date(served, store, tmp_path):
    from playwright.sync_api import sync_playwright

    (capture_id, url, archived_at, fetched_at, archive, warc_file, offset, length) = query(store, """
        SELECT e.capture_id, c.url, c.archived_at, c.fetched_at, c.archive, c.warc_file,
               c.warc_offset, c.warc_length
        FROM allegation_evidence e JOIN captures c ON c.id = e.capture_id
        WHERE c.archive IS NOT NULL AND c.record_type = 'response'
        ORDER BY c.archived_at LIMIT 1""")[0]
    assert archived_at < "2021" < fetched_at
    heading = archived_heading(store, warc_file, offset, length)
    # the archive listed it as http://...:80/; replayed under the same URL without the port
    url = url.replace(":80/", "/", 1)
    shot = tmp_path / "replay-backfilled.png"
    with sync_playwright() as pw:
        browser = Browser(pw)
        try:
            page = browser.context.new_page()
            page.goto(served + f"/-/capture/{capture_id}/replay", wait_until="load")
            frame = replayed_frame(page, url)
            replayed_text = frame.inner_text("body")
            replayed_at = frame.evaluate("() => window.wbinfo && window.wbinfo.timestamp")
            shown = viewer_bar(page)
            header = page.inner_text("header")
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    keep_artefact(shot)
    assert heading and heading in replayed_text  # the archived page itself
    assert f"/{_timestamp(archived_at)}mp_/{url}" in frame.url
    # ReplayWeb.page serves and shows the page as of the archive's capture, not our fetch
    assert replayed_at == _timestamp(archived_at)
    day = f"{archived_at[8:10]}/{archived_at[5:7]}/{archived_at[:4]}"  # en-GB, as the viewer says it
    assert day in shown and url in shown, shown
    assert f"Captured {archived_at} by {archive}" in header and fetched_at in header
    assert all(u.startswith(served) for u in browser.requests)


def test_a_backfilled_captures_page_and_headers_give_the_archives_date(served, store):
    capture_id, archived_at, fetched_at = query(store, """
        SELECT id, archived_at, fetched_at FROM captures
        WHERE archive IS NOT NULL AND archived_at IS NOT NULL ORDER BY id LIMIT 1""")[0]
    _, headers, _ = get(served + f"/-/capture/{capture_id}/raw", {"Accept-Encoding": "identity"})
    from email.utils import parsedate_to_datetime

    memento = parsedate_to_datetime(headers["Memento-Datetime"])
    assert memento.strftime("%Y-%m-%dT%H:%M:%SZ") == archived_at.split(".")[0].rstrip("Z") + "Z"
    assert headers["X-Civcas-Captured-At"] == archived_at
    assert headers["X-Civcas-Fetched-At"] == fetched_at
    page = get(served + f"/-/capture/{capture_id}")[2].decode()
    assert f"Captured {archived_at} by https://web.archive.org" in page
    assert f"Archived {fetched_at}" not in page


def test_the_capture_wacz_is_served_by_ranges(served, store):
    capture_id = query(store, "SELECT capture_id FROM allegation_evidence LIMIT 1")[0][0]
    status, headers, whole = get(served + f"/-/capture/{capture_id}/capture.wacz")
    assert status == 200 and whole[:2] == b"PK" and headers["Accept-Ranges"] == "bytes"
    status, headers, part = get(served + f"/-/capture/{capture_id}/capture.wacz",
                                {"Range": "bytes=10-19"})
    assert status == 206 and part == whole[10:20]
    assert headers["Content-Range"] == f"bytes 10-19/{len(whole)}"
    with pytest.raises(urllib.error.HTTPError) as err:
        get(served + f"/-/capture/{capture_id}/capture.wacz", {"Range": f"bytes={len(whole)}-"})
    assert err.value.code == 416


@pytest.mark.parametrize("path", ["abc/replay", "-1/replay", "/replay", "99999999/replay",
                                  "abc/capture.wacz", "99999999/capture.wacz"])
def test_a_replay_of_no_capture_is_404(served, path):
    with pytest.raises(urllib.error.HTTPError) as err:
        get(served + f"/-/capture/{path}")
    assert err.value.code == 404


def test_a_revisits_wacz_holds_a_stand_in_with_its_originals_bytes(served, store, tmp_path):
    import zipfile

    from archive.reader import iter_records

    (capture_id, url, record_id, o_file, o_offset, o_length, o_record) = query(store, """
        SELECT c.id, c.url, c.warc_record_id, o.warc_file, o.warc_offset, o.warc_length,
               o.warc_record_id
        FROM captures c JOIN captures o ON o.id = c.revisit_of
        WHERE c.record_type = 'revisit' AND c.archive IS NULL ORDER BY c.id LIMIT 1""")[0]
    original = read_record(store / "warcs", o_file, o_offset, o_length)
    out = tmp_path / "revisit.wacz"
    out.write_bytes(get(served + f"/-/capture/{capture_id}/capture.wacz")[2])
    with zipfile.ZipFile(out) as zf:
        zf.extract("archive/data.warc.gz", tmp_path)
    records = [rec for _, _, rec in iter_records(tmp_path / "archive" / "data.warc.gz")]
    held = {rec.record_id for rec in records}
    assert {record_id, o_record} <= held  # the revisit and the response it refers to
    (stand_in,) = [r for r in records if r.header("Civcas-Stand-In-For") == record_id]
    assert stand_in.record_type == "response" and stand_in.target_uri == url
    assert stand_in.header("Civcas-Payload-From") == o_record
    assert stand_in.payload == original.payload
    assert stand_in.header("WARC-Payload-Digest") == original.header("WARC-Payload-Digest")


def test_a_browser_resource_replays_as_the_page_it_was_rendered_from(served, store):
    resource, page = query(store, """
        SELECT r.id, (SELECT MAX(p.id) FROM captures p WHERE p.run_id = r.run_id
                      AND p.url = r.url AND p.id < r.id AND p.record_type = 'response')
        FROM captures r WHERE r.record_type = 'resource' ORDER BY r.id LIMIT 1""")[0]
    assert page is not None  # the replica world has a browser source (El Dorar)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(served + f"/-/capture/{resource}/replay", timeout=30)
    assert answer.value.code == 302
    assert answer.value.headers["Location"] == f"/-/capture/{page}/replay"
