"""Run `civcas` in a subprocess, as a user would, and read its store back."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from crawler.replicas import wayback
from support.replicas import ReplicaServer

# The backfill range of tests/test_backfill.py: the replica Wayback Machine's report captures.
BACKFILL_RANGE = ("--from", "2016-01-01", "--to", "2020-12-31")


def civcas(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True, env=env,
        timeout=300,
    )


def crawl_all(server: ReplicaServer, data_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    mirrors = server.mirror_args()
    # Rounds come seconds apart: every known page is re-fetched, not only the due ones.
    return civcas(
        "crawl", "--all", "--delay", "0", "--recheck", "all", "--data-dir", str(data_dir),
        *mirrors, *extra,
    )


def query(data_dir: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(data_dir / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


def wayback_mirror(server: ReplicaServer) -> str:
    return f"--mirror={wayback.ORIGIN}={server.base_url}/{wayback.HOST}"


def backfill(server, data: Path, *extra: str, source: str = "cjtf-civcas"):
    return civcas("backfill", source, *BACKFILL_RANGE, "--delay", "0", "--data-dir", str(data),
                  wayback_mirror(server), *extra)


@contextlib.contextmanager
def serving(data: Path, home: Path):
    """`civcas serve` on the store in `data`, on a free port, until the block ends; its base URL."""
    from support.net import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--data-dir", str(data), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HOME": str(home)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
