"""The pure half of backfills: listing queries, CDX and TimeMap answers, the captures kept,
and where a version found in an archive goes among a document's versions."""

from __future__ import annotations

import json
from datetime import date

import pytest

from archive.history import record_archived_page, timestamp_to_iso
from archive.store import Extracted, Store
from crawler.backfill.listing import (
    Archive,
    CdxRow,
    ListingError,
    Target,
    cdx_query_url,
    choose_cdx,
    choose_mementos,
    date_range,
    document_url,
    literal_prefix,
    memento_datetime,
    parse_cdx_json,
    parse_timemap,
    raw_memento_url,
    targets,
    timemap_url,
)
from crawler.config import load_config

SOURCES = load_config().sources
CIVCAS = SOURCES["cjtf-civcas"]
# A monthly report's slug: the source keeps only news releases whose slug names the
# civilian-casualty report (crawler/sources.toml).
SLUG = "combined-joint-task-force-operation-inherent-resolve-monthly-civilian-casualty"
REPORT = f"https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1342924/{SLUG}/"


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        (r"^/Media-Library/News-Releases/Article/\d+/", "/Media-Library/News-Releases/Article/"),
        (r"^/Portals/14/.+\.pdf", "/Portals/14/"),
        (r"^/News/(News-Stories/)?Article/Article/\d+/", "/News/"),
        (r"^/en/\d+/?$", "/en/"),
        (r"^/civilian-casualties/[a-z]+\d+", "/civilian-casualties/"),
        (r"^/report/x/?$", "/report/x"),  # the optional slash is not part of the prefix
        (r"^/updates\?", "/updates?"),
        (r"^/(?!tag/|feed/)[a-z0-9-]+/?$", "/"),
        (r"^/a/|^/b/", "/"),
        (r"/no-anchor/", "/"),
    ],
)
def test_literal_prefix(pattern, prefix):
    assert literal_prefix(pattern) == prefix


def test_targets_are_prefixes_of_document_patterns_per_host():
    # Documents patterns are paths, kept on any allowed host (as a live crawl keeps them):
    # each host is asked for each prefix; one with nothing there lists no capture.
    prefixes = ("/MEDIA/PRESS-RELEASES/Press-Release-View/Article/",
                "/Media-Library/News-Releases/Article/", "/report/")
    assert targets(CIVCAS) == [Target("https", host, prefix)
                               for host in ("www.inherentresolve.mil", "reliefweb.int", "www.centcom.mil")
                               for prefix in prefixes]
    # a pattern without a fixed start makes a host-wide (domain) query
    (syriadirect,) = targets(SOURCES["syriadirect"])
    assert syriadirect.match_type == "domain" and syriadirect.host == "syriadirect.org"
    # two patterns on one host, one covering the other, make one query
    sohr = targets(SOURCES["sohr-en"])
    assert [(t.host, t.prefix) for t in sohr] == [("www.syriahr.com", "/en/")]


def test_cdx_and_timemap_query_urls():
    lo, hi, start, end = date_range(date(2016, 1, 1), date(2020, 12, 31))
    assert (lo, hi, start, end) == ("20160101000000", "20201231235959",
                                    "2016-01-01T00:00:00Z", "2020-12-31T23:59:59Z")
    url = cdx_query_url(Archive.parse("wayback"), targets(CIVCAS)[0], lo, hi)
    assert url.startswith("https://web.archive.org/cdx/search/cdx?")
    for part in ("matchType=prefix", "from=20160101000000", "to=20201231235959", "output=json",
                 "filter=statuscode%3A200", "collapse=digest", "showResumeKey=true",
                 "fl=urlkey%2Ctimestamp%2Coriginal%2Cmimetype%2Cstatuscode%2Cdigest%2Clength"):
        assert part in url
    memento = Archive.parse("http://127.0.0.1:9/web.archive.org/web/")
    assert memento.kind == "timemap" and memento.name == "http://127.0.0.1:9/web.archive.org/web"
    news = next(t for t in targets(CIVCAS) if t.prefix.startswith("/Media-Library/"))
    assert timemap_url(memento, news) == (
        "http://127.0.0.1:9/web.archive.org/web/timemap/link/"
        "https://www.inherentresolve.mil/Media-Library/News-Releases/Article/*"
    )
    with pytest.raises(ValueError):
        Archive.parse("ftp://example.org")
    with pytest.raises(ValueError):
        date_range(date(2020, 1, 2), date(2020, 1, 1))


