"""SIGKILL real crawls at several points, then: verify reports no failure, every capture
row reads back, and the next normal crawl starts new WARC files and verifies clean.

The crawls are slowed a little by a user config (a 0.05 s per-domain delay) so that each
kill, triggered when the store shows enough captures of the current crawl (plus a short
wait), lands while the crawl is still fetching; each killed run is checked to be unfinished (status `running`,
which is what a killed run leaves for now).
"""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.reader import read_record
from crawler.replicas.server import ReplicaServer

BIN = Path(sys.executable).parent
CIVCAS = str(BIN / "civcas")
# (captures of this crawl seen in the store, then seconds more) before each SIGKILL; the
# extra wait makes the kill land at an arbitrary point, not just after an insert.
KILL_POINTS = ((1, 0.0), (30, 0.013), (60, 0.031), (90, 0.2))


def _env(root: Path) -> dict:
    return {**os.environ, "HOME": str(root), "CIVCAS_DATA_DIR": str(root / "unused")}


def _count(data: Path, sql: str, params=()) -> int:
    if not (data / "civcas.db").exists():
        return 0
    conn = sqlite3.connect(f"file:{data / 'civcas.db'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def _warc_fingerprints(data: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((data / "warcs").glob("*.warc.gz"))}


def _verify(data: Path, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CIVCAS, "verify", "--data-dir", str(data)], capture_output=True,
                          text=True, env=_env(root), timeout=300)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    config = root / "slow.toml"
    config.write_text("[crawl]\ndelay = 0.05\n")
    with ReplicaServer(round=1) as server:
        args = [CIVCAS, "crawl", "--all", "--config", str(config), "--data-dir", str(root / "data")]
        for origin, base in server.mirrors().items():
            args += ["--mirror", f"{origin}={base}"]
        yield root, root / "data", args


def test_killed_crawls_leave_a_verifiable_archive(world):
    root, data, crawl_args = world
    for threshold, extra in KILL_POINTS:
        before = _count(data, "SELECT count(*) FROM captures")
        last_run = _count(data, "SELECT coalesce(max(id), 0) FROM crawl_runs")
        proc = subprocess.Popen(crawl_args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=_env(root))
        deadline = time.monotonic() + 120
        try:
            while _count(data, "SELECT count(*) FROM captures") - before < threshold:
                assert proc.poll() is None, f"the crawl ended before {threshold} captures"
                assert time.monotonic() < deadline, "the crawl wrote nothing in time"
                time.sleep(0.005)
            time.sleep(extra)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # Mid-crawl: the process had started writing and not every run had finished.
        written = _count(data, "SELECT count(*) FROM captures") - before
        assert written >= threshold
        unfinished = _count(data, "SELECT count(*) FROM crawl_runs WHERE id > ? AND "
                                  "status = 'running'", [last_run])
        assert unfinished >= 1, f"kill after {threshold} captures landed after the crawl"

        done = _verify(data, root)
        assert done.returncode == 0, f"after a kill at {threshold} captures:\n{done.stdout}"
        assert "FAIL" not in done.stdout
        _every_capture_reads_back(data)

    killed_files = _warc_fingerprints(data)
    killed_runs = _count(data, "SELECT coalesce(max(id), 0) FROM crawl_runs")

    # A normal crawl afterwards completes, writes only new files and verifies clean.
    done = subprocess.run(crawl_args, capture_output=True, text=True, env=_env(root), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    after = _warc_fingerprints(data)
    assert {name: after[name] for name in killed_files} == killed_files  # untouched
    conn = sqlite3.connect(data / "civcas.db")
    new_files = {row[0] for row in conn.execute(
        "SELECT DISTINCT warc_file FROM captures WHERE run_id > ?", [killed_runs])}
    statuses = [row[0] for row in conn.execute(
        "SELECT status FROM crawl_runs WHERE id > ?", [killed_runs])]
    conn.close()
    assert new_files and not new_files & set(killed_files)
    assert statuses and all(s in ("ok", "partial") for s in statuses), statuses
    done = _verify(data, root)
    assert done.returncode == 0, done.stdout
    assert "FAIL" not in done.stdout
    _every_capture_reads_back(data)


def _every_capture_reads_back(data: Path) -> None:
    conn = sqlite3.connect(f"file:{data / 'civcas.db'}?mode=ro", uri=True)
    rows = conn.execute("SELECT warc_file, warc_offset, warc_length, warc_record_id "
                        "FROM captures").fetchall()
    conn.close()
    for name, offset, length, record_id in rows:
        assert read_record(data / "warcs", name, offset, length).record_id == record_id
