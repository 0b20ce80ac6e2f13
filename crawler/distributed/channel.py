"""The worker's side of the store: reads from SQLite read-only, writes through Redis.

A worker never writes SQLite. Every write (a capture row, an error row, an item for the
store pipeline, a request count) becomes one JSON entry on the job's `writes` list, and
the coordinator applies them in list order (applier.py). A worker cannot learn the id a
capture row will get, so it names the capture by its WARC record id (`rec:<id>`) and the
coordinator turns those names back into row ids.

Revisit records: the first response of a payload archived in this job is announced in
the job's `originals` hash, after its capture entry is on the list. Another worker that
fetches the same payload writes a revisit naming that record, and its capture entry
comes later on the list, so the original's row is always there first. Payloads of
earlier runs are found in the store, as in a single-process crawl.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import asdict, fields
from pathlib import Path

import sqlite_utils

from archive.recheck import RecheckCadence
from archive.store import CaptureRow, Store
from crawler.distributed.keys import JobKeys, text
from crawler.items import FetchErrorItem, GoneItem, PageItem

REF = "rec:"  # a capture named by its WARC record id, before it has a row id
ITEM_TYPES = {"page": PageItem, "gone": GoneItem, "error": FetchErrorItem}


def capture_ref(record_id: str) -> str:
    return REF + record_id


class ReadOnlyStore(Store):
    """The coordinator's store opened read-only: the lookups of Store, no migrations, and
    any write fails (`attempt to write a readonly database`)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.channels = ()
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=30000")
        self.db = sqlite_utils.Database(conn)


def encode_item(item) -> dict:
    kind = next(k for k, cls in ITEM_TYPES.items() if type(item) is cls)
    values = asdict(item)
    if "body" in values:
        values["body"] = base64.b64encode(values["body"]).decode("ascii")
    return {"type": kind, "fields": values}


def decode_item(entry: dict):
    values = dict(entry["fields"])
    if "body" in values:
        values["body"] = base64.b64decode(values["body"])
    return ITEM_TYPES[entry["type"]](**values)


def decode_capture(values: dict) -> CaptureRow:
    names = {f.name for f in fields(CaptureRow)}
    return CaptureRow(**{k: v for k, v in values.items() if k in names})


class WriteChannel:
    """Sends store writes to the coordinator, in order."""

    def __init__(self, server, keys: JobKeys, worker_id: str):
        self.server = server
        self.keys = keys
        self.worker_id = worker_id

    def send(self, op: str, **values) -> None:
        entry = {"op": op, "worker": self.worker_id, **values}
        self.server.rpush(self.keys.writes, json.dumps(entry, separators=(",", ":")))

    def announce_original(self, row: CaptureRow) -> None:
        """Make a response record this worker wrote the original of its payload, unless
        another worker's was announced first."""
        original = {"id": capture_ref(row.warc_record_id), "fetched_url": row.fetched_url,
                    "fetched_at": row.fetched_at, "warc_record_id": row.warc_record_id}
        self.server.hsetnx(self.keys.originals, _original_key(row.payload_digest, row.status),
                           json.dumps(original))

    def original(self, payload_digest: str, status: int) -> dict | None:
        found = text(self.server.hget(self.keys.originals, _original_key(payload_digest, status)))
        return json.loads(found) if found else None


def _original_key(payload_digest: str | None, status: int | None) -> str:
    return f"{payload_digest} {status}"


class WorkerStore:
    """A worker's SessionStore (crawler/runtime/session.py): what the capture and browser
    middlewares and the spiders call on `session.store` in a worker. Lookups read the
    store as it stands (read-only); the two writes go to the coordinator."""

    def __init__(self, reader: Store | None, channel: WriteChannel):
        self.reader = reader  # None: no store yet (a first crawl has nothing to look up)
        self.channel = channel

    # -- reads: earlier runs from the store, this job's originals from Redis ---------------

    @property
    def db(self) -> sqlite_utils.Database:
        """The store's database, read-only: a write fails (`attempt to write a readonly
        database`)."""
        return self._reader().db

    def original_response(self, payload_digest: str, status: int) -> dict | None:
        found = self.reader.original_response(payload_digest, status) if self.reader else None
        return found or self.channel.original(payload_digest, status)

    def capture(self, capture_id: int | str) -> dict | None:
        if self.reader is None or not isinstance(capture_id, int):
            return None  # a capture of this job (`rec:<id>`) has no row to read yet
        return self.reader.capture(capture_id)

    def last_full_response(self, url: str) -> dict | None:
        return self.reader.last_full_response(url) if self.reader else None

    def last_resource(self, url: str, uri_scheme: str) -> dict | None:
        return self.reader.last_resource(url, uri_scheme) if self.reader else None

    def recheck_urls(self, source: str, cadence: RecheckCadence | None = None) -> list[str]:
        return self.reader.recheck_urls(source, cadence) if self.reader else []

    def archived_urls(self, source: str) -> list[str]:
        return self.reader.archived_urls(source) if self.reader else []

    def _reader(self) -> Store:
        if self.reader is None:
            raise AttributeError("a worker without a store has no database")
        return self.reader

    # -- writes: through Redis --------------------------------------------------------------

    def add_capture(self, row: CaptureRow) -> str:
        self.channel.send("capture", row=asdict(row))
        if row.record_type == "response" and row.payload_digest:
            self.channel.announce_original(row)  # after its entry: see the module docstring
        return capture_ref(row.warc_record_id)

    def add_error(self, run_id: int | None, url: str, kind: str, message: str) -> str:
        self.channel.send("fetch_error", run_id=run_id, url=url, kind=kind, message=message)
        return ""

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
