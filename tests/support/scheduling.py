"""Helpers for the scheduler tests: `civcas schedule` in a subprocess against the replicas."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from support.replicas import ReplicaServer

CLI = [sys.executable, "-m", "crawler.cli"]



def schedule_args(data: Path, server: ReplicaServer, *extra: str, config: Path | None = None):
    args = [*CLI, "schedule", "--data-dir", str(data), "--jitter", "0", *extra]
    if config is not None:
        args += ["--config", str(config)]
    return args + server.mirror_args()


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def stop(proc: subprocess.Popen, timeout: float = 60) -> tuple[str, str]:
    """SIGTERM a scheduler and return its output once it has exited."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    return proc.communicate(timeout=timeout)


def query(data: Path, sql: str, params=()) -> list[tuple]:
    path = data / "civcas.db"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
    finally:
        conn.close()


def wait_for(predicate, timeout: float = 60, what: str = "the condition", proc=None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the scheduler exited before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def verify(data: Path) -> subprocess.CompletedProcess:
    return run([*CLI, "verify", "--data-dir", str(data)], timeout=300)


def job_list(data: Path, *sources: str) -> list[list[str]]:
    done = run([*CLI, "schedule", "--list", "--data-dir", str(data), *sources])
    assert done.returncode == 0, done.stderr
    rows = [re.split(r"\s{2,}", line.strip()) for line in done.stdout.splitlines()[2:]]
    return sorted(rows)


def log_count(data: Path, text: str) -> int:
    """How often a line of DATA/logs/schedule.log holds `text`."""
    path = data / "logs" / "schedule.log"
    return path.read_text(encoding="utf-8").count(text) if path.exists() else 0


def count(data: Path, sql: str, params=()) -> int:
    rows = query(data, sql, params)
    return rows[0][0] if rows else 0
