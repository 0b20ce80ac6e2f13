"""Crawls of the strike sources over the replicas: every release once, incremental paging,
UK MoD edits as versions, and strike rows that reach their WARC record."""

from __future__ import annotations

import collections
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive.urls import canonical_url
from crawler.replicas import dod, strikes, ukmod, world
from support.replicas import ReplicaServer

SOURCES = ("cjtf-strikes", "ukmod-strikes")


def crawl(server: ReplicaServer, data: Path) -> subprocess.CompletedProcess:
    """A plain crawl of cjtf-strikes (incremental: `--recheck all` would ask for every
    known release), then one of ukmod-strikes with `--recheck all` (crawls come seconds
    apart: its running page is re-fetched, not only when due); the first failure, else
    the second crawl's result."""
    mirrors = server.mirror_args()
    for source, extra in (("cjtf-strikes", []), ("ukmod-strikes", ["--recheck", "all"])):
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", source, "--delay", "0", *extra,
             "--data-dir", str(data), *mirrors],
            capture_output=True, text=True, timeout=300, env=dict(os.environ),
        )
        if result.returncode != 0:
            return result
    return result


def query(data: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


def release_paths(round_: int) -> set[str]:
    """Every release's path as the replica server logs it (host/path, no query)."""
    paths = {dod.strike_path(r) for r in strikes.html_releases(round_)}
    paths |= {r["href"].split("?")[0] for r in strikes.pdfs(round_)}
    ir = {"www.inherentresolve.mil" + unquote(p) for p in paths}
    dg = {f"www.defense.gov{a['section']}{a['id']}/{a['slug']}/" for a in strikes.dod_articles()}
    return ir | dg


def logged(requests) -> list[str]:
    return [unquote(p.split("?")[0]).lstrip("/") for _, p, _ in requests]


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    data = tmp_path_factory.mktemp("strikes")
    with ReplicaServer(round=1) as server:
        first = crawl(server, data)
        n1 = len(server.requests)
        after_1 = {t: query(data, f"SELECT COUNT(*) FROM {t}")[0][0]
                   for t in ("documents", "versions", "strike_releases", "strikes")}
        server.set_round(2)
        second = crawl(server, data)
        requests_1, requests_2 = logged(server.requests[:n1]), logged(server.requests[n1:])
        raw_2 = [p for _, p, _ in server.requests[n1:]]
    return {"data": data, "first": first, "second": second, "r1": requests_1, "r2": requests_2,
            "raw_2": raw_2, "after_1": after_1}


def test_first_crawl_fetches_every_release_exactly_once(rounds):
    assert rounds["first"].returncode == 0, rounds["first"].stderr
    counts = collections.Counter(rounds["r1"])
    wanted = release_paths(1)
    assert {p: counts[p] for p in wanted} == {p: 1 for p in wanted}
    # one document per release, whatever the link spelling (spaces, %20, doubled space, ?ver=);
    # the store is read after both rounds, so the release added in round 2 is there too
    docs = {u for (u,) in query(rounds["data"], "SELECT url FROM documents WHERE source = 'cjtf-strikes'")}
    assert len(docs) == len(release_paths(2)) == len(wanted) + 1
    assert all(canonical_url(u, {"ver"}) == u for u in docs)


def test_every_release_but_the_garbled_one_has_rows(rounds):
    data = rounds["data"]
    failures = query(data, "SELECT d.url, p.reason FROM parse_failures p JOIN documents d ON d.id = p.document_id")
    assert len(failures) == 1 and "20191113-01" in failures[0][0] and "no strike figures" in failures[0][1]
    releases = query(data, """SELECT COUNT(DISTINCT document_id) FROM strike_releases r
                              JOIN documents d ON d.id = r.document_id WHERE d.source = 'cjtf-strikes'""")
    assert releases == [(len(release_paths(2)) - 1,)]
    runs = query(data, "SELECT source, parse_failures FROM crawl_runs ORDER BY id LIMIT 2")
    assert ("cjtf-strikes", 1) in runs
    # the UK MoD page: one release per dated entry, for each of its two versions
    uk = query(data, "SELECT COUNT(*) FROM strike_releases WHERE publisher = 'UK MoD'"
                     " GROUP BY version_id ORDER BY version_id")
    assert uk == [(len(ukmod.entries(1)),), (len(ukmod.entries(2)),)]


def test_second_crawl_fetches_only_what_changed(rounds):
    assert rounds["second"].returncode == 0, rounds["second"].stderr
    fetched = set(rounds["r2"]) & (release_paths(1) | release_paths(2))
    changed = {unquote(u.split("://", 1)[1]) for u in world.ROUND_CHANGES[2]["added"] + world.ROUND_CHANGES[2]["edited"]
               if "inherentresolve" in u and "Strike" in u}
    assert changed and fetched == changed
    # Paging: page 1 (a new release) and page 2 (a re-uploaded PDF) lead on; page 3 holds
    # nothing new, so page 4 is never asked for. Round 1 asked for all four.
    listing = "/www.inherentresolve.mil/Releases/Strike-Releases/"
    pages = sorted({p for p in rounds["raw_2"] if p.startswith(listing) and "/Article/" not in p})
    assert pages == [listing, listing + "?Page=2", listing + "?Page=3"]


def test_edits_become_versions_with_their_own_rows(rounds):
    data = rounds["data"]
    pdf = canonical_url(world.ROUND_CHANGES[2]["edited"][1], {"ver"})
    versions = query(data, """SELECT v.id FROM versions v JOIN documents d ON d.id = v.document_id
                              WHERE d.url = ? ORDER BY v.id""", [pdf])
    assert len(versions) == 2
    totals = [query(data, "SELECT total_strikes FROM strike_releases WHERE version_id = ?", [v])[0][0]
              for (v,) in versions]
    assert totals == [45, 46]
    diff = query(data, """SELECT c.diff FROM document_changes c JOIN documents d ON d.id = c.document_id
                          WHERE d.source = 'ukmod-strikes' AND c.kind = 'edited'""")
    assert len(diff) == 1 and "+27 November 2018" in diff[0][0] and "near Susah" in diff[0][0]
    latest = query(data, """SELECT s.strike_date, s.place, s.strikes FROM strikes s
                            JOIN strike_releases r ON r.id = s.release_id
                            JOIN documents d ON d.id = r.document_id
                            WHERE d.source = 'ukmod-strikes' AND r.version_id = d.current_version_id
                              AND s.strike_date = '2018-11-17'""")
    assert latest == [("2018-11-17", "Susah", 2)]


def test_strike_rows_reach_their_capture(rounds):
    data = rounds["data"]
    rows = query(data, """
        SELECT s.strike_date, s.strikes, s.targets, c.warc_file, c.warc_offset, c.url
        FROM strikes s JOIN strike_releases r ON r.id = s.release_id
        JOIN versions v ON v.id = r.version_id JOIN captures c ON c.id = v.capture_id
        WHERE s.place = 'Hajin' AND s.strike_date = '2018-11-17'""")
    cjtf = [r for r in rows if "inherentresolve" in r[5]]
    assert [(r[0], r[1]) for r in cjtf] == [("2018-11-17", 19)]
    targets = json.loads(cjtf[0][2])
    assert {"verb": "engaged", "count": 15, "object": "tactical unit"} in targets
    assert all(r[3].endswith(".warc.gz") and r[4] >= 0 for r in rows)
