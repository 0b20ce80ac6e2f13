"""`civcas reextract` on two cores against single-process trafilatura (a benchmark).

    .venv/bin/python bench/reextract.py [--pages 5000] [--jobs 2] [--keep DIR]

Crawls bench/crawl.py's article site once with civcas (WARC capture, extraction, store),
then over the WARCs of that crawl times:

  loop       the baseline: one process reading every page capture the rebuild replays
             (the same WARC records, through `crawler.reextract.page_body`) and running
             civcas's extractor (`crawler.reading.extract.extract`: trafilatura) on it; nothing
             is stored
  reextract  the whole `civcas reextract` (`crawler.reextract.reextract`, --jobs N):
             the store copied, every page extracted in N worker processes, documents,
             versions, full-text index and the claims table rebuilt, swapped in
  jobs=1     the same rebuild with one process, for reference

Each is timed in wall-clock seconds and in CPU seconds (this process and, for the
rebuild, its worker processes): the machine is shared, so the CPU time says what the work
costs when the wall time says what other processes left of the cores. `--repeat N` runs
the three N times, interleaved, and compares the medians.
Target (issue 9): reextract on 2 cores at least 1.6x as fast as the loop.

`--keep DIR` crawls into DIR once and reuses that crawl on later runs (the rebuild leaves
the same rows), so the timings can be repeated without crawling again.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

from capture import bench_source  # noqa: E402
from crawl import ARTICLES, ArticleSite, crawl  # noqa: E402

TARGET = 1.6


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def loop(data_dir: Path, config) -> tuple[float, float, int]:
    """The baseline: every replayed page read and extracted, in this process."""
    from crawler.reading.extract import ExtractionError, extract
    from crawler.reextract import page_body, plan

    with sqlite3.connect(data_dir / "civcas.db") as db:
        known = dict(db.execute("SELECT url, source FROM documents"))
        tasks = [t for t in plan(db, config, ["bench"], data_dir / "warcs", known)
                 if t.action != "gone"]
    started, cpu = time.perf_counter(), cpu_seconds()
    for task in tasks:
        got = page_body(data_dir / "warcs", task)
        if isinstance(got, str):
            continue
        try:
            extract(got[1], got[0], task.url)
        except ExtractionError:
            pass
    return time.perf_counter() - started, cpu_seconds() - cpu, len(tasks)


def rebuild(data_dir: Path, config, jobs: int) -> tuple[float, float, object]:
    from crawler.reextract import reextract

    started, cpu = time.perf_counter(), cpu_seconds()
    result = reextract(data_dir, config, ["bench"], jobs=jobs)
    return time.perf_counter() - started, cpu_seconds() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
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
        runs: dict[str, list[tuple[float, float]]] = {"loop": [], "jobs": [], "single": []}
        for n in range(1, args.repeat + 1):
            wall, cpu, pages = loop(data_dir, config)
            runs["loop"].append((wall, cpu))
            print(f"  run {n} loop (1 process, extraction only) {wall:7.1f}s ({cpu:6.1f}s CPU)"
                  f"  {pages} pages  {pages / wall:6.1f} pages/s", flush=True)
            wall, cpu, result = rebuild(data_dir, config, args.jobs)
            runs["jobs"].append((wall, cpu))
            print(f"  run {n} reextract --jobs {args.jobs}               {wall:7.1f}s"
                  f" ({cpu:6.1f}s CPU)  {result.pages} pages  {result.pages / wall:6.1f} pages/s"
                  f" ({result.tables.get('claims', 0)} claims)", flush=True)
            wall, cpu, _ = rebuild(data_dir, config, 1)
            runs["single"].append((wall, cpu))
            print(f"  run {n} reextract --jobs 1               {wall:7.1f}s ({cpu:6.1f}s CPU)",
                  flush=True)
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    ratio = wall["loop"] / wall["jobs"]
    print(f"loop time / reextract --jobs {args.jobs} time = {ratio:.2f}"
          f" (jobs 1: {wall['loop'] / wall['single']:.2f})")
    print(f"CPU seconds: loop {cpu['loop']:.1f}, reextract --jobs {args.jobs} {cpu['jobs']:.1f}"
          f" ({cpu['jobs'] / cpu['loop']:.2f}x the loop's), --jobs 1 {cpu['single']:.1f}")
    print(f"target: at least {TARGET}x: {'meets' if ratio >= TARGET else 'misses'}")


if __name__ == "__main__":
    main()
