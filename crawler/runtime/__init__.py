"""The Scrapy runtime of a crawl: settings, the runner, one source's session, run
bookkeeping, the wire heads, the browser renderer and the extensions (gc, full disk)."""
