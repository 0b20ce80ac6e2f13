"""The shared request queue and duplicate filter: scrapy-redis's, with claims.

Workers schedule through `scrapy_redis.scheduler.Scheduler` with SCHEDULER_PERSIST on (a
worker that closes leaves the queue and the fingerprints to the others; the coordinator
deletes them with the job's other keys). Its PriorityQueue (a sorted set per spider,
scored by -priority, of pickled `Request.to_dict(spider=...)`: callbacks must be spider
methods and `meta` must pickle) and its RFPDupeFilter (a set of request fingerprints)
are used with three changes, each a subclass:

- ClaimingQueue: a pop moves the request, in one atomic Lua step, from the queue into the
  worker's `claimed` set, where it stays until the worker has finished with it. A request
  is therefore always either queued or claimed: the coordinator knows the job is over
  when every queue is empty and nothing is claimed, and puts a dead worker's claims back.
- SharedDupeFilter: redirect hops pass, as in a single crawl (crawler/runtime/dupefilter.py).
- ClaimingScheduler: takes a request from Redis only when this worker has a download slot
  free for it, so that requests wait in Redis, where an idle worker can take them.
"""

from __future__ import annotations

import warnings

from scrapy import Request
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.keys import JobKeys

CLAIM = "civcas_claim"  # request.meta: the encoded request as it sits in `claimed`

# scrapy-redis 0.9.1 still calls what Scrapy 2.19 deprecates (Spider.log, `spider` for
# the stats collector), harmlessly: warnings in worker logs no operator can act on.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module=r"scrapy_redis\.")

# Take the first (highest priority) request and claim it, or nothing: one atomic step.
_POP_AND_CLAIM = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('ZADD', KEYS[2], top[2], top[1])
return top[1]
"""


def scheduler_settings(keys: JobKeys, redis_url: str) -> dict:
    """The scrapy-redis settings of a worker in job `keys`."""
    return {
        "SCHEDULER": "crawler.distributed.shared_queue.ClaimingScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.shared_queue.ClaimingQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.shared_queue.SharedDupeFilter",
        "SCHEDULER_QUEUE_KEY": keys.queue("%(spider)s"),
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter("%(spider)s"),
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
    }


class ClaimingQueue(PriorityQueue):
    """scrapy-redis's priority queue, popping into the worker's `claimed` set. The
    coordinator, which only pushes, has no claims (a spider without a worker id)."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        settings = getattr(spider, "settings", None)
        worker_id = settings.get("CIVCAS_WORKER_ID") if settings is not None else None
        self.claimed_key: str | None = None
        if settings is not None and worker_id:
            self.claimed_key = JobKeys(settings.getint("CIVCAS_JOB")).claimed(spider.name, worker_id)
        self._pop_and_claim = server.register_script(_POP_AND_CLAIM)

    def push(self, request: Request) -> None:
        # A claim is one worker's business; a redirect or a retry copies meta.
        request.meta.pop(CLAIM, None)
        super().push(request)

    def pop(self, timeout=0) -> Request | None:
        if self.claimed_key is None:
            raise RuntimeError("only a worker pops requests")
        data = self._pop_and_claim(keys=[self.key, self.claimed_key])
        if not data:
            return None
        request = self._decode_request(data)
        request.meta[CLAIM] = data
        return request

    def release(self, request: Request) -> None:
        """The worker is done with a request: its children are queued, its items sent."""
        data = request.meta.get(CLAIM)
        if data is not None and self.claimed_key is not None:
            self.server.zrem(self.claimed_key, data)

    def release_all(self) -> None:
        if self.claimed_key is not None:
            self.server.delete(self.claimed_key)


class SharedDupeFilter(RFPDupeFilter):
    """scrapy-redis's fingerprint set, except for redirect hops: a redirect to a page
    already requested is let through (RedirectLoopMiddleware and REDIRECT_MAX_TIMES stop
    loops), as crawler.runtime.dupefilter.RedirectAwareDupeFilter does in a single crawl."""

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        return super().request_seen(request)


class ClaimingScheduler(Scheduler):
    """scrapy-redis's scheduler, taking from Redis only what this worker can start soon.

    Scrapy would take up to CONCURRENT_REQUESTS at once and leave them waiting for a
    download slot (one host at a time, the delay) while other workers sit idle; this
    one holds at most one waiting request per download slot in use."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def next_request(self) -> Request | None:
        if self._holding_enough():
            return None
        return super().next_request()

    def _holding_enough(self) -> bool:
        try:
            downloader = self.crawler.engine.downloader
        except (AttributeError, RuntimeError):  # no engine (yet): nothing is held
            return False
        slots = getattr(downloader, "slots", None)
        if not slots:
            return False
        waiting = sum(len(getattr(slot, "queue", ())) for slot in slots.values())
        return waiting >= len(slots)
