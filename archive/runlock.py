"""Is the process that started a run still there? Each run holds an flock on
DATA/locks/run-ID.lock for as long as its process lives (the kernel releases it when the
process dies, SIGKILL included), so a run left `running` whose lock nobody holds was
abandoned: the next crawl closes it as killed instead of leaving it `running` forever."""

from __future__ import annotations

import fcntl
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

logger = logging.getLogger("civcas.crawl")
GRACE = timedelta(minutes=5)  # a run row without its lock yet: its process may be starting


def _path(data_dir: Path, run_id: int) -> Path:
    return Path(data_dir) / "locks" / f"run-{int(run_id)}.lock"


def hold(data_dir: Path, run_id: int) -> int | None:
    """Take the run's lock; the returned descriptor keeps it until closed (or death)."""
    path = _path(data_dir, run_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:  # the data folder is writable (checked first): hardly ever
        # Without its lock, a crawl starting after GRACE would take this run for abandoned.
        logger.warning("run %s: no liveness lock (%s)", run_id, exc)
        return None
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def release(data_dir: Path, run_id: int, fd: int | None) -> None:
    if fd is None:
        return
    try:
        _path(data_dir, run_id).unlink(missing_ok=True)
    finally:
        os.close(fd)


def abandoned(data_dir: Path, run_id: int, started_at: str | None = None) -> bool:
    """True when no live process holds the run's lock (it died without closing it). A run
    without a lock file (from a civcas before run locks, or one whose process has not yet
    taken it) counts only once it is older than a few minutes."""
    path = _path(data_dir, run_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return _older_than(started_at, GRACE)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its process is alive
    finally:
        os.close(fd)
    return True


def _older_than(stamp: str | None, age: timedelta) -> bool:
    try:
        started = datetime.fromisoformat((stamp or "").replace("Z", "+00:00"))
    except ValueError:
        return False
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return datetime.now(UTC) - started > age


def abandoned_runs(store, data_dir: Path) -> list[int]:
    """Runs left `running` by a process that is gone."""
    found = store.db.execute("SELECT id, started_at FROM crawl_runs WHERE status = 'running'")
    return [run_id for run_id, started_at in found.fetchall()
            if abandoned(data_dir, run_id, started_at)]


def close_abandoned_runs(store, data_dir: Path) -> list[int]:
    """Mark runs left `running` by a dead process as failed, closed `killed`."""
    closed = abandoned_runs(store, data_dir)
    for run_id in closed:
        store.close_abandoned_run(run_id)
        _path(data_dir, run_id).unlink(missing_ok=True)
        logger.warning("run %s was left running by a process that is gone: closed as killed",
                       run_id)
    return closed
