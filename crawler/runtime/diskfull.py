"""A full disk stops the crawl: one clear line, the run marked `failed` (`disk_full`).

Writing on would only fail page after page, and an error row cannot be stored anyway.
What is already archived stays whole: the WARC writer cuts a file back to its last
whole record when a write fails (archive/warc.py), and SQLite rolls back the
transaction that could not be written.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3

from scrapy.exceptions import CloseSpider

REASON = "disk_full"
_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
# SQLite says SQLITE_FULL when the disk is full and SQLITE_IOERR_WRITE when a write is
# refused (a file-size limit, a quota): both mean the store cannot grow.
_SQLITE_CODES = {"SQLITE_FULL", "SQLITE_IOERR_WRITE"}
logger = logging.getLogger("civcas.disk")
_said = False  # the one log line of a full disk was written (one per process)


def disk_full_message(exc: BaseException) -> str | None:
    """One sentence when `exc` is the disk refusing a write, else None."""
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        what = exc.filename or "the archive"
        return f"disk full: cannot write {what} ({os.strerror(exc.errno)})"
    if isinstance(exc, sqlite3.OperationalError) and (
        getattr(exc, "sqlite_errorname", "") in _SQLITE_CODES or "disk is full" in str(exc)
    ):
        return f"disk full: cannot write the store ({exc})"
    return None


def stop_for(spider, message: str) -> None:
    """Stop `spider`'s crawl for a full disk, saying so once in the whole process."""
    global _said
    if not _said:
        _said = True
        logger.error("%s; the crawl stops (what is archived is kept)", message)
    engine = spider.crawler.engine
    if engine is not None and engine.running and not getattr(spider, "_civcas_disk_full", False):
        spider._civcas_disk_full = True
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=REASON))


def raise_stop(spider, message: str) -> None:
    """From a spider callback or errback: stop the crawl through Scrapy's CloseSpider."""
    stop_for(spider, message)
    raise CloseSpider(REASON)

