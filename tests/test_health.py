"""Source health judged from real crawl_runs rows: one alert when a source breaks, one
notice when it recovers, each queued for every watcher in the same transaction."""

from __future__ import annotations

import pytest

from archive import health
from archive.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path, channels=("ops", "desk"))
    yield s
    s.close()


def a_run(store, source="snhr", status="ok", reason="finished", **counters):
    run_id = store.start_run(source)
    if status != "running":
        store.finish_run(run_id, status, close_reason=reason, **counters)
    return run_id


GOOD = {"documents_seen": 4, "parsed_pages": 4, "parse_failures": 0}
EMPTY = {"documents_seen": 0}


def judge(store, source="snhr"):
    return health.evaluate(store, source, runs_in_a_row=3, parse_failure_share=0.5)


def rows(store):
    return [
        (r["source"], r["state"], r["run_id"])
        for r in store.db.query("SELECT * FROM source_health ORDER BY id")
    ]


def notices(store):
    return [
        (r["change_kind"], r["change_id"], r["channel"])
        for r in store.db.query("SELECT * FROM notifications ORDER BY id")
    ]


def test_a_run_that_found_only_documents_not_due_is_good(store):
    # The listings linked 4 known documents the recheck cadence left alone: found, not read.
    resting = {"documents_seen": 0, "documents_resting": 4}
    for _ in range(3):
        a_run(store, **resting)
    assert judge(store) is None
    assert rows(store) == []


def test_broken_after_n_bad_runs_once_then_recovered_once(store):
    a_run(store, **GOOD)
    assert judge(store) is None
    bad = [a_run(store, "snhr", "partial", **EMPTY) for _ in range(2)]
    assert judge(store) is None  # two bad runs are not yet three
    bad.append(a_run(store, "snhr", "failed"))
    change = judge(store)
    assert change.state == "broken" and change.run_id == bad[-1]
    assert change.reason == "3 bad runs in a row; the last: the run failed: nothing could be fetched"
    a_run(store, "snhr", "ok", **EMPTY)
    assert judge(store) is None  # still broken: no second alert
    good = a_run(store, **GOOD)
    recovered = judge(store)
    assert recovered.state == "recovered" and recovered.run_id == good
    assert judge(store) is None
    assert rows(store) == [("snhr", "broken", bad[-1]), ("snhr", "recovered", good)]
    assert notices(store) == [
        ("source_health", change.id, "ops"), ("source_health", change.id, "desk"),
        ("source_health", recovered.id, "ops"), ("source_health", recovered.id, "desk"),
    ]


def test_parser_failing_on_most_pages_is_a_bad_run(store):
    for _ in range(3):
        a_run(store, documents_seen=10, parsed_pages=3, parse_failures=7)
    change = judge(store)
    assert change.state == "broken"
    assert change.reason.endswith("the parser failed on 7 of 10 pages")


def test_some_parse_failures_and_unchanged_runs_are_fine(store):
    for _ in range(3):
        a_run(store, documents_seen=10, parsed_pages=6, parse_failures=4)
    for _ in range(3):
        a_run(store, documents_seen=10)  # nothing new to parse
    assert judge(store) is None and rows(store) == []


def test_stopped_and_unfinished_runs_are_not_judged(store):
    for _ in range(2):
        a_run(store, "snhr", "partial", **EMPTY)
    a_run(store, "snhr", "partial", reason="shutdown", **EMPTY)  # the archivist stopped it
    a_run(store, "snhr", "partial", reason="killed")
    a_run(store, "snhr", "running")
    assert judge(store) is None
    a_run(store, "snhr", "partial", reason="time_limit", **EMPTY)  # the source hangs: counts
    assert judge(store).state == "broken"


def test_sources_are_judged_apart(store):
    for _ in range(3):
        a_run(store, "snhr", "failed")
        a_run(store, "sohr-en", **GOOD)
    assert judge(store, "sohr-en") is None
    assert judge(store, "snhr").source == "snhr"
    assert rows(store) == [("snhr", "broken", 5)]


