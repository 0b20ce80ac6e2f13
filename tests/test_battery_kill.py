"""SIGKILL a real crawl at random points, at least ten times over one data folder.

The kill times are drawn over the working time of an uncut crawl of the same sources,
counted from the moment its run is opened in the store (so that how long Python takes to
start, which varies with the machine's load, does not decide where the kills land; the
seed is printed, and CIVCAS_KILL_SEED replays a run). After each kill every WARC record
reads with warcio, every capture row names bytes that are on disk, and `civcas verify`
exits 0. Then one normal crawl finishes the job: the documents are those of the uncut
crawl, each with one version (the replica does not change): nothing was duplicated.
tests/test_crash.py kills at fixed points of the whole replica; this one is random.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest
from support.battery import (CIVCAS, count, env_for, every_capture_reads_back, rows, verify,
                             warc_fingerprints, warcio_reads_every_record)

from support.replicas import ReplicaServer

pytestmark = pytest.mark.battery

TRIALS = 10
SOURCES = ("snhr", "sohr-en", "syriadirect")  # small sites, a few seconds of crawling
CONFIG = "[crawl]\ndelay = 0.02\n"


def _crawl_args(server: ReplicaServer, config, data) -> list[str]:
    args = [CIVCAS, "crawl", *SOURCES, "--config", str(config), "--data-dir", str(data)]
    return args + server.mirror_args()


def _documents(data) -> list[str]:
    return sorted(u for (u,) in rows(data, "SELECT url FROM documents"))


def _wait_for_run(data, runs_before: int, proc: subprocess.Popen) -> None:
    """Until the crawl has opened its run in the store (or ended)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if count(data, "SELECT count(*) FROM crawl_runs") > runs_before:
            return
        time.sleep(0.01)


def test_random_sigkills_lose_and_duplicate_nothing(tmp_path):
    seed = int(os.environ.get("CIVCAS_KILL_SEED", random.randrange(1 << 30)))
    print(f"SIGKILL seed {seed} (replay with CIVCAS_KILL_SEED={seed})")
    rnd = random.Random(seed)
    config = tmp_path / "slow.toml"
    config.write_text(CONFIG)
    env = env_for(tmp_path)
    with ReplicaServer(round=1) as server:
        # An uncut crawl: how long one takes, and what it stores.
        reference = tmp_path / "reference"
        uncut = subprocess.Popen(_crawl_args(server, config, reference), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, env=env)
        _wait_for_run(reference, 0, uncut)
        began = time.monotonic()
        _, stderr = uncut.communicate(timeout=300)
        duration = time.monotonic() - began
        assert uncut.returncode == 0, stderr[-3000:]
        expected = _documents(reference)
        assert len(expected) >= 10

        data = tmp_path / "data"
        delays = sorted(round(rnd.uniform(0.0, duration), 3) for _ in range(TRIALS))
        print(f"uncut crawl {duration:.1f} s after its run opened; kills that long after it: {delays}")
        for delay in delays:
            runs_before = count(data, "SELECT count(*) FROM crawl_runs")
            proc = subprocess.Popen(_crawl_args(server, config, data), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=env)
            _wait_for_run(data, runs_before, proc)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            if (data / "warcs").exists():
                warcio_reads_every_record(data)
            every_capture_reads_back(data)
            checked = verify(data, tmp_path)
            if count(data, "SELECT count(*) FROM crawl_runs"):
                assert checked.returncode == 0, f"after a kill at {delay} s:\n{checked.stdout}"
                assert "FAIL" not in checked.stdout
        killed_files = warc_fingerprints(data)
        killed_runs = count(data, "SELECT count(*) FROM crawl_runs")
        assert killed_runs >= TRIALS  # every kill landed after a run was opened (one per source)

        # The follow-up crawl resumes: the same documents, one version each.
        done = subprocess.run(_crawl_args(server, config, data), capture_output=True, text=True,
                              env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _documents(data) == expected
    assert rows(data, "SELECT document_id, count(*) FROM versions GROUP BY document_id "
                      "HAVING count(*) > 1") == []
    assert count(data, "SELECT count(*) FROM versions") == len(expected)
    after = warc_fingerprints(data)
    assert {name: after[name] for name in killed_files} == killed_files  # untouched
    assert warcio_reads_every_record(data) > 0
    every_capture_reads_back(data)
    checked = verify(data, tmp_path)
    assert checked.returncode == 0, checked.stdout