def test_parse_cdx_json_with_a_resume_key():
    text = json.dumps([
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
        ["mil,x)/a", "20161210093012", "http://x.mil:80/a", "text/html", "200", "AAA", "10"],
        ["mil,x)/b", "20170101000000", "https://x.mil/b", "text/html", "200", "BBB", "11"],
        [],
        ["mil%2Cx%29/b%2020170101000000"],
    ])
    page = parse_cdx_json(text)
    assert [r.original for r in page.rows] == ["http://x.mil:80/a", "https://x.mil/b"]
    assert page.rows[0].digest == "AAA" and page.rows[0].statuscode == "200"
    assert page.resume_key == "mil%2Cx%29/b%2020170101000000"
    # fields in another order are read by the header row
    other = parse_cdx_json('[["original","timestamp"],["https://x.mil/c","20190101"]]')
    assert other.rows[0].timestamp == "20190101" and other.rows[0].digest is None
    assert parse_cdx_json("").rows == [] and parse_cdx_json("[]").rows == []


@pytest.mark.parametrize(
    "text",
    ["<html>rate limited</html>", '{"a": 1}', '[["timestamp","original"],["2016"]]',
     '[["urlkey","digest"],["a","b"]]'],
)
def test_bad_cdx_answers_raise(text):
    with pytest.raises(ListingError):
        parse_cdx_json(text)


TIMEMAP = """<https://www.syriahr.com/en/>; rel="original",
<http://arch/web/timemap/link/https://www.syriahr.com/en/*>; rel="self"; type="application/link-format",
<http://arch/web/20150325080000/http://www.syriahr.com/en/2015/03/about/>; rel="first memento"; datetime="Wed, 25 Mar 2015 08:00:00 GMT",
<http://arch/web/20181113101500/https://www.syriahr.com/en/27196/>;rel="last memento";datetime="Tue, 13 Nov 2018 10:15:00 GMT"
"""


def test_parse_timemap_reads_commas_inside_dates():
    mementos = parse_timemap(TIMEMAP)
    assert [(m.timestamp, m.original) for m in mementos] == [
        ("20150325080000", "http://www.syriahr.com/en/2015/03/about/"),
        ("20181113101500", "https://www.syriahr.com/en/27196/"),
    ]
    # an archive whose memento URIs do not carry the original: rel="original" and datetime
    other = parse_timemap('<https://a.org/p>; rel="original", <https://arch.example/m/77>;'
                          ' rel="memento"; datetime="Sat, 02 Mar 2019 12:00:00 GMT"')
    assert [(m.timestamp, m.original, m.uri) for m in other] == [
        ("20190302120000", "https://a.org/p", "https://arch.example/m/77")]
    with pytest.raises(ListingError):
        parse_timemap("<https://a.org/p; rel=original")


def test_raw_memento_urls_and_dates():
    assert raw_memento_url("http://arch/web/20181113101500/https://x.org/a/") == \
        "http://arch/web/20181113101500id_/https://x.org/a/"
    assert raw_memento_url("http://arch/web/20181113101500im_/https://x.org/a.png") == \
        "http://arch/web/20181113101500id_/https://x.org/a.png"
    assert raw_memento_url("https://arch.example/m/77") == "https://arch.example/m/77"
    assert memento_datetime("Tue, 13 Nov 2018 10:15:00 GMT") == "2018-11-13T10:15:00Z"
    assert memento_datetime("yesterday") is None and memento_datetime(None) is None
    assert timestamp_to_iso("20161210093012") == "2016-12-10T09:30:12Z"
    assert timestamp_to_iso("2016") == "2016-01-01T00:00:00Z"


