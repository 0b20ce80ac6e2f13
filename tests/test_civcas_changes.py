"""Three successive replica reports (Oct, Nov, Dec 2016): a date correction, a duplicate,
a reopened case and a reassessment give exactly the expected assessment changes, each
queued for every watcher in the same transaction; then an in-place edit, re-extraction,
and the plain-words, JSON and Atom renderings."""

import json
import xml.etree.ElementTree as ET

import pytest

from archive.store import Store
from crawler.changes.feed import atom_feed, collect, render
from support.civcas_reports import store_replica

CHANNELS = ("mail", "hook")
QAY, SHAD, HAMA, MANBIJ = ("2016-10-05|qayyarah|Iraq", "2016-10-06|shaddadi|Syria",
                           "2016-02-02|hama|Syria", "2016-07-18|manbij|Syria")
# (allegation_key, from report, to report, field, old, new); reports by month covered.
EXPECTED = sorted([
    # reassessment: non-credible in the Nov 2016 report, credible in the Dec 2016 report
    (QAY, "2016-11", "2016-12", "assessment", "non_credible", "credible"),
    (QAY, "2016-11", "2016-12", "civilians_killed", None, "2"),
    (QAY, "2016-11", "2016-12", "civilians_injured", None, "1"),
    (QAY, "2016-11", "2016-12", "reporting_source", None, "media"),
    (QAY, "2016-11", "2016-12", "reason_category", "no_civilians_harmed_per_video", None),
    # reopened, and spelled "al Shaddadi" then "Al Shadadi"
    (SHAD, "2016-11", "2016-12", "assessment", "non_credible", "reopened"),
    (SHAD, "2016-11", "2016-12", "reporting_source", None, "media"),
    (SHAD, "2016-11", "2016-12", "reason_category", "no_strikes_in_area", None),
    # date correction: released as Feb. 2 in the Jan. 2 (2017) report, corrected to Feb. 15
    (HAMA, "2016-11", "2016-12", "allegation_date", "2016-02-02", "2016-02-15"),
    (HAMA, "2016-11", "2016-12", "reporting_source", None, "social media"),
    # duplicate: July 20 Manbij closed as a duplicate of July 18 from the Dec. 1, 2016 report
    (MANBIJ, "2016-10", "2016-12", "duplicate", None, "2016-07-20|manbij|Syria"),
], key=str)


def changes(store):
    rows = store.db.query(
        "SELECT c.allegation_key, f.month_covered AS frm, t.month_covered AS too, c.field, "
        "c.old_value, c.new_value FROM assessment_changes c "
        "LEFT JOIN civcas_reports f ON f.id = c.from_report_id JOIN civcas_reports t ON t.id = c.to_report_id")
    return sorted([tuple(r.values()) for r in rows], key=str)


@pytest.fixture
def three(tmp_path):
    store = Store.open(tmp_path, channels=CHANNELS)
    for report_id in ("R2016-10", "R2016-11", "R2016-12"):
        assert store_replica(store, report_id) > 1
    yield store
    store.close()


def test_three_reports_give_exactly_the_expected_changes(three):
    assert changes(three) == EXPECTED
    assert three.count("parse_failures") == 0


def test_every_change_is_queued_once_per_channel(three):
    queued = list(three.db.query(
        "SELECT change_id, channel, status FROM notifications WHERE change_kind = 'assessment_change'"))
    ids = [r["id"] for r in three.db.query("SELECT id FROM assessment_changes")]
    assert sorted((q["change_id"], q["channel"]) for q in queued) == sorted(
        (i, c) for i in ids for c in CHANNELS)
    assert {q["status"] for q in queued} == {"pending"}


def test_identity_links_and_candidates(three):
    hama = next(three.db.query(
        "SELECT * FROM allegations WHERE allegation_date = '2016-02-15' AND country = 'Syria'"))
    assert (hama["allegation_key"], hama["link"], hama["corrected_from_date"]) == (
        HAMA, "date_correction", "2016-02-02")
    # "Feb. 15, 2016, near Hama, Iraq" in the Oct report may be the same allegation (wrong
    # country): kept as a candidate, not linked
    candidates = list(three.db.query("SELECT candidate_key, reason FROM allegation_candidates "
                                     "WHERE allegation_id = ?", [hama["id"]]))
    assert [c["candidate_key"] for c in candidates] == ["2016-02-15|hama|Iraq"]
    dup = next(three.db.query("SELECT * FROM allegations WHERE assessment = 'duplicate'"))
    assert (dup["allegation_key"], dup["duplicate_of"]) == ("2016-07-20|manbij|Syria", MANBIJ)
    assert "Dec. 1, 2016 monthly report" in dup["duplicate_of_text"]


