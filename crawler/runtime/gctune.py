"""Python's cycle collector, tuned for a crawl (a Scrapy extension).

A crawl process holds a large, long-lived heap from the moment it starts (Scrapy,
Twisted, lxml, trafilatura and their modules: hundreds of thousands of objects), and
every full collection walked all of it again: about a fifth of a crawl's CPU went to the
collector (docs/performance.md, section 1). When the engine starts, what exists is
collected once and frozen (`gc.freeze`: never scanned again, still freed when its last
reference goes), and collections are made less frequent. Objects a crawl creates are
collected as before, only in larger batches. `CIVCAS_GC_TUNING = False` leaves the
collector as Python sets it.
"""

from __future__ import annotations

import gc
import logging

from scrapy import signals

logger = logging.getLogger("civcas.gc")

# Generation thresholds (Python's defaults: 700, 10, 10).
THRESHOLDS = (7000, 20, 20)
_done = False  # once per process: several sources' crawlers share one heap


class GcTuning:
    def __init__(self, crawler):
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("CIVCAS_GC_TUNING", True):
            raise NotConfigured
        return cls(crawler)

    def engine_started(self):
        global _done
        if _done:
            return
        _done = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        logger.info("cycle collector: %d start-up objects frozen, thresholds %s",
                    gc.get_freeze_count(), THRESHOLDS)
