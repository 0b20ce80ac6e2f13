"""One off-site and scheme policy for every request, over a real crawl of the fault
replica: a <meta> refresh and a link off the allowed domains from a start page (which
carries Scrapy's `dont_filter`), ftp:, file: and data: links, a config with no allowed
domain or a start URL outside them. The source is `local` (the address guard lets it
reach loopback), so only the policy stands between the page and the loopback listener:
before, the refresh reached it. No traffic leaves loopback."""

from __future__ import annotations

import subprocess

import pytest
from support.battery import CIVCAS, env_for, rows
from support.net import CountingListener
from support import faults, hostile


pytestmark = pytest.mark.battery


def _config(tmp_path, *start: str, domains: str = '["faults.civcas.test"]'):
    config = tmp_path / "policy.toml"
    config.write_text(f"""
[sources.escapes]
kind = "news_article"
local = true
start_urls = {list(start)!r}
allowed_domains = {domains}
documents = ['.']
schedule = "0 0 * * *"
""")
    return config


def _crawl(tmp_path, config, server=None):
    mirror = [f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"] if server else []
    return subprocess.run(
        [CIVCAS, "crawl", "escapes", "--config", str(config), "--delay", "0",
         "--data-dir", str(tmp_path / "data"), *mirror],
        capture_output=True, text=True, env=env_for(tmp_path), timeout=300)


@pytest.fixture(scope="module")
def escaped(tmp_path_factory):
    root = tmp_path_factory.mktemp("policy")
    listener = CountingListener()
    try:
        with faults.fault_server() as server:
            faults.fault_state(server).entity_url = f"http://127.0.0.1:{listener.port}"
            done = _crawl(root, _config(root, faults.ORIGIN + hostile.ESCAPES,
                                         faults.ORIGIN + hostile.ESCAPE_LINKS), server)
    finally:
        listener.close()
    return {"done": done, "data": root / "data", "port": listener.port,
            "connections": listener.accepted}


def _refused(escaped) -> dict[str, str]:
    return dict(rows(escaped["data"], "SELECT url, message FROM fetch_errors WHERE kind = 'refused'"))


def test_a_meta_refresh_off_site_is_refused(escaped):
    assert escaped["done"].returncode == 0, escaped["done"].stderr[-3000:]
    assert escaped["connections"] == 0  # the listener was never reached
    refused = _refused(escaped)
    meta = f"http://127.0.0.1:{escaped['port']}/meta"
    assert "outside the allowed domains" in refused[meta]


def test_other_schemes_are_refused_and_nothing_is_read(escaped):
    # ftp: to an allowed host is refused with a row; file: and data: have no host, so
    # Scrapy's own off-site filter drops them before the policy sees them (no row).
    refused = _refused(escaped)
    assert "only http and https" in refused["ftp://faults.civcas.test/pub/strikes.txt"]
    captured = [u for (u,) in rows(escaped["data"], "SELECT url FROM captures")]
    assert all(u.startswith("https://faults.civcas.test/") for u in captured), captured
    text = "\n".join(t for (t,) in rows(escaped["data"], "SELECT text FROM versions"))
    assert "inline" not in text


def test_no_allowed_domain_is_a_config_error(tmp_path):
    # Before: accepted, and a file: link was read into a WARC.
    done = _crawl(tmp_path, _config(tmp_path, "file:///etc/hostname", domains="[]"))
    assert done.returncode == 2 and "allowed_domains" in done.stderr
    assert not (tmp_path / "data" / "civcas.db").exists()


@pytest.mark.parametrize("start", ["file:///etc/hostname", "http://127.0.0.1:9/", "data:text/html,x"])
def test_a_start_url_outside_the_policy_is_a_config_error(tmp_path, start):
    done = _crawl(tmp_path, _config(tmp_path, start))
    assert done.returncode == 2 and "start URL" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
