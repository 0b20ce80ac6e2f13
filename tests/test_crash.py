"""SIGKILL real crawls at several points, then: verify reports no failure, every capture
row reads back, and the next normal crawl starts new WARC files and verifies clean.

The crawls are slowed a little by a user config (a 0.05 s per-domain delay) so that each
kill, triggered when the store shows enough captures of the current crawl (plus a short
wait), lands while the crawl is still fetching; each killed run is checked to be unfinished (status `running`,
which is what a killed run leaves for now).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest
from support.battery import CIVCAS, count, env_for, every_capture_reads_back, verify
from support.battery import warc_fingerprints

from support.replicas import ReplicaServer

pytestmark = pytest.mark.battery
# (captures of this crawl seen in the store, then seconds more) before each SIGKILL; the
# extra wait makes the kill land at an arbitrary point, not just after an insert.
KILL_POINTS = ((1, 0.0), (30, 0.013), (60, 0.031), (90, 0.2))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    config = root / "slow.toml"
    config.write_text("[crawl]\ndelay = 0.05\n")
    with ReplicaServer(round=1) as server:
        args = [CIVCAS, "crawl", "--all", "--config", str(config), "--data-dir", str(root / "data")]
        for origin, base in server.source_mirrors().items():
            args += ["--mirror", f"{origin}={base}"]
        yield root, root / "data", args


def test_killed_crawls_leave_a_verifiable_archive(world):
    root, data, crawl_args = world
    for threshold, extra in KILL_POINTS:
        before = count(data, "SELECT count(*) FROM captures")
        last_run = count(data, "SELECT coalesce(max(id), 0) FROM crawl_runs")
        proc = subprocess.Popen(crawl_args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env_for(root))
        deadline = time.monotonic() + 120
        try:
            while count(data, "SELECT count(*) FROM captures") - before < threshold:
                assert proc.poll() is None, f"the crawl ended before {threshold} captures"
                assert time.monotonic() < deadline, "the crawl wrote nothing in time"
                time.sleep(0.005)
            time.sleep(extra)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # Mid-crawl: the process had started writing and not every run had finished.
        written = count(data, "SELECT count(*) FROM captures") - before
        assert written >= threshold
        unfinished = count(data, "SELECT count(*) FROM crawl_runs WHERE id > ? AND "
                                  "status = 'running'", [last_run])
        assert unfinished >= 1, f"kill after {threshold} captures landed after the crawl"

        done = verify(data, root)
        assert done.returncode == 0, f"after a kill at {threshold} captures:\n{done.stdout}"
        assert "FAIL" not in done.stdout
        every_capture_reads_back(data)

    killed_files = warc_fingerprints(data)
    killed_runs = count(data, "SELECT coalesce(max(id), 0) FROM crawl_runs")

    # A normal crawl afterwards completes, writes only new files and verifies clean.
    done = subprocess.run(crawl_args, capture_output=True, text=True, env=env_for(root), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    after = warc_fingerprints(data)
    assert {name: after[name] for name in killed_files} == killed_files  # untouched
    conn = sqlite3.connect(data / "civcas.db")
    new_files = {row[0] for row in conn.execute(
        "SELECT DISTINCT warc_file FROM captures WHERE run_id > ?", [killed_runs])}
    statuses = [row[0] for row in conn.execute(
        "SELECT status FROM crawl_runs WHERE id > ?", [killed_runs])]
    conn.close()
    assert new_files and not new_files & set(killed_files)
    assert statuses and all(s in ("ok", "partial") for s in statuses), statuses
    done = verify(data, root)
    assert done.returncode == 0, done.stdout
    assert "FAIL" not in done.stdout
    every_capture_reads_back(data)

