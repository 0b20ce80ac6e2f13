"""Requests that must never be made: private, loopback and link-local addresses for a
source that is not local, and redirects off the source's allowed domains. The tests
assert the refusal and never send traffic to such addresses (the loopback listener
below counts connections: it must see none)."""

from __future__ import annotations


import pytest

from crawler.net.guard import forbidden_reason
from support.commands import civcas, query
from support.net import CountingListener
from support import faults

pytestmark = pytest.mark.battery


@pytest.mark.parametrize(
    "address, reason",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        # From the IANA special-purpose registries (before: let through)
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("198.18.0.1", "benchmarking"),
        ("192.0.0.8", "IETF"),
        ("fec0::1", "site-local"),
        ("2002:7f00:1::1", "loopback"),        # 6to4 of 127.0.0.1
        ("2002:a00:1::1", "private"),          # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo client 127.0.0.1
        ("fd00::1", "unique local"),
        ("2001:db8::1", "documentation"),
        ("255.255.255.255", "reserved"),
    ],
)
def test_special_addresses_are_named(address, reason):
    assert reason in forbidden_reason(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2a00:1450::1", "not-an-ip", "2002:808:808::1",
                                     "64:ff9b::808:808", "100.128.0.1"])
def test_public_addresses_pass(address):
    assert forbidden_reason(address) is None


def source_config(tmp_path, url: str, host: str, local: bool = False):
    config = tmp_path / "guard.toml"
    config.write_text(
        f"""
[crawl]
timeout = 3
[sources.intranet]
kind = "news_article"
start_urls = ["{url}"]
allowed_domains = ["{host}"]
documents = ['.']
schedule = "0 0 * * *"
local = {"true" if local else "false"}
"""
    )
    return config


def test_a_name_resolving_to_loopback_is_refused_before_connecting(tmp_path):
    listener = CountingListener()
    try:
        config = source_config(tmp_path, f"http://localhost:{listener.port}/", "localhost")
        result = civcas("crawl", "intranet", "--config", str(config), "--delay", "0", "--data-dir", str(tmp_path))
    finally:
        listener.close()
    assert listener.accepted == 0
    assert result.returncode == 1  # nothing could be fetched
    rows = query(tmp_path, "SELECT url, kind, message FROM fetch_errors")
    assert (f"http://localhost:{listener.port}/", "refused") in [(u, k) for u, k, _ in rows]
    assert any("loopback" in m for _, _, m in rows)
    assert f"http://localhost:{listener.port}/" in result.stderr


def test_a_link_local_literal_is_refused(tmp_path):
    config = source_config(tmp_path, "http://169.254.169.254/latest/meta-data/", "169.254.169.254")
    civcas("crawl", "intranet", "--config", str(config), "--delay", "0", "--data-dir", str(tmp_path))
    rows = query(tmp_path, "SELECT kind, message FROM fetch_errors WHERE url LIKE 'http://169.254.169.254/latest%'")
    assert rows and rows[0][0] == "refused" and "link-local" in rows[0][1]


def test_a_source_marked_local_may_connect(tmp_path):
    # The same crawl as above, allowed: proves the guard, not something else, refused it.
    listener = CountingListener()
    try:
        config = source_config(tmp_path, f"http://localhost:{listener.port}/", "localhost", local=True)
        result = civcas("crawl", "intranet", "--config", str(config), "--delay", "0", "--data-dir", str(tmp_path))
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    assert listener.accepted >= 1
    assert query(tmp_path, "SELECT COUNT(*) FROM fetch_errors WHERE kind = 'refused'")[0][0] == 0


def test_a_redirect_off_the_allowed_domains_is_refused(tmp_path):
    config = tmp_path / "faults.toml"
    config.write_text(
        """
[crawl]
timeout = 3
[sources.faults]
kind = "news_article"
start_urls = ["https://faults.civcas.test/redirect-offsite"]
allowed_domains = ["faults.civcas.test"]
documents = ['.']
schedule = "0 0 * * *"
"""
    )
    with faults.fault_server() as server:
        mirror = f"--mirror={faults.ORIGIN}={server.mirrors()[faults.ORIGIN]}"
        result = civcas("crawl", "faults", "--config", str(config), "--delay", "0",
                        "--data-dir", str(tmp_path), mirror)
        requested = list(server.requests)
    rows = query(tmp_path, "SELECT url, kind, message FROM fetch_errors")
    assert [(u, k) for u, k, _ in rows] == [(faults.ORIGIN + "/redirect-offsite", "refused")]
    assert faults.OFFSITE_TARGET in rows[0][2]
    assert not any("elsewhere" in str(r) for r in requested)
    assert "refused" in result.stderr


def test_a_browser_sub_request_to_a_loopback_name_is_refused_before_connecting():
    # Before: chromium's sub-requests were fetched by crawler/runtime/browser.py with no guard.
    from crawler.runtime.browser import fetch_exchange

    listener = CountingListener()
    try:
        with pytest.raises(ConnectionRefusedError, match="loopback"):
            fetch_exchange(f"http://localhost:{listener.port}/pixel.png", "GET", [], b"", 5, 1000,
                           guard=True)
        assert listener.accepted == 0
        # the same request to a mirror (named by the user) is not guarded
        exchange = fetch_exchange(f"http://127.0.0.1:{listener.port}/x", "GET", [], b"", 5, 1000)
        assert exchange.status == 200
    finally:
        listener.close()
