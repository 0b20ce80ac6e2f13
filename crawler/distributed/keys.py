"""The Redis connection and the names of every key one distributed crawl (a job) uses.

All keys live under `civcas:job:<id>:`, so a job's leftovers never mix with the next
job's, and the coordinator deletes them all when the job ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENT_JOB = "civcas:job"  # the id of the job workers should join
JOB_SEQUENCE = "civcas:job-seq"
HEARTBEAT_SECONDS = 10  # a worker or coordinator silent this long is gone

# Job states, in the job's `state` key.
RUNNING, DONE, STOPPING = "running", "done", "stopping"


class RedisUnavailable(Exception):
    """The Redis server cannot be reached; the message is one sentence for the user."""


def connect(url: str):
    """A client for `url`, checked with a PING; RedisUnavailable when it does not answer."""
    import redis

    try:
        client = redis.StrictRedis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except ValueError as exc:
        raise RedisUnavailable(f"{url!r} is not a Redis URL ({exc})") from exc
    except redis.RedisError as exc:
        raise RedisUnavailable(f"cannot reach Redis at {without_password(url)}: {exc}") from exc
    return client


def without_password(url: str) -> str:
    return re.sub(r"//[^@/]*@", "//***@", url)


def text(value) -> str | None:
    """A Redis reply as text (replies are bytes); None for a missing key."""
    if value is None:
        return None
    return present_text(value)


def present_text(value: bytes | str) -> str:
    """A Redis reply that cannot be missing (a set member, a value checked first) as text."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class JobKeys:
    job_id: int

    @property
    def base(self) -> str:
        return f"civcas:job:{self.job_id}"

    @property
    def spec(self) -> str:  # JSON: runs, mirrors, delay, config text
        return f"{self.base}:spec"

    @property
    def state(self) -> str:
        return f"{self.base}:state"

    @property
    def coordinator(self) -> str:  # the coordinator's heartbeat
        return f"{self.base}:coordinator"

    @property
    def writes(self) -> str:  # list of JSON store writes, applied in order
        return f"{self.base}:writes"

    @property
    def originals(self) -> str:  # hash "digest status" -> the response record revisits name
        return f"{self.base}:originals"

    @property
    def workers(self) -> str:  # set of worker ids
        return f"{self.base}:workers"

    @property
    def worker_sequence(self) -> str:
        return f"{self.base}:worker-seq"

    def worker_alive(self, worker_id: str) -> str:
        return f"{self.base}:worker:{worker_id}"

    # scrapy-redis's keys (SCHEDULER_QUEUE_KEY, SCHEDULER_DUPEFILTER_KEY): `source` may
    # be its "%(spider)s" placeholder; spiders are named after their sources.
    def queue(self, source: str) -> str:  # sorted set of pickled requests, by -priority
        return f"{self.base}:{source}:requests"

    def dupefilter(self, source: str) -> str:  # set of request fingerprints
        return f"{self.base}:{source}:dupefilter"

    def linked(self, source: str) -> str:  # canonical URLs the spiders asked for
        return f"{self.base}:{source}:linked"

    def claimed(self, source: str, worker_id: str) -> str:  # requests a worker holds
        return f"{self.base}:{source}:claimed:{worker_id}"

    def pattern(self) -> str:
        return f"{self.base}:*"
