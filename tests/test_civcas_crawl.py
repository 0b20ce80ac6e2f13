"""A real crawl of the cjtf-civcas source over the replicas, rounds 1 and 2."""

import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from support.replicas import ReplicaServer


def civcas(*args):
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("civcas-crawl")
    with ReplicaServer(round=1) as server:
        mirrors = server.mirror_args()
        # Crawls come seconds apart: every known page is re-fetched, not only the due ones.
        args = ("crawl", "cjtf-civcas", "--delay", "0", "--recheck", "all", "--data-dir", str(data),
                *mirrors)
        first = civcas(*args)
        with sqlite3.connect(data / "civcas.db") as db:
            changes_1 = db.execute("SELECT MAX(id) FROM assessment_changes").fetchone()[0]
        server.set_round(2)
        second = civcas(*args)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    return data, changes_1


def query(data, sql, params=()):
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


def test_every_news_release_is_kept_and_only_reports_give_report_rows(crawled):
    data, _ = crawled
    kinds = dict(query(data, "SELECT url, kind FROM documents"))
    # 20 monthly originals (one added in round 2), the ReliefWeb copy, and the pre-monthly
    # release on CENTCOM's site and as reposted by the task force; plus the task force's
    # other news releases, archived as evidence with the kind their text gives them
    reports = [u for u, k in kinds.items() if k == "civcas_report"]
    assert len(reports) == 23
    releases = sorted(u for u, k in kinds.items() if k == "news_release")
    assert [u.split("/")[-1] for u in releases] == [
        "coalition-statement-on-reported-civilian-casualties-near-ramadi",
        "operation-inherent-resolve-casualty"]
    assert len(kinds) == 25
    assert not any("airstrikes-continue" in u for u in kinds)  # CENTCOM's other releases
    with_rows = {u for (u,) in query(data, "SELECT d.url FROM civcas_reports r JOIN documents d "
                                           "ON d.id = r.document_id")}
    failures = query(data, "SELECT d.url, f.reason FROM parse_failures f JOIN documents d ON d.id = f.document_id")
    # the Oct 2018 report of the replica world states no figure: a report that fails, said so
    assert [(u.split("/")[-2], r) for u, r in failures] == [
        ("1787730", "no monthly counts, cumulative totals or allegation entries found")]
    assert with_rows == set(reports) - {failures[0][0]}


def test_a_report_inside_a_page_wide_dnn_form_gives_its_allegations(crawled):
    """The task force's DNN pages hold the whole body in one <form id="Form"> with a
    __VIEWSTATE: the report's text, counts and lists are read all the same."""
    from crawler.replicas import civcas as replica

    data, _ = crawled
    (html_url,) = [u for (u,) in query(data, "SELECT url FROM documents WHERE url LIKE '%/1342924/%'")]
    rows = query(data, "SELECT r.month_covered, r.received_new, r.non_credible, COUNT(a.id) FROM civcas_reports r "
                       "JOIN documents d ON d.id = r.document_id JOIN allegations a ON a.report_id = r.id "
                       "WHERE d.url = ? AND r.version_id = d.current_version_id GROUP BY r.id", [html_url])
    revised = [a for a in replica.allegations_for("R2016-10") if a["id"] != "A02"] + ["A02 as credible"]
    assert rows == [("2016-10", 18, 11, len(revised))]
    (text,) = query(data, "SELECT v.text FROM versions v JOIN documents d ON d.current_version_id = v.id "
                          "WHERE d.url = ?", [html_url])
    assert "__VIEWSTATE" not in text[0] and "/wEPDwUK" not in text[0]
    assert "\n1. Sept. 20, 2015, near Ramadi, Iraq" in text[0]  # the list item keeps its number


def test_a_report_whose_slug_is_cut_mid_word_is_fetched_and_parsed(crawled):
    data, _ = crawled
    rows = query(data, "SELECT d.kind, r.month_covered, r.cumulative_civilian_deaths FROM documents d "
                       "JOIN civcas_reports r ON r.version_id = d.current_version_id "
                       "WHERE d.url LIKE '%-monthly-civilian-casu'")
    assert rows == [("civcas_report", "2018-08", 1114)]


def test_a_statement_about_one_incident_is_a_news_release_not_a_report(crawled):
    data, _ = crawled
    ((doc_id, kind, title),) = query(data, "SELECT id, kind, title FROM documents WHERE url LIKE "
                                           "'%coalition-statement-on-reported-civilian-casualties%'")
    assert (kind, title) == ("news_release", "Coalition statement on reported civilian casualties near Ramadi")
    assert query(data, "SELECT COUNT(*) FROM civcas_reports WHERE document_id = ?", [doc_id]) == [(0,)]
    assert query(data, "SELECT COUNT(*) FROM parse_failures WHERE document_id = ?", [doc_id]) == [(0,)]
    # the allegation it mentions keeps the assessment the reports give it, with no change
    assert query(data, "SELECT field, old_value, new_value FROM assessment_changes "
                       "WHERE allegation_key = '2015-09-20|ramadi|Iraq'") == []


