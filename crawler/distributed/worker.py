"""A worker: joins the job on a Redis server, fetches from the shared queues until the
coordinator says the job is done, writes its own WARC files and sends every store write
through Redis.

One Scrapy crawler per source of the job, as in a single-process crawl, with three
changes of wiring (see `worker_settings`): the scheduler is the shared Redis queue, the
store pipeline is a relay to the coordinator, and the run bookkeeping is this module's
WorkerRecorder. The spiders are the configured ones, unchanged: what differs in a worker
they ask of their session (WorkerSession: no start requests of their own, the job's
shared set of URLs asked for), and the document hints come in through the public
`take_as_document` (ClaimsAndHints).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider

from archive.recheck import RecheckCadence
from archive.store import Store
from archive.warc import WarcWriter
from crawler.config import Source, load_config
from crawler.distributed.channel import (
    ITEM_TYPES, ReadOnlyStore, WorkerStore, WriteChannel, encode_item,
)
from crawler.distributed.keys import (
    CURRENT_JOB, DONE, HEARTBEAT_SECONDS, RUNNING, JobKeys, connect, present_text, text,
    without_password,
)
from crawler.distributed.shared_queue import ClaimingQueue, scheduler_settings
from crawler.runtime.runlog import run_status
from crawler.runtime.session import Counters

DOCUMENT_HINT = "civcas_document"  # request.meta: the spider that found it took it for a document
TICK = 0.5  # seconds between heartbeats, state checks and queue polls
LOST_AFTER = 2 * HEARTBEAT_SECONDS  # seconds without an answer from Redis: the job is lost
logger = logging.getLogger("civcas.distributed")


class WorkerError(Exception):
    """The worker cannot join the job; the message is one sentence for the user."""


@dataclass
class WorkerSession:
    """A worker's Session (crawler/runtime/session.py): what its spiders, middlewares and
    pipeline reach through `spider.session`. The store is read-only and written through
    Redis, the URLs asked for are the job's (shared by every worker of the source), and
    the start requests are the coordinator's."""

    source: Source
    store: WorkerStore
    warcs: WarcWriter
    run_id: int
    data_dir: Path
    worker_id: str
    links: SharedLinks
    counters: Counters = field(default_factory=Counters)
    status: str = "running"
    starts_crawl: bool = False  # the coordinator queued the start requests
    # Ids of the items ClaimsAndHints sent, which RelayPipeline then does not send again.
    relayed: set[int] = field(default_factory=set)

    def recheck_urls(self, cadence: RecheckCadence | None) -> list[str]:
        return self.store.recheck_urls(self.source.name, cadence)

    def finish(self, status: str, requests: int, reason: str | None = None) -> None:
        """Close this worker's WARC files. The run's row is the coordinator's: `status`
        (what this worker saw) is kept here only, and the requests went as writes."""
        self.status = status
        self.warcs.close()


class SharedLinks:
    """The canonical URLs a source's spiders asked for in this job, in a Redis set: the
    LinkLedger of a worker's session, seeded by the coordinator."""

    def __init__(self, server, keys: JobKeys, source: str):
        self.server, self.key = server, keys.linked(source)

    def first_time(self, canonical: str) -> bool:
        return self.server.sadd(self.key, canonical) == 1

    def forget(self, canonical: str) -> None:
        self.server.srem(self.key, canonical)

    def asked(self, canonicals: Iterable[str]) -> set[str]:
        canonicals = list(canonicals)
        if not canonicals:
            return set()
        found = self.server.smismember(self.key, canonicals)
        return {c for c, member in zip(canonicals, found, strict=True) if member}

    def add(self, canonicals) -> None:
        if canonicals:
            self.server.sadd(self.key, *canonicals)


def mark_documents(request: Request, spider) -> Request:
    """A request for a page the spider takes for a document says so (DOCUMENT_HINT), so
    that the worker's spider that fetches it takes it for one too."""
    is_document = getattr(spider, "is_document", None)
    if is_document is not None and is_document(request.url):
        request.meta[DOCUMENT_HINT] = True
    return request


