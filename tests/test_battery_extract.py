"""Text extraction under limits, over a real crawl of the hostile replica: a brotli bomb, a
PDF drawing one form 100,000 times and a 50 MB page among 100 ordinary pages. The 100
are stored, the three are error rows with their captures kept, peak memory stays under
500 MB, and no extraction worker outlives the crawl (before: the 50 MB page alone held
the crawl for minutes, every later page waiting behind it). A worker that dies fails
only the page it held; a SIGKILLed crawl leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from support.battery import CIVCAS, count, env_for, rows, run_measured, verify

from crawler.reading.pool import WorkerPool
from support import faults, hostile

pytestmark = pytest.mark.battery

CONFIG = f"""
[crawl]
timeout = 60
max_body_bytes = {64 * 1024 * 1024}
extract_workers = 1
extract_timeout = 4
[sources.mixed]
kind = "news_article"
start_urls = ["{faults.ORIGIN}{hostile.MIXED}"]
allowed_domains = ["{faults.HOST}"]
documents = ['^/hostile/(normal/|pdf-bomb|huge-page|br-bomb)']
schedule = "0 0 * * *"
"""
HOSTILE = {hostile.PDF_BOMB: "extract_timeout", hostile.HUGE_PAGE: "extract_too_large",
           "/hostile/br-bomb": "too_large"}


def _marked_processes(mark: str) -> list[int]:
    """Processes whose environment carries `mark` (this test's crawls and their workers)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if mark.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def _settled(mark: str, wait: float = 10.0) -> list[int]:
    deadline = time.monotonic() + wait
    while (left := _marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("extract")
    (root / "mixed.toml").write_text(CONFIG)
    mark = f"CIVCAS_TEST_MARK={uuid.uuid4().hex}"
    env = {**env_for(root), "CIVCAS_TEST_MARK": mark}
    with faults.fault_server() as server:
        started = time.monotonic()
        done, peak = run_measured(
            [CIVCAS, "crawl", "mixed", "--config", str(root / "mixed.toml"), "--delay", "0",
             "--data-dir", str(root / "data"), f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"],
            env, timeout=240)
        took = time.monotonic() - started
    return {"done": done, "peak": peak, "data": root / "data", "took": took,
            "left": _settled(mark)}


def test_the_hundred_pages_are_stored_and_the_three_are_errors(mixed):
    done, data = mixed["done"], mixed["data"]
    assert done.returncode == 0, done.stderr[-3000:]
    stored = rows(data, "SELECT d.url FROM documents d JOIN versions v ON v.id = d.current_version_id")
    assert sorted(u for (u,) in stored) == sorted(
        f"{faults.ORIGIN}{hostile.NORMAL}/{i}" for i in range(1, hostile.MIXED_NORMAL + 1))
    errors = {(u.split(faults.HOST, 1)[1], k)
              for u, k in rows(data, "SELECT url, kind FROM fetch_errors")}
    assert errors == set(HOSTILE.items())
    for path in HOSTILE:  # each one's capture is kept
        assert count(data, "SELECT count(*) FROM captures WHERE url = ? AND status = 200",
                     [faults.ORIGIN + path]) == 1
    assert rows(data, "SELECT status FROM crawl_runs") == [("partial",)]


def test_memory_and_time_stay_bounded(mixed):
    assert mixed["peak"] < 500, mixed["peak"]
    # 4 s for the PDF, nothing for the 50 MB page (trafilatura alone needs minutes)
    assert mixed["took"] < 120, mixed["took"]


def test_no_worker_outlives_the_crawl(mixed):
    assert mixed["left"] == []


def test_a_dead_worker_fails_only_its_own_page():
    pool = WorkerPool(1, 60.0)
    try:
        held = pool.submit((hostile.pdf_bomb(), "application/pdf", "https://x/bomb.pdf", "news_article", "x"))
        after = pool.submit((hostile._article("After", 6), "text/html", "https://x/a", "news_article", "x"))
        deadline = time.monotonic() + 30
        while not held.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # the worker is inside the PDF now
        workers = [int(p) for p in os.listdir("/proc") if p.isdigit() and _child_of(int(p), os.getpid())]
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        assert held.result(timeout=30)[:2] == ("error", "extract")
        assert "died" in held.result()[2]
        status, page, *_ = after.result(timeout=60)
        assert status == "page" and page.title == "After"
    finally:
        pool.shutdown()


def _child_of(pid: int, parent: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"crawler.reading.worker" in cmdline


def test_a_sigkilled_crawl_leaves_no_process_behind(tmp_path):
    (tmp_path / "mixed.toml").write_text(CONFIG.replace("extract_timeout = 4", "extract_timeout = 60"))
    mark = f"CIVCAS_TEST_MARK={uuid.uuid4().hex}"
    env = {**env_for(tmp_path), "CIVCAS_TEST_MARK": mark}
    data = tmp_path / "data"
    with faults.fault_server() as server:
        proc = subprocess.Popen(
            [CIVCAS, "crawl", "mixed", "--config", str(tmp_path / "mixed.toml"), "--delay", "0",
             "--data-dir", str(data), f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while count(data, "SELECT count(*) FROM versions") < 5 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(_marked_processes(mark)) >= 2  # the crawl and its worker
            proc.kill()
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert _settled(mark) == []
        # the run it left `running` is reported by verify, then closed by the next crawl
        assert rows(data, "SELECT status FROM crawl_runs") == [("running",)]
        checked = verify(data, tmp_path)
        assert checked.returncode == 0 and "left running by a process that is gone" in checked.stdout
        again = subprocess.run(
            [CIVCAS, "crawl", "mixed", "--config", str(tmp_path / "mixed.toml"), "--delay", "0",
             "--max-pages", "1", "--data-dir", str(data),
             f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"],
            env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr[-2000:]
    assert rows(data, "SELECT status, close_reason FROM crawl_runs ORDER BY id")[0] == ("failed", "killed")
    assert _settled(mark) == []


def test_sigterm_finishes_within_the_stop_budget_while_a_page_is_extracted(tmp_path):
    # The 50 MB page is handed to trafilatura (limits raised): minutes of work. After a
    # SIGTERM the crawl gives extraction STOP_BUDGET seconds in all, then closes cleanly
    # (before: it waited for the queue, past any grace, then was SIGKILLed).
    from crawler.reading.pool import STOP_BUDGET

    config = CONFIG.replace("extract_timeout = 4", "extract_timeout = 600\nextract_max_html_bytes = 67108864")
    (tmp_path / "mixed.toml").write_text(config)
    mark = f"CIVCAS_TEST_MARK={uuid.uuid4().hex}"
    env = {**env_for(tmp_path), "CIVCAS_TEST_MARK": mark}
    data = tmp_path / "data"
    huge = faults.ORIGIN + hostile.HUGE_PAGE
    with faults.fault_server() as server:
        proc = subprocess.Popen(
            [CIVCAS, "crawl", "mixed", "--config", str(tmp_path / "mixed.toml"), "--delay", "0",
             "--data-dir", str(data), f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while not count(data, "SELECT count(*) FROM captures WHERE url = ?", [huge]):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
            time.sleep(2)  # its extraction has begun
            stopped_at = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=STOP_BUDGET + 60)
            took = time.monotonic() - stopped_at
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, proc.stderr.read()[-2000:]
    assert took < STOP_BUDGET + 15, took
    assert rows(data, "SELECT status, close_reason FROM crawl_runs") == [("partial", "shutdown")]
    errors = dict(rows(data, "SELECT url, kind FROM fetch_errors"))
    assert errors[huge] == "extract_timeout"
    assert count(data, "SELECT count(*) FROM captures WHERE url = ? AND status = 200", [huge]) == 1
    assert verify(data, tmp_path).returncode == 0
    assert _settled(mark) == []
