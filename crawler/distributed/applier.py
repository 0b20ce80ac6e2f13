"""The coordinator's side of the store: the one writer that applies every worker's
writes, in the order they reached the job's `writes` list.

Items go through the same StorePipeline as in a single-process crawl, so documents,
versions, changes and table rows come out the same. Counters are counted here from the
writes themselves (a capture of a response counts as a response, an error row as an
error), so they survive a worker that is killed before it could report anything.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from types import SimpleNamespace

from crawler.distributed.channel import REF, decode_capture, decode_item
from crawler.distributed.keys import JobKeys
from crawler.pipelines.store import StorePipeline
from crawler.runtime.session import CrawlSession

BATCH = 200
logger = logging.getLogger("civcas.distributed")


class UnknownCapture(Exception):
    """A write names a capture no earlier write created."""


class StoreWriter:
    def __init__(self, server, keys: JobKeys, sessions: dict[int, CrawlSession]):
        self.server = server
        self.keys = keys
        self.sessions = sessions  # by run id
        self.applied = 0
        self.requests: dict[int, int] = {run_id: 0 for run_id in sessions}
        self._capture_ids: dict[str, int] = {}  # WARC record id -> captures.id
        self._pipelines = {
            run_id: _pipeline_for(session) for run_id, session in sessions.items()
        }

    def apply_pending(self) -> int:
        """Apply what is on the list now, in order; returns how many writes."""
        done = 0
        while True:
            # LPOP with a count (Redis >= 6.2) takes a batch in one round trip.
            batch = self.server.execute_command("LPOP", self.keys.writes, BATCH)
            if not batch:
                return done
            for raw in batch:
                self._apply(json.loads(raw))
            done += len(batch)
            self.applied += len(batch)

    def _apply(self, entry: dict) -> None:
        op = entry["op"]
        try:
            if op == "capture":
                self._capture(entry)
            elif op == "fetch_error":
                session = self.sessions[entry["run_id"]]
                session.counters.errors += 1
                session.store.add_error(entry["run_id"], entry["url"], entry["kind"],
                                        entry["message"])
            elif op == "item":
                item = decode_item(entry["item"])
                if getattr(item, "capture_id", None) is not None:
                    item.capture_id = self._capture_id(item.capture_id)
                # Stored at once, text extracted here: the coordinator has no reactor
                # to wait for a worker process on, and order is what matters here.
                self._pipelines[entry["run_id"]].write(item, None)
            elif op == "requests":
                self.requests[entry["run_id"]] += int(entry["count"])
            else:
                logger.error("worker %s sent an unknown write %r; ignored", entry.get("worker"), op)
        except (KeyError, TypeError, ValueError, UnknownCapture) as exc:
            # One bad write is one log line; the others still apply.
            logger.error("worker %s: a %s write could not be applied: %s",
                         entry.get("worker"), op, exc)

    def _capture(self, entry: dict) -> None:
        row = decode_capture(entry["row"])
        if row.run_id is None:
            raise ValueError("a capture row without a run id")  # a worker's captures all have one
        session = self.sessions[row.run_id]
        if row.revisit_of is not None:
            row = replace(row, revisit_of=self._capture_id(row.revisit_of))
        capture_id = session.store.add_capture(row)
        self._capture_ids[row.warc_record_id] = capture_id
        if row.record_type in ("response", "revisit"):
            # What the capture middleware counts in a single-process crawl.
            session.counters.responses += 1
            if (row.status or 0) < 400 and not row.url.endswith("/robots.txt"):
                session.counters.ok_responses += 1

    def _capture_id(self, ref) -> int:
        if isinstance(ref, int):
            return ref
        if isinstance(ref, str) and ref.startswith(REF):
            found = self._capture_ids.get(ref[len(REF):])
            if found is not None:
                return found
        raise UnknownCapture(f"no capture {ref!r} was written before")


def _pipeline_for(session: CrawlSession) -> StorePipeline:
    # The pipeline reaches its session through crawler.spider.session, as in a crawl;
    # no extraction workers (0): the coordinator stores each write as it is applied.
    return StorePipeline(SimpleNamespace(spider=SimpleNamespace(session=session),
                                         settings={"CIVCAS_EXTRACT_WORKERS": 0}))