class ClaimsAndHints:
    """Spider middleware of workers: passes document hints on with the requests a page
    links to, and releases a request's claim once everything its callback produced was
    queued or sent (so a worker killed later does not have it fetched again).

    Items are sent to the coordinator here, as they come out of the callback: Scrapy
    runs item pipelines later, so a claim released once the callback's output was
    consumed could go before its items did, and a worker killed in between would lose
    a page nobody fetches again. RelayPipeline sends only what did not come this way."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_input(self, response, spider=None):
        spider = spider or self.crawler.spider
        if response.meta.get(DOCUMENT_HINT) and hasattr(spider, "take_as_document"):
            spider.take_as_document(response.url)
        return None

    def process_spider_output(self, response, result, spider=None):
        spider = spider or self.crawler.spider
        try:
            for output in result:
                yield _pass_on(output, spider)
        finally:
            release(self.crawler, response.request)

    async def process_spider_output_async(self, response, result, spider=None):
        spider = spider or self.crawler.spider
        try:
            async for output in result:
                yield _pass_on(output, spider)
        finally:
            release(self.crawler, response.request)


def claims(crawler) -> ClaimingQueue | None:
    """The queue of this crawler's scrapy-redis scheduler, which holds its claims (None
    once the engine has closed: the coordinator puts back what was still claimed)."""
    try:
        return crawler.engine.scheduler.queue
    except (AttributeError, RuntimeError):  # no engine or no scheduler (any more)
        return None


def release(crawler, request) -> None:
    queue = claims(crawler)
    if queue is not None:
        queue.release(request)


def _pass_on(output, spider):
    if isinstance(output, Request):
        return mark_documents(output, spider)
    if isinstance(output, tuple(ITEM_TYPES.values())):
        relay_item(spider, output)
        spider.session.relayed.add(id(output))
    return output


def relay_item(spider, item) -> None:
    session: WorkerSession = spider.session
    session.store.channel.send("item", run_id=session.run_id, item=encode_item(item))


class RelayPipeline:
    """Items go to the coordinator's store pipeline, through Redis."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        relayed = spider.session.relayed
        if id(item) in relayed:
            relayed.discard(id(item))  # sent by ClaimsAndHints before its claim was released
        else:
            relay_item(spider, item)
        return item


