"""Machine faults: the disk filling up during a crawl, and readers (Datasette, the
scheduler) open on the store while a crawl writes to it."""

from __future__ import annotations

import resource
import signal
import sys
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from support.battery import (CIVCAS, count, env_for, every_capture_reads_back, rows, verify,
                             warc_fingerprints, warcio_reads_every_record)
from support.net import free_port

from support.replicas import ReplicaServer

pytestmark = pytest.mark.battery



def _file_size_limit(limit: int):
    """preexec_fn of a child whose files may not grow past `limit` bytes: what a full
    disk looks like to it (EFBIG; SIGXFSZ ignored so Python sees the error)."""
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


# -- disk full --------------------------------------------------------------------------


def test_a_full_disk_stops_the_crawl_clearly_and_damages_nothing(tmp_path):
    data, env = tmp_path / "data", env_for(tmp_path)
    with ReplicaServer(round=1) as server:
        first = subprocess.run([CIVCAS, "crawl", "snhr", "--delay", "0", "--data-dir", str(data),
                                *server.mirror_args()], capture_output=True, text=True, env=env, timeout=300)
        assert first.returncode == 0, first.stderr[-3000:]
        before = warc_fingerprints(data)
        captures_before = count(data, "SELECT count(*) FROM captures")
        biggest = max(p.stat().st_size for p in data.rglob("*") if p.is_file())
        # Room for the files as they are and a little more: the next crawl runs out.
        limit = biggest + 96 * 1024
        full = subprocess.run(
            [CIVCAS, "crawl", "sohr-en", "sohr-ar", "--delay", "0", "--data-dir", str(data),
             *server.mirror_args()], capture_output=True, text=True, env=env, timeout=300,
            preexec_fn=_file_size_limit(limit))
        assert full.returncode == 1, (full.stdout, full.stderr[-3000:])
        errors = [line for line in full.stderr.splitlines() if "disk full" in line.lower()]
        assert len(errors) == 1, full.stderr[-3000:]  # one clear line
        assert "Traceback" not in full.stderr
        runs = rows(data, "SELECT source, status, close_reason FROM crawl_runs ORDER BY id")
        assert runs[0][:2] == ("snhr", "ok")
        cut = [r for r in runs[1:] if r[1] != "ok"]
        assert cut and all(s == "failed" and why == "disk_full" for _, s, why in cut), runs
        print(errors[0])
        # Nothing archived before is damaged, and what the full disk let through is whole.
        after = warc_fingerprints(data)
        assert {name: after[name] for name in before} == before
        assert count(data, "SELECT count(*) FROM captures") >= captures_before
        warcio_reads_every_record(data)
        every_capture_reads_back(data)
        checked = verify(data, tmp_path)
        assert checked.returncode == 0, checked.stdout
        # With space again, the next crawl works.
        again = subprocess.run([CIVCAS, "crawl", "sohr-en", "sohr-ar", "--delay", "0",
                                "--data-dir", str(data), *server.mirror_args()],
                               capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    last = rows(data, "SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 2")
    assert [s for (s,) in last] == ["ok", "ok"]
    checked = verify(data, tmp_path)
    assert checked.returncode == 0, checked.stdout


# -- readers while a crawl writes -------------------------------------------------------

QUERIES = (
    "/civcas.json?sql=select+count(*)+from+captures",
    "/civcas/captures.json?_size=20&_sort_desc=id",
    "/civcas/documents.json?_size=20",
    "/civcas/fetch_errors.json?_size=20",
)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_datasette_and_the_scheduler_read_while_a_crawl_writes(tmp_path):
    data, env = tmp_path / "data", env_for(tmp_path)
    slow = tmp_path / "slow.toml"
    slow.write_text("[crawl]\ndelay = 0.02\n")
    with ReplicaServer(round=1) as server:
        seed = subprocess.run([CIVCAS, "crawl", "snhr", "--delay", "0", "--data-dir", str(data),
                               *server.mirror_args()], capture_output=True, text=True, env=env, timeout=300)
        assert seed.returncode == 0, seed.stderr[-3000:]
        port = free_port()
        serve = subprocess.Popen([CIVCAS, "serve", "--data-dir", str(data), "--port", str(port)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        schedule = subprocess.Popen(
            [CIVCAS, "schedule", "syriadirect", "--every", "1", "--jitter", "0", "--delay", "0",
             "--data-dir", str(data), *server.mirror_args()],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        base = f"http://127.0.0.1:{port}"
        answers: list[tuple[int, str]] = []
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
                    time.sleep(0.2)
            crawl = subprocess.Popen(
                [CIVCAS, "crawl", "airwars", "sohr-en", "sohr-ar", "--config", str(slow),
                 "--data-dir", str(data), *server.mirror_args()],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            while crawl.poll() is None:
                for query in QUERIES:
                    answers.append(_get(base + query))
            crawl_out, crawl_err = crawl.communicate(timeout=60)
        finally:
            schedule.send_signal(signal.SIGTERM)
            sched_out, sched_err = schedule.communicate(timeout=120)
            serve.terminate()
            serve_out, serve_err = serve.communicate(timeout=30)
    logs = "".join(p.read_text(errors="replace") for p in (data / "logs").glob("*.log"))
    everything = crawl_out + crawl_err + sched_out + sched_err + serve_err + logs
    everything += "".join(body for _, body in answers)
    assert "database is locked" not in everything
    assert "Traceback" not in crawl_err + sched_err + serve_err
    assert crawl.returncode == 0, crawl_err[-3000:]
    assert len(answers) >= 20 and {status for status, _ in answers} == {200}
    scheduled = rows(data, "SELECT status, close_reason FROM crawl_runs "
                           "WHERE source = 'syriadirect' ORDER BY id")
    # The scheduler's SIGTERM at the end may stop the last run, even one still starting
    # up (before Scrapy's signal handlers are in place): it ends `partial`, never killed.
    # Every run before it finished normally while the other crawl wrote.
    assert scheduled and {s for s, _ in scheduled[:-1]} <= {"ok"}, (scheduled, sched_err)
    assert scheduled[-1] in (("ok", "finished"), ("partial", "shutdown"))
    during = rows(data, "SELECT source, status FROM crawl_runs WHERE source IN "
                        "('airwars', 'sohr-en', 'sohr-ar')")
    assert sorted(during) == [("airwars", "ok"), ("sohr-ar", "ok"), ("sohr-en", "ok")]


_WRITE_UNTIL_FULL = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
from archive.warc import WarcWriter
writer = WarcWriter(Path(sys.argv[1]), prefix="full")
written = 0
try:
    while True:
        writer.write_resource("urn:test:%d" % written, "application/octet-stream", os.urandom(7000),
                              concurrent_to=None, began_at=datetime.now(UTC))
        written += 1
except OSError as exc:
    print(written, exc.errno)
"""


def test_a_warc_file_that_hits_the_limit_is_cut_back_to_whole_records(tmp_path):
    # Random bytes do not compress: the file reaches the limit in the middle of a record.
    done = subprocess.run([sys.executable, "-c", _WRITE_UNTIL_FULL, str(tmp_path / "warcs")],
                          capture_output=True, text=True, timeout=60,
                          preexec_fn=_file_size_limit(100_000))
    assert done.returncode == 0, done.stderr
    written, err = map(int, done.stdout.split())
    assert err == 27 and written >= 10  # EFBIG
    (warc,) = (tmp_path / "warcs").glob("full-*.warc.gz")
    assert warc.stat().st_size < 100_000
    assert warcio_reads_every_record(tmp_path) == written + 1  # and the warcinfo record


# -- a stop request while the crawl is starting -----------------------------------------


def test_sigterm_while_the_crawl_starts_ends_its_run_partial_not_killed(tmp_path):
    """The run row exists from the moment the crawl opens its session, before Scrapy has
    installed its signal handlers: a SIGTERM sent as soon as that row appears must still
    give a graceful stop (exit 0, run `partial`/`shutdown`, WARC readable, verify clean)."""
    data = tmp_path / "data"
    with ReplicaServer(round=1) as server:
        crawl = subprocess.Popen(
            [CIVCAS, "crawl", "snhr", "--delay", "0", "--data-dir", str(data), *server.mirror_args()],
            env=env_for(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and crawl.poll() is None:
            try:
                if rows(data, "SELECT id FROM crawl_runs"):
                    break
            except Exception:  # the store is not created yet
                pass
            time.sleep(0.01)
        crawl.send_signal(signal.SIGTERM)
        out, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, err[-3000:]
    assert rows(data, "SELECT status, close_reason FROM crawl_runs") == [("partial", "shutdown")]
    warcio_reads_every_record(data)
    assert verify(data, tmp_path).returncode == 0
