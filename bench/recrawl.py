"""What a recrawl of an unchanged site adds to the archive (a benchmark, not a test).

    .venv/bin/python bench/recrawl.py [--source NAME ...]

Serves the replica world (every source's site, round 1: crawler/replicas/) on 127.0.0.1
and crawls every source (or the ones named) three times with `civcas crawl`, nothing
changed in between. The first crawl is the baseline. The second is the next scheduled
crawl with the default `[recheck]` cadence: start pages, listings and feeds are fetched
again, known documents only when due (none are, seconds later). The third adds
`--recheck all`, so every known document is asked for again: each conditional request
answered 304 (or an identical payload) is archived as a request record and a revisit
record, and nothing is stored twice; that is the floor of the archive format.

Printed per crawl: requests the server answered, captures by record type, WARC bytes
written (every file the crawl created, warcinfo records included) and, for the first
crawl, the bytes by content type. Then the ratio of the second crawl's WARC bytes to
the first's: the default recrawl's against issue 9's target (under 5%), and both against
issue 3's (under 10%).

The replica pages carry the inline weight of real pages (theme CSS, configuration
script, icon sprite: about 57 KB, 16 KB compressed; see crawler/replicas/chrome.py),
so an HTML page costs about what the median web page does. The ratio is roughly the
cost of one revisited exchange (a request and a revisit record, ~1.4 KB) over the cost
of one first-crawl exchange; it falls as pages grow and rises as they shrink.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from archive.reader import iter_members  # noqa: E402
from crawler.replicas.server import ReplicaServer  # noqa: E402

CIVCAS = Path(sys.executable).parent / "civcas"


def _crawl(home: Path, data: Path, mirrors: list[str], sources: list[str],
           extra: tuple[str, ...] = ()) -> float:
    which = list(sources) or ["--all"]
    env = {**os.environ, "HOME": str(home), "CIVCAS_DATA_DIR": str(home / "unused")}
    started = time.perf_counter()
    done = subprocess.run([str(CIVCAS), "crawl", *which, "--delay", "0", "--data-dir", str(data),
                           *extra, *mirrors], capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"civcas crawl failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def _crawl_stats(data: Path, runs: list[int], requests: int, seconds: float) -> dict:
    marks = ",".join("?" * len(runs))
    with sqlite3.connect(data / "civcas.db") as db:
        kinds = dict(db.execute(f"SELECT record_type, COUNT(*) FROM captures WHERE run_id IN"
                                f" ({marks}) GROUP BY record_type", runs))
        files = {f for (f,) in db.execute(
            f"SELECT DISTINCT warc_file FROM captures WHERE run_id IN ({marks})", runs)}
        by_type = Counter()
        for ctype, length in db.execute(
                f"SELECT content_type, warc_length FROM captures WHERE run_id IN ({marks})"
                " AND record_type IN ('response', 'resource')", runs):
            by_type[(ctype or "-").split(";")[0]] += length
        html = db.execute(
            f"SELECT AVG(warc_length) FROM captures WHERE run_id IN ({marks}) AND record_type ="
            " 'response' AND content_type LIKE 'text/html%'", runs).fetchone()[0]
        # Exchanges that fetched a page the store keeps as a document (it has a version
        # from some capture of that URL), the rest being start, listing and feed pages.
        document_urls = [u for (u,) in db.execute(
            f"SELECT url FROM captures WHERE run_id IN ({marks}) AND record_type IN"
            " ('response', 'revisit') AND url IN (SELECT c.url FROM versions v JOIN captures c"
            " ON c.id = v.capture_id)", runs)]
    size = sum((data / "warcs" / f).stat().st_size for f in files)
    return {"document_exchanges": len(document_urls), "document_urls": document_urls, "requests": requests,
            "captures": kinds, "warc_bytes": size, "files": len(files),
            "records": _record_bytes(data / "warcs", files),
            "seconds": seconds, "bytes_by_type": dict(by_type.most_common()),
            "html_response_avg": html}


def _record_bytes(warcs: Path, files: set[str]) -> dict:
    """Per WARC record type: records, bytes on disk (gzip members), and the uncompressed
    WARC head and block bytes inside them: where a crawl's bytes go."""
    out: dict[str, dict[str, int]] = {}
    for name in sorted(files):
        for _offset, length, raw in iter_members(warcs / name):
            head, _, rest = raw.partition(b"\r\n\r\n")
            kind = next(line[11:].decode() for line in head.split(b"\r\n")
                        if line.startswith(b"WARC-Type: "))
            row = out.setdefault(kind, {"records": 0, "gzip": 0, "warc_head": 0, "block": 0})
            row["records"] += 1
            row["gzip"] += length
            row["warc_head"] += len(head) + 4
            row["block"] += len(rest) - 4  # without the record's closing CRLFCRLF
    return out


