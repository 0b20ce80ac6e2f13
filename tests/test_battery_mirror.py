"""`--mirror` over a real crawl of the fault replica: links written with the default port
or the other scheme still go to the mirror, a mirror carrying credentials is refused and
the credentials are written nowhere, a mistyped origin is refused before anything is
fetched (before: each of these crawled, or tried to crawl, the live site)."""

from __future__ import annotations

import subprocess

import pytest
from support.battery import CIVCAS, env_for, rows
from support.net import CountingListener
from support import faults


pytestmark = pytest.mark.battery

CONFIG = """
[sources.mirrored]
kind = "news_article"
start_urls = ["https://faults.civcas.test:443/hostile/drip-fast", "http://faults.civcas.test/hostile/invalid-utf8"]
allowed_domains = ["faults.civcas.test"]
documents = ['.']
follow = ['^/nothing$']
schedule = "0 0 * * *"
"""


def _crawl(tmp_path, *mirrors: str) -> subprocess.CompletedProcess:
    config = tmp_path / "mirror.toml"
    config.write_text(CONFIG)
    return subprocess.run(
        [CIVCAS, "crawl", "mirrored", "--config", str(config), "--delay", "0",
         "--data-dir", str(tmp_path / "data"), *[f"--mirror={m}" for m in mirrors]],
        capture_output=True, text=True, env=env_for(tmp_path), timeout=300)


def test_default_ports_and_the_other_scheme_go_to_the_mirror(tmp_path):
    with faults.fault_server() as server:
        done = _crawl(tmp_path, f"{faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}")
    assert done.returncode == 0, done.stderr[-3000:]
    data = tmp_path / "data"
    fetched = dict(rows(data, "SELECT url, fetched_url FROM captures WHERE url LIKE '%/hostile/%'"))
    assert set(fetched) == {"https://faults.civcas.test:443/hostile/drip-fast",
                            "http://faults.civcas.test/hostile/invalid-utf8"}
    assert all(f.startswith(server.base_url) for f in fetched.values()), fetched
    assert rows(data, "SELECT kind FROM fetch_errors WHERE kind IN ('dns', 'connection', 'refused')") == []
    stored = dict(rows(data, "SELECT d.url, v.text FROM documents d "
                             "JOIN versions v ON v.id = d.current_version_id"))
    assert "Slow drip" in stored["https://faults.civcas.test/hostile/drip-fast"]


def test_credentials_in_a_mirror_are_refused_and_written_nowhere(tmp_path):
    listener = CountingListener()
    try:
        done = _crawl(tmp_path, f"{faults.ORIGIN}=http://civuser:s3cr3t-pw@127.0.0.1:{listener.port}/x")
    finally:
        listener.close()
    assert done.returncode == 2
    assert "user name or password" in done.stderr
    assert "s3cr3t" not in done.stdout + done.stderr
    assert listener.accepted == 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"s3cr3t" not in path.read_bytes(), path


def test_a_mirror_origin_no_source_fetches_is_refused(tmp_path):
    listener = CountingListener()
    try:
        done = _crawl(tmp_path, f"https://faults.civcas.tset=http://127.0.0.1:{listener.port}/x")
    finally:
        listener.close()
    assert done.returncode == 2, done.stderr[-2000:]
    assert "https://faults.civcas.tset" in done.stderr and "Traceback" not in done.stderr
    assert listener.accepted == 0
    assert not (tmp_path / "data" / "civcas.db").exists()  # refused before any crawl
