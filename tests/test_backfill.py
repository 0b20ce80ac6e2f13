"""Real backfills from the replica Wayback Machine, in subprocesses, read back from SQLite
and the WARCs, compared with live crawls of the same pages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from archive.reader import read_record
from crawler.replicas import wayback
from support.replicas import ReplicaServer
from support.commands import BACKFILL_RANGE as RANGE
from support.commands import backfill, civcas, query

# The three captures of report pages the range holds, one per page and content.
EXPECTED = {
    ("1342924", "2016-12-10T09:30:12Z"),  # October 2016 report as first published
    ("1342924", "2020-04-15T08:30:00Z"),  # ... as revised in April 2020
    ("2082238", "2020-04-10T16:45:12Z"),  # February 2020 report
}


def counts(data: Path) -> dict[str, int]:
    tables = ("documents", "versions", "document_changes", "backfill_captures", "fetch_errors")
    return {t: query(data, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


def raw_fetches(server: ReplicaServer) -> list[str]:
    return [path for _, path, _ in server.requests if "id_/" in path]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("backfill")
    live, fresh = root / "live", root / "fresh"
    with ReplicaServer(round=1) as server:
        mirror = f"--mirror=https://www.inherentresolve.mil={server.mirrors()['https://www.inherentresolve.mil']}"
        # Rounds come seconds apart: every known page is re-fetched, not only the due ones.
        crawl = ("crawl", "cjtf-civcas", "--delay", "0", "--recheck", "all", "--data-dir", str(live),
                 mirror)
        assert civcas(*crawl).returncode == 0
        server.set_round(2)
        assert civcas(*crawl).returncode == 0
        live_state = {
            "changes": query(live, "SELECT id FROM document_changes"),
            "current": dict(query(live, "SELECT url, current_version_id FROM documents")),
            "versions": query(live, "SELECT MAX(id) FROM versions")[0][0],
        }
        first = backfill(server, fresh)
        after_first = counts(fresh)
        captures_first = query(fresh, "SELECT MAX(id) FROM captures")[0][0]
        fetched_first = len(raw_fetches(server))
        second = backfill(server, fresh)
        fetched_second = len(raw_fetches(server)) - fetched_first
        into_live = backfill(server, live)
    return {
        "root": root, "live": live, "fresh": fresh, "live_state": live_state, "first": first,
        "second": second, "after_first": after_first, "captures_first": captures_first,
        "fetched_first": fetched_first, "fetched_second": fetched_second, "into_live": into_live,
        "mirror_base": f"{server.base_url}/{wayback.HOST}",
    }


def backfilled_versions(data: Path) -> list[tuple]:
    return query(data, """
        SELECT d.url, v.seen_at, v.text, v.content_sha256, c.archive, c.archived_at, c.url,
               c.fetched_url, c.fetched_at, c.warc_file, c.warc_offset, c.warc_length
        FROM versions v JOIN documents d ON d.id = v.document_id
        JOIN captures c ON c.id = v.capture_id
        WHERE c.archive IS NOT NULL ORDER BY v.seen_at""")


def test_three_report_captures_are_backfilled_dated_by_capture_time(world):
    first = world["first"]
    assert first.returncode == 0, first.stderr
    rows = backfilled_versions(world["fresh"])
    assert {(url.split("/Article/")[1].split("/")[0], seen) for url, seen, *_ in rows} == EXPECTED
    for url, seen, _, _, archive, archived_at, _cap_url, fetched, fetched_at, *_ in rows:
        assert archive == "https://web.archive.org" and archived_at == seen
        assert fetched_at > "2025"  # when we fetched it, not when the archive did
        assert "id_/" in fetched and fetched.startswith(world["mirror_base"] + "/web/")
        assert url.startswith("https://www.inherentresolve.mil/")
    # the first capture was archived under http://...:80; the document is today's https URL
    first_capture_url = rows[0][6]
    assert first_capture_url.startswith("http://www.inherentresolve.mil:80/")
    # one version each: the 2017 capture with the same content as 2016 was never fetched
    assert world["fetched_first"] == 3
    # progress on stderr, one line per capture, and a summary on stdout
    assert first.stderr.count("cjtf-civcas: [") == 3 and "[3/3]" in first.stderr
    assert "fetched 3 (1 changed, 2 new)" in first.stdout


def report_rows(data: Path, archived: bool) -> dict[tuple, tuple]:
    """(document URL, content hash) -> (its civcas_reports row, its allegations rows), row
    ids left out (each store numbers its own); only versions from an archive, or only live ones."""
    with sqlite3.connect(data / "civcas.db") as db:
        db.row_factory = sqlite3.Row
        reports = db.execute(f"""
            SELECT r.*, d.url AS doc_url, v.content_sha256 AS sha, alt_d.url AS alternate_url
            FROM civcas_reports r JOIN documents d ON d.id = r.document_id
            JOIN versions v ON v.id = r.version_id JOIN captures c ON c.id = v.capture_id
            LEFT JOIN civcas_reports alt ON alt.id = r.alternate_of
            LEFT JOIN documents alt_d ON alt_d.id = alt.document_id
            WHERE c.archive IS {'NOT ' if archived else ''}NULL""").fetchall()
        out = {}
        for r in reports:
            ids = ("id", "document_id", "version_id", "alternate_of", "doc_url", "sha")
            report = tuple((k, r[k]) for k in r.keys() if k not in ids)
            allegations = tuple(
                tuple((k, a[k]) for k in a.keys() if k not in ("id", "report_id"))
                for a in db.execute("SELECT * FROM allegations WHERE report_id = ? ORDER BY item, id",
                                    [r["id"]]))
            out[(r["doc_url"], r["sha"])] = (report, allegations)
    return out


def test_backfilled_texts_and_report_rows_equal_those_of_the_live_crawls(world):
    live = {(url, sha): text for url, sha, text in query(
        world["live"], "SELECT d.url, v.content_sha256, v.text FROM versions v"
                       " JOIN documents d ON d.id = v.document_id")}
    for url, _, text, sha, *_ in backfilled_versions(world["fresh"]):
        assert live.get((url, sha)) == text, url
    # the monthly-report parser reads a backfilled report as it read the live page
    backfilled = report_rows(world["fresh"], archived=True)
    live_rows = report_rows(world["live"], archived=False)
    assert len(backfilled) == 3 and sum(len(a) for _, a in backfilled.values()) > 0
    for key, rows in backfilled.items():
        assert live_rows.get(key) == rows, key[0]


def test_the_warc_holds_the_raw_capture_as_the_archive_sent_it(world):
    data = world["fresh"]
    for *_, fetched, _, warc_file, offset, length in backfilled_versions(data):
        record = read_record(data / "warcs", warc_file, offset, length)
        assert record.target_uri == fetched
        headers = dict(record.http_headers)
        assert "Memento-Datetime" in headers
        assert b"wm-ipp" not in record.payload  # the id_ form: no toolbar, no rewriting
        assert b'href="/Media-Library/' in record.payload
    assert all(f.startswith("civcas-backfill-cjtf-civcas-") for f in
               os.listdir(data / "warcs") if f.endswith(".warc.gz"))
    assert civcas("verify", "--data-dir", str(data)).returncode == 0


def test_a_second_backfill_adds_nothing(world):
    second = world["second"]
    assert second.returncode == 0, second.stderr
    assert counts(world["fresh"]) == world["after_first"]
    assert world["fetched_second"] == 0
    # only the listing (and robots.txt) was asked again, archived as revisits
    new = query(world["fresh"], "SELECT url, record_type FROM captures WHERE id > ?",
                [world["captures_first"]])
    assert new and {t for _, t in new} == {"revisit"}
    assert all("/cdx/search/cdx" in u or u.endswith("/robots.txt") for u, _ in new)
    assert "fetched 0" in second.stdout


def test_old_captures_never_become_current_nor_diff_against_live_versions(world):
    live, state = world["live"], world["live_state"]
    assert world["into_live"].returncode == 0, world["into_live"].stderr
    # every document keeps the live version as its current one
    assert dict(query(live, "SELECT url, current_version_id FROM documents")) == state["current"]
    # the only change the backfill found: the 2016 text revised in 2020, both archived
    new = query(live, """
        SELECT c.from_archive, o.seen_at, n.seen_at, c.diff FROM document_changes c
        JOIN versions o ON o.id = c.old_version_id JOIN versions n ON n.id = c.new_version_id
        WHERE c.id > ?""", [max(i for (i,) in state["changes"])])
    assert [(a, o, n) for a, o, n, _ in new] == [(1, "2016-12-10T09:30:12Z", "2020-04-15T08:30:00Z")]
    assert "+casualties. Eleven of these reports" in new[0][3]
    # the report is now known since its first capture
    (first_seen,) = query(live, "SELECT first_seen FROM documents WHERE url LIKE '%/1342924/%'")[0]
    assert first_seen == "2016-12-10T09:30:12Z"


def test_an_interrupted_backfill_continues_where_it_stopped(world, tmp_path):
    data = tmp_path / "resumed"
    with ReplicaServer() as server:
        part = backfill(server, data, "--max-captures", "1")
        assert part.returncode == 0, part.stderr
        assert "2 left for the next backfill" in part.stdout
        assert query(data, "SELECT status, COUNT(*) FROM backfill_captures GROUP BY status") == \
            [("done", 1), ("pending", 2)]
        rest = backfill(server, data)
        assert rest.returncode == 0, rest.stderr
        assert len(raw_fetches(server)) == 3  # each capture fetched once over both runs
    assert query(data, "SELECT status, COUNT(*) FROM backfill_captures GROUP BY status") == [("done", 3)]
    resumed = [(u, s, sha) for u, s, _, sha, *_ in backfilled_versions(data)]
    whole = [(u, s, sha) for u, s, _, sha, *_ in backfilled_versions(world["fresh"])]
    assert resumed == whole


def test_a_memento_timemap_archive_recovers_a_removed_monitor_post(tmp_path):
    data = tmp_path / "timemap"
    with ReplicaServer(round=2) as server:  # round 2: the SOHR post is gone from the site
        archive = f"{server.base_url}/{wayback.HOST}/web"
        done = civcas("backfill", "sohr-en", "--from", "2015-01-01", "--to", "2020-12-31",
                      "--delay", "0", "--data-dir", str(data), "--archive", archive)
        assert done.returncode == 0, done.stderr
        live = server.url("https://www.syriahr.com/en/27196/")
        assert server.requests and not any(p.startswith(live.split(str(server.port))[1])
                                           for _, p, _ in server.requests)
    rows = query(data, """SELECT d.url, v.seen_at, v.text, c.archive, c.fetched_url FROM versions v
                          JOIN documents d ON d.id = v.document_id JOIN captures c ON c.id = v.capture_id
                          ORDER BY v.seen_at""")
    assert [(u, s) for u, s, *_ in rows] == [
        ("https://www.syriahr.com/en/2015/03/about-2000-including-women-and-children-killed-and-"
         "wounded-in-6-months-of-coalition-air-strikes", "2015-03-25T08:00:00Z"),
        ("https://www.syriahr.com/en/27196", "2018-11-13T10:15:00Z"),
    ]
    assert "1953 people" in rows[0][2] and "Hajin pocket" in rows[1][2]
    assert {a for *_, a, _ in rows} == {archive}
    assert all(f.startswith(archive + "/20") and "id_/" in f for *_, f in rows)


def test_timemap_backfill_of_reports_skips_an_archived_404(tmp_path):
    data = tmp_path / "reports"
    with ReplicaServer() as server:
        archive = f"{server.base_url}/{wayback.HOST}/web"
        done = civcas("backfill", "cjtf-civcas", *RANGE, "--delay", "0", "--data-dir", str(data),
                      "--archive", archive)
    assert done.returncode == 0, done.stderr
    outcomes = dict(query(data, "SELECT timestamp, outcome FROM backfill_captures"))
    # no digests in a TimeMap: the 2017 capture is fetched, and its unchanged text adds nothing
    assert outcomes == {"20161210093012": "new", "20170301120455": "unchanged",
                        "20180601000000": "archived_404", "20200410164512": "new",
                        "20200415083000": "changed"}
    assert {(u.split("/Article/")[1].split("/")[0], s) for u, s, *_ in backfilled_versions(data)} == EXPECTED
    # three of the four TimeMaps (each host asked for each prefix) answer 404: no error
    assert query(data, "SELECT COUNT(*) FROM fetch_errors")[0][0] == 0


def test_usage_errors(tmp_path):
    bad = civcas("backfill", "cjtf-civcas", "--from", "2020-01-02", "--to", "2020-01-01",
                 "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "--to is before --from" in bad.stderr
    bad = civcas("backfill", "cjtf-civcas", "--from", "2020-01-01", "--archive", "ftp://x",
                 "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "--archive" in bad.stderr
    bad = civcas("backfill", "nope", "--from", "2020-01-01", "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "unknown source" in bad.stderr
