"""`civcas reextract --source cjtf-civcas` after a real two-round crawl with watchers:
the assessment changes come back with the same meaning, every notification follows its
change to the rebuilt row (delivered ones stay delivered, none is queued again) and none
is left naming a row that no longer exists."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from support.archives import civcas
from support.civcas_history import dangling, history, report_names
from support.replicas import ReplicaServer

WATCHERS = """
[watchers.feed]
type = "atom"

[watchers.hook]
type = "webhook"
url = "http://127.0.0.1:9/in"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("civcas-rebuild")
    config = root / "watchers.toml"
    config.write_text(WATCHERS)
    data = root / "data"
    with ReplicaServer(round=1) as server:
        mirrors = server.mirror_args()
        for number in (1, 2):
            server.set_round(number)
            done = civcas(root, "crawl", "cjtf-civcas", "--delay", "0", "--data-dir", str(data),
                          "--config", str(config), *mirrors)
            assert done.returncode == 0, done.stdout + done.stderr
    return root, config, data


def notified(conn) -> list[tuple]:
    """(change as meant, channel, status, sent_at) of every assessment notification."""
    names = report_names(conn)
    rows = conn.execute(
        "SELECT c.allegation_key, c.from_report_id, c.to_report_id, c.field, c.old_value, c.new_value,"
        " n.channel, n.status, n.sent_at FROM notifications n JOIN assessment_changes c"
        " ON c.id = n.change_id WHERE n.change_kind = 'assessment_change'")
    return sorted(((k, names.get(f), names.get(t), fld, o, nw, ch, st, at)
                   for k, f, t, fld, o, nw, ch, st, at in rows), key=repr)


@pytest.mark.parametrize("renumbered", [False, True])
def test_notifications_follow_the_rebuilt_changes(crawled, tmp_path, renumbered):
    root, config, crawled_data = crawled
    data = tmp_path / "data"
    shutil.copytree(crawled_data, data)
    with sqlite3.connect(data / "civcas.db") as db:
        ids = [i for (i,) in db.execute("SELECT id FROM assessment_changes ORDER BY id")]
        assert len(ids) > 20
        # a watcher already delivered some of them
        # (a crawl queues one message per changed report, so there may be few of them: the
        # first is always among those delivered)
        db.execute("UPDATE notifications SET status = 'sent', sent_at = '2020-04-02T00:00:00Z', "
                   "attempts = 1 WHERE change_kind = 'assessment_change' AND (change_id % 3 = 0 OR id = "
                   "(SELECT MIN(id) FROM notifications WHERE change_kind = 'assessment_change'))")
        if renumbered:  # a store whose rows were written in another order than a replay's
            db.execute("UPDATE assessment_changes SET id = id + 1000")
            db.execute("UPDATE notifications SET change_id = change_id + 1000 "
                       "WHERE change_kind = 'assessment_change'")
        before, changes_before = notified(db), history(db)
        count = db.execute("SELECT COUNT(*) FROM notifications").fetchone()[0]
    assert before and any(row[7] == "sent" for row in before)
    done = civcas(root, "reextract", "--source", "cjtf-civcas", "--data-dir", str(data),
                  "--config", str(config), "--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(data / "civcas.db") as db:
        assert history(db) == changes_before
        assert dangling(db) == []
        assert notified(db) == before  # same change, channel, status and delivery time
        assert db.execute("SELECT COUNT(*) FROM notifications").fetchone()[0] == count
        if renumbered:  # the rebuilt rows have other ids: the notifications moved with them
            assert db.execute("SELECT MAX(id) FROM assessment_changes").fetchone()[0] < 1000