def _print_records(label: str, records: dict) -> None:
    for kind, row in records.items():
        n = row["records"]
        print(f"  {label:8s} {kind:9s} {n:4d} records {row['gzip']:10,d} bytes on disk"
              f" ({row['gzip'] / n:,.0f} each; uncompressed: WARC head {row['warc_head'] / n:,.0f},"
              f" block {row['block'] / n:,.0f})")


def _runs(data: Path) -> list[int]:
    if not (data / "civcas.db").exists():
        return []
    with sqlite3.connect(data / "civcas.db") as db:
        return [r for (r,) in db.execute("SELECT id FROM crawl_runs ORDER BY id")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", action="append", default=[],
                        help="crawl only this source (repeatable; default every source)")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory(prefix="civcas-recrawl-") as tmp, \
            ReplicaServer(round=1) as server:
        home, data = Path(tmp), Path(tmp) / "data"
        mirrors = server.mirror_args()
        print(f"replica world (round 1) on {server.base_url}; sources:"
              f" {', '.join(args.source) or 'all'}; three crawls, nothing changed",
              flush=True)
        for label, extra in (("first", ()), ("recrawl", ()), ("all", ("--recheck", "all"))):
            before_runs, before_requests = _runs(data), len(server.requests)
            seconds = _crawl(home, data, mirrors, args.source, extra)
            runs = [r for r in _runs(data) if r not in before_runs]
            stats = _crawl_stats(data, runs, len(server.requests) - before_requests, seconds)
            results.append(stats)
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(stats["captures"].items()))
            print(f"  {label:8s} {stats['requests']:4d} requests, captures: {kinds};"
                  f" {stats['warc_bytes']:,} WARC bytes in {stats['files']} files"
                  f" ({stats['seconds']:.0f} s)", flush=True)

    first, second, every = results
    for label, stats in (("first", first), ("recrawl", second), ("all", every)):
        _print_records(label, stats["records"])
    print("  first crawl, response/resource record bytes by type: " + ", ".join(
        f"{t} {b:,}" for t, b in first["bytes_by_type"].items()))
    if first["html_response_avg"]:
        print(f"  first crawl, mean HTML response record: {first['html_response_avg']:,.0f} bytes")
    for label, stats in (("recrawl", second), ("all", every)):
        print(f"  {label}: {stats['document_exchanges']} of its"
              f" {sum(stats['captures'].values())} exchanges fetched known documents again"
              + (f": {', '.join(stats['document_urls'])}" if len(stats["document_urls"]) < 6 else ""))
        revisited = stats["captures"].get("revisit", 0)
        if revisited:
            print(f"  {label}: {stats['warc_bytes'] / revisited:,.0f} WARC bytes per revisited"
                  " exchange (request + revisit record, warcinfo records spread over them)")
    ratio = second["warc_bytes"] / first["warc_bytes"]
    ratio_all = every["warc_bytes"] / first["warc_bytes"]
    for label, stats, r in (("recrawl", second, ratio), ("all", every, ratio_all)):
        print(f"{label}/first WARC bytes = {r:.3f} ({r:.1%});"
              f" requests {stats['requests']}/{first['requests']} ="
              f" {stats['requests'] / first['requests']:.2f}")
    for target, issue, r, what in (
            (0.05, "issue 9", ratio, "the default recrawl"),
            (0.10, "issue 3", ratio, "the default recrawl"),
            (0.10, "issue 3", ratio_all, "a --recheck all recrawl")):
        verdict = "meets" if r < target else "misses"
        print(f"target ({issue}): {what} adds under {target:.0%} of the first crawl's bytes:"
              f" {verdict} ({r:.1%})")
    print(json.dumps({"first": first, "recrawl": second, "all": every, "ratio": ratio,
                      "ratio_all": ratio_all}))


if __name__ == "__main__":
    main()
