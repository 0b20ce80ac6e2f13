"""Helpers for the archive tests: real crawls of the replica world in subprocesses, and
derived rows compared without their ids."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from support.replicas import ReplicaServer

BIN = Path(sys.executable).parent


def env(home: Path) -> dict:
    return {**os.environ, "HOME": str(home), "CIVCAS_DATA_DIR": str(home / "unused")}


def civcas(home: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "civcas"), *args], capture_output=True, text=True,
                          env=env(home), timeout=timeout)


def crawl_rounds(root: Path, rounds: tuple[int, ...]) -> Path:
    """Crawl every source once per round given (the replica switched between crawls);
    return the data folder."""
    data = root / "data"
    with ReplicaServer(round=rounds[0]) as server:
        mirrors = server.mirror_args()
        for number in rounds:
            server.set_round(number)
            # Crawls come seconds apart: every known page is re-fetched, not only the due ones.
            done = civcas(root, "crawl", "--all", "--delay", "0", "--recheck", "all",
                          "--data-dir", str(data), *mirrors)
            assert done.returncode == 0, done.stdout + done.stderr
    return data


def _resolver(conn: sqlite3.Connection):
    """Natural keys standing in for ids: a document is its URL, a version its document,
    capture and content hash, a change its document, kind and time."""
    docs = dict(conn.execute("SELECT id, url FROM documents"))
    versions = {vid: (docs.get(did), cap, sha) for vid, did, cap, sha in
                conn.execute("SELECT id, document_id, capture_id, content_sha256 FROM versions")}
    changes = {cid: (docs.get(did), kind, at) for cid, did, kind, at in
               conn.execute("SELECT id, document_id, kind, detected_at FROM document_changes")}
    return {"document": docs, "version": versions, "change": changes}


def rows_without_ids(conn: sqlite3.Connection, table: str) -> list[tuple]:
    """Every row of `table`, its own id dropped and ids of documents, versions and changes
    replaced by their natural keys; sorted."""
    keys = _resolver(conn)
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    out = []
    for row in conn.execute(f"SELECT * FROM [{table}]"):
        values = []
        for name, value in zip(columns, row, strict=True):
            if name == "id":
                continue
            if name.endswith("version_id"):
                value = ("version", keys["version"].get(value))
            elif name.endswith("document_id"):
                value = ("document", keys["document"].get(value))
            elif name.endswith("change_id") and table != "notifications":
                value = ("change", keys["change"].get(value))
            values.append((name, value))
        out.append(tuple(values))
    return sorted(out, key=repr)
