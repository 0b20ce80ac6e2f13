"""`civcas schedule` for real: crawl subprocesses against the replica sites on intervals of
seconds, the job store across a restart, the per-source lock, stopping by signal, and the
health alerts of a source whose site turns empty."""

from __future__ import annotations

import signal
import time
from itertools import pairwise

import pytest

from support.replicas import ReplicaServer
from support.scheduling import (
    count, job_list, log_count, query, run, schedule_args, start, stop, verify, wait_for,
)

SLOW = "[crawl]\ndelay = 0.4\n"  # a crawl of snhr then lasts a few seconds


@pytest.fixture(scope="module")
def server():
    with ReplicaServer(round=1) as srv:
        yield srv


def finished_runs(data, source):
    return query(
        data,
        "SELECT id, started_at, finished_at, status FROM crawl_runs"
        " WHERE source = ? AND status != 'running' ORDER BY id",
        [source],
    )


def test_two_sources_are_crawled_on_their_schedules(server, tmp_path):
    data = tmp_path / "data"
    proc = start(schedule_args(data, server, "snhr", "syriadirect", "--every", "2", "--delay", "0"))
    try:
        for source in ("snhr", "syriadirect"):
            wait_for(lambda s=source: len(finished_runs(data, s)) >= 2, 90, f"two runs of {source}", proc)
    finally:
        out, err = stop(proc)
    assert proc.returncode == 0, err
    # every run of each source is a complete crawl that found its documents: the first
    # read them; the later ones, seconds after, found them on the listings but left them
    # alone, none being due under the recheck cadence.
    # snhr: four English statements and the Arabic copy of one (its listing links it)
    for source, docs in (("snhr", 5), ("syriadirect", 1)):
        runs = query(data, "SELECT status, documents_seen, documents_resting FROM crawl_runs"
                           " WHERE source = ? AND close_reason = 'finished' ORDER BY id", [source])
        assert len(runs) >= 2 and runs[0] == ("ok", docs, 0), runs
        assert all(r == ("ok", 0, docs) for r in runs[1:]), runs
    # and none of those runs made the source look broken
    assert not query(data, "SELECT * FROM source_health")
    assert set(r[0] for r in query(data, "SELECT DISTINCT source FROM crawl_runs")) == {"snhr", "syriadirect"}
    assert "snhr: crawl starts" in err and "syriadirect: crawl starts" in err
    done = verify(data)
    assert done.returncode == 0, done.stdout


def test_restart_keeps_next_run_times(server, tmp_path):
    data = tmp_path / "data"
    args = schedule_args(data, server, "snhr", "syriadirect", "--every", "3600")
    proc = start(args)
    try:
        wait_for(lambda: log_count(data, "scheduler running") == 1, 30, "the start", proc)
    finally:
        stop(proc)
    before = job_list(data, "snhr", "syriadirect")
    assert [row[0] for row in before] == ["snhr", "syriadirect"]
    assert all(row[1] == "interval[1:00:00]" for row in before)
    time.sleep(1.2)  # a job created anew now would get a later next run time
    proc = start(args)
    try:
        wait_for(lambda: log_count(data, "scheduler running") == 2, 30, "the restart", proc)
    finally:
        stop(proc)
    assert job_list(data, "snhr", "syriadirect") == before
    # and a cron schedule replaces the interval: the trigger changed, so the time does
    proc = start(schedule_args(data, server, "snhr", "syriadirect"))
    try:
        wait_for(lambda: log_count(data, "scheduler running") == 3, 30, "the cron jobs", proc)
    finally:
        stop(proc)
    after = job_list(data, "snhr", "syriadirect")
    assert all(row[1].startswith("cron[") for row in after), after
    assert query(data, "SELECT COUNT(*) FROM crawl_runs") == [(0,)]


def test_overlapping_runs_are_refused(server, tmp_path):
    data = tmp_path / "data"
    config = tmp_path / "slow.toml"
    config.write_text(SLOW)
    daemon = start(schedule_args(data, server, "snhr", "--every", "1", config=config))
    try:
        wait_for(lambda: query(data, "SELECT 1 FROM crawl_runs WHERE status = 'running'"),
                 60, "a crawl to start", daemon)
        # a second scheduler process may not crawl the same source meanwhile
        other = run(schedule_args(data, server, "snhr", "--once", config=config))
        assert other.returncode == 1
        assert "not started, a crawl of snhr is already running" in other.stderr
        assert len(query(data, "SELECT id FROM crawl_runs")) == 1
        wait_for(lambda: len(finished_runs(data, "snhr")) >= 2, 90, "two runs", daemon)
    finally:
        out, err = stop(daemon)
    runs = finished_runs(data, "snhr")
    # one after the other: each started after the previous one finished
    for earlier, later in pairwise(runs):
        assert later[1] >= earlier[2], runs
    # the interval (1 s) is shorter than a crawl: triggers came while one ran, and were skipped
    assert "maximum number of running instances reached" in err


