"""One source's crawl run: its store connection, WARC writer and counters.

`Session` is what a spider, the middlewares, the pipelines and the run bookkeeping may
use of it (they reach it as `spider.session`). Two classes satisfy it: `CrawlSession`
here (a crawl in one process, and the coordinator of a distributed crawl) and
`crawler/distributed/worker.py:WorkerSession` (a worker: the store is read-only and
written through Redis, and the URLs asked for are shared by every worker of the job).
tests/test_session_protocol.py checks both, member by member and with mypy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archive.cdxj import write_index
from archive.recheck import RecheckCadence
from archive.store import CaptureRow, Store
from archive.warc import WarcWriter

from archive import runlock
from crawler.config import CrawlSettings, Source
from crawler.runtime.diskfull import disk_full_message

if TYPE_CHECKING:
    from sqlite_utils import Database

logger = logging.getLogger("civcas.crawl")


@dataclass
class Counters:
    responses: int = 0
    ok_responses: int = 0  # 2xx/3xx answers other than robots.txt
    new_documents: int = 0
    changed_documents: int = 0
    removed_documents: int = 0
    errors: int = 0
    documents_seen: int = 0  # pages read as documents, whatever the outcome
    documents_resting: int = 0  # known documents linked but not due (not fetched)
    documents_unlinked: int = 0  # known documents asked for again: their links vanished
    parsed_pages: int = 0  # new versions of a kind that has tables
    parse_failures: int = 0
    parse_mismatches: int = 0  # parsed versions with a check that does not reconcile


class SessionStore(Protocol):
    """The store as the fetching side reaches it through `session.store` (spiders, the
    capture, conditional, retry and browser middlewares). `archive.store.Store` in one
    process; in a worker, `WorkerStore`: the same lookups on the store opened read-only,
    and the two writes sent to the coordinator (a capture then has no row id yet: it is
    named by its WARC record id, a string)."""

    @property
    def db(self) -> Database:
        """The SQLite database, for the modules that own a table's SQL (archive/listings)."""
        ...

    def add_capture(self, row: CaptureRow) -> int | str:
        """Record one WARC record; returns the capture's id (or name, in a worker)."""
        ...

    def add_error(self, run_id: int | None, url: str, kind: str, message: str) -> int | str:
        """Record a fetch error of this run."""
        ...

    def capture(self, capture_id: int) -> dict | None:
        """A capture row by id (None when there is none)."""
        ...

    def original_response(self, payload_digest: str, status: int) -> dict | None:
        """The first full response of this payload and status: what a revisit points at."""
        ...

    def last_full_response(self, url: str) -> dict | None:
        """The latest full 200 response of a URL: what a conditional request revalidates."""
        ...

    def last_resource(self, url: str, uri_scheme: str) -> dict | None:
        """The latest browser resource record of a page with this URI scheme."""
        ...

    def recheck_urls(self, source: str, cadence: RecheckCadence | None = None) -> list[str]:
        """A source's known documents due for a re-fetch (all when `cadence` is None)."""
        ...

    def archived_urls(self, source: str) -> list[str]:
        """Every URL a source's runs fetched with a 2xx answer, as linked."""
        ...


class LinkLedger(Protocol):
    """The canonical URLs a source's spider has asked for in this run: its "have I
    asked for this URL yet" rule. Kept by the spider's process in one (`LocalLinks`),
    shared by every worker of a job in Redis (`SharedLinks`)."""

    def first_time(self, canonical: str) -> bool:
        """True the first time a URL is asked about (it then counts as asked for)."""
        ...

    def forget(self, canonical: str) -> None:
        """The URL counts as not asked for again (it may be asked for once more)."""
        ...

    def asked(self, canonicals: Iterable[str]) -> set[str]:
        """Those of `canonicals` already asked for."""
        ...


class LocalLinks:
    """A LinkLedger in this process's memory."""

    def __init__(self) -> None:
        self.urls: set[str] = set()

    def first_time(self, canonical: str) -> bool:
        if canonical in self.urls:
            return False
        self.urls.add(canonical)
        return True

    def forget(self, canonical: str) -> None:
        self.urls.discard(canonical)

    def asked(self, canonicals: Iterable[str]) -> set[str]:
        return self.urls.intersection(canonicals)


class Session(Protocol):
    """What a spider, the middlewares, the pipelines and the run bookkeeping use of one
    source's run, reached as `spider.session`. Read-only members: a caller changes
    the counters' fields, never which objects the session holds."""

    @property
    def source(self) -> Source:
        """The configured source this run crawls."""
        ...

    @property
    def store(self) -> SessionStore:
        """The store: lookups of earlier runs, and where captures and errors go."""
        ...

    @property
    def warcs(self) -> WarcWriter:
        """This process's WARC writer for the run."""
        ...

    @property
    def run_id(self) -> int:
        """The run's `crawl_runs` id."""
        ...

    @property
    def data_dir(self) -> Path:
        """The data folder (warcs/, the store, caches)."""
        ...

    @property
    def counters(self) -> Counters:
        """What the run counts; the fields are added to by the middlewares and pipelines."""
        ...

    @property
    def status(self) -> str:
        """'running' until `finish`, then the status it was given."""
        ...

    @property
    def links(self) -> LinkLedger:
        """The URLs the source's spider asked for in this run (in a worker: in the job)."""
        ...

    @property
    def starts_crawl(self) -> bool:
        """Whether the spider asks for the start URLs and due documents itself (False in a
        worker: the coordinator queued them)."""
        ...

    def recheck_urls(self, cadence: RecheckCadence | None) -> list[str]:
        """Known documents due for a re-fetch (all of them when `cadence` is None)."""
        ...

    def finish(self, status: str, requests: int, reason: str | None = None) -> None:
        """The spider closed: close the WARC files (and, where the run is recorded,
        its row)."""
        ...


