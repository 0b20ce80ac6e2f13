"""The coordinator: `civcas crawl SOURCES --redis URL`.

It opens one run per source in the store, puts the job's spec and the start requests in
Redis, and then only applies the workers' writes (the one SQLite writer) and watches
the queues. The job is over when, in one atomic look, every source's queue is empty and
no live worker holds a claimed request: then it tells the workers, waits for them to
leave, applies their last writes and closes the runs. A worker that stops sending its
heartbeat has its claimed requests put back in the queue for the others.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
from pathlib import Path

import redis

from crawler.config import Config, Source
from crawler.distributed.applier import StoreWriter
from crawler.distributed.keys import (
    CURRENT_JOB, DONE, HEARTBEAT_SECONDS, JOB_SEQUENCE, RUNNING, STOPPING, JobKeys,
    connect, present_text, text, without_password,
)
from crawler.distributed.shared_queue import ClaimingQueue, SharedDupeFilter
from crawler.distributed.worker import JobSpec, SharedLinks, mark_documents
from crawler.runtime.runner import RunSummary
from crawler.runtime.session import CrawlSession, LocalLinks

TICK = 0.2
REDIS_LOST = "redis_lost"  # close reason of the runs of a job whose Redis went away
PROGRESS_EVERY = 5.0
WORKERS_LEAVE_WITHIN = 60.0  # seconds a finishing worker gets to send its last writes
logger = logging.getLogger("civcas.distributed")

# Nothing queued and nothing claimed by a live worker, for every source: one atomic step.
# KEYS: the queues, then ARGV: the job's base key, the workers set, the source names.
_DRAINED = """
for i = 1, #KEYS do
  if redis.call('ZCARD', KEYS[i]) > 0 then return 0 end
end
local workers = redis.call('SMEMBERS', ARGV[1] .. ':workers')
for _, w in ipairs(workers) do
  for j = 2, #ARGV do
    if redis.call('ZCARD', ARGV[1] .. ':' .. ARGV[j] .. ':claimed:' .. w) > 0 then return 0 end
  end
end
return 1
"""


class CoordinatorError(Exception):
    """The job cannot start; the message is one sentence for the user."""


def crawl_distributed(
    config: Config,
    sources: list[Source],
    data_dir: Path,
    redis_url: str,
    *,
    mirrors: dict[str, str],
    delay: float | None = None,
    progress: bool = False,
    recheck_all: bool = False,
    config_file: Path | None = None,
) -> list[RunSummary]:
    from crawler.runtime.runlog import run_status
    from crawler.runtime.runner import _configure_logging, _keep_caches_in

    data_dir = Path(data_dir)
    server = connect(redis_url)
    _refuse_a_second_job(server)
    _keep_caches_in(data_dir)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    _configure_logging(data_dir / "logs" / f"crawl-{stamp}-coordinator.log")

    job_id = server.incr(JOB_SEQUENCE)
    keys = JobKeys(job_id)
    cadence = None if recheck_all else config.recheck
    sessions: dict[int, CrawlSession] = {}
    seeds: dict[str, tuple] = {}
    links: dict[str, LocalLinks] = {}
    for source in sources:
        session = CrawlSession.begin(data_dir, source, config.crawl, config.channels,
                                     baseline=config.notify.baseline)
        sessions[session.run_id] = session
        # Every document the listings link is fetched: the workers' spiders could not
        # count the ones left alone, and the source would look broken (docs/distributed.md).
        seeds[source.name] = _seed_requests(config, source, session,
                                             session.recheck_urls(cadence), recheck_all)
        links[source.name] = session.links
    spec = JobSpec(job_id, {s.source.name: run_id for run_id, s in sessions.items()}, mirrors,
                   delay, config_file.read_text(encoding="utf-8") if config_file else None)
    queued = 0
    for name, (spider, requests) in seeds.items():
        # The workers' scrapy-redis queue and dupefilter, filled as their scheduler would.
        queue = ClaimingQueue(server, spider, keys.queue(name))
        seen = SharedDupeFilter(server, keys.dupefilter(name))
        # What the spider asked for while listing its start requests (its CrawlSession's
        # links) is where the workers' shared set starts.
        SharedLinks(server, keys, name).add(sorted(links[name].urls))
        for request in requests:
            # Start URLs skip the filter (dont_filter) but are seen all the same.
            if not seen.request_seen(request) or request.dont_filter:
                queue.push(mark_documents(request, spider))
                queued += 1
    server.set(keys.coordinator, "1", ex=HEARTBEAT_SECONDS)
    server.set(keys.spec, spec.to_json())
    server.set(keys.state, RUNNING)
    server.set(CURRENT_JOB, job_id)  # last: workers join a job that is complete
    logger.info("job %s: %d start requests queued for %s; waiting for workers"
                " (`civcas worker --redis URL --data-dir %s`)",
                job_id, queued, ", ".join(seeds), data_dir)

    writer = StoreWriter(server, keys, sessions)
    try:
        reason = _watch(server, keys, writer, list(seeds), progress)
        server.set(keys.state, DONE if reason == "finished" else STOPPING)
        _wait_for_workers_to_leave(server, keys, writer)
        writer.apply_pending()
    except redis.RedisError as exc:
        _fail_runs(sessions, writer, job_id)
        raise CoordinatorError(
            f"lost Redis at {without_password(redis_url)} during job {job_id} ({exc}); runs "
            f"{', '.join(str(r) for r in sessions)} closed failed ({REDIS_LOST})"
        ) from exc

    summaries = []
    for run_id, session in sessions.items():
        status = run_status(reason, session.counters)
        session.finish(status, requests=writer.requests[run_id], reason=reason)
        c = session.counters
        summaries.append(RunSummary(
            session.source.name, run_id, status, session.requests, c.responses,
            c.new_documents, c.changed_documents, c.removed_documents, c.errors,
            c.parse_mismatches,
        ))
    _clear_job(server, keys)
    logger.info("job %s %s: %d writes applied", job_id, reason, writer.applied)
    return summaries


def _fail_runs(sessions: dict[int, CrawlSession], writer: StoreWriter, job_id: int) -> None:
    """Redis went away: the writes still there are out of reach, so the runs cannot
    finish; they are closed failed rather than left `running`. What was applied stays."""
    logger.error("job %s: Redis is gone; closing runs %s failed (%s)", job_id,
                 ", ".join(str(r) for r in sessions), REDIS_LOST)
    for run_id, session in sessions.items():
        session.finish("failed", requests=writer.requests[run_id], reason=REDIS_LOST)


def _refuse_a_second_job(server) -> None:
    job_id = text(server.get(CURRENT_JOB))
    if job_id is not None and server.exists(JobKeys(int(job_id)).coordinator):
        raise CoordinatorError(
            f"a distributed crawl (job {job_id}) is already running on this Redis"
        )


def _seed_requests(config: Config, source: Source, session: CrawlSession, recheck_urls,
                   recheck_all: bool = False):
    """The source's spider, built here only to list its start requests (and to name
    their callbacks when they are serialised)."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    from crawler.runtime import settings as civcas_settings

    loader = get_spider_loader(Settings({"SPIDER_MODULES": civcas_settings.SPIDER_MODULES}))
    spider = loader.load(source.spider)(source=source, session=session,
                                        recheck_urls=recheck_urls, recheck_all=recheck_all)

    async def collect():
        return [request async for request in spider.start()]

    return spider, asyncio.run(collect())


