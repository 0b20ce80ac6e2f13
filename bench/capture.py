"""What WARC capture costs in crawl throughput (a benchmark, not a test).

    .venv/bin/python bench/capture.py [--pages 3000] [--repeat 5] [--no-pin]

Serves N small HTML pages from its own threaded HTTP server on 127.0.0.1 (a root page
linking listing pages of 100 links each; every page also links its next five
neighbours), then crawls them all, each crawl in its own process (Scrapy's reactor runs
once per process), in three ways:

  bare     a plain Scrapy spider following every link: no store, no WARC, none of
           civcas's components; civcas's other settings (robots.txt obeyed, no delay,
           same user agent and timeouts) so only the civcas machinery differs
  nocap    civcas's own crawl (build_settings, SiteSpider, CrawlSession, the mirror
           download handler, run bookkeeping) with the WARC capture middleware removed
  civcas   the same with capture on: every exchange written as request + response
           records (gzip level 6, flushed) and a `captures` row inserted into SQLite

Every mode keeps --concurrency requests in flight (default 8). civcas's own politeness
setting, one request at a time per domain, makes a crawl of one local host wait on
Scrapy's per-request turnaround (about 14 pages/s here, whatever the capture does), which
would hide the capture's CPU cost; `--concurrency 1` shows that case.

No page matches a `documents` pattern, so no text extraction runs: the difference
between the modes is the crawl machinery and the capture, nothing else.

Throughput is measured on the server side, from the first page request to the last
(robots.txt excluded), so process start-up is not counted; wall time is printed too.

Crawls this short move by 10-20% from one to the next on a small machine, so a round
crawls once per mode, rounds alternate the order of the modes (ABBA: a drift favours
neither), the verdict uses the medians of 5 rounds, and each round's civcas/nocap ratio
is printed beside them. With two or more cores the bench server keeps one core and every
crawl runs on another (`--no-pin`: both float), so the modes do not differ in where the
scheduler happened to put the server's threads.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ORIGIN = "http://bench.civcas.test"
PER_LISTING = 100

# -- the site ------------------------------------------------------------------------------


def _page(i: int, n: int) -> bytes:
    links = "".join(f'<li><a href="/p/{(i + k) % n}.html">page {(i + k) % n}</a></li>'
                    for k in range(1, 6))
    text = " ".join(f"Paragraph {j} of page {i}: the quick brown fox reports an air strike."
                    for j in range(12))
    return (f"<!doctype html><html><head><meta charset=utf-8><title>Page {i}</title></head>"
            f"<body><h1>Page {i}</h1><p>{text}</p><ul>{links}</ul>"
            f'<a href="/list/{i // PER_LISTING}">back</a></body></html>').encode()


def _listing(k: int, n: int) -> bytes:
    items = "".join(f'<li><a href="/p/{i}.html">page {i}</a></li>'
                    for i in range(k * PER_LISTING, min(n, (k + 1) * PER_LISTING)))
    return f"<!doctype html><html><head><title>List {k}</title></head><body><ul>{items}</ul></body></html>".encode()


class BenchSite:
    """N pages plus their listings; records the time of every page request."""

    def __init__(self, pages: int):
        self.pages = pages
        self.hits: list[float] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def do_GET(self):
                status, body = site.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200
                                 else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str) -> tuple[int, bytes]:
        n = self.pages
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n"
        self.hits.append(time.perf_counter())
        if path == "/":
            lists = "".join(f'<a href="/list/{k}">list {k}</a> '
                            for k in range((n + PER_LISTING - 1) // PER_LISTING))
            return 200, f"<html><body>{lists}</body></html>".encode()
        if path.startswith("/list/") and path[6:].isdigit() and int(path[6:]) * PER_LISTING < n:
            return 200, _listing(int(path[6:]), n)
        if path.startswith("/p/") and path.endswith(".html") and path[3:-5].isdigit() \
                and int(path[3:-5]) < n:
            return 200, _page(int(path[3:-5]), n)
        return 404, b"not found"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# -- the crawls (each run in a child process) -----------------------------------------------


def crawl_settings(base: str, data_dir: Path, concurrency: int):
    """civcas's crawl settings for the bench site served at `base` (no delay, no limit)."""
    os.environ.setdefault("TLDEXTRACT_CACHE", str(data_dir / ".cache"))
    from crawler.config import load_config
    from crawler.runtime.settings import build_settings

    settings = build_settings(load_config().crawl, mirrors={ORIGIN: base},
                              max_pages=None, delay=0.0, progress=False)
    settings.update(LOG_LEVEL="WARNING", LOG_INSTALL_ROOT_HANDLER=True,
                    CONCURRENT_REQUESTS_PER_DOMAIN=concurrency)
    return settings