def test_a_source_that_turns_empty_is_reported_broken_once_then_recovered(server, tmp_path):
    data = tmp_path / "data"
    config = tmp_path / "watch.toml"
    config.write_text(
        "[health]\nruns_in_a_row = 2\n"
        '[watchers.ops]\ntype = "webhook"\nurl = "http://127.0.0.1:9/hook"\n'
    )
    server.set_empty("syriadirect.org")
    daemon = start(schedule_args(data, server, "syriadirect", "--every", "1", "--delay", "0",
                                 config=config))
    try:
        wait_for(lambda: len(finished_runs(data, "syriadirect")) >= 3, 90, "three runs", daemon)
        # The site is back. The next run cannot have started yet: the job that ran the
        # third crawl still judges it and runs `civcas notify` (a process) first.
        server.set_empty()
        wait_for(lambda: count(data, "SELECT COUNT(*) FROM source_health WHERE state = 'recovered'"),
                 90, "the recovery", daemon)
    finally:
        server.set_empty()
        out, err = stop(daemon)
    runs = query(data, "SELECT id, documents_seen FROM crawl_runs ORDER BY id")
    assert [seen for _, seen in runs[:4]] == [0, 0, 0, 1]
    health = query(data, "SELECT id, source, state, run_id FROM source_health ORDER BY id")
    assert [(h[1], h[2], h[3]) for h in health] == [
        ("syriadirect", "broken", runs[1][0]), ("syriadirect", "recovered", runs[3][0]),
    ]
    queued = query(data, "SELECT change_kind, change_id, channel FROM notifications ORDER BY id")
    assert queued == [("source_health", health[0][0], "ops"), ("source_health", health[1][0], "ops")]
    assert err.count("source BROKEN: 2 bad runs in a row; the last: the run found no documents") == 1
    assert err.count("source RECOVERED") == 1
    # delivery is attempted after the runs: nothing listens on the webhook's port, so
    # `civcas notify` keeps the alert pending for a retry, and the scheduler carries on
    attempted = query(data, "SELECT status, attempts, last_error FROM notifications WHERE change_id = ?",
                      [health[0][0]])
    assert [(status, attempts > 0, bool(error)) for status, attempts, error in attempted] == [
        ("pending", True, True)
    ], attempted


@pytest.mark.parametrize(
    "source, pages, signals, extra, reason",
    [
        ("snhr", 7, 1, (), "shutdown"),
        ("snhr", 7, 2, (), "killed"),
        # 25 pages 0.4 s apart cannot fit in 6 s; the crawl process starts well within it
        ("cjtf-civcas", 25, 0, ("--time-limit", "6"), "time_limit"),
    ],
)
@pytest.mark.battery
def test_a_stopped_crawl_is_partial_and_verifies(
    server, tmp_path, source, pages, signals, extra, reason
):
    data = tmp_path / "data"
    config = tmp_path / "slow.toml"
    config.write_text(SLOW)
    # Two signals must reach the crawl while it still stops cleanly: with answers held
    # for a second a download is in flight, so the clean stop cannot finish in between.
    server.set_latency(1.0 if signals == 2 else 0)
    proc = start(schedule_args(data, server, source, "--once", *extra, config=config))
    try:
        if signals:
            wait_for(lambda: count(data, "SELECT COUNT(*) FROM captures") >= 2, 60,
                     "the crawl to archive pages", proc)
        if signals == 2:
            # Between two requests (the politeness delay) nothing is in flight and a clean
            # stop is over at once: signal while the server holds a request it received.
            wait_for(lambda: len(server.requests) > count(data, "SELECT COUNT(*) FROM captures"),
                     60, "a request in flight", proc)
        for _ in range(signals):
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.1)
        out, err = proc.communicate(timeout=60)
    finally:
        server.set_latency(0)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert query(data, "SELECT status, close_reason FROM crawl_runs") == [("partial", reason)]
    assert count(data, "SELECT responses FROM crawl_runs") < pages  # cut short
    done = verify(data)
    assert done.returncode == 0, done.stdout
    assert "0 problems" in done.stdout
    # an archivist's stop says nothing about the source
    assert query(data, "SELECT COUNT(*) FROM source_health") == [(0,)]