def _watch(server, keys: JobKeys, writer: StoreWriter, sources: list[str], progress: bool) -> str:
    """Apply writes until the job is drained ('finished') or a signal stops it."""
    drained = server.register_script(_DRAINED)
    queues = [keys.queue(name) for name in sources]
    stop = _StopOnSignal()
    last_progress = time.monotonic()
    while True:
        server.set(keys.coordinator, "1", ex=HEARTBEAT_SECONDS)
        writer.apply_pending()
        _requeue_from_lost_workers(server, keys, sources)
        if stop.asked:
            logger.warning("job %s: stop asked; workers finish what they hold", keys.job_id)
            return "shutdown"
        if drained(keys=queues, args=[keys.base, *sources]) == 1:
            return "finished"
        if time.monotonic() - last_progress >= PROGRESS_EVERY:
            last_progress = time.monotonic()
            _report(server, keys, writer, queues, progress)
        time.sleep(TICK)


def _report(server, keys: JobKeys, writer: StoreWriter, queues: list[str], progress: bool):
    waiting = sum(server.zcard(q) for q in queues)
    workers = sorted(present_text(w) for w in server.smembers(keys.workers))
    responses = sum(s.counters.responses for s in writer.sessions.values())
    line = (f"job {keys.job_id}: {len(workers)} workers ({', '.join(workers) or 'none yet'}),"
            f" {waiting} requests queued, {responses} responses, {writer.applied} writes applied")
    logger.info(line)
    if progress:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _requeue_from_lost_workers(server, keys: JobKeys, sources: list[str]) -> None:
    for raw in server.smembers(keys.workers):
        worker_id = present_text(raw)
        if server.exists(keys.worker_alive(worker_id)):
            continue
        put_back = 0
        for name in sources:
            claimed = keys.claimed(name, worker_id)
            put_back += server.zcard(claimed)
            # Back into the queue with their priority; another worker fetches them again.
            server.zunionstore(keys.queue(name), [keys.queue(name), claimed], aggregate="MIN")
            server.delete(claimed)
        server.srem(keys.workers, worker_id)
        logger.warning("job %s: worker %s stopped answering; %d requests it held were put back"
                       " in the queue", keys.job_id, worker_id, put_back)


def _wait_for_workers_to_leave(server, keys: JobKeys, writer: StoreWriter) -> None:
    deadline = time.monotonic() + WORKERS_LEAVE_WITHIN
    while server.scard(keys.workers) and time.monotonic() < deadline:
        server.set(keys.coordinator, "1", ex=HEARTBEAT_SECONDS)
        writer.apply_pending()
        for raw in server.smembers(keys.workers):
            if not server.exists(keys.worker_alive(present_text(raw))):
                server.srem(keys.workers, raw)  # gone without saying so
        time.sleep(TICK)
    left = sorted(present_text(w) for w in server.smembers(keys.workers))
    if left:
        logger.warning("job %s: workers %s did not leave in time; their later writes are lost",
                       keys.job_id, ", ".join(left))


def _clear_job(server, keys: JobKeys) -> None:
    if text(server.get(CURRENT_JOB)) == str(keys.job_id):
        server.delete(CURRENT_JOB)
    names = list(server.scan_iter(match=keys.pattern(), count=500))
    if names:
        server.delete(*names)


class _StopOnSignal:
    """SIGTERM or Ctrl-C: stop the job gracefully (workers finish what they hold)."""

    def __init__(self):
        self.asked = False
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._ask)

    def _ask(self, signum, frame) -> None:
        self.asked = True
