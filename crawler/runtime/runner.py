"""Run crawls of one or more sources in this process (Scrapy's reactor runs once per
process: callers that crawl again start a new process)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.config import Config, Source
from crawler.runtime.session import CrawlSession
from crawler.runtime.settings import build_settings

logger = logging.getLogger("civcas.crawl")


@dataclass(frozen=True)
class RunSummary:
    source: str
    run_id: int
    status: str
    requests: int
    responses: int
    new: int
    changed: int
    removed: int
    errors: int
    mismatches: int = 0  # parsed versions whose checks do not reconcile (parse_checks)


class _StderrFilter(logging.Filter):
    """Our own warnings (one line per bad page) and anyone's errors reach the terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or (
            record.name.startswith("civcas") and record.levelno >= logging.WARNING
        )


class _LogFileHandler(logging.FileHandler):
    """The crawl's log file. When it cannot be written (a full disk), say so once on
    stderr and stop writing to it, instead of a traceback per log line: the crawl's
    own error handling reports what matters."""

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        sys.stderr.write(f"civcas: cannot write the log file {self.baseFilename} ({error});"
                         " logging to it stops\n")
        self.setLevel(logging.CRITICAL + 1)


def _check_data_folder(data_dir: Path) -> None:
    """Before anything is written: the store file is a civcas store (or absent) and the
    folder can be written (not read-only media), else one clear error."""
    from archive.storefile import StoreFileError, check_store_file

    check_store_file(data_dir / "civcas.db")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=data_dir).close()
    except OSError as exc:
        raise StoreFileError(
            f"cannot write the data folder {data_dir}: {exc.strerror} (`verify`, `serve`,"
            " `export` and `changes` read it as it is)") from None


def _close_abandoned_runs(data_dir: Path) -> None:
    """Runs a killed crawl left `running` are closed as killed, not left forever."""
    from archive import runlock
    from archive.store import Store

    store = Store.open(data_dir)
    try:
        runlock.close_abandoned_runs(store, data_dir)
    finally:
        store.close()


def _configure_logging(log_file: Path) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    to_file = _LogFileHandler(log_file, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.addFilter(_StderrFilter())
    to_stderr.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(to_file)
    root.addHandler(to_stderr)


def _keep_tldextract_offline() -> None:
    """Scrapy's cookie middleware splits domains with a module-level tldextract instance
    that downloads the Public Suffix List on first use. A crawler must not reach hosts
    it was not asked to: swap in one that uses the snapshot shipped with tldextract."""
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    if hasattr(cookies, "_split_domain"):
        cookies._split_domain = TLDExtract(
            suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
        )


def _keep_caches_in(data_dir: Path) -> None:
    # Scrapy's cookie handling builds a tldextract instance at import; its cache (and
    # any other library cache) goes into the data folder, not the user's home.
    cache = data_dir / ".cache"
    os.environ.setdefault("TLDEXTRACT_CACHE", str(cache / "tldextract"))
    os.environ.setdefault("XDG_CACHE_HOME", str(cache))


def crawl_sources(
    config: Config,
    sources: list[Source],
    data_dir: Path,
    *,
    mirrors: dict[str, str],
    max_pages: int | None = None,
    delay: float | None = None,
    progress: bool = False,
    recheck_all: bool = False,
) -> list[RunSummary]:
    """Crawl `sources` in this process and return a summary per source.

    Known documents are re-fetched when due under the config's recheck cadence, or all
    of them with `recheck_all`. SIGTERM or Ctrl-C stops the crawl gracefully (Scrapy
    lets requests in flight finish, the WARC is closed, the run marked `partial`); a
    second signal stops the reactor at once, between records, and the run is still
    closed and marked here.
    """
    data_dir = Path(data_dir)
    _check_data_folder(data_dir)
    _keep_caches_in(data_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_file = data_dir / "logs" / f"crawl-{stamp}.log"
    _configure_logging(log_file)

    from scrapy.crawler import CrawlerProcess

    from crawler.runtime.runlog import run_status

    _keep_tldextract_offline()
    settings = build_settings(
        config.crawl,
        mirrors=mirrors,
        max_pages=max_pages,
        delay=delay,
        progress=progress,
    )
    process = CrawlerProcess(settings)
    early_stop = _note_early_signals()
    cadence = None if recheck_all else config.recheck
    _close_abandoned_runs(data_dir)
    sessions = []
    for source in sources:
        session = CrawlSession.begin(data_dir, source, config.crawl, config.channels,
                                     baseline=config.notify.baseline)
        sessions.append(session)
        # By name through SPIDER_MODULES, so crawler/ never imports spiders/.
        due, resting = session.recheck_plan(cadence)
        process.crawl(
            source.spider, source=source, session=session, recheck_urls=due, resting_urls=resting,
            recheck_all=recheck_all, recheck_unlinked=config.recheck.unlinked,
        )
    _stop_when_running_if(early_stop, process)
    process.start()
    if early_stop:
        logger.info("stop requested while the crawl was starting: stopped gracefully")

    summaries = []
    for s in sessions:
        if s.status == "running":  # the spider never closed (a forced stop)
            s.finish(
                run_status("killed", s.counters), requests=_requests_of(process, s), reason="killed"
            )
        c = s.counters
        summaries.append(
            RunSummary(
                s.source.name, s.run_id, s.status, s.requests, c.responses,
                c.new_documents, c.changed_documents, c.removed_documents, c.errors,
                c.parse_mismatches,
            )
        )
    rebuild_events_after_crawl(data_dir)
    return summaries


def rebuild_events_after_crawl(data_dir: Path) -> None:
    """New rows may belong to events: regroup them. A failure here is logged, never a
    failed crawl (the pages are archived and parsed; `civcas link` rebuilds again)."""
    from crawler.research.events import rebuild_store_events

    try:
        logger.info("events rebuilt: %d", rebuild_store_events(data_dir))
    except Exception:  # noqa: BLE001 - the crawl's own result stands
        logger.exception("events could not be rebuilt after the crawl")


def _note_early_signals() -> list[int]:
    """Scrapy installs its SIGTERM/SIGINT handlers only once the reactor runs, but run rows
    exist from `CrawlSession.begin`: a signal in between would kill the process and leave
    those runs `killed`. Until Scrapy's handlers take over, only note the signal."""
    noted: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, _frame: noted.append(signum))
    return noted


def _stop_when_running_if(noted: list[int], process) -> None:
    """If signals were noted before Scrapy's handlers took over, act on them as Scrapy's
    own handlers would, once every crawl's engine has started (earlier, a crawler not
    yet crawling ignores a stop; from inside `engine_started` Scrapy waits forever, so
    one reactor turn later): one signal is the graceful stop (`shutdown`, and the next
    signal forces), two are the forced stop (runs marked `killed`)."""
    from scrapy import signals
    from twisted.internet import reactor

    waiting = [len(process.crawlers)]

    def act():
        if len(noted) >= 2:
            process._signal_kill(noted[-1], None)
        elif noted:
            process._signal_shutdown(noted[0], None)

    def engine_started(**_):
        waiting[0] -= 1
        if waiting[0] == 0 and noted:
            reactor.callLater(0, act)

    for crawler in process.crawlers:
        crawler.signals.connect(engine_started, signal=signals.engine_started, weak=False)


def _requests_of(process, session: CrawlSession) -> int:
    for crawler in process.crawlers:
        spider = getattr(crawler, "spider", None)
        if spider is not None and getattr(spider, "session", None) is session:
            return crawler.stats.get_value("downloader/request_count", 0)
    return 0
