"""Stand-in records: what a capture is evidence of, said in WARC terms for replay tools.

A page crawled through a ``--mirror`` is archived as fetched: its record's
``WARC-Target-URI`` is the mirror's URL. A page a backfill fetched from a web archive is
archived as fetched too: the archive's URL, at the time *we* fetched it. Those records are
never changed. Replay tools replay a record only under its own URL and date (ReplayWeb.page
checks that they match the index entry, and shows a revisit under its original's URL and
date), so a WACZ carries, beside each such record, a *stand-in*: a ``response`` record whose
``WARC-Target-URI`` is the page's real URL and ``WARC-Date`` the time the page was captured
(the archive's capture time for a backfill), holding the same HTTP response (head and
payload, so the same ``WARC-Payload-Digest``). ``Civcas-Stand-In-For`` names the archived
record it stands in for and ``Civcas-Payload-From`` the record its bytes were copied from
(the original response of a revisit). A stand-in exists only inside a WACZ.

Pure Python; never imports scrapy.
"""
from __future__ import annotations

import gzip
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from .reader import WarcRecord
from .warcfmt import build_record, sha256_digest

# Namespace of stand-in record ids: the same inputs give the same id in every export.
_NAMESPACE = uuid.UUID("6f6b1f5e-6c1a-4b53-9a57-1f0d3c2a7e11")


@dataclass(frozen=True)
class StandIn:
    """The record ``record_id`` (a response or revisit) is evidence of ``url`` at ``date``;
    its payload is in ``payload_record_id`` (itself, or a revisit's original)."""

    record_id: str
    payload_record_id: str
    url: str
    date: str  # ISO 8601 UTC


def stands_for(url: str, fetched_url: str, fetched_at: str, archived_at: str | None
               ) -> tuple[str, str]:
    """The URL and time a capture is evidence of: its original URL (a browser resource's
    ``urn:dom:``/``urn:screenshot:`` prefix kept) at the archive's capture time for a
    backfilled page, else at our fetch time."""
    url = _without_default_port(url)
    if fetched_url.startswith("urn:") and not url.startswith("urn:"):
        urn, kind, _ = fetched_url.split(":", 2)
        url = f"{urn}:{kind}:{url}"
    return url, archived_at or fetched_at


def _without_default_port(url: str) -> str:
    """``http://host:80/x`` as ``http://host/x`` (web archives list old captures so; replay
    tools look the page up without the port, and match the record's URL exactly)."""
    parts = urlsplit(url)
    default = {"http": ":80", "https": ":443"}.get(parts.scheme.lower())
    if default and parts.netloc.endswith(default):
        return urlunsplit(parts._replace(netloc=parts.netloc[: -len(default)]))
    return url


def warc_date(iso: str) -> str:
    """An ISO 8601 UTC time in WARC-Date form (``...Z``, seconds at least)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(tzinfo=None)
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=spec) + "Z"


def stand_in_member(stand_in: StandIn, record: WarcRecord, payload: WarcRecord) -> bytes:
    """The stand-in for ``record`` (whose bytes are in ``payload``) as one gzip member."""
    # A 304 answer's head says "Not Modified": the page is the original's head and body.
    head_from = payload if record.status == 304 or record.http is None else record
    head = head_from.block[: len(head_from.block) - len(head_from.payload)]
    block = head + payload.payload
    digest = payload.header("WARC-Payload-Digest") or sha256_digest(payload.payload)
    key = f"{stand_in.record_id} {stand_in.url} {stand_in.date}"
    headers = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(_NAMESPACE, key)}>"),
        ("WARC-Date", warc_date(stand_in.date)),
        ("WARC-Target-URI", stand_in.url),
        ("WARC-Payload-Digest", digest),
        ("WARC-Block-Digest", sha256_digest(block)),
        ("Civcas-Stand-In-For", record.record_id),
        ("Civcas-Payload-From", payload.record_id),
        ("Content-Type", "application/http;msgtype=response"),
    ]
    return gzip.compress(build_record(headers, block), mtime=0)