def crawl_bare(settings, base: str) -> None:
    """A plain Scrapy spider following every link: none of civcas's components."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            yield scrapy.Request(base + "/")

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)

    for key in ("DOWNLOADER_MIDDLEWARES", "DOWNLOAD_HANDLERS", "ITEM_PIPELINES",
                "EXTENSIONS", "DUPEFILTER_CLASS"):
        settings.pop(key)
    process = CrawlerProcess(settings)
    process.crawl(Bare)
    process.start()


def bench_source(documents: tuple = ()):
    """The bench site as a civcas source."""
    import re

    from crawler.config import Source

    return Source(name="bench", kind="news_article", start_urls=(ORIGIN + "/",),
                  allowed_domains=("bench.civcas.test",), schedule="0 0 1 1 *",
                  follow=(re.compile("^/"),), documents=documents)


def crawl_civcas(settings, data_dir: Path, documents: tuple = ()) -> None:
    """civcas's own crawl of the bench site: SiteSpider, CrawlSession, run bookkeeping;
    pages whose path matches `documents` are stored as news articles."""
    from scrapy.crawler import CrawlerProcess

    from crawler.config import load_config
    from crawler.runtime.session import CrawlSession
    from spiders.site import SiteSpider

    source = bench_source(documents)
    session = CrawlSession.begin(data_dir, source, load_config().crawl)
    process = CrawlerProcess(settings)
    process.crawl(SiteSpider, source=source, session=session, recheck_urls=[])
    process.start()
    if session.status == "running":
        session.finish("failed", requests=0)


def _child(mode: str, base: str, data_dir: Path, concurrency: int) -> None:
    cpu = os.environ.get("CIVCAS_BENCH_CPU")
    if cpu:  # the crawl gets a core of its own, the bench server the other (see --pin)
        os.sched_setaffinity(0, {int(cpu)})
    profile_to = os.environ.get("CIVCAS_BENCH_PROFILE")
    if profile_to:  # cProfile of the whole crawl child, written as pstats to that path + mode
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        try:
            _crawl_child(mode, base, data_dir, concurrency)
        finally:
            profiler.disable()
            profiler.dump_stats(f"{profile_to}.{mode}")
        return
    _crawl_child(mode, base, data_dir, concurrency)


def _crawl_child(mode: str, base: str, data_dir: Path, concurrency: int) -> None:
    settings = crawl_settings(base, data_dir, concurrency)
    if mode == "bare":
        crawl_bare(settings, base)
        return
    if mode == "nocap":
        settings["DOWNLOADER_MIDDLEWARES"] = {
            k: v for k, v in settings["DOWNLOADER_MIDDLEWARES"].items() if "warc_capture" not in k
        }
    crawl_civcas(settings, data_dir)


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (the crawl's own cost,
    steadier than pages/s on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measure(site: BenchSite, mode: str, work: Path, concurrency: int,
             child_cpu: int | None = None) -> dict:
    data_dir = work / f"{mode}-{time.monotonic_ns()}"
    site.hits.clear()
    started = time.perf_counter()
    cpu_before = _children_cpu()
    subprocess.run([sys.executable, __file__, "--child", mode, "--base", site.base,
                    "--data-dir", str(data_dir), "--concurrency", str(concurrency)], check=True,
                   env={**os.environ, "HOME": str(work),
                        **({"CIVCAS_BENCH_CPU": str(child_cpu)} if child_cpu is not None else {})})
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    hits = sorted(site.hits)
    expected = site.pages + (site.pages + PER_LISTING - 1) // PER_LISTING + 1
    if len(hits) != expected:
        raise SystemExit(f"{mode}: {len(hits)} pages fetched, expected {expected}")
    result = {"mode": mode, "pages": len(hits), "seconds": hits[-1] - hits[0], "wall": wall,
              "cpu": cpu}
    result["pages_per_s"] = (len(hits) - 1) / result["seconds"]
    warcs = list((data_dir / "warcs").glob("*.warc.gz"))
    if warcs:
        import sqlite3

        conn = sqlite3.connect(data_dir / "civcas.db")
        result["captures"] = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
        conn.close()
        result["warc_bytes"] = sum(p.stat().st_size for p in warcs)
    shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds; each crawls once per mode (medians kept)")
    parser.add_argument("--concurrency", type=int, default=8,
                        help="requests in flight to the one bench host, every mode (civcas "
                             "itself uses 1 per domain)")
    parser.add_argument("--modes", default="bare,nocap,civcas",
                        help="comma-separated crawls per round (nocap and civcas needed)")
    parser.add_argument("--no-pin", dest="pin", action="store_false",
                        help="let the crawl and the bench server share every core (by "
                             "default, with 2 or more cores, each gets one of its own)")
    parser.add_argument("--child", choices=("bare", "nocap", "civcas"), help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.base, args.data_dir, args.concurrency)
        return

    modes = tuple(m for m in ("bare", "nocap", "civcas") if m in args.modes.split(","))
    if "nocap" not in modes or "civcas" not in modes:
        raise SystemExit("--modes must include nocap and civcas")
    child_cpu = None
    if args.pin and len(os.sched_getaffinity(0)) >= 2:
        # The server thread and the crawl otherwise trade places on the two cores, and a
        # crawl that lands beside the server's busiest moments loses 10-20% at random.
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[0]})
        child_cpu = cores[1]
    results: dict[str, list[dict]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory(prefix="civcas-bench-") as tmp, BenchSite(args.pages) as site:
        print(f"{args.pages} pages (+ listings) on {site.base}; {os.cpu_count()} CPUs"
              f"{'; server and crawl pinned to a core each' if child_cpu is not None else ''}; "
              f"{args.concurrency} requests in flight; {args.repeat} round(s), the order of "
              "the modes reversed every other round", flush=True)
        for round_ in range(args.repeat):
            # ABBA: a machine getting slower or faster during the run favours no mode.
            for mode in (modes if round_ % 2 == 0 else modes[::-1]):
                r = _measure(site, mode, Path(tmp), args.concurrency, child_cpu)
                results[mode].append(r)
                extra = (f", {r['captures']} captures, {r['warc_bytes'] / 1e6:.1f} MB WARC"
                         if "captures" in r else "")
                print(f"  {mode:7s} round {round_ + 1}: {r['pages']} pages in {r['seconds']:.2f}s"
                      f" = {r['pages_per_s']:.0f} pages/s (wall {r['wall']:.1f}s, CPU {r['cpu']:.2f}s{extra})",
                      flush=True)
    med = {m: statistics.median(r["pages_per_s"] for r in results[m]) for m in modes}
    cpu = {m: statistics.median(r["cpu"] for r in results[m]) for m in modes}
    rounds = [c["pages_per_s"] / n["pages_per_s"] for n, c in zip(results["nocap"], results["civcas"], strict=True)]
    print("median pages/s: " + ", ".join(f"{m} {med[m]:.0f}" for m in modes))
    print("median CPU s of the crawl process: " + ", ".join(f"{m} {cpu[m]:.2f}" for m in modes))
    if "bare" in med:
        print(f"civcas/bare  = {med['civcas'] / med['bare']:.2f} (capture path costs"
              f" {100 * (1 - med['civcas'] / med['bare']):.0f}% of bare throughput)")
    print(f"civcas/nocap = {med['civcas'] / med['nocap']:.2f} "
          f"(the capture middleware alone costs {100 * (1 - med['civcas'] / med['nocap']):.0f}%)")
    print("civcas/nocap per round: " + ", ".join(f"{r:.2f}" for r in rounds)
          + f" (median {statistics.median(rounds):.2f})")
    pages = results["civcas"][0]["pages"]
    print(f"capture's CPU: {cpu['civcas'] - cpu['nocap']:.2f}s over {pages} pages ="
          f" {1000 * (cpu['civcas'] - cpu['nocap']) / pages:.3f} ms per exchange;"
          f" civcas/nocap CPU = {cpu['civcas'] / cpu['nocap']:.2f}")
    verdict = "meets" if med["civcas"] / med["nocap"] >= 0.85 else "misses"
    print(f"target: capture under 15% of throughput (civcas/nocap at least 0.85): {verdict}")
    print(json.dumps({"pages": args.pages, "median_pages_per_s": med, "median_cpu_s": cpu,
                      "ratio_per_round": rounds}))


if __name__ == "__main__":
    main()
