"""Run `civcas` in a subprocess, as a user would, and read its store back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from crawler.replicas import wayback
from crawler.replicas.server import ReplicaServer

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
