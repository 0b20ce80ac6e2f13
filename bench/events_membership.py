"""Event membership measured on the hand-labelled accounts (tests/data/event_labels.json).

    .venv/bin/python bench/events_membership.py             # crawl the replica world (round 1)
    .venv/bin/python bench/events_membership.py DATA_DIR    # a store already crawled

Runs `civcas link` (incident links, then events) and prints pairwise precision and recall
of the events against the labels, beside the same figures for single linkage over
`incident_links` (connected components), which shows how much transitive chaining glues
separate events; and the widest events in days and kilometres.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The hand labels and their scoring are the tests' (tests/support/event_labels.py), not
# part of the installed package: the one path a bench adds.
sys.path.insert(0, str(ROOT / "tests"))

from support.event_labels import event_groups, found_labels, score, single_linkage_groups  # noqa: E402


def crawl_replicas(data: Path) -> None:
    from crawler.replicas.server import ReplicaServer

    with ReplicaServer(round=1) as server:
        subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--all", "--delay", "0", "--recheck", "all",
                        "--data-dir", str(data), *server.mirror_args()], check=True, capture_output=True)


def report(data: Path) -> dict:
    subprocess.run([sys.executable, "-m", "crawler.cli", "link", "--data-dir", str(data)], check=True)
    db_path = data / "civcas.db"
    found, absent = found_labels(db_path)
    events = score(event_groups(db_path), found)
    single = score(single_linkage_groups(db_path), found)
    print(f"labelled accounts found: {len(found)} ({events['rows']} rows); not in this store: {len(absent)}")
    for name, s in (("events (complete linkage)", events), ("incident_links, single linkage", single)):
        print(f"{name:32s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"(pairs true {s['pairs_true']}, predicted {s['pairs_predicted']})")
    with sqlite3.connect(db_path) as db:
        widest = db.execute(
            "SELECT id, title, julianday(last_date) - julianday(first_date), "
            "(SELECT MAX(distance_km) FROM event_members m WHERE m.event_id = e.id AND m.joined = 'anchor'), members "
            "FROM events e ORDER BY 3 DESC, 4 DESC LIMIT 3").fetchall()
    for event_id, title, days, km, members in widest:
        print(f"widest: event {event_id} {title}: {days:.0f} days,"
              f" anchors {km or 0:.1f} km apart at most, {members} members")
    for a, b in events["wrong"][:10]:
        print("  wrongly together:", a, b)
    for a, b in events["missed"][:10]:
        print("  wrongly apart:", a, b)
    return events


if __name__ == "__main__":
    if len(sys.argv) > 1:
        report(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            crawl_replicas(Path(tmp))
            report(Path(tmp))