def _row(ts, original, digest, status="200"):
    return CdxRow("k", ts, original, "text/html", status, digest, "1")


def test_one_capture_per_page_and_digest_the_earliest_in_range():
    wayback = Archive.parse("wayback")
    rows = [
        _row("20170301120455", REPORT, "AAA"),
        _row("20161210093012", REPORT.replace("https://", "http://").replace(".mil/", ".mil:80/"), "AAA"),
        _row("20200415083000", REPORT, "BBB"),
        _row("20180101000000", REPORT, "CCC", status="404"),  # not a 200
        _row("20180101000000", "https://www.inherentresolve.mil/Media-Library/News-Releases/", "DDD"),
        _row("20210301000000", REPORT, "EEE"),  # after the range
        _row("20180101000000", "https://evil.example/Media-Library/News-Releases/Article/1/x/", "FFF"),
        # a news release that is not a monthly report: in scope all the same (every news
        # release is evidence; its kind is read from its text when it is stored)
        _row("20180101000000", "https://www.inherentresolve.mil/Media-Library/News-Releases/"
                               "Article/1400000/coalition-strikes-continue/", "GGG"),
    ]
    chosen = choose_cdx(rows, CIVCAS, wayback, "20160101000000", "20201231235959")
    assert [(c.timestamp, c.digest) for c in chosen] == [("20161210093012", "AAA"),
                                                         ("20180101000000", "GGG"),
                                                         ("20200415083000", "BBB")]
    first = chosen[0]
    # the document is the https page of today, whatever scheme and port the archive kept
    assert first.url == f"https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1342924/{SLUG}"
    assert first.memento_url == ("https://web.archive.org/web/20161210093012id_/"
                                 "http://www.inherentresolve.mil:80/Media-Library/News-Releases/"
                                 f"Article/1342924/{SLUG}/")
    assert first.archived_at == "2016-12-10T09:30:12Z"
    assert document_url("http://www.syriahr.com:80/en/27196/", SOURCES["sohr-en"]) == \
        "https://www.syriahr.com/en/27196"


def test_mementos_without_digests_are_all_kept_in_range():
    mementos = parse_timemap(TIMEMAP)
    chosen = choose_mementos(mementos, SOURCES["sohr-en"], "20160101000000", "20201231235959")
    assert [c.url for c in chosen] == ["https://www.syriahr.com/en/27196"]
    assert chosen[0].memento_url == "http://arch/web/20181113101500id_/https://www.syriahr.com/en/27196/"


# -- versions placed by capture time ------------------------------------------------------


def _page(text: str) -> Extracted:
    return Extracted(text=text, title="Report")


def _versions(store: Store, doc_id: int) -> list[tuple]:
    return [(r["seen_at"], r["text"]) for r in store.db.query(
        "SELECT seen_at, text FROM versions WHERE document_id = ? ORDER BY seen_at, id", [doc_id])]


