"""What watchers receive from real crawls of the replicas: nothing for a source's first
crawl (the baseline); then one message per changed document carrying its diff and the
assessment changes it caused, each report named by the month it covers the same way in
`civcas changes` and in the message; only the sources and kinds each watcher chose; and
`civcas notify --retry-failed` sends again what was given up."""

from __future__ import annotations

import re

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from support.receivers import HttpReceiver, SmtpSink, free_port

from crawler.replicas import world
from support.replicas import ReplicaServer

SOURCES = ("cjtf-civcas", "sohr-en")
EDITED_REPORT = world.ROUND_CHANGES[2]["edited"][0]  # the Oct 2016 report, revised in place
REMOVED_POST = world.ROUND_CHANGES[2]["removed"][0]  # a SOHR post, deleted (404)


def civcas(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))


def notifications(data: Path) -> list[tuple]:
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute("SELECT channel, change_kind, status FROM notifications").fetchall()


def crawl_rounds(tmp_path: Path, config_text: str, rounds=(1, 2)) -> tuple[Path, Path, list]:
    """Crawl both sources once per round; the config file, the data folder and how many
    notifications were queued after each round."""
    data, config = tmp_path / "data", tmp_path / "civcas.toml"
    config.write_text(config_text)
    queued = []
    with ReplicaServer(round=1) as server:
        for round_ in rounds:
            server.set_round(round_)
            done = civcas("crawl", *SOURCES, "--delay", "0", "--recheck", "all", "--data-dir",
                          str(data), "--config", str(config), *server.mirror_args())
            assert done.returncode == 0, done.stderr[-2000:]
            queued.append(len(notifications(data)))
    return data, config, queued


def notify(data: Path, config: Path, *extra: str) -> subprocess.CompletedProcess:
    return civcas("notify", "--data-dir", str(data), "--config", str(config), *extra)


def test_first_crawl_is_a_silent_baseline_then_one_message_per_changed_document(tmp_path):
    with HttpReceiver() as http:
        data, config, queued = crawl_rounds(
            tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}/in"\n')
        assert queued[0] == 0  # round 1 found 20-odd reports and their history: no news
        result = notify(data, config)
        assert result.returncode == 0, result.stderr
    posts = [p["json"] for p in http.posts]
    documents = {p["change"]["url"].rstrip("/"): p for p in posts
                 if p["change_kind"] == "document_change"}
    assert sorted(documents) == sorted(u.rstrip("/") for u in (EDITED_REPORT, REMOVED_POST))
    # the in-place edit of one report: one message, with its diff and the reassessment
    edited = documents[EDITED_REPORT.rstrip("/")]
    assert [p for p in posts if p["url"] == edited["url"]] == [edited]
    assert "What changed (unified diff):" in edited["text"]
    # the allegation moved to the credible list: an added line of the diff, with the list
    # item's printed number (the text path keeps it)
    assert re.search(r"\n\+\d+\. Oct\. 9, 2015, near Kabaisa, Iraq\.", edited["text"]), edited["text"]
    changes = edited["change"]["assessment_changes"]
    assert len(changes) >= 3
    assert {c["field"] for c in changes} >= {"assessment", "civilians_killed"}
    assert "Report: report of Oct 2016" in edited["text"]
    kubaysah = next(c for c in changes if c["field"] == "assessment")
    assert kubaysah["summary"] == ("Allegation of 9 Oct 2015 near Kubaysah, Iraq: assessment"
                                   " non-credible (report of Oct 2016) -> credible (report of"
                                   " Oct 2016)")
    # `civcas changes` names the same report the same way
    words = civcas("changes", "--data-dir", str(data)).stdout
    assert "near Kubaysah, Iraq: non-credible (report of Oct 2016) -> credible" in words
    # (it came out on 1 Dec 2016: named by publication it would read "report of Dec 2016")
    assert "New monthly report (report of Oct 2016, published 1 Dec 2016)" in words
    # every queued notification went out, in three messages (the edit, the removal, the
    # new Feb 2020 report's figures against the report before it)
    assert len(posts) == 3
    assert {status for _, _, status in notifications(data)} == {"sent"}


def test_a_first_crawl_notifies_when_the_baseline_is_turned_off(tmp_path):
    data, _, queued = crawl_rounds(tmp_path, '[notify]\nbaseline = false\n\n'
                                             '[watchers.feed]\ntype = "atom"\n', rounds=(1,))
    assert queued[0] > 0
    assert {kind for _, kind, _ in notifications(data)} == {"assessment_change"}


def test_watchers_get_only_the_sources_and_kinds_they_chose(tmp_path):
    with HttpReceiver() as http, SmtpSink() as smtp:
        data, config, _ = crawl_rounds(tmp_path, f"""
[watchers.removals]
type = "webhook"
url = "{http.url}/removals"
kinds = ["removed"]

[watchers.desk]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
from = "civcas@example.org"
to = "desk@example.org"
sources = ["cjtf-civcas"]
kinds = ["edited", "assessment"]
""")
        result = notify(data, config)
        assert result.returncode == 0, result.stderr
    (removal,) = [p["json"] for p in http.posts]
    assert removal["change"]["change"] == "removed"
    assert removal["url"].rstrip("/") == REMOVED_POST.rstrip("/")
    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert len(subjects) == 2  # the edited report (with its reassessment), the new report
    assert any(s.startswith("[civcas] Edited on cjtf-civcas") for s in subjects)
    assert not any("sohr" in s.lower() or "Removed" in s for s in subjects)
    channels = {channel for channel, _, _ in notifications(data)}
    assert channels == {"removals", "desk"}


def test_retry_failed_sends_what_was_given_up(tmp_path):
    port = free_port()
    hook = (f'[watchers.hook]\ntype = "webhook"\nurl = "http://127.0.0.1:{port}/in"\n'
            "max_attempts = 1\n")
    data, config, _ = crawl_rounds(tmp_path, hook)
    for _ in range(3):  # nobody listens on the port: each message given up at its try
        down = notify(data, config)
        assert down.returncode == 1 and "given up" in down.stdout
    given_up = len(notifications(data))
    assert {status for _, _, status in notifications(data)} == {"failed"}
    with HttpReceiver(port=port) as http:
        assert notify(data, config).returncode == 0
        assert http.posts == []  # given up stays given up
        again = notify(data, config, "--retry-failed")
        assert again.returncode == 0, again.stderr
    assert f"{given_up} given-up notifications queued again." in again.stdout
    assert len(http.posts) == 3
    assert {status for _, _, status in notifications(data)} == {"sent"}
    assert {p["json"]["channel"] for p in http.posts} == {"hook"}