class WorkerRecorder:
    """Keeps a worker's spider open while the job runs, hands back its claims when it
    has nothing to do, and reports how many requests it sent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self._reported = 0
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def report_requests(self, spider) -> None:
        sent = self.crawler.stats.get_value("downloader/request_count", 0)
        if sent > self._reported:
            spider.session.store.channel.send("requests", run_id=spider.session.run_id,
                                              count=sent - self._reported)
            self._reported = sent

    def idle(self, spider):
        # Idle means nothing downloading, nothing in the scraper: every request this
        # worker claimed has had its children queued and its items sent.
        self.report_requests(spider)
        queue = claims(self.crawler)
        if queue is not None:
            queue.release_all()
        raise DontCloseSpider("the job is still running")

    def closed(self, spider, reason):
        try:
            self.report_requests(spider)
        except Exception as exc:  # noqa: BLE001  Redis gone: the WARC files still close
            logger.warning("worker: the last request count of %s was not sent: %s",
                           spider.name, exc)
        finally:
            session: WorkerSession = spider.session
            session.finish(run_status(reason, session.counters), requests=self._reported,
                           reason=reason)


# -- joining a job ------------------------------------------------------------------------

@dataclass(frozen=True)
class JobSpec:
    job_id: int
    runs: dict[str, int]  # source name -> run id
    mirrors: dict[str, str]
    delay: float | None
    config_text: str | None  # the coordinator's --config file, if any

    @classmethod
    def from_json(cls, job_id: int, raw: str) -> JobSpec:
        spec = json.loads(raw)
        return cls(job_id, dict(spec["runs"]), dict(spec["mirrors"]), spec["delay"],
                   spec["config_text"])

    def to_json(self) -> str:
        return json.dumps({"runs": self.runs, "mirrors": self.mirrors, "delay": self.delay,
                           "config_text": self.config_text})


def wait_for_job(server, wait: float | None, tell=None) -> JobSpec:
    """The running job's spec; waits for one up to `wait` seconds (None: forever).
    `tell(line)` is told once when there is none yet (the log file is not open yet)."""
    deadline = None if wait is None else time.monotonic() + wait
    told = False
    while True:
        job_id = text(server.get(CURRENT_JOB))
        if job_id is not None:
            keys = JobKeys(int(job_id))
            raw, state = server.get(keys.spec), text(server.get(keys.state))
            if raw is not None and state == RUNNING:
                return JobSpec.from_json(int(job_id), present_text(raw))
        if deadline is not None and time.monotonic() >= deadline:
            raise WorkerError(f"no distributed crawl started on this Redis within {wait:g} s")
        if not told:
            line = "waiting for a coordinator (`civcas crawl ... --redis URL`)"
            logger.info(line)
            if tell is not None:
                tell(line)
            told = True
        time.sleep(TICK)


def _config_of(spec: JobSpec):
    if spec.config_text is None:
        return load_config()
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as f:
        f.write(spec.config_text)
    try:
        return load_config(f.name)
    finally:
        os.unlink(f.name)


def _open_store(data_dir: Path, spec: JobSpec) -> ReadOnlyStore:
    path = data_dir / Store.FILENAME
    missing = WorkerError(
        f"{data_dir} is not the coordinator's data folder (its store does not hold runs "
        f"{sorted(spec.runs.values())}); workers need that folder, shared"
    )
    if not path.exists():
        raise missing
    store = ReadOnlyStore(path)
    found = {row[0] for row in store.db.execute(
        "SELECT id FROM crawl_runs WHERE id IN (%s)" % ",".join("?" * len(spec.runs)),
        list(spec.runs.values()))}
    if found != set(spec.runs.values()):
        store.close()
        raise missing
    return store


def worker_settings(config, spec: JobSpec, redis_url: str, worker_id: str) -> dict:
    from crawler.runtime.settings import build_settings

    settings = build_settings(config.crawl, mirrors=spec.mirrors, max_pages=None,
                              delay=spec.delay, progress=False)
    settings.update(
        **scheduler_settings(JobKeys(spec.job_id), redis_url),
        ITEM_PIPELINES={"crawler.distributed.worker.RelayPipeline": 300},
        EXTENSIONS={"crawler.distributed.worker.WorkerRecorder": 500,
                    "crawler.runtime.gctune.GcTuning": 510},
        SPIDER_MIDDLEWARES={"crawler.distributed.worker.ClaimsAndHints": 950},
        CIVCAS_JOB=spec.job_id,
        CIVCAS_WORKER_ID=worker_id,
    )
    return settings


def run_worker(redis_url: str, data_dir: Path, *, wait: float | None = None, tell=None) -> str:
    """Join the job on `redis_url` (waiting for one up to `wait` seconds, saying so
    through `tell`), crawl until it is done, and return this worker's id.
    WorkerError/RedisUnavailable when it cannot."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import get_spider_loader

    from crawler.runtime.runner import _configure_logging, _keep_caches_in, _keep_tldextract_offline

    data_dir = Path(data_dir)
    server = connect(redis_url)
    spec = wait_for_job(server, wait, tell)
    keys = JobKeys(spec.job_id)
    reader = _open_store(data_dir, spec)
    config = _config_of(spec)
    missing = sorted(set(spec.runs) - set(config.sources))
    if missing:
        raise WorkerError(f"this worker's configuration has no source {missing[0]!r}")

    # The id comes from Redis, never from a host name or the config: safe in file names.
    worker_id = f"w{server.incr(keys.worker_sequence)}"
    _keep_caches_in(data_dir)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    _configure_logging(data_dir / "logs" / f"worker-{stamp}-{worker_id}.log")
    _keep_tldextract_offline()
    server.sadd(keys.workers, worker_id)
    _heartbeat(server, keys, worker_id)
    logger.info("worker %s joined job %s (%s)", worker_id, spec.job_id, ", ".join(spec.runs))

    settings = worker_settings(config, spec, redis_url, worker_id)
    process = CrawlerProcess(settings)
    loader = get_spider_loader(process.settings)
    channel = WriteChannel(server, keys, worker_id)
    store = WorkerStore(reader, channel)
    for name, run_id in spec.runs.items():
        source = config.sources[name]
        prefix = f"civcas-{_safe(name)}-{worker_id}"
        warcs = WarcWriter(data_dir / "warcs", prefix=prefix, info={
            "operator": config.crawl.contact_url,
            "http-header-user-agent": config.crawl.user_agent,
            "robots": "obey" if config.crawl.obey_robots else "ignore",
            "description": f"civcas crawl of source {name}, distributed job {spec.job_id},"
                           f" worker {worker_id}",
        })
        session = WorkerSession(source, store, warcs, run_id, data_dir, worker_id,
                                SharedLinks(server, keys, name))
        process.crawl(loader.load(source.spider), source=source, session=session)

    ticker = _Ticker(server, keys, worker_id, process)
    from twisted.internet import task

    loop = task.LoopingCall(ticker.tick)
    loop.start(TICK, now=False)
    try:
        process.start()
    finally:
        store.close()
        if not ticker.lost:
            # Everything this worker wrote is on the list: it may leave.
            server.srem(keys.workers, worker_id)
            server.delete(keys.worker_alive(worker_id))
            logger.info("worker %s done", worker_id)
    if ticker.lost:
        raise WorkerError(
            f"lost Redis at {without_password(redis_url)}: no answer for {LOST_AFTER:g} s;"
            f" worker {worker_id} stopped (its WARC files hold what it fetched)")
    return worker_id


