"""What a page says: its text (pagetext, extract), the worker processes that extract it
(pool, worker), its kind (kinds), the parsers' rows checked against its own figures
(checks), one document read without a crawl (parse_one) and feed entries (feeds)."""
