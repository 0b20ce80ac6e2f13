"""Researchers' tools over a real crawl of the replica world: `civcas serve` (Datasette,
read over HTTP and in headless chromium), `export`, `chart` and `link`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import urllib.error
import urllib.request

import pytest

from archive.reader import read_record
from support.replicas import ReplicaServer
from support.commands import civcas, crawl_all, query, serving


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("research")
    with ReplicaServer(round=1) as server:
        result = crawl_all(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    return data


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory):
    with serving(crawled, tmp_path_factory.mktemp("home")) as base:
        yield base


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
    summary, details = captures["description_html"].split("<details", 1)
    assert "archived HTTP response" in summary
    assert "<dt><code>fetched_at</code></dt><dd>the record's <code>WARC-Date</code>" in details


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
    data = get_json(served + "/civcas/documents.json?_facet=source&_facet_size=max")
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


def test_version_cells_link_to_their_capture_replayed(served, crawled):
    capture_id = query(crawled, "SELECT capture_id FROM versions ORDER BY id LIMIT 1")[0][0]
    page = get(served + "/civcas/versions?_sort=id&_size=5")[2].decode()
    assert f'href="/-/capture/{capture_id}/replay"' in page


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


def test_charts_one_measure_each_with_their_coverage(crawled, tmp_path):
    result = civcas("chart", str(tmp_path / "charts"), "--data-dir", str(crawled))
    assert result.returncode == 0, result.stderr
    from PIL import Image

    info = {}
    for name in ("allegations", "coalition_deaths", "claims", "strikes"):
        with Image.open(tmp_path / "charts" / f"{name}.png") as image:
            assert image.format == "PNG"
            info[name] = image.info
        assert info[name]["civcas:xlabel"] == "Month" and info[name]["Title"]
        assert info[name]["civcas:ylabel"] and " | " not in info[name]["civcas:ylabel"]  # one axis
        assert info[name]["civcas:legend"] and info[name]["civcas:coverage"], name
    assert info["allegations"]["civcas:legend"] == "credible | non-credible"
    assert info["coalition_deaths"]["civcas:legend"] == "coalition: cumulative civilian deaths"
    assert "SOHR (" in info["claims"]["civcas:legend"]
    assert {"Iraq", "Syria"} <= set(info["strikes"]["civcas:legend"].split(" | "))
    # coverage says which reports and releases the store holds
    first, last = query(crawled, "SELECT MIN(month_covered), MAX(month_covered) FROM civcas_reports"
                        " WHERE alternate_of IS NULL AND (credible IS NOT NULL OR id IN"
                        " (SELECT report_id FROM allegations))")[0]
    assert f"covering {first} to {last}" in info["allegations"]["civcas:coverage"]
    releases = query(crawled, "SELECT COUNT(DISTINCT release_id) FROM strikes"
                     " WHERE strike_date IS NOT NULL AND strikes IS NOT NULL")[0][0]
    coverage = info["strikes"]["civcas:coverage"]
    assert f"strike lines of the {releases} releases crawled" in coverage
    assert "a month with a release missing counts low" in coverage.lower()


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


def test_claims_beside_assessments_shows_rows_on_the_replica_world(served, crawled):
    rows = get_json(served + "/civcas/claims_beside_assessments.json?_shape=array&_size=max")
    assert rows  # the Hajin claim of 2018-09-10 and the Hajin allegation of 2018-08-25
    for row in rows:
        assert row["days_apart"] <= 31
        want = query(crawled, "SELECT COUNT(*) FROM allegations WHERE allegation_key = ?"
                     " AND place = ? AND allegation_date = ?",
                     [row["allegation_key"], row["place"], row["allegation_date"]])[0][0]
        assert want >= 1
    narrow = get_json(served + "/civcas/claims_beside_assessments.json?_shape=array&days=1")
    assert len(narrow) < len(rows)  # the window is the user's to set


# -- what a researcher sees, in chromium (screenshots kept as test artefacts) ---------------

def _keep(path) -> None:
    import shutil
    from pathlib import Path

    folder = os.environ.get("CIVCAS_ARTEFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Offline as a researcher on a train: nothing resolves but this machine.
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 900})
        finally:
            browser.close()


def _shoot(page, tmp_path, name):
    shot = tmp_path / f"datasette-{name}.png"
    page.screenshot(path=str(shot))
    _keep(shot)
    return shot


def test_the_home_page_starts_with_the_research_tables(served, browser_page, tmp_path):
    page = browser_page
    page.goto(served + "/", wait_until="load")
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    _shoot(page, tmp_path, "home")
    research = [h for h in links if h and h.startswith("/civcas/")]
    assert research[0] == "/civcas/allegation_evidence"
    assert research.index("/civcas/civcas_reports") < research.index("/civcas/strikes")
    for plumbing in ("_migrations", "captures", "crawl_runs", "notifications", "fetch_errors"):
        assert f"/civcas/{plumbing}" not in links, plumbing
    first = page.locator("a[href='/civcas/allegation_evidence']").first.bounding_box()
    assert first["y"] < 450  # on the first screen, above everything Datasette lists


def test_an_allegations_table_shows_rows_on_the_first_screen(served, crawled, browser_page, tmp_path):
    page = browser_page
    page.goto(served + "/civcas/allegation_evidence", wait_until="load")
    first_row = page.locator("table.rows-and-columns tbody tr").first
    box = first_row.bounding_box()
    month = first_row.locator("td.col-report_month").inner_text()
    capture_link = first_row.locator("td.col-capture_id a").get_attribute("href")
    details_open = page.locator("details.civcas-details").get_attribute("open")
    _shoot(page, tmp_path, "allegations")
    assert box["y"] + box["height"] < 900, box  # a whole row of data on the first screen
    newest = query(crawled, "SELECT MAX(month_covered) FROM civcas_reports r"
                   " JOIN allegations a ON a.report_id = r.id")[0][0]
    assert month == newest  # the newest report first
    assert capture_link.endswith("/replay")
    assert details_open is None  # the column notes are a click away
    page.click("details.civcas-details summary")
    assert page.locator("dl.civcas-columns dt", has_text="allegation_key").is_visible()


def test_the_incident_map_shows_markers_offline(served, crawled, browser_page, tmp_path):
    page = browser_page
    page.goto(served + "/civcas/incidents", wait_until="load")
    page.wait_for_selector(".leaflet-marker-icon", timeout=30000)
    markers = page.locator(".leaflet-marker-icon").count()
    page.locator(".leaflet-container").scroll_into_view_if_needed()
    _shoot(page, tmp_path, "incident-map")
    located = query(crawled, "SELECT COUNT(*) FROM incidents WHERE latitude IS NOT NULL")[0][0]
    assert located and 1 <= markers <= located  # clusters gather nearby incidents


def test_a_chart_inside_datasette(served, crawled, browser_page, tmp_path):
    page = browser_page
    home = served + "/"
    page.goto(home, wait_until="load")
    page.click("text=allegations by assessment, per monthly report")
    page.wait_for_selector(".datasette-vega svg, .datasette-vega canvas, svg.marks, canvas.marks",
                           timeout=30000)
    chart = page.locator("svg.marks, canvas.marks").first
    chart.scroll_into_view_if_needed()
    _shoot(page, tmp_path, "chart")
    assert "allegations_by_assessment_per_report" in page.url and "g.mark=bar" in page.url
    assert chart.bounding_box()["width"] > 150
