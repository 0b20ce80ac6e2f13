"""Addresses a crawl must never connect to: every network of the IANA IPv4 and IPv6
special-purpose address registries that is not globally reachable, plus multicast and
the reserved blocks (a page or a DNS answer must not turn the crawler against the
machine it runs on or its network). IPv6 forms that carry an IPv4 address (mapped,
6to4, NAT64, Teredo) are judged by that address. Pure: an address in, a reason or None
out."""

from __future__ import annotations

import ipaddress

_V4 = [(ipaddress.ip_network(n), r) for n, r in (
    ("0.0.0.0/8", "an unspecified address"),          # "this network"
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "an IETF protocol assignment"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.31.196.0/24", "an AS112 address"),
    ("192.52.193.0/24", "an AMT address"),
    ("192.88.99.0/24", "a deprecated 6to4 relay address"),
    ("192.168.0.0/16", "a private address"),
    ("192.175.48.0/24", "an AS112 address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),            # with 255.255.255.255 (broadcast)
)]
_V6 = [(ipaddress.ip_network(n), r) for n, r in (
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "a reserved address"),                  # IPv4-compatible (deprecated)
    ("100::/64", "a discard-only address"),
    ("2001::/23", "an IETF protocol assignment"),     # Teredo's 2001::/32 is judged below
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a segment-routing address"),
    ("fc00::/7", "a private (unique local) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
    ("ff00::/8", "a multicast address"),
)]
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def forbidden_reason(address: str) -> str | None:
    """Why connecting to this IP address is refused, or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None:
            reason = forbidden_reason(str(inner))
            return f"{reason} (inside {ip})" if reason else None
        table = _V6
    else:
        table = _V4
    for network, reason in table:
        if ip in network:
            return reason
    return None


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is of such a form."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]  # the client; the server is public by construction
    if any(ip in n for n in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_ip_literal(host: str) -> bool:
    """True when `host` is an IP address written out, not a name to resolve."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
