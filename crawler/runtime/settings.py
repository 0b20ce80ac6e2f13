"""Scrapy settings for civcas. Wiring is data: each component with its priority and why.

`build_settings` adds what depends on the configuration and the command line; the
module-level values are the defaults the `scrapy` tool also sees through scrapy.cfg.
"""

from __future__ import annotations

from archive.decoding import ACCEPT_ENCODING
from crawler.config import CrawlSettings

BOT_NAME = "civcas"
SPIDER_MODULES = ["spiders"]
# `scrapy crawl` runs a civcas crawl (the spiders need its session).
COMMANDS_MODULE = "crawler.scrapy_commands"

# Politeness: robots.txt obeyed, one request at a time per host, a delay, AutoThrottle.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0

# Nothing listens or caches behind the user's back.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = True

# Failures are recorded, not fatal: a short body is archived and marked (dataloss flag)
# instead of being thrown away; 5xx are retried twice, every attempt archived.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_FAIL_ON_DATALOSS = False
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10

# Scrapy's own headers, and an Accept-Encoding naming exactly the codings civcas's
# bounded decoder reads (archive/decoding.py), so no page comes back undecodable.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": ACCEPT_ENCODING,
}

# Redirect hops are never dropped as duplicates, so loops are seen and named.
DUPEFILTER_CLASS = "crawler.runtime.dupefilter.RedirectAwareDupeFilter"

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt middleware in its place (100), except that every request that
    # waited for a host's robots.txt gets its rules (see crawler/middlewares/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # Above HttpCompressionMiddleware (590), RedirectMiddleware (600) and
    # CookiesMiddleware (700): sees requests with every header set and responses
    # exactly as they came over the wire.
    "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # Just below the capture: adds If-None-Match / If-Modified-Since from the archived
    # copy (so they are archived with the request) and turns a 304 back into that copy.
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 940,
    # Below HttpCompressionMiddleware (590): renders decoded HTML of render = "browser"
    # sources in chromium and archives the DOM and a screenshot as resource records.
    "crawler.middlewares.browser_render.BrowserRenderMiddleware": 580,
    # Just above RetryMiddleware (550): a 429/503 with Retry-After waits as asked (up to
    # [crawl] max_retry_after) before its retry, instead of being retried at once.
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Just above RedirectMiddleware (600): turns a redirect loop into an error row.
    "crawler.middlewares.redirect_loop.RedirectLoopMiddleware": 610,
}

DOWNLOAD_HANDLERS = {
    # Sends requests to their --mirror, if any, and stops at --max-pages; otherwise a
    # plain HTTP/1.1 download.
    "http": "crawler.middlewares.mirror.MirrorDownloadHandler",
    "https": "crawler.middlewares.mirror.MirrorDownloadHandler",
    # Only http(s) is fetched: a link to file:, data:, ftp: or s3: is a `refused` row.
    "file": "crawler.middlewares.mirror.RefusingDownloadHandler",
    "data": "crawler.middlewares.mirror.RefusingDownloadHandler",
    "ftp": "crawler.middlewares.mirror.RefusingDownloadHandler",
    "s3": "crawler.middlewares.mirror.RefusingDownloadHandler",
}

ITEM_PIPELINES = {
    "crawler.pipelines.store.StorePipeline": 300,
}

EXTENSIONS = {
    # Records each run's status and counters; prints progress on a terminal.
    "crawler.runtime.runlog.RunRecorder": 500,
    # Freezes the start-up heap and spaces out collections (crawler/runtime/gctune.py).
    "crawler.runtime.gctune.GcTuning": 510,
}

LOG_LEVEL = "INFO"
# civcas installs its own handlers: a log file per crawl, warnings on stderr.
LOG_INSTALL_ROOT_HANDLER = False


def _user_agent(crawl: CrawlSettings) -> str:
    """The configured User-Agent, with the contact URL added when it lacks one, so a
    site's operator can always find out who is crawling and how to reach them."""
    if crawl.contact_url and crawl.contact_url not in crawl.user_agent:
        return f"{crawl.user_agent} (+{crawl.contact_url})"
    return crawl.user_agent


def build_settings(
    crawl: CrawlSettings,
    *,
    mirrors: dict[str, str],
    max_pages: int | None,
    delay: float | None,
    progress: bool,
) -> dict:
    """The full settings of one crawl process."""
    settings = {k: v for k, v in globals().items() if k.isupper()}
    effective_delay = crawl.delay if delay is None else delay
    settings.update(
        USER_AGENT=_user_agent(crawl),
        ROBOTSTXT_OBEY=crawl.obey_robots,
        DOWNLOAD_DELAY=effective_delay,
        AUTOTHROTTLE_START_DELAY=max(effective_delay, 0.1),
        # AutoThrottle never goes below DOWNLOAD_DELAY; with --delay 0 (a local replica)
        # it would still slow the crawl down, so it is only on for real delays.
        AUTOTHROTTLE_ENABLED=effective_delay > 0,
        DOWNLOAD_TIMEOUT=crawl.timeout,
        DOWNLOAD_MAXSIZE=crawl.max_body_bytes,
        CIVCAS_MAX_RETRY_AFTER=crawl.max_retry_after,
        DOWNLOAD_WARNSIZE=0,
        CIVCAS_MAX_PAGES=max_pages or 0,
        CIVCAS_MIRRORS=mirrors,
        CIVCAS_PROGRESS=progress,
        # Text extraction in worker processes (crawler/pipelines/store.py); None: cores - 1.
        CIVCAS_EXTRACT_WORKERS=crawl.extract_workers,
        CIVCAS_EXTRACT_TIMEOUT=crawl.extract_timeout,
        CIVCAS_EXTRACT_MAX_HTML_BYTES=crawl.extract_max_html_bytes,
    )
    return settings
