"""`civcas reextract` on a real two-round crawl: the derived rows come back the same,
parsers' tables are rebuilt, and a failed or overtaken run leaves the store as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from crawler import reextract as reextract_module
from crawler import tables as structured
from crawler.config import load_config
from crawler.parsers import ParseFailure
from crawler.reextract import ReextractError, derived_tables, reextract

from support.archives import civcas, crawl_rounds, rows_without_ids


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("reextract")
    return crawl_rounds(root, (1, 2))


@pytest.fixture
def data(crawled, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(crawled, copy)
    return copy


def snapshot(data) -> dict:
    with sqlite3.connect(data / "civcas.db") as db:
        return {t: rows_without_ids(db, t) for t, _ in derived_tables(db)}


def evidence(data) -> tuple:
    with sqlite3.connect(data / "civcas.db") as db:
        rows = tuple(tuple(db.execute(f"SELECT * FROM {t} ORDER BY id"))
                     for t in ("captures", "crawl_runs", "fetch_errors", "notifications"))
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (data / "warcs").glob("*")}
    return rows, files


def test_reextract_gives_the_rows_the_crawl_gave(data):
    before, kept = snapshot(data), evidence(data)
    assert before["versions"] and before["document_changes"]  # an edit and a removal
    done = civcas(data.parent, "reextract", "--data-dir", str(data), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "pages replayed" in done.stdout and "2 jobs" in done.stderr
    assert snapshot(data) == before
    assert evidence(data) == kept  # captures, runs, errors and WARC files untouched
    with sqlite3.connect(data / "civcas.db") as db:  # full-text index rebuilt with the rows
        assert db.execute("SELECT COUNT(*) FROM versions_fts WHERE versions_fts MATCH 'هجين'"
                          ).fetchone()[0] >= 1
    assert not list(data.glob(".civcas-reextract*"))


def test_one_source_only_leaves_the_others_ids_alone(data):
    with sqlite3.connect(data / "civcas.db") as db:
        others = db.execute("SELECT * FROM versions WHERE document_id IN (SELECT id FROM"
                            " documents WHERE source != 'sohr-en') ORDER BY id").fetchall()
    before = snapshot(data)
    done = civcas(data.parent, "reextract", "--data-dir", str(data), "--source", "sohr-en",
                  "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert snapshot(data) == before
    with sqlite3.connect(data / "civcas.db") as db:
        assert db.execute("SELECT * FROM versions WHERE document_id IN (SELECT id FROM"
                          " documents WHERE source != 'sohr-en') ORDER BY id").fetchall() == others


def _words(store, page):
    """A parser table as other engineers add them: rows keyed by version id."""
    if "Hajin" not in page.text and page.kind == "monitor_post":
        raise ParseFailure("no Hajin in this post")
    store.db.execute("DELETE FROM test_words WHERE version_id = ?", [page.version_id])
    words = sorted(set(page.text.split()))[:5]
    for word in words:
        store.db.execute("INSERT INTO test_words (version_id, word) VALUES (?, ?)",
                         [page.version_id, word])
    store.db.conn.commit()
    return len(words)


def test_parser_tables_and_failures_are_rebuilt(data, monkeypatch):
    with sqlite3.connect(data / "civcas.db") as db:
        db.execute("CREATE TABLE test_words (id INTEGER PRIMARY KEY,"
                   " version_id INTEGER NOT NULL REFERENCES versions(id), word TEXT NOT NULL)")
        versions = db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    for kind in ("monitor_post", "news_article", "civcas_report", "strike_release", "incident",
                 "military_claim", "news_release"):
        monkeypatch.setitem(structured.HANDLERS, kind, _words)
    config = load_config()
    first = reextract(data, config, jobs=2)
    assert first.parse_failures > 0
    rows = snapshot(data)
    assert "test_words" in rows and rows["test_words"]
    assert len({r[0] for r in rows["test_words"]}) + len(rows["parse_failures"]) == versions
    reextract(data, config, jobs=1)  # again: the same rows, nothing doubled
    assert snapshot(data) == rows


def test_a_failed_swap_leaves_the_store_unchanged(data, monkeypatch):
    before, kept = snapshot(data), evidence(data)
    with sqlite3.connect(data / "civcas.db") as db:
        ids = db.execute("SELECT id, url FROM documents ORDER BY id").fetchall()

    def broken(*args):
        raise KeyboardInterrupt  # killed during the rebuild

    monkeypatch.setattr(reextract_module, "_swap", broken)
    with pytest.raises(KeyboardInterrupt):
        reextract(data, load_config(), jobs=1)
    assert snapshot(data) == before and evidence(data) == kept
    with sqlite3.connect(data / "civcas.db") as db:
        assert db.execute("SELECT id, url FROM documents ORDER BY id").fetchall() == ids


def test_a_crawl_during_the_rebuild_stops_the_swap(data, monkeypatch):
    rebuild = reextract_module._rebuild

    def crawl_meanwhile(*args):
        rebuild(*args)
        with sqlite3.connect(data / "civcas.db") as db:
            db.execute("INSERT INTO captures (run_id, url, fetched_url, method, fetched_at,"
                       " warc_file, warc_offset, warc_length, warc_record_id, record_type)"
                       " SELECT run_id, url, fetched_url, method, fetched_at, warc_file,"
                       " warc_offset, warc_length, warc_record_id, record_type FROM captures"
                       " LIMIT 1")
        before.update(snapshot(data))

    before: dict = {}
    monkeypatch.setattr(reextract_module, "_rebuild", crawl_meanwhile)
    with pytest.raises(ReextractError, match="run reextract again"):
        reextract(data, load_config(), jobs=1)
    assert snapshot(data) == before


def test_two_jobs_write_the_rows_of_one(data, tmp_path):
    """Extraction in worker processes changes nothing: same rows, same ids."""
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    reextract(data, load_config(), jobs=1)
    reextract(copy, load_config(), jobs=2)
    tables = [t for t, _ in derived_tables(sqlite3.connect(data / "civcas.db"))]
    for table in tables:
        with sqlite3.connect(data / "civcas.db") as one, sqlite3.connect(copy / "civcas.db") as two:
            rows = one.execute(f"SELECT * FROM [{table}] ORDER BY id").fetchall()
            assert rows == two.execute(f"SELECT * FROM [{table}] ORDER BY id").fetchall(), table
    with sqlite3.connect(data / "civcas.db") as db:
        assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] > 0  # parsed in workers


def test_a_second_run_on_the_same_folder_is_refused_and_the_first_completes(data, monkeypatch):
    """Two runs used to delete each other's scratch copy; the second now stops at once."""
    rebuild, refused = reextract_module._rebuild, []

    def second_run_meanwhile(*args):
        with pytest.raises(ReextractError, match="another civcas reextract is running") as exc:
            reextract(data, load_config(), jobs=1)
        refused.append(str(exc.value))
        rebuild(*args)

    monkeypatch.setattr(reextract_module, "_rebuild", second_run_meanwhile)
    before = snapshot(data)
    reextract(data, load_config(), jobs=1)
    assert len(refused) == 1
    assert snapshot(data) == before  # the first run finished and gave the crawl's rows


def test_an_archive_read_by_an_older_civcas_gets_todays_rows(data):
    """The archive already held gets the better text path and parsers without a crawl: a
    store whose texts and parsed rows an older civcas left (other text, no allegations,
    strikes or claims read) comes back with the rows today's crawl gives."""
    today = snapshot(data)
    assert today["allegations"] and today["strikes"] and today["claims"]
    with sqlite3.connect(data / "civcas.db") as db:
        db.execute("UPDATE versions SET text = 'what an older text path read', "
                   "content_sha256 = 'sha256:old'")
        for table in ("allegation_candidates", "allegations", "strikes", "claims", "parse_checks"):
            db.execute(f"DELETE FROM {table}")
    assert snapshot(data) != today
    done = civcas(data.parent, "reextract", "--data-dir", str(data), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert snapshot(data) == today
