"""Researchers' tools over a real crawl of the replica world: `civcas serve` (Datasette,
read over HTTP and in headless chromium), `export`, `chart` and `link`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from archive.reader import read_record
from crawler.replicas.server import ReplicaServer
from test_crawl import civcas, crawl_all, query


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("research")
    with ReplicaServer(round=1) as server:
        result = crawl_all(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory):
    port = free_port()
    home = tmp_path_factory.mktemp("home")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--data-dir", str(crawled), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HOME": str(home)},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.status, dict(resp.headers), resp.read()


def get_json(url: str):
    return json.loads(get(url)[2])


def test_tables_are_served_with_their_descriptions(served, crawled):
    tables = {t["name"]: t for t in get_json(served + "/civcas.json")["tables"]}
    for name in ("documents", "versions", "captures", "crawl_runs"):
        assert tables[name]["count"] == query(crawled, f"SELECT COUNT(*) FROM {name}")[0][0]
    metadata = get_json(served + "/-/metadata.json")
    captures = metadata["databases"]["civcas"]["tables"]["captures"]
    assert "WARC-Date" in captures["columns"]["fetched_at"]
    assert captures["description"]


def test_rows_match_the_database(served, crawled):
    rows = get_json(served + "/civcas/documents.json?_shape=array&_size=max")
    want = query(crawled, "SELECT url, source, status FROM documents ORDER BY id")
    assert [(r["url"], r["source"], r["status"]) for r in rows] == want


def test_full_text_search_on_versions(served, crawled):
    rows = get_json(served + "/civcas/versions.json?_search=Hajin&_shape=array&_size=max")
    want = query(
        crawled,
        "SELECT v.id FROM versions_fts f JOIN versions v ON v.id = f.rowid "
        "WHERE versions_fts MATCH 'Hajin' ORDER BY v.id",
    )
    assert want, "the replica world mentions Hajin"
    assert sorted(r["id"] for r in rows) == [w[0] for w in want]


def test_facets_offered(served):
    data = get_json(served + "/civcas/documents.json?_facet=source")
    sources = {f["value"] for f in data["facet_results"]["source"]["results"]}
    assert {"cjtf-civcas", "sohr-en"} <= sources


def test_capture_link_gives_the_archived_bytes(served, crawled):
    (capture_id, warc_file, offset, length, digest, fetched_at) = query(
        crawled,
        "SELECT c.id, c.warc_file, c.warc_offset, c.warc_length, c.payload_digest, c.fetched_at"
        " FROM versions v JOIN captures c ON c.id = v.capture_id"
        " WHERE c.record_type = 'response' AND c.status = 200 ORDER BY v.id LIMIT 1",
    )[0]
    record = read_record(crawled / "warcs", warc_file, offset, length)
    req = urllib.request.Request(served + f"/-/capture/{capture_id}/raw", headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        body, headers = resp.read(), resp.headers
    # urllib does not decode content-encodings: these are the bytes as archived.
    assert body == record.payload
    assert "sha256:" + hashlib.sha256(body).hexdigest() == digest == headers["X-Civcas-Payload-Digest"]
    assert headers["X-Civcas-Captured-At"] == fetched_at
    assert headers["Content-Security-Policy"] == "sandbox"
    page = get(served + f"/-/capture/{capture_id}")[2].decode()
    assert digest in page and fetched_at in page


@pytest.mark.parametrize("path", ["abc/raw", "/raw", "-1/raw", "99999999999999999999999/raw",
                                  "abc", "-1", "424242/raw"])
def test_a_capture_id_that_is_none_is_404(served, path):
    with pytest.raises(urllib.error.HTTPError) as failed:
        get(served + f"/-/capture/{path}")
    assert failed.value.code == 404


def test_version_cells_link_to_their_capture(served, crawled):
    capture_id = query(crawled, "SELECT capture_id FROM versions ORDER BY id LIMIT 1")[0][0]
    page = get(served + "/civcas/versions?_sort=id&_size=5")[2].decode()
    assert f'href="/-/capture/{capture_id}"' in page


def test_the_store_is_read_only(served, crawled):
    before = query(crawled, "SELECT COUNT(*) FROM documents")[0][0]
    url = served + "/civcas.json?sql=" + urllib.parse.quote("DELETE FROM documents")
    with pytest.raises(urllib.error.HTTPError):
        get(url)
    assert query(crawled, "SELECT COUNT(*) FROM documents")[0][0] == before


def test_a_table_page_shows_the_data_in_chromium(served, crawled, tmp_path):
    from playwright.sync_api import sync_playwright

    first_url = query(crawled, "SELECT url FROM documents ORDER BY id LIMIT 1")[0][0]
    shot = tmp_path / "documents.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--host-resolver-rules=MAP update.googleapis.com ~NOTFOUND, MAP clients2.google.com ~NOTFOUND"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(served + "/civcas/documents?_sort=id", wait_until="load")
            table_text = page.inner_text("table.rows-and-columns")
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert first_url in table_text
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1400, 900)
        colours = image.convert("L").getextrema()
    assert colours[1] - colours[0] > 100  # text on a background, not a blank page


def test_export_csv_and_json_with_filters(crawled, tmp_path):
    out = tmp_path / "docs.csv"
    result = civcas("export", "documents", "--source", "sohr-en", "--data-dir", str(crawled), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    want = query(crawled, "SELECT url FROM documents WHERE source = 'sohr-en' ORDER BY id")
    assert [r["url"] for r in rows] == [w[0] for w in want] and rows
    as_json = civcas("export", "captures", "--format", "json", "--source", "snhr", "--data-dir", str(crawled))
    assert as_json.returncode == 0, as_json.stderr
    captured = json.loads(as_json.stdout)
    want = query(
        crawled,
        "SELECT c.id FROM captures c JOIN crawl_runs r ON r.id = c.run_id WHERE r.source = 'snhr' ORDER BY c.id",
    )
    assert [c["id"] for c in captured] == [w[0] for w in want] and captured
    future = civcas("export", "versions", "--since", "2999-01-01", "--format", "json", "--data-dir", str(crawled))
    assert json.loads(future.stdout) == []


def test_export_mistakes_are_one_sentence(crawled):
    result = civcas("export", "no_such_table", "--data-dir", str(crawled))
    assert result.returncode == 2 and "no table no_such_table" in result.stderr
    result = civcas("export", "notifications", "--source", "snhr", "--data-dir", str(crawled))
    assert result.returncode == 2 and "do not belong to a source" in result.stderr


def test_charts_are_labelled_pngs(crawled, tmp_path):
    result = civcas("chart", str(tmp_path / "charts"), "--data-dir", str(crawled))
    assert result.returncode == 0, result.stderr
    from PIL import Image

    for name in ("assessments.png", "strikes.png"):
        with Image.open(tmp_path / "charts" / name) as image:
            assert image.format == "PNG"
            info = image.info
        assert info["civcas:xlabel"].startswith("Month")
        assert info["civcas:ylabel"]
        assert info["Title"]
        assert info["civcas:legend"], name  # the replica world has reports, claims and strikes
    with Image.open(tmp_path / "charts" / "assessments.png") as image:
        legend = image.info["civcas:legend"]
    assert "credible" in legend and "non-credible" in legend
    assert "coalition: cumulative civilian deaths" in legend and "SOHR" in legend
    with Image.open(tmp_path / "charts" / "strikes.png") as image:
        assert {"Iraq", "Syria"} <= set(image.info["civcas:legend"].split(" | "))


def test_link_command_runs_on_a_store(crawled):
    result = civcas("link", "--data-dir", str(crawled))
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[0])
    assert count == query(crawled, "SELECT COUNT(*) FROM incident_links")[0][0]


def test_hajin_strikes_link_to_the_monitors_claims(crawled):
    result = civcas("link", "--data-dir", str(crawled))
    assert result.returncode == 0, result.stderr
    rows = query(
        crawled,
        """SELECT s.strike_date, c.claimant, c.killed_min, l.score, l.matched
           FROM incident_links l
           JOIN strikes s ON l.left_kind = 'strike' AND s.id = l.left_id
           JOIN claims c ON l.right_kind = 'claim' AND c.id = l.right_id
           WHERE l.place = 'Hajin' AND s.strike_date = '2018-11-17' AND c.event_date = '2018-11-17'""",
    )
    claimants = {(claimant, killed) for _, claimant, killed, _, _ in rows}
    assert ("SOHR", 43) in claimants
    assert ("SANA", 40) in claimants
    assert all(score >= 0.9 and "place Hajin" in matched for *_, score, matched in rows)


def test_canned_queries_answer_like_the_database(served, crawled):
    rows = get_json(served + "/civcas/strikes_per_place_per_month.json?_shape=array&_size=max")
    want = query(
        crawled,
        "SELECT substr(strike_date, 1, 7), place, SUM(strikes) FROM strikes"
        " WHERE strike_date IS NOT NULL GROUP BY 1, country, place",
    )
    got = [(r["month"], r["place"], r["strikes"]) for r in rows]
    assert got and sorted(got, key=str) == sorted(want, key=str)
    names = {q["name"] for q in get_json(served + "/civcas.json")["queries"]}
    assert {"allegation_history", "assessment_changes_by_report", "strikes_per_place_per_month",
            "allegations_by_assessment_per_report", "claims_beside_assessments"} <= names
