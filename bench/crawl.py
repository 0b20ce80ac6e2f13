"""A full civcas crawl against a bare Scrapy spider (a benchmark, not a test).

    .venv/bin/python bench/crawl.py [--pages 5000] [--repeat 1]

Serves N news-article pages (bench/capture.py's local site, its pages replaced by
articles of about 3 KB of text inside 5 KB of navigation, banners, sidebar and footer,
each reporting casualties in a gazetteer town), then crawls them all, each crawl in its
own process, in three ways, interleaved:

  bare     a plain Scrapy spider following every link (bench/capture.py's), no storage
  inline   civcas with everything on: WARC capture, text extraction (trafilatura),
           documents and versions with their full-text index, the claims parser's
           table; extraction in the reactor thread (`extract_workers = 0`)
  civcas   the same with extraction in worker processes (the default: cores - 1)

Throughput counts a crawl from its first page request to the end of its process, so the
pages civcas still had to extract and store after the last download are counted.
Target (issue 9): civcas keeps at least 0.6 of the bare spider's pages/s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

from capture import PER_LISTING, BenchSite, crawl_bare, crawl_civcas, crawl_settings  # noqa: E402

TARGET = 0.6
ARTICLES = (re.compile(r"^/p/\d+\.html$"),)  # the pages civcas keeps as documents
PLACES = ("Raqqa", "Mosul", "Hajin", "Tabqa", "Manbij", "Deir ez-Zor", "Fallujah", "Ramadi",
          "Al-Bab", "Kobani", "Hit", "Qayyarah", "Shaddadi", "Sinjar", "Tal Afar", "Baghuz")
WORDS = ("coalition aircraft struck a building used by the group while families sheltered"
         " in the basement local monitors said residents pulled bodies from the rubble"
         " hospital officials counted wounded the ministry denied any strike took place"
         " witnesses described repeated raids over the eastern neighbourhoods a statement"
         " from the command said the target was a weapons depot rescue teams worked into"
         " the night electricity and water were cut across the district").split()


def article(i: int, n: int) -> bytes:
    """A news article as a real site serves it: its text inside a lot of page chrome."""
    rnd = random.Random(i)
    place = PLACES[i % len(PLACES)]
    day = 1 + i % 28
    lead = (f"At least {3 + i % 40} civilians were killed in an air strike on {place} on "
            f"March {day}, 2017, according to local monitors.")
    paras = [lead] + [" ".join(
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(12, 24))).capitalize() + "."
        for _ in range(4)) for _ in range(6)]
    sections = ("world", "middle east", "politics", "opinion", "video", "about")
    nav = "".join(f'<li><a href="/list/{k % ((n + PER_LISTING - 1) // PER_LISTING)}">{s.title()}'
                  "</a></li>" for k, s in enumerate(sections))  # every link leads to a page
    related = "".join(f'<li><a href="/p/{(i + k) % n}.html">More on {PLACES[(i + k) % len(PLACES)]}'
                      f" and the campaign, part {k}</a></li>" for k in range(1, 6))
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Civilians killed in strike on {place} - Bench News</title>"
        f'<meta property="article:published_time" content="2017-03-{day:02d}T10:00:00Z">'
        '<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer=[];'
        "function gtag(){dataLayer.push(arguments)}</script></head><body>"
        '<div class="cookie-banner">We use cookies to improve your experience. '
        '<button>Accept all</button> <a href="/">Privacy policy</a></div>'
        f'<header><a href="/" class="logo">Bench News</a><nav><ul>{nav}</ul></nav>'
        '<form action="/search"><input name="q"></form></header>'
        '<main><article><h1>Civilians killed in strike on ' + place + "</h1>"
        f'<p class="byline">By Staff Reporter | <time datetime="2017-03-{day:02d}">March {day},'
        f" 2017</time></p>{body}</article>"
        f'<aside class="sidebar"><h2>Most read</h2><ul>{related}</ul>'
        '<div class="ad">Advertisement: subscribe for unlimited access</div></aside></main>'
        f'<footer><a href="/list/{i // PER_LISTING}">back to the list</a> <p>Copyright 2017 '
        "Bench News. All rights reserved.</p><ul><li>Contact</li><li>Terms</li>"
        "<li>Accessibility</li></ul></footer></body></html>"
    ).encode()


class ArticleSite(BenchSite):
    """bench/capture.py's site with each page an article (built once, before the crawls)."""

    def __init__(self, pages: int):
        super().__init__(pages)
        self.articles = [article(i, pages) for i in range(pages)]

    def answer(self, path: str) -> tuple[int, bytes]:
        status, body = super().answer(path)
        match = re.fullmatch(r"/p/(\d+)\.html", path)
        if status == 200 and match:
            return 200, self.articles[int(match.group(1))]
        return status, body


