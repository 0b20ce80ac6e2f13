"""`civcas reextract` on two cores against single-process trafilatura (a benchmark).

    .venv/bin/python bench/reextract.py [--pages 5000] [--jobs 2] [--keep DIR]

Crawls bench/crawl.py's article site once with civcas (WARC capture, extraction, store),
then over the WARCs of that crawl times:

  loop       the baseline: one process reading every page capture the rebuild replays
             (the same WARC records, through `crawler.reextract.page_body`) and running
             civcas's extractor (`crawler.extract.extract`: trafilatura) on it; nothing
             is stored
  reextract  the whole `civcas reextract` (`crawler.reextract.reextract`, --jobs N):
             the store copied, every page extracted in N worker processes, documents,
             versions, full-text index and the claims table rebuilt, swapped in
  jobs=1     the same rebuild with one process, for reference

Target (issue 9): reextract on 2 cores at least 1.6x as fast as the loop.

`--keep DIR` crawls into DIR once and reuses that crawl on later runs (the rebuild leaves
the same rows), so the timings can be repeated without crawling again.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from capture import bench_source  # noqa: E402
from crawl import ARTICLES, ArticleSite, crawl  # noqa: E402

TARGET = 1.6


def loop(data_dir: Path, config) -> tuple[float, int]:
    """The baseline: every replayed page read and extracted, in this process."""
    from crawler.extract import ExtractionError, extract
    from crawler.reextract import page_body, plan

    with sqlite3.connect(data_dir / "civcas.db") as db:
        known = dict(db.execute("SELECT url, source FROM documents"))
        tasks = [t for t in plan(db, config, ["bench"], data_dir / "warcs", known)
                 if t.action != "gone"]
    started = time.perf_counter()
    for task in tasks:
        got = page_body(data_dir / "warcs", task)
        if isinstance(got, str):
            continue
        try:
            extract(got[1], got[0], task.url)
        except ExtractionError:
            pass
    return time.perf_counter() - started, len(tasks)


def rebuild(data_dir: Path, config, jobs: int) -> tuple[float, object]:
    from crawler.reextract import reextract

    started = time.perf_counter()
    result = reextract(data_dir, config, ["bench"], jobs=jobs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="crawl into this folder once, reuse it after")
    args = parser.parse_args()
    from crawler.config import load_config

    config = dataclasses.replace(load_config(), sources={"bench": bench_source(ARTICLES)})
    with tempfile.TemporaryDirectory(prefix="civcas-bench-") as tmp:
        work = args.keep or Path(tmp)
        data_dir = work / "civcas"
        if args.keep and (data_dir / "civcas.db").exists():
            with sqlite3.connect(data_dir / "civcas.db") as db:
                kept = db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
            if kept != args.pages:
                raise SystemExit(f"{data_dir} holds a crawl of {kept} pages, not {args.pages}")
            print(f"reusing the crawl of {kept} article pages in {data_dir}; "
                  f"{os.cpu_count()} CPUs", flush=True)
        else:
            with ArticleSite(args.pages) as site:
                done = crawl(site, "civcas", work, keep=True)
            print(f"crawled {done['versions']} article pages ({done['captures']} captures) in"
                  f" {done['seconds']:.0f}s; {os.cpu_count()} CPUs", flush=True)
        os.environ.setdefault("TLDEXTRACT_CACHE", str(data_dir / ".cache"))
        base, pages = loop(data_dir, config)
        print(f"  loop (1 process, extraction only)  {base:7.1f}s  {pages} pages"
              f"  {pages / base:6.1f} pages/s", flush=True)
        timed, result = rebuild(data_dir, config, args.jobs)
        print(f"  reextract --jobs {args.jobs}                {timed:7.1f}s  {result.pages} pages"
              f"  {result.pages / timed:6.1f} pages/s ({result.tables.get('claims', 0)} claims)",
              flush=True)
        single, _ = rebuild(data_dir, config, 1)
        print(f"  reextract --jobs 1                {single:7.1f}s", flush=True)
    ratio = base / timed
    print(f"loop time / reextract --jobs {args.jobs} time = {ratio:.2f}"
          f" (jobs 1: {base / single:.2f})")
    print(f"target: at least {TARGET}x: {'meets' if ratio >= TARGET else 'misses'}")


if __name__ == "__main__":
    main()
