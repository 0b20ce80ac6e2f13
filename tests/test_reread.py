"""The same archived bytes read into other text (civcas's text extraction changed, e.g.
after an upgrade) is no edit of the page: the change is recorded as `reread`, with its
diff, and no watcher is told. A real edit of the page is still `edited`."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from support.captures import crawl, rows

from support.replicas import ReplicaServer


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "watch.toml"
    path.write_text('[notify]\nbaseline = false\n\n[watchers.feed]\ntype = "atom"\n')
    return path


def _as_an_older_civcas_read_it(data: Path) -> int:
    """Rewrite the stored texts as another extraction would have given them."""
    with sqlite3.connect(data / "civcas.db") as db:
        versions = db.execute("SELECT id, text FROM versions").fetchall()
        for version_id, text in versions:
            older = text.replace("\n", " \n") + "\n(read by an older text path)"
            digest = "sha256:" + hashlib.sha256(older.encode()).hexdigest()
            db.execute("UPDATE versions SET text = ?, content_sha256 = ? WHERE id = ?",
                       [older, digest, version_id])
    return len(versions)


def test_the_same_bytes_read_another_way_are_reread_not_edited(tmp_path):
    data, config = tmp_path / "data", _config(tmp_path)
    with ReplicaServer(round=1) as server:
        first = crawl(server, data, "sohr-en", config=config)
        assert first.returncode == 0, first.stderr[-2000:]
        assert _as_an_older_civcas_read_it(data) > 0
        again = crawl(server, data, "sohr-en", config=config)
        assert again.returncode == 0, again.stderr[-2000:]
    changes = rows(data, """
        SELECT c.kind, (SELECT COUNT(*) FROM notifications n
                         WHERE n.change_kind = 'document_change' AND n.change_id = c.id) AS told,
               c.diff
        FROM document_changes c""")
    assert changes, "the texts differ, so each page got a new version and a change row"
    assert {c["kind"] for c in changes} == {"reread"}
    assert sum(c["told"] for c in changes) == 0
    assert all("read by an older text path" in c["diff"] for c in changes)
