"""Real crawls of the monitor and news sources over the replicas, twice: every page is one
document, the second crawl adds no version, and the tables (incidents, military claims,
claims) are filled from what was archived."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from support.replicas import ReplicaServer

SOURCES = ["airwars", "sohr-en", "sohr-ar", "snhr", "syriadirect", "amnesty", "reliefweb", "news"]


def crawl(server, data, *names):
    mirrors = server.mirror_args()
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", *names, "--delay", "0", "--data-dir", str(data), *mirrors],
        capture_output=True, text=True, env=dict(os.environ), timeout=300,
    )


def rows(data, sql, params=()):
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("monitors")
    with ReplicaServer(round=1) as server:
        first = crawl(server, data, *SOURCES)
        after_first = {t: rows(data, f"SELECT COUNT(*) FROM {t}")[0][0]
                       for t in ("documents", "versions", "claims", "incidents", "military_claims")}
        second = crawl(server, data, *SOURCES)
        requested = [p for _, p, _ in server.requests]
    return {"data": data, "first": first, "second": second, "after_first": after_first, "requested": requested}


def test_each_source_crawls_twice_without_new_versions(crawled):
    data = crawled["data"]
    assert crawled["first"].returncode == 0, crawled["first"].stderr[-2000:]
    assert crawled["second"].returncode == 0, crawled["second"].stderr[-2000:]
    per_source = dict(rows(data, "SELECT source, COUNT(*) FROM documents GROUP BY source"))
    assert sorted(per_source) == sorted(SOURCES)
    # the second crawl added no document and no version: nothing changed on the replicas
    assert rows(data, "SELECT COUNT(*) FROM documents")[0][0] == crawled["after_first"]["documents"]
    assert rows(data, "SELECT COUNT(*) FROM versions")[0][0] == crawled["after_first"]["versions"]
    assert rows(data, "SELECT COUNT(*) FROM document_changes")[0][0] == 0
    # re-extraction is not duplication: the tables did not grow either
    for table in ("claims", "incidents", "military_claims"):
        assert rows(data, f"SELECT COUNT(*) FROM {table}")[0][0] == crawled["after_first"][table], table


def test_three_spellings_of_an_arabic_url_are_one_document(crawled):
    urls = [u for (u,) in rows(crawled["data"], "SELECT url FROM documents WHERE url LIKE '%/288533'")]
    assert urls == ["https://www.syriahr.com/%D9%85%D9%82%D8%AA%D9%84-33-%D8%B4%D8%AE%D8%B5%D8%A7-%D8%A8%D9%82%D8%B5%D9%81-%D9%84%D9%84%D8%AA%D8%AD%D8%A7%D9%84%D9%81-%D8%B9%D9%84%D9%89-%D9%87%D8%AC%D9%8A%D9%86/288533"]
    # every document url is unique after canonicalisation (the table's UNIQUE holds it too)
    assert rows(crawled["data"], "SELECT COUNT(DISTINCT url) = COUNT(*) FROM documents")[0][0] == 1


def test_airwars_incidents_and_military_claims(crawled):
    data = crawled["data"]
    inc = rows(data, "SELECT code, incident_date, location, latitude, longitude, killed_min, killed_max, injured_min,"
                     " injured_max, grading, belligerent, belligerent_position, civilian_deaths_conceded, theme"
                     " FROM incidents WHERE code = 'CS1792a'")
    assert inc == [("CS1792a", "2018-08-25", "هجين, Hajin, Syria", 34.695, 40.832, 3, 3, 1, 1, "Confirmed",
                    "US-led Coalition", "Credible", 3, "2024")]
    (old,) = rows(data, "SELECT killed_min, killed_max, injured_min, injured_max, grading, theme FROM incidents"
                        " WHERE code = 'CS1508'")
    assert old == (13, 46, 5, 12, "Fair", "2019")
    codes = {c for (c,) in rows(data, "SELECT code FROM incidents")}
    assert {"CI715a", "CS1792a", "CI134", "CS810"} <= codes and "CS0" not in codes  # robots-disallowed draft
    # each military-claims page points at the coalition report it republishes
    mil = rows(data, "SELECT report_from, report_date, period_start, period_end, report_url FROM military_claims"
                     " WHERE report_date = '2018-12-30'")
    assert mil == [("CJTF-OIR", "2018-12-30", "2018-11-01", "2018-11-30",
                    "https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1806670/"
                    "combined-joint-task-force-operation-inherent-resolve-monthly-civilian-casualty")]
    # other claimants' pages are fetched too (docs/sources.md), and read as military claims
    other = rows(data, "SELECT d.kind, m.report_from, m.report_date, m.period_start, m.period_end, m.report_url "
                       "FROM military_claims m JOIN documents d ON d.id = m.document_id WHERE d.url LIKE '%/uk-mod-%'")
    assert other == [("military_claim", "UK MoD", "2018-11-23", "2018-11-18", "2018-11-20",
                      "https://www.gov.uk/government/news/update-air-strikes-against-daesh")]
    kinds = dict(rows(data, "SELECT kind, COUNT(*) FROM documents WHERE source = 'airwars' GROUP BY kind"))
    assert kinds == {"incident": len(codes), "military_claim": rows(data, "SELECT COUNT(*) FROM military_claims")[0][0]}


def test_claims_come_from_crawled_pages_in_both_languages(crawled):
    data = crawled["data"]
    got = set(rows(data, "SELECT claimant, event_date, place, killed_min, killed_max, children, language FROM claims"))
    assert ("SOHR", "2018-11-17", "Hajin", 43, None, 17, "en") in got
    assert ("SOHR", "2018-11-17", "Hajin", 43, 43, 17, "ar") in got
    assert ("SANA", "2018-11-17", "Deir ez-Zor", 40, 40, None, "en") in got
    assert ("Airwars", "2018-10-18", None, 216, 500, None, "en") in got
    assert ("Deir Ezzour24", "2017-09-28", "Deir ez-Zor", 231, None, None, "en") in got
    # every claim reaches its capture
    linked = rows(data, "SELECT COUNT(*) FROM claims c JOIN versions v ON v.id = c.version_id"
                        " JOIN captures k ON k.id = v.capture_id")[0][0]
    assert linked == rows(data, "SELECT COUNT(*) FROM claims")[0][0]


def test_news_feeds_are_filtered_by_keyword(crawled):
    requested = crawled["requested"]
    assert any("arabic.sputniknews.com/20181117/" in p for p in requested)  # via a sitemap index
    assert any("halabtodaytv.net/archives/40898" in p for p in requested)
    assert not any("/sport/" in p or "/economy/" in p for p in requested)
    urls = {u for (u,) in rows(crawled["data"], "SELECT url FROM documents WHERE source = 'news'")}
    assert "https://civiliansinconflict.org/blog/us-week-in-review-july-30" in urls


def test_reliefweb_reports_come_through_the_api(crawled):
    requested = crawled["requested"]
    assert any(p.startswith("/api.reliefweb.int/v1/reports") and "offset=1" in p for p in requested)
    urls = {u for (u,) in rows(crawled["data"], "SELECT url FROM documents WHERE source = 'reliefweb'")}
    assert "https://reliefweb.int/report/syrian-arab-republic/syria-hajin-civilians-caught-between-front-lines" in urls


def test_language_of_each_version_and_search_in_both(crawled):
    data = crawled["data"]
    langs = dict(rows(data, "SELECT d.url LIKE '%/288533', v.language FROM documents d"
                            " JOIN versions v ON v.id = d.current_version_id WHERE d.url LIKE '%/288533'"
                            " OR d.url = 'https://www.syriahr.com/en/106650'"))
    assert langs == {1: "ar", 0: "en"}
    ar = rows(data, "SELECT d.url FROM versions_fts f JOIN versions v ON v.id = f.rowid"
                    " JOIN documents d ON d.id = v.document_id WHERE versions_fts MATCH ?", ["هجين"])
    en = rows(data, "SELECT d.url FROM versions_fts f JOIN versions v ON v.id = f.rowid"
                    " JOIN documents d ON d.id = v.document_id WHERE versions_fts MATCH ?", ["Hajin"])
    assert any("288533" in u for (u,) in ar) and any("/en/106650" in u for (u,) in en)
