"""Which known documents a crawl asks for again: recent ones often, old ones rarely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive.recheck import RecheckCadence, parse_time
from archive.store import CaptureRow, Extracted

CADENCE = RecheckCadence()  # daily for 30 days, weekly for a year, monthly after


def add_document(store, url, published, source="s"):
    store.record_page(
        source=source, kind="news_article", url=url, capture_id=None,
        page=Extracted(text=f"text of {url}", title=url, published=published),
    )


def fetched(store, url, at: datetime, status: int = 404):
    store.add_capture(
        CaptureRow(
            run_id=None, url=url, fetched_url=url, method="GET", status=status,
            content_type="text/html", fetched_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            warc_file="f.warc.gz", warc_offset=0, warc_length=10,
            warc_record_id="<urn:uuid:1>", payload_digest="sha256:00",
        )
    )


def test_recent_documents_are_due_often_and_old_ones_rarely(store):
    now = datetime.now(UTC)
    day = timedelta(days=1)
    add_document(store, "https://a.org/new", (now - 5 * day).date().isoformat())
    add_document(store, "https://a.org/months", (now - 100 * day).date().isoformat())
    add_document(store, "https://a.org/years", "2016-10-12")
    add_document(store, "https://a.org/undated", None)  # counts from first seen: new
    add_document(store, "https://b.org/other-source", None, source="t")

    def due(after):
        return store.recheck_urls("s", CADENCE, now=now + after)

    assert due(timedelta(hours=1)) == []  # everything was just fetched
    assert due(day) == ["https://a.org/new", "https://a.org/undated"]
    assert due(7 * day) == [
        "https://a.org/new", "https://a.org/months", "https://a.org/undated",
    ]
    assert due(30 * day) == [
        "https://a.org/new", "https://a.org/months", "https://a.org/years", "https://a.org/undated",
    ]
    # no cadence: every known document of the source, as before
    assert store.recheck_urls("s", None) == [
        "https://a.org/new", "https://a.org/months", "https://a.org/years", "https://a.org/undated",
    ]


def test_any_later_fetch_of_the_url_counts_as_the_last_one(store):
    now = datetime.now(UTC)
    add_document(store, "https://a.org/months", (now - 100 * timedelta(days=1)).date().isoformat())
    # asked for again six days later and answered 404: archived, no new version
    fetched(store, "https://a.org/months", now + timedelta(days=6))
    assert store.recheck_urls("s", CADENCE, now=now + timedelta(days=7)) == []
    assert store.resting_urls("s", CADENCE, now=now + timedelta(days=7)) == ["https://a.org/months"]
    assert store.recheck_urls("s", CADENCE, now=now + timedelta(days=13)) == [
        "https://a.org/months"
    ]
    assert store.resting_urls("s", CADENCE, now=now + timedelta(days=13)) == []


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_or_slow_down_leaves_the_document_due(store, status):
    # A 5xx or 429 says nothing of the page: it is asked for again on the next crawl
    # instead of resting until its interval has passed.
    now = datetime.now(UTC)
    add_document(store, "https://a.org/months", (now - 100 * timedelta(days=1)).date().isoformat())
    fetched(store, "https://a.org/months", now + timedelta(days=6), status=status)
    assert store.recheck_urls("s", CADENCE, now=now + timedelta(days=6, hours=1)) == [
        "https://a.org/months"
    ]
    assert store.resting_urls("s", CADENCE, now=now + timedelta(days=6, hours=1)) == []


def test_a_run_starting_a_little_earlier_than_yesterdays_still_rechecks(store):
    now = datetime.now(UTC)
    add_document(store, "https://a.org/new", now.date().isoformat())
    assert store.recheck_urls("s", CADENCE, now=now + timedelta(hours=23, minutes=50)) == [
        "https://a.org/new"
    ]


def test_cadence_intervals_and_odd_dates():
    assert CADENCE.interval(timedelta(days=2)) == timedelta(days=1)
    assert CADENCE.interval(timedelta(days=31)) == timedelta(days=7)
    assert CADENCE.interval(timedelta(days=400)) == timedelta(days=30)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    # a date in the future or an unreadable one falls back to new / first seen
    assert CADENCE.due(published="2027-01-01", first_seen="2020-01-01T00:00:00Z",
                       last_fetched="2026-05-30T00:00:00Z", now=now)
    assert not CADENCE.due(published="last Tuesday", first_seen="2020-01-01T00:00:00Z",
                           last_fetched="2026-05-30T00:00:00Z", now=now)
    assert CADENCE.due(published=None, first_seen="2026-05-01T00:00:00Z", last_fetched=None, now=now)
    assert parse_time("2026-05-30T10:00:00.123456Z") == datetime(2026, 5, 30, 10, 0, 0, 123456, tzinfo=UTC)
    assert parse_time("2016-10-12T08:00:00+03:00").utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize("published_days_ago", [0, 10, 29, 100, 360, 364, 2000])
@pytest.mark.parametrize("fetched_days_ago", [0, 0.5, 3, 20])
def test_due_at_is_the_first_moment_due_says_yes(published_days_ago, fetched_days_ago):
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    facts = dict(published=(now - timedelta(days=published_days_ago)).date().isoformat(),
                 first_seen="2020-01-01T00:00:00Z",
                 last_fetched=(now - timedelta(days=fetched_days_ago)).isoformat())
    at = CADENCE.due_at(now=now, **facts)
    assert at >= now
    assert CADENCE.due(now=at, **facts)
    if at > now:  # a minute earlier it was not due (the interval grew with the age on the way)
        assert not CADENCE.due(now=at - timedelta(minutes=1), **facts)


def test_next_due_is_the_earliest_of_the_documents_not_due(store):
    now = datetime.now(UTC)
    add_document(store, "https://example.org/new", now.date().isoformat())
    add_document(store, "https://example.org/old", "2015-01-01")
    next_due = store.next_due("s", CADENCE, now)
    assert abs(next_due - (now + timedelta(days=0.9))) < timedelta(minutes=1)  # the new one, daily
