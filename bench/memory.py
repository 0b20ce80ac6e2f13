"""Peak memory of a large crawl with the request queue on disk (a benchmark, not a test).

    .venv/bin/python bench/memory.py [--pages 50000]

Serves N small pages from bench/capture.py's local site and crawls them all twice, each
crawl in its own process, and reports each process's peak resident memory (ru_maxrss):

  bare     a plain Scrapy spider following every link, queue in memory (the baseline)
  civcas   civcas's crawl with capture, store and run bookkeeping, its request queue and
           seen-requests file on disk (Scrapy's JOBDIR under the data folder)

Target (issue 9): civcas under 500 MB at 50,000 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

from capture import PER_LISTING, BenchSite, crawl_bare, crawl_civcas, crawl_settings  # noqa: E402


def child(mode: str, base: str, data_dir: Path) -> None:
    settings = crawl_settings(base, data_dir, concurrency=8)
    if mode == "bare":
        crawl_bare(settings, base)
    else:
        settings["JOBDIR"] = str(data_dir / ".job")  # request queue and seen set on disk
        crawl_civcas(settings, data_dir)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": peak_kb / 1024}))


def measure(site: BenchSite, mode: str, work: Path) -> dict:
    data_dir = work / mode
    site.hits.clear()
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--base", site.base, "--data-dir", str(data_dir)],
        check=True, capture_output=True, text=True, env={**os.environ, "HOME": str(work)},
    ).stdout
    wall = time.perf_counter() - started
    expected = site.pages + (site.pages + PER_LISTING - 1) // PER_LISTING + 1
    if len(site.hits) != expected:
        raise SystemExit(f"{mode}: {len(site.hits)} pages fetched, expected {expected}")
    result = {"mode": mode, "pages": len(site.hits), "wall": wall,
              **json.loads(out.strip().splitlines()[-1])}
    shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--child")
    parser.add_argument("--base")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.base, args.data_dir)
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp, BenchSite(args.pages) as site:
        for mode in ("bare", "civcas"):
            r = measure(site, mode, Path(tmp))
            results[mode] = r
            print(f"  {mode:<7} {r['pages']} pages, peak {r['peak_mb']:.0f} MB, wall {r['wall']:.0f} s")
    ratio = results["civcas"]["peak_mb"] / results["bare"]["peak_mb"]
    print(f"civcas peak / bare peak = {ratio:.2f}")
    verdict = "meets" if results["civcas"]["peak_mb"] < 500 else "misses"
    print(f"target: civcas peak under 500 MB: {verdict} ({results['civcas']['peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
