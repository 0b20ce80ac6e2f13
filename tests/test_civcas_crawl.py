"""A real crawl of the cjtf-civcas source over the replicas, rounds 1 and 2."""

import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from crawler.replicas.server import ReplicaServer


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


def test_only_monthly_reports_are_documents(crawled):
    data, _ = crawled
    urls = [u for (u,) in query(data, "SELECT url FROM documents")]
    assert not any("operation-inherent-resolve-casualty" in u for u in urls)  # a news release, not a report
    # 20 monthly originals (one added in round 2), the ReliefWeb copy, and the pre-monthly
    # release on CENTCOM's site and as reposted by the task force
    assert len(urls) == 23
    assert not any("airstrikes-continue" in u for u in urls)  # CENTCOM's other releases
    failures = query(data, "SELECT reason FROM parse_failures")
    assert failures == [("no monthly counts, cumulative totals or allegation entries found",)]


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
    from civcas_history import history
    from civcas_support import store_replica
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
