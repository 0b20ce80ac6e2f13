"""The commands that a new user runs first, run for real in subprocesses."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request

from crawler.replicas import world


def civcas(*args, timeout=300, **kw):
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
        timeout=timeout, **kw,
    )


def test_demo_crawls_two_rounds_and_reports(tmp_path):
    # The folder named with --data-dir is the demo's data folder, not a parent of it.
    demo_dir = tmp_path / "demo"
    result = civcas("demo", "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "Round 1" in out and "Round 2" in out
    declared = world.ROUND_CHANGES[2]
    assert f"Changes found in round 2: {len(declared['edited']) + len(declared['removed'])}" in out
    for kind in ("edited", "removed"):
        for url in world.ROUND_CHANGES[2][kind]:
            assert url.rstrip("/") in out
    assert f"New documents in round 2: {len(declared['added'])}" in out
    assert not list(demo_dir.glob("demo-*"))
    # what the parsers read is reported, with the store's own counts
    import sqlite3

    with sqlite3.connect(demo_dir / "civcas.db") as db:
        for table, words in (("strikes", "strike lines"), ("allegations", "allegations"),
                             ("claims", "casualty claims")):
            count = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            assert count > 0 and re.search(rf"^\s+{count}\s+{words}", out, re.M), table
        bad = db.execute("SELECT COUNT(DISTINCT c.version_id) FROM parse_checks c JOIN documents d ON "
                         "d.id = c.document_id AND d.current_version_id = c.version_id WHERE c.status != 'ok'"
                         ).fetchone()[0]
        assert bad > 0 and re.search(rf"^\s+{bad}\s+parsed pages whose rows do not reconcile", out, re.M)
    assert "near Kubaysah, Iraq: non-credible" in out
    assert f"Store:  {demo_dir / 'civcas.db'}" in out
    # the report's next commands work as printed
    changes = civcas("changes", "--data-dir", str(demo_dir), "--format", "json")
    assert changes.returncode == 0
    rows = json.loads(changes.stdout)
    documents = [r for r in rows if r["type"] == "document_change"]
    assert sorted(r["kind"] for r in documents) == sorted(
        ["edited"] * len(declared["edited"]) + ["removed"] * len(declared["removed"]))
    assert all(r["diff"].startswith("---") for r in documents)
    # the edited report's reassessment is an assessment change
    assert any(r["type"] == "assessment_change" and r["fields"].get("assessment") ==
               {"old": "non_credible", "new": "credible"} for r in rows)
    text = civcas("changes", "--data-dir", str(demo_dir))
    assert "EDITED" in text.stdout and "REMOVED" in text.stdout
    later = civcas("changes", "--data-dir", str(demo_dir), "--since", "2999-01-01")
    assert later.stdout.strip() == "No changes."
    verify = civcas("verify", "--data-dir", str(demo_dir))
    assert verify.returncode == 0, verify.stdout
    again = civcas("demo", "--data-dir", str(demo_dir))
    assert again.returncode == 2 and "already holds a civcas store" in again.stderr


def test_export_refuses_a_source_never_crawled(tmp_path):
    from archive.store import Store

    Store.open(tmp_path).close()
    result = civcas("export", "documents", "--source", "nosuch", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "no crawl of source nosuch in the store" in result.stderr


def test_replicas_command_serves_and_prints_mirrors():
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "replicas", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = proc.stdout.readline()
        base = re.search(r"on (http://127\.0\.0\.1:\d+)", first).group(1)
        mirrors = proc.stdout.readline() + proc.stdout.readline()
        assert f"--mirror https://airwars.org={base}/airwars.org" in mirrors
        with urllib.request.urlopen(f"{base}/snhr.org/robots.txt", timeout=5) as r:
            assert r.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    assert proc.returncode == 0


def test_scrapy_crawl_runs_a_civcas_crawl(tmp_path):
    import sqlite3

    from support.replicas import ReplicaServer

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scrapy = [sys.executable, "-m", "scrapy.cmdline"]
    with ReplicaServer(round=1) as server:
        mirror = f"https://www.syriahr.com={server.mirrors()['https://www.syriahr.com']}"
        done = subprocess.run(
            [*scrapy, "crawl", "site", "-a", "source=sohr-en", "-a", f"data_dir={tmp_path}",
             "-a", "delay=0", "-a", f"mirror={mirror}"],
            cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(tmp_path / "civcas.db") as db:
        assert db.execute("SELECT COUNT(*) FROM documents WHERE source = 'sohr-en'").fetchone()[0] > 0
    refused = subprocess.run([*scrapy, "crawl", "site"], cwd=root, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2 and "-a source=NAME" in refused.stderr + refused.stdout
    assert "Traceback" not in refused.stderr
    settings = subprocess.run([*scrapy, "settings", "--get", "BOT_NAME"], cwd=root,
                              capture_output=True, text=True, timeout=60)
    assert settings.stdout.strip() == "civcas"


def test_a_mirror_on_a_dead_port_is_named_in_one_line_not_a_traceback(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = civcas("crawl", "sohr-en", "--data-dir", str(tmp_path), "--delay", "0",
                  "--mirror", f"https://www.syriahr.com=http://127.0.0.1:{port}/")
    assert done.returncode == 1  # the source failed: nothing could be fetched
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "Connection was refused" in done.stderr
    assert re.search(r"sohr-en\s+failed", done.stdout)