def test_no_watchers_still_records_the_state(tmp_path):
    store = Store.open(tmp_path)
    for _ in range(3):
        a_run(store, "snhr", "failed")
    assert judge(store).state == "broken"
    assert store.count("notifications") == 0 and store.count("source_health") == 1
    store.close()


# -- drifting: parses that stop reconciling with the documents' printed figures ----------

DRIFT = health.DriftRule(runs=2, share=0.5, min_versions=3)


def drift_judge(store, source="snhr"):
    return health.evaluate(store, source, runs_in_a_row=3, parse_failure_share=0.5, drift=DRIFT)


def test_a_source_whose_parses_stop_reconciling_drifts_then_recovers(store):
    a_run(store, **GOOD, parse_mismatches=1)
    assert drift_judge(store) is None  # 1 of 4
    a_run(store, **GOOD, parse_mismatches=4)  # 5 of 8 over the last two runs
    drifting = drift_judge(store)
    assert (drifting.state, drifting.reason) == (
        "drifting", "5 of 8 versions parsed in the last 2 runs do not reconcile with the figures"
        " their documents print")
    a_run(store, **GOOD, parse_mismatches=3)
    assert drift_judge(store) is None  # still drifting: no second alert
    a_run(store, documents_seen=3, documents_resting=1, parsed_pages=0, parse_mismatches=0)
    assert drift_judge(store) is None  # 3 of 4: too few parsed versions to change anything
    a_run(store, **GOOD, parse_mismatches=0)
    recovered = drift_judge(store)
    assert recovered.state == "recovered" and recovered.reason.startswith("parses reconcile again: 0 of 4")
    assert [r[1] for r in rows(store)] == ["drifting", "recovered"]
    queued = list(store.db.execute("SELECT change_id, channel FROM notifications ORDER BY id"))
    assert queued == [(drifting.id, "ops"), (drifting.id, "desk"), (recovered.id, "ops"), (recovered.id, "desk")]


def test_too_few_parsed_versions_decide_nothing(store):
    a_run(store, documents_seen=2, parsed_pages=2, parse_mismatches=2)
    assert drift_judge(store) is None and rows(store) == []


def test_broken_wins_over_drifting_and_drift_is_not_judged_without_a_rule(store):
    for _ in range(3):
        a_run(store, **GOOD, parse_mismatches=4)
    assert judge(store) is None  # no drift rule: only broken is judged
    assert drift_judge(store).state == "drifting"
    for _ in range(3):
        a_run(store, **EMPTY)
    assert drift_judge(store).state == "broken"
    a_run(store, **GOOD, parse_mismatches=4)
    assert drift_judge(store).state == "recovered"  # from broken: it reads documents again
    assert drift_judge(store).state == "drifting"  # and is judged for drift from then on


def test_the_migration_keeps_health_rows_and_lets_a_source_drift(tmp_path):
    import sqlite3

    import sqlite_utils

    from archive.migrations import migrate, migrations

    db = sqlite_utils.Database(tmp_path / "old.db")
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in migrations():  # a store made before parse checks
        if name >= "0105":
            break
        with db.conn:
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, 'then')", [name])
    with db.conn:
        run = db["crawl_runs"].insert({"source": "snhr", "started_at": "t", "status": "ok"}).last_pk
        db["source_health"].insert({"source": "snhr", "at": "t", "state": "broken", "reason": "r", "run_id": run})
    with pytest.raises(sqlite3.IntegrityError), db.conn:
        db["source_health"].insert({"source": "snhr", "at": "t", "state": "drifting", "reason": "r"})
    assert "0105_parse_checks" in migrate(db)
    assert [(r["state"], r["run_id"]) for r in db.query("SELECT * FROM source_health")] == [("broken", run)]
    with db.conn:
        db["source_health"].insert({"source": "snhr", "at": "t", "state": "drifting", "reason": "r"})
    assert "parse_mismatches" in db["crawl_runs"].columns_dict and "parse_checks" in db.table_names()
