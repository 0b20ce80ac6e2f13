"""A private redis-server for the distributed tests, and the coordinator and workers as
real subprocesses."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """`redis-server` on 127.0.0.1 and a free port, in a folder of its own, nothing saved
    to disk; stopped (and waited for) on exit. Never a system service."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        if not os.path.exists(REDIS_SERVER):
            pytest.fail("redis-server is not installed (`make test` installs Debian's)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        pytest.fail("redis-server did not start")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def civcas_popen(*args: str, log: Path) -> subprocess.Popen:
    """`civcas ARGS` in the background, its output into `log`."""
    out = open(log, "w", encoding="utf-8")  # noqa: SIM115  closed by the caller's wait
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], stdout=out,
                            stderr=subprocess.STDOUT, env=dict(os.environ))



def wait_all(processes: list[subprocess.Popen], timeout: float, logs: list[Path]) -> list[int]:
    """Their exit codes; past `timeout` seconds (all together) they are killed and the
    test fails with the end of each log, so that a hang says where it hung."""
    deadline = time.monotonic() + timeout
    try:
        return [p.wait(timeout=max(0.1, deadline - time.monotonic())) for p in processes]
    except subprocess.TimeoutExpired:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait()
        tails = "".join(f"\n--- {log.name} ---\n" + "\n".join(
            log.read_text(errors="replace").splitlines()[-40:]) for log in logs)
        pytest.fail(f"not finished within {timeout:g} s{tails}")


class KeyWatcher:
    """Looks at a job's Redis keys while it runs (every 0.2 s, from a thread of the test
    process): each key's type, and every fingerprint its dupefilter sets ever held. The
    coordinator deletes a job's keys when it ends, so they are seen on the way."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.types: dict[str, str] = {}
        self.fingerprints: dict[str, set[str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> KeyWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                for raw in self.client.scan_iter(match="civcas:job:*", count=500):
                    key = raw.decode()
                    kind = self.client.type(raw).decode()
                    if kind != "none":
                        self.types[key] = kind
                    if key.endswith(":dupefilter") and kind == "set":
                        self.fingerprints.setdefault(key, set()).update(
                            m.decode() for m in self.client.smembers(raw))
            except Exception:  # noqa: BLE001  the server stopping under us: look again
                continue
