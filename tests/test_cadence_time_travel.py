"""The scheduler's recheck cadence over simulated weeks. `civcas schedule --once` runs
the snhr source every few simulated days; between runs the clock moves on (every time
the store holds is moved that far into the past, which is what the cadence reads) and the
replica site edits and takes down reports. Every edit and takedown must be seen within
the delay docs/scheduling.md promises, recorded once, and told to the watcher once.

The snhr reports date from 2015-2019: each is re-fetched monthly, i.e. due 27 days (90%
of 30) after its last fetch. A takedown that drops the link from the listing is seen at
the next run.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from functools import partial
from pathlib import Path

from support.receivers import HttpReceiver
from support.scheduling import query, run, schedule_args

from support.replicas import ReplicaServer

SOURCE = "snhr"
STEP = 4  # simulated days between two runs
DAYS = 60
MONTHLY_DELAY = 27  # days after the last fetch an old report is due again


def move_clock(data: Path, days: int) -> None:
    """`days` pass: every time in the store moves that far into the past."""
    shift = f"-{days} days"
    stamp = "strftime('%Y-%m-%dT%H:%M:%SZ', {0}, ?)"
    columns = {"captures": ["fetched_at"], "documents": ["first_seen", "last_seen"],
               "versions": ["seen_at"], "document_changes": ["detected_at"],
               "crawl_runs": ["started_at", "finished_at"]}
    with sqlite3.connect(data / "civcas.db") as db:
        for table, names in columns.items():
            sets = ", ".join(f"{c} = {stamp.format(c)}" for c in names)
            db.execute(f"UPDATE {table} SET {sets}", [shift] * len(names))


def changes(data: Path) -> list[tuple[int, str, str]]:
    return query(data, "SELECT c.id, c.kind, d.url FROM document_changes c JOIN documents d"
                       " ON d.id = c.document_id ORDER BY c.id")


def test_every_edit_and_takedown_is_seen_in_time_and_told_once(tmp_path):
    data, config = tmp_path / "data", tmp_path / "civcas.toml"
    with ReplicaServer(round=1) as server, HttpReceiver() as http:
        config.write_text(f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}/in"\n')
        args = schedule_args(data, server, "--once", SOURCE, "--delay", "0", config=config)
        seen_on: dict[int, int] = {}  # change id -> simulated day of the run that saw it
        events: dict[int, list] = {}
        for day in range(0, DAYS + 1, STEP):
            if day:
                move_clock(data, STEP)
            for action in events.get(day, []):
                action()
            result = run(args)
            assert result.returncode == 0, result.stdout + result.stderr
            for change_id, _, _ in changes(data):
                seen_on.setdefault(change_id, day)
            if day == 0:
                docs = [url for (url,) in query(
                    data, "SELECT url FROM documents WHERE source = ? AND url LIKE"
                          " 'https://snhr.org/blog/20%' ORDER BY url", [SOURCE])]
                assert len(docs) >= 3
                edited, dropped, still_linked = docs[:3]
                # what the site does, by simulated day: done just before that day's run,
                # so the delay is counted from the run before it (the latest it may have
                # happened)
                events = {
                    8: [partial(server.edit, edited, "</p>", " (updated)</p>")],
                    12: [partial(server.take_down, dropped)],
                    24: [partial(server.take_down, still_linked, drop_links=False)],
                    44: [partial(server.edit, edited, " (updated)</p>", " (updated again)</p>")],
                }
                assert changes(data) == []  # the baseline: nothing changed yet
    found = changes(data)
    by_document = {(kind, url): [cid for cid, k, u in found if (k, u) == (kind, url)]
                   for _, kind, url in found}
    # each change recorded once: two edits of one report, two takedowns
    assert Counter(kind for _, kind, _ in found) == Counter(edited=2, removed=2)
    assert len(by_document[("edited", edited)]) == 2
    assert len(by_document[("removed", dropped)]) == 1
    assert len(by_document[("removed", still_linked)]) == 1
    first_edit, second_edit = by_document[("edited", edited)]

    def delay(change_id: int, changed_after: int) -> int:
        return seen_on[change_id] - changed_after

    # the link dropped from the listing: the very next run
    assert delay(by_document[("removed", dropped)][0], 12 - STEP) <= STEP
    # a page still linked, or edited in place: once the cadence makes it due, i.e. within
    # 27 days of its last fetch plus the wait for the next run
    assert delay(by_document[("removed", still_linked)][0], 24 - STEP) <= MONTHLY_DELAY + STEP
    assert delay(first_edit, 8 - STEP) <= MONTHLY_DELAY + STEP
    assert delay(second_edit, 44 - STEP) <= MONTHLY_DELAY + STEP
    # and not before it was due: the first edit waited for the cadence
    assert seen_on[first_edit] >= MONTHLY_DELAY
    # the watcher was told of each once, and of nothing else
    told = Counter((p["json"]["change"]["change"], p["json"]["url"].rstrip("/"))
                   for p in http.posts if p["json"]["change_kind"] == "document_change")
    assert told == Counter({("edited", edited.rstrip("/")): 2, ("removed", dropped.rstrip("/")): 1,
                            ("removed", still_linked.rstrip("/")): 1})
    assert len(http.posts) == 4
    assert {status for (status,) in query(data, "SELECT status FROM notifications")} == {"sent"}
