"""robots.txt is obeyed by every request that waited for it, not only by the first.

Scrapy's own middleware hands the parsed rules to the first request waiting for a host's
robots.txt and None ("allow everything") to the others (crawler/middlewares/robots.py).
Here several requests for one host, disallowed ones among them, reach the downloader
together, as they do in a distributed worker that starts on a full queue."""

from __future__ import annotations

from support.commands import civcas, query

from support.replicas import ReplicaServer

SNHR = "https://snhr.org"
DISALLOWED = ["/blog/2000/01/01/private-draft/", "/wp-admin/", "/blog/2000/02/02/another/",
              "/wp-admin/options.php"]
CONFIG = """
[sources.snhr-at-once]
kind = "monitor_post"
start_urls = [%s]
allowed_domains = ["snhr.org"]
documents = ['^/blog/\\d{4}/\\d{2}/\\d{2}/[^/]+/?$']
schedule = "0 8 * * *"
"""


def test_every_request_waiting_for_robots_txt_obeys_it(tmp_path):
    starts = ["/blog/category/reports/", *DISALLOWED]
    config = tmp_path / "at-once.toml"
    config.write_text(CONFIG % ", ".join(f'"{SNHR}{p}"' for p in starts))
    data = tmp_path / "data"
    with ReplicaServer() as server:
        done = civcas("crawl", "snhr-at-once", "--config", str(config), "--delay", "0",
                      "--data-dir", str(data), f"--mirror={SNHR}={server.mirrors()[SNHR]}")
        asked = [path.split("?")[0] for _, path, _ in server.requests]
    assert done.returncode in (0, 1), done.stderr
    # robots.txt was asked for, the allowed start page fetched, no disallowed one
    assert any(p.endswith("snhr.org/robots.txt") for p in asked), asked
    assert any(p.endswith("snhr.org/blog/category/reports/") for p in asked), asked
    fetched = [p for p in asked if any(p.endswith("snhr.org" + d) for d in DISALLOWED)]
    assert fetched == [], fetched
    archived = {u for (u,) in query(data, "SELECT url FROM captures")}
    assert not archived & {SNHR + d for d in DISALLOWED}
