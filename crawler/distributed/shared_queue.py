"""The shared request queue and duplicate filter, after scrapy-redis's design.

scrapy-redis itself is not a dependency: it needs redis-py >= 4.2 while pywb (our test
extra) pins redis-py 2.10.6, and pip cannot install both. These few classes keep its
layout (a sorted set per spider scored by -priority, a set of request fingerprints,
requests serialised with Scrapy's `Request.to_dict` and pickled, so callbacks must be
spider methods and `meta` must pickle) and add what a coordinator needs to know when a
crawl is over: a pop moves the request, in one atomic step, into the worker's `claimed`
set, where it stays until the worker has finished with it. A request is therefore
always either queued or claimed, and a worker that dies leaves its claims behind for
the coordinator to put back in the queue.
"""

from __future__ import annotations

import logging
import pickle

from scrapy import Request
from scrapy.utils.request import RequestFingerprinter, request_from_dict

from crawler.distributed.keys import JobKeys, connect

CLAIM = "civcas_claim"  # request.meta: the encoded request as it sits in `claimed`
logger = logging.getLogger("civcas.distributed")

# Take the first (highest priority) request and claim it, or nothing: one atomic step.
_POP_AND_CLAIM = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('ZADD', KEYS[2], top[2], top[1])
return top[1]
"""


def encode_request(request: Request, spider) -> bytes:
    as_dict = request.to_dict(spider=spider)
    # A claim is this worker's business; a redirect or retry copies meta, so drop it.
    as_dict["meta"] = {k: v for k, v in as_dict["meta"].items() if k != CLAIM}
    return pickle.dumps(as_dict, protocol=4)


def decode_request(data: bytes, spider) -> Request:
    return request_from_dict(pickle.loads(data), spider=spider)


class RequestQueue:
    """One source's queue in Redis; `worker_id` None for the coordinator (push only)."""

    def __init__(self, server, keys: JobKeys, source: str, worker_id: str | None = None):
        self.server = server
        self.key = keys.queue(source)
        self.claimed_key = keys.claimed(source, worker_id) if worker_id else None
        self._pop = server.register_script(_POP_AND_CLAIM)

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def push(self, request: Request, spider) -> None:
        self.server.execute_command("ZADD", self.key, -request.priority,
                                    encode_request(request, spider))

    def pop(self, spider) -> Request | None:
        data = self._pop(keys=[self.key, self.claimed_key])
        if not data:
            return None
        request = decode_request(data, spider)
        request.meta[CLAIM] = data
        return request

    def release(self, request: Request) -> None:
        """The worker is done with a request: its children are queued, its items sent."""
        data = request.meta.get(CLAIM)
        if data is not None:
            self.server.zrem(self.claimed_key, data)

    def release_all(self) -> None:
        self.server.delete(self.claimed_key)


class SeenRequests:
    """The shared duplicate filter: request fingerprints in a Redis set. Redirect hops
    are let through, as by crawler.dupefilter.RedirectAwareDupeFilter."""

    def __init__(self, server, keys: JobKeys, source: str, fingerprinter=None):
        self.server = server
        self.key = keys.seen(source)
        self.fingerprinter = fingerprinter or RequestFingerprinter()

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        return self.server.sadd(self.key, fingerprint) == 0


class RedisScheduler:
    """Scrapy's scheduler interface over the shared queue and duplicate filter.

    Settings: CIVCAS_REDIS_URL, CIVCAS_JOB, CIVCAS_WORKER_ID. Nothing is kept in this
    process: every request goes to Redis and comes back from it, so any worker may
    fetch what another found.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.server = connect(settings.get("CIVCAS_REDIS_URL"))
        self.keys = JobKeys(settings.getint("CIVCAS_JOB"))
        self.worker_id = settings.get("CIVCAS_WORKER_ID")
        self.spider = None
        self.queue: RequestQueue | None = None
        self.seen: SeenRequests | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.queue = RequestQueue(self.server, self.keys, spider.name, self.worker_id)
        self.seen = SeenRequests(
            self.server, self.keys, spider.name, self.crawler.request_fingerprinter
        )

    def close(self, reason: str) -> None:
        # The queue persists: other workers go on with it, the coordinator deletes it.
        return None

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    def __len__(self) -> int:
        return len(self.queue)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.seen.request_seen(request):
            self.crawler.stats.inc_value("dupefilter/filtered")
            return False
        self.queue.push(request, self.spider)
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self._holding_enough():
            return None
        request = self.queue.pop(self.spider)
        if request is not None:
            self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _holding_enough(self) -> bool:
        """Whether this worker already holds requests that only wait for a download slot
        (one host at a time, the delay): at most one waiting per slot in use. Scrapy
        would take up to CONCURRENT_REQUESTS from the queue at once; the rest stay in
        Redis, where an idle worker can take them."""
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        slots = getattr(downloader, "slots", None)
        if not slots:
            return False
        waiting = sum(len(getattr(slot, "queue", ())) for slot in slots.values())
        return waiting >= len(slots)
