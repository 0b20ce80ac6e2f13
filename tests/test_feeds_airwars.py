"""Feeds read with a hardened XML parser; Airwars incident pages in both themes read to
every `incidents` field; handlers replace the rows of a version."""

from __future__ import annotations

import pytest

from archive.store import Extracted, Store
from crawler.reading.feeds import FeedError, entries
from crawler.items import StoredPage
from crawler.parsers import ParseFailure
from crawler.parsers.airwars import parse_incident, parse_military_claim, parse_range
from crawler.replicas import world
from crawler.tables import store_rows

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><link>https://x.test/a</link></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.test/a</link></item></channel></rss>"""


@pytest.mark.parametrize("body", [BOMB, EXTERNAL, b"<rss><channel><item>", b"<html><body>no feed</body></html>"])
@pytest.mark.battery
def test_hostile_or_broken_feeds_are_refused(body):
    with pytest.raises(FeedError):
        entries(body)


def test_rss_atom_and_sitemaps():
    rss = b'<rss version="2.0"><channel><item><title>Hajin</title><link>https://a.test/1</link>' \
          b'<description>strikes</description></item></channel></rss>'
    assert [(e.url, e.title, e.summary) for e in entries(rss)] == [("https://a.test/1", "Hajin", "strikes")]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Raqqa</title>' \
           b'<link rel="alternate" href="https://a.test/2"/><summary>s</summary></entry></feed>'
    assert [e.url for e in entries(atom)] == ["https://a.test/2"]
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.test/s.xml' \
            b'</loc></sitemap></sitemapindex>'
    assert [(e.url, e.is_sitemap) for e in entries(index)] == [("https://a.test/s.xml", True)]


def _airwars(path: str) -> str:
    return world.lookup("airwars.org", path, "", 1).body.decode()


def test_new_theme_incident_every_field():
    inc = parse_incident(_airwars("/civilian-casualties/ci732-may-25-2017/"))
    assert (inc.code, inc.incident_date, inc.location, inc.country) == ("CI732", "2017-05-25", "الموصل, West Mosul, Iraq", "Iraq")
    assert (inc.latitude, inc.longitude) == (36.34, 43.13)
    assert (inc.killed_min, inc.killed_max, inc.injured_min, inc.injured_max) == (101, 101, 199, 199)
    assert (inc.grading, inc.belligerent, inc.belligerent_position) == ("Fair", "US-led Coalition", "Not yet assessed")
    assert (inc.civilian_deaths_conceded, inc.civilian_injuries_conceded, inc.theme) == (0, 0, "2024")


def test_old_theme_incident_with_a_range_and_a_suffixed_code():
    inc = parse_incident(_airwars("/civilian-casualties/ci715a-may-16-2017/"))
    assert (inc.code, inc.incident_date, inc.killed_min, inc.grading, inc.belligerent_position,
            inc.civilian_deaths_conceded, inc.theme) == ("CI715a", "2017-05-16", 2, "Confirmed", "Credible", 2, "2019")
    inc = parse_incident(_airwars("/civilian-casualties/cs1508-september-18-2017/"))
    assert (inc.killed_min, inc.killed_max, inc.injured_min, inc.injured_max) == (13, 46, 5, 12)


def test_ranges_as_airwars_prints_them():
    assert parse_range("13 – 46") == (13, 46)
    assert parse_range("0 - 1") == (0, 1)
    assert parse_range("1,200") == (1200, 1200)
    assert parse_range("Unknown") == (None, None)


def test_military_claims_title_with_the_wrong_year_and_the_report_link():
    mil = parse_military_claim(_airwars("/military-claims/cjtfoir-january-2-2016-2/"))
    assert (mil.report_from, mil.report_date, mil.period_start) == ("CJTF-OIR", "2017-01-02", "2016-01-02")
    assert mil.report_url.startswith("https://www.inherentresolve.mil/Media-Library/News-Releases/Article/")
    with pytest.raises(ParseFailure):
        parse_military_claim("<html><h1>Something else</h1></html>")


def test_handlers_replace_the_rows_of_a_version(tmp_path):
    store = Store.open(tmp_path)
    body = _airwars("/civilian-casualties/cs1792a-august-25-2018/").encode()
    url = "https://airwars.org/civilian-casualties/cs1792a-august-25-2018"
    rec = store.record_page(source="airwars", kind="incident", url=url, capture_id=None,
                            page=Extracted(text="CS1792a", title="CS1792a"))
    page = StoredPage(rec.document_id, rec.version_id, "airwars", "incident", url, "text/html; charset=utf-8",
                      body, "CS1792a", "CS1792a", None, "en")
    assert store_rows(store, page) == 1
    assert store_rows(store, page) == 1  # re-extraction: same rows, not doubled
    assert store.count("incidents") == 1
    text = "Coalition strikes killed at least 43 people near Hajin on Saturday, SOHR said."
    news = StoredPage(rec.document_id, rec.version_id, "sohr-en", "monitor_post", "https://www.syriahr.com/en/1",
                      "text/html", b"", text, "t", "2018-11-17", "en")
    assert store_rows(store, news) == 1 and store_rows(store, news) == 1
    (row,) = store.db["claims"].rows
    assert (row["claimant"], row["event_date"], row["place"], row["killed_min"], row["killed_max"]) == (
        "SOHR", "2018-11-17", "Hajin", 43, None)
    broken = StoredPage(rec.document_id, rec.version_id, "airwars", "incident",
                        "https://airwars.org/military-claims/cjtfoir-x", "text/html", b"<h1>x</h1>", "x", "x", None, "en")
    assert store_rows(store, broken) is None and store.count("parse_failures") == 1
    store.close()
