"""Run a backfill: one source's history from a web archive, in one Scrapy process.

The same machinery as a live crawl (settings, WARC capture middleware, mirrors, the store
pipeline and its table parsers); only the spider (`spiders/backfill.py`) and the way a
version is dated differ. See docs/backfill.md.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from archive.history import mark_done, mark_failed, unfinished
from archive.store import Store
from archive.urls import origin_of
from archive.warc import WarcWriter
from crawler.backfill.listing import (
    Archive,
    cdx_query_url,
    date_range,
    targets,
    timemap_url,
)
from crawler.config import Config, Source
from crawler.runtime.session import CrawlSession
from crawler.runtime.settings import build_settings

# Web archives are shared, volunteer-funded services: one request at a time, and a few
# seconds between them unless --delay says otherwise.
DEFAULT_DELAY = 4.0


class BackfillProgress:
    """Counts and one line on stderr per listing and per capture."""

    def __init__(self, source: str, store_of, out=None):
        self.source = source
        self._store_of = store_of  # the session's store, once the run has begun
        self.out = out or sys.stderr
        self.listed_rows = self.chosen = self.added = 0
        self.scheduled = self.done = self.failures = 0
        self.outcomes: dict[str, int] = {}

    def _say(self, line: str) -> None:
        self.out.write(f"{self.source}: {line}\n")
        self.out.flush()

    def listed(self, rows: int, chosen: int, added: int) -> None:
        self.listed_rows += rows
        self.chosen += chosen
        self.added += added
        self._say(f"archive lists {rows} captures; {chosen} kept (one per page and content),"
                  f" {added} not seen by an earlier backfill")

    def finished(self, row: dict, outcome: str, capture_id, version_id) -> None:
        mark_done(self._store_of(), row["id"], outcome=outcome, capture_id=capture_id,
                  version_id=version_id)
        self.done += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        self._say(f"[{self.done + self.failures}/{self.scheduled}] {row['archived_at']}"
                  f" {row['url']}: {outcome}")

    def failed(self, row: dict, reason: str, final: bool = False) -> None:
        mark_failed(self._store_of(), row["id"], reason, final=final)
        self.failures += 1
        self._say(f"[{self.done + self.failures}/{self.scheduled}] {row['archived_at']}"
                  f" {row['url']}: failed ({reason})")


@dataclass
class BackfillPlan:
    """What one backfill asks for: the archive, the listing queries, the date range."""

    source: Source
    archive: Archive
    start: date
    end: date
    max_captures: int | None = None
    progress: BackfillProgress | None = None
    lo: str = field(init=False)
    hi: str = field(init=False)
    start_iso: str = field(init=False)
    end_iso: str = field(init=False)

    def __post_init__(self):
        self.lo, self.hi, self.start_iso, self.end_iso = date_range(self.start, self.end)

    def listing_urls(self) -> list[str]:
        if self.archive.kind == "cdx":
            return [cdx_query_url(self.archive, t, self.lo, self.hi) for t in targets(self.source)]
        return [timemap_url(self.archive, t) for t in targets(self.source)]

    @staticmethod
    def next_cdx_page(url: str, resume_key: str) -> str:
        parts = urlsplit(url)
        params = [(k, v) for k, v in parse_qsl(parts.query) if k != "resumeKey"]
        params.append(("resumeKey", resume_key))
        return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass(frozen=True)
class BackfillSummary:
    source: str
    archive: str
    run_id: int
    status: str
    listed: int
    kept: int
    fetched: int
    outcomes: dict
    failed: int
    errors: int
    left: int  # captures still to fetch (stopped by --max-captures, or failed)


def begin_session(data_dir: Path, source: Source, config: Config, archive: Archive) -> CrawlSession:
    """A run of its own, with WARC files named after the backfill (civcas-backfill-SOURCE-*)."""
    store = Store.open(data_dir, config.channels)
    prefix = "civcas-backfill-" + re.sub(r"[^a-z0-9-]+", "-", source.name.lower()).strip("-")
    warcs = WarcWriter(
        Path(data_dir) / "warcs",
        prefix=prefix,
        info={
            "operator": config.crawl.contact_url,
            "http-header-user-agent": config.crawl.user_agent,
            "robots": "obey" if config.crawl.obey_robots else "ignore",
            "description": f"civcas backfill of source {source.name} from {archive.name}"
                           " (third-party captures, fetched raw)",
        },
    )
    run_id = store.start_run(source.name, archive=archive.name)
    return CrawlSession(source, store, warcs, run_id, Path(data_dir))


def run_backfill(
    config: Config,
    source: Source,
    data_dir: Path,
    *,
    archive: Archive,
    start: date,
    end: date,
    mirrors: dict[str, str],
    delay: float | None = None,
    max_captures: int | None = None,
) -> BackfillSummary:
    from crawler.runtime.runner import _configure_logging, _keep_caches_in, _keep_tldextract_offline

    data_dir = Path(data_dir)
    _keep_caches_in(data_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    _configure_logging(data_dir / "logs" / f"backfill-{stamp}.log")

    from scrapy.crawler import CrawlerProcess

    _keep_tldextract_offline()
    settings = build_settings(
        config.crawl, mirrors=mirrors, max_pages=None,
        delay=DEFAULT_DELAY if delay is None else delay, progress=False,
    )
    settings["ITEM_PIPELINES"] = {"crawler.pipelines.backfill.BackfillPipeline": 300}
    # The archive the user named may be on this machine or network (a local pywb).
    settings["CIVCAS_TRUSTED_ORIGINS"] = [origin_of(archive.base)]
    session = begin_session(data_dir, source, config, archive)
    progress = BackfillProgress(source.name, lambda: session.store)
    plan = BackfillPlan(source, archive, start, end, max_captures, progress)
    process = CrawlerProcess(settings)
    process.crawl("backfill", source=source, session=session, plan=plan)
    process.start()

    if session.status == "running":  # the spider never closed normally
        session.finish("failed", requests=0)
    store = Store.open(data_dir)
    try:
        left = len(unfinished(store, source.name, archive.name, plan.start_iso, plan.end_iso))
    finally:
        store.close()
    return BackfillSummary(
        source.name, archive.name, session.run_id, session.status, progress.listed_rows,
        progress.chosen, progress.done, dict(progress.outcomes), progress.failures,
        session.counters.errors, left,
    )


def summary_text(s: BackfillSummary) -> str:
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(s.outcomes.items())) or "none"
    return (
        f"backfill of {s.source} from {s.archive} (run {s.run_id}): {s.status}\n"
        f"  listed {s.listed} captures, kept {s.kept}; fetched {s.fetched} ({outcomes});"
        f" {s.failed} failed, {s.errors} errors; {s.left} left for the next backfill"
    )
