"""Run bookkeeping: each source's run status and counters, and a live progress line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy import signals
from twisted.internet import task

from crawler.runtime.diskfull import REASON as DISK_FULL

if TYPE_CHECKING:
    from crawler.runtime.session import Counters, Session

_OK_REASONS = ("finished",)
# Scrapy's close reason after SIGTERM/Ctrl-C, and ours after a second signal.
STOPPED_REASONS = ("shutdown", "killed")
PROGRESS_EVERY = 5.0  # seconds


def run_status(reason: str, counters: Counters) -> str:
    """'failed' when nothing useful came back, 'partial' when something went wrong or
    the crawl was cut short (a signal that stopped it early is not a failure), 'ok'
    otherwise."""
    if reason == DISK_FULL:
        return "failed"  # stopped by the machine, not by choice: the run did not finish
    if reason in STOPPED_REASONS:
        return "partial"
    if counters.ok_responses == 0:
        return "failed"
    if counters.errors or reason not in _OK_REASONS:
        return "partial"
    return "ok"


class RunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.progress = crawler.settings.getbool("CIVCAS_PROGRESS")
        self._loop = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        if self.progress:
            # Several sources crawl at once, so each prints whole lines of its own
            # every few seconds rather than redrawing one shared line.
            self._loop = task.LoopingCall(self.show_progress, spider, "crawling")
            self._loop.start(PROGRESS_EVERY, now=False)

    def show_progress(self, spider, state):
        session: Session = spider.session
        c = session.counters
        sys.stderr.write(
            f"{spider.name}: {state}, {c.responses} responses, {c.new_documents} new,"
            f" {c.changed_documents} changed, {c.errors} errors\n"
        )
        sys.stderr.flush()

    def closed(self, spider, reason):
        if self._loop is not None and self._loop.running:
            self._loop.stop()
            self.show_progress(spider, f"done ({reason})")
        stats = self.crawler.stats
        if reason == "finished" and stats.get_value("civcas/max_pages_reached"):
            reason = "max_pages"  # cut short by --max-pages: the run is partial
        session: Session = spider.session
        status = run_status(reason, session.counters)
        session.finish(
            status, requests=stats.get_value("downloader/request_count", 0), reason=reason
        )
