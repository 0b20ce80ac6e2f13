"""Assessment changes are a function of the reports and their publication order, not of
the order the crawler fetched them: every replica report (and the in-place edit of the
Oct 2016 report) stored through the real handler in several orders gives one history,
with one notification per change and channel and none for states that did not stand."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from archive.store import Store
from crawler.replicas import civcas
from support.civcas_history import candidates, dangling, history
from support.civcas_reports import store_replica

CHANNELS = ("mail", "hook")
EDITED = "R2016-10"


def _orders() -> list[list[tuple[str, bool]]]:
    ids = [r["id"] for r in civcas.reports()]  # oldest first
    rng = random.Random(20160422)
    orders = [list(ids), list(reversed(ids))]
    for _ in range(4):
        shuffled = list(ids)
        rng.shuffle(shuffled)
        orders.append(shuffled)
    out = []
    for order in orders:
        steps = [(i, False) for i in order]
        # the edit in place comes after the first text of its page, anywhere after it
        first = steps.index((EDITED, False))
        steps.insert(rng.randint(first + 1, len(steps)), (EDITED, True))
        out.append(steps)
    return out


ORDERS = _orders()


def _store(tmp_path, steps, deliver=False):
    store = Store.open(tmp_path, channels=CHANNELS)
    delivered: Counter = Counter()
    for report_id, revised in steps:
        store_replica(store, report_id, revised=revised)  # R2018-10 cannot be read: no rows
        if deliver:  # a watcher run after every page: everything pending goes out
            for row in store.db.query(
                    "SELECT c.allegation_key, c.field, c.old_value, c.new_value, n.channel "
                    "FROM notifications n JOIN assessment_changes c ON c.id = n.change_id "
                    "WHERE n.change_kind = 'assessment_change' AND n.status = 'pending'"):
                delivered[tuple(row.values())] += 1
            store.db.execute("UPDATE notifications SET status = 'sent' WHERE status = 'pending'")
            store.db.conn.commit()
    return store, delivered


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    store, _ = _store(tmp_path_factory.mktemp("order-ref"), ORDERS[0])
    yield history(store.db.conn), candidates(store.db.conn)
    store.close()


@pytest.fixture(scope="module")
def reference_history(reference):
    return reference[0]


def test_the_reference_history_holds_the_known_chains(reference_history):
    reference = reference_history
    keys = {c[0] for c in reference}
    assert {"2016-02-02|hama|Syria", "2016-07-18|manbij|Syria", "2016-10-05|qayyarah|Iraq",
            "2016-10-06|shaddadi|Syria", "2015-10-09|kubaysah|Iraq"} <= keys
    # the edit in place sits between the report's first text and the next report
    kub = [c for c in reference if c[0] == "2015-10-09|kubaysah|Iraq" and c[3] == "assessment"]
    assert [(c[1][3], c[2][3], c[4], c[5]) for c in kub] == [(1, 2, "non_credible", "credible")]
    assert (None, "cumulative_civilian_deaths", "1370", "1377") in {(c[0], c[3], c[4], c[5]) for c in reference}


@pytest.mark.parametrize("number", range(1, len(ORDERS)))
def test_any_arrival_order_gives_the_same_history(tmp_path, reference, number):
    store, _ = _store(tmp_path, ORDERS[number])
    try:
        assert (history(store.db.conn), candidates(store.db.conn)) == reference
        # one pending notification per change and channel, none for a superseded state
        ids = [r[0] for r in store.db.execute("SELECT id FROM assessment_changes")]
        queued = store.db.execute("SELECT change_id, channel FROM notifications "
                                  "WHERE change_kind = 'assessment_change'").fetchall()
        assert sorted(queued) == sorted((i, c) for i in ids for c in CHANNELS)
    finally:
        store.close()


def test_delivered_changes_are_not_sent_again_when_an_older_report_arrives(tmp_path, reference_history):
    reference = reference_history
    steps = ORDERS[1]  # newest first: every older report lands before what was sent
    store, delivered = _store(tmp_path, steps, deliver=True)
    try:
        assert history(store.db.conn) == reference
        assert dangling(store.db.conn) == []
        final = Counter((c[0], c[3], c[4], c[5]) for c in reference)
        for (key, field, old, new, _channel), times in delivered.items():
            # a change goes out once per channel (a state superseded after it went out
            # cannot be recalled, but is never sent again)
            assert times == 1, (key, field, old, new)
        sent = Counter(tuple(r.values())[:4] for r in store.db.query(
            "SELECT c.allegation_key, c.field, c.old_value, c.new_value, n.channel FROM notifications n "
            "JOIN assessment_changes c ON c.id = n.change_id WHERE n.channel = 'mail' "
            "AND n.change_kind = 'assessment_change'"))
        assert sent == final  # every change of the history has its one notification
    finally:
        store.close()


def _recorded(store) -> list[tuple[int, tuple]]:
    """The recorded changes as (id, change), in the order they were recorded."""
    return [(row[0], tuple(row[1:])) for row in store.db.execute(
        "SELECT id, allegation_key, from_report_id, to_report_id, field, old_value, new_value"
        " FROM assessment_changes ORDER BY id")]


def test_a_report_that_joins_the_end_is_diffed_alone_and_gives_the_full_history(tmp_path, monkeypatch):
    # Oldest first, as scheduled crawls meet them: each report joins the end of the
    # timeline, so only its own changes are worked out (the whole history never is).
    from crawler.tables import civcas as civcas_reports

    full = civcas_reports.expected_changes
    calls = []
    monkeypatch.setattr(civcas_reports, "expected_changes",
                        lambda *args: calls.append(args) or full(*args))
    store, _ = _store(tmp_path, [(r["id"], False) for r in civcas.reports()])
    try:
        assert calls == []
        rows = _recorded(store)
        assert len(rows) > 20
        # the rows are exactly the history the whole engine works out, in its order
        assert [change for _, change in rows] == full(store.db)
        # an edit in place of an older report is not at the end: the whole history again
        store_replica(store, EDITED, revised=True)
        assert len(calls) == 1
        now = _recorded(store)
        assert [change for _, change in now] != [change for _, change in rows]
        _pairs, left_over, missing = civcas_reports.pair(now, full(store.db))
        assert (left_over, missing) == ([], [])
    finally:
        store.close()
