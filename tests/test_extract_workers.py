"""Page text extracted in worker processes during a crawl: the store gets the rows it gets
with extraction inline, nothing is lost when the crawl ends, and the benchmarks run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from support.replicas import ReplicaServer
from crawler.reextract import derived_tables

from support.archives import civcas

# Sources whose rows do not depend on the order their hosts answer in (the assessment
# history of cjtf-civcas does: which of two reports on two hosts arrived first).
SOURCES = ("sohr-en", "airwars", "cjtf-strikes", "snhr")
BENCH = Path(__file__).resolve().parents[1] / "bench"


def crawl(root: Path, workers: int) -> Path:
    data = root / f"data-{workers}"
    config = root / f"workers-{workers}.toml"
    config.write_text(f"[crawl]\nextract_workers = {workers}\n")
    with ReplicaServer(round=1) as server:
        mirrors = server.mirror_args()
        done = civcas(root, "crawl", *SOURCES, "--delay", "0", "--config", str(config),
                      "--data-dir", str(data), *mirrors)
    assert done.returncode == 0, done.stdout + done.stderr
    return data


def content(db: sqlite3.Connection, table: str) -> list[tuple]:
    """A table's rows without ids, references and times: two crawls of the same pages
    differ in those (sources crawl concurrently), not in what was read."""
    columns = [r[1] for r in db.execute(f"PRAGMA table_info([{table}])")
               if not r[1].endswith(("id", "_at", "_of", "_seen")) and r[1] not in ("at", "diff")]
    return sorted(db.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]"),
                  key=repr)


def stored(data: Path) -> dict:
    with sqlite3.connect(data / "civcas.db") as db:
        rows = {t: content(db, t) for t, _ in derived_tables(db)}
        rows["fetch_errors"] = sorted(db.execute("SELECT url, kind, message FROM fetch_errors"))
        rows["runs"] = sorted(db.execute(
            "SELECT source, status, new_documents, errors, documents_seen, parsed_pages,"
            " parse_failures FROM crawl_runs"))
    return rows


def test_workers_store_what_inline_extraction_stores(tmp_path):
    inline, pooled = stored(crawl(tmp_path, 0)), stored(crawl(tmp_path, 2))
    assert inline["versions"] and inline["claims"] and inline["strikes"] and inline["incidents"]
    assert all(run[1] == "ok" for run in pooled["runs"])
    assert pooled == inline


def run_bench(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_diff_bench_runs_and_agrees_with_its_baseline():
    out = run_bench("diff.py", "--reports", "4", "--allegations", "20")
    assert "full re-diff" in out and "target:" in out and "MISMATCH" not in out


def test_the_reextract_bench_runs_at_a_tiny_size():
    out = run_bench("reextract.py", "--pages", "20")
    assert "crawled 20 article pages" in out and "target:" in out