@dataclass
class CrawlSession:
    """A Session whose process writes the store: a crawl in one process, or the
    coordinator of a distributed crawl (whose spiders only list the start requests)."""

    source: Source
    store: Store
    warcs: WarcWriter
    run_id: int
    data_dir: Path
    counters: Counters = field(default_factory=Counters)
    status: str = "running"
    requests: int = 0
    links: LocalLinks = field(default_factory=LocalLinks)
    starts_crawl: bool = True
    _lock: int | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # Held while this process lives: a later crawl can tell the run was abandoned.
        self._lock = runlock.hold(self.data_dir, self.run_id)

    @classmethod
    def begin(
        cls, data_dir: Path, source: Source, crawl: CrawlSettings, channels: tuple = (),
        baseline: bool = False,
    ) -> CrawlSession:
        """`baseline`: when the store knows none of the source's documents yet, this run
        queues no notification (what a first crawl finds is the baseline, not news)."""
        store = Store.open(data_dir, channels)
        if baseline and store.channels and not store.document_urls(source.name):
            store.channels = ()
            logger.info("%s: first crawl, a silent baseline: no watcher is told of what it"
                        " finds", source.name)
        # File names come from a sanitised source name, never from URLs.
        prefix = "civcas-" + re.sub(r"[^a-z0-9-]+", "-", source.name.lower()).strip("-")
        warcs = WarcWriter(
            Path(data_dir) / "warcs",
            prefix=prefix,
            info={
                "operator": crawl.contact_url,
                "http-header-user-agent": crawl.user_agent,
                "robots": "obey" if crawl.obey_robots else "ignore",
                "description": f"civcas crawl of source {source.name}",
            },
        )
        return cls(source, store, warcs, store.start_run(source.name), Path(data_dir))

    def recheck_urls(self, cadence: RecheckCadence | None) -> list[str]:
        """Known documents due for a re-fetch (all of them when `cadence` is None)."""
        return self.store.recheck_urls(self.source.name, cadence)

    def recheck_plan(self, cadence: RecheckCadence | None) -> tuple[list[str], list[str]]:
        """(known documents due for a re-fetch, those not due), from one look at the
        store. The second are left alone even where a listing links them; there are
        none when `cadence` is None or does not decide for linked documents."""
        if cadence is None or not cadence.linked:
            return self.recheck_urls(cadence), []
        return self.store.recheck_plan(self.source.name, cadence)

    def finish(self, status: str, requests: int, reason: str | None = None) -> None:
        """Record the run's row (status, counters), close the WARC files, index them."""
        self.status, self.requests = status, requests
        c = self.counters
        row = dict(
            close_reason=reason,
            requests=requests,
            responses=c.responses,
            new_documents=c.new_documents,
            changed_documents=c.changed_documents,
            errors=c.errors,
            documents_seen=c.documents_seen,
            documents_resting=c.documents_resting,
            parsed_pages=c.parsed_pages,
            parse_failures=c.parse_failures,
            parse_mismatches=c.parse_mismatches,
        )
        try:
            self.store.finish_run(self.run_id, status, **row)
        except Exception as exc:
            if disk_full_message(exc) is None:
                raise
            self._finish_on_a_full_disk(status, row)
        self.warcs.close()
        runlock.release(self.data_dir, self.run_id, self._lock)
        self._lock = None
        try:
            self._index_warcs()
        except Exception as exc:
            if disk_full_message(exc) is None:
                raise
            logger.warning("no CDXJ index written for run %s: no space left", self.run_id)
        self.store.close()

    def _finish_on_a_full_disk(self, status: str, row: dict) -> None:
        # The write-ahead log holds pages already committed: folding them into the
        # database and truncating the log makes room for this one row.
        try:
            self.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.store.finish_run(self.run_id, status, **row)
        except Exception as exc:
            if disk_full_message(exc) is None:
                raise
            logger.error("run %s could not be marked %s: no space left for its row; it stays"
                         " 'running', as after a kill", self.run_id, status)

    def _index_warcs(self) -> None:
        """A CDXJ index beside each WARC file this run wrote (DATA/indexes/)."""
        for warc_file in self.store.warc_files_of_run(self.run_id):
            write_index(self.data_dir / "warcs", warc_file, self.data_dir / "indexes")
