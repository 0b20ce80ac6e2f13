"""What grouping a crawl's commits would do to another process's writes (a benchmark
that backs a design decision, not a test).

    .venv/bin/python bench/writer_contention.py [--seconds 8]

One process stands for a crawl writing `captures` rows into a WAL-mode SQLite file, in
two ways, one after the other:

  per-row   as civcas does: each row its own transaction, holding the write lock for
            about 70 µs of every 2.2 ms (one exchange's turn at 450 pages/s)
  grouped   rows committed in groups: the lock held for 20 ms of every 22

Meanwhile this process stands for another writer (a scheduled crawl of another source,
`civcas notify` marking deliveries): a one-row INSERT and commit every 50 ms, with the
store's 30 s busy timeout. It prints how many writes got through and how long they
waited, and the ratio of the grouped median wait to the per-row one.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _crawl(path: Path, hold: float, gap: float, until: float) -> None:
    conn = _connect(path)
    while time.time() < until:
        conn.execute("INSERT INTO rows (who) VALUES ('crawl')")
        end = time.perf_counter() + hold
        while time.perf_counter() < end:  # the crawl's own work, lock held
            pass
        conn.commit()
        time.sleep(gap)


def measure(hold: float, gap: float, seconds: float) -> list[float]:
    path = Path(tempfile.mkdtemp(prefix="civcas-contention-")) / "store.db"
    conn = _connect(path)
    conn.execute("CREATE TABLE rows (who TEXT)")
    conn.commit()
    until = time.time() + seconds
    crawl = multiprocessing.Process(target=_crawl, args=(path, hold, gap, until))
    crawl.start()
    time.sleep(0.3)
    waits = []
    while time.time() < until - 0.5:
        started = time.perf_counter()
        conn.execute("INSERT INTO rows (who) VALUES ('other')")
        conn.commit()
        waits.append(time.perf_counter() - started)
        time.sleep(0.05)
    crawl.join()
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    medians = {}
    for mode, hold, gap in (("per-row", 0.00007, 0.0021), ("grouped", 0.020, 0.002)):
        waits = measure(hold, gap, args.seconds)
        medians[mode] = statistics.median(waits)
        print(f"{mode:8} the other writer: {len(waits)} writes in {args.seconds:.0f} s, "
              f"median wait {medians[mode] * 1000:.1f} ms, longest {max(waits) * 1000:.0f} ms")
    print(f"grouped/per-row median wait = {medians['grouped'] / medians['per-row']:.0f}x")


if __name__ == "__main__":
    main()
