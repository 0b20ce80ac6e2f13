"""One lock file per source (DATA/locks/SOURCE.lock), so two crawls of a source never run
at once even from two scheduler processes. flock is released by the kernel when its
holder dies, so a crashed scheduler leaves no stale lock."""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SourceBusy(Exception):
    """Another process holds the source's lock."""


def lock_path(data_dir: Path, source: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", source)
    return Path(data_dir) / "locks" / f"{safe}.lock"


@contextmanager
def source_lock(data_dir: Path, source: str) -> Iterator[None]:
    path = lock_path(data_dir, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise SourceBusy(f"a crawl of {source} is already running (process {holder})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
