"""One source's crawl run: its store connection, WARC writer and counters."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from archive.cdxj import write_index
from archive.recheck import RecheckCadence
from archive.store import Store
from archive.warc import WarcWriter

from archive import runlock
from crawler.config import CrawlSettings, Source
from crawler.runtime.diskfull import disk_full_message

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


@dataclass
class CrawlSession:
    source: Source
    store: Store
    warcs: WarcWriter
    run_id: int
    data_dir: Path
    counters: Counters = field(default_factory=Counters)
    status: str = "running"
    requests: int = 0
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
