"""Events over a real crawl of the replica world: every side's account of the Hajin
strikes of 17 November 2018 grouped into one event, each with working evidence; the
membership scored against hand labels; the event page, the export, stable ids."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from support.replicas import ReplicaServer
from support.event_labels import event_groups, found_labels, score, single_linkage_groups
from support.commands import civcas, crawl_all, query

# The floor stated for event membership on the labelled replica accounts (pairwise).
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = tmp_path_factory.mktemp("events")
    with ReplicaServer(round=1) as server:
        result = crawl_all(server, data)
    assert result.returncode == 0, result.stderr[-2000:]
    linked = civcas("link", "--data-dir", str(data))
    assert linked.returncode == 0, linked.stderr[-2000:]
    return data


def members_of(data, event_id):
    with sqlite3.connect(data / "civcas.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM event_members WHERE event_id = ?", [event_id])]


def hajin_event(data) -> int:
    """The event holding SOHR's own post of the 17 November strikes."""
    rows = query(data, "SELECT DISTINCT m.event_id FROM event_members m JOIN claims c ON c.id = m.row_id"
                       " AND m.member_table = 'claims' JOIN documents d ON d.id = c.document_id"
                       " WHERE d.url LIKE '%syriahr.com/en/106650%'")
    assert len(rows) == 1, rows
    return rows[0][0]


def test_the_hajin_event_shows_every_side_with_its_evidence(store):
    event_id = hajin_event(store)
    members = members_of(store, event_id)
    assert query(store, "SELECT event_date, place, country FROM events WHERE id = ?", [event_id]) == [
        ("2018-11-17", "Hajin", "Syria")]
    strikes = {(m["claimant"], m["strikes"]) for m in members if m["kind"] == "strike"}
    assert strikes == {("CJTF-OIR", 19), ("UK MoD", 1)}  # that day near Hajin; not the 16th or 18th
    statement = [m for m in members if m["side"] == "coalition statement" and m["publisher"] == "Syria Direct"]
    assert len(statement) == 1
    assert statement[0]["strikes"] == 19 and "free of civilian presence" in statement[0]["quote"]
    sohr = [m for m in members if m["side"] == "SOHR" and m["killed_min"] == 43]
    assert {m["publisher"] for m in sohr} >= {"SOHR", "CBC News"}
    assert any(m["children"] == 17 and m["women"] == 12 for m in sohr)
    assert len({m["account"] for m in sohr}) == 1  # one account, several sources
    sana = [m for m in members if m["side"] == "SANA"]
    assert sana and all(m["killed_min"] == 40 for m in sana)
    assert any(m["publisher"] == "CBC News" for m in sana)  # SANA's claim, CBC's page
    amaq = [m for m in members if m["side"] == "Amaq"]
    assert [m["killed_min"] for m in amaq] == [40]
    for m in members:
        assert m["capture_id"] is not None, m
        assert query(store, "SELECT COUNT(*) FROM captures WHERE id = ?", [m["capture_id"]]) == [(1,)]


def test_membership_both_ways_against_the_labels(store):
    """Every account labelled for the Hajin event is in it (not split), and nothing in it
    is labelled for another event or none (no unrelated account joined)."""
    db_path = store / "civcas.db"
    found, absent = found_labels(db_path)
    assert not absent, absent
    event_id = hajin_event(store)
    inside = {(m["member_table"], m["row_id"]) for m in members_of(store, event_id)}
    labelled_in = {row for label, rows in found if label["event"] == "hajin-2018-11-17" for row in rows}
    labelled_out = {row for label, rows in found if label["event"] != "hajin-2018-11-17" for row in rows}
    assert labelled_in <= inside
    assert not (labelled_out & inside)
    # The one member the labels do not name: the US envoy's tweet on the same strikes,
    # which Syria Direct quotes (the labels list the coalition's statements only).
    extra = inside - labelled_in
    quotes = [query(store, f"SELECT quote FROM {table} WHERE id = ?", [row])[0][0] for table, row in extra]
    assert len(quotes) == 1 and "McGurk" in quotes[0], quotes


def test_membership_precision_and_recall(store, capsys):
    db_path = store / "civcas.db"
    found, _ = found_labels(db_path)
    events = score(event_groups(db_path), found)
    single = score(single_linkage_groups(db_path), found)
    with capsys.disabled():
        print(f"\nevent membership on {events['rows']} labelled rows: precision {events['precision']:.3f}"
              f" recall {events['recall']:.3f} (floor {PRECISION_FLOOR}/{RECALL_FLOOR});"
              f" single linkage over incident_links: precision {single['precision']:.3f}"
              f" recall {single['recall']:.3f}")
    assert events["precision"] >= PRECISION_FLOOR, events["wrong"]
    assert events["recall"] >= RECALL_FLOOR, events["missed"]


def test_no_event_chains_days_or_places_apart(store):
    """Complete linkage: no two anchors of one event more than a day or 10 km apart."""
    rows = query(store, "SELECT event_id, MAX(days_apart), MAX(distance_km) FROM event_members"
                        " WHERE joined = 'anchor' GROUP BY event_id")
    assert rows
    for event_id, days, km in rows:
        assert days <= 1 and (km or 0) <= 10.0, (event_id, days, km)
    widths = query(store, "SELECT MAX(julianday(last_date) - julianday(first_date)) FROM events")
    assert widths[0][0] <= 2


def test_month_dated_and_running_tallies_are_no_members(store):
    rows = query(store, "SELECT c.event_date, c.cumulative FROM event_members m JOIN claims c"
                        " ON m.member_table = 'claims' AND c.id = m.row_id")
    assert rows
    assert all(len(date) == 10 and not cumulative for date, cumulative in rows)