def test_an_old_capture_never_replaces_the_live_version_nor_diffs_against_it():
    store = Store(":memory:")
    live = store.record_page(source="s", kind="civcas_report", url=REPORT, capture_id=None,
                             page=_page("Revised: four credible."))
    old = record_archived_page(store, source="s", kind="civcas_report", url=REPORT, capture_id=None,
                               page=_page("First: three credible."), archived_at="2016-12-10T09:30:12Z")
    assert old.outcome == "earlier"
    doc = store.document(REPORT)
    assert doc["current_version_id"] == live.version_id  # the live text stays current
    assert doc["first_seen"] == "2016-12-10T09:30:12Z"
    (change,) = store.db.query("SELECT * FROM document_changes")
    # the one change found runs forward in time: from the 2016 text to the live one
    assert (change["old_version_id"], change["new_version_id"]) == (old.version_id, live.version_id)
    assert change["from_archive"] == 1
    assert "-First: three credible." in change["diff"] and "+Revised: four credible." in change["diff"]
    # the same capture again adds nothing
    again = record_archived_page(store, source="s", kind="civcas_report", url=REPORT, capture_id=None,
                                 page=_page("First: three credible."), archived_at="2016-12-10T09:30:12Z")
    assert again.outcome == "unchanged" and again.version_id == old.version_id
    # a later capture of the same 2016 text adds nothing either: that text was in force
    later = record_archived_page(store, source="s", kind="civcas_report", url=REPORT, capture_id=None,
                                 page=_page("First: three credible."), archived_at="2017-03-01T12:04:55Z")
    assert later.outcome == "unchanged"
    assert store.count("versions") == 2 and store.count("document_changes") == 1
    assert store.count("notifications") == 0  # history, not news


def test_captures_arriving_out_of_order_are_diffed_against_their_predecessor_in_time():
    store = Store(":memory:", channels=("atom",))
    kw = dict(source="s", kind="civcas_report", url=REPORT, capture_id=None)
    new = record_archived_page(store, **kw, page=_page("B"), archived_at="2020-04-15T08:30:00Z")
    old = record_archived_page(store, **kw, page=_page("A"), archived_at="2016-12-10T09:30:12Z")
    mid = record_archived_page(store, **kw, page=_page("C"), archived_at="2018-01-01T00:00:00Z")
    assert [new.outcome, old.outcome, mid.outcome] == ["new", "earlier", "earlier"]
    doc = store.document(REPORT)
    assert doc["current_version_id"] == new.version_id  # the newest capture, not the last read
    assert _versions(store, doc["id"]) == [("2016-12-10T09:30:12Z", "A"),
                                           ("2018-01-01T00:00:00Z", "C"),
                                           ("2020-04-15T08:30:00Z", "B")]
    pairs = [(r["old_version_id"], r["new_version_id"])
             for r in store.db.query("SELECT * FROM document_changes ORDER BY id")]
    assert pairs == [(old.version_id, new.version_id), (old.version_id, mid.version_id)]
    assert store.count("notifications") == 0
    # a capture newer than everything known becomes current, with the metadata
    newest = record_archived_page(store, **kw, page=Extracted("D", title="Newer title"),
                                  archived_at="2021-01-01T00:00:00Z")
    assert newest.outcome == "changed"
    doc = store.document(REPORT)
    assert doc["current_version_id"] == newest.version_id and doc["title"] == "Newer title"
    assert doc["last_seen"] == "2021-01-01T00:00:00Z"


def test_a_live_recheck_asks_for_the_document_url_not_the_archived_spelling():
    from archive.store import CaptureRow

    store = Store(":memory:")
    old_spelling = "http://www.inherentresolve.mil:80/Media-Library/News-Releases/Article/1342924/monthly-report/"
    capture = store.add_capture(CaptureRow(
        run_id=None, url=old_spelling, fetched_url="https://web.archive.org/web/20161210093012id_/"
        + old_spelling, method="GET", status=200, content_type="text/html",
        fetched_at="2026-01-01T00:00:00Z", warc_file="x.warc.gz", warc_offset=0, warc_length=1,
        warc_record_id="<urn:uuid:1>", payload_digest=None, archive="https://web.archive.org",
        archived_at="2016-12-10T09:30:12Z"))
    url = document_url(old_spelling, CIVCAS)
    record_archived_page(store, source="cjtf-civcas", kind="civcas_report", url=url,
                         capture_id=capture, page=_page("A"), archived_at="2016-12-10T09:30:12Z")
    assert store.recheck_urls("cjtf-civcas") == [url]
