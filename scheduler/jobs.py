"""One scheduled run of one source: lock, crawl subprocess with a time limit, health, delivery.

Scrapy's reactor cannot be restarted, so every crawl is its own `civcas crawl SOURCE`
process. The job that starts it holds a lock file for the source, so two runs of one
source never overlap, even from two scheduler processes.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from archive import health
from archive.store import Store
from crawler.config import Config
from scheduler.locks import SourceBusy, source_lock

logger = logging.getLogger("civcas.schedule")


@dataclass(frozen=True)
class Runtime:
    """What every job of this scheduler process needs; set once by `configure`. Kept out
    of the job store on purpose: a restart with other options uses the new ones."""

    data_dir: Path
    config_file: Path | None
    config: Config
    crawl_options: tuple[str, ...] = ()  # --mirror/--delay/--max-pages passed to the crawl
    time_limit: float = 4 * 3600
    stop_grace: float = 120


@dataclass
class RunOutcome:
    source: str
    state: str  # 'done', 'refused' (another run holds the lock) or 'skipped' (stopping)
    exit_code: int | None = None
    runs: list[dict] = field(default_factory=list)
    timed_out: bool = False
    health: health.HealthChange | None = None

    @property
    def failed(self) -> bool:
        return self.state == "refused" or any(r["status"] == "failed" for r in self.runs)


_runtime: Runtime | None = None
_children: dict[str, subprocess.Popen] = {}
# Reentrant: the signal handler takes it in the main thread, which may hold it (--once).
_children_lock = threading.RLock()
stopping = threading.Event()


def configure(runtime: Runtime) -> None:
    """Set what every job needs, and create or migrate the store once, here: crawls that
    start together must not each try to migrate a fresh store."""
    global _runtime
    _runtime = runtime
    Store.open(runtime.data_dir).close()


def forward_signal(signum: int) -> int:
    """Pass a stop signal to every running crawl; return how many got it."""
    with _children_lock:
        procs = list(_children.values())
    for proc in procs:
        try:
            proc.send_signal(signum)
        except ProcessLookupError:
            pass
    return len(procs)


def scheduled_crawl(source: str) -> None:
    """The job the scheduler stores for each source (referenced by name in the job store)."""
    run_source(source)


def run_source(source: str) -> RunOutcome:
    rt = _runtime
    if rt is None:
        raise RuntimeError("scheduler.jobs.configure() was not called")
    if stopping.is_set():
        return RunOutcome(source, "skipped")
    try:
        with source_lock(rt.data_dir, source):
            outcome = _crawl(rt, source)
            _judge(rt, outcome)
    except SourceBusy as busy:
        logger.warning("%s: not started, %s", source, busy)
        return RunOutcome(source, "refused")
    if not stopping.is_set() and rt.config.watchers:
        deliver(rt)
    return outcome


def crawl_command(rt: Runtime, source: str) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", source, "--data-dir", str(rt.data_dir)]
    if rt.config_file is not None:
        cmd += ["--config", str(rt.config_file)]
    return cmd + list(rt.crawl_options)


def _last_run_id(rt: Runtime) -> int:
    store = Store.open(rt.data_dir)
    try:
        return store.last_run_id()
    finally:
        store.close()


def _crawl(rt: Runtime, source: str) -> RunOutcome:
    before = _last_run_id(rt)
    started = time.monotonic()
    logger.info("%s: crawl starts", source)
    # Its own session: a Ctrl-C on the terminal reaches the scheduler only, which passes
    # exactly one signal on (two would force the crawl to stop at once).
    proc = subprocess.Popen(
        crawl_command(rt, source), stdout=subprocess.DEVNULL, start_new_session=True
    )
    with _children_lock:
        _children[source] = proc
    outcome = RunOutcome(source, "done")
    try:
        outcome.exit_code = _wait(proc, rt, source, outcome)
    finally:
        with _children_lock:
            _children.pop(source, None)
    outcome.runs = _runs_since(rt, source, before, outcome.timed_out)
    elapsed = time.monotonic() - started
    for run in outcome.runs:
        logger.info(
            "%s: run %s %s in %.1f s (%s responses, %s documents, %s new, %s changed, %s errors)",
            source, run["id"], run["status"], elapsed, run["responses"], run["documents_seen"],
            run["new_documents"], run["changed_documents"], run["errors"],
        )
    return outcome


def _wait(proc: subprocess.Popen, rt: Runtime, source: str, outcome: RunOutcome) -> int:
    try:
        return proc.wait(timeout=rt.time_limit)
    except subprocess.TimeoutExpired:
        outcome.timed_out = True
        logger.warning("%s: still crawling after %s s; stopping it", source, rt.time_limit)
        proc.send_signal(signal.SIGTERM)  # closes the WARC, marks the run partial
    try:
        return proc.wait(timeout=rt.stop_grace)
    except subprocess.TimeoutExpired:
        logger.warning("%s: did not stop within %s s; killed", source, rt.stop_grace)
        proc.kill()
        return proc.wait()


def _runs_since(rt: Runtime, source: str, before: int, timed_out: bool) -> list[dict]:
    """The runs the crawl process left; one it could not close (killed) is marked failed,
    and one stopped at the time limit says so (it counts for the source's health)."""
    store = Store.open(rt.data_dir)
    try:
        for run in store.runs_since(source, before):
            if run["status"] == "running":
                store.close_abandoned_run(run["id"])
            if timed_out:
                store.mark_time_limit(run["id"])
        return store.runs_since(source, before)
    finally:
        store.close()


def _judge(rt: Runtime, outcome: RunOutcome) -> None:
    store = Store.open(rt.data_dir, rt.config.channels)
    try:
        change = health.evaluate(
            store,
            outcome.source,
            runs_in_a_row=rt.config.health.runs_in_a_row,
            parse_failure_share=rt.config.health.parse_failure_share,
            drift=health.DriftRule(rt.config.health.drift_runs, rt.config.health.drift_share,
                                   rt.config.health.drift_min_versions),
        )
    finally:
        store.close()
    if change is not None:
        log = logger.error if change.state in ("broken", "drifting") else logger.warning
        log("%s: source %s: %s", change.source, change.state.upper(), change.reason)
    outcome.health = change


def deliver(rt: Runtime) -> None:
    """Send the watchers' pending notifications (`civcas notify`); a failure is one line."""
    cmd = [sys.executable, "-m", "crawler.cli", "notify", "--data-dir", str(rt.data_dir)]
    if rt.config_file is not None:
        cmd += ["--config", str(rt.config_file)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("delivery: `civcas notify` did not run: %s", exc)
        return
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        logger.warning(
            "delivery: `civcas notify` exited %s: %s",
            done.returncode, lines[-1] if lines else "no message",
        )
