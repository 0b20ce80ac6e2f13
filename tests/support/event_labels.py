"""The hand-labelled accounts of tests/data/event_labels.json, found in a crawled store,
and event membership scored against them (pairwise precision and recall).

A pair of labelled accounts is *together* in the labels when both carry the same event
name. Two rows of one labelled account (an allegation listed again in a later report, a
strike line in two releases) are one account: that pair is not scored. it is *predicted* together when some event holds a row of each. Precision: of the
pairs predicted together, how many the labels put together; recall: of the pairs the
labels put together, how many were predicted together.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "data" / "event_labels.json"


def load_labels() -> list[dict]:
    return json.loads(LABELS.read_text("utf-8"))["accounts"]


def _rows(db: sqlite3.Connection, label: dict) -> list[tuple[str, int]]:
    """The (table, row id) pairs a label names in this store."""
    kind = label["kind"]
    if kind in ("claim", "statement"):
        table = "claims" if kind == "claim" else "statements"
        sql = (f"SELECT t.id FROM {table} t JOIN documents d ON d.id = t.document_id "
               "WHERE instr(d.url, ?) > 0 AND instr(t.quote, ?) > 0")
        params = [label["url_has"], label["quote_has"]]
        if "killed" in label:
            sql += " AND (t.killed_min = ? OR t.killed_max = ?)"
            params += [label["killed"], label["killed"]]
        return [(table, r[0]) for r in db.execute(sql, params)]
    if kind == "strike":
        sql = ("SELECT s.id FROM strikes s JOIN strike_releases r ON r.id = s.release_id "
               "JOIN documents d ON d.id = r.document_id WHERE d.source = ? AND s.strike_date = ? "
               "AND s.place = ? AND s.strikes = ?")
        return [("strikes", r[0]) for r in db.execute(
            sql, [label["source"], label["date"], label["place"], label["strikes"]])]
    if kind == "allegation":
        return [("allegations", r[0]) for r in db.execute(
            "SELECT id FROM allegations WHERE allegation_key = ?", [label["allegation_key"]])]
    if kind == "incident":
        return [("incidents", r[0]) for r in db.execute("SELECT id FROM incidents WHERE code = ?", [label["code"]])]
    raise ValueError(f"unknown label kind {kind}")


def found_labels(db_path: Path) -> tuple[list[tuple[dict, list[tuple[str, int]]]], list[dict]]:
    """Each label with its rows in the store; and the labels no row answers."""
    db = sqlite3.connect(db_path)
    try:
        pairs = [(label, _rows(db, label)) for label in load_labels()]
    finally:
        db.close()
    return [(lab, rows) for lab, rows in pairs if rows], [lab for lab, rows in pairs if not rows]


def score(groups: dict[tuple[str, int], set], found: list[tuple[dict, list[tuple[str, int]]]]) -> dict:
    """Pairwise precision and recall of a grouping: `groups` maps a row (table, id) to the
    set of group ids holding it."""
    units = []  # one unit per labelled row
    for index, (label, rows) in enumerate(found):
        for row in rows:
            units.append((label.get("event"), groups.get(row, set()), row, index))
    tp = fp = fn = 0
    wrong, missed = [], []
    for (ev_a, gr_a, row_a, label_a), (ev_b, gr_b, row_b, label_b) in itertools.combinations(units, 2):
        if label_a == label_b:
            continue
        truth = ev_a is not None and ev_a == ev_b
        predicted = bool(gr_a & gr_b)
        if truth and predicted:
            tp += 1
        elif predicted:
            fp += 1
            wrong.append((row_a, row_b))
        elif truth:
            fn += 1
            missed.append((row_a, row_b))
    return {
        "rows": len(units), "pairs_true": tp + fn, "pairs_predicted": tp + fp,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "wrong": wrong, "missed": missed,
    }


def event_groups(db_path: Path) -> dict[tuple[str, int], set]:
    db = sqlite3.connect(db_path)
    try:
        groups: dict[tuple[str, int], set] = defaultdict(set)
        for event_id, table, row_id in db.execute("SELECT event_id, member_table, row_id FROM event_members"):
            groups[(table, row_id)].add(event_id)
        return groups
    finally:
        db.close()


KIND_TABLE = {"strike": "strikes", "allegation": "allegations", "incident": "incidents", "claim": "claims"}


def single_linkage_groups(db_path: Path) -> dict[tuple[str, int], set]:
    """Connected components of `incident_links`: what grouping the pairwise links alone
    (single linkage) would give, to measure chaining."""
    db = sqlite3.connect(db_path)
    try:
        links = db.execute("SELECT left_kind, left_id, right_kind, right_id FROM incident_links").fetchall()
    finally:
        db.close()
    parent: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk, li, rk, ri in links:
        a, b = (KIND_TABLE[lk], li), (KIND_TABLE[rk], ri)
        parent[root(a)] = root(b)
    return {node: {root(node)} for node in list(parent)}