def child(mode: str, base: str, data_dir: Path) -> None:
    settings = crawl_settings(base, data_dir, concurrency=8)
    if mode == "bare":
        crawl_bare(settings, base)
        return
    if mode == "inline":
        settings["CIVCAS_EXTRACT_WORKERS"] = 0
    crawl_civcas(settings, data_dir, documents=ARTICLES)


def crawl(site: ArticleSite, mode: str, work: Path, keep: bool = False) -> dict:
    data_dir = work / mode
    site.hits.clear()
    subprocess.run([sys.executable, __file__, "--child", mode, "--base", site.base,
                    "--data-dir", str(data_dir)], check=True, env={**os.environ, "HOME": str(work)})
    ended = time.perf_counter()
    expected = site.pages + (site.pages + PER_LISTING - 1) // PER_LISTING + 1
    if len(site.hits) != expected:
        raise SystemExit(f"{mode}: {len(site.hits)} pages fetched, expected {expected}")
    first, last = min(site.hits), max(site.hits)
    result = {"mode": mode, "pages": len(site.hits), "fetching": last - first,
              "seconds": ended - first}
    result["pages_per_s"] = len(site.hits) / result["seconds"]
    if mode != "bare":
        with sqlite3.connect(data_dir / "civcas.db") as db:
            for table in ("captures", "versions", "claims", "fetch_errors"):
                result[table] = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        if result["versions"] != site.pages:
            raise SystemExit(f"{mode}: {result['versions']} versions stored, expected {site.pages}")
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1, help="crawls per mode (median kept)")
    parser.add_argument("--child", choices=("bare", "inline", "civcas"), help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.base, args.data_dir)
        return
    modes = ("bare", "inline", "civcas")
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory(prefix="civcas-bench-") as tmp, ArticleSite(args.pages) as site:
        size = sum(map(len, site.articles)) / len(site.articles)
        print(f"{args.pages} article pages of {size / 1024:.1f} KB (+ listings) on {site.base};"
              f" {os.cpu_count()} CPUs; 8 requests in flight", flush=True)
        for round_ in range(args.repeat):
            for mode in modes:
                r = crawl(site, mode, Path(tmp))
                runs[mode].append(r)
                stored = (f"; {r['captures']} captures, {r['versions']} versions, {r['claims']}"
                          f" claims, {r['fetch_errors']} errors" if mode != "bare" else "")
                print(f"  {mode:7s} run {round_ + 1}: {r['pages']} pages in {r['seconds']:.1f}s ="
                      f" {r['pages_per_s']:.0f} pages/s (downloads took {r['fetching']:.1f}s{stored})",
                      flush=True)
    med = {m: statistics.median(r["pages_per_s"] for r in runs[m]) for m in modes}
    print("median pages/s: " + ", ".join(f"{m} {med[m]:.0f}" for m in modes))
    print(f"inline/bare = {med['inline'] / med['bare']:.2f}")
    ratio = med["civcas"] / med["bare"]
    print(f"civcas/bare = {ratio:.2f}")
    print(f"target: civcas at least {TARGET} of bare: {'meets' if ratio >= TARGET else 'misses'}")


if __name__ == "__main__":
    main()
