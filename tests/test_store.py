import itertools
import sqlite3

import pytest

from archive.migrations import migrations
from archive.store import CaptureRow, Extracted, Store


_CAPTURES = itertools.count(1)


def capture(store, run_id, url="https://a.org/x"):
    # Each made-up capture holds other bytes: one digest for two would say "the same bytes".
    return store.add_capture(
        CaptureRow(
            run_id=run_id, url=url, fetched_url=url, method="GET", status=200,
            content_type="text/html", fetched_at="2026-01-01T00:00:00Z", warc_file="f.warc.gz",
            warc_offset=0, warc_length=10, warc_record_id="<urn:uuid:1>",
            payload_digest=f"sha256:{next(_CAPTURES):064x}",
        )
    )


def test_wal_mode_and_migrations_recorded(store, tmp_path):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in store.db.execute("SELECT name FROM _migrations")]
    assert names[:2] == ["0001_evidence_and_documents", "0002_parse_failures"]
    assert names == [name for name, _ in migrations()]
    # reopening applies nothing twice
    again = Store.open(tmp_path)
    assert [r[0] for r in again.db.execute("SELECT name FROM _migrations")] == names
    again.close()


def test_contract_columns_exist(store):
    want = {
        "crawl_runs": "id source started_at finished_at status requests responses new_documents changed_documents errors",
        "captures": "id run_id url fetched_url method status content_type fetched_at warc_file warc_offset warc_length warc_record_id payload_digest record_type revisit_of render",
        "fetch_errors": "id run_id url at kind message",
        "documents": "id url source kind title published language first_seen last_seen status current_version_id",
        "versions": "id document_id capture_id seen_at content_sha256 title author published text",
        "document_changes": "id document_id old_version_id new_version_id detected_at kind diff",
    }
    for table, cols in want.items():
        assert set(cols.split()) <= set(store.db[table].columns_dict), table


def test_versions_only_when_content_changes(store):
    run = store.start_run("s")
    page = Extracted(text="Twelve reports were non-credible.", title="Report")
    assert store.record_page(source="s", kind="civcas_report", url="u", capture_id=capture(store, run), page=page).outcome == "new"
    # same content, different whitespace: no new version
    same = Extracted(text="Twelve  reports were\nnon-credible.", title="Report")
    assert store.record_page(source="s", kind="civcas_report", url="u", capture_id=capture(store, run), page=same).outcome == "unchanged"
    assert store.count("versions") == 1
    edited = Extracted(text="Eleven reports were non-credible.", title="Report")
    assert store.record_page(source="s", kind="civcas_report", url="u", capture_id=capture(store, run), page=edited).outcome == "changed"
    assert store.count("versions") == 2
    change = list(store.changes())[0]
    assert change["kind"] == "edited"
    assert "-Twelve reports were non-credible." in change["diff"]
    assert "+Eleven reports were non-credible." in change["diff"]
    doc = store.document("u")
    assert doc["current_version_id"] == change["new_version_id"]


def test_removed_then_restored(store):
    run = store.start_run("s")
    page = Extracted(text="A post about Hajin.", title="Post")
    store.record_page(source="s", kind="monitor_post", url="u", capture_id=capture(store, run), page=page)
    # times come from the captures (the 404's, then the page's again)
    assert store.record_gone("u", capture(store, run)) is True
    assert store.record_gone("u") is False  # once only
    assert store.document("u")["status"] == "gone"
    assert store.record_page(source="s", kind="monitor_post", url="u", capture_id=capture(store, run), page=page).outcome == "restored"
    kinds = [c["kind"] for c in store.changes()]
    assert kinds == ["removed", "restored"]
    assert store.record_gone("unknown") is False


def test_full_text_search_over_versions(store):
    run = store.start_run("s")
    store.record_page(source="s", kind="news_article", url="u1", capture_id=capture(store, run),
                      page=Extracted(text="Strikes near Hajin killed civilians.", title="Hajin"))
    store.record_page(source="s", kind="news_article", url="u2", capture_id=capture(store, run),
                      page=Extracted(text="غارات التحالف على هجين", title="هجين", language="ar"))
    hits = store.db.execute("SELECT rowid FROM versions_fts WHERE versions_fts MATCH 'hajin'").fetchall()
    assert len(hits) == 1
    hits = store.db.execute("SELECT rowid FROM versions_fts WHERE versions_fts MATCH 'هجين'").fetchall()
    assert len(hits) == 1


def test_bad_values_are_refused(store):
    with pytest.raises(ValueError):
        store.finish_run(store.start_run("s"), "great")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO documents (url, source, kind, first_seen, last_seen, status) VALUES ('x','s','k','t','t','maybe')")


def test_changes_queue_one_notification_per_channel(tmp_path):
    store = Store.open(tmp_path, channels=("mail", "hook"))
    run = store.start_run("s")
    store.record_page(source="s", kind="monitor_post", url="u", capture_id=capture(store, run),
                      page=Extracted(text="first"))
    assert store.count("notifications") == 0  # a new page is not a change
    store.record_page(source="s", kind="monitor_post", url="u", capture_id=capture(store, run),
                      page=Extracted(text="second"))
    store.record_gone("u")
    rows = list(store.db.query(
        "SELECT n.channel, c.kind FROM notifications n JOIN document_changes c ON c.id = n.change_id"
        " WHERE n.change_kind = 'document_change' AND n.status = 'pending' ORDER BY n.id"))
    assert [(r["channel"], r["kind"]) for r in rows] == [
        ("mail", "edited"), ("hook", "edited"), ("mail", "removed"), ("hook", "removed")]
    store.close()