def test_ids_are_stable_across_rebuilds(store):
    before = query(store, "SELECT id, event_key FROM events ORDER BY id")
    again = civcas("link", "--data-dir", str(store))
    assert again.returncode == 0, again.stderr
    assert query(store, "SELECT id, event_key FROM events ORDER BY id") == before


def test_ids_and_members_survive_a_reextraction(store, tmp_path):
    """`civcas reextract` rebuilds every parsed row from the WARCs, then the events: the
    same events keep their ids, the members the same natural keys."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    sql = ("SELECT e.id, e.event_key, group_concat(m.member_key) FROM events e JOIN event_members m"
           " ON m.event_id = e.id GROUP BY e.id ORDER BY e.id")
    before = query(copy, sql)
    result = civcas("reextract", "--data-dir", str(copy))
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"events: {len(before)}" in result.stdout
    assert query(copy, sql) == before


def test_an_event_keeps_its_id_when_a_member_leaves(store, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    event_id = hajin_event(copy)
    with sqlite3.connect(copy / "civcas.db") as db:
        db.execute("DELETE FROM strikes WHERE id IN (SELECT row_id FROM event_members WHERE event_id = ?"
                   " AND kind = 'strike' AND claimant = 'UK MoD')", [event_id])
    assert civcas("link", "--data-dir", str(copy)).returncode == 0
    assert hajin_event(copy) == event_id
    assert query(copy, "SELECT COUNT(*) FROM event_members WHERE event_id = ? AND kind = 'strike'",
                 [event_id]) == [(1,)]


def test_claims_name_the_publisher_beside_the_claimant(store):
    rows = query(store, "SELECT c.claimant, c.publisher FROM claims c JOIN documents d ON d.id = c.document_id"
                        " WHERE d.url LIKE '%cbc.ca/news/world/syria-hajin%' AND c.quote LIKE '%SANA%'")
    assert rows == [("SANA", "CBC News")]


def test_the_event_page_and_list_in_datasette(store):
    from crawler.research.serve import make_app

    app = make_app(store / "civcas.db")
    event_id = hajin_event(store)

    async def fetch():
        page = await app.client.get(f"/-/event/{event_id}")
        listing = await app.client.get("/-/events")
        missing = await app.client.get("/-/event/999999")
        captures = {}
        for m in members_of(store, event_id):
            captures[m["capture_id"]] = (await app.client.get(f"/-/capture/{m['capture_id']}")).status_code
        return page, listing, missing, captures

    page, listing, missing, captures = asyncio.run(fetch())
    assert page.status_code == 200 and missing.status_code == 404
    text = page.text
    for side in ("coalition strikes", "coalition statement", "SOHR", "SANA", "Amaq"):
        assert f"<td class=side>{side}</td>" in text
    assert "free of civilian presence" in text and "17 children, 12 women" in text
    for capture_id, status in captures.items():
        assert f'href="/-/capture/{capture_id}"' in text
        assert status == 200
    # The list: widest gap first, the Hajin event among them.
    assert f'href="/-/event/{event_id}"' in listing.text
    import re

    listed = [int(x) for x in re.findall(r'href="/-/event/(\d+)"', listing.text)]
    gaps = dict(query(store, "SELECT id, gap FROM events"))
    assert len(listed) == query(store, "SELECT COUNT(*) FROM events WHERE sides >= 2")[0][0]
    known = [gaps[i] for i in listed if gaps[i] is not None]
    assert known == sorted(known, reverse=True) and known[0] == gaps[event_id] == 43


def test_events_export_csv_and_json(store):
    as_json = civcas("events", "--format", "json", "--min-sides", "2", "--data-dir", str(store))
    assert as_json.returncode == 0, as_json.stderr
    events = json.loads(as_json.stdout)
    hajin = [e for e in events if e["id"] == hajin_event(store)][0]
    assert {m["side"] for m in hajin["members"]} >= {"coalition strikes", "coalition statement", "SOHR", "SANA", "Amaq"}
    as_csv = civcas("events", "--data-dir", str(store))
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == query(store, "SELECT COUNT(*) FROM event_members")[0][0]
    assert {r["event_id"] for r in rows if r["side"] == "Amaq"} == {str(hajin["id"])}


def test_the_event_page_in_chromium(store, tmp_path):
    """The page as a researcher sees it, and an evidence link followed to its capture.
    CIVCAS_EVENT_SCREENSHOT=PATH keeps the screenshot (docs/images/event-page.png)."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--data-dir", str(store), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "HOME": str(tmp_path)})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                time.sleep(0.2)
        shot = Path(os.environ.get("CIVCAS_EVENT_SCREENSHOT") or tmp_path / "event.png")
        event_id = hajin_event(store)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--host-resolver-rules=MAP update.googleapis.com ~NOTFOUND, MAP clients2.google.com ~NOTFOUND"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/-/event/{event_id}", wait_until="load")
                sides = page.locator("td.side").all_inner_texts()
                page.screenshot(path=str(shot), full_page=True)
                page.locator("a[href^='/-/capture/']").first.click()
                page.wait_for_load_state("load")
                capture_heading = page.inner_text("h1")
            finally:
                browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert sides[0] == "coalition strikes" and {"coalition statement", "SOHR", "SANA", "Amaq"} <= set(sides)
    assert capture_heading.startswith("Capture ")
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size[0] >= 1400
        low, high = image.convert("L").getextrema()
    assert high - low > 100