def _safe(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")


def _heartbeat(server, keys: JobKeys, worker_id: str) -> None:
    server.set(keys.worker_alive(worker_id), "1", ex=HEARTBEAT_SECONDS)


class _Ticker:
    """Every TICK: the heartbeat, the coordinator's word, and a nudge to idle engines
    (Scrapy looks at an idle scheduler only every 5 s; another worker may have queued
    something since)."""

    def __init__(self, server, keys: JobKeys, worker_id: str, process):
        self.server, self.keys, self.worker_id, self.process = server, keys, worker_id, process
        self.stopping = False
        self.lost = False  # Redis did not answer for LOST_AFTER seconds
        self._failing_since: float | None = None

    def tick(self) -> None:
        if self.stopping:
            return
        try:
            _heartbeat(self.server, self.keys, self.worker_id)
            # Back in the set if the coordinator dropped this worker after a heartbeat
            # lapsed (a reactor starved of CPU for seconds): its claims count again for
            # the end of the job, and the coordinator waits for its last writes.
            self.server.sadd(self.keys.workers, self.worker_id)
            state = text(self.server.get(self.keys.state))
        except Exception as exc:  # noqa: BLE001  a Redis hiccup: try again next tick
            logger.warning("worker %s: Redis did not answer: %s", self.worker_id, exc)
            now = time.monotonic()
            self._failing_since = self._failing_since or now
            if now - self._failing_since >= LOST_AFTER:
                # Nothing can be queued, claimed or sent: the coordinator has closed the
                # runs (redis_lost) or will, so waiting longer only fills the log.
                logger.error("worker %s: Redis lost for %g s; stopping", self.worker_id,
                             LOST_AFTER)
                self.stopping = self.lost = True
                self.process.stop()
            return
        self._failing_since = None
        if state != RUNNING:
            # DONE: the queue is drained; STOPPING (or the job gone): the user stopped it.
            self.stopping = True
            logger.info("worker %s: the coordinator says the job is %s", self.worker_id,
                        state or "gone")
            self.process.stop()
            return
        for crawler in self.process.crawlers:
            slot = getattr(getattr(crawler, "engine", None), "_slot", None)
            if slot is not None:
                slot.nextcall.schedule()


__all__ = ["DONE", "WorkerError", "run_worker"]
