"""When a known document is due to be fetched again.

Recent reports are the ones being edited, so they are re-fetched often; old ones rarely,
which still catches the late edit or takedown without refetching the whole archive on
every run. The cadence decides for every known document, linked from a listing or not
(unless `linked` is off); listings and start pages are fetched on every crawl, so new
documents are found at once. A document's age counts from its published date (from
first seen when the page gave none); the time since its last fetch is measured from
`documents.last_seen` and the URL's latest capture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# A run that starts a little earlier than yesterday's must still re-fetch yesterday's
# daily documents: a document is due once this share of its interval has passed.
DUE_SHARE = 0.9


@dataclass(frozen=True)
class RecheckCadence:
    """`steps`: (age in days up to which, days between fetches), in rising age order;
    `older_every`: days between fetches for anything older than the last step."""

    steps: tuple[tuple[float, float], ...] = ((30.0, 1.0), (365.0, 7.0))
    older_every: float = 30.0
    # Whether the cadence also decides for documents a listing links (else those are
    # fetched again on every crawl that reaches them).
    linked: bool = True
    # Whether a known document whose link vanished from the listing, feed or sitemap that
    # carried it is fetched again in the same crawl, due or not.
    unlinked: bool = True

    def __post_init__(self):
        ages = [age for age, _ in self.steps]
        if ages != sorted(ages) or any(e <= 0 for _, e in self.steps) or self.older_every <= 0:
            raise ValueError("steps must rise in age and every interval must be positive")

    def interval(self, age: timedelta) -> timedelta:
        days = age / timedelta(days=1)
        for up_to, every in self.steps:
            if days <= up_to:
                return timedelta(days=every)
        return timedelta(days=self.older_every)

    def due(
        self, *, published: str | None, first_seen: str, last_fetched: str | None, now: datetime,
        last_status: int | None = None,
    ) -> bool:
        """`last_status`: the HTTP status of the URL's latest capture. A server error or
        a "slow down" (5xx, 429) says nothing of the document: it is due at once."""
        last = parse_time(last_fetched)
        if last is None or _says_nothing(last_status):
            return True
        born = parse_time(published) or parse_time(first_seen) or now
        age = max(now - born, timedelta(0))  # a date in the future counts as new
        return now - last >= self.interval(age) * DUE_SHARE


    def due_at(
        self, *, published: str | None, first_seen: str, last_fetched: str | None, now: datetime,
        last_status: int | None = None,
    ) -> datetime:
        """When the document is next due (`now` when it is due already). Its interval
        grows with its age, so the answer is sought step by step: the time its present
        interval gives, then again with its age at that time, until that holds."""
        last = parse_time(last_fetched)
        if last is None or _says_nothing(last_status):
            return now
        born = parse_time(published) or parse_time(first_seen) or now
        moment = now
        for _ in range(len(self.steps) + 2):
            at = last + self.interval(max(moment - born, timedelta(0))) * DUE_SHARE
            if at <= moment:
                return moment
            moment = at
        return moment


def _says_nothing(status: int | None) -> bool:
    """A server error or a 429: the answer was about the server, not the document."""
    return status is not None and (status >= 500 or status == 429)


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or timestamp from the store (or a page) as an aware UTC datetime;
    None when absent or unreadable (a page's date can be anything)."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