def test_reextraction_writes_the_same_rows_and_no_new_changes(three):
    before = (list(three.db.query("SELECT * FROM civcas_reports")),
              [dict(r, id=None) for r in three.db.query("SELECT * FROM allegations ORDER BY report_id, id")],
              three.count("assessment_changes"), three.count("notifications"))
    from crawler.tables.civcas import store_report
    from crawler.items import StoredPage

    for doc in three.db.query("SELECT * FROM documents"):
        version = three.db["versions"].get(doc["current_version_id"])
        # the handler reads the body; rebuild it from the replica as the WARC would give it
        from crawler.replicas import civcas, dod
        r = next(x for x in civcas.reports() if doc["url"].startswith(dod.IR + dod.report_path(x)[:-1]))
        html = dod.report_page(r).encode()
        store_report(three, StoredPage(doc["id"], version["id"], "cjtf-civcas", "civcas_report", doc["url"],
                                       "text/html", html, version["text"], version["title"],
                                       version["published"], "en"))
    after = (list(three.db.query("SELECT * FROM civcas_reports")),
             [dict(r, id=None) for r in three.db.query("SELECT * FROM allegations ORDER BY report_id, id")],
             three.count("assessment_changes"), three.count("notifications"))
    assert after == before


def test_an_edit_in_place_gives_the_changed_fields_and_figures(three):
    count = three.count("assessment_changes")
    store_replica(three, "R2016-10", revised=True)
    new = list(three.db.query("SELECT allegation_key, field, old_value, new_value FROM assessment_changes "
                              "WHERE id > ? ORDER BY id", [count]))
    assert sorted((tuple(r.values()) for r in new), key=str) == sorted([
        ("2015-10-09|kubaysah|Iraq", "assessment", "non_credible", "credible"),
        ("2015-10-09|kubaysah|Iraq", "civilians_killed", None, "3"),
        ("2015-10-09|kubaysah|Iraq", "reason_category", "insufficient_evidence", None),
        (None, "credible", "3", "4"),
        (None, "non_credible", "12", "11"),
    ], key=str)


def test_out_of_order_arrival_gives_the_same_history(tmp_path):
    store = Store.open(tmp_path)
    for report_id in ("R2016-12", "R2016-10", "R2016-11"):  # a listing read newest first
        store_replica(store, report_id)
    assert changes(store) == EXPECTED
    store.close()


def test_plain_words_name_both_reports(three):
    text = render(collect(three), "text")
    # each report is named by the month it covers (the Nov 2016 report came out in Jan 2017)
    assert ("Allegation of 5 Oct 2016 near Qayyarah, Iraq: non-credible (report of Nov 2016) -> "
            "credible, 2 civilians killed, 1 injured, via media (report of Dec 2016)") in text
    assert "Allegation of 6 Oct 2016 near Al Shaddadi, Syria: non-credible (report of Nov 2016) -> reopened" in text
    assert "dated 2 Feb 2016 (report of Nov 2016) -> non-credible, dated 15 Feb 2016" in text
    assert "Allegation of 18 Jul 2016 near Manbij, Syria: a further allegation of 20 Jul 2016 was closed" in text
    assert text.count("  before: https://www.inherentresolve.mil/") == 4
    data = json.loads(render(collect(three), "json"))
    kinds = sorted(c["type"] for c in data)
    assert kinds == ["assessment_change"] * 4 + ["new_report"] * 3


def test_atom_is_valid_atom_1_0(three):
    feed = ET.fromstring(atom_feed(collect(three), self_url="https://example.org/changes.atom"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert feed.find(required, ns) is not None
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 7
    ids = [e.find("a:id", ns).text for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        assert e.find("a:title", ns).text
        assert e.find("a:updated", ns).text.endswith("Z")
        assert e.find("a:link[@rel='alternate']", ns).get("href").startswith("https://")


def test_a_duplicates_previously_released_as_does_not_rekey_it(tmp_path):
    # A duplicate names the report it repeats "previously released as <date>": that is no
    # date correction, so the entry keeps its own identity and points at the earlier one.
    from support.civcas_reports import store_html
    from crawler.replicas import dod

    store = Store.open(tmp_path, channels=CHANNELS)
    try:
        assert store_replica(store, "R2016-10") > 1
        html = (
            "<html><body><article><h1>Monthly Civilian Casualty Report</h1><p>| Jan. 2, 2017</p>"
            "<p>During the month of November 2016, CJTF-OIR received 16 new reports. One of these "
            "reports was assessed to be a duplicate.</p>"
            "<p>CJTF-OIR assessed that the following report is non-credible.</p>"
            "<ol><li>July 20, 2016, near Manbij, Syria, via social media report: This report was "
            "assessed to be a duplicate of a report previously released as July 18, 2016, near "
            "Manbij, Syria, in the Dec. 1, 2016, monthly report.</li></ol></article></body></html>")
        store_html(store, dod.IR + "/Media-Library/News-Releases/Article/1/duplicate-wording/", html)
        row = next(store.db.query("SELECT * FROM allegations WHERE allegation_date = '2016-07-20'"))
        assert (row["allegation_key"], row["link"], row["corrected_from_date"], row["duplicate_of"]) == (
            "2016-07-20|manbij|Syria", "new", None, MANBIJ)
    finally:
        store.close()