def test_the_reliefweb_copy_is_an_alternate_of_the_original(crawled):
    data, _ = crawled
    rows = query(data, "SELECT d.url, r.alternate_of, r.id FROM civcas_reports r "
                       "JOIN documents d ON d.id = r.document_id WHERE r.month_covered = '2018-11'")
    copy = next(r for r in rows if "reliefweb.int" in r[0])
    original = next(r for r in rows if "inherentresolve.mil" in r[0])
    assert copy[1] == original[2] and original[1] is None


def test_round_two_edit_and_new_report_give_their_changes(crawled):
    data, last_1 = crawled
    new = query(data, "SELECT allegation_key, field, old_value, new_value FROM assessment_changes "
                      "WHERE id > ?", [last_1])
    assert ("2015-10-09|kubaysah|Iraq", "assessment", "non_credible", "credible") in new
    assert ("2015-10-09|kubaysah|Iraq", "civilians_killed", None, "3") in new
    # the Feb 2020 report moves the cumulative deaths on from the Dec 2019 report
    assert (None, "cumulative_civilian_deaths", "1370", "1377") in new
    assert (None, "cumulative_strikes", "34763", "34791") in new
    # the round-1 history holds the chain of the first three reports whatever the order
    keys = {k for (k,) in query(data, "SELECT allegation_key FROM assessment_changes WHERE id <= ?", [last_1])}
    assert {"2016-02-02|hama|Syria", "2016-07-18|manbij|Syria", "2016-10-05|qayyarah|Iraq",
            "2016-10-06|shaddadi|Syria"} <= keys


def test_changes_command_prints_atom_and_words(crawled):
    data, _ = crawled
    atom = civcas("changes", "--data-dir", str(data), "--format", "atom")
    assert atom.returncode == 0, atom.stderr
    feed = ET.fromstring(atom.stdout)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    text = civcas("changes", "--data-dir", str(data)).stdout
    # the Oct 2016 report (published 1 Dec 2016), edited in place: named by the month covered
    assert ("Allegation of 9 Oct 2015 near Kubaysah, Iraq: non-credible (report of Oct 2016) -> "
            "credible, 3 civilians killed (report of Oct 2016)") in text


def test_the_pre_monthly_release_is_read_in_both_templates(crawled):
    data, _ = crawled
    reports = query(data, "SELECT r.id, d.url, r.alternate_of, r.month_covered FROM civcas_reports r "
                          "JOIN documents d ON d.id = r.document_id WHERE r.published = '2016-04-22'")
    assert len(reports) == 2
    repost = next(r for r in reports if "inherentresolve.mil" in r[1])
    original = next(r for r in reports if "centcom.mil" in r[1])
    # one release in two places: the task force's page leads, CENTCOM's is its alternate
    assert (repost[2], original[2], repost[3], original[3]) == (None, repost[0], None, None)
    for report_id, *_ in reports:
        rows = query(data, "SELECT item, allegation_key, assessment, civilians_killed, civilians_injured "
                           "FROM allegations WHERE report_id = ? ORDER BY item", [report_id])
        assert [r[0] for r in rows] == list(range(1, 10))
        assert {r[2] for r in rows} == {"credible"}
        assert rows[0] == (1, "2015-09-10|kubaysah|Iraq", "credible", 2, 4)
        assert rows[2] == (3, "2015-11-04|hawijah|Iraq", "credible", 0, 2)
        assert rows[8][1] == "2016-02-02|ghazili|Syria"


def test_the_crawled_history_is_the_one_of_publication_order(crawled, tmp_path):
    """Whatever order the crawl fetched the pages in, its assessment changes are those of
    the same reports stored oldest first."""
    from archive.store import Store
    from support.civcas_history import history
    from support.civcas_reports import store_replica
    from crawler.replicas import civcas as replica

    data, _ = crawled
    store = Store.open(tmp_path)
    for r in replica.reports():
        store_replica(store, r["id"])
        if r["id"] == "R2016-10":
            store_replica(store, r["id"], revised=True)
    expected = history(store.db.conn)
    store.close()
    with sqlite3.connect(data / "civcas.db") as db:
        assert history(db) == expected
    assert len(expected) > 30  # not an empty history compared with an empty one
