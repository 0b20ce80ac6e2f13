"""Rebuild documents, versions, changes and the tables parsed from pages out of the WARCs
alone, without the network (`civcas reextract`).

Why and how it is safe
----------------------
The crawl turns every archived page into rows; a better extractor or a new parser should
be able to redo that from the evidence. Re-extraction replays the captures in the order
they were made, through the crawl's own path (`crawler.reading.pool.extract_outcome`, then
`crawler.pipelines.store.store_page`, i.e. `Store.record_page` and
`crawler.tables.store_rows`), so tables added by parsers are rebuilt too.

1. The store is copied (SQLite backup API: a consistent snapshot) to a scratch database
   `DATA/.civcas-reextract.db`. In the copy the derived rows are deleted: `documents`,
   `versions` (and their full-text index), `document_changes`, `parse_failures`, and every
   table whose rows reference one of those by foreign key (the parsers' tables), for the
   selected sources only.
2. Every page capture of those sources is read from its WARC record (a revisit reads its
   original response's payload), decoded and extracted in a process pool (`--jobs`),
   and recorded into the copy in capture order. A 404/410 capture of a known live
   document marks it gone, as a recrawl does. Times come from the captures, so the rows
   are those the crawl wrote.
3. One transaction on the real store replaces the derived rows of the selected sources
   by those of the copy, and points watcher notifications at the rebuilt changes
   (assessment changes: `crawler.tables.civcas.follow_notifications`). No notification
   is queued again; one whose change the rebuild no longer finds is dropped.

Nothing else is touched: WARC files, `captures`, `crawl_runs`, `fetch_errors`,
`notifications` rows and `source_health` stay as they are. Killed at any moment before
the last step, the store is unchanged (the scratch file is removed by the next run); the
last step is atomic. If a crawl adds captures while the rebuild runs, the last step is
not done, the store stays unchanged, and the command says to run it again.

Which captures are pages follows the spiders (spiders/site.py and those built on it): a
2xx answer whose URL matches the source's `documents` patterns or is a known document
(articles the news and ReliefWeb spiders took from a feed or an API), robots.txt
excepted, not cut off (`WARC-Truncated`) and whose content-encoding decodes. A 304
revisit is replayed as the response it revalidated; a `render = "browser"` source's page
is read from its DOM `resource` capture, which its version points at; a backfill's
capture is recorded as of the archive's date and its `backfill_captures` row (kept, not
rebuilt) pointed at the rebuilt version. Extraction errors were recorded by the crawl in
`fetch_errors` and are only counted here.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archive.history import record_archived_page
from archive.outbox import move_notifications
from archive.reader import read_record
from archive.store import Extracted, Store
from archive.urls import canonical_url
from crawler.config import Config, Source
from crawler.reading.pool import extract_outcome
from crawler.items import GONE_STATUSES, PageItem
from crawler.pipelines.store import store_page
from crawler.tables.civcas import change_identities, follow_notifications, settle_changes

logger = logging.getLogger("civcas.reextract")

SCRATCH = ".civcas-reextract.db"
# Held for a whole run: two runs on one data folder would delete each other's scratch copy.
LOCK = ".civcas-reextract.lock"
BASE_TABLES = ("documents", "versions", "document_changes", "parse_failures")
# Tables referencing versions that are records of work done, not rows read from pages:
# kept, their version ids pointed at the rebuilt versions.
KEPT_TABLES = ("backfill_captures",)

Progress = Callable[[str], None]


class ReextractError(Exception):
    """Re-extraction could not finish; the store was left as it was."""


@dataclass(frozen=True)
class Task:
    """One capture to replay: where its payload is, and what the spider would do."""

    capture_id: int  # the capture the row points at (a browser source's: the DOM's)
    action: str  # 'page', 'gone' or 'archived' (a backfill's capture from a web archive)
    source: str
    kind: str
    url: str  # the document's canonical URL
    fetched_url: str
    warc: tuple[str, int, int]  # the record whose headers the spider saw
    payload: tuple[str, int, int]  # the record holding the payload (the original, for a revisit)
    archived_at: str | None = None  # a backfilled capture: when the archive made it
    backfill_id: int | None = None


@dataclass
class Result:
    sources: list[str]
    captures: int = 0
    pages: int = 0
    gone: int = 0
    extraction_errors: int = 0
    skipped: int = 0
    parse_failures: int = 0
    tables: dict[str, int] = field(default_factory=dict)


# -- which captures are pages (as the spiders decide) -------------------------------------


def plan(conn: sqlite3.Connection, config: Config, sources: list[str],
         warcs_dir: Path | None = None, known: dict[str, str] | None = None
         ) -> Iterator[Task]:
    """The captures of `sources` to replay, in capture order.

    `known`: every document's URL before the rebuild, with its source. The news and
    ReliefWeb spiders keep as documents the articles a feed or API listed whatever their
    path; a capture of such a URL is a page as well as one matching the `documents`
    patterns. A page another source fetched (ReliefWeb's copy of a coalition report) is
    replayed too when it is a selected source's document: the crawl saw it then.
    A 304 answer is replayed as the archived response it revalidated (as the conditional
    middleware hands it to the spider). A browser source's page is read from the DOM
    rendered from it (`warcs_dir` is needed to find it), and points at that DOM capture.
    """
    marks = ",".join("?" * len(sources))
    known = known or {}
    doms = _dom_captures(conn, list(config.sources), warcs_dir) if warcs_dir else {}
    backfilled = {cap: (bid, url) for bid, url, cap in conn.execute(
        f"SELECT id, url, capture_id FROM backfill_captures WHERE capture_id IS NOT NULL"
        f" AND source IN ({marks})", sources)} if _has_table(conn, "backfill_captures") else {}
    rows = conn.execute(
        """SELECT c.id, c.run_id, c.url, c.fetched_url, c.status, c.record_type,
                  c.warc_record_id, c.warc_file, c.warc_offset, c.warc_length,
                  o.warc_file, o.warc_offset, o.warc_length, o.status, o.record_type,
                  c.archive, c.archived_at, r.source
           FROM captures c JOIN crawl_runs r ON r.id = c.run_id
           LEFT JOIN captures o ON o.id = c.revisit_of
           WHERE c.record_type IN ('response', 'revisit')
           ORDER BY c.id""")
    for (capture_id, run_id, url, fetched_url, status, rtype, record_id, wf, wo, wl,
         of, oo, ol, ostatus, otype, archive, archived_at, name) in rows:
        source: Source | None = config.sources.get(name)
        if source is None:
            continue
        if name not in sources and (archive is not None or known.get(
                canonical_url(url, source.ignore_params)) not in sources):
            continue
        if status is None or url.split("?", 1)[0].endswith("/robots.txt"):
            continue
        own = (wf, wo, wl)
        original = (of, oo, ol) if rtype == "revisit" and of is not None else None
        if status == 304:
            # Server-not-modified: the spider saw the archived response it refers to.
            if original is None or otype != "response":
                continue
            status, own = ostatus, original
        payload = original or own
        if archive is not None:
            if status == 200 and capture_id in backfilled:
                bid, page_url = backfilled[capture_id]
                yield Task(capture_id, "archived", name, source.kind,
                           canonical_url(page_url, source.ignore_params), fetched_url, own,
                           payload, archived_at, bid)
            continue
        canonical = canonical_url(url, source.ignore_params)
        if status in GONE_STATUSES:
            action = "gone"
        elif 200 <= status < 300 and (source.is_document_url(url) or canonical in known):
            action = "page"
        else:
            continue
        if action == "page" and source.render == "browser":
            dom = _dom_for(doms, conn, record_id, url, capture_id, run_id)
            if dom is not None:
                dom_id, dom_record = dom
                yield Task(dom_id, action, name, source.kind, canonical, fetched_url,
                           dom_record, dom_record)
                continue
        yield Task(capture_id, action, name, source.kind, canonical, fetched_url, own, payload)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [name]).fetchone() is not None


def _dom_captures(conn: sqlite3.Connection, sources: list[str], warcs_dir: Path) -> dict:
    """Browser DOM captures of `sources`: by the HTTP record they were rendered from
    (WARC-Concurrent-To), and each page URL's in capture order."""
    marks = ",".join("?" * len(sources))
    by_record: dict[str, tuple] = {}
    by_url: dict[str, list[tuple]] = {}
    for cid, url, wf, wo, wl in conn.execute(
            f"""SELECT c.id, c.url, c.warc_file, c.warc_offset, c.warc_length
                FROM captures c JOIN crawl_runs r ON r.id = c.run_id
                WHERE r.source IN ({marks}) AND c.record_type = 'resource'
                AND substr(c.fetched_url, 1, 8) = 'urn:dom:' ORDER BY c.id""", sources):
        where = (wf, wo, wl)
        try:
            joined = read_record(warcs_dir, *where).header("WARC-Concurrent-To")
        except Exception as exc:  # an unreadable record: its page is read as plain HTTP
            logger.warning("capture %s: %s", cid, exc)
            continue
        if joined:
            by_record[joined.strip("<>")] = (cid, where)
            by_record[joined] = (cid, where)
        by_url.setdefault(url, []).append((cid, where))
    return {"record": by_record, "url": by_url}


def _dom_for(doms: dict, conn, record_id: str, url: str, capture_id: int, run_id: int):
    """The DOM a browser source's page capture was read from: the one rendered from it,
    else (a render byte-identical to the last, not written again) the page's last DOM
    before it; None when the render failed (the page went on as plain HTTP)."""
    if not doms:
        return None
    if record_id in doms["record"]:
        return doms["record"][record_id]
    failed = conn.execute("SELECT 1 FROM fetch_errors WHERE run_id = ? AND url = ? AND"
                          " kind = 'render'", [run_id, url]).fetchone()
    if failed:
        return None
    earlier = [d for d in doms["url"].get(url, []) if d[0] < capture_id]
    return earlier[-1] if earlier else None


# -- reading and extracting (runs in the worker processes) ---------------------------------


def page_body(warcs_dir: Path, task: Task) -> tuple[str, bytes] | str:
    """(content type, decoded body) as the spider saw them, or why the spider made no page
    of this capture."""
    record = read_record(warcs_dir, *task.warc)
    if record.header("WARC-Truncated"):
        return "truncated"
    if task.payload != task.warc:
        original = read_record(warcs_dir, *task.payload)
        record.payload = original.payload
    decoded = record.decoded_body()
    if not decoded.complete:
        return "bad_encoding"
    # A browser DOM is a `resource` record: its own Content-Type is the body's.
    content_type = record.http.get_header("Content-Type") if record.http else record.content_type
    return content_type or "", decoded.data


def extract_task(args: tuple[Path, Task]) -> tuple:
    """(capture id, extracted page or None, error kind or None, (content type, body), the
    kind's pure parse): the body goes back with the text, so the parent does not read the
    record again. Text and parse come from `extract_outcome`, the crawl's own path."""
    warcs_dir, task = args
    try:
        got = page_body(warcs_dir, task)
    except Exception as exc:  # one unreadable record must not stop the rebuild
        logger.warning("capture %s: %s", task.capture_id, exc)
        return task.capture_id, None, f"unreadable: {exc}", (), None
    if isinstance(got, str):
        return task.capture_id, None, got, (), None
    content_type, body = got
    status, page, detail, parsed = extract_outcome(body, content_type, task.url, task.kind,
                                                   task.source)
    if status == "error":  # `page` holds the error kind, `detail` the message
        if page == "extract":
            logger.warning("capture %s: %s", task.capture_id, detail)
        return task.capture_id, None, page, (), None
    return task.capture_id, page, None, got, parsed


def _extracted(warcs_dir: Path, tasks: list[Task], jobs: int) -> Iterator[tuple]:
    work = [(warcs_dir, t) for t in tasks if t.action != "gone"]
    if jobs <= 1 or len(work) < 2:
        yield from map(extract_task, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract_task, work, chunksize=max(1, min(16, len(work) // (4 * jobs))))


def _archived_at(task: Task) -> Callable:
    """How a backfill records a page: dated by the archive's capture."""
    archived_at = task.archived_at
    if archived_at is None:  # backfill_captures.archived_at is always set
        raise ValueError(f"an archived capture of {task.url} with no archive date")

    def record(store: Store, item: PageItem, page: Extracted):
        return record_archived_page(store, source=item.source, kind=item.kind, url=item.url,
                                    capture_id=item.capture_id, page=page,
                                    archived_at=archived_at)
    return record


# -- the derived tables ------------------------------------------------------------------


def derived_tables(conn: sqlite3.Connection) -> list[tuple[str, list[tuple[str, str]]]]:
    """Tables whose rows are derived from pages, each with its foreign keys (column,
    parent table) into other derived tables; parents before children."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'versions_fts%' ORDER BY name")]
    fks = {n: [(r[3], r[2]) for r in conn.execute(f"PRAGMA foreign_key_list([{n}])")]
           for n in names}
    derived: list[str] = list(BASE_TABLES)
    grew = True
    while grew:
        grew = False
        for name in names:
            if name in KEPT_TABLES:
                continue
            if name not in derived and any(parent in derived for _, parent in fks[name]):
                derived.append(name)
                grew = True
    return [(n, [(col, parent) for col, parent in fks.get(n, []) if parent in derived])
            for n in derived if n in fks]


def _owned(table: str, fks: dict, schema: str, sources: str) -> str:
    """SQL condition selecting the rows of `table` that belong to the selected sources
    (the source list `sources` appears in it exactly once)."""
    if table == "documents":
        return f"source IN ({sources})"
    if table in ("versions", "document_changes", "parse_failures"):
        return f"document_id IN (SELECT id FROM {schema}.documents WHERE source IN ({sources}))"
    # Through a parent table, never the table itself (e.g. a report's `alternate_of`).
    col, parent = next((c, p) for c, p in fks[table] if p != table)
    return (f"[{col}] IN (SELECT id FROM {schema}.[{parent}] WHERE "
            f"{_owned(parent, fks, schema, sources)})")


# -- the whole run ---------------------------------------------------------------------


def reextract(data_dir: Path, config: Config, sources: list[str] | None = None, *,
              jobs: int | None = None, progress: Progress | None = None) -> Result:
    data_dir = Path(data_dir)
    db_path = data_dir / Store.FILENAME
    if not db_path.exists():
        raise ReextractError(f"no civcas store in {data_dir}")
    jobs = jobs or os.cpu_count() or 1
    with open(data_dir / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReextractError(f"another civcas reextract is running on {data_dir}; "
                                 "wait for it to finish") from None
        try:
            return _reextract(data_dir, db_path, config, sources, jobs, progress)
        finally:
            # Still held: a run that opened the file meanwhile was refused; one that opens
            # a new file from now on finds our work done.
            (data_dir / LOCK).unlink(missing_ok=True)


def _reextract(data_dir: Path, db_path: Path, config: Config, sources: list[str] | None,
               jobs: int, progress: Progress | None) -> Result:
    say = progress or (lambda message: None)
    scratch = data_dir / SCRATCH
    for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
        leftover.unlink(missing_ok=True)  # an interrupted run's copy

    main = sqlite3.connect(db_path, timeout=30)
    try:
        crawled = sorted(r[0] for r in main.execute("SELECT DISTINCT source FROM crawl_runs"))
        chosen = sorted(sources) if sources else [s for s in crawled if s in config.sources]
        missing = [s for s in chosen if s not in config.sources]
        if missing:
            raise ReextractError(f"source {missing[0]} is not in the configuration")
        say(f"copying the store to {scratch.name}")
        copy = sqlite3.connect(scratch)
        main.backup(copy)
        copy.close()
        snapshot = main.execute("SELECT COALESCE(MAX(id), 0) FROM captures").fetchone()[0]
    finally:
        main.close()

    result = Result(chosen)
    try:
        _rebuild(scratch, data_dir / "warcs", config, chosen, jobs, result, say)
        say("replacing the derived rows in the store")
        _swap(db_path, scratch, chosen, snapshot, result)
    finally:
        for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
            leftover.unlink(missing_ok=True)
    return result


def _rebuild(scratch: Path, warcs_dir: Path, config: Config, sources: list[str], jobs: int,
             result: Result, say: Progress) -> None:
    store = Store(scratch)  # no channels: re-extraction queues no notification
    try:
        conn = store.db.conn
        marks = ",".join("?" * len(sources))
        tables = derived_tables(conn)
        fks = dict(tables)
        known = dict(conn.execute("SELECT url, source FROM documents"))
        with conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            if _has_table(conn, "backfill_captures"):  # kept; versions set again below
                conn.execute(f"UPDATE backfill_captures SET version_id = NULL"
                             f" WHERE source IN ({marks})", sources)
            for table, _ in reversed(tables):
                conn.execute(f"DELETE FROM [{table}] WHERE {_owned(table, fks, 'main', marks)}",
                             sources)
        tasks = list(plan(conn, config, sources, warcs_dir, known))
        result.captures = len(tasks)
        pages = sum(t.action != "gone" for t in tasks)
        say(f"{pages} page captures and {len(tasks) - pages} removals to replay, {jobs} jobs")
        extracted = _extracted(warcs_dir, tasks, jobs)
        done = 0
        for task in tasks:
            if task.action == "gone":
                if store.record_gone(task.url, task.capture_id):
                    result.gone += 1
                continue
            capture_id, page, error, got, parsed = next(extracted)
            assert capture_id == task.capture_id
            done += 1
            if done % 500 == 0:
                say(f"{done}/{pages} pages")
            if page is None:
                if error in ("truncated", "bad_encoding"):
                    result.skipped += 1
                else:
                    result.extraction_errors += 1
                continue
            content_type, body = got
            item = PageItem(task.source, task.kind, task.url, task.capture_id, 200,
                            content_type, body)
            if task.action == "archived":
                recorded, written = store_page(store, item, page, _archived_at(task), parsed)
                store.db.execute("UPDATE backfill_captures SET version_id = ? WHERE id = ?",
                                 [recorded.version_id, task.backfill_id])
                store.db.conn.commit()
            else:
                recorded, written = store_page(store, item, page, parsed=parsed)
            result.pages += 1
            if recorded.added_version and written is None:
                result.parse_failures += 1
        with conn:  # reports were deleted under the recorded changes: make them exact
            settle_changes(store)
        result.tables = {t: conn.execute(
            f"SELECT COUNT(*) FROM [{t}] WHERE {_owned(t, fks, 'main', marks)}",
            sources).fetchone()[0] for t, _ in tables}
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def _swap(db_path: Path, scratch: Path, sources: list[str], snapshot: int, result: Result) -> None:
    conn = sqlite3.connect(db_path, timeout=30, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS fresh", [str(scratch)])
        conn.execute("BEGIN IMMEDIATE")
        try:
            latest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM main.captures").fetchone()[0]
            if latest != snapshot:
                raise ReextractError(
                    f"a crawl added {latest - snapshot} captures while re-extracting; "
                    "the store was left as it was: run reextract again")
            marks = ",".join("?" * len(sources))
            tables = derived_tables(conn)
            fks = dict(tables)
            old_changes = _change_keys(conn, "main", marks, sources)
            old_assessments = change_identities(conn)  # notifications follow them below
            for table, _ in reversed(tables):
                conn.execute(f"DELETE FROM main.[{table}] WHERE "
                             f"{_owned(table, fks, 'main', marks)}", sources)
            for table, _ in tables:
                columns = ", ".join(f"[{r[1]}]" for r in conn.execute(
                    f"PRAGMA main.table_info([{table}])"))
                conn.execute(f"INSERT INTO main.[{table}] ({columns}) SELECT {columns} FROM "
                             f"fresh.[{table}] WHERE {_owned(table, fks, 'fresh', marks)}",
                             sources)
            if _has_table(conn, "backfill_captures"):
                conn.execute(
                    f"UPDATE main.backfill_captures SET version_id = (SELECT f.version_id FROM"
                    f" fresh.backfill_captures f WHERE f.id = main.backfill_captures.id)"
                    f" WHERE source IN ({marks})", sources)
            new_changes = _change_keys(conn, "main", marks, sources)
            # Watchers' notifications name changes by id: follow each to its rebuilt change.
            move_notifications(conn, "document_change", [
                (old_id, new_changes[key]) for key, old_id in old_changes.items()
                if new_changes.get(key) is not None])
            follow_notifications(conn, old_assessments)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _change_keys(conn, schema: str, marks: str, sources: list[str]) -> dict[tuple, int]:
    """Changes of the selected sources by what identifies them across a rebuild."""
    rows = conn.execute(
        f"""SELECT c.id, d.url, c.kind, c.detected_at FROM {schema}.document_changes c
            JOIN {schema}.documents d ON d.id = c.document_id
            WHERE d.source IN ({marks}) ORDER BY c.id""",
        sources,
    )
    return {(url, kind, at): change_id for change_id, url, kind, at in rows}
