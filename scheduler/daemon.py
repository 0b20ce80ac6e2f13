"""The scheduler process: APScheduler 3 with its jobs in DATA/scheduler.db.

One job per source, named after it, triggered by the source's cron (UTC) or, for tests
and trials, by a fixed interval. Jobs are kept in a SQLAlchemy job store, so a restart
keeps each job's next run time; a job whose trigger is unchanged is left as it is.
Missed runs are coalesced into one, and a small jitter keeps sources from starting
together.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.config import Source, cron_trigger
from scheduler import jobs

logger = logging.getLogger("civcas.schedule")

JOBSTORE_FILE = "scheduler.db"
JOB_FUNC = "scheduler.jobs:scheduled_crawl"


@dataclass(frozen=True)
class Plan:
    """Which sources are scheduled and how."""

    sources: tuple[Source, ...]
    every: float | None = None  # seconds; overrides every cron when set
    jitter: float = 0
    misfire_grace: float = 3600
    max_parallel: int = 4

    def trigger(self, source: Source):
        from apscheduler.triggers.interval import IntervalTrigger

        jitter = int(self.jitter) or None
        if self.every:
            return IntervalTrigger(seconds=self.every, jitter=jitter, timezone="UTC")
        return cron_trigger(source.schedule, jitter)


def _same_trigger(a, b) -> bool:
    return type(a) is type(b) and str(a) == str(b) and getattr(a, "jitter", None) == getattr(
        b, "jitter", None
    )


def make_scheduler(data_dir: Path, max_parallel: int = 4, misfire_grace: float = 3600):
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{Path(data_dir).resolve() / JOBSTORE_FILE}"
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=url)},
        executors={"default": ThreadPoolExecutor(max(1, max_parallel))},
        job_defaults={
            "coalesce": True,  # runs missed while down (or while busy) become one
            "max_instances": 1,  # never two runs of one job at once in this process
            "misfire_grace_time": int(misfire_grace) or None,
        },
        timezone="UTC",
    )


def sync_jobs(scheduler, plan: Plan) -> None:
    """Make the stored jobs match the plan, keeping next run times of unchanged jobs."""
    wanted = {s.name: s for s in plan.sources}
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            logger.info("%s: job removed (not scheduled any more)", job.id)
            job.remove()
    for name, source in wanted.items():
        trigger = plan.trigger(source)
        job = scheduler.get_job(name)
        if job is None:
            scheduler.add_job(JOB_FUNC, trigger, args=[name], id=name, name=name)
        elif not _same_trigger(job.trigger, trigger):
            logger.info("%s: schedule changed to %s", name, trigger)
            scheduler.reschedule_job(name, trigger=trigger)
        else:
            # Same trigger: the stored next run time stands; refresh the other options.
            scheduler.modify_job(
                name,
                misfire_grace_time=int(plan.misfire_grace) or None,
                coalesce=True,
                max_instances=1,
            )


def job_rows(data_dir: Path, sources: list[Source]) -> list[tuple[str, str, str]]:
    """(source, trigger, next run) for every stored job, then configured sources that have
    no job yet, computed from their cron."""
    scheduler = make_scheduler(data_dir)
    scheduler.start(paused=True)
    try:
        stored = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    rows = []
    for name, job in sorted(stored.items()):
        rows.append((name, str(job.trigger), _when(job.next_run_time)))
    for source in sources:
        if source.name not in stored:
            nxt = cron_trigger(source.schedule).get_next_fire_time(None, datetime.now().astimezone())
            rows.append((source.name, f"cron {source.schedule}", f"{_when(nxt)} (not stored yet)"))
    return rows


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "paused"
    return moment.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")


class _Stopper:
    """First SIGTERM/SIGINT: start no new crawl, let running ones stop cleanly (each gets
    one SIGTERM: WARC closed, run marked partial). Second: the crawls stop at once."""

    def __init__(self):
        self.signals = 0
        self.requested = threading.Event()

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self.handle)
        signal.signal(signal.SIGINT, self.handle)

    def handle(self, signum, _frame) -> None:
        self.signals += 1
        jobs.stopping.set()
        self.requested.set()
        sent = jobs.forward_signal(signal.SIGTERM)
        if self.signals == 1:
            logger.warning(
                "stopping: %d crawl(s) asked to finish cleanly; signal again to stop at once", sent
            )
        else:
            logger.warning("stopping at once: %d crawl(s) told to stop now", sent)


class _QuietShutdown(logging.Filter):
    """A trigger that fires while the scheduler shuts down makes APScheduler log a
    traceback (its thread pool refuses the job); that run was meant not to start."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (jobs.stopping.is_set() and isinstance(exc, RuntimeError))


def run_forever(data_dir: Path, plan: Plan) -> None:
    stopper = _Stopper()
    stopper.install()
    logging.getLogger("apscheduler.scheduler").addFilter(_QuietShutdown())
    scheduler = make_scheduler(data_dir, plan.max_parallel, plan.misfire_grace)
    scheduler.start(paused=True)
    sync_jobs(scheduler, plan)
    for job in sorted(scheduler.get_jobs(), key=lambda j: j.id):
        logger.info("%s: next run %s (%s)", job.id, _when(job.next_run_time), job.trigger)
    scheduler.resume()
    logger.info("scheduler running with %d job(s); SIGTERM or Ctrl-C stops it", len(plan.sources))
    while not stopper.requested.wait(3600):
        pass
    scheduler.pause()
    # Running jobs finish: their crawls were signalled by the stopper.
    scheduler.shutdown(wait=True)
    logger.info("scheduler stopped")


def run_once(names: list[str]) -> list[jobs.RunOutcome]:
    """Run the named sources now, one after the other, and return what happened."""
    stopper = _Stopper()
    stopper.install()
    outcomes = []
    for name in names:
        if jobs.stopping.is_set():
            break
        outcomes.append(jobs.run_source(name))
    return outcomes
