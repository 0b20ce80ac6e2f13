"""The cycle-collector tuning of a crawl process (crawler/runtime/gctune.py)."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.runtime import gctune


@pytest.fixture
def fresh_collector(monkeypatch):
    """The process's collector as Python left it, put back after the test."""
    before = gc.get_threshold()
    monkeypatch.setattr(gctune, "_done", False)
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_engine_start_freezes_the_heap_once_and_spaces_collections(fresh_collector):
    crawler = get_crawler(settings_dict={})
    tuning = gctune.GcTuning.from_crawler(crawler)
    start_up = [object() for _ in range(10)]  # objects alive when the engine starts
    tuning.engine_started()
    frozen = gc.get_freeze_count()
    assert frozen > len(start_up)
    assert gc.get_threshold() == gctune.THRESHOLDS
    # a second source's crawler in the same process does not freeze what the first
    # crawl has made since
    made_since = [[] for _ in range(1000)]
    gctune.GcTuning.from_crawler(get_crawler(settings_dict={})).engine_started()
    assert gc.get_freeze_count() == frozen
    assert made_since and start_up


def test_it_can_be_switched_off():
    with pytest.raises(NotConfigured):
        gctune.GcTuning.from_crawler(get_crawler(settings_dict={"CIVCAS_GC_TUNING": False}))


def test_a_real_crawl_runs_with_the_collector_tuned(tmp_path):
    import os
    import subprocess
    import sys

    from support.replicas import ReplicaServer

    data = tmp_path / "data"
    with ReplicaServer(round=1) as server:
        done = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "syriadirect", "--delay", "0",
             "--data-dir", str(data), *server.mirror_args()],
            capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    log = "".join(p.read_text() for p in (data / "logs").glob("crawl-*.log"))
    line = next(line for line in log.splitlines() if "cycle collector:" in line)
    frozen = int(line.split("cycle collector: ")[1].split()[0])
    assert frozen > 100_000  # Scrapy, Twisted, lxml and trafilatura are loaded by then
    assert str(gctune.THRESHOLDS) in line
